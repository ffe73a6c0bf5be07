package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func rulesTokens(t *testing.T) {
	t.Run("T02_unknown_expired_missing_or_malformed_token", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		call := func(auth string) sandboxtest.Response {
			r := req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Header: map[string]string{"adAccountId": "20001"}}
			if auth != "" {
				r.Header["Authorization"] = auth
			}
			return sb.Do(r)
		}
		for _, auth := range []string{"Bearer no-such-token", "", "Basic c2FuZGJveA==", "Bearer", "Bearer  ", master} {
			r := call(auth)
			msg := kakaoError(t, r, 401, -401, 0)
			assert.Equal(t, "this access token does not exist", msg, "Authorization %q", auth)
			assert.Equal(t, "Bearer error=invalid_token", r.Header.Get("WWW-Authenticate"))
		}
		assert.Equal(t, 200, call("bearer "+master).Status, "the scheme is case-insensitive")

		minted := sb.Do(req{Method: "POST", Path: "/_sandbox/tokens", Body: map[string]any{
			"user": "master", "app": "rules", "type": "business", "scopes": []string{"moment_management"}, "expiresIn": 60}})
		require.Equal(t, 201, minted.Status, "%s", minted.Body)
		tok := minted.JSON(t)["access_token"].(string)
		assert.EqualValues(t, 60, minted.JSON(t)["expires_in"])
		assert.Equal(t, 200, call("Bearer "+tok).Status)
		sb.Advance("60s")
		r := call("Bearer " + tok)
		assert.Equal(t, "this access token is already expired", kakaoError(t, r, 401, -401, 0))
		assert.Equal(t, "Bearer error=invalid_token", r.Header.Get("WWW-Authenticate"))
	})

	t.Run("T03_login_token_on_moment", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: masterLogin, Header: map[string]string{"adAccountId": "20001"}})
		assert.Equal(t, "target biz token is not supplied.", kakaoError(t, r, 401, -401, 0))
		r = sb.Do(vaRequest(masterLogin, healthyAds, vaBody(healthyAds, 10000, "88")))
		assert.Equal(t, "target biz token is not supplied.", kakaoError(t, r, 401, -401, 0))
	})
}

func sanction(t *testing.T, sb *sandboxtest.Sandbox, wallet int, suspended bool) map[string]any {
	t.Helper()
	r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/wallets/%d/sanction", wallet), Body: map[string]any{"suspended": suspended}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func rulesWallet(t *testing.T) {
	t.Run("W02_suspended_wallet_neither_charged_nor_spent", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		acct := issue(sb, master, healthyAds, 20000)
		w := sanction(t, sb, healthyWallet, true)
		assert.Equal(t, "SUSPENDED", w["status"])
		before := balance(t, sb, master, healthyAds)

		kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))), 400, -813, kakao.ErrWalletSuspended.DetailCode)
		kakaoError(t, tryDeposit(sb, acct, 20000), 403, -6, kakao.ErrWalletSuspended.DetailCode)
		kakaoError(t, trySpend(sb, healthyAds, 1000), 403, -6, kakao.ErrWalletSuspended.DetailCode)
		assert.Equal(t, before, balance(t, sb, master, healthyAds), "nothing moved")

		assert.Equal(t, "ON", sanction(t, sb, healthyWallet, false)["status"], "lifting restores the earlier status")
		sb.Deposit(acct, 20000) // the account still takes its deposit
		assert.Equal(t, before.Cash+20000, balance(t, sb, master, healthyAds).Cash)
		assert.Equal(t, "SUSPENDED", sanction(t, sb, suspendedWallet, true)["status"], "suspending twice is harmless")
		assert.Equal(t, "ON", sanction(t, sb, suspendedWallet, false)["status"], "a fixture-suspended wallet lifts to ON")
	})

	t.Run("W09_personal_partners_cannot_pay_by_bank_transfer", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		msg := kakaoError(t, sb.Do(vaRequest(personal, personalAds, vaBody(personalAds, 50000, "04"))), 400, -813, kakao.ErrBankTransferPersonal.DetailCode)
		contains(t, msg, "신용카드")
		assert.Equal(t, 200, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 50000, "04"))).Status, "business wallets may")
	})

	t.Run("W12_wallet_states", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		sb.Spend(healthyAds, 1000) // ON spends
		kakaoError(t, trySpend(sb, offAds, 1000), 403, -6, kakao.ErrWalletOff.DetailCode)
		acct := issue(sb, master, offAds, 5000)
		sb.Deposit(acct, 5000) // OFF is charged
		assert.EqualValues(t, 85000, balance(t, sb, master, offAds).Cash)
		kakaoError(t, trySpend(sb, suspendedAds, 1000), 403, -6, kakao.ErrWalletSuspended.DetailCode)
	})

	t.Run("W13_free_cash_first_when_activated_until_it_expires", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		// healthy-w: 500,000 paid and 10,000 activated free cash until 2099-12-31.
		sb.GrantFreeCash(healthyWallet, 3000, "2026-01-02", true) // expires first, so spent first
		sb.GrantFreeCash(healthyWallet, 7000, "2026-06-30", false)
		b := balance(t, sb, master, healthyAds)
		require.EqualValues(t, 20000, b.FreeCash)

		sp := sb.Spend(healthyAds, 2000)
		assert.EqualValues(t, 2000, sp.FromFreeCash)
		assert.EqualValues(t, 0, sp.FromPaidCash)

		happened := sb.Advance("48h").Happened
		require.Len(t, happened, 1)
		contains(t, happened[0].Description, "expired", "1000")
		b = balance(t, sb, master, healthyAds)
		assert.EqualValues(t, 17000, b.FreeCash, "the expired 1,000 left the balance")

		sp = sb.Spend(healthyAds, 15000)
		assert.EqualValues(t, 10000, sp.FromFreeCash, "only activated, unexpired free cash")
		assert.EqualValues(t, 5000, sp.FromPaidCash)
		b = balance(t, sb, master, healthyAds)
		assert.EqualValues(t, 495000, b.Cash)
		assert.EqualValues(t, 7000, b.FreeCash, "the inactive grant stays")
		sb.RequireLedger()
	})

	t.Run("W14_paid_cash_minimum_charge", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		for _, amount := range []int64{0, -5000, 1, 999} {
			kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, amount, "88"))), 400, -813, kakao.ErrChargeTooSmall.DetailCode)
		}
		acct := issue(sb, master, healthyAds, 1000)
		sb.Deposit(acct, 1000)
		assert.EqualValues(t, 501000, balance(t, sb, master, healthyAds).Cash)
	})

	t.Run("W15_balance_equals_ledger_across_restarts", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		for i := range 5 {
			acct := issue(sb, master, healthyAds, int64(10000*(i+1)))
			sb.Deposit(acct, int64(10000*(i+1)))
		}
		sb.GrantFreeCash(healthyWallet, 4000, "2026-01-01", true)
		sb.Spend(healthyAds, 30000)
		sb.Spend(personalAds, 1234)
		sb.Advance("24h")
		want := balance(t, sb, master, healthyAds)
		assert.EqualValues(t, 500000+150000-(30000-14000), want.Cash)
		assert.EqualValues(t, 0, want.FreeCash)
		sb.RequireLedger()

		sb.Restart()
		assert.Equal(t, want, balance(t, sb, master, healthyAds), "a restart keeps every balance")
		sb.RequireLedger()
		sb.Stop()
		report, err := sandbox.Check(sb.Config.DataPath)
		require.NoError(t, err)
		assert.True(t, report.OK(), "%v", report.Mismatches)
		assert.Equal(t, 5, report.Wallets)
	})
}
