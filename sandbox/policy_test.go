package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// policyFixture is this file's own world: one advertiser with cash, a Biz
// app, and a business token.
const policyFixture = `
users: [{key: policy-user, name: 정책테스트}]
apps: [{key: policy-app, name: Policy App, restApiKey: policy-rest-key, clientSecret: policy-secret,
        redirectUris: ["http://localhost:4000/cb"], bizApp: true, consentItems: [moment_management]}]
companies: [{key: policy-co, name: (주)정책, businessRegistrationNumber: "333-44-55555"}]
wallets: [{key: policy-w, type: BUSINESS, company: policy-co, master: policy-user, paidCash: 100000}]
adAccounts: [{key: policy-ads, id: 30001, name: 정책 광고계정, company: policy-co, wallet: policy-w,
              members: [{user: policy-user, role: MASTER}]}]
tokens: [{token: policy-biz-token, user: policy-user, app: policy-app, type: business, scopes: [moment_management]}]
`

func policySandbox(t *testing.T, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	return sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithFixtures([]byte(policyFixture))}, opts...)...)
}

func policyVA(method string, body any) sandboxtest.Request {
	return sandboxtest.Request{Method: method, Path: "/openapi/v4/billing/virtualAccount", Token: "policy-biz-token",
		Header: map[string]string{"adAccountId": "30001"}, Body: body}
}

