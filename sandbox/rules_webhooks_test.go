package sandbox_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// hooksFixture: one app with an admin key, and two users linked to it by a
// Kakao Login token each (app 1; users 1 hana and 2 min).
var hooksFixture = []byte(`
users:
  - {key: hana, name: 한아, identityVerified: true}
  - {key: min, name: 민수, identityVerified: true}
  - {key: so, name: 소연, identityVerified: true}
apps:
  - key: hooks
    name: Hooks App
    restApiKey: hooks-rest-key
    adminKey: hooks-admin-key
    redirectUris: ["http://localhost:4000/cb"]
tokens:
  - {token: hana-login-token, user: hana, app: hooks, type: login}
  - {token: min-login-token, user: min, app: hooks, type: login}
  - {token: so-login-token, user: so, app: hooks, type: login}
`)

const hooksApp, hana, min, so = 1, 1, 2, 3

// received is one request a receiver got, read whole.
type received struct {
	Method, Path string
	Query        url.Values
	Header       http.Header
	Body         string
}

// receiver is an app's webhook endpoint on loopback: it records every
// request and answers with answer (200 when nil).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	answer func(r *http.Request, n int) int // n: the requests to this path before this one
}

func newReceiver(t *testing.T, answer func(r *http.Request, n int) int) *receiver {
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := 0
		for _, g := range rc.got {
			if g.Path == r.URL.Path {
				n++
			}
		}
		rc.got = append(rc.got, received{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), string(body)})
		rc.mu.Unlock()
		status := http.StatusOK
		if rc.answer != nil {
			status = rc.answer(r, n)
		}
		if status >= 300 && status < 400 {
			w.Header().Set("Location", rc.URL+"/followed")
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// requests are what the receiver got on path so far.
func (rc *receiver) requests(path string) []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []received
	for _, g := range rc.got {
		if g.Path == path {
			out = append(out, g)
		}
	}
	return out
}

// hooksSandbox is a sandbox on hooksFixture whose sender retries fast.
func hooksSandbox(t *testing.T, set func(c *sandbox.Config)) *sandboxtest.Sandbox {
	t.Helper()
	return sandboxtest.New(t, sandboxtest.WithFixtures(hooksFixture), func(c *sandbox.Config) {
		c.WebhookRetryDelay = 20 * time.Millisecond
		if set != nil {
			set(c)
		}
	})
}

func setUnlinkHook(t *testing.T, sb *sandboxtest.Sandbox, u, method string) {
	t.Helper()
	r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp), Body: map[string]any{"unlink": map[string]any{"url": u, "method": method}}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
}

type unlinked struct {
	Deliveries []int64 `json:"deliveries"`
}

func kakaoUnlink(t *testing.T, sb *sandboxtest.Sandbox, user int, referrer string) unlinked {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/unlink", user), Body: map[string]any{"appId": hooksApp, "referrerType": referrer}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out unlinked
	r.Decode(t, &out)
	return out
}

type delivery struct {
	ID      int64  `json:"id"`
	AppID   int64  `json:"appId"`
	Kind    string `json:"kind"`
	Cause   string `json:"cause"`
	Outcome string `json:"outcome"`
	Request struct {
		Method string            `json:"method"`
		URL    string            `json:"url"`
		Header map[string]string `json:"header"`
		Body   string            `json:"body"`
	} `json:"request"`
	Attempts []struct {
		Status int    `json:"status"`
		Error  string `json:"error"`
	} `json:"attempts"`
}

func deliveries(t *testing.T, sb *sandboxtest.Sandbox, query string) []delivery {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/webhooks/deliveries" + query})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out struct {
		Deliveries []delivery `json:"deliveries"`
	}
	r.Decode(t, &out)
	return out.Deliveries
}

// ended waits (at most 5 s) for delivery id to leave the queue.
func ended(t *testing.T, sb *sandboxtest.Sandbox, id int64) delivery {
	t.Helper()
	var d delivery
	require.Eventually(t, func() bool {
		for _, x := range deliveries(t, sb, "") {
			if x.ID == id {
				d = x
			}
		}
		return d.Outcome != "" && d.Outcome != "queued"
	}, 5*time.Second, 10*time.Millisecond, "delivery %d stays queued", id)
	return d
}

