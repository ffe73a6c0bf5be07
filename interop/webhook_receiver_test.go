package interop_test

import (
	"bufio"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/lestrrat-go/jwx/v3/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Rule H03/H04 from the app's side (issue 23 item 8): an app's webhook
// receiver, written as Kakao's documentation tells integrators to
// (docs/kakao-api.md §10.1–§10.3), verifies what the sandbox sends with a
// JOSE library other than the signer's (lestrrat-go/jwx, against the
// sandbox's go-jose), and the JWKS fetched over HTTP.

const (
	hookRestKey  = "hook-rest-api-key"
	hookAdminKey = "hook-admin-key"
)

// received is what the receiver made of one call.
type received struct {
	Kind   string // sse, unlink, channel
	Status int    // what it answered
	Err    string // why it refused, "" when it accepted
	Events []string
	Claims map[string]any
	Form   url.Values        // unlink
	Body   map[string]string // channel
}

// kakaoReceiver is the app: its keys, and where Kakao's keys are.
type kakaoReceiver struct {
	jwksURL, issuer string
	got             chan received
}

func (k *kakaoReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var out received
	switch r.URL.Path {
	case "/sse":
		out = k.sse(r, body)
	case "/unlink":
		out = k.unlink(r, body)
	case "/channel":
		out = k.channel(r, body)
	}
	w.WriteHeader(out.Status)
	k.got <- out
}

// sse verifies a Security Event Token as §10.2's steps say: the JWKS, the
// key by kid, RS256, typ, iss, aud, then sub, iat, jti and events.
func (k *kakaoReceiver) sse(r *http.Request, body []byte) received {
	refuse := func(err string) received { return received{Kind: "sse", Status: http.StatusBadRequest, Err: err} }
	if r.Header.Get("Content-Type") != "application/secevent+jwt" {
		return refuse("content type " + r.Header.Get("Content-Type"))
	}
	set, err := jwk.Fetch(r.Context(), k.jwksURL)
	if err != nil {
		return refuse("jwks: " + err.Error())
	}
	msg, err := jws.Parse(body)
	if err != nil || len(msg.Signatures()) != 1 {
		return refuse(fmt.Sprintf("not a JWS: %v", err))
	}
	if typ, _ := msg.Signatures()[0].ProtectedHeaders().Type(); typ != "secevent+jwt" {
		return refuse("typ " + typ)
	}
	tok, err := jwt.Parse(body, jwt.WithKeySet(set), jwt.WithValidate(true), jwt.WithIssuer(k.issuer),
		jwt.WithAudience(hookRestKey), jwt.WithRequiredClaim("sub"), jwt.WithRequiredClaim("iat"),
		jwt.WithRequiredClaim("jti"), jwt.WithRequiredClaim("events"),
		jwt.WithAcceptableSkew(100*365*24*time.Hour)) // the sandbox's clock is not the receiver's
	if err != nil {
		return refuse("invalid_key: " + err.Error())
	}
	var events map[string]any
	if err := tok.Get("events", &events); err != nil {
		return refuse("events: " + err.Error())
	}
	claims := map[string]any{}
	for _, name := range tok.Keys() {
		var v any
		if tok.Get(name, &v) == nil {
			claims[name] = v
		}
	}
	out := received{Kind: "sse", Status: http.StatusAccepted, Claims: claims}
	for uri := range events {
		out.Events = append(out.Events, uri)
	}
	return out
}

// unlink checks the admin key and the app id (§10.1), and answers 200.
func (k *kakaoReceiver) unlink(r *http.Request, body []byte) received {
	form := r.URL.Query()
	if r.Method == http.MethodPost {
		form, _ = url.ParseQuery(string(body))
	}
	out := received{Kind: "unlink", Status: http.StatusOK, Form: form}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("KakaoAK "+hookAdminKey)) != 1 {
		out.Err = "wrong admin key" // still 200, as §10.1 asks: nothing is done
	}
	return out
}

