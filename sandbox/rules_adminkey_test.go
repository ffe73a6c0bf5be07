package sandbox_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// rulesAdminKey: rule H01, the app's admin key (Authorization: KakaoAK) on
// Kakao Login's user calls and GET /v1/user/ids (docs/kakao-api.md §10.4).
func rulesAdminKey(t *testing.T) {
	t.Run("H01_user_info_of_any_connected_user_within_its_consent", h01UserInfo)
	t.Run("H01_logout_ends_every_token_of_the_user", h01LogoutEveryToken)
	t.Run("H01_unlink_ends_the_connection_and_its_tokens", h01Unlink)
	t.Run("H01_user_ids_page_both_ways", h01UserIDsPaging)
	t.Run("H01_each_call_takes_its_own_kind_of_key", h01KeyKinds)
	t.Run("H01_a_wrong_admin_key_is_refused", h01WrongAdminKey)
	t.Run("H01_target_is_checked", h01TargetChecked)
	t.Run("H01_admin_keys_are_unique", h01AdminKeysUnique)
	t.Run("H01_the_journal_never_shows_an_admin_key", h01JournalNoAdminKey)
	t.Run("H01_an_unlink_with_the_admin_key_sends_no_webhook", h01UnlinkSendsNoWebhook)
}

// adminFixture gives the rules app an admin key and connects users: master
// (1), member (2), personal (3) log in to it; outsider (4) logs in only to
// another app, with another admin key.
const (
	adminKey      = "test-admin-key-rules"
	otherAdminKey = "test-admin-key-other"
)

var adminFixture = fmt.Sprintf(`
apps:
  - {key: admin-app, name: Admin Key App, restApiKey: admin-rest-key, adminKey: %s, consentItems: [profile_nickname, account_email]}
  - {key: other-app, name: Other App, restApiKey: other-rest-key, adminKey: %s}
tokens:
  - {token: admin-login-master, user: master, app: admin-app, type: login, scopes: [profile_nickname], expiresIn: 0}
  - {token: admin-login-member, user: member, app: admin-app, type: login, scopes: [profile_nickname, account_email], expiresIn: 0}
  - {token: admin-login-personal, user: personal, app: admin-app, type: login, scopes: [profile_nickname], expiresIn: 0}
  - {token: other-login-outsider, user: outsider, app: other-app, type: login, scopes: [profile_nickname], expiresIn: 0}
`, adminKey, otherAdminKey)

func newAdminSandbox(t *testing.T, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	sb := newSandbox(t, append([]sandboxtest.Option{sandboxtest.NoRateLimits}, opts...)...)
	sb.LoadFixtures([]byte(adminFixture))
	return sb
}

// adminCall sends an admin-key call; form, when not nil, as the body.
func adminCall(sb *sandboxtest.Sandbox, method, path, key string, form url.Values) sandboxtest.Response {
	r := req{Method: method, Path: path, Header: map[string]string{"Authorization": "KakaoAK " + key}}
	if form != nil {
		r.Body = form.Encode()
		r.Header["Content-Type"] = "application/x-www-form-urlencoded;charset=utf-8"
	}
	return sb.Do(r)
}

func target(user int) url.Values {
	return url.Values{"target_id_type": {"user_id"}, "target_id": {fmt.Sprint(user)}}
}

func h01UserInfo(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	// GET with the query: member consented to the email, master did not.
	r := adminCall(sb, "GET", "/v2/user/me?"+target(2).Encode(), adminKey, nil)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	m := r.JSON(t)
	assert.EqualValues(t, 2, m["id"])
	account := m["kakao_account"].(map[string]any)
	assert.Equal(t, false, account["email_needs_agreement"])
	assert.NotEmpty(t, account["email"])
	// POST with the form, as Kakao's sample sends it.
	r = adminCall(sb, "POST", "/v2/user/me", adminKey, target(1))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	m = r.JSON(t)
	assert.EqualValues(t, 1, m["id"])
	account = m["kakao_account"].(map[string]any)
	assert.Equal(t, true, account["email_needs_agreement"], "master's connection holds no account_email")
	assert.Nil(t, account["email"])
	assert.NotEmpty(t, m["properties"].(map[string]any)["nickname"])
	// The same as the user's own token tells.
	own := userMe(sb, "admin-login-master", "")
	require.Equal(t, 200, own.Status, "%s", own.Body)
	assert.Equal(t, own.JSON(t)["kakao_account"], account)
}

