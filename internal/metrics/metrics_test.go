package metrics_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/metrics"
)

// TestLabelsAreBounded: a value outside its label's set counts under the
// label's fixed value, so a thousand distinct names make one series each.
func TestLabelsAreBounded(t *testing.T) {
	m := metrics.New(metrics.Labels{
		Operations: []string{"getAdAccount"}, Scenarios: []string{"kakao-maintenance"},
		EffectKinds: []string{"wallet.freeCashExpiry"}, EffectOutcomes: []string{"applied"}, LedgerKinds: []string{"CHARGE"},
	})
	for i := range 1000 {
		name := fmt.Sprintf("name-%d", i)
		m.Request(name, 1000+i)
		m.RateLimited(name)
		m.ScenarioHit(name, name)
		m.LedgerEntry(name)
		m.ClockEffect(name, name)
	}
	m.Request("getAdAccount", 200)
	m.Request("", 0)
	m.ScenarioHit("kakao-maintenance", "getAdAccount")
	m.ClockEffect("wallet.freeCashExpiry", "applied")
	m.LedgerEntry("CHARGE")

	data, err := m.Exposition()
	require.NoError(t, err)
	var series []string
	for line := range strings.Lines(string(data)) {
		if !strings.HasPrefix(line, "#") {
			series = append(series, strings.TrimSpace(line))
		}
	}
	assert.ElementsMatch(t, []string{
		`kakao_sandbox_clock_effects_total{kind="unknown",outcome="unknown"} 1000`,
		`kakao_sandbox_clock_effects_total{kind="wallet.freeCashExpiry",outcome="applied"} 1`,
		`kakao_sandbox_ledger_entries_total{kind="CHARGE"} 1`,
		`kakao_sandbox_ledger_entries_total{kind="unknown"} 1000`,
		`kakao_sandbox_rate_limit_refusals_total{operation="none"} 1000`,
		`kakao_sandbox_requests_total{operation="getAdAccount",status="200"} 1`,
		`kakao_sandbox_requests_total{operation="none",status="0"} 1`,
		`kakao_sandbox_requests_total{operation="none",status="other"} 1000`,
		`kakao_sandbox_scenario_hits_total{operation="getAdAccount",scenario="kakao-maintenance"} 1`,
		`kakao_sandbox_scenario_hits_total{operation="none",scenario="custom"} 1000`,
	}, series)
}
