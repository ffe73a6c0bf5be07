package cloud

import (
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Invoices (rule B09): one per billing group per month, issued on the 1st
// for the previous month. Once issued its amounts never change: late fees
// go on a later month's invoice, payments only add when and how it was paid.

// InvoiceStatus is where an invoice stands.
type InvoiceStatus string

const (
	InvoiceIssued        InvoiceStatus = "ISSUED"
	InvoicePaid          InvoiceStatus = "PAID"
	InvoicePaymentFailed InvoiceStatus = "PAYMENT_FAILED" // the card was declined on the 10th
	InvoiceOverdue       InvoiceStatus = "OVERDUE"        // unpaid at the due date
)

// Amounts are what an invoice bills, in whole won.
type Amounts struct {
	Usage   int64 `json:"usage"`   // the month's usage, before credits
	Credits int64 `json:"credits"` // credits used, at most the usage
	Supply  int64 `json:"supply"`  // usage − credits
	VAT     int64 `json:"vat"`
	LateFee int64 `json:"lateFee"` // late fees carried from overdue invoices (B01)
	Total   int64 `json:"total"`   // what is due: supply + VAT + late fees
}

// InvoiceAmounts works out an invoice: VAT is kakao.VAT of (usage − credits
// used) (B09: 10%, rounded down to the won); credits beyond the usage are
// not used. The clock and fixtures both bill with it.
func InvoiceAmounts(usage, credits, lateFee int64) Amounts {
	credits = min(credits, usage)
	supply := usage - credits
	vat := kakao.VAT(supply)
	return Amounts{Usage: usage, Credits: credits, Supply: supply, VAT: vat, LateFee: lateFee, Total: supply + vat + lateFee}
}

// Invoice is a billing group's invoice for a month.
type Invoice struct {
	GroupID uint64 `json:"groupId"`
	Month   string `json:"month"` // YYYY-MM, KST: the month billed
	Amounts
	LateFees []LateFee     `json:"lateFees,omitempty"` // the late fee line, by the overdue invoice it is for
	Projects []UsageLine   `json:"projects,omitempty"` // the usage by project
	Status   InvoiceStatus `json:"status"`
	IssuedAt time.Time     `json:"issuedAt"`
	DueAt    time.Time     `json:"dueAt"`
	PaidAt   time.Time     `json:"paidAt,omitzero"`
	PaidBy   MethodType    `json:"paidBy,omitempty"`
	// CardCharges are the 10th's attempts (B03); SalesSlip is the approved one's.
	CardCharges []CardCharge `json:"cardCharges,omitempty"`
	SalesSlip   *SalesSlip   `json:"salesSlip,omitempty"`
	TaxInvoice  *TaxInvoice  `json:"taxInvoice,omitempty"`
	// LateFeesSince is when an overdue invoice's first late fee ran: from
	// then on its group's monthly run carries its fees (latefees.go).
	LateFeesSince time.Time `json:"lateFeesSince,omitzero"`
}

// UsageLine is one project's usage in a month.
type UsageLine struct {
	ProjectID uint64 `json:"projectId"`
	Amount    int64  `json:"amount"`
	Credits   int64  `json:"credits"`
}

// LateFee is a late fee charged for an overdue invoice (B01).
type LateFee struct {
	ForMonth  string    `json:"forMonth"` // the overdue invoice's month
	Amount    int64     `json:"amount"`
	AccruedAt time.Time `json:"accruedAt"`
}

// ChargeResult is how a card charge ended.
type ChargeResult string

const (
	ChargeApproved ChargeResult = "APPROVED"
	ChargeDeclined ChargeResult = "DECLINED"
)

// CardCharge is one attempt to charge the group's card.
type CardCharge struct {
	At        time.Time    `json:"at"`
	CardLast4 string       `json:"cardLast4"`
	Amount    int64        `json:"amount"`
	Result    ChargeResult `json:"result"`
}

// SalesSlip is the card sales slip (매출전표) of the approved charge (B03).
type SalesSlip struct {
	ApprovalNumber string    `json:"approvalNumber"`
	CardLast4      string    `json:"cardLast4"`
	Amount         int64     `json:"amount"`
	ApprovedAt     time.Time `json:"approvedAt"`
}

// TaxInvoice is the tax invoice Kakao Enterprise issues on the 15th for a
// dedicated account's invoice (B03).
type TaxInvoice struct {
	IssuedAt     time.Time `json:"issuedAt"`
	SupplyAmount int64     `json:"supplyAmount"`
	VAT          int64     `json:"vat"`
}

// monthLayout is a month as the API names it.
const monthLayout = "2006-01"

// parseMonth reads a YYYY-MM month as its first instant, KST.
func parseMonth(month string) (time.Time, error) {
	m, err := time.ParseInLocation(monthLayout, month, kakao.KST)
	if err != nil {
		return m, kakao.Invalid("month", "%q is not a month like 2026-01", month)
	}
	return m, nil
}

// monthOf is the month an instant falls in, KST.
func monthOf(t time.Time) time.Time {
	t = t.In(kakao.KST)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, kakao.KST)
}

