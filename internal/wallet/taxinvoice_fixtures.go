package wallet

import (
	"cmp"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// TaxInvoiceParams describe a tax invoice as a fixture states it.
type TaxInvoiceParams struct {
	Month         string        `json:"month" yaml:"month"` // YYYY-MM, or relative (kakao.ResolveMonth)
	SupplyAmount  int64         `json:"supplyAmount" yaml:"supplyAmount"`
	Status        InvoiceStatus `json:"status" yaml:"status"`
	FailureReason string        `json:"failureReason,omitempty" yaml:"failureReason"` // FAILED only; default the closed-business reason
	// Correction files a pending correction request for the invoice (W10).
	Correction *CorrectionParams `json:"correction,omitempty" yaml:"correction"`
}

// CorrectionParams describe a fixture's pending correction request.
type CorrectionParams struct {
	Reason string `json:"reason" yaml:"reason"`
}

// putTaxInvoices makes a fixture's wallet have exactly the invoices it
// lists. An UNISSUED one is issued on its issue day; ISSUED and FAILED ones
// must be for a month whose issue day has come.
func (s *Service) putTaxInvoices(tx *store.Tx, w Wallet, ps []TaxInvoiceParams) error {
	old, err := invoicesOf(tx, w.ID)
	if err != nil {
		return err
	}
	for _, inv := range old {
		m, _ := parseMonth(inv.Month)
		if err := tx.Delete(taxInvoicesBucket, invoiceKey(w.ID, m)); err != nil {
			return err
		}
	}
	if len(ps) > 0 && w.Type != TypeBusiness {
		return kakao.Invalid("taxInvoices", "a PERSONAL wallet gets no tax invoices (W06)")
	}
	for i, p := range ps {
		if err := s.putTaxInvoice(tx, w, p); err != nil {
			return kakao.ErrInvalidParam.With("taxInvoices[%d]: %s", i, kakao.Words(err))
		}
	}
	return nil
}

func (s *Service) putTaxInvoice(tx *store.Tx, w Wallet, p TaxInvoiceParams) error {
	month, _, err := kakao.ResolveMonth(p.Month, tx.Now()) // rule D07
	if err != nil {
		return kakao.Invalid("month", "%v", err)
	}
	m, err := parseMonth(month)
	if err != nil {
		return err
	}
	if _, dup, _ := getInvoice(tx, w.ID, m); dup {
		return kakao.Invalid("month", "%s is listed twice", month)
	}
	if p.SupplyAmount <= 0 {
		return kakao.Invalid("supplyAmount", "must be a positive number of won")
	}
	if p.FailureReason != "" && p.Status != InvoiceFailed {
		return kakao.Invalid("failureReason", "only a FAILED invoice has one")
	}
	inv := TaxInvoice{WalletID: w.ID, Month: m.Format(monthLayout), SupplyAmount: p.SupplyAmount, Status: p.Status, IssueAt: s.issueAt(m)}
	switch p.Status {
	case InvoiceUnissued: // a past issue day issues it at the clock's next step
		err = s.invoiceIssue.Schedule(tx, inv.IssueAt, invoiceRef{WalletID: w.ID, Month: inv.Month})
	case InvoiceIssued, InvoiceFailed:
		if inv.IssueAt.After(tx.Now()) {
			return kakao.Invalid("status", "%s invoices are issued on %s, after the sandbox's time", inv.Month, inv.IssueAt.Format(time.DateOnly))
		}
		if p.Status == InvoiceIssued {
			inv.IssuedAt = inv.IssueAt // as if issued on the day
		} else {
			inv.FailureReason = cmp.Or(p.FailureReason, closedReason)
		}
	default:
		return kakao.Invalid("status", "must be UNISSUED, ISSUED or FAILED")
	}
	if err != nil {
		return err
	}
	if err := saveInvoice(tx, inv); err != nil {
		return err
	}
	if p.Correction == nil {
		return nil
	}
	if inv.Status == InvoiceUnissued {
		return kakao.Invalid("correction", "an UNISSUED invoice cannot be corrected yet (W10)")
	}
	if strings.TrimSpace(p.Correction.Reason) == "" {
		return kakao.Invalid("correction.reason", "is required")
	}
	_, err = s.correction.Submit(tx, w.MasterID, invoiceSubject(w.ID, inv.Month),
		correctionRequest{WalletID: w.ID, Month: inv.Month, Reason: p.Correction.Reason})
	return err
}
