package sandbox_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Metric groups and dimensions (docs/reports.md): the demo's display
// campaigns beside a message campaign of the same ad account.

// messageFixture adds a PERSONAL_MESSAGE campaign with a DIRECT_MESSAGE ad
// group and an approved creative to alice's 10001, which then delivers
// from 10:00 KST like the demo's.
const messageFixture = `
campaigns:
  - {key: acme-msg, adAccount: acme-ads, name: 메시지 캠페인, type: PERSONAL_MESSAGE, goal: REACH}
adGroups:
  - {key: acme-msg-all, campaign: acme-msg, name: 메시지 그룹, type: DIRECT_MESSAGE, pricingType: CPM, pacing: QUICK, bidAmount: 200,
     schedule: {beginDate: today, endDate: +30d}}
creatives:
  - {key: acme-msg-card, adGroup: acme-msg-all, name: 메시지 카드, format: IMAGE_NATIVE, landingUrl: "https://acme.example/msg"}
`

// demoMessages is the demo with the message campaign, advanced by steps.
func demoMessages(t *testing.T, steps ...string) (*sandboxtest.Sandbox, int64) {
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	ids := sb.LoadFixtures([]byte(messageFixture))
	for _, s := range steps {
		sb.Advance(s)
	}
	return sb, ids["campaigns"]["acme-msg"]
}

type anyRow struct {
	Start      string             `json:"start"`
	Dimensions map[string]string  `json:"dimensions"`
	Metrics    map[string]float64 `json:"metrics"`
}

func anyReport(t *testing.T, sb *sandboxtest.Sandbox, pathAndQuery string) []anyRow {
	t.Helper()
	r := report(sb, 10001, pathAndQuery)
	require.Equal(t, 200, r.Status, "%s: %s", pathAndQuery, r.Body)
	var body struct{ Data []anyRow }
	require.NoError(t, json.Unmarshal(r.Body, &body))
	return body.Data
}

// ratioKey: a key worked out from the row's sums, not summed.
func ratioKey(k string) bool {
	return k == "ctr" || k == "msg_open_rate" || strings.HasPrefix(k, "cost_per_")
}

var (
	basicKeys    = []string{"click", "cost", "ctr", "imp"}
	messageKeys  = []string{"cost", "msg_click", "msg_open", "msg_open_rate", "msg_send", "msg_send_fail"}
	additionKeys = []string{"cost_per_click", "cost_per_imp", "reach"}
	convEvents   = []string{"cmpt_reg", "view_cart", "purchase", "participation", "signup", "app_install"}
)

