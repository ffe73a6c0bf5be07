package sandbox_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Moment's report endpoints on the demo (docs/reports.md): alice's
// ad account 10001 spends from 10:00 on 2026-01-01 (sandboxtest.Start()).
func rulesReports(t *testing.T) {
	t.Run("P01_report_parameters_limits_and_envelope", p01ReportParameters)
	t.Run("P01_report_metric_groups_split_display_and_message", p01MetricGroups)
	t.Run("P01_report_dimensions_and_their_values", p01Dimensions)
	t.Run("P02_report_dates_are_kst_and_exclude_today", p02ReportDates)
	t.Run("P04_report_limits_per_ad_account_and_app", p04ReportLimits)
	t.Run("P05_report_cost_equals_the_wallets_spend", p05ReportCostIsSpend)
	t.Run("P06_reports_are_reproducible_and_sum_to_their_whole", p06ReportsReproducible)
	t.Run("P06_every_dimension_sums_to_the_whole", p06DimensionsSumToTheWhole)
	t.Run("P06_dimensions_sum_to_the_whole_over_random_advances", p06DimensionsSumProperty)
}

// report calls a report path as alice on ad account 10001 (header; 0: none).
func report(sb *sandboxtest.Sandbox, header int64, pathAndQuery string) sandboxtest.Response {
	h := map[string]string{}
	if header != 0 {
		h["adAccountId"] = fmt.Sprint(header)
	}
	return sb.Do(req{Method: "GET", Path: "/openapi/v4" + pathAndQuery, Token: demoAlice, Header: h})
}

type reportRows struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    []struct {
		Start      string            `json:"start"`
		End        string            `json:"end"`
		Dimensions map[string]string `json:"dimensions"`
		Metrics    struct {
			Imp, Click, Cost int64
			CTR              float64 `json:"ctr"`
		} `json:"metrics"`
	} `json:"data"`
}

func reportOK(t *testing.T, r sandboxtest.Response) reportRows {
	t.Helper()
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var rows reportRows
	r.Decode(t, &rows)
	require.Equal(t, 200, rows.Code)
	require.Equal(t, "Success", rows.Message)
	return rows
}

// demoReports is the demo two days on, with Kakao's limits off so that a
// test reads as many reports as it needs.
func demoReports(t *testing.T) *sandboxtest.Sandbox {
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	sb.Advance("48h") // 2026-01-03 09:00 KST
	return sb
}

func p01ReportParameters(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	q := "&start=20260101&end=20260102"
	acc := reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001"+q))
	require.Len(t, acc.Data, 2, "one row a day")
	assert.Equal(t, "2026-01-01", acc.Data[0].Start, "response dates are yyyy-MM-dd")
	assert.Equal(t, "2026-01-01", acc.Data[0].End)
	assert.Equal(t, map[string]string{"ad_account_id": "10001"}, acc.Data[0].Dimensions)
	assert.Positive(t, acc.Data[0].Metrics.Cost)
	assert.Positive(t, acc.Data[0].Metrics.Imp)

	byLevel := reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&level=CAMPAIGN&metricsGroup=BASIC"+q))
	camps := reportOK(t, report(sb, 10001, "/campaigns/report?campaignId=20001,20002"+q))
	assert.Equal(t, byLevel, camps, "an account's campaigns are its campaigns' report")
	assert.Equal(t, map[string]string{"campaign_id": "20001"}, camps.Data[0].Dimensions)
	groups := reportOK(t, report(sb, 10001, "/adGroups/report?adGroupId=30001&adGroupId=30002&level=CREATIVE"+q))
	creatives := reportOK(t, report(sb, 10001, "/creatives/report?creativeId=40001,40002,40003"+q))
	assert.Equal(t, groups, creatives, "repeated or comma-listed ids read alike")

	multi := report(sb, 0, "/adAccounts/report?adAccountId=10001,10002"+q)
	kakaoError(t, multi, 400, -813, 9004) // dana's 10002 is not alice's
	ids := func(from, n int) string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprint(from+i))
		}
		return strings.Join(s, ",")
	}
	for _, bad := range []struct {
		header int64
		path   string
		field  string
	}{
		{10001, "/adAccounts/report?adAccountId=1,2,3,4,5,6" + q, "adAccountId"},
		{10001, "/campaigns/report?campaignId=1,2,3,4,5,6" + q, "campaignId"},
		{10001, "/adGroups/report?adGroupId=" + ids(30001, 41) + q, "adGroupId"},
		{10001, "/creatives/report?creativeId=" + ids(40001, 101) + q, "creativeId"},
		{0, "/adAccounts/report?adAccountId=10001" + q, "adAccountId"},
		{10001, "/adAccounts/report?adAccountId=10001&dimension=AGE_BAND" + q, "dimension"},
		{10001, "/adAccounts/report?adAccountId=10001&metricsGroup=BASIC,VIDEO" + q, "VIDEO"},
		{10001, "/adAccounts/report?adAccountId=10001&level=AD_GROUP" + q, "level"},
		{10001, "/adAccounts/report?adAccountId=abc" + q, "adAccountId"},
	} {
		msg := kakaoError(t, report(sb, bad.header, bad.path), 400, -2, 0)
		assert.Contains(t, msg, bad.field, "%s", bad.path)
	}
	kakaoError(t, report(sb, 10001, "/campaigns/report?campaignId=20003"+q), 400, -813, 31001) // dana's campaign
}

