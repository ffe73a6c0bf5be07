package sandbox_test

import (
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// rulesFixture is the tests' own data, so the demo can change freely; only
// the contract walk (the document's examples describe the demo) runs on the demo.
//
//go:embed testdata/rules.yaml
var rulesFixture []byte

// Tokens, ad accounts and wallets of testdata/rules.yaml.
const (
	master      = "test-biz-master"   // user "master" (id 1): MASTER of 20001, 20003, 20004, 20005
	member      = "test-biz-member"   // user "member" (id 2): MEMBER of 20001
	personal    = "test-biz-personal" // user "personal" (id 3): MASTER of 20002 (personal wallet)
	outsider    = "test-biz-outsider" // user "outsider" (id 4): member of nothing
	masterLogin = "test-login-master" // a Kakao Login token of master

	healthyAds   = 20001 // business wallet ON, 500,000 paid + 10,000 free; business right granted
	personalAds  = 20002 // personal wallet, 30,000 paid
	suspendedAds = 20003 // business wallet SUSPENDED, 120,000 paid
	offAds       = 20004 // business wallet OFF, 80,000 paid
	emptyAds     = 20005 // business wallet ON with nothing in it; the ad account is OFF

	healthyWallet   = 1
	suspendedWallet = 3
)

// newSandbox starts a sandbox on the rule tests' own data.
func newSandbox(t testing.TB, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	return sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithFixtures(rulesFixture)}, opts...)...)
}

type req = sandboxtest.Request

func vaRequest(token string, adAccount int, body any) req {
	return req{Method: "POST", Path: "/openapi/v4/billing/virtualAccount", Token: token,
		Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}, Body: body}
}

func vaBody(adAccount int, amount int64, bank string) map[string]any {
	return map[string]any{"adAccountId": adAccount, "amount": amount, "bankCode": bank}
}

// issue creates a virtual account at 신한 and returns its number.
func issue(sb *sandboxtest.Sandbox, token string, adAccount int64, amount int64) string {
	return sb.IssueVirtualAccount(token, adAccount, amount, "88").AccountNumber
}

// tryDeposit and trySpend answer whatever the sandbox answers, for the
// refusals; sb.Deposit and sb.Spend expect success.
func tryDeposit(sb *sandboxtest.Sandbox, account string, amount int64) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/_sandbox/virtual-accounts/" + account + "/deposits", Body: map[string]any{"amount": amount}})
}

func trySpend(sb *sandboxtest.Sandbox, adAccount int, amount int64) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/ad-accounts/%d/spend", adAccount), Body: map[string]any{"amount": amount}})
}

type balanceBody struct {
	ID          int64 `json:"id"`
	Cash        int64 `json:"cash"`
	FreeCash    int64 `json:"freeCash"`
	BizWalletID int64 `json:"bizWalletId"`
}

func balance(t *testing.T, sb *sandboxtest.Sandbox, token string, adAccount int) balanceBody {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: token, Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var b balanceBody
	r.Decode(t, &b)
	return b
}

// kakaoError asserts a Kakao-format error: status, code, and for Moment
// business errors the detail code. It returns the message (or detail message).
func kakaoError(t *testing.T, r sandboxtest.Response, status, code, detail int) string {
	t.Helper()
	require.Equal(t, status, r.Status, "%s", r.Body)
	assert.Equal(t, "application/json;charset=UTF-8", r.Header.Get("Content-Type"))
	m := r.JSON(t)
	require.EqualValues(t, code, m["code"], "%s", r.Body)
	msg, _ := m["msg"].(string)
	if detail != 0 {
		extras, ok := m["extras"].(map[string]any)
		require.True(t, ok, "extras missing: %s", r.Body)
		require.EqualValues(t, detail, extras["detailCode"], "%s", r.Body)
		msg, _ = extras["detailMsg"].(string)
	}
	require.NotEmpty(t, msg)
	return msg
}

func contains(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		assert.True(t, strings.Contains(s, p), "%q does not mention %q", s, p)
	}
}
