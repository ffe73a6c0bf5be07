package sandbox_test

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func rulesOpenIDConnect(t *testing.T) {

	t.Run("T08_id_token_oidc_user_info_and_user_info_agree", func(t *testing.T) {
		t.Parallel()
		sb, _ := oidcSandbox(t)
		sb.LoadFixtures([]byte(`users: [{key: bare, name: 이기본}]`)) // no profile: demo defaults
		got := authorize(t, sb, "/oauth/authorize", authQuery("openid,profile_nickname,account_email",
			"client_id", oidcKey, "sandbox_user", "bare"))
		r := oidcExchange(sb, got.Get("code"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var claims map[string]any
		require.NoError(t, json.Unmarshal([]byte(jwtPart(t, r.JSON(t)["id_token"].(string), 1)), &claims))
		token := r.JSON(t)["access_token"].(string)

		me := sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: token}).JSON(t)["kakao_account"].(map[string]any)
		oidcInfo := sb.Do(req{Method: "GET", Path: "/v1/oidc/userinfo", Token: token}).JSON(t)
		assert.Equal(t, "이기본", claims["nickname"], "a made-up profile is the same everywhere")
		assert.Equal(t, "bare@example.com", claims["email"])
		assert.Equal(t, me["profile"].(map[string]any)["nickname"], claims["nickname"])
		assert.Equal(t, me["email"], claims["email"])
		assert.Equal(t, claims["nickname"], oidcInfo["nickname"])
		assert.Equal(t, claims["email"], oidcInfo["email"])
		assert.NotContains(t, claims, "picture", "no profile_image consent")
		assert.NotContains(t, oidcInfo, "picture")
	})

	t.Run("T08_no_id_token_without_openid_or_the_switch", func(t *testing.T) {
		t.Parallel()
		sb, _ := oidcSandbox(t)
		r := oidcExchange(sb, oidcCode(t, sb, "profile_nickname"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.NotContains(t, r.JSON(t), "id_token", "no openid in the scope")

		code := authorize(t, sb, "/oauth/authorize", authQuery("openid", "sandbox_user", "member")).Get("code")
		r = tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey},
			"client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.NotContains(t, r.JSON(t), "id_token", "the rules app has OpenID Connect off")
	})
}

func rulesPKCE(t *testing.T) {
	sb, _ := oidcSandbox(t)
	const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	challenged := func() string {
		return oidcCode(t, sb, "openid", "code_challenge", s256(verifier), "code_challenge_method", "S256")
	}

	t.Run("T09_pkce_verifier_must_match", func(t *testing.T) {
		r := oidcExchange(sb, challenged(), "code_verifier", verifier)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.NotEmpty(t, r.JSON(t)["access_token"])
	})
	t.Run("T09_pkce_wrong_verifier", func(t *testing.T) {
		code := challenged()
		r := oidcExchange(sb, code, "code_verifier", verifier+"x")
		kauthError(t, r, 400, "invalid_grant", "KOE320")
		assert.Contains(t, r.JSON(t)["error_description"], "code_verifier")
	})
	t.Run("T09_pkce_missing_verifier", func(t *testing.T) {
		r := oidcExchange(sb, challenged())
		kauthError(t, r, 400, "invalid_grant", "KOE320")
		assert.Contains(t, r.JSON(t)["error_description"], "send its code_verifier")
	})
	t.Run("T09_no_challenge_no_verifier", func(t *testing.T) {
		code := oidcCode(t, sb, "openid")
		r := oidcExchange(sb, code, "code_verifier", verifier)
		kauthError(t, r, 400, "invalid_grant", "KOE320")
		assert.Contains(t, r.JSON(t)["error_description"], "issued without code_challenge", "a verifier cannot pretend to match")
		assert.Equal(t, 200, oidcExchange(sb, code).Status, "the code itself is still good")
	})
	t.Run("T09_only_s256", func(t *testing.T) {
		for _, extra := range [][]string{
			{"code_challenge", verifier, "code_challenge_method", "plain"},
			{"code_challenge", s256(verifier)}, // no method: plain, by the RFC's default
			{"code_challenge", "short", "code_challenge_method", "S256"},
		} {
			got := authorize(t, sb, "/oauth/authorize", oidcQuery("openid", extra...))
			assert.Equal(t, "invalid_request", got.Get("error"), "%v", extra)
			assert.Empty(t, got.Get("code"))
		}
	})
	t.Run("T09_business_flow_too", func(t *testing.T) {
		q := authQuery("moment_management", "sandbox_user", "master", "code_challenge", s256(verifier), "code_challenge_method", "S256")
		code := authorize(t, sb, "/oauth/business/authorize", q).Get("code")
		form := url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey}, "client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}}
		kauthError(t, tokenCall(sb, "/oauth/business/token", form), 400, "invalid_grant", "KOE320")
		form.Set("code_verifier", verifier)
		assert.Equal(t, 200, tokenCall(sb, "/oauth/business/token", form).Status)
	})
}

