package cloud

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A fixture may give a group past invoices, so that a demo has something to
// read. Their amounts are worked out as the clock's are (InvoiceAmounts),
// and their calendar is scheduled as if the clock had issued them on their
// 1st: days already passed run at the clock's next step, so an ISSUED
// invoice of a card group is charged then, and an unpaid one goes overdue
// and accrues its late fees month by month up to the sandbox's time. The
// status is the invoice's state at its issue (ISSUED), or after: PAID at the
// sandbox's time, or OVERDUE since its due date.

// historyYears bounds how far back a fixture's invoices go: the calendar
// catches up on every month since (the sandbox's own bound).
const historyYears = 10

// InvoiceParams describe an invoice a group was issued before the fixture:
// a cloud.organizations[].billingGroups[].invoices entry.
type InvoiceParams struct {
	Month   string        `json:"month" yaml:"month"` // YYYY-MM, the month billed, or relative (kakao.ResolveMonth)
	Usage   int64         `json:"usage" yaml:"usage"`
	Credits int64         `json:"credits,omitempty" yaml:"credits"`
	Status  InvoiceStatus `json:"status" yaml:"status"` // ISSUED, PAID or OVERDUE
	// LateFees were carried to it from earlier overdue invoices (B01).
	LateFees []LateFeeParams `json:"lateFees,omitempty" yaml:"lateFees"`
}

// LateFeeParams state a late fee line: the overdue invoice's month and the fee.
type LateFeeParams struct {
	InvoiceMonth string `json:"invoiceMonth" yaml:"invoiceMonth"` // or relative, as Month
	Amount       int64  `json:"amount" yaml:"amount"`
}

// saveGroup stores a fixture's group, then the invoices it lists: each
// replaces that month's invoice and whatever the month had accrued; months
// it does not list keep theirs.
func (s *Service) saveGroup(tx *store.Tx, g *BillingGroup, invoices []InvoiceParams) error {
	if err := tx.Save(Groups, g); err != nil {
		return err
	}
	if err := s.resumeLateFees(tx, *g); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, p := range invoices {
		month, _, err := kakao.ResolveMonth(p.Month, tx.Now()) // rule D07
		switch {
		case err != nil:
			err = kakao.Invalid("month", "%v", err)
		case seen[month]:
			err = kakao.Invalid("month", "%s is listed twice", month)
		default:
			p.Month = month
			err = s.putInvoice(tx, *g, p)
		}
		if err != nil {
			return kakao.ErrInvalidParam.With("invoices[%d]: %s", i, kakao.Words(err))
		}
		seen[month] = true
	}
	return nil
}

func (s *Service) putInvoice(tx *store.Tx, g BillingGroup, p InvoiceParams) error {
	m, err := parseMonth(p.Month)
	if err != nil {
		return err
	}
	switch {
	case p.Usage < 0 || p.Usage > maxUsage:
		return kakao.Invalid("usage", "must be from 0 to %d won", maxUsage)
	case p.Credits < 0 || p.Credits > maxUsage:
		return kakao.Invalid("credits", "must be from 0 to %d won", maxUsage)
	}
	fees, feeSum, err := s.fixtureLateFees(m, p.LateFees, tx.Now())
	if err != nil {
		return err
	}
	now := tx.Now()
	inv := Invoice{GroupID: g.ID, Month: m.Format(monthLayout), Amounts: InvoiceAmounts(p.Usage, p.Credits, feeSum),
		LateFees: fees, Status: p.Status, IssuedAt: issueAt(m), DueAt: s.dueAt(m)}
	switch {
	case inv.IssuedAt.After(now):
		return kakao.Invalid("month", "%s invoices are issued on %s, after the sandbox's time", inv.Month, inv.IssuedAt.Format(time.DateOnly))
	case m.Before(monthOf(now).AddDate(-historyYears, 0, 0)):
		return kakao.Invalid("month", "%s is more than %d years before the sandbox's time", inv.Month, historyYears)
	}
	switch p.Status {
	case InvoiceIssued:
	case InvoiceOverdue:
		if inv.DueAt.After(now) {
			return kakao.Invalid("status", "%s is not due until %s", inv.Month, inv.DueAt.Format(time.DateOnly))
		}
	case InvoicePaid:
		if err := paidBefore(tx, g, &inv); err != nil {
			return err
		}
	default:
		return kakao.Invalid("status", "must be ISSUED, PAID or OVERDUE")
	}
	if err := clearMonth(tx, g.ID, m); err != nil {
		return err
	}
	if err := s.saveInvoice(tx, inv); err != nil {
		return err
	}
	ref := invoiceRef{GroupID: g.ID, Month: inv.Month}
	if inv.Status != InvoiceOverdue {
		return s.followUp(tx, inv)
	}
	// Overdue since its due date, whose late fee the fixture states on a
	// later invoice: the fees go on from the next monthly anniversary.
	if err := s.schedule(tx, s.taxInv, inv, taxInvoiceDay); err != nil {
		return err
	}
	return s.overdue.Schedule(tx, inv.DueAt.AddDate(0, 1, 0), ref)
}

// paidBefore makes a fixture's PAID invoice paid at the sandbox's time, by
// the group's payment method; a card's payment has its sales slip.
func paidBefore(tx *store.Tx, g BillingGroup, inv *Invoice) error {
	inv.PaidAt = tx.Now()
	if g.PaymentMethod == nil {
		return nil
	}
	inv.PaidBy = g.PaymentMethod.Type
	if g.PaymentMethod.Type != CreditCard || inv.Total == 0 {
		return nil
	}
	n, err := tx.NextID(approvalsSeq)
	if err != nil {
		return err
	}
	card := g.PaymentMethod.CardLast4
	inv.CardCharges = []CardCharge{{At: inv.PaidAt, CardLast4: card, Amount: inv.Total, Result: ChargeApproved}}
	inv.SalesSlip = &SalesSlip{ApprovalNumber: approvalNumber(n), CardLast4: card, Amount: inv.Total, ApprovedAt: inv.PaidAt}
	return nil
}

// fixtureLateFees are a fixture invoice's late fee lines, accrued on the due
// day of its month, as the clock would have.
func (s *Service) fixtureLateFees(month time.Time, ps []LateFeeParams, now time.Time) ([]LateFee, int64, error) {
	var fees []LateFee
	var sum int64
	for _, p := range ps {
		resolved, _, err := kakao.ResolveMonth(p.InvoiceMonth, now) // rule D07
		if err != nil {
			return nil, 0, kakao.Invalid("lateFees.invoiceMonth", "%v", err)
		}
		overdue, err := parseMonth(resolved)
		switch {
		case err != nil:
			return nil, 0, kakao.Invalid("lateFees.invoiceMonth", "%q is not a month like 2026-01", resolved)
		case !overdue.Before(month):
			return nil, 0, kakao.Invalid("lateFees.invoiceMonth", "%s is not before the invoice's month", resolved)
		case p.Amount <= 0 || p.Amount > maxUsage:
			return nil, 0, kakao.Invalid("lateFees.amount", "must be from 1 to %d won", maxUsage)
		}
		fees = append(fees, LateFee{ForMonth: overdue.Format(monthLayout), Amount: p.Amount, AccruedAt: dayOf(month, s.config.DueDay)})
		sum += p.Amount
	}
	return fees, sum, nil
}
