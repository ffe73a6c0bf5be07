package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// adAccountExtras adds to the rule tests' data an ad account with every
// optional part (channels, trackers, a business right with a fixed id, a
// credit limit) and a deleted one, both master's.
var adAccountExtras = []byte(`
adAccounts:
  - key: rich-ads
    id: 20006
    name: 하늘테크 두번째 광고계정
    company: sky
    config: ON
    members: [{user: master, role: MASTER}]
    bizRight: {id: 777, agencyName: (주)대행나라}
    channels: [halt-ch, sky-ch]
    trackers: [{trackId: "5001", name: 하늘테크 픽셀}, {trackId: "5002", name: 하늘테크 앱 SDK}]
    creditLimit: 3000000
  - {key: gone-ads, id: 20007, name: 지운 광고계정, company: sky, config: DEL, members: [{user: master, role: MASTER}]}
`)

const (
	richAds = 20006
	goneAds = 20007
)

func withHeaderOf(adAccount int) map[string]string {
	return map[string]string{"adAccountId": fmt.Sprint(adAccount)}
}

// adAccountGet calls a GET of the ad account named by the header.
func adAccountGet(sb *sandboxtest.Sandbox, token, path string, adAccount int) sandboxtest.Response {
	return sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/" + path, Token: token, Header: withHeaderOf(adAccount)})
}

func jsonList(t *testing.T, r sandboxtest.Response) []any {
	t.Helper()
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out []any
	r.Decode(t, &out)
	return out
}