func rulesWebhooks(t *testing.T) {
	t.Run("H02_kakao_side_unlink_sends_the_unlink_webhook", h02KakaoSideUnlink)
	t.Run("H02_an_unlink_the_app_calls_sends_none", h02AppUnlinkSendsNone)
	t.Run("H05_success_is_the_status_kakao_requires", h05SuccessIsTheStatusKakaoRequires)
	t.Run("H05_failing_webhooks_are_disabled_until_saved", h05FailingWebhooksAreDisabled)
	t.Run("H05_tests_neither_disable_nor_are_disabled", h05TestsNeitherDisableNorAreDisabled)
	t.Run("H06_queued_with_its_cause_and_only_to_settings_urls", h06QueuedWithItsCause)
	t.Run("H06_a_slow_receiver_never_slows_the_trigger", h06SlowReceiver)
	t.Run("H06_the_log_masks_the_admin_key", h06LogMasksTheAdminKey)
}

// h02KakaoSideUnlink: GET with the query, then POST with a form, each with
// app_id, user_id, referrer_type and the primary admin key; the connection
// and its tokens are gone; a user no longer linked is -101.
func h02KakaoSideUnlink(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, nil)
	sb := hooksSandbox(t, nil)
	me := req{Method: "GET", Path: "/v2/user/me", Token: "hana-login-token"}
	require.Equal(t, 200, sb.Do(me).Status)

	setUnlinkHook(t, sb, rc.URL+"/kakao/unlink?secret=s1", "GET")
	out := kakaoUnlink(t, sb, hana, "ACCOUNT_DELETE")
	require.Len(t, out.Deliveries, 1)
	assert.Equal(t, "delivered", ended(t, sb, out.Deliveries[0]).Outcome)
	got := rc.requests("/kakao/unlink")
	require.Len(t, got, 1)
	assert.Equal(t, "GET", got[0].Method)
	assert.Equal(t, url.Values{"app_id": {"1"}, "user_id": {"1"}, "referrer_type": {"ACCOUNT_DELETE"}, "secret": {"s1"}}, got[0].Query)
	assert.Equal(t, "KakaoAK hooks-admin-key", got[0].Header.Get("Authorization"))
	assert.Empty(t, got[0].Body)

	kakaoError(t, sb.Do(me), 401, -401, 0) // the token went with the connection
	r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/unlink", hana), Body: map[string]any{"appId": hooksApp, "referrerType": "ACCOUNT_DELETE"}})
	contains(t, kakaoError(t, r, 400, -101, 0), "not linked")

	setUnlinkHook(t, sb, rc.URL+"/kakao/unlink-post", "POST")
	out = kakaoUnlink(t, sb, min, "UNLINK_FROM_APPS")
	require.Len(t, out.Deliveries, 1)
	assert.Equal(t, "delivered", ended(t, sb, out.Deliveries[0]).Outcome)
	got = rc.requests("/kakao/unlink-post")
	require.Len(t, got, 1)
	assert.Equal(t, "POST", got[0].Method)
	assert.Equal(t, "application/x-www-form-urlencoded;charset=utf-8", got[0].Header.Get("Content-Type"))
	form, err := url.ParseQuery(got[0].Body)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"app_id": {"1"}, "user_id": {"2"}, "referrer_type": {"UNLINK_FROM_APPS"}}, form)
	assert.Equal(t, "KakaoAK hooks-admin-key", got[0].Header.Get("Authorization"))
	kakaoError(t, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: "min-login-token"}), 401, -401, 0)

	// The console's test tool sends a sample and changes nothing.
	r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/apps/%d/webhook-test", hooksApp), Body: map[string]any{"kind": "unlink", "userId": so}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var test struct {
		Sent       bool  `json:"sent"`
		DeliveryID int64 `json:"deliveryId"`
	}
	r.Decode(t, &test)
	require.True(t, test.Sent)
	assert.Equal(t, "delivered", ended(t, sb, test.DeliveryID).Outcome)
	got = rc.requests("/kakao/unlink-post")
	require.Len(t, got, 2)
	assert.Equal(t, "3", must(url.ParseQuery(got[1].Body)).Get("user_id"))
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: "so-login-token"}).Status, "a test unlinks nobody")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// h02AppUnlinkSendsNone: POST /v1/user/unlink with the user's token unlinks
// and queues nothing, as on Kakao.
func h02AppUnlinkSendsNone(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, nil)
	sb := hooksSandbox(t, nil)
	setUnlinkHook(t, sb, rc.URL+"/unlink", "POST")
	r := sb.Do(req{Method: "POST", Path: "/v1/user/unlink", Token: "hana-login-token"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	kakaoError(t, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: "hana-login-token"}), 401, -401, 0)
	assert.Empty(t, deliveries(t, sb, ""), "the app's own unlink is queued nowhere, so nothing can be sent later")
	assert.Empty(t, rc.requests("/unlink"))
}

