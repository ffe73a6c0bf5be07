package sandbox_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// loginAs runs the headless Kakao Login flow for a user with the consent
// items of scope (comma-separated), and answers the token response.
func loginAs(t *testing.T, sb *sandboxtest.Sandbox, user, scope string) map[string]any {
	t.Helper()
	code := authorize(t, sb, "/oauth/authorize", authQuery(scope, "sandbox_user", user)).Get("code")
	r := tokenCall(sb, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey},
		"client_secret": {secret}, "redirect_uri": {callbackURI}, "code": {code}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func userMe(sb *sandboxtest.Sandbox, token, query string) sandboxtest.Response {
	return sb.Do(req{Method: "GET", Path: "/v2/user/me" + query, Token: token})
}

// account is the kakao_account object of a user info answer.
func account(t *testing.T, r sandboxtest.Response) map[string]any {
	t.Helper()
	require.Equal(t, 200, r.Status, "%s", r.Body)
	a, ok := r.JSON(t)["kakao_account"].(map[string]any)
	require.True(t, ok, "no kakao_account: %s", r.Body)
	return a
}

func rulesLoginUser(t *testing.T) {
	t.Run("T07_user_info_has_kakaos_shape", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		tok := loginAs(t, sb, "member", "profile_nickname,profile_image,account_email")["access_token"].(string)
		r := userMe(sb, tok, "")
		m := r.JSON(t)
		assert.EqualValues(t, 2, m["id"])
		connected, err := time.Parse(time.RFC3339, m["connected_at"].(string))
		require.NoError(t, err, "connected_at is RFC 3339: %s", r.Body)
		assert.Equal(t, time.UTC, connected.Location(), "Kakao writes it in UTC (Z)")
		assert.Equal(t, map[string]any{"nickname": "윤하린",
			"profile_image":   "http://img.example.com/kakao-sandbox/default_profile_640x640.jpg",
			"thumbnail_image": "http://img.example.com/kakao-sandbox/default_profile_110x110.jpg"}, m["properties"])
		a := account(t, r)
		assert.Equal(t, false, a["profile_nickname_needs_agreement"])
		assert.Equal(t, false, a["profile_image_needs_agreement"])
		assert.Equal(t, map[string]any{"nickname": "윤하린", "is_default_nickname": false, "is_default_image": true,
			"profile_image_url":   "http://img.example.com/kakao-sandbox/default_profile_640x640.jpg",
			"thumbnail_image_url": "http://img.example.com/kakao-sandbox/default_profile_110x110.jpg"}, a["profile"])
		assert.Equal(t, "member@example.com", a["email"], "the made-up email comes from the user's key")
		for _, f := range []string{"has_email", "is_email_valid", "is_email_verified"} {
			assert.Equal(t, true, a[f], f)
		}
		assert.Equal(t, false, a["email_needs_agreement"])
	})

	t.Run("T07_each_field_only_with_its_consent_item", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		tok := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		r := userMe(sb, tok, "")
		assert.Equal(t, map[string]any{"nickname": "윤하린"}, r.JSON(t)["properties"], "no image without profile_image")
		a := account(t, r)
		assert.Equal(t, map[string]any{"nickname": "윤하린", "is_default_nickname": false}, a["profile"])
		assert.Equal(t, true, a["profile_image_needs_agreement"])
		for _, item := range []string{"email", "phone_number", "birthyear", "birthday", "gender", "age_range"} {
			assert.NotContains(t, a, item, "no %s without its consent item", item)
			assert.Equal(t, true, a[item+"_needs_agreement"], item)
			assert.Equal(t, true, a["has_"+item], "has_%s says there is one to ask for", item)
		}
		assert.NotContains(t, a, "is_email_valid")

		all := loginAs(t, sb, "member", "phone_number,birthyear,birthday,gender,age_range")["access_token"].(string)
		a = account(t, userMe(sb, all, ""))
		assert.Equal(t, "+82 10-0000-0002", a["phone_number"])
		assert.Equal(t, "1990", a["birthyear"])
		assert.Equal(t, "0101", a["birthday"])
		assert.Equal(t, "SOLAR", a["birthday_type"])
		assert.Equal(t, "male", a["gender"], "made up from the id: even is male")
		assert.Regexp(t, `^[0-9]+~[0-9]*$`, a["age_range"], "derived from the birth year")
		assert.Equal(t, true, a["email_needs_agreement"], "this token lacks account_email")
	})

	t.Run("T07_a_fixture_profile_is_answered_as_given", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.LoadFixtures([]byte(`users: [{key: jiwoo, id: 7, name: 한지우, profile: {nickname: 지우, profileImageUrl: "http://img.example.com/jiwoo_640x640.jpg",
  email: jiwoo@example.org, phoneNumber: "+82 10-9876-5432", birthyear: "2001", birthday: "1224", gender: female, ageRange: "20~29"}}]`))
		tok := loginAs(t, sb, "jiwoo", "profile_nickname,profile_image,account_email,phone_number,birthyear,birthday,gender,age_range")["access_token"].(string)
		a := account(t, userMe(sb, tok, "?secure_resource=true"))
		assert.Equal(t, map[string]any{"nickname": "지우", "is_default_nickname": false, "is_default_image": false,
			"profile_image_url":   "https://img.example.com/jiwoo_640x640.jpg",
			"thumbnail_image_url": "https://img.example.com/jiwoo_110x110.jpg"}, a["profile"], "secure_resource: https")
		for k, v := range map[string]string{"email": "jiwoo@example.org", "phone_number": "+82 10-9876-5432", "birthyear": "2001",
			"birthday": "1224", "gender": "female", "age_range": "20~29"} {
			assert.Equal(t, v, a[k], k)
		}
	})

	t.Run("T07_post_form_and_property_keys", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		tok := loginAs(t, sb, "member", "profile_nickname,account_email")["access_token"].(string)
		form := url.Values{"property_keys": {`["kakao_account.email"]`}}
		r := sb.Do(req{Method: "POST", Path: "/v2/user/me", Token: tok,
			Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}, Body: form.Encode()})
		m := r.JSON(t)
		assert.NotContains(t, m, "properties", "only what property_keys names: %s", r.Body)
		assert.Equal(t, map[string]any{"has_email": true, "email_needs_agreement": false, "is_email_valid": true,
			"is_email_verified": true, "email": "member@example.com"}, account(t, r))
		assert.Contains(t, m, "id")
		assert.Contains(t, m, "connected_at")

		r = userMe(sb, tok, "?property_keys="+url.QueryEscape(`["properties.nickname"]`))
		assert.Equal(t, map[string]any{"nickname": "윤하린"}, r.JSON(t)["properties"])
		assert.NotContains(t, r.JSON(t), "kakao_account")

		kakaoError(t, userMe(sb, tok, "?property_keys="+url.QueryEscape(`["kakao_account.shoe_size"]`)), 400, -201, 0)
		kakaoError(t, userMe(sb, tok, "?property_keys=kakao_account.email"), 400, -2, 0)
	})

	t.Run("T07_a_business_token_is_refused", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		msg := kakaoError(t, userMe(sb, master, ""), 401, -401, 0)
		assert.Contains(t, msg, "Kakao Login access token")
		kakaoError(t, sb.Do(req{Method: "POST", Path: "/v1/user/logout", Token: master}), 401, -401, 0)
		assert.EqualValues(t, 500000, balance(t, sb, master, healthyAds).Cash, "the business token still works")
	})

	t.Run("T07_logout_ends_the_token_and_its_refresh_token", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		first := loginAs(t, sb, "member", "profile_nickname")
		second := loginAs(t, sb, "member", "profile_nickname") // another device
		refreshed := refreshCall(sb, first["refresh_token"].(string))
		require.Equal(t, 200, refreshed.Status, "%s", refreshed.Body)
		again := refreshed.JSON(t)["access_token"].(string) // the first sign-in, refreshed
		tok := first["access_token"].(string)
		biz := businessToken(t, sb, "member", "moment_management")["access_token"].(string)

		r := sb.Do(req{Method: "POST", Path: "/v1/user/logout", Token: tok})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, map[string]any{"id": 2.0}, r.JSON(t))
		kakaoError(t, userMe(sb, tok, ""), 401, -401, 0)
		kakaoError(t, userMe(sb, again, ""), 401, -401, 0)
		kauthError(t, refreshCall(sb, first["refresh_token"].(string)), 400, "invalid_grant", "KOE322")
		assert.Equal(t, 200, userMe(sb, second["access_token"].(string), "").Status, "the user's other sign-ins stay")
		assert.Equal(t, 200, refreshCall(sb, second["refresh_token"].(string)).Status, "and can still refresh")
		assert.EqualValues(t, 500000, balance(t, sb, biz, healthyAds).Cash, "business tokens are not Kakao Login's to end")
		assert.Equal(t, 200, userMe(sb, loginAs(t, sb, "master", "profile_nickname")["access_token"].(string), "").Status, "other users stay signed in")

		minted := sb.Do(req{Method: "POST", Path: "/_sandbox/tokens", Body: map[string]any{
			"user": "member", "app": "rules", "type": "login", "scopes": []string{"profile_nickname"}}})
		require.Equal(t, 201, minted.Status, "%s", minted.Body)
		fixture := minted.JSON(t)["access_token"].(string) // a fixture's token: a sign-in of its own
		require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/v1/user/logout", Token: fixture}).Status)
		kakaoError(t, userMe(sb, fixture, ""), 401, -401, 0)
		assert.Equal(t, 200, userMe(sb, second["access_token"].(string), "").Status)
	})

	t.Run("T07_a_token_logs_out_once", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		tok := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		statuses := make(chan int, 8)
		for range cap(statuses) {
			go func() { statuses <- sb.Do(req{Method: "POST", Path: "/v1/user/logout", Token: tok}).Status }()
		}
		ok := 0
		for range cap(statuses) {
			if <-statuses == 200 {
				ok++
			}
		}
		assert.Equal(t, 1, ok, "logouts at once with one token: one ends it, the others find it gone (-401)")
	})

	t.Run("T07_unlink_removes_the_apps_consent", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		first := loginAs(t, sb, "member", "profile_nickname")
		connectedAt := userMe(sb, first["access_token"].(string), "").JSON(t)["connected_at"]
		sb.Advance("1h")
		again := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		assert.Equal(t, connectedAt, userMe(sb, again, "").JSON(t)["connected_at"], "connected on the first approval only")

		r := sb.Do(req{Method: "POST", Path: "/v1/user/unlink", Token: again})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, map[string]any{"id": 2.0}, r.JSON(t))
		kakaoError(t, userMe(sb, again, ""), 401, -401, 0)
		kakaoError(t, userMe(sb, first["access_token"].(string), ""), 401, -401, 0)
		kauthError(t, refreshCall(sb, first["refresh_token"].(string)), 400, "invalid_grant", "KOE322")

		sb.Advance("1h")
		back := loginAs(t, sb, "member", "profile_nickname")["access_token"].(string)
		reconnected := userMe(sb, back, "").JSON(t)["connected_at"]
		assert.NotEqual(t, connectedAt, reconnected, "approving again connects anew")
		assert.Greater(t, reconnected.(string), connectedAt.(string))
	})
}
