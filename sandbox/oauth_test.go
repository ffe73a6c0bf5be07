package sandbox_test

import (
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

const (
	restKey     = "test-rest-api-key" // app "rules" of testdata/rules.yaml
	secret      = "test-secret"
	callbackURI = "http://localhost:4000/cb"
)

// authorize calls an authorize endpoint without following its redirect and
// returns the redirect's query (or fails when there is none).
func authorize(t *testing.T, sb *sandboxtest.Sandbox, path string, q url.Values) url.Values {
	t.Helper()
	resp, err := noRedirects.Get(sb.URL + path + "?" + q.Encode())
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode, "%s", body)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "localhost:4000", loc.Host, "back to the app's redirect URI")
	return loc.Query()
}

func authQuery(scope string, extra ...string) url.Values {
	q := url.Values{"client_id": {restKey}, "redirect_uri": {callbackURI}, "response_type": {"code"}, "scope": {scope}, "state": {"st-1"}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return q
}

func tokenCall(sb *sandboxtest.Sandbox, path string, form url.Values) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: path, Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, Body: form.Encode()})
}

// businessToken runs the headless business flow for a user.
func businessToken(t *testing.T, sb *sandboxtest.Sandbox, user, scope string, extra ...string) map[string]any {
	t.Helper()
	code := authorize(t, sb, "/oauth/business/authorize", authQuery(scope, append([]string{"sandbox_user", user}, extra...)...)).Get("code")
	r := tokenCall(sb, "/oauth/business/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey},
		"client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func loginTokens(t *testing.T, sb *sandboxtest.Sandbox) map[string]any {
	t.Helper()
	code := authorize(t, sb, "/oauth/authorize", authQuery("profile_nickname", "sandbox_user", "member")).Get("code")
	r := tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey},
		"client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

// kauthError asserts kauth's error shape (T06).
func kauthError(t *testing.T, r sandboxtest.Response, status int, oauthErr, koe string) {
	t.Helper()
	require.Equal(t, status, r.Status, "%s", r.Body)
	m := r.JSON(t)
	assert.Equal(t, oauthErr, m["error"], "%s", r.Body)
	assert.NotEmpty(t, m["error_description"])
	if koe != "" {
		assert.Equal(t, koe, m["error_code"], "%s", r.Body)
	}
	assert.NotContains(t, m, "code", "not the kapi shape")
}

func refreshCall(sb *sandboxtest.Sandbox, rt string) sandboxtest.Response {
	return tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {restKey}, "client_secret": {secret}, "refresh_token": {rt}})
}

func rulesOAuth(t *testing.T) {
	t.Run("T01_business_and_login_tokens_from_kauth", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		biz := businessToken(t, sb, "master", "moment_management")
		assert.Equal(t, "bearer", biz["token_type"])
		assert.Equal(t, "moment_management", biz["scope"])
		assert.NotContains(t, biz, "refresh_token", "business tokens come without a refresh token by default")
		assert.NotContains(t, biz, "expires_in")
		assert.EqualValues(t, 500000, balance(t, sb, biz["access_token"].(string), healthyAds).Cash)

		login := loginTokens(t, sb)
		assert.EqualValues(t, 21599, login["expires_in"])
		assert.EqualValues(t, 5183999, login["refresh_token_expires_in"])
		assert.Equal(t, "profile_nickname", login["scope"])
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: login["access_token"].(string), Header: map[string]string{"adAccountId": "20001"}})
		assert.Equal(t, "target biz token is not supplied.", kakaoError(t, r, 401, -401, 0), "a login token is no business token")
		refreshed := refreshCall(sb, login["refresh_token"].(string))
		require.Equal(t, 200, refreshed.Status, "%s", refreshed.Body)
		assert.EqualValues(t, 21599, refreshed.JSON(t)["expires_in"])
		assert.NotContains(t, refreshed.JSON(t), "refresh_token", "two months left: the refresh token is kept")

		t.Run("switch_adds_expiry_and_refresh", func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, func(c *sandbox.Config) { c.BusinessTokenRefresh = true })
			biz := businessToken(t, sb, "master", "moment_management")
			assert.EqualValues(t, 21599, biz["expires_in"])
			require.NotEmpty(t, biz["refresh_token"])
			r := tokenCall(sb, "/oauth/business/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {restKey}, "client_secret": {secret}, "refresh_token": {biz["refresh_token"].(string)}})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			assert.EqualValues(t, 500000, balance(t, sb, r.JSON(t)["access_token"].(string), healthyAds).Cash)
		})
	})

	t.Run("T04_token_info", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(req{Method: "GET", Path: "/v1/business/tokeninfo", Token: master})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, map[string]any{"id": 1.0, "expires_in": 315360000.0, "app_id": 1.0}, r.JSON(t), "a token that never expires")

		login := loginTokens(t, sb)["access_token"].(string)
		sb.Advance("1h")
		r = sb.Do(req{Method: "GET", Path: "/v1/user/access_token_info", Token: login})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, map[string]any{"id": 2.0, "expires_in": 17999.0, "app_id": 1.0}, r.JSON(t))
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/v1/business/tokeninfo", Token: login}), 401, -401, 0)
		assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v1/user/access_token_info", Token: master}).Status, "any token describes itself")

		sb.Advance("5h59m59s")
		r = sb.Do(req{Method: "GET", Path: "/v1/user/access_token_info", Token: login})
		assert.Equal(t, "this access token is already expired", kakaoError(t, r, 401, -401, 0), "expiry follows the sandbox clock")
	})

	t.Run("T05_missing_consent_item", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		minted := sb.MintToken(sandboxtest.TokenParams{User: "master", App: "rules", Type: "business", Scopes: []string{"moment_create"}})
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: minted, Header: map[string]string{"adAccountId": "20001"}})
		kakaoError(t, r, 403, -402, 0)
		assert.Equal(t, []any{"moment_management"}, r.JSON(t)["required_scopes"])
	})

	t.Run("T06_kauth_error_shape", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := refreshCall(sb, "not-a-refresh-token")
		kauthError(t, r, 400, "invalid_grant", "KOE322")
		assert.Equal(t, "expired_or_invalid_refresh_token", r.JSON(t)["error_description"])
		kauthError(t, tokenCall(sb, "/oauth/token", url.Values{"client_id": {restKey}}), 400, "invalid_request", "")
	})
}

