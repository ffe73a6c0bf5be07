package wallet

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the wallet buckets hold, for the checks every door into the state
// passes (rule R10): snapshots and kakao-sandbox check.
func init() {
	store.RegisterShape(store.Entities(companiesBucket, func(c *Company) uint64 { return c.ID }, nil))
	store.RegisterShape(store.Entities(channelsBucket, func(c *Channel) uint64 { return c.ID }, func(c *Channel) error {
		return store.OneOf("type", c.Type, ChannelBusiness, ChannelGeneral)
	}))
	store.RegisterShape(store.Entities(walletsBucket, func(w *Wallet) uint64 { return w.ID }, func(w *Wallet) error {
		if err := store.OneOf("type", w.Type, TypeBusiness, TypePersonal); err != nil {
			return err
		}
		if w.StatusBeforeBan != "" {
			if err := store.OneOf("statusBeforeSuspension", w.StatusBeforeBan, StatusOn, StatusOff, StatusSuspended); err != nil {
				return err
			}
		}
		if w.PaidCash < 0 || w.FreeCash < 0 {
			return fmt.Errorf("a balance below 0")
		}
		return store.OneOf("status", w.Status, StatusOn, StatusOff, StatusSuspended)
	}))
	store.RegisterShape(store.Owned(grantsBucket, func(g *Grant) uint64 { return g.WalletID }, func(g *Grant) uint64 { return g.ID }, nil))
	store.RegisterShape(store.Values(ledgerBucket, 16, 8, func(key []byte, e *Entry) error {
		if e.Seq != store.ID(key[8:]) {
			return fmt.Errorf("the entry's seq is %d, its key's %d", e.Seq, store.ID(key[8:]))
		}
		return nil
	}))
	store.RegisterShape(store.Owned(chargesBucket, func(c *ChargeRecord) uint64 { return c.WalletID }, func(c *ChargeRecord) uint64 { return c.ID }, nil))
	store.RegisterShape(store.Owned(refundsBucket, func(r *Refund) uint64 { return r.WalletID }, func(r *Refund) uint64 { return r.ID }, func(r *Refund) error {
		return store.OneOf("status", r.Status, RefundPending, RefundCompleted, RefundFailed)
	}))
	store.RegisterShape(store.Owned(connectionsBucket, func(c *Connection) uint64 { return c.WalletID }, func(c *Connection) uint64 { return c.ID }, nil))
	store.RegisterShape(store.Values(connectedBucket, 9, -1, func(key []byte, conn *[]byte) error {
		if key[0] != 'a' && key[0] != 'c' || len(*conn) != 16 {
			return fmt.Errorf("a connection target is a or c and an id, and refers to wallet and connection ids")
		}
		return nil
	}))
	store.RegisterShape(store.Values(taxInvoicesBucket, 16, -1, func(key []byte, inv *TaxInvoice) error {
		if inv.WalletID != store.ID(key) {
			return fmt.Errorf("the invoice's wallet is %d, its key's %d", inv.WalletID, store.ID(key))
		}
		return store.OneOf("status", inv.Status, InvoiceUnissued, InvoiceIssued, InvoiceFailed)
	}))
}
