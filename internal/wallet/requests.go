package wallet

import (
	"fmt"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Requests Kakao's staff review (rule W10): tax invoice corrections
// (수정발행) and business information changes, pending until the control
// plane decides; and the business closure that makes invoices fail.

type correctionRequest struct {
	WalletID uint64 `json:"walletId"`
	Month    string `json:"month"`
	Reason   string `json:"reason"`
}

type businessInfoChange struct {
	WalletID           uint64 `json:"walletId"`
	CompanyID          uint64 `json:"companyId"`
	Name               string `json:"name,omitempty"`
	RepresentativeName string `json:"representativeName,omitempty"`
}

// RequestCorrection asks Kakao to correct (수정발행) an invoice that was
// issued or failed; it waits for review (W10).
func (s *Service) RequestCorrection(userID, walletID uint64, month, reason string) (review.Review, error) {
	var rv review.Review
	err := s.db.Update(func(tx *store.Tx) error {
		if _, err := businessWallet(tx, userID, walletID); err != nil {
			return err
		}
		m, err := parseMonth(month)
		if err != nil {
			return err
		}
		if strings.TrimSpace(reason) == "" {
			return kakao.Invalid("reason", "say why the invoice needs correcting")
		}
		inv, ok, err := getInvoice(tx, walletID, m)
		switch {
		case err != nil:
			return err
		case !ok:
			return kakao.ErrNotFound.With("wallet %d has no tax invoice for %s", walletID, month)
		case inv.Status == InvoiceUnissued:
			return kakao.ErrInvoiceNotIssued.With("%s 세금계산서는 %s에 발행됩니다. 발행된 뒤에 수정 요청하세요. (W10)",
				month, inv.IssueAt.In(kakao.KST).Format(time.DateTime))
		}
		rv, err = s.correction.Submit(tx, userID, invoiceSubject(walletID, month),
			correctionRequest{WalletID: walletID, Month: month, Reason: reason})
		return err
	})
	return rv, err
}

// invoiceSubject is what a correction review is about, for people.
func invoiceSubject(walletID uint64, month string) string {
	return fmt.Sprintf("wallet %d, tax invoice %s", walletID, month)
}

// applyCorrection re-issues the invoice, as Kakao does on approving a
// correction: a business still closed fails again.
func (s *Service) applyCorrection(tx *store.Tx, r correctionRequest) (string, error) {
	m, err := parseMonth(r.Month)
	if err != nil {
		return "", err
	}
	inv, ok, err := getInvoice(tx, r.WalletID, m)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", kakao.ErrNotFound.With("wallet %d no longer has a tax invoice for %s; reject the request", r.WalletID, r.Month)
	}
	if err := s.issue(tx, &inv); err != nil {
		return "", err
	}
	if inv.Status == InvoiceFailed {
		return fmt.Sprintf("tax invoice %s of wallet %d could not be re-issued: %s", r.Month, r.WalletID, inv.FailureReason), nil
	}
	inv.Corrections++
	return fmt.Sprintf("tax invoice %s of wallet %d re-issued (correction %d)", r.Month, r.WalletID, inv.Corrections), saveInvoice(tx, inv)
}

// RequestBusinessInfoChange asks Kakao to change the name or representative
// of a business wallet's company; only the master may, and it waits for
// review (W10).
func (s *Service) RequestBusinessInfoChange(userID, walletID uint64, name, representative string) (review.Review, error) {
	var rv review.Review
	err := s.db.Update(func(tx *store.Tx) error {
		w, err := asMaster(tx, userID, walletID, "사업자 정보 변경을 요청할")
		if err != nil {
			return err
		}
		if w.Type != TypeBusiness {
			return kakao.Invalid("walletId", "wallet %d is a %s wallet, which has no business information to change", walletID, w.Type)
		}
		req := businessInfoChange{WalletID: walletID, CompanyID: w.CompanyID,
			Name: strings.TrimSpace(name), RepresentativeName: strings.TrimSpace(representative)}
		if req.Name == "" && req.RepresentativeName == "" {
			return kakao.Invalid("body", "give name, representativeName or both")
		}
		rv, err = s.infoChange.Submit(tx, userID, fmt.Sprintf("wallet %d, company %d", walletID, w.CompanyID), req)
		return err
	})
	return rv, err
}

// applyBusinessInfoChange changes the company, for every wallet of it: later
// refund account checks (W11) use the new names.
func (s *Service) applyBusinessInfoChange(tx *store.Tx, r businessInfoChange) (string, error) {
	c, err := GetCompany(tx, r.CompanyID)
	if err != nil {
		return "", err
	}
	var changed []string
	if r.Name != "" {
		changed = append(changed, fmt.Sprintf("name %q → %q", c.Name, r.Name))
		c.Name = r.Name
	}
	if r.RepresentativeName != "" {
		changed = append(changed, fmt.Sprintf("representative %q → %q", c.RepresentativeName, r.RepresentativeName))
		c.RepresentativeName = r.RepresentativeName
	}
	return fmt.Sprintf("company %d changed: %s", c.ID, strings.Join(changed, ", ")), tx.Put(companiesBucket, store.Key(c.ID), c)
}

// SetCompanyClosure marks a business closed (휴·폐업) or open again. Kakao
// learns this from the tax authority; here the control plane says so.
func (s *Service) SetCompanyClosure(companyID uint64, closed bool) (Company, error) {
	var c Company
	err := s.db.Update(func(tx *store.Tx) (err error) {
		if c, err = GetCompany(tx, companyID); err != nil {
			return err
		}
		c.Closed = closed
		return tx.Put(companiesBucket, store.Key(c.ID), c)
	})
	return c, err
}
