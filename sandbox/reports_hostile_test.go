package sandbox_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestReportsHostile is what a hostile or careless client sends the four
// report endpoints (docs/kakao-api.md §9.5): every answer is a Kakao-format
// 4xx naming the parameter, never a 500, and every body is validated
// against the OpenAPI document by the strict sandbox. The demo is at
// 2026-01-03 09:00 KST (demoReports): today is 20260103.
func TestReportsHostile(t *testing.T) {
	t.Parallel()
	t.Run("bad_parameters_are_a_400_naming_them", reportsHostileParameters)
	t.Run("a_one_value_parameter_given_twice_is_refused", reportsHostileRepeats)
	t.Run("an_empty_metric_group_is_refused_wherever_it_is", reportsHostileEmptyGroup)
	t.Run("tokens_and_headers", reportsHostileCallers)
	t.Run("deleted_entities_report_their_past", reportsHostileDeleted)
	t.Run("concurrent_reports_and_advances", reportsHostileConcurrent)
	t.Run("concurrent_calls_meet_one_limit", reportsHostileConcurrentLimit)
	t.Run("a_targeted_value_no_dimension_can_hold_is_refused", reportsHostileTargets)
}

// reportsHostileTargets: an ad group's targeted values are what its
// dimension rows answer, so one that no dimension can hold (a control
// character split AGE_GENDER's value once: a 500) is refused where it is
// set, and nothing of the document is stored.
func reportsHostileTargets(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	for field, targeting := range map[string]string{
		"targeting.ages":      `targeting: {ages: ["20~29", "x\u0000y"]}`,
		"targeting.genders":   `targeting: {genders: [""]}`,
		"targeting.locations": `targeting: {locations: ["서울\n부산"]}`,
		"placements":          `placements: ["` + strings.Repeat("가", 51) + `"]`,
	} {
		doc := `adGroups:
  - {key: hostile-g, campaign: acme-winter, name: 적대적, pricingType: CPC, bidAmount: 300, ` + targeting + `}
`
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(doc)})
		require.Equal(t, 400, r.Status, "%s: %s", field, r.Body)
		assert.Contains(t, string(r.Body), field, "the answer names the field")
	}
	// Had a refused entry been stored, its key would now be taken (a 409).
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(`adGroups:
  - {key: hostile-g, campaign: acme-winter, name: 적대적, pricingType: CPC, bidAmount: 300}
`)})
	assert.Equal(t, 201, r.Status, "nothing of a refused document was stored: %s", r.Body)
}

// idList is n ids from first, comma-separated.
func idList(first, n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint(first + i)
	}
	return strings.Join(s, ",")
}

