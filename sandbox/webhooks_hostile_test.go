package sandbox_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

// Findings of the outside check "hostile23" (issue 23): hostile input and
// misbehaving receivers against the webhooks.

// TestHostileRetriesStopWhenTheSettingGoes: a delivery waiting for its
// retry when the app's settings are saved without its URL (cleared, or set
// to another URL) is not sent to the old URL again: rule H06, only URLs in
// the app's settings are called. It ends as disabled, not sent.
func TestHostileRetriesStopWhenTheSettingGoes(t *testing.T) {
	t.Parallel()
	for name, next := range map[string]func(rcURL string) map[string]any{
		"cleared": func(string) map[string]any { return map[string]any{} },
		"moved": func(u string) map[string]any {
			return map[string]any{"unlink": map[string]any{"url": u + "/new", "method": "POST"}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, func(*http.Request, int) int { return http.StatusInternalServerError })
			sb := hooksSandbox(t, func(c *sandbox.Config) { c.WebhookRetryDelay = 400 * time.Millisecond })
			setUnlinkHook(t, sb, rc.URL+"/old", "POST")
			id := kakaoUnlink(t, sb, hana, "ACCOUNT_DELETE").Deliveries[0]
			require.Eventually(t, func() bool { return len(rc.requests("/old")) == 1 }, 5*time.Second, 5*time.Millisecond)
			r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp), Body: next(rc.URL)})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			assert.Equal(t, "disabled", ended(t, sb, id).Outcome)
			time.Sleep(600 * time.Millisecond) // past the retry's time
			assert.Len(t, rc.requests("/old"), 1, "the old URL is no longer the app's: never called again")
			assert.Empty(t, rc.requests("/new"), "a delivery goes to the URL it was queued for, or nowhere")
			// The first call may still have been in flight when the settings
			// were saved: it is logged once it comes back, and only it.
			require.Eventually(t, func() bool { return len(ended(t, sb, id).Attempts) == 1 }, 5*time.Second, 10*time.Millisecond)
			assert.Equal(t, "disabled", ended(t, sb, id).Outcome, "the outcome stands")
		})
	}
}

// TestHostileQueuedDeliveriesStopWhenDisabled: once a webhook is disabled
// after failures, the deliveries of it still waiting for a retry are not
// sent either ("a disabled webhook's deliveries are logged as disabled and
// not sent", docs/webhooks.md).
func TestHostileQueuedDeliveriesStopWhenDisabled(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(*http.Request, int) int { return http.StatusInternalServerError })
	sb := hooksSandbox(t, func(c *sandbox.Config) {
		c.WebhookAttempts = 2
		c.WebhookRetryDelay = 300 * time.Millisecond
		c.WebhookDisableAfter = new(1)
	})
	setUnlinkHook(t, sb, rc.URL+"/down", "POST")
	first := kakaoUnlink(t, sb, hana, "ACCOUNT_DELETE").Deliveries[0]
	require.Eventually(t, func() bool { return len(rc.requests("/down")) == 1 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(150 * time.Millisecond)                                // so the second's retry falls due after the first's
	second := kakaoUnlink(t, sb, min, "ACCOUNT_DELETE").Deliveries[0] // queued before the webhook is disabled
	require.Eventually(t, func() bool { return len(rc.requests("/down")) == 2 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, "failed", ended(t, sb, first).Outcome) // its second attempt disables the webhook
	assert.Equal(t, "disabled", ended(t, sb, second).Outcome)
	time.Sleep(500 * time.Millisecond) // past the second's retry time
	// Its first call may come back after the webhook was disabled: it is
	// logged then, and no other follows.
	require.Eventually(t, func() bool { return len(ended(t, sb, second).Attempts) == 1 }, 5*time.Second, 10*time.Millisecond,
		"no attempt after the webhook was disabled")
	assert.Len(t, rc.requests("/down"), 3)
}

// TestHostileSettingsRefusedShortly: a huge event name is refused by its
// length, not repeated whole in the error; a port out of range and a URL
// with a space are refused as Kakao's console would, and nothing is stored.
func TestHostileSettingsRefusedShortly(t *testing.T) {
	t.Parallel()
	sb := hooksSandbox(t, nil)
	path := fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp)
	for field, body := range map[string]map[string]any{
		"body.accountStatus.events[0]": {"accountStatus": map[string]any{"url": "http://127.0.0.1:1/s", "events": []string{strings.Repeat("x", 100_000)}}},
		"webhooks.unlink.url":          {"unlink": map[string]any{"url": "http://127.0.0.1:99999/u", "method": "GET"}},
		"webhooks.channel.url":         {"channel": map[string]any{"url": "http://127.0.0.1:1/c?q=<img src=x>"}},
	} {
		msg := kakaoError(t, sb.Do(req{Method: "PUT", Path: path, Body: body}), 400, -2, 0)
		contains(t, msg, field)
		assert.Less(t, len(msg), 1000, "%s: the error does not repeat the input whole", field)
	}
	r := sb.Do(req{Method: "GET", Path: path})
	assert.JSONEq(t, `{"appId":1,"disabled":[]}`, string(r.Body), "nothing stored")
}
