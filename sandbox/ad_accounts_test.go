package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func pages(t *testing.T, sb *sandboxtest.Sandbox, token, query string) map[string]any {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/pages" + query, Token: token})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func ids(page map[string]any) []float64 {
	var out []float64
	for _, a := range page["content"].([]any) {
		out = append(out, a.(map[string]any)["id"].(float64))
	}
	return out
}

func adAccount(sb *sandboxtest.Sandbox, token, id string) sandboxtest.Response {
	return sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/" + id, Token: token})
}

func onOff(sb *sandboxtest.Sandbox, token string, adAccount int, config string) sandboxtest.Response {
	return sb.Do(req{Method: "PUT", Path: "/openapi/v4/adAccounts/onOff", Token: token,
		Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}, Body: map[string]any{"config": config}})
}

func TestAdAccountSurface(t *testing.T) {
	t.Parallel()
	t.Run("pages_list_only_member_accounts_with_config_filter_and_paging", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		p := pages(t, sb, master, "")
		assert.Equal(t, []float64{20001, 20003, 20004, 20005}, ids(p), "ON and OFF by default")
		assert.EqualValues(t, 4, p["totalElements"])
		first := p["content"].([]any)[0].(map[string]any)
		assert.Equal(t, "MASTER", first["memberType"])
		assert.Equal(t, []float64{20005}, ids(pages(t, sb, master, "?config=OFF")))
		p = pages(t, sb, master, "?page=1&size=3")
		assert.Equal(t, []float64{20005}, ids(p))
		assert.EqualValues(t, 2, p["totalPages"])
		assert.Empty(t, ids(pages(t, sb, master, "?page=9")))
		assert.Equal(t, "MEMBER", pages(t, sb, member, "")["content"].([]any)[0].(map[string]any)["memberType"])
		assert.Empty(t, ids(pages(t, sb, outsider, "")))
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/pages?config=PAUSED", Token: master}), 400, -2, 0)
	})

	t.Run("detail_derives_balance_and_status", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		r := adAccount(sb, master, "20001")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		d := r.JSON(t)
		assert.Equal(t, "운영중", d["statusDescription"])
		assert.Equal(t, false, d["isOutOfBalance"])
		assert.Equal(t, map[string]any{"businessRegistrationNumber": "301-86-12345", "name": "(주)하늘테크"}, d["ownerCompany"])
		assert.Equal(t, "BUSINESS", d["type"])

		d = adAccount(sb, master, "20005").JSON(t)
		assert.Equal(t, true, d["isOutOfBalance"])
		assert.Equal(t, "광고계정 OFF, 잔액 부족", d["statusDescription"], "every reason, as Moment's 사용자OFF,잔액부족")
		require.Equal(t, 200, onOff(sb, master, 20005, "ON").Status)
		assert.Equal(t, "잔액 부족", adAccount(sb, master, "20005").JSON(t)["statusDescription"])

		sb.Spend(personalAds, 30000)
		assert.Equal(t, true, adAccount(sb, personal, "20002").JSON(t)["isOutOfBalance"], "derived from the wallet")
		assert.Nil(t, adAccount(sb, personal, "20002").JSON(t)["ownerCompany"], "a personal ad account has no company")

		kakaoError(t, adAccount(sb, master, "99999"), 400, -813, 21006)
		kakaoError(t, adAccount(sb, outsider, "20001"), 400, -813, 9004)
	})

	t.Run("biz_right", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		get := func(token string, id int) sandboxtest.Response {
			return sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/bizRight", Token: token, Header: map[string]string{"adAccountId": fmt.Sprint(id)}})
		}
		assert.Equal(t, map[string]any{"id": 1.0, "bizRightCompanyName": "(주)대행나라"}, get(master, healthyAds).JSON(t))
		assert.Equal(t, map[string]any{}, get(master, offAds).JSON(t), "no agency holds it")
		kakaoError(t, get(outsider, healthyAds), 400, -813, 9004)
	})

	t.Run("on_off_master_only_one_per_second", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := onOff(sb, master, healthyAds, "OFF")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Empty(t, r.Body)
		assert.Equal(t, "OFF", adAccount(sb, master, "20001").JSON(t)["config"])
		kakaoError(t, onOff(sb, master, healthyAds, "ON"), 429, -813, 99429)
		sb.Wall.Advance(time.Second)
		require.Equal(t, 200, onOff(sb, master, healthyAds, "ON").Status)
		kakaoError(t, onOff(sb, member, healthyAds, "OFF"), 400, -813, 9004) // a MEMBER may not
		kakaoError(t, onOff(sb, outsider, healthyAds, "OFF"), 400, -813, 9004)
		kakaoError(t, onOff(sb, personal, 424242, "OFF"), 400, -813, 21006)
		sb.Wall.Advance(time.Second)
		kakaoError(t, onOff(sb, master, healthyAds, "DEL"), 400, -813, 21500)
	})

	t.Run("resource_ids_limit_the_token", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		tok := businessToken(t, sb, "master", "moment_management,moment_create", "resource_ids", "moment:20001")["access_token"].(string)
		assert.EqualValues(t, 500000, balance(t, sb, tok, healthyAds).Cash)
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: tok, Header: map[string]string{"adAccountId": "20004"}})
		contains(t, kakaoError(t, r, 400, -813, 9004), "resource_ids")
		kakaoError(t, sb.Do(vaRequest(tok, offAds, vaBody(offAds, 10000, "88"))), 400, -813, 9004)
		assert.Equal(t, []float64{20001}, ids(pages(t, sb, tok, "")), "the list shows what the token may touch")

		all := businessToken(t, sb, "master", "moment_management,moment_create", "resource_ids", "moment:*")["access_token"].(string)
		assert.EqualValues(t, 80000, balance(t, sb, all, offAds).Cash)
	})
}
