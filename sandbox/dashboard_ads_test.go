package sandbox_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// chartFigures are what an ad account page's SVG chart draws, read from
// its data attributes: each bar's cost, each day's balance and each
// correction mark, by KST date.
type chartFigures struct {
	Costs, Balances, Corrections map[string]int64
	Title, Desc                  string
}

// adAccountChart opens an ad account's dashboard page and parses its chart
// as XML (a chart that is not well-formed fails here).
func adAccountChart(t *testing.T, sb *sandboxtest.Sandbox, id int64) (chartFigures, string) {
	t.Helper()
	page := sb.Do(req{Method: "GET", Path: fmt.Sprintf("/_sandbox/ui/ad-accounts/%d", id)})
	require.Equal(t, http.StatusOK, page.Status, "%s", page.Body)
	body := string(page.Body)
	from, to := strings.Index(body, "<svg"), strings.Index(body, "</svg>")
	require.True(t, from >= 0 && to > from, "the page has a chart")
	f := chartFigures{Costs: map[string]int64{}, Balances: map[string]int64{}, Corrections: map[string]int64{}}
	dec := xml.NewDecoder(strings.NewReader(body[from : to+len("</svg>")]))
	var open []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the chart is XML")
		switch e := tok.(type) {
		case xml.StartElement:
			open = append(open, e.Name.Local)
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = at.Value
			}
			num := func(k string) int64 {
				n, err := strconv.ParseInt(a[k], 10, 64)
				require.NoError(t, err, "%s=%q", k, a[k])
				return n
			}
			switch {
			case e.Name.Local == "rect" && a["class"] == "cost":
				f.Costs[a["data-day"]] = num("data-cost")
			case e.Name.Local == "circle" && a["class"] == "balance":
				f.Balances[a["data-day"]] = num("data-balance")
			case a["class"] == "correction":
				f.Corrections[a["data-day"]] = num("data-correction")
			}
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) == 2 && open[1] == "title" {
				f.Title = string(e)
			}
			if len(open) == 2 && open[1] == "desc" {
				f.Desc = string(e)
			}
		}
	}
	return f, body
}

// reportedCosts are ad account id's daily costs over the chart's 30 days
// as Moment's report endpoint answers them: start/end up to yesterday, and
// today with datePreset=TODAY.
func reportedCosts(t *testing.T, sb *sandboxtest.Sandbox, id int64, today time.Time) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	q := fmt.Sprintf("/adAccounts/report?adAccountId=%d&start=%s&end=%s", id,
		today.AddDate(0, 0, -29).Format("20060102"), today.AddDate(0, 0, -1).Format("20060102"))
	for _, path := range []string{q, fmt.Sprintf("/adAccounts/report?adAccountId=%d&datePreset=TODAY", id)} {
		token := demoAlice
		if id == 10002 {
			token = "sandbox-biz-dana" // dana's own ad account
		}
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4" + path, Token: token, Header: map[string]string{"adAccountId": strconv.FormatInt(id, 10)}})
		for _, row := range reportOK(t, r).Data {
			out[row.Start] = row.Metrics.Cost
		}
	}
	return out
}

func sandboxToday(t *testing.T, sb *sandboxtest.Sandbox) time.Time {
	t.Helper()
	now := sandboxTime(t, sb).In(kakao.KST)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, kakao.KST)
}

// TestDashboardAdAccountPage: the ad account page (issue 22, item 6) draws
// each day's cost as the report answers it and the wallet's balance as its
// ledger walks to, for every demo ad account; a week later it has more bars.
func TestDashboardAdAccountPage(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	overview := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/"})
	for _, id := range demoAccounts {
		require.Contains(t, string(overview.Body), fmt.Sprintf(`href="/_sandbox/ui/ad-accounts/%d"`, id), "the overview links the page")
		f, body := adAccountChart(t, sb, int64(id))
		assert.Empty(t, f.Costs, "no delivery yet on %d", id)
		assert.Contains(t, f.Title, "Cost and balance")
		assert.Contains(t, f.Desc, "Daily cost")
		assert.Contains(t, body, `id="campaign-tree"`)
		assert.Contains(t, body, `id="money-table"`, "the table fallback")
	}

	check := func(when string) map[string]int64 {
		t.Helper()
		today := sandboxToday(t, sb)
		for _, id := range demoAccounts {
			f, body := adAccountChart(t, sb, int64(id))
			require.Equal(t, reportedCosts(t, sb, int64(id), today), f.Costs, "%s: ad account %d's bars are its report", when, id)
			for day, cost := range f.Costs { // the table holds the same figures
				assert.Contains(t, body, `<tr data-day="`+day+`">`)
				assert.Contains(t, body, ">"+wonText(cost)+"</td>", "%s: %d's table has %s's cost", when, id, day)
			}
		}
		f, body := adAccountChart(t, sb, 10001)
		var bal struct{ Cash, FreeCash int64 }
		resp := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: demoAlice, Header: map[string]string{"adAccountId": "10001"}})
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		resp.Decode(t, &bal)
		require.NotEmpty(t, f.Balances)
		for day := range f.Balances {
			assert.GreaterOrEqual(t, day, "2026-01-01", "no balance before the demo's wallet opened")
		}
		assert.Equal(t, bal.Cash+bal.FreeCash, f.Balances[today.Format(time.DateOnly)], "%s: today's point is the balance now", when)
		// The line moves by the bars and the corrections: a day's change is
		// minus what it spent (its bar plus what the next morning's
		// correction gave back) plus what this morning's gave back; the
		// demo's wallet 1 has no other entries after its first day.
		for d := today; d.After(time.Date(2026, 1, 1, 0, 0, 0, 0, kakao.KST)); d = d.AddDate(0, 0, -1) {
			day, prev, next := d.Format(time.DateOnly), d.AddDate(0, 0, -1).Format(time.DateOnly), d.AddDate(0, 0, 1).Format(time.DateOnly)
			assert.Equal(t, f.Balances[prev]-f.Costs[day]-f.Corrections[next]+f.Corrections[day], f.Balances[day],
				"%s: 10001's balance on %s", when, day)
		}
		assert.Contains(t, body, `data-campaign="20001"`)
		assert.Contains(t, body, `data-creative=`)
		return f.Costs
	}
	sb.Advance("72h")
	before := check("three days on")
	require.NotEmpty(t, before, "the demo's ads spend")
	sb.Advance("168h")
	after := check("a week later")
	assert.Greater(t, len(after), len(before), "a week later the chart has more bars")
	f, _ := adAccountChart(t, sb, 10001)
	assert.NotEmpty(t, f.Corrections, "the 08:00 correction credited 10001's wallet on some day")
	var corrected int64
	for _, c := range f.Corrections {
		corrected += c
	}
	assert.Positive(t, corrected)
}

// wonText is an amount as the page writes it: 1,000,000원.
func wonText(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String() + "원"
}

// TestDashboardAdAccountUnknown: an ad account that does not exist is a
// 404 in Kakao's error shape; a bad id a 400 naming the path parameter.
func TestDashboardAdAccountUnknown(t *testing.T) {
	sb := sandboxtest.New(t)
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/ad-accounts/99999"})
	require.Equal(t, http.StatusNotFound, r.Status, "%s", r.Body)
	assert.EqualValues(t, -2, r.JSON(t)["code"])
	assert.Contains(t, r.JSON(t)["msg"], "99999")
	bad := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/ad-accounts/abc"})
	require.Equal(t, http.StatusBadRequest, bad.Status, "%s", bad.Body)
	assert.Contains(t, string(bad.Body), "adAccountId")
}