// channel checks the admin key and decodes the body (§10.3).
func (k *kakaoReceiver) channel(r *http.Request, body []byte) received {
	out := received{Kind: "channel", Status: http.StatusOK}
	if r.Header.Get("Authorization") != "KakaoAK "+hookAdminKey {
		out.Status, out.Err = http.StatusUnauthorized, "wrong admin key"
		return out
	}
	if r.Header.Get("X-Kakao-Resource-ID") == "" || r.Header.Get("User-Agent") != "KakaoOpenAPI/1.0" {
		out.Status, out.Err = http.StatusBadRequest, "headers"
		return out
	}
	if err := json.Unmarshal(body, &out.Body); err != nil {
		out.Status, out.Err = http.StatusBadRequest, err.Error()
	}
	return out
}

func (k *kakaoReceiver) next(t *testing.T) received {
	t.Helper()
	select {
	case r := <-k.got:
		return r
	case <-time.After(5 * time.Second):
		require.FailNow(t, "no delivery within 5 s")
		return received{}
	}
}

// hookSandbox is the rules data with an app whose three webhooks point at a
// receiver, and a user linked to it; it answers the user's id and the app's.
func hookSandbox(t *testing.T) (*sandboxtest.Sandbox, *kakaoReceiver, int64, int64) {
	t.Helper()
	k := &kakaoReceiver{got: make(chan received, 16)}
	srv := httptest.NewServer(k)
	t.Cleanup(srv.Close)
	sb := newSandbox(t)
	ids := sb.LoadFixtures(fmt.Appendf(nil, `
apps:
  - key: hook-app
    name: Hook App
    restApiKey: %s
    clientSecret: hook-secret
    redirectUris: ['%s']
    bizApp: false
    adminKey: %s
    channels: [hook-ch]
    webhooks:
      unlink: {url: '%[4]s/unlink', method: POST}
      accountStatus: {url: '%[4]s/sse', events: [tokens-revoked, user-unlinked]}
      channel: {url: '%[4]s/channel'}
users: [{key: hana, name: 하나}]
channels: [{key: hook-ch, name: 훅 채널, type: BUSINESS, master: hana}]
`, hookRestKey, callbackURI, hookAdminKey, srv.URL))
	var disco struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	sb.Do(req{Method: "GET", Path: "/.well-known/openid-configuration"}).Decode(t, &disco)
	k.issuer, k.jwksURL = disco.Issuer, disco.JWKSURI
	q := url.Values{"client_id": {hookRestKey}, "redirect_uri": {callbackURI}, "response_type": {"code"},
		"scope": {"profile_nickname"}, "sandbox_user": {"hana"}}
	require.NotEmpty(t, authorize(t, sb, "/oauth/authorize", q).Get("code"), "hana is linked to the app")
	return sb, k, ids["users"]["hana"], ids["apps"]["hook-app"]
}

