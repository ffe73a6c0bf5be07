package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// KakaoCloud's monthly calendar (rule B01, B02, B03, B09) over HTTP, on
// calendarFixture. The clock starts at 2026-01-01 09:00 KST; invoices are issued
// on the 1st, cards charged on the 10th, tax invoices on the 15th, and the
// due date is the 25th, 00:00 KST; the late fee is 2% (200 basis points).
func rulesCloudCalendar(t *testing.T) {

	t.Run("B09_invoice_on_the_1st_for_the_previous_month_one_per_group_vat_on_total_less_credits", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "co/web", "2026-01", 100000, 0)
		running := addCalendarUsage(t, sb, "co/api", "2026-01", 23450, 1000)
		assert.EqualValues(t, calMain, running["billingGroupId"])
		assert.EqualValues(t, 123450, running["usageAmount"], "both projects of the group")
		assert.EqualValues(t, 1000, running["creditsUsed"])
		assert.Len(t, running["projects"], 2)
		assert.Equal(t, "2026-02-01T00:00:00+09:00", running["invoiceIssueAt"])
		addCalendarUsage(t, sb, "co/ads", "2026-01", 12345, 0)
		addCalendarUsage(t, sb, "co/ml", "2026-01", 5000, 8000) // credits beyond the usage
		addCalendarUsage(t, sb, "co/web", "2026-02", 777, 0)    // next month's: not on January's invoice

		a := advanceCalendarTo(t, sb, "2026-01-31T23:59:59+09:00")
		assert.Empty(t, a.Happened)
		assert.Empty(t, calendarInvoices(t, sb, calAdmin, calMain), "nothing is invoiced before the 1st")

		a = advanceCalendarTo(t, sb, "2026-02-01T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 1/2026-01", "cloud.invoiceIssue 2/2026-01", "cloud.invoiceIssue 3/2026-01"}, ranEffects(a),
			"one invoice per group with usage, the dedicated group had none")

		invs := calendarInvoices(t, sb, calAdmin, calMain)
		require.Len(t, invs, 1, "one invoice for the group, both projects on it")
		inv := invs[0]
		assert.Equal(t, "2026-01", inv.Month)
		assert.Equal(t, "ISSUED", inv.Status)
		// 123,450 − 1,000 credits = 122,450; VAT 12,245; total 134,695.
		assert.Equal(t, []int64{123450, 1000, 122450, 12245, 0, 134695},
			[]int64{inv.UsageAmount, inv.CreditsUsed, inv.SupplyAmount, inv.VAT, inv.LateFee, inv.TotalAmount})
		assert.Len(t, inv.Projects, 2)
		assert.True(t, inv.IssuedAt.Equal(kstTime(t, "2026-02-01 00:00")), "%s", inv.IssuedAt)
		assert.True(t, inv.DueAt.Equal(kstTime(t, "2026-02-25 00:00")), "%s", inv.DueAt)

		// 12,345 won: VAT 1,234.5 is rounded down to 1,234.
		nopay := calendarInvoice(t, sb, calNoPay, "2026-01")
		assert.Equal(t, []int64{12345, 0, 12345, 1234, 13579}, []int64{nopay.UsageAmount, nopay.CreditsUsed, nopay.SupplyAmount, nopay.VAT, nopay.TotalAmount})

		credited := calendarInvoice(t, sb, calDeclined, "2026-01")
		assert.Equal(t, []int64{5000, 5000, 0, 0, 0}, []int64{credited.UsageAmount, credited.CreditsUsed, credited.SupplyAmount, credited.VAT, credited.TotalAmount},
			"credits count up to the usage")
		assert.Equal(t, "PAID", credited.Status, "nothing is left to pay")

		kakaoError(t, addCalendarUsageCall(sb, "co/web", "2026-01", 1, 0), 403, -6, kakao.ErrUsageInvoiced.DetailCode)
		assert.EqualValues(t, 1777, addCalendarUsage(t, sb, "1", "2026-02", 1000, 0)["usageAmount"], "a project by id; February is still open")
		r := sb.Do(calendarReq("GET", "/billing-groups/1/invoices/2026-02", calAdmin, nil))
		assert.Equal(t, 404, r.Status, "%s", r.Body)
	})

	t.Run("B09_usage_is_refused_when_it_makes_no_sense", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		for _, bad := range []map[string]any{
			{"project": "co/nope", "month": "2026-01", "amount": 1},
			{"project": "co/web", "month": "2026-1", "amount": 1},
			{"project": "co/web", "month": "2026-01", "amount": 0},
			{"project": "co/web", "month": "2026-01", "amount": 10, "credits": -1},
			{"project": "co/web", "month": "2024-12", "amount": 10},
			{"project": "co/web", "month": "2027-02", "amount": 10},
		} {
			r := sb.Do(req{Method: "POST", Path: "/_sandbox/cloud/usage", Body: bad})
			assert.Contains(t, []int{400, 404}, r.Status, "%v: %s", bad, r.Body)
		}
	})

	t.Run("B03_card_charged_on_the_10th_with_a_sales_slip", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "co/web", "2026-01", 10000, 0)
		advanceCalendarTo(t, sb, "2026-02-09T23:59:00+09:00")
		assert.Equal(t, "ISSUED", calendarInvoice(t, sb, calMain, "2026-01").Status)

		a := advanceCalendarTo(t, sb, "2026-02-10T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.cardCharge 1/2026-01"}, ranEffects(a))
		inv := calendarInvoice(t, sb, calMain, "2026-01")
		assert.Equal(t, "PAID", inv.Status)
		assert.Equal(t, "CREDIT_CARD", inv.PaidBy)
		assert.True(t, inv.PaidAt.Equal(kstTime(t, "2026-02-10 00:00")))
		require.NotNil(t, inv.SalesSlip, "the card sales slip is on the invoice")
		assert.Equal(t, "0005", inv.SalesSlip.CardLast4)
		assert.EqualValues(t, 11000, inv.SalesSlip.Amount)
		assert.NotEmpty(t, inv.SalesSlip.ApprovalNumber)
		require.Len(t, inv.CardCharges, 1)
		assert.Equal(t, "APPROVED", inv.CardCharges[0].Result)

		kakaoError(t, calendarDepositCall(sb, calMain, "2026-01", 11000), 403, -6, kakao.ErrNotDedicated.DetailCode)
		a = advanceCalendarTo(t, sb, "2026-03-01T00:00:00+09:00")
		assert.Empty(t, a.Happened, "a paid invoice is not overdue and is not charged again")
		assert.Equal(t, "PAID", calendarInvoice(t, sb, calMain, "2026-01").Status)
	})

	t.Run("B03_a_declining_card_leaves_it_unpaid_then_overdue_at_the_due_date", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "co/ml", "2026-01", 30000, 0)
		a := advanceCalendarTo(t, sb, "2026-02-10T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 3/2026-01", "cloud.cardCharge 3/2026-01"}, ranEffects(a))
		assert.Contains(t, a.Happened[1].Description, "declined")
		inv := calendarInvoice(t, sb, calDeclined, "2026-01")
		assert.Equal(t, "PAYMENT_FAILED", inv.Status)
		assert.Nil(t, inv.SalesSlip)
		assert.True(t, inv.PaidAt.IsZero())
		require.Len(t, inv.CardCharges, 1)
		assert.Equal(t, "DECLINED", inv.CardCharges[0].Result)
		assert.Equal(t, "0013", inv.CardCharges[0].CardLast4)

		a = advanceCalendarTo(t, sb, "2026-02-25T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.overdue 3/2026-01"}, ranEffects(a))
		assert.Equal(t, "OVERDUE", calendarInvoice(t, sb, calDeclined, "2026-01").Status)
		advanceCalendarTo(t, sb, "2026-04-01T00:00:00+09:00")
		assert.Len(t, calendarInvoices(t, sb, calAdmin, calDeclined), 1, "a group with a payment method is charged no late fee (B01)")
	})

	t.Run("B03_dedicated_account_tax_invoice_on_the_15th_and_a_deposit_pays_it_once", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "co/erp", "2026-01", 1234560, 0)
		addCalendarUsage(t, sb, "co/erp", "2026-02", 100000, 0)
		a := advanceCalendarTo(t, sb, "2026-02-14T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 4/2026-01"}, ranEffects(a), "no card to charge on the 10th")
		inv := calendarInvoice(t, sb, calDedicated, "2026-01")
		assert.EqualValues(t, 1358016, inv.TotalAmount)
		assert.Nil(t, inv.TaxInvoice)

		a = advanceCalendarTo(t, sb, "2026-02-15T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.taxInvoice 4/2026-01"}, ranEffects(a))
		inv = calendarInvoice(t, sb, calDedicated, "2026-01")
		require.NotNil(t, inv.TaxInvoice, "issued before it is paid")
		assert.Equal(t, []int64{1234560, 123456}, []int64{inv.TaxInvoice.SupplyAmount, inv.TaxInvoice.VAT})
		assert.True(t, inv.TaxInvoice.IssuedAt.Equal(kstTime(t, "2026-02-15 00:00")))
		assert.Equal(t, "ISSUED", inv.Status)

		kakaoError(t, calendarDepositCall(sb, calDedicated, "2026-01", 1358015), 400, -2, kakao.ErrCloudDepositAmount.DetailCode)
		r := calendarDepositCall(sb, calDedicated, "2026-01", 1358016)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var paid cloudInvoice
		r.Decode(t, &paid)
		assert.Equal(t, "PAID", paid.Status)
		assert.Equal(t, "DEDICATED_ACCOUNT", paid.PaidBy)
		kakaoError(t, calendarDepositCall(sb, calDedicated, "2026-01", 1358016), 403, -6, kakao.ErrCloudInvoicePaid.DetailCode)
		assert.Equal(t, 404, calendarDepositCall(sb, calDedicated, "2025-12", 1).Status)

		// February's is not paid by its due date: overdue, then paid late.
		a = advanceCalendarTo(t, sb, "2026-03-25T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 4/2026-02", "cloud.taxInvoice 4/2026-02", "cloud.overdue 4/2026-02"}, ranEffects(a),
			"January's was paid: it is not overdue")
		assert.Equal(t, "OVERDUE", calendarInvoice(t, sb, calDedicated, "2026-02").Status)
		require.Equal(t, 200, calendarDepositCall(sb, calDedicated, "2026-02", 110000).Status)
		assert.Equal(t, "PAID", calendarInvoice(t, sb, calDedicated, "2026-02").Status)
	})

	t.Run("B01_a_sub_group_without_a_payment_method_pays_a_late_fee_on_next_months_invoice", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "co/ads", "2026-01", 12345, 0) // total 13,579
		a := advanceCalendarTo(t, sb, "2026-02-25T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 2/2026-01", "cloud.overdue 2/2026-01"}, ranEffects(a))
		// 2% of 13,579 = 271.58: 271 won, on February's invoice.
		assert.Contains(t, a.Happened[1].Description, "late fee 271 KRW on the 2026-02 invoice")
		jan := calendarInvoice(t, sb, calNoPay, "2026-01")
		assert.Equal(t, "OVERDUE", jan.Status)
		assert.EqualValues(t, 13579, jan.TotalAmount, "the overdue invoice itself does not change")

		a = advanceCalendarTo(t, sb, "2026-03-01T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 2/2026-02"}, ranEffects(a), "issued though February had no usage")
		feb := calendarInvoice(t, sb, calNoPay, "2026-02")
		assert.Equal(t, []int64{0, 0, 0, 271, 271}, []int64{feb.UsageAmount, feb.SupplyAmount, feb.VAT, feb.LateFee, feb.TotalAmount})
		require.Len(t, feb.LateFees, 1)
		assert.Equal(t, "2026-01", feb.LateFees[0].InvoiceMonth)

		// A month later both are overdue: 271 again for January, and 2% of
		// February's 271 = 5.42: 5 won; March's invoice has both.
		advanceCalendarTo(t, sb, "2026-04-01T00:00:00+09:00")
		mar := calendarInvoice(t, sb, calNoPay, "2026-03")
		assert.EqualValues(t, 276, mar.LateFee)
		assert.EqualValues(t, 276, mar.TotalAmount)
		assert.Len(t, mar.LateFees, 2)
		assert.EqualValues(t, 13579, calendarInvoice(t, sb, calNoPay, "2026-01").TotalAmount)
		assert.EqualValues(t, 271, calendarInvoice(t, sb, calNoPay, "2026-02").TotalAmount)
	})

	t.Run("B01_a_fixture_invoice_overdue_for_months_owes_a_fee_for_each", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		// June is unpaid since 2025-07-25; July to December are invoiced
		// (paid), so the fees of the months since land on January's.
		months := ""
		for m := 7; m <= 12; m++ {
			months += fmt.Sprintf(`, {month: "2025-%02d", usage: 1000, status: PAID}`, m)
		}
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures?replace=true", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(`
cloud:
  organizations:
    - {key: co, name: 구름상사, memberType: BUSINESS, members: [{user: ada, role: BILLING_ADMIN}],
       billingGroups: [{key: nopay, name: 결제 수단 없음, members: [ada], invoices: [{month: "2025-06", usage: 5000, status: OVERDUE}` + months + `]}]}
`)})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		advanceCalendarTo(t, sb, "2026-02-01T00:00:00+09:00")
		// 2% of 5,500 = 110 for each of 2025-08-25 … 2026-01-25: six months
		// (the fixture states none; the first, 2025-07-25's, is its own).
		jan := calendarInvoice(t, sb, calNoPay, "2026-01")
		assert.EqualValues(t, 6*110, jan.LateFee, "%+v", jan.LateFees)
		assert.EqualValues(t, 6*110, jan.TotalAmount)
	})

	t.Run("B01_a_main_group_without_a_payment_method_is_overdue_without_late_fees", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "bare/app", "2026-01", 50000, 0)
		a := advanceCalendarTo(t, sb, "2026-04-01T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 5/2026-01", "cloud.overdue 5/2026-01"}, ranEffects(a))
		assert.Equal(t, "OVERDUE", calendarInvoice(t, sb, calBareMain, "2026-01").Status)
		assert.Len(t, calendarInvoices(t, sb, calAdmin, calBareMain), 1, "the organisation is restricted instead")
	})

	t.Run("B02_only_admins_and_managers_of_the_group_read_invoices", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		addCalendarUsage(t, sb, "co/web", "2026-01", 1000, 0)
		addCalendarUsage(t, sb, "co/ml", "2026-01", 1000, 0)
		advanceCalendarTo(t, sb, "2026-02-01T00:00:00+09:00")
		kakaoError(t, sb.Do(calendarReq("GET", "/billing-groups/1/invoices", calViewer, nil)), 403, -5, kakao.ErrBillingRole.DetailCode)
		kakaoError(t, sb.Do(calendarReq("GET", "/billing-groups/1/invoices/2026-01", calViewer, nil)), 403, -5, kakao.ErrBillingRole.DetailCode)
		assert.Len(t, calendarInvoices(t, sb, calManager, calMain), 1)
		kakaoError(t, sb.Do(calendarReq("GET", fmt.Sprintf("/billing-groups/%d/invoices", calDeclined), calManager, nil)), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
		assert.Len(t, calendarInvoices(t, sb, calAdmin, calDeclined), 1)
	})

	t.Run("fixture_invoices_are_billed_as_the_clock_bills_and_their_calendar_goes_on", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t)
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures?replace=true", Body: []byte(`
cloud:
  organizations:
    - key: co
      name: 구름상사
      memberType: BUSINESS
      members: [{user: ada, role: BILLING_ADMIN}]
      billingGroups:
        - {key: main, main: true, name: 기본 결제 그룹, members: [ada],
           paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000005", ownerType: NAMED_CORPORATE},
           invoices: [{month: "2025-11", usage: 123456, credits: 10000, status: PAID}, {month: "2025-12", usage: 12345, status: ISSUED}]}
        - {key: nopay, name: 결제 수단 없음, members: [ada],
           invoices: [{month: "2025-11", usage: 50000, status: OVERDUE},
                      {month: "2025-12", usage: 80000, status: ISSUED, lateFees: [{invoiceMonth: "2025-11", amount: 1100}]}]}
`), Header: map[string]string{"Content-Type": "application/yaml"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		paid := calendarInvoice(t, sb, calMain, "2025-11")
		assert.Equal(t, []int64{113456, 11345, 124801}, []int64{paid.SupplyAmount, paid.VAT, paid.TotalAmount})
		require.NotNil(t, paid.SalesSlip)
		assert.Equal(t, "PAID", paid.Status)
		late := calendarInvoice(t, sb, calNoPay, "2025-12")
		assert.Equal(t, []int64{80000, 8000, 1100, 89100}, []int64{late.SupplyAmount, late.VAT, late.LateFee, late.TotalAmount})

		a := advanceCalendarTo(t, sb, "2026-02-01T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.cardCharge 1/2025-12", "cloud.overdue 2/2025-11", "cloud.overdue 2/2025-12", "cloud.invoiceIssue 2/2026-01"}, ranEffects(a))
		// 2% of 55,000 = 1,100 and of 89,100 = 1,782.
		assert.EqualValues(t, 2882, calendarInvoice(t, sb, calNoPay, "2026-01").TotalAmount)

		r = sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures?replace=true", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(`
cloud:
  organizations:
    - {key: co, name: 구름상사, memberType: BUSINESS, billingGroups: [{key: main, main: true, name: 기본, invoices: [{month: "2026-02", usage: 1, status: ISSUED}]}]}
`)})
		assert.Equal(t, 400, r.Status, "February is not invoiced until March 1st: %s", r.Body)
	})

	t.Run("the_due_day_and_late_fee_are_configurable", func(t *testing.T) {
		t.Parallel()
		sb := newCalendarSandbox(t, func(c *sandbox.Config) { c.CloudDueDay, c.CloudLateFeeBasisPoints = 5, new(1000) })
		addCalendarUsage(t, sb, "co/ads", "2026-01", 12345, 0)
		addCalendarUsage(t, sb, "co/ml", "2026-01", 100, 0)
		a := advanceCalendarTo(t, sb, "2026-02-10T00:00:00+09:00")
		assert.Equal(t, []string{"cloud.invoiceIssue 2/2026-01", "cloud.invoiceIssue 3/2026-01", "cloud.overdue 2/2026-01", "cloud.overdue 3/2026-01", "cloud.cardCharge 3/2026-01"}, ranEffects(a))
		assert.Contains(t, a.Happened[2].Description, "late fee 1357 KRW", "10% of 13,579, rounded down")
		assert.Equal(t, "OVERDUE", calendarInvoice(t, sb, calDeclined, "2026-01").Status, "declined after its due date: still overdue")

		for _, cfg := range []sandbox.Config{{CloudDueDay: 29}, {CloudLateFeeBasisPoints: new(10001)}, {CloudLateFeeBasisPoints: new(-1)}} {
			cfg.DataPath = t.TempDir() + "/x.db"
			_, err := sandbox.Open(cfg)
			assert.Error(t, err, "%+v", cfg)
		}
	})
}

// b09DemoInvoices (TestRules/B09_demo_invoices_read_as_documented): the demo's invoices (docs/test-data.md) read
// as that page says, so the document's examples have one to read.
func b09DemoInvoices(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	r := sb.Do(calendarReq("GET", "/billing-groups/1/invoices/2025-12", "sandbox-biz-bob", nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var inv cloudInvoice
	r.Decode(t, &inv)
	assert.Equal(t, "PAID", inv.Status)
	assert.EqualValues(t, 124801, inv.TotalAmount)
	require.NotNil(t, inv.SalesSlip)
	kakaoError(t, sb.Do(calendarReq("GET", "/billing-groups/1/invoices", "sandbox-biz-dana", nil)), 403, -5, kakao.ErrBillingRole.DetailCode)
	assert.EqualValues(t, 89100, getDemoInvoice(t, sb, 2, "2025-12").TotalAmount)
	assert.Equal(t, "OVERDUE", getDemoInvoice(t, sb, 2, "2025-11").Status)
	assert.EqualValues(t, 1358016, getDemoInvoice(t, sb, 4, "2025-12").TotalAmount)
}

func getDemoInvoice(t *testing.T, sb *sandboxtest.Sandbox, group int, month string) cloudInvoice {
	t.Helper()
	r := sb.Do(calendarReq("GET", fmt.Sprintf("/billing-groups/%d/invoices/%s", group, month), "sandbox-biz-alice", nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var inv cloudInvoice
	r.Decode(t, &inv)
	return inv
}
