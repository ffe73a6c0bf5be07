package wallet

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/review"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// Monthly tax invoices (세금계산서) for business wallets' paid spend (RULES
// W06): Kakao issues one early the next month ("익월 초", KAKAO-API.md §6)
// and fails to when the business is closed. Corrections (수정발행) and
// business information changes are requests Kakao reviews (W10).

const taxInvoicesBucket = "wallet.taxInvoices" // walletID + YYYYMM

// InvoiceStatus is where a tax invoice stands.
type InvoiceStatus string

const (
	InvoiceUnissued InvoiceStatus = "UNISSUED" // the month's spend is still accruing, or the issue day has not come
	InvoiceIssued   InvoiceStatus = "ISSUED"
	InvoiceFailed   InvoiceStatus = "FAILED" // Kakao could not issue it: the reason says why
)

// closedReason is why a closed business's invoice fails (cs.kakao.com:
// "휴·폐업 사업자" is one of the reasons Kakao shows).
const closedReason = "휴·폐업 사업자"

// TaxInvoice is one wallet's invoice for one month's paid spend.
type TaxInvoice struct {
	WalletID      uint64        `json:"walletId"`
	Month         string        `json:"month"` // YYYY-MM, KST
	SupplyAmount  int64         `json:"supplyAmount"`
	Status        InvoiceStatus `json:"status"`
	IssueAt       time.Time     `json:"issueAt"`
	IssuedAt      time.Time     `json:"issuedAt,omitzero"`
	FailureReason string        `json:"failureReason,omitempty"`
	Corrections   int           `json:"corrections"`
}

// VAT is 10% of the supply amount, rounded down: the sandbox's guess at how
// Kakao rounds.
func (inv TaxInvoice) VAT() int64 { return inv.SupplyAmount / 10 }

// Total is what the invoice bills.
func (inv TaxInvoice) Total() int64 { return inv.SupplyAmount + inv.VAT() }

// invoiceRef names a wallet's invoice for a month: its issue effect's payload.
type invoiceRef struct {
	WalletID uint64 `json:"w"`
	Month    string `json:"m"` // YYYY-MM
}

func (r invoiceRef) String() string { return fmt.Sprintf("%d/%s", r.WalletID, r.Month) }

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

// monthLayout is an invoice's month as the API names it.
const monthLayout = "2006-01"

// invoiceKey orders a wallet's invoices by month.
func invoiceKey(walletID uint64, month time.Time) []byte {
	return store.Keys(store.Key(walletID), store.Key(uint64(month.Year()*100+int(month.Month()))))
}

// parseMonth reads a YYYY-MM month as its first instant, KST.
func parseMonth(month string) (time.Time, error) {
	m, err := time.ParseInLocation(monthLayout, month, kakao.KST)
	if err != nil {
		return m, kakao.Invalid("month", "%q is not a month like 2026-01", month)
	}
	return m, nil
}

// issueAt is when a month's invoice is issued: day TaxInvoiceDay of the next
// month, 00:00 KST.
func (s *Service) issueAt(month time.Time) time.Time {
	next := month.AddDate(0, 1, 0)
	return time.Date(next.Year(), next.Month(), s.config.TaxInvoiceDay, 0, 0, 0, 0, kakao.KST)
}

func getInvoice(tx *store.Tx, walletID uint64, month time.Time) (TaxInvoice, bool, error) {
	var inv TaxInvoice
	ok, err := tx.Get(taxInvoicesBucket, invoiceKey(walletID, month), &inv)
	return inv, ok, err
}

func saveInvoice(tx *store.Tx, inv TaxInvoice) error {
	month, err := parseMonth(inv.Month)
	if err != nil {
		return err
	}
	return tx.Put(taxInvoicesBucket, invoiceKey(inv.WalletID, month), inv)
}

// invoicesOf lists a wallet's invoices, oldest month first.
func invoicesOf(tx *store.Tx, walletID uint64) ([]TaxInvoice, error) {
	var out []TaxInvoice
	err := tx.Scan(taxInvoicesBucket, store.Key(walletID), func(_, v []byte) (bool, error) {
		var inv TaxInvoice
		err := unmarshal(v, &inv)
		out = append(out, inv)
		return err == nil, err
	})
	return out, err
}

