package sandbox_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The shipped webhook scenarios (docs/webhooks.md "Scenarios"), run from
// TestShippedScenarios: each activated globally, then one event triggered.

// evScenario is the events data with the scenario active and a receiver.
func evScenario(t *testing.T, name string) (*sandboxtest.Sandbox, *evReceiver, int64, int64) {
	t.Helper()
	rcv := newEvReceiver(t, http.StatusAccepted)
	sb, user, app, _ := evSandbox(t, rcv.URL, rcv.URL)
	sb.ActivateScenario(name, sandboxtest.ScenarioScope{})
	return sb, rcv, user, app
}

// evProfileChanged triggers a subscribed account event; it answers the
// deliveries queued.
func evProfileChanged(t *testing.T, sb *sandboxtest.Sandbox, user, app int64) []any {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
		Body: map[string]any{"appId": app, "event": "user-profile-changed"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)["deliveries"].([]any)
}

func scenarioWebhookUnsigned(t *testing.T) {
	t.Parallel()
	sb, rcv, user, app := evScenario(t, "webhook-unsigned-set")
	require.Len(t, evProfileChanged(t, sb, user, app), 1)
	body := rcv.next(t).Body
	assert.Equal(t, `{"alg":"none","typ":"secevent+jwt"}`, jwtPart(t, body, 0))
	assert.True(t, strings.HasSuffix(body, "."), "no signature")
	_, err := jose.ParseSignedCompact(body, []jose.SignatureAlgorithm{jose.RS256})
	assert.Error(t, err, "a verifier that takes RS256 only refuses it")
	assert.Equal(t, evRestKey, evClaims(t, body).Aud, "the claims are the real event's")
}

func scenarioWebhookBadSignature(t *testing.T) {
	t.Parallel()
	sb, rcv, user, app := evScenario(t, "webhook-bad-signature")
	evProfileChanged(t, sb, user, app)
	body := rcv.next(t).Body
	var jwks jose.JSONWebKeySet
	sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Decode(t, &jwks)
	jws, err := jose.ParseSignedCompact(body, []jose.SignatureAlgorithm{jose.RS256})
	require.NoError(t, err, "it parses")
	keys := jwks.Key(jws.Signatures[0].Header.KeyID)
	require.Len(t, keys, 1, "its kid is the JWKS's")
	_, err = jws.Verify(keys[0])
	assert.Error(t, err, "and the signature does not verify")
}

func scenarioWebhookMalformed(t *testing.T) {
	t.Parallel()
	sb, rcv, user, app := evScenario(t, "webhook-malformed-set")
	evProfileChanged(t, sb, user, app)
	body := rcv.next(t).Body
	assert.Less(t, strings.Count(body, "."), 2, "not three parts: %s", body)
	_, err := jose.ParseSignedCompact(body, []jose.SignatureAlgorithm{jose.RS256})
	assert.Error(t, err)
}

func scenarioWebhookReplayedJTI(t *testing.T) {
	t.Parallel()
	sb, rcv, user, app := evScenario(t, "webhook-replayed-jti")
	require.Len(t, evProfileChanged(t, sb, user, app), 2)
	a, _ := evVerify(t, sb, rcv.next(t).Body)
	b, _ := evVerify(t, sb, rcv.next(t).Body)
	assert.Equal(t, a.Jti, b.Jti, "both verify, with one jti")
}

func scenarioWebhookWrongAdminKey(t *testing.T) {
	t.Parallel()
	sb, rcv, user, app := evScenario(t, "webhook-wrong-admin-key")
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/channels/ev-ch/friends", Body: map[string]any{"userId": user, "event": "added"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	h := rcv.next(t)
	assert.Equal(t, "KakaoAK sandbox-wrong-admin-key", h.Header.Get("Authorization"))
	assert.Contains(t, h.Body, `"event":"added"`, "the body is the real event's")

	// The account-status webhook too: its SET is still the real one.
	require.Len(t, evProfileChanged(t, sb, user, app), 1)
	h = rcv.next(t)
	assert.Equal(t, "application/secevent+jwt", h.Header.Get("Content-Type"))
	assert.Equal(t, "KakaoAK sandbox-wrong-admin-key", h.Header.Get("Authorization"))
	evVerify(t, sb, h.Body)

	// The unlink webhook too.
	r = sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", app), Body: map[string]any{
		"unlink": map[string]any{"url": rcv.URL + "/unlink", "method": "POST"}}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/unlink", user),
		Body: map[string]any{"appId": app, "referrerType": "UNLINK_FROM_APPS"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	h = rcv.next(t)
	assert.Equal(t, "/unlink", h.Path)
	assert.Equal(t, "KakaoAK sandbox-wrong-admin-key", h.Header.Get("Authorization"))
	assert.Contains(t, h.Body, "referrer_type=UNLINK_FROM_APPS")
}

func scenarioWebhookDuplicateBurst(t *testing.T) {
	t.Parallel()
	sb, rcv, user, _ := evScenario(t, "webhook-duplicate-burst")
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/channels/ev-ch/friends", Body: map[string]any{"userId": user, "event": "blocked"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Len(t, r.JSON(t)["deliveries"], 4)
	first := rcv.next(t)
	for range 3 {
		h := rcv.next(t)
		assert.Equal(t, first.Body, h.Body)
		assert.Equal(t, first.Header.Get("X-Kakao-Resource-ID"), h.Header.Get("X-Kakao-Resource-ID"), "the same delivery again")
	}
}

// A trigger that is refused, or that sends nothing, uses up no webhook
// scenario: its one use goes to the first delivery that is sent.
func TestWebhookScenarioIsUsedByADeliveryOnly(t *testing.T) {
	t.Parallel()
	rcv := newEvReceiver(t, http.StatusAccepted)
	sb, user, app, _ := evSandbox(t, rcv.URL, rcv.URL)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Header: map[string]string{"Content-Type": "application/yaml"},
		Body: "name: once-twice\ndescription: the next SET twice\nmatch: {operation: webhook.accountStatus}\nrespond: {webhook: {duplicates: 1}}\ntimes: 1\n"})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	sb.ActivateScenario("once-twice", sandboxtest.ScenarioScope{Scope: "global"})
	event := func(userID int64, name string) sandboxtest.Response {
		return sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", userID),
			Body: map[string]any{"appId": app, "event": name}})
	}
	r = event(999999, "user-profile-changed")
	require.Equal(t, 404, r.Status, "no such user: %s", r.Body)
	r = event(user, "sessions-revoked") // the app does not subscribe to it
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Empty(t, r.JSON(t)["deliveries"])
	assert.Len(t, evProfileChanged(t, sb, user, app), 2, "the scenario's one use went to the first delivery")
}

// A webhook scenario scoped to a token or an ad account would never apply
// (Kakao's side sends webhooks, no caller does): it is refused, naming the
// scope.
func TestWebhookScenarioScopedToACallerIsRefused(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	for _, scope := range []map[string]any{{"scope": "token", "token": "sandbox-biz-alice"}, {"scope": "adAccount", "adAccountId": 10001}} {
		r := sb.Do(req{Method: "PUT", Path: "/_sandbox/scenarios/webhook-duplicate-burst/activation", Body: scope})
		require.Equal(t, 400, r.Status, "%s", r.Body)
		assert.Contains(t, string(r.Body), "scope")
	}
	r := sb.Do(req{Method: "PUT", Path: "/_sandbox/scenarios/webhook-duplicate-burst/activation", Body: map[string]any{"scope": "global"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
}
