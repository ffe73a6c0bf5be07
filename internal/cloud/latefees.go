package cloud

import (
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Late fees in closed form (rule B01, rule R09). An unpaid invoice owes the
// same fee every month it stays overdue: LateFeeBasisPoints of its total,
// rounded down, which never changes once it is issued. So the fees a group
// owes in a month are a sum kept as its invoices change, not re-derived by
// walking every overdue invoice each month:
//
//   - on its due date an invoice's own cloud.overdue effect marks it
//     OVERDUE and charges its first fee, once; the invoice then joins its
//     group's ledger (LateFeesSince);
//   - on the same day of every later month the group's one
//     cloud.monthlyLateFees effect charges the ledger's sum, as one line,
//     for every invoice that joined before that day;
//   - a payment takes the invoice out of the ledger.
//
// Each group runs at most one cloud.monthlyLateFees effect a month however
// many invoices it leaves unpaid (none while it has a payment method and
// owes no fees; a fixture that takes the method away queues it again), and
// every amount is the one the invoices' own monthly effects used to charge
// one by one, but for two bounds: a line is at most maxLateFee, and fees
// landing on the same line add up (they used to overwrite each other).
//
// The line for the carried invoices is named by their months, "2025-11"
// for one and "2025-11~2026-01" for several, since one line per invoice
// would grow every invoice's size with the months unpaid.

// ledgersBucket holds each group's ledger: derived state, rebuilt from the
// invoices when missing or when the rate changed since it was summed.
const ledgersBucket = "cloud.lateFeeLedgers" // groupID → lateFeeLedger

// maxLateFee bounds one late fee line, as a fixture's (maxUsage): fees
// compound (an unpaid invoice's total holds the fees before it), so a
// century unpaid would otherwise overflow.
const maxLateFee = maxUsage

// lateFeeLedger sums a group's carried invoices: OVERDUE ones whose first
// fee is charged (LateFeesSince set).
type lateFeeLedger struct {
	BasisPoints int    `json:"bp"`   // the rate Fees were worked out at
	Count       int    `json:"n"`    // carried invoices
	Fees        int64  `json:"fees"` // the sum of their monthly fees
	First       string `json:"first,omitempty"`
	Last        string `json:"last,omitempty"` // the months of the first and last carried invoice
	// Invoices that joined at JoinedAt have had that day's fee already.
	JoinedAt    time.Time `json:"joinedAt,omitzero"`
	JoinedCount int       `json:"joinedN,omitempty"`
	JoinedFees  int64     `json:"joinedFees,omitempty"`
	// Next is when the group's cloud.monthlyLateFees effect is queued for;
	// zero when none is. One queued for another time is stale: it does
	// nothing.
	Next time.Time `json:"next,omitzero"`
}

// groupRef names a group's monthly late fee run.
type groupRef struct {
	GroupID uint64 `json:"g"`
}

func (r groupRef) String() string { return fmt.Sprintf("%d", r.GroupID) }

// carried says whether an invoice is in its group's ledger.
func carried(inv Invoice) bool { return inv.Status == InvoiceOverdue && !inv.LateFeesSince.IsZero() }

// monthlyFee is what a carried invoice owes each month.
func (s *Service) monthlyFee(inv Invoice) int64 { return min(s.lateFee(inv.Total), maxLateFee) }

// saveInvoice stores an invoice and keeps its group's ledger in step.
func (s *Service) saveInvoice(tx *store.Tx, inv Invoice) error {
	m, err := parseMonth(inv.Month)
	if err != nil {
		return err
	}
	old, had, err := getInvoice(tx, inv.GroupID, m)
	if err != nil {
		return err
	}
	was, is := had && carried(old), carried(inv)
	if !was && !is {
		return tx.Put(invoicesBucket, invoiceKey(inv.GroupID, m), inv)
	}
	l, err := s.ledger(tx, inv.GroupID)
	if err != nil {
		return err
	}
	if err := tx.Put(invoicesBucket, invoiceKey(inv.GroupID, m), inv); err != nil {
		return err
	}
	if was {
		// Rare (a late payment): the months may change, so sum again.
		if old.LateFeesSince.Equal(l.JoinedAt) {
			l.JoinedCount, l.JoinedFees = l.JoinedCount-1, l.JoinedFees-s.monthlyFee(old)
		}
		if err := s.resum(tx, inv.GroupID, &l); err != nil {
			return err
		}
	} else {
		l.add(inv.Month, s.monthlyFee(inv))
		if !inv.LateFeesSince.Equal(l.JoinedAt) {
			l.JoinedAt, l.JoinedCount, l.JoinedFees = inv.LateFeesSince, 0, 0
		}
		l.JoinedCount, l.JoinedFees = l.JoinedCount+1, l.JoinedFees+s.monthlyFee(inv)
		if l.Next.IsZero() {
			l.Next = inv.LateFeesSince.AddDate(0, 1, 0)
			if err := s.lateFees.Schedule(tx, l.Next, groupRef{GroupID: inv.GroupID}); err != nil {
				return err
			}
		}
	}
	return tx.Put(ledgersBucket, store.Key(inv.GroupID), l)
}

func (l *lateFeeLedger) add(month string, fee int64) {
	l.Count, l.Fees = l.Count+1, l.Fees+fee
	if l.First == "" || month < l.First {
		l.First = month
	}
	if month > l.Last {
		l.Last = month
	}
}

// ledger is a group's ledger, summed again from its invoices when it is
// missing or was summed at another rate.
func (s *Service) ledger(tx *store.Tx, groupID uint64) (lateFeeLedger, error) {
	var l lateFeeLedger
	ok, err := tx.Get(ledgersBucket, store.Key(groupID), &l)
	if err != nil || ok && l.BasisPoints == s.config.LateFeeBasisPoints {
		return l, err
	}
	if !ok {
		l = lateFeeLedger{}
	}
	return l, s.resum(tx, groupID, &l)
}

// resum sums a group's carried invoices again, keeping when the group's run
// is queued. A carried invoice with no run queued (a ledger lost with an
// older data file) gets one on the next due day.
func (s *Service) resum(tx *store.Tx, groupID uint64, l *lateFeeLedger) error {
	invs, err := invoicesOf(tx, groupID)
	if err != nil {
		return err
	}
	fresh := lateFeeLedger{BasisPoints: s.config.LateFeeBasisPoints, Next: l.Next,
		JoinedAt: l.JoinedAt, JoinedCount: max(l.JoinedCount, 0), JoinedFees: max(l.JoinedFees, 0)}
	for _, inv := range invs {
		if carried(inv) {
			fresh.add(inv.Month, s.monthlyFee(inv))
		}
	}
	if l.BasisPoints != fresh.BasisPoints {
		fresh.JoinedAt, fresh.JoinedCount, fresh.JoinedFees = time.Time{}, 0, 0
	}
	if fresh.Count > 0 && fresh.Next.IsZero() {
		fresh.Next = s.nextDueDay(tx.Now())
		if err := s.lateFees.Schedule(tx, fresh.Next, groupRef{GroupID: groupID}); err != nil {
			return err
		}
	}
	*l = fresh
	return nil
}

// nextDueDay is the first due day (00:00 KST) after now.
func (s *Service) nextDueDay(now time.Time) time.Time {
	next := dayOf(now, s.config.DueDay)
	if !next.After(now) {
		next = next.AddDate(0, 1, 0)
	}
	return next
}

// owesLateFees says whether a group is charged late fees: a sub-group
// without a payment method (B01).
func owesLateFees(g BillingGroup) bool { return !g.Main && g.PaymentMethod == nil }

// resumeLateFees queues the monthly run again for a group a fixture leaves
// owing late fees: the run stops while a group has a payment method (its
// invoices stay carried, owing nothing) and goes on from the next due day.
func (s *Service) resumeLateFees(tx *store.Tx, g BillingGroup) error {
	var l lateFeeLedger
	if ok, err := tx.Get(ledgersBucket, store.Key(g.ID), &l); err != nil || !ok || !owesLateFees(g) || l.Count == 0 || !l.Next.IsZero() {
		return err
	}
	l.Next = s.nextDueDay(tx.Now())
	if err := s.lateFees.Schedule(tx, l.Next, groupRef{GroupID: g.ID}); err != nil {
		return err
	}
	return tx.Put(ledgersBucket, store.Key(g.ID), l)
}

// chargeLateFees is a group's monthly run, on the due day: every invoice
// carried since before today owes its fee again, and a sub-group without a
// payment method is charged their sum on the invoice of this month (B01),
// as one line named by the months of the invoices it is for.
func (s *Service) chargeLateFees(tx *store.Tx, r groupRef) (string, error) {
	l, err := s.ledger(tx, r.GroupID)
	if err != nil {
		return "", err
	}
	now := tx.Now()
	if !l.Next.Equal(now) {
		return "", nil // superseded: the ledger's run is queued for another time
	}
	g, ok, err := groupIfAny(tx, r.GroupID)
	if err != nil {
		return "", err
	}
	owes := ok && owesLateFees(g)
	l.Next = time.Time{}
	if owes && l.Count > 0 {
		l.Next = now.AddDate(0, 1, 0)
		if err := s.lateFees.Schedule(tx, l.Next, r); err != nil {
			return "", err
		}
	}
	n, fees := l.Count, l.Fees
	if l.JoinedAt.Equal(now) {
		n, fees = n-l.JoinedCount, fees-l.JoinedFees
	}
	if err := tx.Put(ledgersBucket, store.Key(r.GroupID), l); err != nil {
		return "", err
	}
	if !owes || n <= 0 || fees <= 0 {
		return "", nil
	}
	fee := LateFee{ForMonth: l.First, Amount: min(fees, maxLateFee), AccruedAt: now}
	if n > 1 {
		fee.ForMonth = l.First + "~" + l.Last
	}
	on, err := s.chargeLateFee(tx, g.ID, fee, carriedLine)
	if err != nil {
		return "", err
	}
	if n == 1 {
		return fmt.Sprintf("invoice %s of billing group %d is still overdue; late fee %d KRW on the %s invoice", fee.ForMonth, g.ID, fee.Amount, on), nil
	}
	return fmt.Sprintf("%d invoices of billing group %d (%s) are still overdue; late fees %d KRW on the %s invoice", n, g.ID, fee.ForMonth, fee.Amount, on), nil
}
