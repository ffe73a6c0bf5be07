package sandbox_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestMetrics: after a virtual account, a deposit, a rate-limited call, a
// scenario hit and a clock advance, GET /metrics shows each counter with its
// labels and value, in the Prometheus text format, parsed by Prometheus's own
// parser. Sandboxes count apart: a second one starts from nothing.
func TestMetrics(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t) // the demo data, with the document's rate limits
	before := scrape(t, sb, "")

	paid := sb.IssueVirtualAccount(demoAlice, 10001, 1000000, "88")
	refused := sb.Do(vaRequest(demoAlice, 10001, map[string]any{"adAccountId": 10001, "amount": 5000, "bankCode": "04"}))
	require.Equal(t, http.StatusTooManyRequests, refused.Status, "%s", refused.Body) // the wall clock stands still
	sb.Deposit(paid.AccountNumber, 1000000)
	sb.Wall.Advance(time.Second)
	sb.IssueVirtualAccount(demoAlice, 10001, 5000, "04") // left unpaid, to expire

	sb.ActivateScenario("kakao-maintenance", sandboxtest.ScenarioScope{Scope: "token", Token: "sandbox-biz-bob"})
	hit := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: "sandbox-biz-bob", Header: map[string]string{"adAccountId": "10001"}})
	require.Equal(t, http.StatusServiceUnavailable, hit.Status, "%s", hit.Body)
	require.Equal(t, http.StatusNotFound, sb.Do(req{Method: "GET", Path: "/nowhere"}).Status)
	sb.Advance("8d")

	after := scrape(t, sb, "")
	for series, want := range map[string]float64{
		`kakao_sandbox_requests_total{operation="createVirtualAccount",status="200"}`:                     2,
		`kakao_sandbox_requests_total{operation="createVirtualAccount",status="429"}`:                     1,
		`kakao_sandbox_requests_total{operation="depositToVirtualAccount",status="200"}`:                  1,
		`kakao_sandbox_requests_total{operation="getAdAccountBalance",status="503"}`:                      1,
		`kakao_sandbox_requests_total{operation="none",status="404"}`:                                     1,
		`kakao_sandbox_requests_total{operation="getMetrics",status="200"}`:                               1, // the first scrape, counted once answered
		`kakao_sandbox_rate_limit_refusals_total{operation="createVirtualAccount"}`:                       1,
		`kakao_sandbox_scenario_hits_total{operation="getAdAccountBalance",scenario="kakao-maintenance"}`: 1,
		`kakao_sandbox_ledger_entries_total{kind="CHARGE"}`:                                               1,
		`kakao_sandbox_clock_effects_total{kind="moment.virtualAccountExpiry",outcome="applied"}`:         1,
		`kakao_sandbox_clock_effects_total{kind="moment.virtualAccountExpiry",outcome="moot"}`:            1, // the paid one
	} {
		assert.Equal(t, want, after[series]-before[series], series)
	}
	assert.NotContains(t, after, `kakao_sandbox_clock_effects_total{kind="moment.virtualAccountExpiry",outcome="failed"}`)
	assert.Positive(t, before[`kakao_sandbox_ledger_entries_total{kind="OPENING"}`], "filling a new data file posts its opening balances")

	other := scrape(t, sandboxtest.New(t), "")
	charges := `kakao_sandbox_ledger_entries_total{kind="CHARGE"}`
	assert.Equal(t, before[charges], other[charges], "each sandbox has its own registry: the demo's card charges only")
}

// TestMetricsNeedTheAdminToken: with --admin-token, /metrics is the control
// plane's: 401 without the token, the metrics with it.
func TestMetricsNeedTheAdminToken(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, func(c *sandbox.Config) { c.AdminToken = "s3cret" })
	kakaoError(t, sb.Do(req{Method: "GET", Path: "/metrics"}), 401, -401, 0)
	kakaoError(t, sb.Do(req{Method: "GET", Path: "/metrics", Token: "wrong"}), 401, -401, 0)
	assert.Equal(t, 2.0, scrape(t, sb, "s3cret")[`kakao_sandbox_requests_total{operation="getMetrics",status="401"}`])
}

// scrape reads /metrics with Prometheus's own parser, as series → value.
func scrape(t *testing.T, sb *sandboxtest.Sandbox, token string) map[string]float64 {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/metrics", Token: token})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.Equal(t, "text/plain; version=0.0.4; charset=utf-8", r.Header.Get("Content-Type"))
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(string(r.Body)))
	require.NoError(t, err, "%s", r.Body)
	out := map[string]float64{}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			sort.Strings(labels)
			out[name+"{"+strings.Join(labels, ",")+"}"] = m.GetCounter().GetValue()
		}
	}
	return out
}
