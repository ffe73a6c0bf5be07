package sandbox_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// H03 and H04: Kakao-side events that call the app back (docs/webhooks.md
// "Account status", "Channel"). Each test receives the deliveries on its own
// server on 127.0.0.1.

// evHit is one call the sandbox made to a receiver.
type evHit struct {
	Method string
	Path   string
	Header http.Header
	Body   string
}

// evReceiver records every call and answers status.
type evReceiver struct {
	*httptest.Server
	hits chan evHit
}

func newEvReceiver(t *testing.T, status int) *evReceiver {
	t.Helper()
	r := &evReceiver{hits: make(chan evHit, 64)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		body, _ := io.ReadAll(q.Body)
		r.hits <- evHit{Method: q.Method, Path: q.URL.Path, Header: q.Header.Clone(), Body: string(body)}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

// next waits (at most 5 s) for the next call.
func (r *evReceiver) next(t *testing.T) evHit {
	t.Helper()
	select {
	case h := <-r.hits:
		return h
	case <-time.After(5 * time.Second):
		require.FailNow(t, "no delivery within 5 s")
		return evHit{}
	}
}

const evRestKey = "events-rest-api-key"

// evSandbox is the rules data with an app subscribed to some account
// events and connected to the acme channel, and a user linked to it;
// it answers the user's id, the app's and its login tokens.
func evSandbox(t *testing.T, statusURL, channelURL string) (sb *sandboxtest.Sandbox, user, app int64, tokens map[string]any) {
	t.Helper()
	sb = newSandbox(t)
	ids := sb.LoadFixtures(fmt.Appendf(nil, `
apps:
  - key: events-app
    name: Events App
    restApiKey: %s
    clientSecret: events-secret
    redirectUris: ['%s']
    bizApp: false
    openIdConnect: true
    adminKey: events-admin-key
    channels: [ev-ch]
    webhooks:
      accountStatus: {url: '%s/sse', events: [tokens-revoked, account-disabled, account-enabled, user-profile-changed]}
      channel: {url: '%s/channel'}
users: [{key: evan, name: 이벤트}]
channels: [{key: ev-ch, name: 이벤트 채널, type: BUSINESS, master: evan}]
`, evRestKey, callbackURI, statusURL, channelURL))
	user, app = ids["users"]["evan"], ids["apps"]["events-app"]
	return sb, user, app, evLogin(t, sb, "evan")
}

// evLogin signs the user in through the events app: it links them.
func evLogin(t *testing.T, sb *sandboxtest.Sandbox, user string) map[string]any {
	t.Helper()
	got := authorize(t, sb, "/oauth/authorize", authQuery("openid,profile_nickname", "client_id", evRestKey, "sandbox_user", user))
	require.NotEmpty(t, got.Get("code"), "%v", got)
	r := tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {evRestKey},
		"client_secret": {"events-secret"}, "redirect_uri": {callbackURI}, "code": {got.Get("code")}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

// setClaims is a SET's payload.
type setClaims struct {
	Iss    string                    `json:"iss"`
	Aud    string                    `json:"aud"`
	Sub    string                    `json:"sub"`
	Iat    int64                     `json:"iat"`
	Jti    string                    `json:"jti"`
	Events map[string]map[string]any `json:"events"`
}

func (c setClaims) eventURIs() []string {
	var out []string
	for u := range c.Events {
		out = append(out, u)
	}
	return out
}

// evClaims decodes a SET's payload, unverified.
func evClaims(t *testing.T, jws string) setClaims {
	t.Helper()
	var c setClaims
	require.NoError(t, json.Unmarshal([]byte(jwtPart(t, jws, 1)), &c), "%s", jws)
	return c
}

// evVerify verifies a SET against the JWKS the sandbox serves, and answers
// its payload.
func evVerify(t *testing.T, sb *sandboxtest.Sandbox, compact string) (setClaims, jose.Header) {
	t.Helper()
	var jwks jose.JSONWebKeySet
	sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Decode(t, &jwks)
	jws, err := jose.ParseSignedCompact(compact, []jose.SignatureAlgorithm{jose.RS256})
	require.NoError(t, err)
	hdr := jws.Signatures[0].Header
	keys := jwks.Key(hdr.KeyID)
	require.Len(t, keys, 1, "the kid %q is in the JWKS", hdr.KeyID)
	payload, err := jws.Verify(keys[0])
	require.NoError(t, err, "the signature verifies against the JWKS")
	var c setClaims
	require.NoError(t, json.Unmarshal(payload, &c))
	return c, hdr
}

func rulesEvents(t *testing.T) {
	t.Run("H03_set_shape_signature_and_claims", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusAccepted)
		sb, user, app, _ := evSandbox(t, rcv.URL, rcv.URL)
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
			Body: map[string]any{"appId": app, "event": "user-profile-changed"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "https://schemas.kakao.com/platevent/kakao/event-type/user-profile-changed", r.JSON(t)["uri"])
		require.Len(t, r.JSON(t)["deliveries"], 1)

		h := rcv.next(t)
		assert.Equal(t, "POST", h.Method)
		assert.Equal(t, "/sse", h.Path)
		assert.Equal(t, "application/secevent+jwt", h.Header.Get("Content-Type"))
		assert.Equal(t, "application/json", h.Header.Get("Accept"))
		assert.Equal(t, "KakaoAK events-admin-key", h.Header.Get("Authorization"), "the primary admin key, as on every webhook")
		c, hdr := evVerify(t, sb, h.Body)
		assert.Equal(t, "secevent+jwt", hdr.ExtraHeaders["typ"])
		assert.Equal(t, "RS256", hdr.Algorithm)
		var disco map[string]any
		sb.Do(req{Method: "GET", Path: "/.well-known/openid-configuration"}).Decode(t, &disco)
		assert.Equal(t, disco["issuer"], c.Iss, "the issuer ID tokens carry")
		assert.Equal(t, evRestKey, c.Aud)
		assert.Equal(t, strconv.FormatInt(user, 10), c.Sub)
		assert.Equal(t, sandboxTime(t, sb).Unix(), c.Iat, "stamped with the sandbox's (frozen) clock")
		assert.Len(t, c.Jti, 32)
		ev := c.Events["https://schemas.kakao.com/platevent/kakao/event-type/user-profile-changed"]
		require.NotNil(t, ev, "%v", c.Events)
		assert.Equal(t, map[string]any{"sub": c.Sub, "subject_type": "iss-sub", "iss": c.Iss}, ev["subject"])

		// A second event is a second token: its own jti.
		r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
			Body: map[string]any{"appId": app, "event": "https://schemas.kakao.com/platevent/kakao/event-type/user-profile-changed"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		c2, _ := evVerify(t, sb, rcv.next(t).Body)
		assert.NotEqual(t, c.Jti, c2.Jti)
	})

	t.Run("H03_tokens_revoked_end_the_tokens", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusAccepted)
		sb, user, app, tokens := evSandbox(t, rcv.URL, rcv.URL)
		me := func() sandboxtest.Response {
			return sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: tokens["access_token"].(string)})
		}
		require.Equal(t, 200, me().Status)
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
			Body: map[string]any{"appId": app, "event": "tokens-revoked"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		kakaoError(t, me(), 401, -401, 0)
		kauthError(t, tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {evRestKey},
			"client_secret": {"events-secret"}, "refresh_token": {tokens["refresh_token"].(string)}}), 400, "invalid_grant", "KOE322")
		c, _ := evVerify(t, sb, rcv.next(t).Body)
		assert.Contains(t, c.Events, "https://schemas.openid.net/secevent/oauth/event-type/tokens-revoked")
	})

	t.Run("H03_disabled_account_cannot_sign_in_until_enabled", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusAccepted)
		sb, user, app, tokens := evSandbox(t, rcv.URL, rcv.URL)
		event := func(name string) {
			r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
				Body: map[string]any{"appId": app, "event": name}})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			c, _ := evVerify(t, sb, rcv.next(t).Body)
			assert.Contains(t, c.Events, "https://schemas.openid.net/secevent/risc/event-type/"+name)
		}
		event("account-disabled")
		got := authorize(t, sb, "/oauth/authorize", authQuery("profile_nickname", "client_id", evRestKey, "sandbox_user", "evan"))
		assert.Equal(t, "access_denied", got.Get("error"), "%v", got)
		assert.Contains(t, got.Get("error_description"), "disabled")
		assert.Empty(t, got.Get("code"))
		kauthError(t, tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {evRestKey},
			"client_secret": {"events-secret"}, "refresh_token": {tokens["refresh_token"].(string)}}), 403, "access_denied", "KOE026")

		event("account-enabled")
		evLogin(t, sb, "evan")
	})

	t.Run("H03_unsubscribed_and_refused_events_send_nothing", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusAccepted)
		sb, user, app, _ := evSandbox(t, rcv.URL, rcv.URL)
		path := fmt.Sprintf("/_sandbox/users/%d/account-events", user)
		r := sb.Do(req{Method: "POST", Path: path, Body: map[string]any{"appId": app, "event": "credential-change"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Empty(t, r.JSON(t)["deliveries"], "the app does not subscribe to credential-change")

		kakaoError(t, sb.Do(req{Method: "POST", Path: path, Body: map[string]any{"appId": app, "event": "account-melted"}}), 400, -2, 0)
		kakaoError(t, sb.Do(req{Method: "POST", Path: path, Body: map[string]any{"appId": app, "event": "user-unlinked"}}), 400, -2, 0)
		stranger := sb.LoadFixtures([]byte(`users: [{key: stranger2, name: 낯선이}]`))["users"]["stranger2"]
		r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", stranger),
			Body: map[string]any{"appId": app, "event": "account-disabled"}})
		kakaoError(t, r, 400, -101, 0)
		assert.Contains(t, string(r.Body), "not linked")
		evLogin(t, sb, "stranger2") // the refused event changed nothing
		kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/users/999999/account-events",
			Body: map[string]any{"appId": app, "event": "account-disabled"}}), 404, -2, 0)

		// The next SET is the marker's: nothing was sent before it.
		r = sb.Do(req{Method: "POST", Path: path, Body: map[string]any{"appId": app, "event": "account-enabled"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		c, _ := evVerify(t, sb, rcv.next(t).Body)
		assert.Equal(t, []string{"https://schemas.openid.net/secevent/risc/event-type/account-enabled"}, c.eventURIs())
	})

	t.Run("H04_channel_body_headers_and_id_type", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusNoContent)
		sb, user, _, _ := evSandbox(t, rcv.URL, rcv.URL)
		send := func(userID int64, event string) evHit {
			r := sb.Do(req{Method: "POST", Path: "/_sandbox/channels/ev-ch/friends", Body: map[string]any{"userId": userID, "event": event}})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			require.Len(t, r.JSON(t)["deliveries"], 1, "one app is connected to the channel")
			return rcv.next(t)
		}
		h := send(user, "added")
		assert.Equal(t, "POST", h.Method)
		assert.Equal(t, "/channel", h.Path)
		assert.Equal(t, "KakaoAK events-admin-key", h.Header.Get("Authorization"))
		assert.Equal(t, "KakaoOpenAPI/1.0", h.Header.Get("User-Agent"))
		assert.Equal(t, "application/json", h.Header.Get("Content-Type"))
		first := h.Header.Get("X-Kakao-Resource-ID")
		assert.NotEmpty(t, first)
		var body map[string]string
		require.NoError(t, json.Unmarshal([]byte(h.Body), &body), "%s", h.Body)
		assert.Equal(t, "added", body["event"])
		assert.Equal(t, strconv.FormatInt(user, 10), body["id"])
		assert.Equal(t, "app_user_id", body["id_type"], "the user is linked to the app")
		assert.Equal(t, "@ev-ch", body["channel_uuid"])
		assert.NotEmpty(t, body["channel_public_id"])
		at, err := time.Parse(time.RFC3339, body["updated_at"])
		require.NoError(t, err)
		assert.Equal(t, time.UTC, at.Location())
		assert.True(t, strings.HasSuffix(body["updated_at"], "Z"))
		assert.Len(t, body, 6, "%s", h.Body)

		stranger := sb.LoadFixtures([]byte(`users: [{key: evan3, name: 낯선이}]`))["users"]["evan3"]
		h = send(stranger, "blocked")
		require.NoError(t, json.Unmarshal([]byte(h.Body), &body))
		assert.Equal(t, "blocked", body["event"])
		assert.Equal(t, "open_id", body["id_type"], "not linked to the app")
		assert.NotEqual(t, strconv.FormatInt(stranger, 10), body["id"])
		assert.NotEqual(t, first, h.Header.Get("X-Kakao-Resource-ID"), "unique per delivery")

		// By its public id too.
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/channels/" + body["channel_public_id"] + "/friends", Body: map[string]any{"userId": user, "event": "added"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		rcv.next(t)
	})

	t.Run("H04_unknown_channel_and_unconnected_channel", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusOK)
		sb, user, _, _ := evSandbox(t, rcv.URL, rcv.URL)
		kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/channels/no-such-channel/friends",
			Body: map[string]any{"userId": user, "event": "added"}}), 404, -2, 0)
		kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/channels/ev-ch/friends",
			Body: map[string]any{"userId": user, "event": "deleted"}}), 400, -2, 0)
		sb.LoadFixtures([]byte(`channels: [{key: lone-ch, name: 외톨이, type: BUSINESS, master: evan}]`))
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/channels/lone-ch/friends", Body: map[string]any{"userId": user, "event": "added"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Empty(t, r.JSON(t)["deliveries"], "no app is connected to the channel")
	})

	t.Run("H03_kakao_unlink_sends_user_unlinked_with_its_reason", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusAccepted)
		sb, user, app, _ := evSandbox(t, rcv.URL, rcv.URL)
		r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", app), Body: map[string]any{
			"accountStatus": map[string]any{"url": rcv.URL + "/sse", "events": []string{"user-unlinked"}}}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/unlink", user),
			Body: map[string]any{"appId": app, "referrerType": "ACCOUNT_DELETE"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		h := rcv.next(t)
		c, _ := evVerify(t, sb, h.Body)
		ev := c.Events["https://schemas.openid.net/secevent/oauth/event-type/user-unlinked"]
		require.NotNil(t, ev, "%v", c.Events)
		assert.Equal(t, "ACCOUNT_DELETE", ev["reason"])
		assert.Equal(t, strconv.FormatInt(user, 10), c.Sub)
	})

	t.Run("H03_webhook_test_sends_a_sample_and_changes_nothing", func(t *testing.T) {
		t.Parallel()
		rcv := newEvReceiver(t, http.StatusAccepted)
		sb, user, app, tokens := evSandbox(t, rcv.URL, rcv.URL)
		test := func(body map[string]any) map[string]any {
			r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/apps/%d/webhook-test", app), Body: body})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			return r.JSON(t)
		}
		got := test(map[string]any{"kind": "accountStatus", "userId": user, "event": "tokens-revoked"})
		assert.Equal(t, true, got["sent"])
		c, _ := evVerify(t, sb, rcv.next(t).Body)
		assert.Contains(t, c.Events, "https://schemas.openid.net/secevent/oauth/event-type/tokens-revoked")
		assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: tokens["access_token"].(string)}).Status,
			"the test revoked nothing")

		got = test(map[string]any{"kind": "accountStatus", "userId": user, "event": "credential-change"})
		assert.Equal(t, true, got["sent"], "a test is sent whatever the subscription")
		rcv.next(t)

		got = test(map[string]any{"kind": "channel", "userId": user, "channelId": "ev-ch", "event": "blocked"})
		assert.Equal(t, true, got["sent"])
		h := rcv.next(t)
		assert.Equal(t, "/channel", h.Path)
		assert.Contains(t, h.Body, `"event":"blocked"`)
		assert.NotContains(t, got["request"].(map[string]any)["header"].(map[string]any)["Authorization"], "events-admin-key", "masked")

		// user-unlinked, which no account event triggers, is the sample a
		// receiver most needs: the tool sends it, and the user stays linked.
		got = test(map[string]any{"kind": "accountStatus", "userId": user, "event": "user-unlinked"})
		assert.Equal(t, true, got["sent"])
		c, _ = evVerify(t, sb, rcv.next(t).Body)
		ev := c.Events["https://schemas.openid.net/secevent/oauth/event-type/user-unlinked"]
		require.NotNil(t, ev, "%v", c.Events)
		assert.Equal(t, "UNLINK_FROM_APPS", ev["reason"])
		assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: tokens["access_token"].(string)}).Status,
			"the test unlinked nobody")
	})

}
