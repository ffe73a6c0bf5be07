package sandbox_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// calendarGroupsFixture re-states calendarFixture's organisation "co" with each
// group paying as methods says ("" for none), as a payment method change
// would leave it.
func calendarGroupsFixture(methods [4]string) string {
	names := []string{"main, main: true, name: 기본 결제 그룹", "nopay, name: 결제 수단 없음", "declined, name: 거절되는 카드", "dedi, name: 전용 계좌"}
	var b strings.Builder
	b.WriteString("cloud:\n  organizations:\n    - key: co\n      name: 구름상사\n      memberType: BUSINESS\n")
	b.WriteString("      members: [{user: ada, role: BILLING_ADMIN}]\n      billingGroups:\n")
	for i, m := range methods {
		fmt.Fprintf(&b, "        - {key: %s, members: [ada]%s}\n", names[i], m)
	}
	return b.String()
}

// The payment methods a property step may give a group.
var calendarMethods = []string{
	"",
	`, paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000005", ownerType: NAMED_CORPORATE}`,
	`, paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000013", ownerType: NAMED_CORPORATE}`,
	`, paymentMethod: {type: DEDICATED_ACCOUNT}`,
}

// TestCloudCalendarProperty (rule B01, B03, B09) runs a random sequence of
// usage, clock advances, payment method changes and deposits over HTTP, and
// after every step checks every invoice: it is paid at most once (paidAt set
// once and never moved, at most one approved card charge), its VAT is
// exactly 10% of usage less credits rounded down, and nothing it billed
// changes once it is issued. KAKAO_SANDBOX_PROPERTY_SEED and _STEPS replay
// or lengthen a run.
func TestCloudCalendarProperty(t *testing.T) {
	t.Parallel()
	seed, steps := envInt("KAKAO_SANDBOX_PROPERTY_SEED", 7), envInt("KAKAO_SANDBOX_PROPERTY_STEPS", 200)
	t.Logf("seed %d, %d steps", seed, steps)
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	sb := newCalendarSandbox(t)
	groups := []int{calMain, calNoPay, calDeclined, calDedicated}
	projects := []string{"co/web", "co/ads", "co/ml", "co/erp", "co/api"}
	seen := map[string]cloudInvoice{} // every invoice as first read, by group/month
	done := map[string]int{}
	now := kstTime(t, "2026-01-01 09:00")

	for step := range steps {
		var r sandboxtest.Response
		var what string
		switch op := rng.IntN(10); op {
		case 0, 1, 2:
			month := now.AddDate(0, rng.IntN(3)-1, 0).Format("2006-01")
			amount, credits := int64(1+rng.IntN(2000000)), int64(0)
			if rng.IntN(3) == 0 {
				credits = int64(rng.IntN(int(amount) * 2))
			}
			what = fmt.Sprintf("usage %d (credits %d) for %s", amount, credits, month)
			r = addCalendarUsageCall(sb, projects[rng.IntN(len(projects))], month, amount, credits)
			if r.Status == 403 {
				kakaoError(t, r, 403, -6, kakao.ErrUsageInvoiced.DetailCode)
			}
		case 3, 4, 5:
			d := []string{"1d", "3d", "5d", "9d", "16d"}[rng.IntN(5)]
			what = "advance " + d
			r = sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": d}})
			var a sandboxtest.Advanced
			if r.Status == 200 {
				r.Decode(t, &a)
				now = a.Now
			}
		case 6:
			var methods [4]string
			for i := range methods {
				methods[i] = calendarMethods[rng.IntN(len(calendarMethods))]
			}
			what = "payment methods " + fmt.Sprint(methods)
			r = sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures?replace=true", Header: map[string]string{"Content-Type": "application/yaml"},
				Body: []byte(calendarGroupsFixture(methods))})
		default:
			g := groups[rng.IntN(len(groups))]
			invs := calendarInvoices(t, sb, calAdmin, g)
			if len(invs) == 0 {
				continue
			}
			inv := invs[rng.IntN(len(invs))]
			amount := inv.TotalAmount
			if rng.IntN(4) == 0 {
				amount += int64(rng.IntN(3)) - 1
			}
			what = fmt.Sprintf("deposit %d for %d/%s", amount, g, inv.Month)
			r = calendarDepositCall(sb, g, inv.Month, amount)
			if r.Status >= 400 {
				code := calendarDetailCode(t, r)
				assert.Contains(t, []int{kakao.ErrNotDedicated.DetailCode, kakao.ErrCloudInvoicePaid.DetailCode, kakao.ErrCloudDepositAmount.DetailCode}, code, "%s: %s", what, r.Body)
			}
		}
		require.Less(t, r.Status, 500, "step %d, %s: %s", step, what, r.Body)
		if r.Status < 300 {
			done[strings.Fields(what)[0]]++
		}
		present := map[string]bool{}
		for _, g := range groups {
			for _, inv := range calendarInvoices(t, sb, calAdmin, g) {
				present[checkCloudInvoice(t, seen, inv, fmt.Sprintf("step %d (%s)", step, what))] = true
			}
		}
		for key := range seen {
			require.True(t, present[key], "step %d (%s): invoice %s vanished", step, what, key)
		}
	}
	t.Logf("succeeded: %v; %d invoices", done, len(seen))
	for _, op := range []string{"usage", "advance", "payment", "deposit"} {
		assert.Positive(t, done[op], "the run never managed a %s: the sequence tests too little", op)
	}
	statuses := map[string]int{}
	for _, inv := range seen {
		statuses[inv.Status]++
	}
	t.Logf("invoices by status: %v", statuses)
	for _, status := range []string{"PAID", "OVERDUE"} {
		assert.Positive(t, statuses[status], "no invoice ended %s: the sequence tests too little", status)
	}
}