// h05SuccessIsTheStatusKakaoRequires: 200 is delivered; 204 for the unlink
// webhook, a redirect (not followed) and no answer within the timeout are
// failures; a failure then a 200 is delivered on the retry.
func h05SuccessIsTheStatusKakaoRequires(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	rc := newReceiver(t, func(r *http.Request, n int) int {
		switch r.URL.Path {
		case "/no-content":
			return http.StatusNoContent
		case "/moved":
			return http.StatusFound
		case "/slow":
			select { // far beyond the timeout; the test's end lets it go
			case <-release:
			case <-r.Context().Done():
			}
		case "/flaky":
			if n == 0 {
				return http.StatusInternalServerError
			}
		}
		return http.StatusOK
	})
	sb := hooksSandbox(t, func(c *sandbox.Config) {
		c.WebhookAttempts = 2
		c.WebhookTimeout = time.Second // room for a loaded machine's answers; /slow never answers
	})
	users := []int{hana, min, so}
	for i, step := range []struct {
		path, outcome string
		statuses      []int
		err           string
	}{
		{"/ok", "delivered", []int{200}, ""},
		{"/no-content", "failed", []int{204, 204}, "status 204 is not what Kakao requires"},
		{"/moved", "failed", []int{302, 302}, "status 302"},
	} {
		setUnlinkHook(t, sb, rc.URL+step.path, "POST")
		d := ended(t, sb, kakaoUnlink(t, sb, users[i], "UNLINK_FROM_APPS").Deliveries[0])
		assert.Equal(t, step.outcome, d.Outcome, step.path)
		var statuses []int
		for _, a := range d.Attempts {
			statuses = append(statuses, a.Status)
			if step.err != "" {
				assert.Contains(t, a.Error, step.err)
			}
		}
		assert.Equal(t, step.statuses, statuses, step.path)
	}
	assert.Empty(t, rc.requests("/followed"), "a redirect is never followed")

	// The slow and the flaky receivers: sample events through the test tool
	// (every user is unlinked by now, so link one again with a token).
	sb.MintToken(sandboxtest.TokenParams{User: "hana", App: "hooks", Type: "login"})
	test := func() int64 {
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/apps/%d/webhook-test", hooksApp), Body: map[string]any{"kind": "unlink", "userId": hana}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var out struct {
			DeliveryID int64 `json:"deliveryId"`
		}
		r.Decode(t, &out)
		return out.DeliveryID
	}
	setUnlinkHook(t, sb, rc.URL+"/slow", "POST")
	d := ended(t, sb, test())
	assert.Equal(t, "failed", d.Outcome)
	require.Len(t, d.Attempts, 2)
	assert.Equal(t, 0, d.Attempts[0].Status)
	assert.Contains(t, d.Attempts[0].Error, "no answer within 1s")

	setUnlinkHook(t, sb, rc.URL+"/flaky", "POST")
	d = ended(t, sb, test())
	assert.Equal(t, "delivered", d.Outcome)
	require.Len(t, d.Attempts, 2)
	assert.Equal(t, 500, d.Attempts[0].Status)
	assert.Equal(t, 200, d.Attempts[1].Status)
	assert.Empty(t, d.Attempts[1].Error)
}

// h05FailingWebhooksAreDisabled: after --webhook-disable-after failed
// deliveries in a row the webhook is disabled (nothing sent) until its
// settings are saved again.
func h05FailingWebhooksAreDisabled(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(*http.Request, int) int { return http.StatusInternalServerError })
	sb := hooksSandbox(t, func(c *sandbox.Config) {
		c.WebhookAttempts = 1
		c.WebhookDisableAfter = new(2)
	})
	setUnlinkHook(t, sb, rc.URL+"/down", "GET")
	for _, u := range []int{hana, min} {
		assert.Equal(t, "failed", ended(t, sb, kakaoUnlink(t, sb, u, "ACCOUNT_DELETE").Deliveries[0]).Outcome)
	}
	get := func() map[string]any {
		r := sb.Do(req{Method: "GET", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp)})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		return r.JSON(t)
	}
	assert.Equal(t, []any{"unlink"}, get()["disabled"])
	id := kakaoUnlink(t, sb, so, "ACCOUNT_DELETE").Deliveries[0]
	d := ended(t, sb, id)
	assert.Equal(t, "disabled", d.Outcome)
	assert.Empty(t, d.Attempts)
	assert.Len(t, rc.requests("/down"), 2, "a disabled webhook is not called")

	setUnlinkHook(t, sb, rc.URL+"/down", "GET")
	assert.Equal(t, []any{}, get()["disabled"], "saving the settings enables it again")
}

