package interop_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestReportPipeline runs a reporting pipeline written as agencies write
// them against Kakao Moment (plain net/http, the shape of public report
// clients such as social-hub's reports.go): list the ad accounts, walk
// campaigns → ad groups, read adGroups/report in batches of at most 40 ids
// backing off on 429 as Retry-After says, and adAccounts/report for the
// accounts' totals. Only the host is the sandbox's. Its totals must be what
// the wallets paid (issue 22, "one record, many views"): each day's cost is
// the day's SPEND entries less the AD_CORRECTION credited for it at 08:00
// the next day (docs/ads.md "Reports").
func TestReportPipeline(t *testing.T) {
	t.Parallel()
	doc := filepath.Join(t.TempDir(), "agency.yaml")
	require.NoError(t, os.WriteFile(doc, []byte(agencyFixtures(45, 3)), 0o600))
	data, err := os.ReadFile(doc)
	require.NoError(t, err)
	sb := sandboxtest.New(t, sandboxtest.WithFixtures(data)) // Kakao's rate limits on
	// 2026-01-09 09:00 KST: eight days served, each corrected at 08:00 the
	// next; the period is those eight days, as today is excluded.
	sb.Advance("8d")
	const start, end = "20260101", "20260108"

	// The pipeline sleeps Retry-After out; here on the rate limiter's own
	// clock (sandboxtest's Wall, as the rules' P04 test does), so nothing
	// really sleeps and no assertion depends on the machine's speed.
	p := &reportPipeline{base: sb.URL, token: agencyToken, http: &http.Client{Timeout: time.Minute},
		sleep: func(d time.Duration) { sb.Wall.Advance(d) }}
	ctx := context.Background()

	accounts, err := p.adAccounts(ctx)
	require.NoError(t, err)
	require.Equal(t, []int64{70001, 70002}, accounts)
	groups := map[int64][]int64{}
	groupRows := map[int64][]reportRow{}
	for _, acc := range accounts {
		groups[acc], err = p.adGroups(ctx, acc)
		require.NoError(t, err)
		groupRows[acc], err = p.adGroupReport(ctx, acc, groups[acc], start, end)
		require.NoError(t, err)
	}
	require.Len(t, groups[70001], 45, "more ad groups than one adGroups/report call takes")
	require.Len(t, groups[70002], 3)
	totals, err := p.adAccountReport(ctx, accounts, start, end)
	require.NoError(t, err)

	// Batching and back-off: 45 ad groups are two calls, the second one
	// within a second of the first, refused with 429 and retried.
	assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Operation: "getAdGroupReport", Status: 200}), 3, "40 + 5 ids for 70001, 3 for 70002")
	refused := sb.Requests(sandboxtest.RequestFilter{Operation: "getAdGroupReport", Status: 429})
	assert.NotEmpty(t, refused, "the 1/s limit was met")
	assert.Equal(t, len(refused), len(p.waits), "every 429 was waited out once")
	for _, w := range p.waits {
		assert.Equal(t, time.Second, w, "Retry-After of a 1/s limit")
	}

	var corrections int64
	for _, acc := range accounts {
		served := map[string]bool{}
		groupSum := map[string]reportRow{}
		for _, r := range groupRows[acc] {
			served[r.Dimensions["ad_group_id"]] = true
			groupSum[r.Start] = groupSum[r.Start].plus(r)
		}
		for _, g := range groups[acc] {
			assert.True(t, served[strconv.FormatInt(g, 10)], "ad group %d of %d served in 8 days", g, acc)
		}
		accSum := map[string]reportRow{}
		for _, r := range totals {
			if r.Dimensions["ad_account_id"] == strconv.FormatInt(acc, 10) {
				accSum[r.Start] = accSum[r.Start].plus(r)
			}
		}
		require.Len(t, accSum, 8, "ad account %d: a row a day", acc)
		for day, a := range accSum {
			assert.Equal(t, a.Metrics, groupSum[day].Metrics, "ad account %d, %s: its ad groups' batches sum to its report", acc, day)
		}
		assert.Len(t, groupSum, len(accSum))

		spent, credited := walletSpend(t, sb, acc)
		corrections += credited
		var cost, paid int64
		for day, a := range accSum {
			assert.Equal(t, spent[day], a.Metrics.Cost, "ad account %d, %s: the report's cost is what the wallet paid, less the correction", acc, day)
			cost += a.Metrics.Cost
		}
		for day, s := range spent {
			if day >= "2026-01-01" && day <= "2026-01-08" {
				paid += s
			}
		}
		assert.Positive(t, cost)
		assert.Equal(t, paid, cost, "ad account %d: eight days' cost is eight days' spend", acc)
	}
	assert.Positive(t, corrections, "the 08:00 corrections gave some cost back over eight days of 48 ad groups")
	sb.RequireLedger()
}

// The agency's data: a user, its app and token, and two ad accounts with
// their own wallets, one with big ad groups enough that batching matters.
const agencyToken = "agency-reports-ana"