// rulesWebhookReceiver runs from TestRules (rules_oidc_test.go).
func rulesWebhookReceiver(t *testing.T) {

	t.Run("H03_set_verifies_with_jwx_against_the_fetched_jwks", func(t *testing.T) {
		t.Parallel()
		sb, k, user, app := hookSandbox(t)
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
			Body: map[string]any{"appId": app, "event": "tokens-revoked"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		got := k.next(t)
		require.Empty(t, got.Err)
		assert.Equal(t, http.StatusAccepted, got.Status)
		assert.Equal(t, []string{"https://schemas.openid.net/secevent/oauth/event-type/tokens-revoked"}, got.Events)
		assert.Equal(t, fmt.Sprint(user), got.Claims["sub"])
	})

	t.Run("H03_receiver_refuses_what_the_scenarios_corrupt", func(t *testing.T) {
		t.Parallel()
		for name, why := range map[string]string{"webhook-unsigned-set": "invalid_key", "webhook-bad-signature": "invalid_key", "webhook-malformed-set": "not a JWS"} {
			sb, k, user, app := hookSandbox(t)
			sb.ActivateScenario(name, sandboxtest.ScenarioScope{})
			r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
				Body: map[string]any{"appId": app, "event": "tokens-revoked"}})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			got := k.next(t)
			assert.Equal(t, http.StatusBadRequest, got.Status, name)
			assert.Contains(t, got.Err, why, name)
		}
	})

	t.Run("H04_channel_body_decodes", func(t *testing.T) {
		t.Parallel()
		sb, k, user, _ := hookSandbox(t)
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/channels/hook-ch/friends", Body: map[string]any{"userId": user, "event": "added"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		got := k.next(t)
		require.Empty(t, got.Err)
		assert.Equal(t, "added", got.Body["event"])
		assert.Equal(t, "app_user_id", got.Body["id_type"])
		assert.Equal(t, fmt.Sprint(user), got.Body["id"])
		_, err := time.Parse(time.RFC3339, got.Body["updated_at"])
		assert.NoError(t, err)
		assert.True(t, strings.HasPrefix(got.Body["channel_uuid"], "@"))
	})

	t.Run("H03_node_receiver_verifies_with_jose", h03NodeReceiver)

	t.Run("H03_unlink_sends_user_unlinked_and_the_admin_key_checks", func(t *testing.T) {
		t.Parallel()
		sb, k, user, app := hookSandbox(t)
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/unlink", user),
			Body: map[string]any{"appId": app, "referrerType": "UNLINK_FROM_APPS"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		got := map[string]received{}
		for range 2 { // sent at once: either may come first
			g := k.next(t)
			got[g.Kind] = g
		}
		unlink := got["unlink"]
		assert.Empty(t, unlink.Err, "the admin key is the app's")
		assert.Equal(t, fmt.Sprint(app), unlink.Form.Get("app_id"))
		assert.Equal(t, fmt.Sprint(user), unlink.Form.Get("user_id"))
		assert.Equal(t, "UNLINK_FROM_APPS", unlink.Form.Get("referrer_type"))
		sse := got["sse"]
		require.Empty(t, sse.Err)
		assert.Equal(t, []string{"https://schemas.openid.net/secevent/oauth/event-type/user-unlinked"}, sse.Events)
	})
}

// h03NodeReceiver: node/webhook-receiver.mjs, the docs' Node receiver
// (node:http and jose), verifies a SET and refuses a corrupted one.
func h03NodeReceiver(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node 20+ to run the Node receiver")
	}
	if _, err := os.Stat(filepath.Join("node", "node_modules", "jose")); err != nil {
		t.Skip("interop/node/node_modules is absent: run `npm ci` in interop/node (.ci/run does with CI=true or KAKAO_SANDBOX_INSTALL=1)")
	}
	sb, k, user, app := hookSandbox(t)
	cmd := exec.Command(node, "webhook-receiver.mjs")
	cmd.Dir = "node"
	cmd.Env = append(os.Environ(), "JWKS_URL="+k.jwksURL, "ISSUER="+k.issuer, "AUDIENCE="+hookRestKey,
		"SANDBOX_NOW="+sandboxTime(t, sb).Format(time.RFC3339))
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(out)
	next := func() map[string]any {
		t.Helper()
		got := make(chan map[string]any, 1)
		go func() {
			var m map[string]any
			if lines.Scan() {
				_ = json.Unmarshal(lines.Bytes(), &m)
			}
			got <- m
		}()
		select {
		case m := <-got:
			require.NotNil(t, m, "the receiver printed nothing")
			return m
		case <-time.After(10 * time.Second):
			require.FailNow(t, "the Node receiver said nothing within 10 s")
			return nil
		}
	}
	port := next()["port"]
	r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/apps/%d/webhooks", app), Body: map[string]any{
		"accountStatus": map[string]any{"url": fmt.Sprintf("http://127.0.0.1:%v/sse", port), "events": []string{"tokens-revoked"}}}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	event := func() {
		r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/users/%d/account-events", user),
			Body: map[string]any{"appId": app, "event": "tokens-revoked"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
	}
	event()
	got := next()
	assert.EqualValues(t, 202, got["status"], "%v", got)
	assert.Equal(t, []any{"https://schemas.openid.net/secevent/oauth/event-type/tokens-revoked"}, got["events"])
	assert.Equal(t, fmt.Sprint(user), got["sub"])

	sb.ActivateScenario("webhook-bad-signature", sandboxtest.ScenarioScope{})
	event()
	got = next()
	assert.EqualValues(t, 400, got["status"], "%v", got)
	assert.Equal(t, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", got["err"])
}
