package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The wallet console's own rules: a wallet's life, members and connections
// (testdata/rules.yaml: master owns wallets 1, 3, 4, 5; member manages 1;
// channel 1 sky-ch is connected to wallet 1 as connection 1, ad account
// 20004 to wallet 4 as connection 7).

func console(method, path, token string, body any) req {
	return req{Method: method, Path: "/console/v1" + path, Token: token, Body: body}
}

// ok asserts a 2xx and decodes the body.
func ok(t *testing.T, r sandboxtest.Response) map[string]any {
	t.Helper()
	require.True(t, r.Status >= 200 && r.Status < 300, "%d %s", r.Status, r.Body)
	if len(r.Body) == 0 {
		return nil
	}
	return r.JSON(t)
}

func walletIDs(t *testing.T, sb *sandboxtest.Sandbox, token string) []float64 {
	t.Helper()
	var ids []float64
	for _, w := range ok(t, sb.Do(console("GET", "/wallets", token, nil)))["wallets"].([]any) {
		ids = append(ids, w.(map[string]any)["id"].(float64))
	}
	return ids
}

// moreFixtures loads a fixture document on top of the rules data.
func moreFixtures(t *testing.T, sb *sandboxtest.Sandbox, doc string) map[string]map[string]int64 {
	t.Helper()
	return sb.LoadFixtures([]byte(doc))
}