// TestPolicyFromTheDocument: what the pipeline does per operation is what
// openapi.yaml says, not a Go table.
func TestPolicyFromTheDocument(t *testing.T) {
	t.Run("V08_the_get_form_counts_against_the_post_limit", func(t *testing.T) {
		t.Parallel()
		sb := policySandbox(t)
		body := map[string]any{"adAccountId": 30001, "amount": 10000, "bankCode": "88"}
		require.Equal(t, 200, sb.Do(policyVA("POST", body)).Status)
		r := sb.Do(policyVA("GET", body))
		require.Equal(t, 429, r.Status, "x-kakao-rate-limit-bucket: createVirtualAccount; %s", r.Body)
		assert.EqualValues(t, -813, r.JSON(t)["code"])
	})

	t.Run("rate_limit_overrides_name_operations_of_the_document", func(t *testing.T) {
		t.Parallel()
		for flag, want := range map[string]string{
			"noSuchOperation=1/s":             `no operation "noSuchOperation"`,
			"createVirtualAccountWithGet=5/s": "counts against createVirtualAccount's limit",
			"createVirtualAccount=fast":       "createVirtualAccount=fast",
			"getAdAccountBalance=2/fortnight": "getAdAccountBalance=2/fortnight",
			"createVirtualAccountWithGet=off": "set that one",
			"":                                "want operationId=N/s or off",
			"getHealth=1/s":                   "takes no token, and limits are per user",
		} {
			_, err := sandbox.Open(sandbox.Config{DataPath: t.TempDir() + "/x.db", RateLimits: []string{flag}})
			require.Error(t, err, flag)
			assert.Contains(t, err.Error(), want, flag)
		}
		sb := policySandbox(t, sandboxtest.RateLimit("getAdAccountBalance=1/m"))
		balance := sandboxtest.Request{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: "policy-biz-token", Header: map[string]string{"adAccountId": "30001"}}
		require.Equal(t, 200, sb.Do(balance).Status)
		assert.Equal(t, 429, sb.Do(balance).Status, "any operation may be given a limit")
		body := map[string]any{"adAccountId": 30001, "amount": 10000, "bankCode": "88"}
		require.Equal(t, 200, sb.Do(policyVA("POST", body)).Status)
		assert.Equal(t, 429, sb.Do(policyVA("POST", body)).Status, "the document's limits stay")
	})

	t.Run("error_shape_follows_the_surface", func(t *testing.T) {
		t.Parallel()
		sb := policySandbox(t)
		moment := sb.Do(policyVA("POST", map[string]any{"adAccountId": 30001, "amount": 10000, "bankCode": "99"}))
		require.Equal(t, 400, moment.Status)
		assert.Contains(t, moment.JSON(t), "extras", "Moment errors always carry extras: %s", moment.Body)

		kauth := sb.Do(sandboxtest.Request{Method: "POST", Path: "/oauth/token", Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, Body: "client_id=policy-rest-key"})
		require.Equal(t, 400, kauth.Status, "%s", kauth.Body)
		assert.Equal(t, "invalid_request", kauth.JSON(t)["error"], "kauth answers a bad parameter in OAuth's shape: %s", kauth.Body)

		kapi := sb.Do(sandboxtest.Request{Method: "GET", Path: "/v1/business/tokeninfo", Token: "no-such-token"})
		require.Equal(t, 401, kapi.Status)
		assert.NotContains(t, kapi.JSON(t), "extras", "kapi's shape has no extras: %s", kapi.Body)

		// A request that matches no operation takes the shape of the paths it is under.
		unknown := sb.Do(sandboxtest.Request{Method: "GET", Path: "/openapi/v4/nothing"})
		require.Equal(t, 404, unknown.Status)
		assert.EqualValues(t, -9404, unknown.JSON(t)["code"], "the sandbox's own code, never Kakao's -3")
		assert.Contains(t, unknown.JSON(t), "extras", "%s", unknown.Body)
		wrongMethod := sb.Do(sandboxtest.Request{Method: "DELETE", Path: "/openapi/v4/adAccounts/balance"})
		require.Equal(t, 405, wrongMethod.Status)
		assert.Contains(t, wrongMethod.JSON(t), "extras", "%s", wrongMethod.Body)
		oauth := sb.Do(sandboxtest.Request{Method: "GET", Path: "/oauth/token"})
		require.Equal(t, 405, oauth.Status)
		assert.Equal(t, "invalid_request", oauth.JSON(t)["error"], "%s", oauth.Body)
		elsewhere := sb.Do(sandboxtest.Request{Method: "GET", Path: "/nowhere"})
		require.Equal(t, 404, elsewhere.Status)
		assert.NotContains(t, elsewhere.JSON(t), "extras", "%s", elsewhere.Body)
	})

	t.Run("the_admin_token_guards_the_sandboxs_own_operations", func(t *testing.T) {
		t.Parallel()
		sb := policySandbox(t, func(c *sandbox.Config) { c.AdminToken = "policy-admin" })
		for _, r := range []sandboxtest.Request{
			{Method: "GET", Path: "/_sandbox/clock"},
			{Method: "GET", Path: "/_sandbox/requests"},
			{Method: "POST", Path: "/_sandbox/ad-accounts/30001/spend", Body: map[string]any{"amount": 1}},
		} {
			assert.Equal(t, 401, sb.Do(r).Status, "%s %s", r.Method, r.Path)
			r.Token = "policy-admin"
			assert.Equal(t, 200, sb.Do(r).Status, "%s %s", r.Method, r.Path)
		}
		assert.Equal(t, 200, sb.Do(sandboxtest.Request{Method: "GET", Path: "/openapi.yaml"}).Status, "x-sandbox-public")
		assert.Equal(t, 200, sb.Do(policyVA("POST", map[string]any{"adAccountId": 30001, "amount": 10000, "bankCode": "88"})).Status,
			"Kakao's own operations answer Kakao's tokens")
	})
}

// TestMintAlwaysSaysScope: the control plane's mint answers like the token
// endpoint, with scope present even when empty (docs/test-data.md).
func TestMintAlwaysSaysScope(t *testing.T) {
	t.Parallel()
	sb := policySandbox(t)
	r := sb.Do(sandboxtest.Request{Method: "POST", Path: "/_sandbox/tokens", Body: map[string]any{"user": "policy-user", "app": "policy-app", "type": "login"}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	assert.Equal(t, "", r.JSON(t)["scope"])
	assert.Equal(t, "bearer", r.JSON(t)["token_type"])
	assert.NotContains(t, r.JSON(t), "expires_in", "a token that never expires says no lifetime")
}
