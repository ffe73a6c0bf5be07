package wallet

import (
	"fmt"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Monthly tax invoices (세금계산서) for business wallets' paid spend (rule
// W06): Kakao issues one early the next month ("익월 초", docs/kakao-api.md §6)
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

// VAT is the invoice's value-added tax (kakao.VAT: 10%, rounded down).
func (inv TaxInvoice) VAT() int64 { return kakao.VAT(inv.SupplyAmount) }

// Total is what the invoice bills.
func (inv TaxInvoice) Total() int64 { return inv.SupplyAmount + inv.VAT() }

// invoiceRef names a wallet's invoice for a month: its issue effect's payload.
type invoiceRef struct {
	WalletID uint64 `json:"w"`
	Month    string `json:"m"` // YYYY-MM
}

func (r invoiceRef) String() string { return fmt.Sprintf("%d/%s", r.WalletID, r.Month) }

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

// uninvoice takes corrected ad spend off a business wallet's tax invoice
// (docs/wallet.md, W06): off the invoice of the corrected day's month while
// it is unissued, else off the current month's, never below zero. A
// remainder is dropped: it was spent from free cash, which no invoice
// bills, or it was billed on an invoice already issued, which the sandbox
// does not reissue (Kakao's 수정발행 is a request a person makes: W10).
func (s *Service) uninvoice(tx *store.Tx, w Wallet, amount int64, day time.Time) error {
	if w.Type != TypeBusiness || amount <= 0 {
		return nil
	}
	for _, t := range []time.Time{day, tx.Now()} {
		t = t.In(kakao.KST)
		inv, ok, err := getInvoice(tx, w.ID, time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, kakao.KST))
		if err != nil {
			return err
		}
		if ok && inv.Status == InvoiceUnissued {
			inv.SupplyAmount -= min(amount, inv.SupplyAmount)
			return saveInvoice(tx, inv)
		}
	}
	return nil
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
