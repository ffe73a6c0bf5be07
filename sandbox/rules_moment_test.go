package sandbox_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func TestRulesMoment(t *testing.T) {
	t.Run("V01_business_token_header_and_fields_required", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		ok := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 1000000, "88")))
		require.Equal(t, 200, ok.Status, "%s", ok.Body)

		for field := range vaBody(acmeAds, 1, "88") {
			body := vaBody(acmeAds, 1000000, "88")
			delete(body, field)
			msg := kakaoError(t, sb.Do(vaRequest(alice, acmeAds, body)), 400, -2, 0)
			contains(t, msg, field)
		}
		msg := kakaoError(t, sb.Do(vaRequest(alice, acmeAds, map[string]any{"adAccountId": acmeAds, "amount": "1000000", "bankCode": "88"})), 400, -2, 0)
		contains(t, msg, "amount")
		msg = kakaoError(t, sb.Do(vaRequest(alice, acmeAds, map[string]any{"adAccountId": "10001", "amount": 1000000, "bankCode": "88"})), 400, -2, 0)
		contains(t, msg, "adAccountId")
		msg = kakaoError(t, sb.Do(vaRequest(alice, acmeAds, map[string]any{"adAccountId": acmeAds, "amount": 1000000, "bankCode": 88})), 400, -2, 0)
		contains(t, msg, "bankCode")

		noHeader := vaRequest(alice, acmeAds, vaBody(acmeAds, 1000000, "88"))
		noHeader.Header = nil
		contains(t, kakaoError(t, sb.Do(noHeader), 400, -2, 0), "header adAccountId")
		noToken := vaRequest("", acmeAds, vaBody(acmeAds, 1000000, "88"))
		kakaoError(t, sb.Do(noToken), 401, -401, 0)
	})

	t.Run("V02_bank_codes_and_short_names", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		want := map[string]string{"03": "기업", "04": "국민", "11": "농협", "81": "하나", "20": "우리", "88": "신한", "39": "경남", "71": "우체국", "32": "부산", "31": "대구"}
		for code, name := range want {
			r := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, code)))
			require.Equal(t, 200, r.Status, "%s", r.Body)
			assert.Equal(t, name, r.JSON(t)["bankName"], code)
			assert.Equal(t, code, r.JSON(t)["bankCode"])
		}
		for _, bad := range []string{"99", "088", "", "8"} {
			msg := kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, bad))), 400, -2, 0)
			contains(t, msg, "bankCode")
		}
	})

	t.Run("V03_response_fields_and_validity", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		r := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 1234567, "88")))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		m := r.JSON(t)
		assert.Equal(t, "(주)에이크미", m["accountOwnerName"], "the wallet's business name")
		assert.EqualValues(t, 1234567, m["amount"])
		assert.Equal(t, "신한", m["bankName"])
		assert.Regexp(t, regexp.MustCompile(`^\d+$`), m["accountNumber"])
		assert.Equal(t, "2026-01-08T09:00:00.000", m["expireDttm"], "7 days after the frozen start, KST, no zone, milliseconds")

		short := sandboxtest.New(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.VirtualAccountValidity = 48 * time.Hour })
		r = short.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 1000, "04")))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "2026-01-03T09:00:00.000", r.JSON(t)["expireDttm"])
	})

	t.Run("V04_header_and_body_ad_account_must_match", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		msg := kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(offAds, 10000, "88"))), 400, -2, 0)
		contains(t, msg, "adAccountId", "10004", "10001")
	})

	t.Run("V05_ad_account_membership", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		kakaoError(t, sb.Do(vaRequest(alice, 99999, vaBody(99999, 10000, "88"))), 400, -813, 21006)
		kakaoError(t, sb.Do(vaRequest(eve, acmeAds, vaBody(acmeAds, 10000, "88"))), 400, -813, 9004)
		assert.Equal(t, 200, sb.Do(vaRequest(bob, acmeAds, vaBody(acmeAds, 10000, "88"))).Status, "a MEMBER may charge")
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: eve, Header: map[string]string{"adAccountId": "10001"}})
		kakaoError(t, r, 400, -813, 9004)
	})

	t.Run("V06_one_call_per_second_per_user", func(t *testing.T) {
		sb := sandboxtest.New(t)
		first := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88")))
		require.Equal(t, 200, first.Status, "%s", first.Body)
		second := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88")))
		kakaoError(t, second, 429, -813, 99429)
		assert.Equal(t, "1", second.Header.Get("Retry-After"))
		assert.Equal(t, 200, sb.Do(vaRequest(bob, acmeAds, vaBody(acmeAds, 10000, "88"))).Status, "other users are unaffected")

		sb.Wall.Advance(999 * time.Millisecond)
		kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88"))), 429, -813, 99429)
		sb.Wall.Advance(time.Millisecond)
		assert.Equal(t, 200, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88"))).Status, "a new second")

		t.Run("configurable", func(t *testing.T) {
			sb := sandboxtest.New(t, func(c *sandbox.Config) { c.RateLimits = []string{"createVirtualAccount=3/s"} })
			for i := range 3 {
				assert.Equal(t, 200, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88"))).Status, "call %d", i)
			}
			kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88"))), 429, -813, 99429)

			sb = sandboxtest.New(t, func(c *sandbox.Config) { c.RateLimits = []string{"off"} })
			for i := range 5 {
				assert.Equal(t, 200, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88"))).Status, "call %d", i)
			}
		})
	})

	t.Run("V07_deprecation_header", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		r := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88")))
		require.Equal(t, 200, r.Status)
		assert.Equal(t, "true", r.Header.Get("Deprecation"))
		balance := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: alice, Header: map[string]string{"adAccountId": "10001"}})
		assert.Empty(t, balance.Header.Get("Deprecation"), "only deprecated operations say so")
	})

	t.Run("V08_get_with_body_answered_like_post_with_warning", func(t *testing.T) {
		sb := sandboxtest.New(t)
		get := vaRequest(alice, acmeAds, `{"adAccountId" : 10001,"amount" : 1000000,"bankCode" : "88"}`)
		get.Method = "GET"
		get.Header["Content-Type"] = "application/x-www-form-urlencoded" // what curl -d sends, as in Kakao's sample
		r := sb.Do(get)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "신한", r.JSON(t)["bankName"])
		assert.Equal(t, "true", r.Header.Get("Deprecation"))

		j := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?limit=1"}).JSON(t)
		entry := j["requests"].([]any)[0].(map[string]any)
		assert.Equal(t, "createVirtualAccountWithGet", entry["operationId"])
		assert.Contains(t, fmt.Sprint(entry["warnings"]), "V08")

		post := sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 10000, "88")))
		kakaoError(t, post, 429, -813, 99429) // the GET form is the same API, so it shares the limit
	})

	t.Run("V09_business_wallets_only_and_charge_rules", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		kakaoError(t, sb.Do(vaRequest(dana, danaAds, vaBody(danaAds, 10000, "88"))), 400, -813, kakao.ErrBankTransferPersonal.DetailCode)
		kakaoError(t, sb.Do(vaRequest(alice, suspendAds, vaBody(suspendAds, 10000, "88"))), 400, -813, kakao.ErrWalletSuspended.DetailCode)
		assert.Equal(t, 200, sb.Do(vaRequest(alice, offAds, vaBody(offAds, 10000, "88"))).Status, "an OFF wallet can be charged")
		msg := kakaoError(t, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 999, "88"))), 400, -813, kakao.ErrChargeTooSmall.DetailCode)
		contains(t, msg, "1000", "999")
		assert.Equal(t, 200, sb.Do(vaRequest(alice, acmeAds, vaBody(acmeAds, 1000, "88"))).Status)
	})

	t.Run("V10_deposit_exactly_once_before_expiry", func(t *testing.T) {
		sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
		before := balance(t, sb, alice, acmeAds)
		acct := issue(t, sb, alice, acmeAds, 300000)

		kakaoError(t, deposit(sb, acct, 299999), 400, -813, kakao.ErrDepositAmount.DetailCode)
		require.Equal(t, before, balance(t, sb, alice, acmeAds), "a wrong amount changes nothing")
		r := deposit(sb, acct, 300000)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, before.Cash+300000, balance(t, sb, alice, acmeAds).Cash, "credited to paid cash")
		assert.Equal(t, before.FreeCash, balance(t, sb, alice, acmeAds).FreeCash)
		kakaoError(t, deposit(sb, acct, 300000), 400, -813, kakao.ErrVirtualAccountPaid.DetailCode)
		assert.Equal(t, before.Cash+300000, balance(t, sb, alice, acmeAds).Cash, "credited once")
		kakaoError(t, deposit(sb, "90000000000999", 1000), 400, -813, kakao.ErrVirtualAccountNone.DetailCode)

		late := issue(t, sb, alice, acmeAds, 50000)
		justInTime := issue(t, sb, alice, acmeAds, 70000)
		advance(t, sb, "167h59m59s")
		require.Equal(t, 200, deposit(sb, justInTime, 70000).Status, "one second before expiry")
		happened := advance(t, sb, "1s")["happened"].([]any)
		require.Len(t, happened, 1, "the unpaid account expires, the paid one does not")
		assert.Contains(t, happened[0].(map[string]any)["ref"], late)
		status := sb.Do(req{Method: "GET", Path: "/_sandbox/virtual-accounts/" + late}).JSON(t)["status"]
		assert.Equal(t, "EXPIRED", status)
		kakaoError(t, deposit(sb, late, 50000), 400, -813, kakao.ErrVirtualAccountExpiry.DetailCode)
		assert.Equal(t, before.Cash+370000, balance(t, sb, alice, acmeAds).Cash)
		sb.RequireLedger()
	})
}