func p02ReportDates(t *testing.T) {
	t.Parallel()
	sb := demoReports(t) // 2026-01-03 09:00 KST: today has delivered 00:00–08:59
	rows := func(q string) []string {
		var days []string
		for _, r := range reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&"+q)).Data {
			days = append(days, r.Start)
		}
		return days
	}
	assert.Equal(t, []string{"2026-01-03"}, rows("datePreset=TODAY"))
	assert.Equal(t, []string{"2026-01-02"}, rows("datePreset=YESTERDAY"))
	assert.Equal(t, []string{"2026-01-01", "2026-01-02"}, rows("datePreset=LAST_7DAY"), "today excluded")
	assert.Equal(t, []string{"2026-01-01", "2026-01-02"}, rows("datePreset=THIS_MONTH"))
	assert.Empty(t, rows("datePreset=LAST_MONTH"), "nothing spent in December")
	assert.Equal(t, []string{"2026-01-01", "2026-01-02"}, rows("start=20251203&end=20260102"), "31 days")
	for _, bad := range []string{"start=20251202&end=20260102", "start=20260101&end=20260103", "start=20260102&end=20260101", "start=2026-01-01&end=20260102", "start=20260101"} {
		kakaoError(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&"+bad), 400, -2, 0)
	}
	today := reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&datePreset=TODAY&dimension=HOUR"))
	require.NotEmpty(t, today.Data)
	assert.Equal(t, "09", today.Data[len(today.Data)-1].Dimensions["hour"], "TODAY has the hours delivered so far, KST (an hour is delivered at its start)")
}

func p04ReportLimits(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t) // Kakao's limits on, on the test's wall clock
	q := "&datePreset=YESTERDAY"
	single := "/adAccounts/report?adAccountId=10001" + q
	reportOK(t, report(sb, 10001, single))
	kakaoError(t, report(sb, 10001, single), 429, -813, 0)
	reportOK(t, report(sb, 10001, "/campaigns/report?campaignId=20001"+q)) // another operation's limit
	multi := "/adAccounts/report?adAccountId=10001,10003" + q
	reportOK(t, report(sb, 0, multi))
	r := report(sb, 0, multi)
	kakaoError(t, r, 429, -813, 0)
	assert.Equal(t, "5", r.Header.Get("Retry-After"))
	bob := sb.Do(req{Method: "GET", Path: "/openapi/v4" + multi, Token: "sandbox-biz-bob"})
	kakaoError(t, bob, 429, -813, 0) // the same app's other user: a multi-account report is limited per app

	groups := "/adGroups/report?adGroupId=30001" + q
	reportOK(t, report(sb, 10001, groups))
	kakaoError(t, report(sb, 10001, groups), 429, -813, 0)
	sb.Wall.Advance(time.Second)
	reportOK(t, report(sb, 10001, groups))
	sb.Wall.Advance(4 * time.Second)
	reportOK(t, report(sb, 10001, single))
	reportOK(t, report(sb, 0, multi))
}