func agencyFixtures(bigGroups, smallGroups int) string {
	var b strings.Builder
	b.WriteString(`users: [{key: ana, name: 한아나, identityVerified: true, phoneVerified: true}]
apps: [{key: agency, name: Agency Reports, restApiKey: agency-reports-key, clientSecret: agency-reports-secret,
        redirectUris: ["http://localhost:4000/cb"], bizApp: true, consentItems: [moment_management]}]
companies:
  - {key: big, name: (주)큰광고주, businessRegistrationNumber: "220-81-12345", representativeName: 한아나}
  - {key: small, name: 작은가게, businessRegistrationNumber: "123-45-67890", representativeName: 한아나}
wallets:
  - {key: big-w, type: BUSINESS, company: big, master: ana, status: ON, paidCash: 200000000}
  - {key: small-w, type: BUSINESS, company: small, master: ana, status: ON, paidCash: 20000000}
adAccounts:
  - {key: big, id: 70001, name: 큰광고주 광고계정, company: big, wallet: big-w, config: ON, members: [{user: ana, role: MASTER}]}
  - {key: small, id: 70002, name: 작은가게 광고계정, company: small, wallet: small-w, config: ON, members: [{user: ana, role: MASTER}]}
tokens: [{token: ` + agencyToken + `, user: ana, app: agency, type: business, scopes: [moment_management], expiresIn: 0}]
campaigns:
  - {key: big-1, id: 71001, adAccount: big, name: 겨울 세일, type: DISPLAY, goal: VISITING}
  - {key: big-2, id: 71002, adAccount: big, name: 신상품, type: DISPLAY, goal: VISITING}
  - {key: big-3, id: 71003, adAccount: big, name: 브랜드, type: TALK_BIZ_BOARD, goal: VISITING}
  - {key: small-1, id: 71004, adAccount: small, name: 동네 홍보, type: DISPLAY, goal: VISITING}
adGroups:
`)
	var creatives strings.Builder
	group := func(n int, campaign string) {
		fmt.Fprintf(&b, "  - {key: g%d, id: %d, campaign: %s, name: 광고그룹 %d, pricingType: CPC, pacing: NORMAL, bidAmount: %d,\n"+
			"     dailyBudget: 50000, schedule: {beginDate: today, endDate: +30d}}\n", n, 72000+n, campaign, n, 200+10*(n%10))
		fmt.Fprintf(&creatives, "  - {key: c%d, id: %d, adGroup: g%d, name: 소재 %d, format: IMAGE_NATIVE, landingUrl: \"https://agency.example/%d\"}\n",
			n, 73000+n, n, n, n)
	}
	for n := 1; n <= bigGroups; n++ {
		group(n, fmt.Sprintf("big-%d", 1+(n-1)%3))
	}
	for n := bigGroups + 1; n <= bigGroups+smallGroups; n++ {
		group(n, "small-1")
	}
	b.WriteString("creatives:\n")
	b.WriteString(creatives.String())
	return b.String()
}

// reportPipeline is the client: Kakao's paths, headers and limits, written
// against Kakao, pointed at a base URL.
type reportPipeline struct {
	base, token string
	http        *http.Client
	sleep       func(time.Duration) // time.Sleep against Kakao
	waits       []time.Duration     // each back-off, as Retry-After said
}

// Kakao's limits on the report calls (docs/kakao-api.md §9.5).
const (
	maxAdGroupIDs   = 40
	maxAdAccountIDs = 5
	maxRetries      = 5
)

type reportRow struct {
	Start      string            `json:"start"`
	End        string            `json:"end"`
	Dimensions map[string]string `json:"dimensions"`
	Metrics    struct {
		Imp   int64 `json:"imp"`
		Click int64 `json:"click"`
		Cost  int64 `json:"cost"`
	} `json:"metrics"`
}

func (r reportRow) plus(o reportRow) reportRow {
	r.Start = o.Start
	r.Metrics.Imp += o.Metrics.Imp
	r.Metrics.Click += o.Metrics.Click
	r.Metrics.Cost += o.Metrics.Cost
	return r
}

// get calls a Moment path (adAccount 0: no adAccountId header) and decodes
// its 200; a 429 is retried after Retry-After seconds (5 when absent).
func (p *reportPipeline) get(ctx context.Context, path string, adAccount int64, q url.Values, out any) error {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+path+"?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+p.token)
		if adAccount != 0 {
			req.Header.Set("adAccountId", strconv.FormatInt(adAccount, 10))
		}
		resp, err := p.http.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusTooManyRequests && attempt < maxRetries {
			wait := 5 * time.Second
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
				wait = time.Duration(s) * time.Second
			}
			p.waits = append(p.waits, wait)
			p.sleep(wait)
			continue
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		return json.Unmarshal(body, out)
	}
}

type idPage struct {
	Content    []struct{ ID int64 } `json:"content"`
	TotalPages int                  `json:"totalPages"`
}

