package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Tax invoices, corrections, business information changes and the reviews
// that decide them (rule W06, W10; W01's unissued-invoice condition). The
// test kit's clock starts at 2026-01-01 09:00 KST, and invoices are issued on
// the 1st of the next month, 00:00 KST.

const (
	skyCompany    = 1 // (주)하늘테크, the company of healthy-w
	personalWallt = 2
)

type taxInvoice struct {
	WalletID      int64     `json:"walletId"`
	Month         string    `json:"month"`
	SupplyAmount  int64     `json:"supplyAmount"`
	VAT           int64     `json:"vat"`
	TotalAmount   int64     `json:"totalAmount"`
	Status        string    `json:"status"`
	IssueAt       time.Time `json:"issueAt"`
	IssuedAt      time.Time `json:"issuedAt"`
	FailureReason string    `json:"failureReason"`
	Corrections   int       `json:"corrections"`
}

type reviewOut struct {
	ID      int64          `json:"id"`
	Kind    string         `json:"kind"`
	Subject string         `json:"subject"`
	Request map[string]any `json:"request"`
	Status  string         `json:"status"`
	Note    string         `json:"note"`
	Outcome string         `json:"outcome"`
}

func taxInvoicesCall(sb *sandboxtest.Sandbox, token string, walletID int64) sandboxtest.Response {
	return sb.Do(req{Method: "GET", Path: fmt.Sprintf("/console/v1/wallets/%d/tax-invoices", walletID), Token: token})
}

func taxInvoices(t *testing.T, sb *sandboxtest.Sandbox, token string, walletID int64) []taxInvoice {
	t.Helper()
	r := taxInvoicesCall(sb, token, walletID)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out struct {
		TaxInvoices []taxInvoice `json:"taxInvoices"`
	}
	r.Decode(t, &out)
	return out.TaxInvoices
}

func correctionCall(sb *sandboxtest.Sandbox, token string, walletID int64, month, reason string) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: fmt.Sprintf("/console/v1/wallets/%d/tax-invoices/%s/corrections", walletID, month),
		Token: token, Body: map[string]any{"reason": reason}})
}

func infoChangeCall(sb *sandboxtest.Sandbox, token string, walletID int64, body map[string]any) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: fmt.Sprintf("/console/v1/wallets/%d/business-info-changes", walletID), Token: token, Body: body})
}

// asReview decodes a 202 (a request filed) or 200 (a decision) review.
func asReview(t *testing.T, r sandboxtest.Response, status int) reviewOut {
	t.Helper()
	require.Equal(t, status, r.Status, "%s", r.Body)
	var rv reviewOut
	r.Decode(t, &rv)
	return rv
}

func decide(sb *sandboxtest.Sandbox, id int64, verb string) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/reviews/%d/%s", id, verb), Body: map[string]any{"note": "확인했습니다."}})
}

func reviews(t *testing.T, sb *sandboxtest.Sandbox, status string) []reviewOut {
	t.Helper()
	path := "/_sandbox/reviews"
	if status != "" {
		path += "?status=" + status
	}
	r := sb.Do(req{Method: "GET", Path: path})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out struct {
		Reviews []reviewOut `json:"reviews"`
	}
	r.Decode(t, &out)
	return out.Reviews
}

func setClosed(t *testing.T, sb *sandboxtest.Sandbox, companyID int64, closed bool) {
	t.Helper()
	r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/companies/%d/closure", companyID), Body: map[string]any{"closed": closed}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, closed, r.JSON(t)["closed"])
}

func issued(a sandboxtest.Advanced) []sandboxtest.Happened {
	var out []sandboxtest.Happened
	for _, h := range a.Happened {
		if h.Kind == "wallet.taxInvoiceIssue" {
			out = append(out, h)
		}
	}
	return out
}

func ownerName(t *testing.T, sb *sandboxtest.Sandbox) string {
	t.Helper()
	r := adAccount(sb, master, fmt.Sprint(healthyAds))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)["ownerCompany"].(map[string]any)["name"].(string)
}