func h01LogoutEveryToken(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	second := sb.MintToken(sandboxtest.TokenParams{User: "master", App: "admin-app", Type: "login", Scopes: []string{"profile_nickname"}})
	biz := sb.MintToken(sandboxtest.TokenParams{User: "master", App: "rules", Type: "business", Scopes: []string{"moment_management"}})
	require.Equal(t, 200, userMe(sb, second, "").Status)

	r := adminCall(sb, "POST", "/v1/user/logout", adminKey, target(1))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.EqualValues(t, 1, r.JSON(t)["id"])
	for _, tok := range []string{"admin-login-master", second} { // every device
		kakaoError(t, userMe(sb, tok, ""), 401, -401, 0)
	}
	assert.Equal(t, 200, userMe(sb, "admin-login-member", "").Status, "another user's token lives on")
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/v1/user/access_token_info", Token: biz}).Status, "a business token is not a login")
	assert.Equal(t, 200, adminCall(sb, "GET", "/v2/user/me?"+target(1).Encode(), adminKey, nil).Status, "logout keeps the connection")
}

func h01Unlink(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	r := adminCall(sb, "POST", "/v1/user/unlink", adminKey, target(3))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.EqualValues(t, 3, r.JSON(t)["id"])
	kakaoError(t, userMe(sb, "admin-login-personal", ""), 401, -401, 0)
	kakaoError(t, adminCall(sb, "GET", "/v2/user/me?"+target(3).Encode(), adminKey, nil), 400, -101, 0)
	kakaoError(t, adminCall(sb, "POST", "/v1/user/unlink", adminKey, target(3)), 400, -101, 0)
	kakaoError(t, adminCall(sb, "POST", "/v1/user/logout", adminKey, target(3)), 400, -101, 0)
	ids := adminCall(sb, "GET", "/v1/user/ids", adminKey, nil)
	require.Equal(t, 200, ids.Status, "%s", ids.Body)
	assert.Equal(t, []any{1.0, 2.0}, ids.JSON(t)["elements"])
}

// page reads one page of /v1/user/ids at pathAndQuery.
func page(t *testing.T, sb *sandboxtest.Sandbox, pathAndQuery string) (ids []any, before, after string) {
	t.Helper()
	r := adminCall(sb, "GET", pathAndQuery, adminKey, nil)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	m := r.JSON(t)
	link := func(v any) string {
		if v == nil {
			return ""
		}
		u, err := url.Parse(v.(string))
		require.NoError(t, err)
		base, _ := url.Parse(sb.URL)
		assert.Equal(t, base.Host, u.Host, "a link leads back to the host the call came to")
		return u.RequestURI()
	}
	return m["elements"].([]any), link(m["before_url"]), link(m["after_url"])
}

