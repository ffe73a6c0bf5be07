package sandbox_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Demo tokens and ad accounts (fixtures/demo.yaml; README "Test data").
const (
	alice      = "sandbox-biz-alice" // MASTER of 10001, 10003, 10004, 10005
	bob        = "sandbox-biz-bob"   // MEMBER of 10001
	dana       = "sandbox-biz-dana"  // MASTER of 10002 (personal wallet)
	eve        = "sandbox-biz-eve"   // member of nothing
	aliceLogin = "sandbox-login-alice"

	acmeAds     = 10001 // business wallet ON, 500,000 paid + 10,000 free
	danaAds     = 10002 // personal wallet
	suspendAds  = 10003 // business wallet SUSPENDED
	offAds      = 10004 // business wallet OFF
	acmeWallet  = 1
	hanbitWalet = 3
)

type req = sandboxtest.Request

func vaRequest(token string, adAccount int, body any) req {
	return req{Method: "POST", Path: "/openapi/v4/billing/virtualAccount", Token: token,
		Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}, Body: body}
}

func vaBody(adAccount int, amount int64, bank string) map[string]any {
	return map[string]any{"adAccountId": adAccount, "amount": amount, "bankCode": bank}
}

// issue creates a virtual account and returns its number.
func issue(t *testing.T, sb *sandboxtest.Sandbox, token string, adAccount int, amount int64) string {
	t.Helper()
	r := sb.Do(vaRequest(token, adAccount, vaBody(adAccount, amount, "88")))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)["accountNumber"].(string)
}

func deposit(sb *sandboxtest.Sandbox, account string, amount int64) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/_sandbox/virtual-accounts/" + account + "/deposits", Body: map[string]any{"amount": amount}})
}

func spend(sb *sandboxtest.Sandbox, adAccount int, amount int64) sandboxtest.Response {
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

func advance(t *testing.T, sb *sandboxtest.Sandbox, duration string) map[string]any {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": duration}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
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
