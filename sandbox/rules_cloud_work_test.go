package sandbox_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// r09CloudCalendarWorkIsLinearInMonths (TestRules/R09_cloud_calendar_work_is_linear_in_months):
// advancing the demo data (a sub-group without a payment method whose
// unpaid invoices collect late fees every month, docs/cloud.md) runs a
// bounded number of KakaoCloud effects per billing group per month, so the
// work grows linearly with the distance advanced: late fees are carried
// per group in closed form, not re-derived per overdue invoice each month.
func r09CloudCalendarWorkIsLinearInMonths(t *testing.T) {
	t.Parallel()
	cloudEffects := func(years int) int {
		sb := sandboxtest.New(t) // the demo data, the clock frozen
		a := sb.Advance(fmt.Sprintf("%dd", years*365))
		n := 0
		for _, h := range a.Happened {
			if strings.HasPrefix(h.Kind, "cloud.") {
				n++
			}
		}
		// 마케팅팀's newest invoice lists its late fees in a bounded number
		// of lines too: one for the invoice first overdue that month, one
		// for those overdue before.
		invs := calendarInvoices(t, sb, "sandbox-biz-alice", 2)
		require.NotEmpty(t, invs)
		assert.LessOrEqual(t, len(invs[0].LateFees), 2, "%d years: %s's late fee lines", years, invs[0].Month)
		assert.Positive(t, invs[0].LateFee)
		return n
	}
	one := cloudEffects(1)
	require.Positive(t, one, "the demo's overdue invoices run effects in a year")
	for _, years := range []int{2, 4, 8} {
		n := cloudEffects(years)
		t.Logf("%d year(s): %d cloud effects (1 year: %d)", years, n, one)
		assert.LessOrEqual(t, float64(n), (float64(years)+0.5)*float64(one),
			"%d years run %d cloud effects, 1 year %d: the work must grow linearly", years, n, one)
	}
}

// r09LateFeesStayBounded (TestRules/R09_late_fees_stay_bounded_over_long_advances):
// unpaid late fees compound (an unpaid invoice's total holds the fees
// before it), so at 100% a month they double; a late fee line stops at
// 10^12 won (docs/guesses.md) and no amount overflows however long the
// sub-group stays unpaid.
func r09LateFeesStayBounded(t *testing.T) {
	t.Parallel()
	sb := newCalendarSandbox(t, func(c *sandbox.Config) { c.CloudLateFeeBasisPoints = new(10000) })
	addCalendarUsage(t, sb, "co/ads", "2026-01", 1000, 0)
	advanceCalendarTo(t, sb, "2036-01-01T09:00:00+09:00")
	invs := calendarInvoices(t, sb, calAdmin, calNoPay)
	require.Len(t, invs, 120, "one invoice a month for ten years")
	const maxLine = 1_000_000_000_000
	for _, inv := range invs {
		var sum int64
		for _, f := range inv.LateFees {
			assert.True(t, f.Amount > 0 && f.Amount <= maxLine, "%s: a line of %d", inv.Month, f.Amount)
			sum += f.Amount
		}
		assert.Equal(t, sum, inv.LateFee, "%s", inv.Month)
		assert.True(t, inv.TotalAmount > 0 && inv.TotalAmount <= 2*maxLine+1100, "%s: total %d", inv.Month, inv.TotalAmount)
	}
	assert.EqualValues(t, 2*maxLine, invs[0].LateFee, "the lines have stopped at their bound")
}