func rulesConsoleInvoices(t *testing.T) {
	t.Run("W06_personal_wallet_gets_no_tax_invoices", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		sb.Spend(personalAds, 5000)
		kakaoError(t, taxInvoicesCall(sb, personal, personalWallt), 403, -6, kakao.ErrNoTaxInvoicePersonal.DetailCode)
		kakaoError(t, correctionCall(sb, personal, personalWallt, "2026-01", "정정"), 403, -6, kakao.ErrNoTaxInvoicePersonal.DetailCode)
		assert.Empty(t, issued(sb.Advance("32d")), "nothing accrued, so nothing is issued")
		kakaoError(t, taxInvoicesCall(sb, outsider, healthyWallet), 403, -5, kakao.ErrNotWalletMember.DetailCode)
	})

	t.Run("W06_paid_spend_invoiced_early_next_month", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		assert.Empty(t, taxInvoices(t, sb, master, healthyWallet))
		sp := sb.Spend(healthyAds, 40000) // 10,000 free first (W13), then 30,000 paid
		require.EqualValues(t, 30000, sp.FromPaidCash)
		sb.Spend(healthyAds, 20000)
		invs := taxInvoices(t, sb, member, healthyWallet) // a manager sees them too
		require.Len(t, invs, 1)
		inv := invs[0]
		assert.Equal(t, "2026-01", inv.Month)
		assert.Equal(t, "UNISSUED", inv.Status)
		assert.EqualValues(t, 50000, inv.SupplyAmount, "paid spend only: free cash is not invoiced")
		assert.True(t, inv.IssueAt.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, kakao.KST)), "%s", inv.IssueAt)

		assert.Empty(t, issued(sb.Advance("30d14h")), "2026-01-31 23:00: not yet")
		h := issued(sb.Advance("2h"))
		require.Len(t, h, 1)
		assert.Equal(t, "1/2026-01", h[0].Ref)
		assert.Contains(t, h[0].Description, "issued")
		inv = taxInvoices(t, sb, master, healthyWallet)[0]
		assert.Equal(t, "ISSUED", inv.Status)
		assert.Equal(t, []int64{50000, 5000, 55000}, []int64{inv.SupplyAmount, inv.VAT, inv.TotalAmount})
		assert.True(t, inv.IssuedAt.Equal(inv.IssueAt), "%s", inv.IssuedAt)
		assert.Empty(t, inv.FailureReason)

		sb.Spend(healthyAds, 7001) // February's spend starts February's invoice
		invs = taxInvoices(t, sb, master, healthyWallet)
		require.Len(t, invs, 2)
		assert.Equal(t, []string{"2026-02", "2026-01"}, []string{invs[0].Month, invs[1].Month}, "newest first")
		assert.Equal(t, []int64{7001, 700, 7701}, []int64{invs[0].SupplyAmount, invs[0].VAT, invs[0].TotalAmount}, "VAT rounded down")
		sb.RequireLedger()
	})

	t.Run("W06_postpaid_overspend_is_invoiced", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		sb.LoadFixtures([]byte(`
wallets: [{key: post-w, type: BUSINESS, company: sky, master: master, paidCash: 1000, postpaid: true}]
adAccounts: [{key: post-ads, id: 20101, name: 후불 광고계정, company: sky, wallet: post-w, members: [{user: master, role: MASTER}]}]`))
		sp := sb.Spend(20101, 5000)
		require.EqualValues(t, -4000, sp.Wallet.PaidCash)
		invs := taxInvoices(t, sb, master, sp.Wallet.ID)
		require.Len(t, invs, 1)
		assert.EqualValues(t, 5000, invs[0].SupplyAmount)
	})

	t.Run("W06_closed_business_fails_then_correction_reissues", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		sb.Spend(healthyAds, 40000)
		setClosed(t, sb, skyCompany, true)
		h := issued(sb.Advance("32d"))
		require.Len(t, h, 1)
		assert.Contains(t, h[0].Description, "휴·폐업")
		inv := taxInvoices(t, sb, master, healthyWallet)[0]
		assert.Equal(t, "FAILED", inv.Status)
		contains(t, inv.FailureReason, "휴·폐업 사업자", "(주)하늘테크", "301-86-12345")
		assert.True(t, inv.IssuedAt.IsZero())

		// Approved while the business is still closed: re-issuing fails again.
		rv := asReview(t, correctionCall(sb, member, healthyWallet, "2026-01", "사업자 상태 확인 후 재발행 요청"), 202)
		assert.Equal(t, "PENDING", rv.Status)
		assert.Equal(t, "wallet.taxInvoiceCorrection", rv.Kind)
		rv = asReview(t, decide(sb, rv.ID, "approve"), 200)
		assert.Equal(t, "APPROVED", rv.Status)
		assert.Contains(t, rv.Outcome, "could not be re-issued")
		inv = taxInvoices(t, sb, master, healthyWallet)[0]
		assert.Equal(t, []any{"FAILED", 0}, []any{inv.Status, inv.Corrections})

		setClosed(t, sb, skyCompany, false)
		sb.Advance("1h")
		rv = asReview(t, correctionCall(sb, master, healthyWallet, "2026-01", "재개업했습니다"), 202)
		rv = asReview(t, decide(sb, rv.ID, "approve"), 200)
		assert.Contains(t, rv.Outcome, "re-issued")
		inv = taxInvoices(t, sb, master, healthyWallet)[0]
		assert.Equal(t, []any{"ISSUED", 1, ""}, []any{inv.Status, inv.Corrections, inv.FailureReason})
		assert.True(t, inv.IssuedAt.Equal(time.Date(2026, 2, 2, 10, 0, 0, 0, kakao.KST)), "re-issued at approval: %s", inv.IssuedAt)
	})

	t.Run("W10_corrections_wait_for_review", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		sb.Spend(healthyAds, 40000)
		kakaoError(t, correctionCall(sb, master, healthyWallet, "2026-01", "정정"), 403, -6, kakao.ErrInvoiceNotIssued.DetailCode)
		msg := kakaoError(t, correctionCall(sb, master, healthyWallet, "2025-11", "정정"), 404, -2, 0)
		assert.Contains(t, msg, "2025-11")
		kakaoError(t, correctionCall(sb, master, healthyWallet, "2026-13", "정정"), 400, -2, 0)
		kakaoError(t, correctionCall(sb, outsider, healthyWallet, "2026-01", "정정"), 403, -5, kakao.ErrNotWalletMember.DetailCode)
		assert.Empty(t, reviews(t, sb, ""), "a refused request files nothing")

		sb.Advance("32d")
		first := asReview(t, correctionCall(sb, master, healthyWallet, "2026-01", "공급가액 정정"), 202)
		assert.Equal(t, map[string]any{"walletId": 1.0, "month": "2026-01", "reason": "공급가액 정정"}, first.Request)
		assert.Equal(t, "wallet 1, tax invoice 2026-01", first.Subject)
		second := asReview(t, correctionCall(sb, master, healthyWallet, "2026-01", "한 번 더"), 202)
		sb.Advance("30d")
		pending := reviews(t, sb, "PENDING")
		require.Len(t, pending, 2, "nothing decides a review but the control plane")
		assert.Equal(t, 0, taxInvoices(t, sb, master, healthyWallet)[0].Corrections)

		rejected := asReview(t, decide(sb, first.ID, "reject"), 200)
		assert.Equal(t, []string{"REJECTED", "확인했습니다.", ""}, []string{rejected.Status, rejected.Note, rejected.Outcome})
		assert.Equal(t, 0, taxInvoices(t, sb, master, healthyWallet)[0].Corrections, "a rejection changes nothing")
		asReview(t, decide(sb, second.ID, "approve"), 200)
		assert.Equal(t, 1, taxInvoices(t, sb, master, healthyWallet)[0].Corrections)

		kakaoError(t, decide(sb, second.ID, "approve"), 403, -6, kakao.ErrReviewDecided.DetailCode)
		kakaoError(t, decide(sb, first.ID, "approve"), 403, -6, kakao.ErrReviewDecided.DetailCode)
		kakaoError(t, decide(sb, 999, "reject"), 404, -2, 0)
		assert.Len(t, reviews(t, sb, "APPROVED"), 1)
		assert.Len(t, reviews(t, sb, "REJECTED"), 1)
		assert.Empty(t, reviews(t, sb, "PENDING"))
	})

	t.Run("W10_business_info_change_waits_for_review", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		kakaoError(t, infoChangeCall(sb, member, healthyWallet, map[string]any{"name": "(주)바다테크"}), 403, -5, kakao.ErrNotWalletMaster.DetailCode)
		msg := kakaoError(t, infoChangeCall(sb, personal, personalWallt, map[string]any{"name": "바다"}), 400, -2, 0)
		assert.Contains(t, msg, "PERSONAL")
		kakaoError(t, infoChangeCall(sb, master, healthyWallet, map[string]any{}), 400, -2, 0)
		kakaoError(t, infoChangeCall(sb, master, healthyWallet, map[string]any{"name": " "}), 400, -2, 0)
		assert.Empty(t, reviews(t, sb, ""))

		// A refund account in the new name is refused until the change is approved (W11).
		renamed := []byte(`wallets: [{key: sea-w, type: BUSINESS, company: sky, master: master, paidCash: 0,
  refundAccount: {bankCode: "04", accountNumber: "220900000001", holderName: (주)바다테크}}]`)
		load := func() sandboxtest.Response {
			return sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: renamed})
		}
		kakaoError(t, load(), 400, -2, 0)

		rejected := asReview(t, infoChangeCall(sb, master, healthyWallet, map[string]any{"name": "(주)엉뚱테크"}), 202)
		asReview(t, decide(sb, rejected.ID, "reject"), 200)
		assert.Equal(t, "(주)하늘테크", ownerName(t, sb), "a rejection changes nothing")

		rv := asReview(t, infoChangeCall(sb, master, healthyWallet, map[string]any{"name": "(주)바다테크", "representativeName": "한바다"}), 202)
		assert.Equal(t, "wallet.businessInfoChange", rv.Kind)
		assert.Equal(t, map[string]any{"walletId": 1.0, "companyId": 1.0, "name": "(주)바다테크", "representativeName": "한바다"}, rv.Request)
		sb.Advance("7d")
		assert.Equal(t, "(주)하늘테크", ownerName(t, sb), "pending until approved")
		rv = asReview(t, decide(sb, rv.ID, "approve"), 200)
		contains(t, rv.Outcome, "(주)하늘테크", "(주)바다테크", "한하늘", "한바다")
		assert.Equal(t, "(주)바다테크", ownerName(t, sb))
		require.Equal(t, 201, load().Status, "the refund account holder now matches the business (W11)")
		kakaoError(t, decide(sb, rv.ID, "reject"), 403, -6, kakao.ErrReviewDecided.DetailCode)
	})

	t.Run("W10_fixture_states_invoices_and_a_pending_correction", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		ids := sb.LoadFixtures([]byte(`
wallets:
  - key: fx-w
    type: BUSINESS
    company: sky
    master: master
    paidCash: 0
    taxInvoices:
      - {month: "2025-11", supplyAmount: 80000, status: FAILED}
      - {month: "2025-12", supplyAmount: 120000, status: ISSUED, correction: {reason: 공급가액 정정}}
      - {month: "2026-01", supplyAmount: 3000, status: UNISSUED}`))
		w := ids["wallets"]["fx-w"]
		invs := taxInvoices(t, sb, master, w)
		require.Len(t, invs, 3)
		assert.Equal(t, []string{"UNISSUED", "ISSUED", "FAILED"}, []string{invs[0].Status, invs[1].Status, invs[2].Status})
		assert.Equal(t, "휴·폐업 사업자", invs[2].FailureReason)
		assert.True(t, invs[1].IssuedAt.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, kakao.KST)))
		pending := reviews(t, sb, "PENDING")
		require.Len(t, pending, 1)
		assert.Equal(t, fmt.Sprintf("wallet %d, tax invoice 2025-12", w), pending[0].Subject)
		h := issued(sb.Advance("32d"))
		require.Len(t, h, 1, "the unissued one is issued on its day")
		assert.Equal(t, "ISSUED", taxInvoices(t, sb, master, w)[0].Status)

		for _, bad := range []string{
			`{key: b1, type: PERSONAL, master: personal, paidCash: 0, taxInvoices: [{month: "2025-12", supplyAmount: 1000, status: ISSUED}]}`,
			`{key: b2, type: BUSINESS, company: sky, master: master, paidCash: 0, taxInvoices: [{month: "2026-03", supplyAmount: 1000, status: ISSUED}]}`,
			`{key: b3, type: BUSINESS, company: sky, master: master, paidCash: 0, taxInvoices: [{month: "2025-12", supplyAmount: 0, status: ISSUED}]}`,
			`{key: b4, type: BUSINESS, company: sky, master: master, paidCash: 0, taxInvoices: [{month: "2026-04", supplyAmount: 1000, status: UNISSUED, correction: {reason: x}}]}`,
			`{key: b5, type: BUSINESS, company: sky, master: master, paidCash: 0, taxInvoices: [{month: "2025-12", supplyAmount: 1000, status: DRAFT}]}`,
		} {
			r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: "wallets: [" + bad + "]"})
			assert.Contains(t, kakaoError(t, r, 400, -2, 0), "taxInvoices", "%s", bad)
		}
		assert.Len(t, reviews(t, sb, ""), 1, "a refused fixture files nothing")
	})

	t.Run("W01_unissued_tax_invoice_blocks_deletion", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		ids := sb.LoadFixtures([]byte(`
companies: [{key: del-co, name: 지움상회, businessRegistrationNumber: "604-11-45678", representativeName: 지운이}]
wallets: [{key: del-w, type: BUSINESS, company: del-co, master: master, paidCash: 20000}]
adAccounts: [{key: del-ads, id: 20201, name: 지움상회 광고계정, company: del-co, wallet: del-w, members: [{user: master, role: MASTER}]}]`))
		w, co := ids["wallets"]["del-w"], ids["companies"]["del-co"]
		sb.Spend(20201, 20000) // paid cash now 0; spending needs the wallet ON
		r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/console/v1/wallets/%d/status", w), Token: master, Body: map[string]any{"status": "OFF"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		del := func() sandboxtest.Response {
			return sb.Do(req{Method: "DELETE", Path: fmt.Sprintf("/console/v1/wallets/%d", w), Token: master})
		}
		kakaoError(t, del(), 403, -6, kakao.ErrDeleteUnissuedInvoice.DetailCode)

		setClosed(t, sb, co, true)
		sb.Advance("32d")
		require.Equal(t, "FAILED", taxInvoices(t, sb, master, w)[0].Status)
		kakaoError(t, del(), 403, -6, kakao.ErrDeleteUnissuedInvoice.DetailCode) // a failed invoice was never issued

		setClosed(t, sb, co, false)
		rv := asReview(t, correctionCall(sb, master, w, "2026-01", "재개업"), 202)
		asReview(t, decide(sb, rv.ID, "approve"), 200)
		require.Equal(t, "ISSUED", taxInvoices(t, sb, master, w)[0].Status)
		r = del()
		require.Equal(t, 204, r.Status, "%s", r.Body)
		sb.RequireLedger()
	})

	t.Run("W13_paid_cash_run_out_shows_in_moment", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		d := adAccount(sb, master, fmt.Sprint(healthyAds)).JSON(t)
		assert.Equal(t, false, d["isOutOfBalance"])
		sp := sb.Spend(healthyAds, 510000) // all 10,000 free, then all 500,000 paid
		assert.Equal(t, []int64{10000, 500000}, []int64{sp.FromFreeCash, sp.FromPaidCash})
		r := adAccount(sb, master, fmt.Sprint(healthyAds))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		d = r.JSON(t)
		assert.Equal(t, true, d["isOutOfBalance"])
		assert.Equal(t, "잔액 부족", d["statusDescription"])
		b := balance(t, sb, master, healthyAds)
		assert.Equal(t, []int64{0, 0}, []int64{b.Cash, b.FreeCash})
		kakaoError(t, trySpend(sb, healthyAds, 1), 403, -6, kakao.ErrInsufficientCash.DetailCode)
		assert.EqualValues(t, 500000, taxInvoices(t, sb, master, healthyWallet)[0].SupplyAmount)
		sb.RequireLedger()
	})
}