// adAccounts pages through the token user's ad accounts, one a page so
// that the pipeline pages.
func (p *reportPipeline) adAccounts(ctx context.Context) ([]int64, error) {
	var ids []int64
	for page := 0; ; page++ {
		var pg idPage
		if err := p.get(ctx, "/openapi/v4/adAccounts/pages", 0, url.Values{"page": {strconv.Itoa(page)}, "size": {"1"}}, &pg); err != nil {
			return nil, err
		}
		for _, c := range pg.Content {
			ids = append(ids, c.ID)
		}
		if page+1 >= pg.TotalPages {
			return ids, nil
		}
	}
}

// adGroups walks an ad account's campaigns to their ad groups, deleted ones
// too: their past is in the reports.
func (p *reportPipeline) adGroups(ctx context.Context, acc int64) ([]int64, error) {
	var campaigns idPage
	if err := p.get(ctx, "/openapi/v4/campaigns", acc, url.Values{"config": {"ON,OFF,DEL"}}, &campaigns); err != nil {
		return nil, err
	}
	var ids []int64
	for _, c := range campaigns.Content {
		var groups idPage
		q := url.Values{"campaignId": {strconv.FormatInt(c.ID, 10)}, "config": {"ON,OFF,DEL"}}
		if err := p.get(ctx, "/openapi/v4/adGroups", acc, q, &groups); err != nil {
			return nil, err
		}
		for _, g := range groups.Content {
			ids = append(ids, g.ID)
		}
	}
	return ids, nil
}

type reportBody struct {
	Code int         `json:"code"`
	Data []reportRow `json:"data"`
}

// report reads one report path for ids in batches of at most size.
func (p *reportPipeline) report(ctx context.Context, path, param string, header int64, ids []int64, size int, start, end string) ([]reportRow, error) {
	var rows []reportRow
	for from := 0; from < len(ids); from += size {
		batch := make([]string, 0, size)
		for _, id := range ids[from:min(from+size, len(ids))] {
			batch = append(batch, strconv.FormatInt(id, 10))
		}
		var body reportBody
		q := url.Values{param: {strings.Join(batch, ",")}, "start": {start}, "end": {end}, "metricsGroup": {"BASIC"}}
		if err := p.get(ctx, path, header, q, &body); err != nil {
			return nil, err
		}
		if body.Code != 200 {
			return nil, fmt.Errorf("%s: code %d", path, body.Code)
		}
		rows = append(rows, body.Data...)
	}
	return rows, nil
}

func (p *reportPipeline) adGroupReport(ctx context.Context, acc int64, groups []int64, start, end string) ([]reportRow, error) {
	return p.report(ctx, "/openapi/v4/adGroups/report", "adGroupId", acc, groups, maxAdGroupIDs, start, end)
}

// adAccountReport reads several ad accounts at once, limited per app: no
// header (a single account would need it).
func (p *reportPipeline) adAccountReport(ctx context.Context, accs []int64, start, end string) ([]reportRow, error) {
	return p.report(ctx, "/openapi/v4/adAccounts/report", "adAccountId", 0, accs, maxAdAccountIDs, start, end)
}

// walletSpend reads the ad account's wallet ledger through the console API
// and answers, by KST day, what the ads cost it: SPEND entries less the
// AD_CORRECTION credited for the day, and the corrections' sum.
func walletSpend(t *testing.T, sb *sandboxtest.Sandbox, acc int64) (map[string]int64, int64) {
	t.Helper()
	bal := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: agencyToken, Header: map[string]string{"adAccountId": strconv.FormatInt(acc, 10)}})
	require.Equal(t, 200, bal.Status, "%s", bal.Body)
	wallet := int64(bal.JSON(t)["bizWalletId"].(float64))
	suffix := fmt.Sprintf(":adAccount:%d", acc)
	spent := map[string]int64{}
	var credited int64
	for page, seen := 0, 0; ; page++ {
		r := sb.Do(req{Method: "GET", Path: fmt.Sprintf("/console/v1/wallets/%d/cash?page=%d&size=100", wallet, page), Token: agencyToken})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var p struct {
			Entries []struct {
				Kind     string `json:"kind"`
				PaidCash int64  `json:"paidCash"`
				FreeCash int64  `json:"freeCash"`
				Ref      string `json:"ref"`
			} `json:"entries"`
			Total int `json:"total"`
		}
		r.Decode(t, &p)
		for _, e := range p.Entries {
			if !strings.HasSuffix(e.Ref, suffix) {
				continue
			}
			amount := e.PaidCash + e.FreeCash
			switch {
			case e.Kind == "SPEND" && strings.HasPrefix(e.Ref, "ads:"): // ads:2026-01-01T10:00:adAccount:70001
				spent[e.Ref[4:14]] -= amount
			case e.Kind == "AD_CORRECTION": // ads:correction:2026-01-01:adAccount:70001
				spent[e.Ref[15:25]] -= amount
				credited += amount
			}
		}
		seen += len(p.Entries)
		if seen >= p.Total {
			return spent, credited
		}
		require.NotEmpty(t, p.Entries, "page %d of %d entries", page, p.Total)
	}
}