func rulesConsole(t *testing.T) {

	t.Run("W03_my_wallets_are_those_i_master_or_manage", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		assert.Equal(t, []float64{1, 3, 4, 5}, walletIDs(t, sb, master))
		assert.Equal(t, []float64{1}, walletIDs(t, sb, member), "a manager sees the wallet")
		assert.Empty(t, walletIDs(t, sb, outsider))
		kakaoError(t, sb.Do(console("GET", "/wallets/3", member, nil)), 403, -5, 99041)
		w := ok(t, sb.Do(console("GET", "/wallets/1", masterLogin, nil)))
		assert.Len(t, w["connections"], 2, "sky-ch and ad account 20001; a login token works too")
		kakaoError(t, sb.Do(console("GET", "/wallets/99", master, nil)), 404, -2, 0)
		r := sb.Do(console("GET", "/wallets", "", nil))
		kakaoError(t, r, 401, -401, 0)
	})

	t.Run("W04_only_the_wallet_master_connects", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		ids := moreFixtures(t, sb, `{"channels": [{"key": "new-ch", "name": "새 채널", "type": "BUSINESS", "master": "master"},
			{"key": "their-ch", "name": "남의 채널", "type": "BUSINESS", "master": "member"}]}`)
		newCh, theirCh := ids["channels"]["new-ch"], ids["channels"]["their-ch"]

		kakaoError(t, sb.Do(console("POST", "/wallets/1/connections", member, map[string]any{"channelId": newCh})), 403, -5, 99040)
		kakaoError(t, sb.Do(console("POST", "/wallets/5/connections", master, map[string]any{"channelId": theirCh})), 403, -5, 99042)
		c := ok(t, sb.Do(console("POST", "/wallets/5/connections", master, map[string]any{"channelId": newCh})))
		assert.EqualValues(t, newCh, c["channelId"])
		kakaoError(t, sb.Do(console("POST", "/wallets/1/connections", master, map[string]any{"channelId": newCh})), 403, -6, 99051)
		kakaoError(t, sb.Do(console("POST", "/wallets/1/connections", master, map[string]any{})), 400, -2, 0)
		kakaoError(t, sb.Do(console("POST", "/wallets/1/connections", master, map[string]any{"channelId": newCh, "adAccountId": 20004})), 400, -2, 0)

		// An ad account: its MASTER connects it, once it has no other wallet.
		kakaoError(t, sb.Do(console("POST", "/wallets/5/connections", master, map[string]any{"adAccountId": 20004})), 403, -6, 99051)
		ok(t, sb.Do(console("DELETE", "/wallets/4/connections/7", master, nil)))
		kakaoError(t, sb.Do(vaRequest(master, offAds, vaBody(offAds, 10000, "88"))), 400, -813, 99014)
		ok(t, sb.Do(console("POST", "/wallets/5/connections", master, map[string]any{"adAccountId": 20004})))
		assert.EqualValues(t, 5, balance(t, sb, master, offAds).BizWalletID, "Moment now pays from wallet 5")
		kakaoError(t, sb.Do(console("POST", "/wallets/1/connections", member, map[string]any{"adAccountId": 20001})), 403, -5, 99043)
	})

	t.Run("W05_business_wallets_for_business_channels_only", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		ids := moreFixtures(t, sb, `{"channels": [{"key": "general", "name": "일반 채널", "type": "GENERAL", "master": "master"},
			{"key": "biz", "name": "비즈 채널", "type": "BUSINESS", "master": "master"}]}`)
		general, biz := ids["channels"]["general"], ids["channels"]["biz"]
		r := sb.Do(console("POST", "/wallets", master, map[string]any{"type": "BUSINESS", "companyId": 1, "channelId": general}))
		contains(t, kakaoError(t, r, 403, -6, 99050), "일반 채널")
		assert.Equal(t, []float64{1, 3, 4, 5}, walletIDs(t, sb, master), "nothing half-made is stored")
		kakaoError(t, sb.Do(console("POST", "/wallets/5/connections", master, map[string]any{"channelId": general})), 403, -6, 99050)

		personalW := ok(t, sb.Do(console("POST", "/wallets", master, map[string]any{"type": "PERSONAL", "channelId": general})))
		assert.Equal(t, "PERSONAL", personalW["type"])
		assert.Len(t, personalW["connections"], 1)
		bizW := ok(t, sb.Do(console("POST", "/wallets", master, map[string]any{"type": "BUSINESS", "channelId": biz,
			"company": map[string]any{"name": "(주)새회사", "businessRegistrationNumber": "111-22-33333", "representativeName": "새대표"}})))
		assert.EqualValues(t, master1ID, bizW["masterId"], "the creator is the master")
		assert.NotZero(t, bizW["companyId"])
		kakaoError(t, sb.Do(console("POST", "/wallets", master, map[string]any{"type": "BUSINESS"})), 400, -2, 0)
	})

	t.Run("W08_identity_verified_before_a_personal_wallet", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(console("POST", "/wallets", outsider, map[string]any{"type": "PERSONAL"}))
		contains(t, kakaoError(t, r, 403, -6, 99080), "개인 월렛", "identity-verification")
		kakaoError(t, sb.Do(console("POST", "/identity-verification", outsider, map[string]any{"code": "123456"})), 400, -2, 99081)
		v := ok(t, sb.Do(console("POST", "/identity-verification", outsider, map[string]any{"phoneNumber": "010-0000-0000", "code": "000000"})))
		assert.Equal(t, true, v["identityVerified"])
		w := ok(t, sb.Do(console("POST", "/wallets", outsider, map[string]any{"type": "PERSONAL"})))
		assert.EqualValues(t, 4, w["masterId"])
		assert.Equal(t, "ON", w["status"])
	})

	t.Run("W07_disconnecting_reclaims_free_cash_granted_through_it", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		through := sb.Do(req{Method: "POST", Path: "/_sandbox/wallets/1/free-cash", Body: map[string]any{
			"amount": 3000, "expiresAt": "2099-12-31", "activated": true, "connectionId": 1}})
		require.Equal(t, 201, through.Status, "%s", through.Body)
		kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/wallets/1/free-cash", Body: map[string]any{
			"amount": 3000, "expiresAt": "2099-12-31", "connectionId": 3}}), 400, -2, 0) // wallet 3's connection
		sb.Spend(healthyAds, 1000) // spends some of the soonest-expiring free cash first
		before := ok(t, sb.Do(console("GET", "/wallets/1", master, nil)))
		otherBefore := ok(t, sb.Do(console("GET", "/wallets/3", master, nil)))

		kakaoError(t, sb.Do(console("DELETE", "/wallets/1/connections/1", member, nil)), 403, -5, 99040)
		d := ok(t, sb.Do(console("DELETE", "/wallets/1/connections/1", master, nil)))
		left := before["freeCash"].(float64) - d["wallet"].(map[string]any)["freeCash"].(float64)
		assert.EqualValues(t, d["reclaimedFreeCash"], left, "the wallet lost exactly what was reclaimed")
		assert.Positive(t, left)
		assert.LessOrEqual(t, left, 3000.0, "only what came through that connection")
		assert.Equal(t, otherBefore["freeCash"], ok(t, sb.Do(console("GET", "/wallets/3", master, nil)))["freeCash"], "it moves to no other wallet")

		page := ok(t, sb.Do(console("GET", "/wallets/1/cash?size=1", master, nil)))
		last := page["entries"].([]any)[0].(map[string]any)
		assert.Equal(t, "FREE_RECLAIM", last["kind"])
		assert.EqualValues(t, -left, last["freeCash"])
		kakaoError(t, sb.Do(console("DELETE", "/wallets/1/connections/1", master, nil)), 404, -2, 0)
		requireLedger(t, sb, master, 1)
	})

	t.Run("W12_the_master_turns_a_wallet_on_and_off", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		kakaoError(t, sb.Do(console("PUT", "/wallets/1/status", member, map[string]any{"status": "OFF"})), 403, -5, 99040)
		assert.Equal(t, "OFF", ok(t, sb.Do(console("PUT", "/wallets/1/status", master, map[string]any{"status": "OFF"})))["status"])
		kakaoError(t, trySpend(sb, healthyAds, 1000), 403, -6, 99003)
		assert.Equal(t, "ON", ok(t, sb.Do(console("PUT", "/wallets/1/status", master, map[string]any{"status": "ON"})))["status"])
		sb.Spend(healthyAds, 1000)
		kakaoError(t, sb.Do(console("PUT", "/wallets/3/status", master, map[string]any{"status": "ON"})), 403, -6, 99006)
		kakaoError(t, sb.Do(console("PUT", "/wallets/1/status", master, map[string]any{"status": "SUSPENDED"})), 400, -2, 0)
	})

	t.Run("W13_free_cash_is_activated_once", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		g := sb.GrantFreeCash(5, 2000, "2026-01-31", false)
		sb.Deposit(issue(sb, master, emptyAds, 5000), 5000)
		ok(t, sb.Do(console("PUT", "/wallets/5/status", master, map[string]any{"status": "ON"})))
		assert.EqualValues(t, 1000, sb.Spend(emptyAds, 1000).FromPaidCash, "not activated: paid cash pays")
		a := ok(t, sb.Do(console("POST", fmt.Sprintf("/wallets/5/free-cash/%d/activate", g.ID), master, nil)))
		assert.Equal(t, true, a["activated"])
		assert.EqualValues(t, 1000, sb.Spend(emptyAds, 1000).FromFreeCash, "activated: free cash first")
		kakaoError(t, sb.Do(console("POST", fmt.Sprintf("/wallets/5/free-cash/%d/activate", g.ID), master, nil)), 403, -6, 99090)

		late := sb.GrantFreeCash(5, 2000, "2026-01-31", false)
		sb.Advance("744h") // into February: the grant expired unused
		kakaoError(t, sb.Do(console("POST", fmt.Sprintf("/wallets/5/free-cash/%d/activate", late.ID), master, nil)), 403, -6, 99090)
		grants := ok(t, sb.Do(console("GET", "/wallets/5/free-cash", master, nil)))["grants"].([]any)
		assert.Len(t, grants, 2)
		kakaoError(t, sb.Do(console("POST", "/wallets/5/free-cash/999/activate", master, nil)), 404, -2, 0)
		kakaoError(t, sb.Do(console("GET", "/wallets/5/free-cash", member, nil)), 403, -5, 99041)
	})

	t.Run("W01_delete_only_when_all_six_conditions_hold", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		// Wallet 5: ON, nothing in it, no business right: only its status blocks it.
		r := sb.Do(console("DELETE", "/wallets/5", master, nil))
		contains(t, kakaoError(t, r, 403, -6, 99031), "OFF")
		ok(t, sb.Do(console("PUT", "/wallets/5/status", master, map[string]any{"status": "OFF"})))
		kakaoError(t, sb.Do(console("DELETE", "/wallets/5", member, nil)), 403, -5, 99040)
		assert.Equal(t, 204, sb.Do(console("DELETE", "/wallets/5", master, nil)).Status)
		kakaoError(t, sb.Do(console("GET", "/wallets/5", master, nil)), 404, -2, 0)
		assert.Equal(t, []float64{1, 3, 4}, walletIDs(t, sb, master))
		kakaoError(t, sb.Do(vaRequest(master, emptyAds, vaBody(emptyAds, 10000, "88"))), 400, -813, 99014)

		// Wallet 1: OFF now, but an agency holds 20001's business right and
		// paid cash is left: each is named, the first gives the code.
		ok(t, sb.Do(console("PUT", "/wallets/1/status", master, map[string]any{"status": "OFF"})))
		msg := kakaoError(t, sb.Do(console("DELETE", "/wallets/1", master, nil)), 403, -6, 99032)
		contains(t, msg, "(주)대행나라", "유상캐시 잔액이 500000원")

		// Paid cash alone, then postpaid alone.
		ids := moreFixtures(t, sb, `{"wallets": [
			{"key": "cash-left", "type": "BUSINESS", "company": "dark", "master": "master", "status": "OFF", "paidCash": 1000},
			{"key": "postpaid", "type": "BUSINESS", "company": "dark", "master": "master", "status": "OFF", "paidCash": 0, "postpaid": true}]}`)
		kakaoError(t, sb.Do(console("DELETE", fmt.Sprintf("/wallets/%d", ids["wallets"]["cash-left"]), master, nil)), 403, -6, 99033)
		kakaoError(t, sb.Do(console("DELETE", fmt.Sprintf("/wallets/%d", ids["wallets"]["postpaid"]), master, nil)), 403, -6, 99034)

		// A pending refund: the wallet is emptied by it only at confirmation.
		refunding := fmt.Sprintf("/wallets/%d", ids["wallets"]["cash-left"])
		ok(t, sb.Do(console("PUT", refunding+"/refund-account", master, map[string]any{"bankCode": "88", "accountNumber": "1234567", "holderName": "유꺼짐"})))
		ok(t, sb.Do(console("POST", refunding+"/refunds", master, map[string]any{})))
		msg = kakaoError(t, sb.Do(console("DELETE", refunding, master, nil)), 403, -6, 99033)
		contains(t, msg, "환불 요청")
		sb.Advance("1h")
		assert.Equal(t, 204, sb.Do(console("DELETE", refunding, master, nil)).Status, "refunded in full: every condition holds")
		// Pending alone (the unissued invoice, 99036, is in the tax invoice tests).
		ids = moreFixtures(t, sb, `{"wallets": [{"key": "pending", "type": "PERSONAL", "master": "master", "status": "OFF", "paidCash": 0,
			"refundAccount": {"bankCode": "88", "accountNumber": "7654321", "holderName": "강서준"}}]}`)
		pending := fmt.Sprintf("/wallets/%d", ids["wallets"]["pending"])
		ok(t, sb.Do(console("POST", pending+"/refunds", master, map[string]any{})))
		kakaoError(t, sb.Do(console("DELETE", pending, master, nil)), 403, -6, 99035)
		requireLedger(t, sb, master, 1)
	})
}

// master1ID is the id of rules.yaml's user "master".
const master1ID = 1

// requireLedger pages through a wallet's ledger in the console and checks
// that it sums to the balance it reports (W15).
func requireLedger(t *testing.T, sb *sandboxtest.Sandbox, token string, walletID int) {
	t.Helper()
	var paid, free float64
	var page map[string]any
	for p := 0; ; p++ {
		page = ok(t, sb.Do(console("GET", fmt.Sprintf("/wallets/%d/cash?page=%d&size=100", walletID, p), token, nil)))
		entries := page["entries"].([]any)
		for _, e := range entries {
			paid += e.(map[string]any)["paidCash"].(float64)
			free += e.(map[string]any)["freeCash"].(float64)
		}
		if len(entries) < 100 {
			break
		}
	}
	assert.Equal(t, page["paidCash"], paid, "W15: paid cash equals its ledger")
	assert.Equal(t, page["freeCash"], free, "W15: free cash equals its ledger")
}