// monthKey orders a group's months: YYYYMM.
func monthKey(month time.Time) []byte {
	return store.Key(uint64(month.Year()*100 + int(month.Month())))
}

func invoiceKey(groupID uint64, month time.Time) []byte {
	return store.Keys(store.Key(groupID), monthKey(month))
}

// issueAt is when a month's invoice is issued: the 1st of the next month,
// 00:00 KST (B09).
func issueAt(month time.Time) time.Time { return month.AddDate(0, 1, 0) }

// dayOf is day d of the month an invoice is issued in, 00:00 KST.
func dayOf(issued time.Time, d int) time.Time {
	issued = issued.In(kakao.KST)
	return time.Date(issued.Year(), issued.Month(), d, 0, 0, 0, 0, kakao.KST)
}

// Calendar days of the issue month (B03).
const (
	cardChargeDay = 10
	taxInvoiceDay = 15
)

// dueAt is when an invoice must be paid by: 00:00 KST on DueDay of the
// issue month, so a payment must come before that day (B03's "before the
// due date"); Kakao publishes no day (the sandbox's guess, --cloud-due-day).
func (s *Service) dueAt(month time.Time) time.Time { return dayOf(issueAt(month), s.config.DueDay) }

func getInvoice(tx *store.Tx, groupID uint64, month time.Time) (Invoice, bool, error) {
	var inv Invoice
	ok, err := tx.Get(invoicesBucket, invoiceKey(groupID, month), &inv)
	return inv, ok, err
}

// invoicesOf lists a group's invoices, newest month first.
func invoicesOf(tx *store.Tx, groupID uint64) ([]Invoice, error) {
	var out []Invoice
	err := tx.Scan(invoicesBucket, store.Key(groupID), func(_, v []byte) (bool, error) {
		var inv Invoice
		err := unmarshal(v, &inv)
		out = append(out, inv)
		return err == nil, err
	})
	slices.Reverse(out)
	return out, err
}

// Invoices lists a group's invoices, newest month first: Billing Admins and
// Managers of the group only (B02).
func (s *Service) Invoices(userID, groupID uint64) ([]Invoice, error) {
	var out []Invoice
	err := s.db.View(func(tx *store.Tx) (err error) {
		if err := invoiceReader(tx, userID, groupID); err != nil {
			return err
		}
		out, err = invoicesOf(tx, groupID)
		return err
	})
	return out, err
}

// Invoice is a group's invoice for a month (B02 as for Invoices).
func (s *Service) Invoice(userID, groupID uint64, month string) (Invoice, error) {
	var inv Invoice
	err := s.db.View(func(tx *store.Tx) error {
		if err := invoiceReader(tx, userID, groupID); err != nil {
			return err
		}
		m, err := parseMonth(month)
		if err != nil {
			return err
		}
		var ok bool
		if inv, ok, err = getInvoice(tx, groupID, m); err == nil && !ok {
			err = kakao.ErrNotFound.With("billing group %d has no invoice for %s", groupID, month)
		}
		return err
	})
	return inv, err
}

func invoiceReader(tx *store.Tx, userID, groupID uint64) error {
	_, _, role, err := groupFor(tx, userID, groupID)
	if err != nil {
		return err
	}
	return requireInvoiceReader(role)
}