func rulesTokenEndpoint(t *testing.T) {
	sb, _ := oidcSandbox(t)

	t.Run("T10_scope_always_present", func(t *testing.T) {
		r := oidcExchange(sb, oidcCode(t, sb, ""))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Contains(t, r.JSON(t), "scope", "present, empty: no consent item was asked for")
		assert.Equal(t, "", r.JSON(t)["scope"])
		refreshed := refreshOf(t, sb, r.JSON(t)["refresh_token"].(string))
		assert.Contains(t, refreshed, "scope")
		biz := businessToken(t, sb, "master", "moment_management")
		assert.Equal(t, "moment_management", biz["scope"])
	})
	t.Run("T10_refresh_token_expires_in_with_every_refresh_token", func(t *testing.T) {
		r := oidcExchange(sb, oidcCode(t, sb, "openid"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.EqualValues(t, 5183999, r.JSON(t)["refresh_token_expires_in"])
		sb.Advance("31d")
		rotated := refreshOf(t, sb, r.JSON(t)["refresh_token"].(string))
		require.Contains(t, rotated, "refresh_token", "inside its last month it is replaced")
		assert.EqualValues(t, 5183999, rotated["refresh_token_expires_in"])
	})
	t.Run("T10_http_basic_says_to_use_the_form", func(t *testing.T) {
		code := oidcCode(t, sb, "openid")
		form := url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {callbackURI}, "code": {code}}
		r := sb.Do(req{Method: "POST", Path: "/oauth/token", Body: form.Encode(), Header: map[string]string{
			"Content-Type":  "application/x-www-form-urlencoded",
			"Authorization": "Basic " + basic(oidcKey, oidcSecret)}})
		kauthError(t, r, 401, "invalid_client", "KOE010")
		desc := r.JSON(t)["error_description"].(string)
		assert.Contains(t, desc, "client_id and client_secret")
		assert.Contains(t, desc, "form")
		assert.Equal(t, 200, oidcExchange(sb, code).Status, "the same code, credentials in the form")
	})
	t.Run("T10_json_body_says_to_send_a_form", func(t *testing.T) {
		for _, path := range []string{"/oauth/token", "/oauth/business/token"} { // both token endpoints (issue 12)
			r := sb.Do(req{Method: "POST", Path: path, Body: map[string]any{"grant_type": "authorization_code", "client_id": oidcKey}})
			kauthError(t, r, 400, "invalid_request", "")
			desc := r.JSON(t)["error_description"].(string)
			assert.Contains(t, desc, "application/x-www-form-urlencoded", path)
			assert.Contains(t, desc, "not application/json", path)
		}
	})
}

func refreshOf(t *testing.T, sb *sandboxtest.Sandbox, rt string) map[string]any {
	t.Helper()
	r := tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {oidcKey}, "client_secret": {oidcSecret}, "refresh_token": {rt}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}
