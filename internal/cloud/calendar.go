package cloud

import (
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The monthly calendar (rule B01, B03, B09), all in KST: on the 1st each
// group's invoice for the previous month is issued; on the 10th a card pays
// it; on the 15th a dedicated account's tax invoice is issued; at the due
// date an unpaid invoice is overdue, and a sub-group without a payment
// method is charged a late fee then and every month after while it stays
// unpaid (one run per group a month: latefees.go). Each effect reads the
// group as it is on its day: a card registered after the 1st is still
// charged on the 10th.

// invoiceRef names a group's invoice for a month.
type invoiceRef struct {
	GroupID uint64 `json:"g"`
	Month   string `json:"m"`
}

func (r invoiceRef) String() string { return fmt.Sprintf("%d/%s", r.GroupID, r.Month) }

// approvalsSeq numbers card approvals.
const approvalsSeq = "cloud.cardApprovals"

// approvalNumber is the n-th card approval's number (the sandbox's own).
func approvalNumber(n uint64) string { return fmt.Sprintf("%08d", n) }

// issueInvoice is the 1st: the month's usage and carried late fees become
// the group's invoice (B09).
func (s *Service) issueInvoice(tx *store.Tx, r invoiceRef) (string, error) {
	month, err := parseMonth(r.Month)
	if err != nil {
		return "", err
	}
	if _, issued, err := getInvoice(tx, r.GroupID, month); err != nil || issued {
		return "", err // a fixture stated it meanwhile
	}
	if _, ok, err := groupIfAny(tx, r.GroupID); err != nil || !ok {
		return "", err
	}
	mu, err := monthUsage(tx, r.GroupID, month)
	if err != nil {
		return "", err
	}
	fees, feeSum, err := lateFeesOf(tx, r.GroupID, month)
	if err != nil {
		return "", err
	}
	inv := Invoice{GroupID: r.GroupID, Month: r.Month, Amounts: InvoiceAmounts(mu.Usage, mu.Credits, feeSum),
		LateFees: fees, Projects: mu.Projects, Status: InvoiceIssued, IssuedAt: tx.Now(), DueAt: s.dueAt(month)}
	if inv.Total == 0 { // credits paid for everything: nothing to pay
		inv.Status, inv.PaidAt = InvoicePaid, inv.IssuedAt
	}
	if err := clearMonth(tx, r.GroupID, month); err != nil {
		return "", err
	}
	if err := s.saveInvoice(tx, inv); err != nil {
		return "", err
	}
	if err := s.followUp(tx, inv); err != nil {
		return "", err
	}
	return fmt.Sprintf("invoice %s of billing group %d issued: usage %d, credits %d, supply %d, VAT %d, late fees %d, total %d KRW, due %s",
		inv.Month, inv.GroupID, inv.Usage, inv.Credits, inv.Supply, inv.VAT, inv.LateFee, inv.Total, inv.DueAt.Format(time.DateOnly)), nil
}

// followUp schedules an issued invoice's days: the card charge on the 10th,
// the tax invoice on the 15th, the due date; a paid one's tax invoice.
func (s *Service) followUp(tx *store.Tx, inv Invoice) error {
	if inv.Status == InvoicePaid {
		return s.schedule(tx, s.taxInv, inv, taxInvoiceDay)
	}
	if err := s.schedule(tx, s.charge, inv, cardChargeDay); err != nil {
		return err
	}
	if err := s.schedule(tx, s.taxInv, inv, taxInvoiceDay); err != nil {
		return err
	}
	return s.overdue.Schedule(tx, inv.DueAt, invoiceRef{GroupID: inv.GroupID, Month: inv.Month})
}

func (s *Service) schedule(tx *store.Tx, k clock.Kind[invoiceRef], inv Invoice, day int) error {
	return k.Schedule(tx, dayOf(inv.IssuedAt, day), invoiceRef{GroupID: inv.GroupID, Month: inv.Month})
}

// chargeCard is the 10th: the group's card as it is that day pays the
// invoice, or declines (B03). An invoice is paid at most once; a group
// without a card that day is not charged.
func (s *Service) chargeCard(tx *store.Tx, r invoiceRef) (string, error) {
	inv, g, ok, err := s.invoiceAndGroup(tx, r)
	if err != nil || !ok || inv.Status == InvoicePaid || g.PaymentMethod == nil || g.PaymentMethod.Type != CreditCard {
		return "", err
	}
	card := g.PaymentMethod
	attempt := CardCharge{At: tx.Now(), CardLast4: card.CardLast4, Amount: inv.Total, Result: ChargeApproved}
	if card.Declines {
		attempt.Result = ChargeDeclined
		inv.CardCharges = append(inv.CardCharges, attempt)
		if inv.Status == InvoiceIssued { // an earlier due date has made it overdue already
			inv.Status = InvoicePaymentFailed
		}
		return fmt.Sprintf("card ending %s of billing group %d declined %d KRW for invoice %s", card.CardLast4, g.ID, inv.Total, inv.Month),
			s.saveInvoice(tx, inv)
	}
	n, err := tx.NextID(approvalsSeq)
	if err != nil {
		return "", err
	}
	inv.CardCharges = append(inv.CardCharges, attempt)
	inv.Status, inv.PaidAt, inv.PaidBy = InvoicePaid, tx.Now(), CreditCard
	inv.SalesSlip = &SalesSlip{ApprovalNumber: approvalNumber(n), CardLast4: card.CardLast4, Amount: inv.Total, ApprovedAt: tx.Now()}
	return fmt.Sprintf("invoice %s of billing group %d paid by card ending %s: %d KRW, approval %s",
		inv.Month, g.ID, card.CardLast4, inv.Total, inv.SalesSlip.ApprovalNumber), s.saveInvoice(tx, inv)
}

// issueTaxInvoice is the 15th: Kakao Enterprise issues the tax invoice of a
// dedicated account's invoice (B03), paid yet or not.
func (s *Service) issueTaxInvoice(tx *store.Tx, r invoiceRef) (string, error) {
	inv, g, ok, err := s.invoiceAndGroup(tx, r)
	if err != nil || !ok || inv.TaxInvoice != nil || inv.Supply == 0 || g.PaymentMethod == nil || g.PaymentMethod.Type != DedicatedAccount {
		return "", err
	}
	inv.TaxInvoice = &TaxInvoice{IssuedAt: tx.Now(), SupplyAmount: inv.Supply, VAT: inv.VAT}
	return fmt.Sprintf("tax invoice for invoice %s of billing group %d issued: supply %d, VAT %d KRW", inv.Month, g.ID, inv.Supply, inv.VAT),
		s.saveInvoice(tx, inv)
}

// markOverdue is the due date: an unpaid invoice is overdue, and a
// sub-group without a payment method owes a late fee of LateFeeBasisPoints
// of the unpaid total, rounded down, on the invoice of the month it accrues
// in (B01). It runs once per invoice: the invoice then joins its group's
// ledger, whose monthly run (chargeLateFees) charges the same fee every
// month after while it stays unpaid. A main group's missing payment method
// restricts the organisation instead, and a group with one (a declined
// card, a deposit not made) is not charged late fees: B01 names sub-groups
// without one. A fixture's OVERDUE invoice, whose first fee the fixture
// states, comes here a month after its due date.
func (s *Service) markOverdue(tx *store.Tx, r invoiceRef) (string, error) {
	inv, g, ok, err := s.invoiceAndGroup(tx, r)
	if err != nil || !ok || inv.Status == InvoicePaid || !inv.LateFeesSince.IsZero() {
		return "", err
	}
	desc := ""
	if inv.Status != InvoiceOverdue {
		inv.Status = InvoiceOverdue
		desc = fmt.Sprintf("invoice %s of billing group %d is overdue: %d KRW unpaid", inv.Month, g.ID, inv.Total)
	}
	inv.LateFeesSince = tx.Now()
	if err := s.saveInvoice(tx, inv); err != nil {
		return "", err
	}
	if fee := s.monthlyFee(inv); owesLateFees(g) && fee > 0 {
		on, err := s.chargeLateFee(tx, g.ID, LateFee{ForMonth: inv.Month, Amount: fee, AccruedAt: tx.Now()}, nil)
		if err != nil {
			return "", err
		}
		if desc == "" {
			desc = fmt.Sprintf("invoice %s of billing group %d is still overdue", inv.Month, g.ID)
		}
		desc += fmt.Sprintf("; late fee %d KRW on the %s invoice", fee, on)
		if n, err := s.catchUp(tx, inv, fee); err != nil {
			return "", err
		} else if n > 0 {
			desc += fmt.Sprintf(", and %d KRW for each of the %d months before the group's next run", fee, n)
		}
	}
	return desc, nil
}

// catchUp charges the fees an invoice owes for the months between its
// first fee and its group's next run, when that run was queued more than a
// month after (a fixture's OVERDUE invoice whose due date lies years back,
// in a group whose run was queued already): as many as there are months,
// at most historyYears of them, each on the invoice of its month.
func (s *Service) catchUp(tx *store.Tx, inv Invoice, fee int64) (int, error) {
	var l lateFeeLedger
	if _, err := tx.Get(ledgersBucket, store.Key(inv.GroupID), &l); err != nil {
		return 0, err
	}
	n := 0
	for at := inv.LateFeesSince.AddDate(0, 1, 0); at.Before(l.Next) && n < historyYears*12; at = at.AddDate(0, 1, 0) {
		if _, err := s.chargeLateFee(tx, inv.GroupID, LateFee{ForMonth: inv.Month, Amount: fee, AccruedAt: at}, nil); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// lateFee is the fee on an unpaid total, rounded down, without overflowing.
func (s *Service) lateFee(total int64) int64 {
	bp := int64(s.config.LateFeeBasisPoints)
	return total/10000*bp + total%10000*bp/10000
}

// chargeLateFee carries a fee to the first month not invoiced yet from the
// one it accrues in (only a fixture can have invoiced that one already).
func (s *Service) chargeLateFee(tx *store.Tx, groupID uint64, fee LateFee, line []byte) (string, error) {
	m := monthOf(fee.AccruedAt)
	for {
		_, issued, err := getInvoice(tx, groupID, m)
		if err != nil {
			return "", err
		}
		if !issued {
			return m.Format(monthLayout), s.addLateFee(tx, groupID, m, fee, line)
		}
		m = m.AddDate(0, 1, 0)
	}
}

// invoiceAndGroup loads what an effect works on; ok is false when either is
// gone (a fixture or a deleted group).
func (s *Service) invoiceAndGroup(tx *store.Tx, r invoiceRef) (Invoice, BillingGroup, bool, error) {
	month, err := parseMonth(r.Month)
	if err != nil {
		return Invoice{}, BillingGroup{}, false, err
	}
	inv, ok, err := getInvoice(tx, r.GroupID, month)
	if err != nil || !ok {
		return inv, BillingGroup{}, false, err
	}
	g, ok, err := groupIfAny(tx, r.GroupID)
	return inv, g, ok, err
}

func groupIfAny(tx *store.Tx, id uint64) (BillingGroup, bool, error) {
	var g BillingGroup
	ok, err := tx.Get(groupsBucket, store.Key(id), &g)
	return g, ok, err
}