// h05TestsNeitherDisableNorAreDisabled: the console's test tool rehearses a
// receiver: its failures do not count towards disabling the webhook, and a
// disabled webhook still gets its samples.
func h05TestsNeitherDisableNorAreDisabled(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(*http.Request, int) int { return http.StatusInternalServerError })
	sb := hooksSandbox(t, func(c *sandbox.Config) {
		c.WebhookAttempts = 1
		c.WebhookDisableAfter = new(2)
	})
	setUnlinkHook(t, sb, rc.URL+"/down", "GET")
	test := func() delivery {
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/apps/%d/webhook-test", hooksApp), Body: map[string]any{"kind": "unlink", "userId": so}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		return ended(t, sb, int64(r.JSON(t)["deliveryId"].(float64)))
	}
	for range 3 {
		assert.Equal(t, "failed", test().Outcome)
	}
	disabled := func() any {
		r := sb.Do(req{Method: "GET", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp)})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		return r.JSON(t)["disabled"]
	}
	assert.Equal(t, []any{}, disabled(), "three failed tests disable nothing")
	for _, u := range []int{hana, min} {
		ended(t, sb, kakaoUnlink(t, sb, u, "ACCOUNT_DELETE").Deliveries[0])
	}
	assert.Equal(t, []any{"unlink"}, disabled(), "two real failures do")
	d := test()
	assert.Equal(t, "failed", d.Outcome, "a disabled webhook still gets the tool's sample")
	assert.Len(t, d.Attempts, 1)
}

// h06QueuedWithItsCause: a cause that fails queues nothing; settings Kakao's
// console refuses are -2 naming the field and change nothing; a delivery
// goes exactly to the URL in the settings.
func h06QueuedWithItsCause(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, nil)
	sb := hooksSandbox(t, nil)
	setUnlinkHook(t, sb, rc.URL+"/hook", "POST")

	r := sb.Do(req{Method: "POST", Path: "/_sandbox/users/99/unlink", Body: map[string]any{"appId": hooksApp, "referrerType": "ACCOUNT_DELETE"}})
	kakaoError(t, r, 404, -2, 0)
	r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/unlink", hana), Body: map[string]any{"appId": hooksApp, "referrerType": "BORED"}})
	contains(t, kakaoError(t, r, 400, -2, 0), "referrerType")
	assert.Empty(t, deliveries(t, sb, ""), "a refused unlink queues nothing")
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: "hana-login-token"}).Status, "and unlinks nobody")

	for field, body := range map[string]map[string]any{
		"webhooks.unlink.url":           {"unlink": map[string]any{"url": "ftp://127.0.0.1/x", "method": "GET"}},
		"webhooks.accountStatus.url":    {"unlink": map[string]any{"url": rc.URL + "/other", "method": "GET"}, "accountStatus": map[string]any{"url": "/relative", "events": []string{}}},
		"webhooks.accountStatus.events": {"accountStatus": map[string]any{"url": rc.URL + "/sse", "events": []string{"user-unlinked", "user-exploded"}}},
		"body.unlink.method":            {"unlink": map[string]any{"url": rc.URL + "/other", "method": "PUT"}},
		"colour":                        {"channel": map[string]any{"url": rc.URL + "/ch", "colour": "red"}},
	} {
		r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp), Body: body})
		contains(t, kakaoError(t, r, 400, -2, 0), field)
	}
	r = sb.Do(req{Method: "GET", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp)})
	assert.JSONEq(t, fmt.Sprintf(`{"appId":1,"unlink":{"url":%q,"method":"POST"},"disabled":[]}`, rc.URL+"/hook"), string(r.Body), "nothing half-stored")

	id := kakaoUnlink(t, sb, hana, "UNLINK_FROM_ADMIN").Deliveries[0]
	d := ended(t, sb, id)
	assert.Equal(t, rc.URL+"/hook", d.Request.URL)
	assert.Len(t, rc.requests("/hook"), 1)
	rc.mu.Lock()
	assert.Len(t, rc.got, 1, "only the settings' URL is called")
	rc.mu.Unlock()

	// Fixtures set webhooks as the console does, and are refused alike.
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: "apps: [{key: bad, name: Bad, restApiKey: bad-key, webhooks: {channel: {url: 'ftp://x/'}}}]\n",
		Header: map[string]string{"Content-Type": "application/yaml"}})
	contains(t, kakaoError(t, r, 400, -2, 0), "webhooks.channel.url")
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: fmt.Sprintf("apps: [{key: good, id: 2, name: Good, restApiKey: good-key, webhooks: {unlink: {url: '%s/good', method: GET}}}]\n", rc.URL),
		Header: map[string]string{"Content-Type": "application/yaml"}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	r = sb.Do(req{Method: "GET", Path: "/_sandbox/apps/2/webhooks"})
	assert.JSONEq(t, fmt.Sprintf(`{"appId":2,"unlink":{"url":%q,"method":"GET"},"disabled":[]}`, rc.URL+"/good"), string(r.Body))

	// Without an unlink webhook, an unlink queues nothing and a test previews.
	require.Equal(t, 200, sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", hooksApp), Body: map[string]any{}}).Status)
	assert.Empty(t, kakaoUnlink(t, sb, min, "UNLINK_FROM_APPS").Deliveries)
	r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/apps/%d/webhook-test", hooksApp), Body: map[string]any{"kind": "unlink", "userId": so}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	m := r.JSON(t)
	assert.Equal(t, false, m["sent"])
	assert.NotContains(t, m, "deliveryId")
	assert.Len(t, deliveries(t, sb, ""), 1)
}

