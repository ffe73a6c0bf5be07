package sandbox_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func rulesMoment(t *testing.T) {
	t.Run("V01_business_token_header_and_fields_required", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		ok := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 1000000, "88")))
		require.Equal(t, 200, ok.Status, "%s", ok.Body)

		for field := range vaBody(healthyAds, 1, "88") {
			body := vaBody(healthyAds, 1000000, "88")
			delete(body, field)
			msg := kakaoError(t, sb.Do(vaRequest(master, healthyAds, body)), 400, -2, 0)
			contains(t, msg, field)
		}
		msg := kakaoError(t, sb.Do(vaRequest(master, healthyAds, map[string]any{"adAccountId": healthyAds, "amount": "1000000", "bankCode": "88"})), 400, -2, 0)
		contains(t, msg, "amount")
		msg = kakaoError(t, sb.Do(vaRequest(master, healthyAds, map[string]any{"adAccountId": "20001", "amount": 1000000, "bankCode": "88"})), 400, -2, 0)
		contains(t, msg, "adAccountId")
		msg = kakaoError(t, sb.Do(vaRequest(master, healthyAds, map[string]any{"adAccountId": healthyAds, "amount": 1000000, "bankCode": 88})), 400, -2, 0)
		contains(t, msg, "bankCode")

		noHeader := vaRequest(master, healthyAds, vaBody(healthyAds, 1000000, "88"))
		noHeader.Header = nil
		contains(t, kakaoError(t, sb.Do(noHeader), 400, -2, 0), "header adAccountId")
		noToken := vaRequest("", healthyAds, vaBody(healthyAds, 1000000, "88"))
		kakaoError(t, sb.Do(noToken), 401, -401, 0)
	})

	t.Run("V02_bank_codes_and_short_names", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		want := map[string]string{"03": "기업", "04": "국민", "11": "농협", "81": "하나", "20": "우리", "88": "신한", "39": "경남", "71": "우체국", "32": "부산", "31": "대구"}
		for code, name := range want {
			r := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, code)))
			require.Equal(t, 200, r.Status, "%s", r.Body)
			assert.Equal(t, name, r.JSON(t)["bankName"], code)
			assert.Equal(t, code, r.JSON(t)["bankCode"])
		}
		for _, bad := range []string{"99", "088", "", "8"} {
			msg := kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, bad))), 400, -2, 0)
			contains(t, msg, "bankCode")
		}
	})

	t.Run("V03_response_fields_and_validity", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		r := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 1234567, "88")))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		m := r.JSON(t)
		assert.Equal(t, "(주)하늘테크", m["accountOwnerName"], "the wallet's business name")
		assert.EqualValues(t, 1234567, m["amount"])
		assert.Equal(t, "신한", m["bankName"])
		assert.Regexp(t, regexp.MustCompile(`^\d+$`), m["accountNumber"])
		assert.Equal(t, "2026-01-08T09:00:00.000", m["expireDttm"], "7 days after the frozen start, KST, no zone, milliseconds")

		short := newSandbox(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.VirtualAccountValidity = 48 * time.Hour })
		r = short.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 1000, "04")))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "2026-01-03T09:00:00.000", r.JSON(t)["expireDttm"])
	})

	t.Run("V04_header_and_body_ad_account_must_match", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		msg := kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(offAds, 10000, "88"))), 400, -2, 0)
		contains(t, msg, "adAccountId", "20004", "20001")
	})

	t.Run("V05_ad_account_membership", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		kakaoError(t, sb.Do(vaRequest(master, 99999, vaBody(99999, 10000, "88"))), 400, -813, 21006)
		kakaoError(t, sb.Do(vaRequest(outsider, healthyAds, vaBody(healthyAds, 10000, "88"))), 400, -813, 9004)
		assert.Equal(t, 200, sb.Do(vaRequest(member, healthyAds, vaBody(healthyAds, 10000, "88"))).Status, "a MEMBER may charge")
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: outsider, Header: map[string]string{"adAccountId": "20001"}})
		kakaoError(t, r, 400, -813, 9004)
	})

	t.Run("V06_one_call_per_second_per_user", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		first := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88")))
		require.Equal(t, 200, first.Status, "%s", first.Body)
		second := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88")))
		kakaoError(t, second, 429, -813, 99429)
		assert.Equal(t, "1", second.Header.Get("Retry-After"))
		assert.Equal(t, 200, sb.Do(vaRequest(member, healthyAds, vaBody(healthyAds, 10000, "88"))).Status, "other users are unaffected")

		sb.Wall.Advance(999 * time.Millisecond)
		kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))), 429, -813, 99429)
		sb.Wall.Advance(time.Millisecond)
		assert.Equal(t, 200, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))).Status, "a new second")

		t.Run("configurable", func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, sandboxtest.RateLimit("createVirtualAccount=3/s"))
			for i := range 3 {
				assert.Equal(t, 200, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))).Status, "call %d", i)
			}
			kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))), 429, -813, 99429)

			sb = newSandbox(t, sandboxtest.RateLimit("off"))
			for i := range 5 {
				assert.Equal(t, 200, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))).Status, "call %d", i)
			}
		})
	})

	t.Run("V07_deprecation_header", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		r := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88")))
		require.Equal(t, 200, r.Status)
		assert.Equal(t, "true", r.Header.Get("Deprecation"))
		balance := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: master, Header: map[string]string{"adAccountId": "20001"}})
		assert.Empty(t, balance.Header.Get("Deprecation"), "only deprecated operations say so")
	})

	t.Run("V08_get_with_body_answered_like_post_with_warning", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		get := vaRequest(master, healthyAds, `{"adAccountId" : 20001,"amount" : 1000000,"bankCode" : "88"}`)
		get.Method = "GET"
		get.Header["Content-Type"] = "application/x-www-form-urlencoded" // what curl -d sends, as in Kakao's sample
		r := sb.Do(get)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "신한", r.JSON(t)["bankName"])
		assert.Equal(t, "true", r.Header.Get("Deprecation"))

		entries := sb.Requests(sandboxtest.RequestFilter{Limit: 1})
		require.Len(t, entries, 1)
		assert.Equal(t, "createVirtualAccountWithGet", entries[0].OperationID)
		assert.Contains(t, fmt.Sprint(entries[0].Warnings), "V08")

		post := sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88")))
		kakaoError(t, post, 429, -813, 99429) // the GET form is the same API, so it shares the limit
	})

	t.Run("V09_business_wallets_only_and_charge_rules", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		kakaoError(t, sb.Do(vaRequest(personal, personalAds, vaBody(personalAds, 10000, "88"))), 400, -813, kakao.ErrBankTransferPersonal.DetailCode)
		kakaoError(t, sb.Do(vaRequest(master, suspendedAds, vaBody(suspendedAds, 10000, "88"))), 400, -813, kakao.ErrWalletSuspended.DetailCode)
		assert.Equal(t, 200, sb.Do(vaRequest(master, offAds, vaBody(offAds, 10000, "88"))).Status, "an OFF wallet can be charged")
		msg := kakaoError(t, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 999, "88"))), 400, -813, kakao.ErrChargeTooSmall.DetailCode)
		contains(t, msg, "1000", "999")
		assert.Equal(t, 200, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 1000, "88"))).Status)
	})

	t.Run("V10_deposit_exactly_once_before_expiry", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		before := balance(t, sb, master, healthyAds)
		acct := issue(sb, master, healthyAds, 300000)

		kakaoError(t, tryDeposit(sb, acct, 299999), 400, -813, kakao.ErrDepositAmount.DetailCode)
		require.Equal(t, before, balance(t, sb, master, healthyAds), "a wrong amount changes nothing")
		sb.Deposit(acct, 300000)
		assert.Equal(t, before.Cash+300000, balance(t, sb, master, healthyAds).Cash, "credited to paid cash")
		assert.Equal(t, before.FreeCash, balance(t, sb, master, healthyAds).FreeCash)
		kakaoError(t, tryDeposit(sb, acct, 300000), 400, -813, kakao.ErrVirtualAccountPaid.DetailCode)
		assert.Equal(t, before.Cash+300000, balance(t, sb, master, healthyAds).Cash, "credited once")
		kakaoError(t, tryDeposit(sb, "90000000000999", 1000), 400, -813, kakao.ErrVirtualAccountNone.DetailCode)

		late := issue(sb, master, healthyAds, 50000)
		justInTime := issue(sb, master, healthyAds, 70000)
		sb.Advance("167h59m59s")
		sb.Deposit(justInTime, 70000) // one second before expiry
		happened := sb.Advance("1s").Happened
		require.Len(t, happened, 1, "the unpaid account expires, the paid one does not")
		assert.Contains(t, happened[0].Ref, late)
		status := sb.Do(req{Method: "GET", Path: "/_sandbox/virtual-accounts/" + late}).JSON(t)["status"]
		assert.Equal(t, "EXPIRED", status)
		kakaoError(t, tryDeposit(sb, late, 50000), 400, -813, kakao.ErrVirtualAccountExpiry.DetailCode)
		assert.Equal(t, before.Cash+370000, balance(t, sb, master, healthyAds).Cash)
		sb.RequireLedger()
	})
}
