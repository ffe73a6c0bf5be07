package cloud

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the KakaoCloud buckets hold, for the checks every door into the
// state passes (rule R10): snapshots and kakao-sandbox check.
func init() {
	store.RegisterShape(store.Entities(orgsBucket, func(o *Organization) uint64 { return o.ID }, func(o *Organization) error {
		for _, m := range o.Members {
			if err := store.OneOf("role", m.Role, BillingAdmin, BillingManager, BillingViewer); err != nil {
				return err
			}
		}
		return store.OneOf("memberType", o.MemberType, MemberBusiness, MemberIndividual)
	}))
	store.RegisterShape(store.Entities(groupsBucket, func(g *BillingGroup) uint64 { return g.ID }, func(g *BillingGroup) error {
		if g.PaymentMethod != nil {
			return store.OneOf("paymentMethod.type", g.PaymentMethod.Type, CreditCard, DedicatedAccount)
		}
		return nil
	}))
	store.RegisterShape(store.Entities(projectsBucket, func(p *Project) uint64 { return p.ID }, nil))
	store.RegisterShape(store.Values[Usage](usageBucket, 24, -1, func(_ []byte, u *Usage) error {
		if u.Amount < 0 || u.Credits < 0 {
			return fmt.Errorf("usage below 0")
		}
		return nil
	}))
	store.RegisterShape(store.Values(invoicesBucket, 16, -1, func(key []byte, inv *Invoice) error {
		if inv.GroupID != store.ID(key) {
			return fmt.Errorf("the invoice's group is %d, its key's %d", inv.GroupID, store.ID(key))
		}
		return store.OneOf("status", inv.Status, InvoiceIssued, InvoicePaid, InvoicePaymentFailed, InvoiceOverdue)
	}))
	store.RegisterShape(store.Values[LateFee](lateFeesBucket, 24, -1, nil))
	store.RegisterShape(store.Values[lateFeeLedger](ledgersBucket, 8, -1, nil))
	store.RegisterShape(store.Sequence(approvalsSeq))
	store.RegisterShape(store.Sequence(dedicatedAccountsSeq))
}