// A report's cost, day by day and in total, is what the wallet paid for the
// ads less the 08:00 corrections credited back (rule P05): the clock stops
// past two mornings, so corrected days are among those read.
func p05ReportCostIsSpend(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	sb.Advance("29h") // 2026-01-04 14:00: three whole days and today's morning
	wallet := int(demoGet(t, sb, demoAlice, 10001, "/adAccounts/balance")["bizWalletId"].(float64))
	entries, _ := ledger(t, sb, demoAlice, wallet)
	spent := map[string]int64{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Ref, ":adAccount:10001") {
			continue
		}
		switch { // the one rule (docs/ads.md): a day's cost is its spends less the correction credited for it
		case e.Kind == "SPEND" && strings.HasPrefix(e.Ref, "ads:"): // ads:2026-01-01T10:00:adAccount:10001
			spent[e.Ref[4:14]] -= e.PaidCash + e.FreeCash
		case e.Kind == "AD_CORRECTION": // ads:correction:2026-01-01:adAccount:10001, credited the next day
			spent[e.Ref[15:25]] -= e.PaidCash + e.FreeCash
		}
	}
	for _, q := range []string{"start=20260101&end=20260103", "datePreset=YESTERDAY", "datePreset=TODAY", "start=20260102&end=20260102"} {
		rows := reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&"+q))
		var cost, want int64
		for _, r := range rows.Data {
			cost += r.Metrics.Cost
			want += spent[r.Start]
			assert.Equal(t, spent[r.Start], r.Metrics.Cost, "%s: %s", q, r.Start)
		}
		assert.Equal(t, want, cost, q)
		assert.Positive(t, cost, q)
	}
	var total int64
	for _, c := range spent {
		total += c
	}
	all := reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&start=20260101&end=20260103"))
	today := reportOK(t, report(sb, 10001, "/adAccounts/report?adAccountId=10001&datePreset=TODAY"))
	var cost int64
	for _, r := range append(all.Data, today.Data...) {
		cost += r.Metrics.Cost
	}
	assert.Equal(t, total, cost, "every won the wallet paid for 10001's ads is in its reports")
}

func p06ReportsReproducible(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	for _, path := range []string{
		"/adGroups/report?adGroupId=30001,30002&level=CREATIVE&start=20260101&end=20260102",
		"/adAccounts/report?adAccountId=10001&level=CAMPAIGN&datePreset=LAST_7DAY&dimension=HOUR", // two dimension keys
	} {
		first, second := report(sb, 10001, path), report(sb, 10001, path)
		require.Equal(t, 200, first.Status, "%s", first.Body)
		assert.Equal(t, first.Body, second.Body, "%s: the same state and clock, the same bytes", path)
	}

	days := reportOK(t, report(sb, 10001, "/campaigns/report?campaignId=20001,20002&start=20260101&end=20260102"))
	hours := reportOK(t, report(sb, 10001, "/campaigns/report?campaignId=20001,20002&start=20260101&end=20260102&dimension=HOUR"))
	sum := map[string][3]int64{}
	for _, h := range hours.Data {
		k := h.Start + "/" + h.Dimensions["campaign_id"]
		s := sum[k]
		sum[k] = [3]int64{s[0] + h.Metrics.Imp, s[1] + h.Metrics.Click, s[2] + h.Metrics.Cost}
	}
	require.NotEmpty(t, days.Data)
	for _, d := range days.Data {
		k := d.Start + "/" + d.Dimensions["campaign_id"]
		assert.Equal(t, [3]int64{d.Metrics.Imp, d.Metrics.Click, d.Metrics.Cost}, sum[k], "%s: the hours sum to the day", k)
	}
	assert.Len(t, sum, len(days.Data))
}