func h01UserIDsPaging(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	for _, u := range []string{"outsider"} { // outsider joins: 1–4, with other-app's too
		sb.MintToken(sandboxtest.TokenParams{User: u, App: "admin-app", Type: "login", Scopes: []string{"profile_nickname"}})
	}
	ids, before, after := page(t, sb, "/v1/user/ids")
	assert.Equal(t, []any{1.0, 2.0, 3.0, 4.0}, ids)
	assert.Empty(t, before)
	assert.Empty(t, after)

	// Ascending, two at a time, forth and back.
	ids, before, after = page(t, sb, "/v1/user/ids?limit=2")
	assert.Equal(t, []any{1.0, 2.0}, ids)
	assert.Empty(t, before)
	ids, before, after = page(t, sb, after)
	assert.Equal(t, []any{3.0, 4.0}, ids)
	assert.Empty(t, after, "the last page")
	ids, _, _ = page(t, sb, before)
	assert.Equal(t, []any{2.0, 1.0}, ids, "the page before, read backwards")

	// Descending from an id, inclusive.
	ids, before, after = page(t, sb, "/v1/user/ids?order=desc&limit=3&from_id=3")
	assert.Equal(t, []any{3.0, 2.0, 1.0}, ids)
	assert.Empty(t, after)
	ids, _, _ = page(t, sb, before)
	assert.Equal(t, []any{4.0}, ids)
	ids, _, after = page(t, sb, "/v1/user/ids?order=desc&limit=1")
	assert.Equal(t, []any{4.0}, ids)
	ids, _, _ = page(t, sb, after)
	assert.Equal(t, []any{3.0}, ids)

	// The other app sees only its own user.
	other := adminCall(sb, "GET", "/v1/user/ids", otherAdminKey, nil)
	require.Equal(t, 200, other.Status, "%s", other.Body)
	assert.Equal(t, []any{4.0}, other.JSON(t)["elements"])

	for _, q := range []string{"limit=0", "limit=101", "order=sideways", "from_id=x"} {
		field, _, _ := strings.Cut(q, "=")
		msg := kakaoError(t, adminCall(sb, "GET", "/v1/user/ids?"+q, adminKey, nil), 400, -2, 0)
		contains(t, msg, field)
	}
}

func h01KeyKinds(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	// A user's token where the admin key belongs.
	r := sb.Do(req{Method: "GET", Path: "/v1/user/ids", Token: "admin-login-master"})
	contains(t, kakaoError(t, r, 401, -401, 0), "admin key", "KakaoAK")
	contains(t, kakaoError(t, sb.Do(req{Method: "GET", Path: "/v1/user/ids"}), 401, -401, 0), "KakaoAK")
	// The admin key where a user's token belongs.
	for _, path := range []string{"/v1/user/access_token_info", "/v1/oidc/userinfo"} {
		contains(t, kakaoError(t, adminCall(sb, "GET", path, adminKey, nil), 401, -401, 0), "access token", "Bearer")
	}
	moment := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance",
		Header: map[string]string{"Authorization": "KakaoAK " + adminKey, "adAccountId": fmt.Sprint(healthyAds)}})
	contains(t, kakaoError(t, moment, 401, -401, 0), "Bearer")
	// Where either goes, the token still works as before.
	assert.Equal(t, 200, userMe(sb, "admin-login-member", "").Status)
}

func h01WrongAdminKey(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	const wrong = "not-the-admin-key-at-all"
	for _, r := range []sandboxtest.Response{
		adminCall(sb, "GET", "/v1/user/ids", wrong, nil),
		adminCall(sb, "POST", "/v1/user/logout", wrong, target(1)),
		adminCall(sb, "GET", "/v2/user/me?"+target(1).Encode(), "test-rest-api-key", nil), // the REST API key is not the admin key
	} {
		msg := kakaoError(t, r, 401, -401, 0)
		assert.NotContains(t, msg, wrong)
	}
	assert.Equal(t, 200, userMe(sb, "admin-login-master", "").Status, "nothing happened")
}

func h01TargetChecked(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	for _, c := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"target_id_type": {"user_id"}}, "target_id"},
		{url.Values{"target_id": {"1"}}, "target_id_type"},
		{url.Values{"target_id_type": {"user_id"}, "target_id": {"abc"}}, "target_id"},
		{url.Values{"target_id_type": {"uuid"}, "target_id": {"1"}}, "target_id_type"},
		{url.Values{"target_id_type": {"user_id"}, "target_id": {"0"}}, "target_id"},
	} {
		for _, path := range []string{"/v1/user/logout", "/v1/user/unlink", "/v2/user/me"} {
			msg := kakaoError(t, adminCall(sb, "POST", path, adminKey, c.form), 400, -2, 0)
			contains(t, msg, c.field)
		}
	}
	kakaoError(t, adminCall(sb, "GET", "/v2/user/me?target_id_type=user_id", adminKey, nil), 400, -2, 0)
	// outsider (4) is another app's user; 999 is nobody.
	for _, user := range []int{4, 999} {
		for _, path := range []string{"/v1/user/logout", "/v1/user/unlink", "/v2/user/me"} {
			kakaoError(t, adminCall(sb, "POST", path, adminKey, target(user)), 400, -101, 0)
		}
	}
	assert.Equal(t, 200, userMe(sb, "other-login-outsider", "").Status, "the other app's user is untouched")
}

