package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func TestRulesTokens(t *testing.T) {
	t.Run("T02_unknown_expired_missing_or_malformed_token", func(t *testing.T) {
		sb := sandboxtest.New(t)
		call := func(auth string) sandboxtest.Response {
			r := req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Header: map[string]string{"adAccountId": "10001"}}
			if auth != "" {
				r.Header["Authorization"] = auth
			}
			return sb.Do(r)
		}
		for _, auth := range []string{"Bearer no-such-token", "", "Basic c2FuZGJveA==", "Bearer", "Bearer  ", "sandbox-biz-alice"} {
			r := call(auth)
			msg := kakaoError(t, r, 401, -401, 0)
			assert.Equal(t, "this access token does not exist", msg, "Authorization %q", auth)
			assert.Equal(t, "Bearer error=invalid_token", r.Header.Get("WWW-Authenticate"))
		}
		assert.Equal(t, 200, call("bearer "+alice).Status, "the scheme is case-insensitive")

		minted := sb.Do(req{Method: "POST", Path: "/_sandbox/tokens", Body: map[string]any{
			"user": "alice", "app": "demo", "type": "business", "scopes": []string{"moment_management"}, "expiresIn": 60}})
		require.Equal(t, 201, minted.Status, "%s", minted.Body)
		tok := minted.JSON(t)["access_token"].(string)
		assert.EqualValues(t, 60, minted.JSON(t)["expires_in"])
		assert.Equal(t, 200, call("Bearer "+tok).Status)
		advance(t, sb, "60s")
		r := call("Bearer " + tok)
		assert.Equal(t, "this access token is already expired", kakaoError(t, r, 401, -401, 0))
		assert.Equal(t, "Bearer error=invalid_token", r.Header.Get("WWW-Authenticate"))
	})

	t.Run("T03_login_token_on_moment", func(t *testing.T) {
		sb := sandboxtest.New(t)
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: aliceLogin, Header: map[string]string{"adAccountId": "10001"}})
		assert.Equal(t, "target biz token is not supplied.", kakaoError(t, r, 401, -401, 0))
		r = sb.Do(vaRequest(aliceLogin, acmeAds, vaBody(acmeAds, 10000, "88")))
		assert.Equal(t, "target biz token is not supplied.", kakaoError(t, r, 401, -401, 0))
	})
}

func sanction(t *testing.T, sb *sandboxtest.Sandbox, wallet int, suspended bool) map[string]any {
	t.Helper()
	r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/wallets/%d/sanction", wallet), Body: map[string]any{"suspended": suspended}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func grant(t *testing.T, sb *sandboxtest.Sandbox, wallet int, amount int64, expires string, activated bool) {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/wallets/%d/free-cash", wallet),
		Body: map[string]any{"amount": amount, "expiresAt": expires, "activated": activated}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
}

