package sandboxtest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The kit's own tests run on the demo data, the default a user gets.
const (
	alice = "sandbox-biz-alice"
	bob   = "sandbox-biz-bob"
	eve   = "sandbox-biz-eve"
)

func balanceCall(sb *sandboxtest.Sandbox, token string, adAccount int64) sandboxtest.Response {
	return sb.Do(sandboxtest.Request{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: token,
		Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}})
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	t.Run("virtual_account_deposit_spend_grant_advance", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		// The demo's ads on 10001 would spend the grant before it expires.
		for _, id := range []int{20001, 20002} {
			r := sb.Do(sandboxtest.Request{Method: "PUT", Path: "/openapi/v4/campaigns/onOff", Token: alice,
				Header: map[string]string{"adAccountId": "10001"}, Body: map[string]any{"id": id, "config": "OFF"}})
			require.Equal(t, 200, r.Status, "%s", r.Body)
		}
		va := sb.IssueVirtualAccount(alice, 10001, 20000, "04")
		assert.Equal(t, sandboxtest.VirtualAccount{AccountNumber: "90400000000001", AccountOwnerName: "(주)에이크미", Amount: 20000,
			BankCode: "04", BankName: "국민", ExpireDttm: "2026-01-08T09:00:00.000"}, va)
		d := sb.Deposit(va.AccountNumber, 20000)
		assert.Equal(t, "PAID", d.VirtualAccount.Status)
		assert.EqualValues(t, 10001, d.VirtualAccount.AdAccountID)
		assert.Equal(t, sandboxtest.Start().Unix(), d.VirtualAccount.PaidAt.Unix())
		assert.EqualValues(t, 520000, d.Wallet.PaidCash)

		g := sb.GrantFreeCash(d.Wallet.ID, 3000, "2026-01-02", true)
		assert.EqualValues(t, 3000, g.Remaining)
		assert.Equal(t, "2026-01-02", g.ExpiresOn)
		assert.EqualValues(t, 13000, g.Wallet.FreeCash)

		sp := sb.Spend(10001, 2000)
		assert.Equal(t, sandboxtest.Spent{Wallet: sp.Wallet, FromFreeCash: 2000, FromPaidCash: 0}, sp)
		assert.EqualValues(t, 11000, sp.Wallet.FreeCash)

		a := sb.Advance("2d")
		assert.Equal(t, "2026-01-03T09:00:00+09:00", a.Now.Format(time.RFC3339))
		assert.True(t, a.Frozen)
		var wallet []sandboxtest.Happened // the ads' own effects aside
		for _, h := range a.Happened {
			if !strings.HasPrefix(h.Kind, "ads.") {
				wallet = append(wallet, h)
			}
		}
		require.Len(t, wallet, 1, "what the spend left of the 3,000 grant expires")
		assert.Contains(t, wallet[0].Description, "1000")
		sb.RequireLedger()
	})

	t.Run("mint_token_and_load_fixtures", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t)
		tok := sb.MintToken(sandboxtest.TokenParams{User: "bob", App: "demo", Type: "business",
			Scopes: []string{"moment_management"}, ResourceIDs: []string{"moment:10001"}, ExpiresIn: 60, Token: "bob-minted-token"})
		assert.Equal(t, "bob-minted-token", tok)
		assert.Equal(t, 200, balanceCall(sb, tok, 10001).Status)
		sb.Advance("60s")
		assert.Equal(t, 401, balanceCall(sb, tok, 10001).Status, "expired on sandbox time")

		ids := sb.LoadFixtures([]byte("users: [{key: gil, name: 홍길동}]\n"))
		assert.Equal(t, map[string]map[string]int64{"users": {"gil": 5}}, ids)
		ids = sb.LoadFixtures([]byte(` {"users": [{"key": "jay", "name": "제이"}]}`))
		assert.Equal(t, map[string]map[string]int64{"users": {"jay": 6}}, ids)
	})

	t.Run("scenarios_and_journal", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		sb.ActivateScenario("kakao-maintenance", sandboxtest.ScenarioScope{Scope: "token", Token: bob})
		assert.Equal(t, 503, balanceCall(sb, bob, 10001).Status)
		assert.Equal(t, 200, balanceCall(sb, alice, 10001).Status)
		sb.ActivateScenario("permission-revoked", sandboxtest.ScenarioScope{Scope: "adAccount", AdAccountID: 10004})
		assert.Equal(t, 400, balanceCall(sb, alice, 10004).Status)
		sb.IssueVirtualAccount(alice, 10001, 10000, "88")
		sb.IssueVirtualAccount(alice, 10001, 20000, "04")
		sb.ActivateScenario("rate-limit-storm", sandboxtest.ScenarioScope{})
		assert.Equal(t, 429, balanceCall(sb, alice, 10001).Status, "the zero scope is global")

		got := sb.Requests(sandboxtest.RequestFilter{Operation: "createVirtualAccount", Body: map[string]string{"bankCode": "04"}})
		require.Len(t, got, 1)
		assert.EqualValues(t, 1, got[0].UserID)
		assert.Equal(t, "20000", got[0].Fields["amount"])
		assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Status: 503}), 1)
		assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Code: -813, AdAccount: 10004}), 1)
		assert.Len(t, sb.Requests(sandboxtest.RequestFilter{User: 1, Operation: "getAdAccountBalance"}), 3)
		assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Limit: 2}), 2)
		assert.Empty(t, sb.Requests(sandboxtest.RequestFilter{Since: time.Now().Add(time.Hour)}))
	})
}