func p01MetricGroups(t *testing.T) {
	t.Parallel()
	sb, msg := demoMessages(t, "48h")
	q := "/adAccounts/report?adAccountId=10001&level=CAMPAIGN&start=20260101&end=20260102&metricsGroup="
	isMsg := func(r anyRow) bool { return r.Dimensions["campaign_id"] == fmt.Sprint(msg) }
	byGroup := func(groups string) map[string]anyRow {
		out := map[string]anyRow{}
		rows := anyReport(t, sb, q+groups)
		for _, r := range rows {
			out[r.Start+"/"+r.Dimensions["campaign_id"]] = r
		}
		require.Len(t, out, len(rows), "one row per day and campaign")
		require.Len(t, out, 6, "two days × two display campaigns and the message one")
		return out
	}
	basic, addition, conv := byGroup("BASIC"), byGroup("ADDITION"), byGroup("PIXEL_SDK_CONVERSION")
	message, msgAdd, msgClick := byGroup("MESSAGE"), byGroup("MESSAGE_ADDITION"), byGroup("MESSAGE_CLICK")
	both := byGroup("BASIC,MESSAGE")
	for k, b := range basic {
		if isMsg(b) {
			assert.Empty(t, b.Metrics, "%s: a message campaign has nothing for BASIC (§9.5)", k)
			assert.Empty(t, addition[k].Metrics, k)
			assert.Empty(t, conv[k].Metrics, k)
			assert.Equal(t, messageKeys, slices.Sorted(maps.Keys(message[k].Metrics)), k)
			assert.Equal(t, message[k].Metrics, msgAdd[k].Metrics, "%s: MESSAGE_ADDITION has MESSAGE's keys", k)
			assert.Equal(t, map[string]float64{"msg_click": message[k].Metrics["msg_click"]}, msgClick[k].Metrics, k)
			m := message[k].Metrics
			assert.Positive(t, m["msg_send"], k)
			assert.LessOrEqual(t, m["msg_click"], m["msg_open"], k)
			assert.LessOrEqual(t, m["msg_open"], m["msg_send"], k)
			assert.InDelta(t, 100*m["msg_open"]/m["msg_send"], m["msg_open_rate"], 0.00006, k) // rounded to four places
			assert.Equal(t, m, both[k].Metrics, k)
			continue
		}
		assert.Empty(t, message[k].Metrics, "%s: a display campaign has nothing for MESSAGE (§9.5)", k)
		assert.Empty(t, msgClick[k].Metrics, k)
		assert.Equal(t, basicKeys, slices.Sorted(maps.Keys(b.Metrics)), k)
		assert.Equal(t, b.Metrics, both[k].Metrics, k)
		a := addition[k].Metrics
		assert.Equal(t, additionKeys, slices.Sorted(maps.Keys(a)), k)
		assert.Positive(t, a["reach"], k)
		assert.LessOrEqual(t, a["reach"], b.Metrics["imp"], "%s: reach ≤ imp", k)
		assert.InDelta(t, 1000*b.Metrics["cost"]/b.Metrics["imp"], a["cost_per_imp"], 0.006, k) // rounded to two places
		c := conv[k].Metrics
		assert.Len(t, c, 2*len(convEvents)+2+2*len(convEvents), k)
		for _, e := range convEvents {
			d1, d7 := c["conv_"+e+"_1d"], c["conv_"+e+"_7d"]
			assert.LessOrEqual(t, d1, d7, "%s: %s 7d ≥ 1d", k, e)
			assert.LessOrEqual(t, d7, b.Metrics["click"], "%s: %s ≤ clicks", k, e)
			if d7 > 0 {
				assert.InDelta(t, b.Metrics["cost"]/d7, c["cost_per_conv_"+e+"_7d"], 0.006, k) // rounded to two places
			}
		}
		assert.LessOrEqual(t, c["conv_purchase_p_1d"], c["conv_purchase_p_7d"], k)
	}

	// cost is once in the row: BASIC and MESSAGE together are every record.
	acc := func(groups string) float64 {
		var cost float64
		for _, r := range anyReport(t, sb, "/adAccounts/report?adAccountId=10001&start=20260101&end=20260102&metricsGroup="+groups) {
			cost += r.Metrics["cost"]
		}
		return cost
	}
	assert.Equal(t, acc("BASIC")+acc("MESSAGE"), acc("BASIC,MESSAGE"))
	assert.Equal(t, acc("BASIC,MESSAGE"), acc("MESSAGE&metricsGroup=BASIC&metricsGroup=ADDITION"), "repeated or comma-listed")
	assert.Positive(t, acc("MESSAGE"))

	for _, bad := range []struct{ groups, says string }{
		{"VIDEO", "does not emulate"}, {"BASIC,SPB", "SPB"}, {"PLUS_FRIEND", "PLUS_FRIEND"}, {"NOPE", "metricsGroup"}, {"BASIC,", "metricsGroup"},
	} {
		contains(t, kakaoError(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&datePreset=YESTERDAY&metricsGroup="+bad.groups), 400, -2, 0), bad.says)
	}
	contains(t, kakaoError(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&datePreset=YESTERDAY&dimension=AGE_BAND"), 400, -2, 0), "dimension")
}

var displayDimensions = map[string][]string{
	"AGE": {"age"}, "GENDER": {"gender"}, "AGE_GENDER": {"age", "gender"}, "LOCATION": {"location"},
	"DEVICE_TYPE": {"device_type"}, "PLACEMENT": {"placement"},
}

func p01Dimensions(t *testing.T) {
	t.Parallel()
	sb, msg := demoMessages(t, "48h")
	groupQ := "/adGroups/report?adGroupId=30001&start=20260101&end=20260102&dimension="
	values := func(dim, key string) []string {
		var vs []string
		for _, r := range anyReport(t, sb, groupQ+dim) {
			if !slices.Contains(vs, r.Dimensions[key]) {
				vs = append(vs, r.Dimensions[key])
			}
		}
		return vs
	}
	// 30001 targets 20~29 and 30~39 in 서울 on Android and iOS (the demo).
	assert.Equal(t, []string{"20~29", "30~39"}, values("AGE", "age"))
	assert.Equal(t, []string{"서울"}, values("LOCATION", "location"))
	assert.Equal(t, []string{"Android", "iOS"}, values("DEVICE_TYPE", "device_type"))
	assert.Equal(t, []string{"MALE", "FEMALE"}, values("GENDER", "gender"))
	assert.Equal(t, []string{"IMAGE_BANNER", "IMAGE_NATIVE"}, values("CREATIVE_FORMAT", "creative_format"), "40002 is approved after the review delay")
	assert.Len(t, values("AGE_GENDER", "gender"), 2)
	assert.Len(t, values("PLACEMENT", "placement"), 4, "no placements set: every value")

	q := "/adAccounts/report?adAccountId=10001&level=CAMPAIGN&start=20260101&end=20260102&dimension="
	for dim, keys := range displayDimensions {
		for _, r := range anyReport(t, sb, q+dim+"&metricsGroup=BASIC,MESSAGE") {
			if r.Dimensions["campaign_id"] == fmt.Sprint(msg) {
				assert.Equal(t, []string{"campaign_id"}, slices.Sorted(maps.Keys(r.Dimensions)), "%s: a message record has no display dimension (§9.5)", dim)
				assert.Equal(t, messageKeys, slices.Sorted(maps.Keys(r.Metrics)), dim)
				continue
			}
			for _, k := range keys {
				assert.NotEmpty(t, r.Dimensions[k], "%s: %v", dim, r)
			}
			assert.Equal(t, basicKeys, slices.Sorted(maps.Keys(r.Metrics)), dim)
		}
	}
	formats := anyReport(t, sb, q+"CREATIVE_FORMAT&metricsGroup=MESSAGE")
	var msgFormat bool
	for _, r := range formats {
		assert.NotEmpty(t, r.Dimensions["creative_format"], "CREATIVE_FORMAT is every creative's: %v", r)
		msgFormat = msgFormat || r.Dimensions["campaign_id"] == fmt.Sprint(msg) && len(r.Metrics) > 0
	}
	assert.True(t, msgFormat, "a message creative has its format")
}

// allGroups are every emulated group, so every integer key is summed.
const allGroups = "&metricsGroup=BASIC,ADDITION,PIXEL_SDK_CONVERSION,MESSAGE,MESSAGE_ADDITION,MESSAGE_CLICK"

// sumsAgree checks that a dimension's rows sum to the report without it,
// for every integer key, day and entity of the level's key.
func sumsAgree(t *testing.T, sb *sandboxtest.Sandbox, path, idKey, dim string) {
	t.Helper()
	whole := anyReport(t, sb, path+allGroups)
	parts := anyReport(t, sb, path+allGroups+"&dimension="+dim)
	sum := map[string]map[string]float64{}
	for _, r := range parts {
		k := r.Start + "/" + r.Dimensions[idKey]
		if sum[k] == nil {
			sum[k] = map[string]float64{}
		}
		for m, v := range r.Metrics {
			if !ratioKey(m) {
				sum[k][m] += v
			}
		}
	}
	assert.Len(t, sum, len(whole), "%s %s: the same days and entities", path, dim)
	for _, r := range whole {
		k := r.Start + "/" + r.Dimensions[idKey]
		want := map[string]float64{}
		for m, v := range r.Metrics {
			if !ratioKey(m) {
				want[m] = v
			}
		}
		assert.Equal(t, want, sum[k], "%s %s %s: the parts sum to the whole", path, dim, k)
	}
}

var everyDimension = []string{"HOUR", "AGE", "GENDER", "AGE_GENDER", "LOCATION", "DEVICE_TYPE", "PLACEMENT", "CREATIVE_FORMAT"}

func p06DimensionsSumToTheWhole(t *testing.T) {
	t.Parallel()
	sb, _ := demoMessages(t, "48h")
	for _, dim := range everyDimension {
		sumsAgree(t, sb, "/adAccounts/report?adAccountId=10001&level=CAMPAIGN&start=20260101&end=20260102", "campaign_id", dim)
		sumsAgree(t, sb, "/adGroups/report?adGroupId=30001,30002&level=CREATIVE&start=20260101&end=20260102", "creative_id", dim)
		path := "/adAccounts/report?adAccountId=10001&datePreset=LAST_7DAY&dimension=" + dim + allGroups
		first, second := report(sb, 10001, path), report(sb, 10001, path)
		require.Equal(t, 200, first.Status, "%s", first.Body)
		assert.Equal(t, string(first.Body), string(second.Body), "%s: the same state and clock, the same bytes", path)
	}
}

// Over random advances (across 08:00 corrections), any dimension's rows sum
// to the whole at any level.
func p06DimensionsSumProperty(t *testing.T) {
	t.Parallel()
	seed := rand.Uint64()
	rnd := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	sb, _ := demoMessages(t)
	for range 6 {
		sb.Advance(fmt.Sprintf("%dh", 1+rnd.IntN(40)))
		dim := everyDimension[rnd.IntN(len(everyDimension))]
		preset := []string{"TODAY", "YESTERDAY", "LAST_7DAY"}[rnd.IntN(3)]
		switch rnd.IntN(3) {
		case 0:
			sumsAgree(t, sb, "/adAccounts/report?adAccountId=10001&datePreset="+preset, "ad_account_id", dim)
		case 1:
			sumsAgree(t, sb, "/adAccounts/report?adAccountId=10001&level=CAMPAIGN&datePreset="+preset, "campaign_id", dim)
		default:
			sumsAgree(t, sb, "/adGroups/report?adGroupId=30001,30002&level=CREATIVE&datePreset="+preset, "creative_id", dim)
		}
	}
}