func TestRulesWallet(t *testing.T) {
	t.Run("W02_suspended_wallet_neither_charged_nor_spent", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		acct := issue(t, sb, alice, acmeAds, 20000)
		w := sanction(t, sb, acmeWallet, true)
		assert.Equal(t, "SUSPENDED", w["status"])
		before := balance(t, sb, alice, acmeAds)

		kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88"))), 400, -813, kakao.ErrWalletSuspended.DetailCode)
		kakaoError(t, deposit(sb, acct, 20000), 400, -813, kakao.ErrWalletSuspended.DetailCode)
		kakaoError(t, spend(sb, acmeAds, 1000), 400, -813, kakao.ErrWalletSuspended.DetailCode)
		assert.Equal(t, before, balance(t, sb, alice, acmeAds), "nothing moved")

		assert.Equal(t, "ON", sanction(t, sb, acmeWallet, false)["status"], "lifting restores the earlier status")
		require.Equal(t, 200, deposit(sb, acct, 20000).Status, "the account still takes its deposit")
		assert.Equal(t, before.Cash+20000, balance(t, sb, alice, acmeAds).Cash)
		assert.Equal(t, "SUSPENDED", sanction(t, sb, hanbitWalet, true)["status"], "suspending twice is harmless")
		assert.Equal(t, "ON", sanction(t, sb, hanbitWalet, false)["status"], "a fixture-suspended wallet lifts to ON")
	})

	t.Run("W09_personal_partners_cannot_pay_by_bank_transfer", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		msg := kakaoError(t, sb.Do(vaRequest(dana, danaAds, vaBody(danaAds, 50000, "04"))), 400, -813, kakao.ErrBankTransferPersonal.DetailCode)
		contains(t, msg, "신용카드")
		assert.Equal(t, 200, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 50000, "04"))).Status, "business wallets may")
	})

	t.Run("W12_wallet_states", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		assert.Equal(t, 200, spend(sb, acmeAds, 1000).Status, "ON spends")
		kakaoError(t, spend(sb, offAds, 1000), 400, -813, kakao.ErrWalletOff.DetailCode)
		acct := issue(t, sb, alice, offAds, 5000)
		assert.Equal(t, 200, deposit(sb, acct, 5000).Status, "OFF is charged")
		assert.EqualValues(t, 85000, balance(t, sb, alice, offAds).Cash)
		kakaoError(t, spend(sb, suspendAds, 1000), 400, -813, kakao.ErrWalletSuspended.DetailCode)
	})

	t.Run("W13_free_cash_first_when_activated_until_it_expires", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		// acme-w: 500,000 paid and 10,000 activated free cash until 2099-12-31.
		grant(t, sb, acmeWallet, 3000, "2026-01-02", true) // expires first, so spent first
		grant(t, sb, acmeWallet, 7000, "2026-06-30", false)
		b := balance(t, sb, alice, acmeAds)
		require.EqualValues(t, 20000, b.FreeCash)

		r := spend(sb, acmeAds, 2000)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.EqualValues(t, 2000, r.JSON(t)["fromFreeCash"])
		assert.EqualValues(t, 0, r.JSON(t)["fromPaidCash"])

		happened := advance(t, sb, "48h")["happened"].([]any)
		require.Len(t, happened, 1)
		contains(t, happened[0].(map[string]any)["description"].(string), "expired", "1000")
		b = balance(t, sb, alice, acmeAds)
		assert.EqualValues(t, 17000, b.FreeCash, "the expired 1,000 left the balance")

		r = spend(sb, acmeAds, 15000)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.EqualValues(t, 10000, r.JSON(t)["fromFreeCash"], "only activated, unexpired free cash")
		assert.EqualValues(t, 5000, r.JSON(t)["fromPaidCash"])
		b = balance(t, sb, alice, acmeAds)
		assert.EqualValues(t, 495000, b.Cash)
		assert.EqualValues(t, 7000, b.FreeCash, "the inactive grant stays")
		sb.RequireLedger()
	})

	t.Run("W14_paid_cash_minimum_charge", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		for _, amount := range []int64{0, -5000, 1, 999} {
			kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, amount, "88"))), 400, -813, kakao.ErrChargeTooSmall.DetailCode)
		}
		acct := issue(t, sb, alice, acmeAds, 1000)
		require.Equal(t, 200, deposit(sb, acct, 1000).Status)
		assert.EqualValues(t, 501000, balance(t, sb, alice, acmeAds).Cash)
	})

	t.Run("W15_balance_equals_ledger_across_restarts", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		for i := range 5 {
			acct := issue(t, sb, alice, acmeAds, int64(10000*(i+1)))
			require.Equal(t, 200, deposit(sb, acct, int64(10000*(i+1))).Status)
		}
		grant(t, sb, acmeWallet, 4000, "2026-01-01", true)
		require.Equal(t, 200, spend(sb, acmeAds, 30000).Status)
		require.Equal(t, 200, spend(sb, danaAds, 1234).Status)
		advance(t, sb, "24h")
		want := balance(t, sb, alice, acmeAds)
		assert.EqualValues(t, 500000+150000-(30000-14000), want.Cash)
		assert.EqualValues(t, 0, want.FreeCash)
		sb.RequireLedger()

		sb.Restart()
		assert.Equal(t, want, balance(t, sb, alice, acmeAds), "a restart keeps every balance")
		sb.RequireLedger()
		sb.Stop()
		report, err := sandbox.Check(sb.Config.DataPath)
		require.NoError(t, err)
		assert.True(t, report.OK(), "%v", report.Mismatches)
		assert.Equal(t, 5, report.Wallets)
	})
}
