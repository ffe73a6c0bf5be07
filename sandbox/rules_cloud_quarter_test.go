package sandbox_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// b09Quarter (TestRules/B09_a_quarter_billed_in_one_advance; rules B01, B03,
// B09; issue 10 items 4 and 8): a
// quarter's usage for every kind of group, then one advance from 2026-01-01
// 09:00 to 2026-04-16 09:00 runs the whole calendar in sandbox-time order,
// reports each effect, and bills what is worked out here by hand.
func b09Quarter(t *testing.T) {
	t.Parallel()
	sb := newCalendarSandbox(t)
	// Usage for the months ahead can be added now: a month takes usage
	// until its invoice is issued.
	usage := map[string][3]int64{ // January, February, March
		"co/web": {100000, 200000, 300000}, // main, card: 10,000 credits in January
		"co/ads": {12345, 20000, 0},        // no payment method
		"co/ml":  {30000, 30000, 30000},    // a declining card
		"co/erp": {1000000, 1000000, 1000000},
	}
	for i, month := range []string{"2026-01", "2026-02", "2026-03"} {
		for _, project := range []string{"co/web", "co/ads", "co/ml", "co/erp"} {
			credits := int64(0)
			if project == "co/web" && i == 0 {
				credits = 10000
			}
			if amount := usage[project][i]; amount > 0 {
				addCalendarUsage(t, sb, project, month, amount, credits)
			}
		}
	}

	a := sb.Advance("105d")
	require.True(t, a.Now.Equal(kstTime(t, "2026-04-16 09:00")), "%s", a.Now)

	// What each day does, in order; effects of one instant in any order.
	type day struct {
		at   string
		runs []string
	}
	want := []day{
		{"2026-02-01 00:00", []string{"cloud.invoiceIssue 1/2026-01", "cloud.invoiceIssue 2/2026-01", "cloud.invoiceIssue 3/2026-01", "cloud.invoiceIssue 4/2026-01"}},
		{"2026-02-10 00:00", []string{"cloud.cardCharge 1/2026-01", "cloud.cardCharge 3/2026-01"}},
		{"2026-02-15 00:00", []string{"cloud.taxInvoice 4/2026-01"}},
		{"2026-02-25 00:00", []string{"cloud.overdue 2/2026-01", "cloud.overdue 3/2026-01", "cloud.overdue 4/2026-01"}},
		{"2026-03-01 00:00", []string{"cloud.invoiceIssue 1/2026-02", "cloud.invoiceIssue 2/2026-02", "cloud.invoiceIssue 3/2026-02", "cloud.invoiceIssue 4/2026-02"}},
		{"2026-03-10 00:00", []string{"cloud.cardCharge 1/2026-02", "cloud.cardCharge 3/2026-02"}},
		{"2026-03-15 00:00", []string{"cloud.taxInvoice 4/2026-02"}},
		// January's late fee again, by group 2's one monthly run for the
		// invoices it carries (rule R09: not one run per overdue invoice);
		// the declined and dedicated groups' January invoices stay overdue
		// without a report (no fee).
		{"2026-03-25 00:00", []string{"cloud.monthlyLateFees 2", "cloud.overdue 2/2026-02", "cloud.overdue 3/2026-02", "cloud.overdue 4/2026-02"}},
		{"2026-04-01 00:00", []string{"cloud.invoiceIssue 1/2026-03", "cloud.invoiceIssue 2/2026-03", "cloud.invoiceIssue 3/2026-03", "cloud.invoiceIssue 4/2026-03"}},
		{"2026-04-10 00:00", []string{"cloud.cardCharge 1/2026-03", "cloud.cardCharge 3/2026-03"}},
		{"2026-04-15 00:00", []string{"cloud.taxInvoice 4/2026-03"}},
	}
	var got []day
	for _, h := range a.Happened {
		at := h.At.In(kakao.KST).Format("2006-01-02 15:04")
		if len(got) == 0 || got[len(got)-1].at != at {
			got = append(got, day{at: at})
		}
		got[len(got)-1].runs = append(got[len(got)-1].runs, h.Kind+" "+h.Ref)
	}
	for i := range got {
		slices.Sort(got[i].runs)
	}
	assert.Equal(t, want, got)
	for i := 1; i < len(a.Happened); i++ {
		assert.False(t, a.Happened[i].At.Before(a.Happened[i-1].At), "effects run in sandbox-time order")
	}

	// The journal has the advance.
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?operation=advanceClock"})
	journal := ok(t, r)
	require.EqualValues(t, 1, journal["count"], "%s", r.Body)
	assert.Equal(t, "/_sandbox/clock/advance", journal["requests"].([]any)[0].(map[string]any)["path"])

	// Worked out by hand, VAT rounded down:
	//   main      Jan 100,000 − 10,000 credits = 90,000 + 9,000 VAT = 99,000; Feb 220,000; Mar 330,000; each paid on the 10th
	//   nopay     Jan 12,345 + 1,234 = 13,579, overdue Feb 25: 2% = 271 on February's
	//             Feb 20,000 + 2,000 + 271 = 22,271, overdue Mar 25: 2% = 445; January's 271 again
	//             Mar 0 + 271 + 445 = 716
	//   declined  33,000 a month, declined on the 10th, overdue on the 25th (March's not due yet)
	//   dedicated 1,100,000 a month, tax invoice 1,000,000 + 100,000 on the 15th, overdue unpaid
	type bill struct {
		status            string
		supply, vat, late int64
		total             int64
		slip, taxInv      bool
	}
	check := func(group int, month string, b bill) {
		t.Helper()
		inv := calendarInvoice(t, sb, group, month)
		assert.Equal(t, b.status, inv.Status, "%d/%s", group, month)
		assert.Equal(t, []int64{b.supply, b.vat, b.late, b.total}, []int64{inv.SupplyAmount, inv.VAT, inv.LateFee, inv.TotalAmount}, "%d/%s", group, month)
		assert.Equal(t, b.slip, inv.SalesSlip != nil, "%d/%s sales slip", group, month)
		assert.Equal(t, b.taxInv, inv.TaxInvoice != nil, "%d/%s tax invoice", group, month)
	}
	check(calMain, "2026-01", bill{status: "PAID", supply: 90000, vat: 9000, total: 99000, slip: true})
	check(calMain, "2026-02", bill{status: "PAID", supply: 200000, vat: 20000, total: 220000, slip: true})
	check(calMain, "2026-03", bill{status: "PAID", supply: 300000, vat: 30000, total: 330000, slip: true})
	check(calNoPay, "2026-01", bill{status: "OVERDUE", supply: 12345, vat: 1234, total: 13579})
	check(calNoPay, "2026-02", bill{status: "OVERDUE", supply: 20000, vat: 2000, late: 271, total: 22271})
	check(calNoPay, "2026-03", bill{status: "ISSUED", late: 716, total: 716})
	for _, month := range []string{"2026-01", "2026-02"} {
		check(calDeclined, month, bill{status: "OVERDUE", supply: 30000, vat: 3000, total: 33000})
		check(calDedicated, month, bill{status: "OVERDUE", supply: 1000000, vat: 100000, total: 1100000, taxInv: true})
	}
	check(calDeclined, "2026-03", bill{status: "PAYMENT_FAILED", supply: 30000, vat: 3000, total: 33000})
	check(calDedicated, "2026-03", bill{status: "ISSUED", supply: 1000000, vat: 100000, total: 1100000, taxInv: true})

	var sum int64
	for _, g := range []int{calMain, calNoPay, calDeclined, calDedicated} {
		invs := calendarInvoices(t, sb, calAdmin, g)
		assert.Len(t, invs, 3, "one invoice a month for group %d", g)
		for _, inv := range invs {
			sum += inv.TotalAmount
		}
	}
	assert.EqualValues(t, 649000+(13579+22271+716)+99000+3300000, sum, "the quarter's billing")
}