func TestOptions(t *testing.T) {
	t.Parallel()
	t.Run("with_fixtures_replaces_the_demo", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t, sandboxtest.WithFixtures([]byte(`
users: [{key: gil, name: 홍길동}]
apps: [{key: mine, name: Mine, restApiKey: mine-key, bizApp: true, consentItems: [moment_management]}]
tokens: [{token: gil-biz-token, user: gil, app: mine, type: business, scopes: [moment_management]}]
`)))
		assert.Equal(t, 401, balanceCall(sb, alice, 10001).Status, "no demo data")
		assert.Equal(t, 400, balanceCall(sb, "gil-biz-token", 10001).Status, "the test's own token works; 10001 does not exist")
	})

	t.Run("rate_limit_applies_over_the_defaults", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t, sandboxtest.RateLimit("createVirtualAccount=2/s"))
		sb.IssueVirtualAccount(alice, 10001, 10000, "88")
		sb.IssueVirtualAccount(alice, 10001, 10000, "88")
		r := sb.Do(sandboxtest.Request{Method: "POST", Path: "/openapi/v4/billing/virtualAccount", Token: alice,
			Header: map[string]string{"adAccountId": "10001"}, Body: map[string]any{"adAccountId": 10001, "amount": 10000, "bankCode": "88"}})
		assert.Equal(t, 429, r.Status, "%s", r.Body)
		put := func() int {
			return sb.Do(sandboxtest.Request{Method: "PUT", Path: "/openapi/v4/adAccounts/onOff", Token: alice,
				Header: map[string]string{"adAccountId": "10001"}, Body: map[string]any{"config": "ON"}}).Status
		}
		assert.Equal(t, 200, put())
		assert.Equal(t, 429, put(), "the other default limit stays")

		_, err := sandboxtest.Open(sandboxtest.RateLimit("createVirtualAccount=fast"))
		require.Error(t, err, "a limit the sandbox cannot apply fails the start")
		assert.Contains(t, err.Error(), "createVirtualAccount=fast")
	})

	t.Run("no_rate_limits", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		for range 3 {
			sb.IssueVirtualAccount(alice, 10001, 10000, "88")
		}
	})
}

func TestOpenedSandboxPanicsWithKakaosBody(t *testing.T) {
	t.Parallel()
	sb, err := sandboxtest.Open()
	require.NoError(t, err)
	defer func() { assert.NoError(t, sb.Close()) }()
	assert.PanicsWithValue(t, `sandboxtest: IssueVirtualAccount: POST /openapi/v4/billing/virtualAccount answered 400, want 200: `+
		`{"code":-813,"msg":"KakaoMomentException","extras":{"detailCode":9004,"detailMsg":"권한이 없습니다."}}`,
		func() { sb.IssueVirtualAccount(eve, 10001, 10000, "88") })
	assert.Panics(t, func() { sb.Deposit("90000000000999", 1000) })
}

func TestRestartKeepsStateAndClientFollows(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	va := sb.IssueVirtualAccount(alice, 10001, 10000, "88")
	before := sb.URL
	sb.Restart()
	assert.NotEqual(t, before, sb.URL)
	assert.Equal(t, "PAID", sb.Deposit(va.AccountNumber, 10000).VirtualAccount.Status, "the account survived the restart")

	req, err := http.NewRequest("GET", "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+alice)
	req.Header.Set("adAccountId", "10001")
	resp, err := sb.Client().Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.JSONEq(t, `{"id":10001,"cash":510000,"freeCash":10000,"bizWalletId":1}`, string(body))
}