func reportsHostileParameters(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	const acc, y = "/adAccounts/report?adAccountId=10001", "&datePreset=YESTERDAY"
	for _, bad := range []struct{ path, field string }{
		{acc + "&start=20260230&end=20260301", "start"}, // no such day
		{acc + "&start=99999999&end=99999999", "start"},
		{acc + "&start=00000101&end=20260102", "end"}, // year 0: far more than 31 days
		{acc + "&start=20260102&end=20260101", "end"}, // end before start
		{acc + "&start=20251202&end=20260102", "end"}, // 32 days
		{acc + "&start=20260103&end=20260103", "end"}, // today: only datePreset=TODAY
		{acc + "&start=20270101&end=20270102", "end"}, // the future
		{acc + "&start=20260101&end=20270102", "end"},
		{acc + "&start=2026-01-01&end=20260102", "start"},
		{acc + "&start=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96%EF%BC%90%EF%BC%91%EF%BC%90%EF%BC%91&end=20260102", "start"}, // full-width digits
		{acc + "&start=20260101%00&end=20260102", "start"},
		{acc + "&start=20260101", "start"}, // no end
		{acc + "&end=20260101", "start"},
		{acc, "start"}, // neither a preset nor dates
		{acc + "&datePreset=FOO", "datePreset"},
		{acc + "&datePreset=today", "datePreset"},
		{acc + "&datePreset=", "datePreset"},
		{acc + "&timeUnit=HOUR" + y, "timeUnit"},
		{acc + "&dimension=hour" + y, "dimension"},
		{acc + "&dimension=" + y, "dimension"},
		{acc + "&metricsGroup=basic" + y, "metricsGroup"},
		{acc + "&metricsGroup=" + y, "metricsGroup"},
		{acc + "&level=AD_GROUP" + y, "level"}, // levels that are not the endpoint's
		{acc + "&level=CREATIVE" + y, "level"},
		{acc + "&level=" + y, "level"},
		{"/campaigns/report?campaignId=20001&level=AD_ACCOUNT" + y, "level"},
		{"/campaigns/report?campaignId=20001&level=CREATIVE" + y, "level"},
		{"/adGroups/report?adGroupId=30001&level=CAMPAIGN" + y, "level"},
		{"/creatives/report?creativeId=40001&level=AD_GROUP" + y, "level"},
		{"/adAccounts/report?adAccountId=" + y, "adAccountId"}, // empty, stray commas, not ids
		{"/adAccounts/report?adAccountId=10001," + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=10001,,10001" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=0" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=-1" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=1e5" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=0x10" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=%2010001" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=99999999999999999999" + y, "adAccountId"},
		{"/adAccounts/report?adAccountId=99999" + y, "adAccountId"}, // not the header's
		{"/adAccounts/report?adAccountId=10001,10001,10001,10001,10001,10001" + y, "adAccountId"},
		{"/campaigns/report?campaignId=abc" + y, "campaignId"},
		{"/campaigns/report?datePreset=YESTERDAY", "campaignId"},
		{"/adGroups/report?adGroupId=30001&adGroupId=" + y, "adGroupId"}, // repeated, the second empty
		{"/adGroups/report?adGroupId=30001&adGroupId=x" + y, "adGroupId"},
		{"/adGroups/report?adGroupId=" + idList(30001, 41) + y, "adGroupId"},
		{"/adGroups/report?adGroupId=" + idList(30001, 10000) + y, "adGroupId"}, // huge
		{"/adGroups/report?" + strings.Repeat("adGroupId=30001&", 41) + y[1:], "adGroupId"},
		{"/creatives/report?creativeId=" + idList(40001, 101) + y, "creativeId"},
	} {
		r := report(sb, 10001, bad.path)
		msg := kakaoError(t, r, 400, -2, 0)
		assert.Contains(t, msg, bad.field, "%.200s", bad.path)
	}
	// Ids that are well formed but not the header's ad account's.
	for _, bad := range []struct {
		path   string
		detail int
	}{
		{"/campaigns/report?campaignId=20003" + y, 31001}, // dana's
		{"/campaigns/report?campaignId=99999" + y, 31001}, // nobody's
		{"/adGroups/report?adGroupId=30003" + y, 32001},
		{"/adGroups/report?adGroupId=40001" + y, 32001}, // a creative's id
		{"/creatives/report?creativeId=30001" + y, 33003},
		{"/creatives/report?creativeId=40004" + y, 33003},
	} {
		kakaoError(t, report(sb, 10001, bad.path), 400, -813, bad.detail)
	}
	for _, huge := range []string{"9223372036854775808", "9999999999999999999"} { // past int64, within the pattern
		kakaoError(t, report(sb, 0, "/adAccounts/report?adAccountId="+huge+",10001"+y), 400, -813, 21006)
	}
	// With a preset, start and end are not read (the sandbox's documented
	// choice), so dates that would be refused alone are not.
	reportOK(t, report(sb, 10001, acc+y+"&start=20261301&end=20261301"))
	reportOK(t, report(sb, 10001, acc+y+"&timeUnit=DAY&metricsGroup=BASIC&metricsGroup=BASIC&unknown=1"))
}

// Found by probing: a one-value parameter given twice was read by its first
// value, which alone the validator checked, so dimension=HOUR&dimension=AGE
// answered an hourly report and the other order a 400, and a second
// start/end/level was silently ignored.
func reportsHostileRepeats(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	const acc = "/adAccounts/report?adAccountId=10001"
	for _, bad := range []struct{ path, field string }{
		{acc + "&datePreset=TODAY&datePreset=YESTERDAY", "datePreset"},
		{acc + "&datePreset=YESTERDAY&datePreset=FOO", "datePreset"},
		{acc + "&start=20260101&start=20260102&end=20260102", "start"},
		{acc + "&start=20260101&end=20260101&end=20260102", "end"},
		{acc + "&datePreset=YESTERDAY&timeUnit=DAY&timeUnit=DAY", "timeUnit"},
		{acc + "&datePreset=YESTERDAY&level=CAMPAIGN&level=AD_ACCOUNT", "level"},
		{acc + "&datePreset=YESTERDAY&dimension=HOUR&dimension=AGE", "dimension"},
		{acc + "&datePreset=YESTERDAY&dimension=AGE&dimension=HOUR", "dimension"},
		{"/adGroups/report?adGroupId=30001&datePreset=YESTERDAY&level=CREATIVE&level=AD_GROUP", "level"},
	} {
		msg := kakaoError(t, report(sb, 10001, bad.path), 400, -2, 0)
		assert.Contains(t, msg, bad.field, bad.path)
	}
}

// Found by probing: metricsGroup= alone was refused by its pattern, but an
// empty group after a good one (metricsGroup=BASIC&metricsGroup=, or
// BASIC&metricsGroup=BASIC,) was read as BASIC.
func reportsHostileEmptyGroup(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	const acc = "/adAccounts/report?adAccountId=10001&datePreset=YESTERDAY"
	for _, q := range []string{"&metricsGroup=", "&metricsGroup=BASIC&metricsGroup=", "&metricsGroup=BASIC&metricsGroup=BASIC,", "&metricsGroup=BASIC&metricsGroup=,BASIC"} {
		msg := kakaoError(t, report(sb, 10001, acc+q), 400, -2, 0)
		assert.Contains(t, msg, "metricsGroup", q)
	}
	reportOK(t, report(sb, 10001, acc+"&metricsGroup=BASIC&metricsGroup=BASIC"))
}

func reportsHostileCallers(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	const y = "&datePreset=YESTERDAY"
	get := func(token string, header, path string) sandboxtest.Response {
		h := map[string]string{}
		if header != "" {
			h["adAccountId"] = header
		}
		return sb.Do(req{Method: "GET", Path: "/openapi/v4" + path, Token: token, Header: h})
	}
	single := "/adAccounts/report?adAccountId=10001" + y
	for _, bad := range []struct{ header, path, field string }{
		{"", single, "adAccountId"}, // a single-account report without the header
		{"abc", single, "adAccountId"},
		{"0", single, "adAccountId"},
		{"9223372036854775808", "/adAccounts/report?adAccountId=9223372036854775808" + y, "adAccountId"},
		{"", "/campaigns/report?campaignId=20001" + y, "adAccountId"},
		{"", "/adGroups/report?adGroupId=30001" + y, "adAccountId"},
		{"", "/creatives/report?creativeId=40001" + y, "adAccountId"},
	} {
		msg := kakaoError(t, get(demoAlice, bad.header, bad.path), 400, -2, 0)
		assert.Contains(t, msg, bad.field, "%s %s", bad.header, bad.path)
	}
	kakaoError(t, get("", "10001", single), 401, -401, 0)
	kakaoError(t, get("no-such-token", "10001", single), 401, -401, 0)
	kakaoError(t, get(demoLoginAlice, "10001", single), 401, -401, 0) // a Kakao Login token is no business token
	kakaoError(t, get("sandbox-biz-eve", "10001", single), 400, -813, 9004)
	kakaoError(t, get(demoAlice, "10002", "/campaigns/report?campaignId=20003"+y), 400, -813, 9004) // dana's account
	kakaoError(t, get(demoAlice, "", "/adAccounts/report?adAccountId=10001,10002"+y), 400, -813, 9004)
	only10003 := sb.MintToken(sandboxtest.TokenParams{User: "alice", App: "demo", Type: "business", Scopes: []string{"moment_management"}, ResourceIDs: []string{"moment:10003"}})
	kakaoError(t, get(only10003, "10001", single), 400, -813, 9004)
	kakaoError(t, get(only10003, "", "/adAccounts/report?adAccountId=10001,10003"+y), 400, -813, 9004)
	noConsent := sb.MintToken(sandboxtest.TokenParams{User: "alice", App: "demo", Type: "business", Scopes: []string{"moment_create"}})
	kakaoError(t, get(noConsent, "10001", single), 403, -402, 0)
	reportOK(t, get("sandbox-biz-bob", "10001", single)) // a member reads it too
}

func reportsHostileDeleted(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	paths := []string{
		"/campaigns/report?campaignId=20002&start=20260101&end=20260102",
		"/adGroups/report?adGroupId=30002&start=20260101&end=20260102",
		"/creatives/report?creativeId=40003&start=20260101&end=20260102",
	}
	before := make([]reportRows, len(paths))
	for i, p := range paths {
		before[i] = reportOK(t, report(sb, 10001, p))
		require.NotEmpty(t, before[i].Data, p)
	}
	deleter := sb.MintToken(sandboxtest.TokenParams{User: "alice", App: "demo", Type: "business", Scopes: []string{"moment_management", "moment_delete"}})
	r := sb.Do(req{Method: "DELETE", Path: "/openapi/v4/campaigns/20002", Token: deleter, Header: map[string]string{"adAccountId": "10001"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	for i, p := range paths {
		assert.Equal(t, before[i], reportOK(t, report(sb, 10001, p)), "%s: a deleted entity reports its past", p)
	}
	sb.Advance("48h") // deleted at 2026-01-03 09:00: nothing on the 4th
	after := reportOK(t, report(sb, 10001, "/campaigns/report?campaignId=20002&datePreset=YESTERDAY"))
	assert.Empty(t, after.Data, "nothing delivered after the deletion")
}

// Reports read while the clock advances (each advance its own writes): no
// answer is a 5xx, and the ledger still balances.
func reportsHostileConcurrent(t *testing.T) {
	t.Parallel()
	sb := demoReports(t)
	paths := []string{
		"/adAccounts/report?adAccountId=10001&datePreset=LAST_30DAY&dimension=HOUR",
		"/adGroups/report?adGroupId=30001,30002&level=CREATIVE&datePreset=TODAY",
		"/campaigns/report?campaignId=20001,20002&datePreset=THIS_MONTH",
		"/creatives/report?creativeId=40001,40002,40003&start=20260101&end=20260102",
	}
	var wg sync.WaitGroup
	statuses := make(chan int, 4*10+5)
	for w := range 4 {
		wg.Go(func() {
			for i := range 10 {
				statuses <- report(sb, 10001, paths[(w+i)%len(paths)]).Status
			}
		})
	}
	wg.Go(func() {
		for range 5 {
			statuses <- sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": "3h"}}).Status
		}
	})
	wg.Wait()
	close(statuses)
	n := 0
	for s := range statuses {
		n++
		assert.Equal(t, 200, s)
	}
	assert.Equal(t, 45, n)
	multi := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/report?adAccountId=10001,10003&datePreset=LAST_7DAY", Token: demoAlice})
	reportOK(t, multi)
	sb.RequireLedger()
}

// Calls at the same instant of the rate limiter's clock (Wall, frozen
// here): one of each limit's passes, whichever comes first, and every other
// is Moment's 429 with Retry-After.
func reportsHostileConcurrentLimit(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t) // Kakao's limits on
	sb.Advance("48h")
	for _, c := range []struct {
		header int64
		path   string
		wait   string
	}{
		{10001, "/adGroups/report?adGroupId=30001,30002&datePreset=YESTERDAY", "1"},
		{0, "/adAccounts/report?adAccountId=10001,10003&datePreset=YESTERDAY", "5"},
	} {
		const n = 8
		answers := make(chan sandboxtest.Response, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				h := map[string]string{}
				if c.header != 0 {
					h["adAccountId"] = fmt.Sprint(c.header)
				}
				answers <- sb.Do(req{Method: "GET", Path: "/openapi/v4" + c.path, Token: demoAlice, Header: h})
			})
		}
		wg.Wait()
		close(answers)
		ok := 0
		for r := range answers {
			if r.Status == 200 {
				ok++
				continue
			}
			kakaoError(t, r, 429, -813, 0)
			assert.Equal(t, c.wait, r.Header.Get("Retry-After"), c.path)
		}
		assert.Equal(t, 1, ok, "%s: one call of %d passes", c.path, n)
	}
}