func TestKOEErrors(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	sb.LoadFixtures([]byte("apps: [{key: plain, name: Plain App, restApiKey: plain-key, redirectUris: ['http://localhost:4000/cb'], bizApp: false}]"))

	redirected := func(q url.Values, path, koeErr string) {
		t.Helper()
		got := authorize(t, sb, path, q)
		assert.Equal(t, koeErr, got.Get("error"), "%v", got)
		assert.NotEmpty(t, got.Get("error_description"))
		assert.Equal(t, "st-1", got.Get("state"))
		assert.Empty(t, got.Get("code"))
	}
	shown := func(q url.Values, koe string) {
		t.Helper()
		resp, err := noRedirects.Get(sb.URL + "/oauth/business/authorize?" + q.Encode())
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, 400, resp.StatusCode)
		assert.Empty(t, resp.Header.Get("Location"), "never sent to an untrusted redirect URI")
		assert.Contains(t, string(body), koe)
	}
	shown(authQuery("moment_management", "client_id", "nobody"), "KOE101")
	shown(authQuery("moment_management", "redirect_uri", "https://evil.example/cb"), "KOE028")
	redirected(authQuery("moment_management", "response_type", "token"), "/oauth/business/authorize", "invalid_request") // KOE201
	redirected(authQuery("moment_management", "client_id", "plain-key"), "/oauth/business/authorize", "invalid_request") // KOE123
	redirected(authQuery("moment_delete"), "/oauth/business/authorize", "invalid_scope")                                 // KOE232
	redirected(authQuery("moment_management,moment_create"), "/oauth/business/authorize", "invalid_request")             // KOE233
	journal := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?limit=4"}).Body
	for _, koe := range []string{"KOE201", "KOE123", "KOE232", "KOE233"} {
		assert.Contains(t, string(journal), koe, "the journal names the KOE code behind each redirect")
	}

	code := authorize(t, sb, "/oauth/business/authorize", authQuery("moment_management", "sandbox_user", "master")).Get("code")
	exchange := func(c, redirectURI, clientSecret string) sandboxtest.Response {
		return tokenCall(sb, "/oauth/business/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey},
			"client_secret": {clientSecret}, "redirect_uri": {redirectURI}, "code": {c}})
	}
	kauthError(t, exchange(code, callbackURI, "wrong"), 401, "invalid_client", "KOE010")
	kauthError(t, exchange(code, "http://localhost:4000/other", secret), 400, "invalid_grant", "KOE303")
	kauthError(t, tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey}, "client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}}),
		400, "invalid_grant", "KOE320") // a business code at the login endpoint
	require.Equal(t, 200, exchange(code, callbackURI, secret).Status)
	kauthError(t, exchange(code, callbackURI, secret), 400, "invalid_grant", "KOE320") // single use

	stale := authorize(t, sb, "/oauth/business/authorize", authQuery("moment_management", "sandbox_user", "master")).Get("code")
	sb.Advance("10m")
	kauthError(t, exchange(stale, callbackURI, secret), 400, "invalid_grant", "KOE320") // ten minutes of sandbox time
	kauthError(t, tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"password"}, "client_id": {restKey}}), 400, "unsupported_grant_type", "")
	kauthError(t, tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {"nobody"}}), 400, "invalid_client", "KOE101")
}

func TestRefreshRotatesInTheLastMonth(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	rt := loginTokens(t, sb)["refresh_token"].(string)
	sb.Advance("29d")
	r := refreshCall(sb, rt)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.NotContains(t, r.JSON(t), "refresh_token", "just over a month left: kept")

	sb.Advance("2d")
	r = refreshCall(sb, rt)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	next := r.JSON(t)["refresh_token"].(string)
	assert.NotEqual(t, rt, next)
	assert.EqualValues(t, 5183999, r.JSON(t)["refresh_token_expires_in"])
	kauthError(t, refreshCall(sb, rt), 400, "invalid_grant", "KOE322") // the old one stopped working
	require.Equal(t, 200, refreshCall(sb, next).Status)

	sb.Advance("60d")
	kauthError(t, refreshCall(sb, next), 400, "invalid_grant", "KOE322") // expired
}

func TestConsentPageApprovesInOneClick(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	resp, err := noRedirects.Get(sb.URL + "/oauth/business/authorize?" + authQuery("moment_management").Encode())
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode, "%s", body)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	page := string(body)
	for _, want := range []string{"Rules Test App", "moment_management", "강서준", "문도윤"} {
		assert.Contains(t, page, want)
	}
	i := strings.Index(page, `href="`)
	require.Positive(t, i)
	link := strings.ReplaceAll(page[i+6:i+6+strings.Index(page[i+6:], `"`)], "&amp;", "&")
	assert.True(t, strings.HasSuffix(link, "sandbox_user=master"), link)
	resp, err = noRedirects.Get(sb.URL + link)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Location"), "code=")
}