func rulesAdAccount(t *testing.T) {
	t.Run("M01_ad_account_pages_envelope_paging_and_config_filter", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.LoadFixtures(adAccountExtras)
		p := pages(t, sb, master, "")
		assert.Equal(t, []float64{20001, 20003, 20004, 20005, 20006}, ids(p), "ON and OFF by default, in id order")
		for k, want := range map[string]float64{"page": 0, "number": 0, "size": 10, "totalElements": 5, "totalPages": 1} {
			assert.EqualValues(t, want, p[k], k)
		}
		assert.Equal(t, map[string]any{"id": 20001.0, "name": "하늘테크 광고계정", "memberType": "MASTER", "config": "ON"}, p["content"].([]any)[0])

		p = pages(t, sb, master, "?config=ON,OFF,DEL&page=1&size=2")
		assert.Equal(t, []float64{20004, 20005}, ids(p))
		assert.EqualValues(t, 1, p["page"])
		assert.EqualValues(t, 1, p["number"])
		assert.EqualValues(t, 6, p["totalElements"])
		assert.EqualValues(t, 3, p["totalPages"])
		assert.Equal(t, []float64{20007}, ids(pages(t, sb, master, "?config=DEL")))
		assert.Equal(t, []float64{20005, 20007}, ids(pages(t, sb, master, "?config=OFF,DEL")))

		for _, bad := range []string{"?config=ON,PAUSED", "?config=", "?size=0", "?page=-1", "?size=ten"} {
			kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/pages" + bad, Token: master}), 400, -2, 0)
		}
	})

	t.Run("M01_ad_account_detail_has_every_field", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.LoadFixtures(adAccountExtras)
		r := adAccount(sb, master, fmt.Sprint(richAds))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		sky := map[string]any{"businessRegistrationNumber": "301-86-12345", "name": "(주)하늘테크"}
		assert.Equal(t, map[string]any{
			"id": 20006.0, "name": "하늘테크 두번째 광고계정", "ownerCompany": sky, "advertiser": sky, "type": "BUSINESS",
			"config": "ON", "isAdminStop": false, "isOutOfBalance": true, "statusDescription": "잔액 부족",
			"talkChannelProfileId": "2", "bizRightId": 777.0, "bizRightStatus": "APPROVED", "creditLimit": 3000000.0,
			"bizWalletId": nil,
		}, r.JSON(t), "no wallet: out of balance; the first channel (halt-ch, id 2) is its profile")

		d := adAccount(sb, master, fmt.Sprint(healthyAds)).JSON(t)
		assert.EqualValues(t, healthyWallet, d["bizWalletId"])
		assert.EqualValues(t, 1, d["bizRightId"])
		assert.Nil(t, d["talkChannelProfileId"], "no channel")
		d = adAccount(sb, master, fmt.Sprint(suspendedAds)).JSON(t)
		assert.Nil(t, d["bizRightId"])
		assert.Nil(t, d["bizRightStatus"])
		assert.EqualValues(t, 0, d["creditLimit"])

		kakaoError(t, adAccount(sb, master, fmt.Sprint(goneAds)), 400, -813, 21006)
	})

	t.Run("M01_ad_account_biz_right_holder_from_fixtures", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.LoadFixtures(adAccountExtras)
		bizRight := func(id int) map[string]any {
			r := adAccountGet(sb, master, "bizRight", id)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			return r.JSON(t)
		}
		assert.Equal(t, map[string]any{"id": 777.0, "bizRightCompanyName": "(주)대행나라"}, bizRight(richAds), "the fixture's id")
		assigned := bizRight(healthyAds)
		assert.Equal(t, "(주)대행나라", assigned["bizRightCompanyName"])
		assert.EqualValues(t, 1, assigned["id"], "assigned from the sandbox's sequence")
		assert.Equal(t, assigned["id"], adAccount(sb, master, fmt.Sprint(healthyAds)).JSON(t)["bizRightId"])
		assert.Equal(t, map[string]any{}, bizRight(suspendedAds), "no agency holds it")

		sb.Restart()
		assert.Equal(t, assigned, bizRight(healthyAds), "kept across a restart")
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures?replace=true", Header: map[string]string{"Content-Type": "application/yaml"},
			Body: []byte("adAccounts:\n  - {key: healthy-ads, id: 20001, name: 하늘테크 광고계정, company: sky, wallet: healthy-w, members: [{user: master, role: MASTER}], bizRight: {agencyName: (주)대행나라}}\n")})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		assert.Equal(t, assigned, bizRight(healthyAds), "kept when its fixture is loaded again")
		kakaoError(t, adAccountGet(sb, outsider, "bizRight", healthyAds), 400, -813, 9004)

		// A snapshot carries the ids and the sequence: a new business right
		// comes after the fixture's 777.
		restored := sandboxtest.New(t)
		require.Equal(t, 200, putSnapshot(restored, getSnapshot(t, sb)).Status)
		r = adAccountGet(restored, master, "bizRight", healthyAds)
		assert.Equal(t, assigned, r.JSON(t), "kept across a snapshot")
		restored.LoadFixtures([]byte("adAccounts:\n  - {key: new-ads, name: 새 광고계정, members: [{user: master, role: MASTER}], bizRight: {agencyName: (주)새대행}}\n"))
		r = adAccountGet(restored, master, "bizRight", 20008)
		assert.Equal(t, map[string]any{"id": 778.0, "bizRightCompanyName": "(주)새대행"}, r.JSON(t))
	})

	t.Run("M01_ad_account_channel_profiles_and_trackers_from_fixtures", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.LoadFixtures(adAccountExtras)
		assert.Equal(t, []any{
			map[string]any{"id": 2.0, "name": "멈춤상사 채널"},
			map[string]any{"id": 1.0, "name": "하늘테크 채널"},
		}, jsonList(t, adAccountGet(sb, master, "channel/profiles", richAds)), "in the fixture's order")
		assert.Equal(t, []any{
			map[string]any{"trackId": "5001", "name": "하늘테크 픽셀"},
			map[string]any{"trackId": "5002", "name": "하늘테크 앱 SDK"},
		}, jsonList(t, adAccountGet(sb, master, "trackers", richAds)))
		assert.Equal(t, []any{}, jsonList(t, adAccountGet(sb, master, "channel/profiles", healthyAds)))
		assert.Equal(t, []any{}, jsonList(t, adAccountGet(sb, master, "trackers", healthyAds)))
		for _, path := range []string{"channel/profiles", "trackers"} {
			kakaoError(t, adAccountGet(sb, outsider, path, richAds), 400, -813, 9004)
			kakaoError(t, adAccountGet(sb, master, path, goneAds), 400, -813, 21006)
			noHeader := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/" + path, Token: master})
			contains(t, kakaoError(t, noHeader, 400, -2, 0), "adAccountId")
		}

		// A bad entry is refused whole, naming the field.
		for field, entry := range map[string]string{
			"channels":         `channels: [no-such-ch]`,
			"channels twice":   `channels: [sky-ch, sky-ch]`,
			"trackers.trackId": `trackers: [{trackId: "1", name: a}, {trackId: "1", name: b}]`,
			"trackers.name":    `trackers: [{trackId: "1"}]`,
			"creditLimit":      `creditLimit: -1`,
		} {
			doc := "adAccounts:\n  - {key: bad-ads, id: 20099, name: 나쁜 광고계정, members: [{user: master, role: MASTER}], " + entry + "}\n"
			r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(doc)})
			assert.Equal(t, 400, r.Status, "%s: %s", field, r.Body)
			assert.Contains(t, string(r.Body), "adAccounts[0]", field)
		}
		kakaoError(t, adAccount(sb, master, "20099"), 400, -813, 21006)
	})

	t.Run("M01_ad_account_out_of_balance_follows_the_wallet", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		standing := func() (bool, string) {
			d := adAccount(sb, master, fmt.Sprint(healthyAds)).JSON(t)
			return d["isOutOfBalance"].(bool), d["statusDescription"].(string)
		}
		out, desc := standing()
		assert.False(t, out)
		assert.Equal(t, "운영중", desc)
		sb.Spend(healthyAds, 510000) // 500,000 paid + 10,000 free: all it can spend
		out, desc = standing()
		assert.True(t, out, "nothing left to spend")
		assert.Equal(t, "잔액 부족", desc)
		sb.Deposit(issue(sb, master, healthyAds, 10000), 10000)
		out, desc = standing()
		assert.False(t, out, "a deposit makes it spendable again")
		assert.Equal(t, "운영중", desc)
	})

	t.Run("M01_ad_account_on_off_refuses_del_and_keeps_its_limit", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		// Who may switch comes first (the limit is per user).
		kakaoError(t, onOff(sb, member, healthyAds, "DEL"), 400, -813, 9004)
		kakaoError(t, onOff(sb, outsider, healthyAds, "DEL"), 400, -813, 9004)
		contains(t, kakaoError(t, onOff(sb, master, healthyAds, "DEL"), 400, -813, 21500), "DEL")
		assert.Equal(t, "ON", adAccount(sb, master, fmt.Sprint(healthyAds)).JSON(t)["config"], "nothing changed")
		kakaoError(t, onOff(sb, master, suspendedAds, "OFF"), 429, -813, 99429) // the refused call counted
		sb.Wall.Advance(time.Second)
		require.Equal(t, 200, onOff(sb, master, suspendedAds, "OFF").Status)
		kakaoError(t, onOff(sb, master, suspendedAds, "ON"), 429, -813, 99429)
		kakaoError(t, sb.Do(req{Method: "PUT", Path: "/openapi/v4/adAccounts/onOff", Token: personal, Header: withHeaderOf(personalAds),
			Body: map[string]any{"config": "PAUSED"}}), 400, -2, 0)
	})
}
