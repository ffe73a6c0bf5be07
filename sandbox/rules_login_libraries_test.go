package sandbox_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The demo app (docs/test-data.md) and bob, whose own profile the demo
// gives: what a login library's default flow signs in to.
const (
	demoKey     = "sandbox-rest-api-key"
	demoSecret  = "sandbox-secret"
	demoItems   = "profile_nickname profile_image account_email" // its login consent items
	bobNickname = "준호"
	bobEmail    = "junho.lee@example.com"
)

// libraryCall is one request as a library sends it: method, URL on the
// sandbox, headers and body exactly, nothing added but what net/http must.
func libraryCall(t *testing.T, sb *sandboxtest.Sandbox, method, pathAndQuery string, header map[string]string, body string) (*http.Response, []byte) {
	t.Helper()
	r, err := http.NewRequest(method, sb.URL+pathAndQuery, strings.NewReader(body))
	require.NoError(t, err)
	if body == "" {
		r.Body = http.NoBody
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	resp, err := noRedirects.Do(r)
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	return resp, b
}

// consentAs follows an authorize URL's consent as user and answers where
// the sandbox sends the browser back.
func consentAs(t *testing.T, sb *sandboxtest.Sandbox, authorizeQuery, user string) *url.URL {
	t.Helper()
	resp, body := rawGet(t, sb.URL+"/oauth/authorize?"+authorizeQuery+"&sandbox_user="+user)
	return requireBareRedirect(t, resp, body)
}

// journalOf is the raw journal, as GET /_sandbox/requests shows it.
func journalOf(t *testing.T, sb *sandboxtest.Sandbox) string {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?limit=100"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return string(r.Body)
}

func rulesLoginLibraries(t *testing.T) {
	t.Run("T11_query_access_token_is_taken_and_noted_in_the_journal", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		tok := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		r := sb.Do(req{Method: "GET", Path: "/v2/user/me?access_token=" + url.QueryEscape(tok)})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.EqualValues(t, 2, r.JSON(t)["id"])
		me := sb.Requests(sandboxtest.RequestFilter{Operation: "getUserMe"})
		require.Len(t, me, 1)
		assert.Equal(t, []string{"the access token came as ?access_token=: Kakao takes it, but documents only Authorization: Bearer <token>"}, me[0].Warnings)

		sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: tok})
		assert.Empty(t, sb.Requests(sandboxtest.RequestFilter{Operation: "getUserMe", Limit: 1})[0].Warnings, "the header draws no note")
	})

	t.Run("T11_header_token_only_refuses_the_query", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, func(c *sandbox.Config) { c.HeaderTokenOnly = true })
		tok := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		r := sb.Do(req{Method: "GET", Path: "/v2/user/me?access_token=" + url.QueryEscape(tok)})
		msg := kakaoError(t, r, 401, -401, 0)
		assert.Equal(t, "Bearer error=invalid_token", r.Header.Get("WWW-Authenticate"))
		contains(t, msg, "this access token does not exist", "Authorization: Bearer", "--query-access-token=false")
		assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: tok}).Status)
	})

	t.Run("T11_the_header_wins_over_the_query", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		tok := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		r := sb.Do(req{Method: "GET", Path: "/v2/user/me?access_token=not-a-token", Token: tok})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.EqualValues(t, 2, r.JSON(t)["id"])
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/v2/user/me?access_token=" + url.QueryEscape(tok), Token: "not-a-token"}), 401, -401, 0)
	})

	t.Run("T11_only_kapi_calls_take_a_query_token", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance?access_token=" + master,
			Header: map[string]string{"adAccountId": fmt.Sprint(healthyAds)}})
		contains(t, kakaoError(t, r, 401, -401, 0), "?access_token=", "only kapi.kakao.com", "Authorization: Bearer")
	})

	t.Run("T11_a_query_token_never_reaches_the_journal", func(t *testing.T) { // rule R08
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.JournalBodies = true })
		tok := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		require.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v2/user/me?access_token=" + url.QueryEscape(tok)}).Status)
		require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/v2/user/me?access_token=" + url.QueryEscape(tok),
			Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, Body: "property_keys=" + url.QueryEscape(`["kakao_account.email"]`)}).Status)
		journal := journalOf(t, sb)
		assert.Contains(t, journal, "?access_token=", "the calls are there")
		assert.NotContains(t, journal, tok)
	})

	t.Run("T12_no_scope_asks_for_the_apps_consent_items", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t)
		for _, scope := range []string{"", "scope=&"} {
			back := consentAs(t, sb, scope+url.Values{"client_id": {demoKey}, "redirect_uri": {"http://localhost:3000/callback"}, "response_type": {"code"}}.Encode(), "bob")
			tok := demoToken(t, sb, "http://localhost:3000/callback", back.Query().Get("code"))
			assert.Equal(t, demoItems, tok["scope"], "%q: the demo app's login items, no business item, no openid", scope)
			assert.NotContains(t, tok, "id_token", "openid is asked for only by name")
			a := account(t, userMe(sb, tok["access_token"].(string), ""))
			assert.Equal(t, bobEmail, a["email"])
			assert.Equal(t, bobNickname, a["profile"].(map[string]any)["nickname"])
		}
	})

	t.Run("T12_a_listed_scope_asks_for_exactly_those", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t)
		back := consentAs(t, sb, url.Values{"client_id": {demoKey}, "redirect_uri": {"http://localhost:3000/callback"}, "response_type": {"code"},
			"scope": {"profile_nickname"}}.Encode(), "bob")
		tok := demoToken(t, sb, "http://localhost:3000/callback", back.Query().Get("code"))
		assert.Equal(t, "profile_nickname", tok["scope"])
		a := account(t, userMe(sb, tok["access_token"].(string), ""))
		assert.NotContains(t, a, "email")
		assert.Equal(t, true, a["email_needs_agreement"])
	})

	t.Run("T12_the_consent_page_shows_the_items_asked_for", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t)
		resp, page := rawGet(t, sb.URL+"/oauth/authorize?"+url.Values{"client_id": {demoKey}, "redirect_uri": {"http://localhost:3000/callback"},
			"response_type": {"code"}, "scope": {""}}.Encode())
		require.Equal(t, 200, resp.StatusCode, "%s", page)
		assert.Contains(t, string(page), `<ul id="scopes"><li>profile_nickname</li><li>profile_image</li><li>account_email</li></ul>`)
	})

	t.Run("T12_an_app_without_login_items_is_asked_for_none", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t) // app "rules" has only business items
		code := authorize(t, sb, "/oauth/authorize", authQuery("", "sandbox_user", "member")).Get("code")
		r := tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey},
			"client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "", r.JSON(t)["scope"], "business items come with business authorization or by name")
	})

	// passport-kakao 1.0.1 (dist/Strategy.js) over passport-oauth2 1.1.2
	// (lib/strategy.js) and node-oauth 0.9.15 (lib/oauth2.js), as
	// interop/node/passport-kakao.mjs runs them: authorize with no scope and
	// no state, the token form with client_id and client_secret, and user
	// info as GET with the token in ?access_token= and Content-length: 0.
	t.Run("T11_passport_kakao_request_shapes", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t)
		callback := "http://localhost:3000/auth/kakao/callback"
		back := consentAs(t, sb, "response_type=code&redirect_uri="+url.QueryEscape(callback)+"&client_id="+demoKey, "bob")
		assert.Equal(t, callback, back.Scheme+"://"+back.Host+back.Path, "passport-kakao's default callback is the demo app's")
		resp, body := libraryCall(t, sb, "POST", "/oauth/token", map[string]string{"User-Agent": "passport-kakao",
			"Content-Type": "application/x-www-form-urlencoded"},
			"grant_type=authorization_code&redirect_uri="+url.QueryEscape(callback)+"&client_id="+demoKey+"&client_secret="+demoSecret+"&code="+back.Query().Get("code"))
		require.Equal(t, 200, resp.StatusCode, "%s", body)
		tok := sandboxtest.Response{Status: resp.StatusCode, Body: body}.JSON(t)
		assert.Equal(t, demoItems, tok["scope"])

		resp, body = libraryCall(t, sb, "GET", "/v2/user/me?access_token="+url.QueryEscape(tok["access_token"].(string)),
			map[string]string{"User-Agent": "passport-kakao", "Content-length": "0"}, "")
		require.Equal(t, 200, resp.StatusCode, "%s", body)
		me := sandboxtest.Response{Status: resp.StatusCode, Body: body}.JSON(t)
		assert.Equal(t, bobNickname, me["properties"].(map[string]any)["nickname"], "passport-kakao's displayName")
		assert.Equal(t, bobEmail, me["kakao_account"].(map[string]any)["email"])
	})

	// @auth/core 0.41.3's Kakao provider (providers/kakao.js: authorization
	// "…/oauth/authorize?scope", client_secret_post) through oauth4webapi
	// 3.8.9, as lib/actions/signin/authorization-url.js and
	// lib/actions/callback/oauth/callback.js send it: scope empty and PKCE
	// (its default check), the token form with code_verifier and the
	// credentials, user info as GET with Authorization: Bearer.
	t.Run("T12_authjs_kakao_provider_request_shapes", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t)
		callback := "http://localhost:3000/api/auth/callback/kakao"
		verifier := "auth-js-pkce-verifier-of-forty-three-chars-x"
		sum := sha256.Sum256([]byte(verifier))
		challenge := base64.RawURLEncoding.EncodeToString(sum[:])
		back := consentAs(t, sb, "scope=&response_type=code&client_id="+demoKey+"&redirect_uri="+url.QueryEscape(callback)+
			"&code_challenge="+challenge+"&code_challenge_method=S256", "bob")
		assert.Equal(t, callback, back.Scheme+"://"+back.Host+back.Path, "Auth.js's default callback is the demo app's")
		form := url.Values{"redirect_uri": {callback}, "code": {back.Query().Get("code")}, "code_verifier": {verifier},
			"grant_type": {"authorization_code"}, "client_id": {demoKey}, "client_secret": {demoSecret}}
		resp, body := libraryCall(t, sb, "POST", "/oauth/token", map[string]string{"Accept": "application/json",
			"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", "User-Agent": "oauth4webapi/v3.8.9"}, form.Encode())
		require.Equal(t, 200, resp.StatusCode, "%s", body)
		tok := sandboxtest.Response{Status: resp.StatusCode, Body: body}.JSON(t)
		assert.Equal(t, demoItems, tok["scope"], "the items of the app's console, as Kakao asks for them")
		assert.NotContains(t, tok, "id_token", "oauth4webapi would check its iss against https://authjs.dev and fail")

		resp, body = libraryCall(t, sb, "GET", "/v2/user/me", map[string]string{"Accept": "application/json",
			"Authorization": "Bearer " + tok["access_token"].(string), "User-Agent": "oauth4webapi/v3.8.9"}, "")
		require.Equal(t, 200, resp.StatusCode, "%s", body)
		a := sandboxtest.Response{Status: resp.StatusCode, Body: body}.JSON(t)["kakao_account"].(map[string]any)
		assert.Equal(t, bobNickname, a["profile"].(map[string]any)["nickname"], "the provider's profile(): name")
		assert.Equal(t, bobEmail, a["email"], "and email")
	})
}

// demoToken redeems a code of the demo app.
func demoToken(t *testing.T, sb *sandboxtest.Sandbox, redirectURI, code string) map[string]any {
	t.Helper()
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {demoKey}, "client_secret": {demoSecret},
		"redirect_uri": {redirectURI}, "code": {code}}
	r := tokenCall(sb, "/oauth/token", form)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}