// checkCloudInvoice checks one invoice against its own sums and against
// how it was when last seen, and names it.
func checkCloudInvoice(t *testing.T, seen map[string]cloudInvoice, inv cloudInvoice, when string) string {
	t.Helper()
	key := fmt.Sprintf("%d/%s", inv.BillingGroupID, inv.Month)
	require.LessOrEqual(t, inv.CreditsUsed, inv.UsageAmount, "%s: %s credits", when, key)
	require.Equal(t, inv.UsageAmount-inv.CreditsUsed, inv.SupplyAmount, "%s: %s supply", when, key)
	require.Equal(t, inv.SupplyAmount*10/100, inv.VAT, "%s: %s VAT is floor(10%% of usage − credits)", when, key)
	var fees int64
	for _, f := range inv.LateFees {
		fees += f.Amount
	}
	require.Equal(t, fees, inv.LateFee, "%s: %s late fee line", when, key)
	require.Equal(t, inv.SupplyAmount+inv.VAT+inv.LateFee, inv.TotalAmount, "%s: %s total", when, key)
	require.Equal(t, inv.Status == "PAID", !inv.PaidAt.IsZero(), "%s: %s paid iff paidAt", when, key)
	approved := 0
	for _, c := range inv.CardCharges {
		if c.Result == "APPROVED" {
			approved++
		}
	}
	require.LessOrEqual(t, approved, 1, "%s: %s charged twice", when, key)
	require.Equal(t, approved == 1, inv.SalesSlip != nil, "%s: %s sales slip", when, key)
	if approved == 1 {
		require.Equal(t, "CREDIT_CARD", inv.PaidBy, "%s: %s", when, key)
	}

	before, ok := seen[key]
	seen[key] = inv // paidAt, slips and tax invoices only ever appear, once
	if !ok {
		return key
	}
	billed := func(i cloudInvoice) []any {
		return []any{i.UsageAmount, i.CreditsUsed, i.SupplyAmount, i.VAT, i.LateFee, i.TotalAmount, i.IssuedAt.Unix(), i.DueAt.Unix(), len(i.LateFees), len(i.Projects)}
	}
	require.Equal(t, billed(before), billed(inv), "%s: %s changed after it was issued", when, key)
	if !before.PaidAt.IsZero() {
		require.True(t, before.PaidAt.Equal(inv.PaidAt), "%s: %s paid again: %s then %s", when, key, before.PaidAt, inv.PaidAt)
		require.Equal(t, before.PaidBy, inv.PaidBy, "%s: %s", when, key)
	}
	if before.SalesSlip != nil {
		require.Equal(t, *before.SalesSlip, *inv.SalesSlip, "%s: %s sales slip changed", when, key)
	}
	if before.TaxInvoice != nil {
		require.Equal(t, *before.TaxInvoice, *inv.TaxInvoice, "%s: %s tax invoice changed", when, key)
	}
	return key
}

// kakaoErrorDetail is an error answer's detail code.
func calendarDetailCode(t *testing.T, r sandboxtest.Response) int {
	t.Helper()
	m := r.JSON(t)
	extras, _ := m["extras"].(map[string]any)
	code, _ := extras["detailCode"].(float64)
	return int(code)
}