// h06SlowReceiver: the trigger answers while the receiver still holds the
// delivery: measured by the order of events, not by timing.
func h06SlowReceiver(t *testing.T) {
	t.Parallel()
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	rc := newReceiver(t, func(r *http.Request, _ int) int {
		arrived <- struct{}{}
		<-release
		return http.StatusOK
	})
	sb := hooksSandbox(t, func(c *sandbox.Config) { c.WebhookTimeout = time.Minute })
	setUnlinkHook(t, sb, rc.URL+"/held", "GET")
	out := kakaoUnlink(t, sb, hana, "ACCOUNT_DELETE") // answered: the receiver has not answered yet
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the delivery never arrived")
	}
	d := deliveries(t, sb, "?outcome=queued")
	require.Len(t, d, 1, "the delivery is still in flight")
	assert.Equal(t, out.Deliveries[0], d[0].ID)
	close(release)
	assert.Equal(t, "delivered", ended(t, sb, out.Deliveries[0]).Outcome)
}

// h06LogMasksTheAdminKey: the log, the test tool's preview, the dashboard
// and /metrics show each delivery, never the admin key.
func h06LogMasksTheAdminKey(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, nil)
	sb := hooksSandbox(t, nil)
	setUnlinkHook(t, sb, rc.URL+"/hook", "POST")
	id := kakaoUnlink(t, sb, hana, "FORCED_ACCOUNT_DELETE").Deliveries[0]
	ended(t, sb, id)
	r := sb.Do(req{Method: "GET", Path: fmt.Sprintf("/_sandbox/webhooks/deliveries?appId=%d&kind=unlink&outcome=delivered", hooksApp)})
	require.Equal(t, 200, r.Status)
	assert.NotContains(t, string(r.Body), "hooks-admin-key")
	var log struct {
		Deliveries []delivery `json:"deliveries"`
	}
	r.Decode(t, &log)
	require.Len(t, log.Deliveries, 1)
	d := log.Deliveries[0]
	assert.Equal(t, "KakaoAK ***", d.Request.Header["Authorization"])
	assert.Equal(t, "unlink of user 1 (FORCED_ACCOUNT_DELETE)", d.Cause)
	assert.Equal(t, "app_id=1&referrer_type=FORCED_ACCOUNT_DELETE&user_id=1", d.Request.Body)
	assert.Equal(t, "KakaoAK hooks-admin-key", rc.requests("/hook")[0].Header.Get("Authorization"), "the app gets the key itself")
	assert.Empty(t, deliveries(t, sb, "?outcome=failed"))
	assert.Empty(t, deliveries(t, sb, "?kind=channel"))
	assert.Empty(t, deliveries(t, sb, "?appId=2"))

	r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/apps/%d/webhook-test", hooksApp), Body: map[string]any{"kind": "unlink", "userId": min}})
	require.Equal(t, 200, r.Status)
	assert.NotContains(t, string(r.Body), "hooks-admin-key")
	ended(t, sb, int64(r.JSON(t)["deliveryId"].(float64)))

	page := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/webhooks?kind=unlink"})
	require.Equal(t, 200, page.Status)
	contains(t, string(page.Body), "unlink of user 1 (FORCED_ACCOUNT_DELETE)", "KakaoAK ***", "delivered")
	assert.NotContains(t, string(page.Body), "hooks-admin-key")

	m := sb.Do(req{Method: "GET", Path: "/metrics"})
	require.Equal(t, 200, m.Status)
	contains(t, string(m.Body), `kakao_sandbox_webhook_deliveries_total{kind="unlink",outcome="delivered"} 2`,
		`kakao_sandbox_webhook_deliveries_total{kind="unlink",outcome="queued"} 2`)
}
