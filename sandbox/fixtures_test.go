package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

const shopFixture = `
users: [{key: gil, name: 홍길동, identityVerified: true}]
companies: [{key: shop, name: 주식회사 길동상회, businessRegistrationNumber: "111-22-33333", representativeName: 홍길동}]
channels: [{key: shop-ch, name: 길동상회, type: BUSINESS, master: gil}]
wallets:
  - key: shop-w
    type: BUSINESS
    company: shop
    master: gil
    paidCash: 70000
    freeCash: [{amount: 3000, expiresAt: "2026-12-31", activated: true}]
    refundAccount: {bankCode: "04", accountNumber: "12345", holderName: (주)길동상회}
    connections: [shop-ch]
adAccounts: [{key: shop-ads, id: 30001, name: 길동상회 광고계정, company: shop, wallet: shop-w, members: [{user: gil, role: MASTER}]}]
tokens: [{token: sandbox-biz-gil, user: gil, app: rules, type: business, scopes: [moment_management]}]
`

func loadFixture(sb *sandboxtest.Sandbox, doc, query string) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures" + query, Header: map[string]string{"Content-Type": "application/yaml"}, Body: doc})
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	t.Run("load_answers_ids_and_the_entities_work", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		ids := sb.LoadFixtures([]byte(shopFixture))
		assert.EqualValues(t, 30001, ids["adAccounts"]["shop-ads"])
		assert.EqualValues(t, 6, ids["wallets"]["shop-w"], "after the five of testdata/rules.yaml")
		b := balance(t, sb, "sandbox-biz-gil", 30001)
		assert.Equal(t, balanceBody{ID: 30001, Cash: 70000, FreeCash: 3000, BizWalletID: 6}, b)
		sb.RequireLedger()
	})

	t.Run("existing_key_conflicts_unless_replaced", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.LoadFixtures([]byte(shopFixture))
		r := loadFixture(sb, shopFixture, "")
		require.Equal(t, 409, r.Status, "%s", r.Body)
		contains(t, r.JSON(t)["msg"].(string), "users[0] (gil)", "replace=true")

		replaced := `
wallets: [{key: shop-w, type: BUSINESS, company: shop, master: gil, paidCash: 90000, status: OFF}]
`
		r = loadFixture(sb, replaced, "?replace=true")
		require.Equal(t, 201, r.Status, "%s", r.Body)
		b := balance(t, sb, "sandbox-biz-gil", 30001)
		assert.EqualValues(t, 90000, b.Cash, "the new balance")
		assert.EqualValues(t, 0, b.FreeCash, "the old grants were reclaimed")
		kakaoError(t, trySpend(sb, 30001, 1000), 403, -6, 99003) // now OFF
		sb.RequireLedger()
	})

	t.Run("json_is_accepted_too", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: map[string]any{"users": []map[string]any{{"key": "j", "name": "제이"}}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		assert.EqualValues(t, 5, r.JSON(t)["ids"].(map[string]any)["users"].(map[string]any)["j"])
	})

	t.Run("all_or_nothing_with_the_bad_entry_named", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		bad := `
users: [{key: ok-user, name: 괜찮음}]
wallets: [{key: w1, type: PERSONAL, master: ok-user}, {key: w2, type: BUSINESS, company: nowhere, master: ok-user}]
`
		r := loadFixture(sb, bad, "")
		contains(t, kakaoError(t, r, 400, -2, 0), "wallets[1] (w2)", "nowhere")
		assert.Equal(t, 201, loadFixture(sb, "users: [{key: ok-user, name: 괜찮음}]", "").Status, "nothing of the failed load stayed")

		r = loadFixture(sb, "users: [{key: u, name: x, email: x@example.com}]", "")
		contains(t, kakaoError(t, r, 400, -2, 0), "email")
		r = loadFixture(sb, "wallets: [{key: p, type: BUSINESS, company: sky, master: master, refundAccount: {bankCode: '04', accountNumber: '1', holderName: 김철수}}]", "")
		contains(t, kakaoError(t, r, 400, -2, 0), "wallets[0] (p)", "refundAccount.holderName", "W11")
		r = loadFixture(sb, "wallets: [{key: p, type: BUSINESS, company: sky, master: master, connections: [personal-ch]}]", "")
		contains(t, kakaoError(t, r, 400, -2, 0), "W05")
		r = loadFixture(sb, "adAccounts: [{key: taken, id: 20001, name: x}]", "")
		contains(t, kakaoError(t, r, 409, -2, 0), "20001")
		r = loadFixture(sb, "tokens: [{token: lives-forever, user: master, app: rules, type: login, expiresIn: 9300000000}]", "")
		contains(t, kakaoError(t, r, 400, -2, 0), "tokens[0]", "expiresIn", "ten years")
		r = loadFixture(sb, "wallets: [{key: evil, id: 1, type: PERSONAL, master: personal}]", "")
		contains(t, kakaoError(t, r, 409, -2, 0), "wallets[0] (evil)", "wallet id 1 is already taken")
		assert.EqualValues(t, 500000, balance(t, sb, master, healthyAds).Cash, "a new key never replaces another entry's entity")
	})

	t.Run("reset_restores_demo_or_empties", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.Spend(healthyAds, 100000)
		sb.Advance("24h")
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.EqualValues(t, 500000, balance(t, sb, master, healthyAds).Cash)
		assert.Equal(t, "2026-01-01T09:00:00+09:00", sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)["now"])

		r = sb.Do(req{Method: "POST", Path: "/_sandbox/reset", Body: map[string]any{"fixtures": "empty"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: master, Header: map[string]string{"adAccountId": "20001"}}), 401, -401, 0)
	})

	t.Run("configured_fixtures_replace_the_demo", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t, func(c *sandbox.Config) {
			c.Fixtures = []byte("apps: [{key: rules, name: D, restApiKey: k, bizApp: true, consentItems: [moment_management]}]\n" + shopFixture)
		})
		assert.EqualValues(t, 70000, balance(t, sb, "sandbox-biz-gil", 30001).Cash)
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: "sandbox-biz-alice", Header: map[string]string{"adAccountId": "10001"}}), 401, -401, 0)
	})
}

func TestAdminToken(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, func(c *sandbox.Config) { c.AdminToken = "s3cret" })
	clock := req{Method: "GET", Path: "/_sandbox/clock"}
	kakaoError(t, sb.Do(clock), 401, -401, 0)
	for _, header := range []string{"Bearer wrong", "Basic s3cret", "s3cret", "Bearer", "Token s3cret", "Bearer s3cret extra"} {
		r := sb.Do(req{Method: "GET", Path: "/_sandbox/clock", Header: map[string]string{"Authorization": header}})
		kakaoError(t, r, 401, -401, 0) // only "Bearer <admin token>" opens the control plane
	}
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/_sandbox/clock", Token: "s3cret"}).Status)
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/_sandbox/clock", Header: map[string]string{"Authorization": "bearer s3cret"}}).Status,
		"the scheme is case-insensitive (RFC 9110)")
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/health"})
	require.Equal(t, 200, r.Status, "health stays open for container health checks")
	assert.Equal(t, "ok", r.JSON(t)["status"])
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/openapi.yaml"}).Status, "the contract stays public")
	assert.EqualValues(t, 500000, balance(t, sb, master, healthyAds).Cash, "Kakao's own paths use Kakao's tokens")
}