func h01AdminKeysUnique(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"},
		Body: "apps:\n  - {key: copycat, name: Copycat, restApiKey: copycat-rest-key, adminKey: " + adminKey + "}\n"})
	msg := kakaoError(t, r, 400, -2, 0)
	contains(t, msg, "adminKey", "Admin Key App")
	assert.NotContains(t, msg, adminKey)
	// The key still names its own app.
	assert.Equal(t, 200, adminCall(sb, "GET", "/v1/user/ids", adminKey, nil).Status)
}

func h01JournalNoAdminKey(t *testing.T) {
	t.Parallel()
	sb := newAdminSandbox(t, func(c *sandbox.Config) { c.JournalBodies = true })
	const wrong = "wrong-admin-key-in-the-journal"
	require.Equal(t, 200, adminCall(sb, "POST", "/v2/user/me", adminKey, target(1)).Status)
	require.Equal(t, 200, adminCall(sb, "GET", "/v1/user/ids?limit=1", adminKey, nil).Status)
	require.Equal(t, 200, adminCall(sb, "POST", "/v1/user/logout", adminKey, target(2)).Status)
	adminCall(sb, "GET", "/v1/user/ids", wrong, nil)

	r := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?limit=100"})
	require.Equal(t, 200, r.Status)
	journal := string(r.Body)
	assert.Contains(t, journal, "getUserIds", "the calls are there")
	assert.Contains(t, journal, "adminKey", "the fixture load is there, its keys masked")
	for _, key := range []string{adminKey, otherAdminKey, wrong} {
		assert.NotContains(t, journal, key)
	}
	var entries struct {
		Requests []struct {
			OperationID string `json:"operationId"`
			UserID      int64  `json:"userId"`
			AppID       int64  `json:"appId"`
		} `json:"requests"`
	}
	r.Decode(t, &entries)
	seen := 0
	for _, e := range entries.Requests {
		if e.OperationID == "logoutUser" {
			seen++
			assert.EqualValues(t, 2, e.UserID, "the journal names the target user")
			assert.NotZero(t, e.AppID)
		}
	}
	assert.Equal(t, 1, seen, "%s", journal)
}

// h01UnlinkSendsNoWebhook: the app asked, so no unlink webhook (§10.1, the
// last clause of H02); an unlink on Kakao's side, to the same setting, sends one.
func h01UnlinkSendsNoWebhook(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { calls.Add(1) }))
	defer receiver.Close()
	sb := newAdminSandbox(t)
	ids := sb.LoadFixtures([]byte("apps: [{key: hooked, name: Hooked, restApiKey: hooked-rest-key, adminKey: hooked-admin-key, " +
		"webhooks: {unlink: {url: \"" + receiver.URL + "/unlink\", method: POST}}}]\n" +
		"tokens:\n  - {token: hooked-login-master, user: master, app: hooked, type: login, scopes: [profile_nickname], expiresIn: 0}\n" +
		"  - {token: hooked-login-member, user: member, app: hooked, type: login, scopes: [profile_nickname], expiresIn: 0}\n"))
	appID := ids["apps"]["hooked"]
	deliveries := func() []any {
		r := sb.Do(req{Method: "GET", Path: fmt.Sprintf("/_sandbox/webhooks/deliveries?appId=%d", appID)})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		return r.JSON(t)["deliveries"].([]any)
	}

	require.Equal(t, 200, adminCall(sb, "POST", "/v1/user/unlink", "hooked-admin-key", target(1)).Status)
	assert.Empty(t, deliveries(), "an unlink the app calls queues nothing")

	r := sb.Do(req{Method: "POST", Path: "/_sandbox/users/2/unlink", Body: map[string]any{"appId": appID, "referrerType": "UNLINK_FROM_APPS"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Len(t, deliveries(), 1, "Kakao's own unlink, to the same setting, queues one")
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, 20*time.Millisecond)
	assert.Len(t, deliveries(), 1, "and only that one was ever sent")
}