// accrue adds paid spend to the wallet's invoice for the month of tx's time.
// Only business wallets get tax invoices (W06); a postpaid wallet's
// overspend is paid spend too.
func (s *Service) accrue(tx *store.Tx, w Wallet, paid int64) error {
	if w.Type != TypeBusiness || paid <= 0 {
		return nil
	}
	now := tx.Now().In(kakao.KST)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, kakao.KST)
	inv, ok, err := getInvoice(tx, w.ID, month)
	if err != nil {
		return err
	}
	if !ok {
		inv = TaxInvoice{WalletID: w.ID, Month: month.Format(monthLayout), Status: InvoiceUnissued, IssueAt: s.issueAt(month)}
		if err := s.invoiceIssue.Schedule(tx, inv.IssueAt, invoiceRef{WalletID: w.ID, Month: inv.Month}); err != nil {
			return err
		}
	}
	inv.SupplyAmount += paid
	return saveInvoice(tx, inv)
}

// issueTaxInvoice is the clock effect on the issue day after the month.
func (s *Service) issueTaxInvoice(tx *store.Tx, r invoiceRef) (string, error) {
	month, err := parseMonth(r.Month)
	if err != nil {
		return "", err
	}
	inv, ok, err := getInvoice(tx, r.WalletID, month)
	if err != nil || !ok || inv.Status != InvoiceUnissued {
		return "", err // replaced by a fixture since: nothing to issue
	}
	if err := s.issue(tx, &inv); err != nil {
		return "", err
	}
	if inv.Status == InvoiceFailed {
		return fmt.Sprintf("tax invoice %s of wallet %d failed to issue: %s", inv.Month, inv.WalletID, inv.FailureReason), nil
	}
	return fmt.Sprintf("tax invoice %s of wallet %d issued: supply %d, VAT %d, total %d KRW",
		inv.Month, inv.WalletID, inv.SupplyAmount, inv.VAT(), inv.Total()), nil
}

// issue issues (or re-issues) an invoice at tx's time and saves it: it fails
// when the wallet's business is closed.
func (s *Service) issue(tx *store.Tx, inv *TaxInvoice) error {
	w, err := GetWallet(tx, inv.WalletID)
	if err != nil {
		return err
	}
	c, err := GetCompany(tx, w.CompanyID)
	if err != nil {
		return err
	}
	if c.Closed {
		inv.Status, inv.FailureReason = InvoiceFailed, fmt.Sprintf("%s: %s (%s)", closedReason, c.Name, c.BusinessRegistrationNumber)
	} else {
		inv.Status, inv.FailureReason, inv.IssuedAt = InvoiceIssued, "", tx.Now()
	}
	return saveInvoice(tx, *inv)
}

// unissuedInvoice reports whether the wallet has a tax invoice not issued
// (W01); one that failed was never issued either.
func unissuedInvoice(tx *store.Tx, walletID uint64) (bool, error) {
	invs, err := invoicesOf(tx, walletID)
	return slices.ContainsFunc(invs, func(inv TaxInvoice) bool { return inv.Status != InvoiceIssued }), err
}

// businessWallet loads a business wallet the user is a member of: a personal
// wallet has no tax invoices (W06).
func businessWallet(tx *store.Tx, userID, walletID uint64) (Wallet, error) {
	w, err := asMember(tx, userID, walletID)
	if err == nil && w.Type != TypeBusiness {
		err = kakao.ErrNoTaxInvoicePersonal.With("월렛 %d은 개인 월렛입니다. 개인 월렛은 세금계산서가 발행되지 않습니다. (W06)", walletID)
	}
	return w, err
}

// TaxInvoices lists a business wallet's invoices, newest month first.
func (s *Service) TaxInvoices(userID, walletID uint64) ([]TaxInvoice, error) {
	var out []TaxInvoice
	err := s.db.View(func(tx *store.Tx) error {
		if _, err := businessWallet(tx, userID, walletID); err != nil {
			return err
		}
		invs, err := invoicesOf(tx, walletID)
		slices.Reverse(invs)
		out = invs
		return err
	})
	return out, err
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

// TaxInvoiceParams describe a tax invoice as a fixture states it.
type TaxInvoiceParams struct {
	Month         string        `json:"month" yaml:"month"` // YYYY-MM
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
			return kakao.ErrInvalidParam.With("taxInvoices[%d]: %s", i, detailOf(err))
		}
	}
	return nil
}

func (s *Service) putTaxInvoice(tx *store.Tx, w Wallet, p TaxInvoiceParams) error {
	m, err := parseMonth(p.Month)
	if err != nil {
		return err
	}
	if _, dup, _ := getInvoice(tx, w.ID, m); dup {
		return kakao.Invalid("month", "%s is listed twice", p.Month)
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
