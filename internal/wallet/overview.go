package wallet

import (
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Reads for the control plane and its dashboard: any wallet, with no member
// to authorize.

// LedgerOf is a wallet and its newest limit ledger entries, newest first,
// with how many there are.
func (s *Service) LedgerOf(walletID uint64, limit int) (Wallet, []Entry, int, error) {
	var w Wallet
	var all []Entry
	err := s.db.View(func(tx *store.Tx) (err error) {
		if w, err = GetWallet(tx, walletID); err != nil {
			return err
		}
		all, err = Entries(tx, walletID)
		return err
	})
	slices.Reverse(all)
	return w, all[:min(limit, len(all))], len(all), err
}

// ConsoleRow is a wallet as the wallet console shows it: with its refunds
// and tax invoices, newest first.
type ConsoleRow struct {
	Wallet      Wallet
	Refunds     []Refund
	TaxInvoices []TaxInvoice
}

// ConsoleState lists the first limit wallets by id, and how many there are.
func (s *Service) ConsoleState(limit int) ([]ConsoleRow, int, error) {
	var out []ConsoleRow
	total := 0
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(walletsBucket, nil, func(_, v []byte) (bool, error) {
			total++
			if len(out) >= limit {
				return true, nil
			}
			var row ConsoleRow
			if err := unmarshal(v, &row.Wallet); err != nil {
				return false, err
			}
			if err := scanRefunds(tx, row.Wallet.ID, func(r Refund) bool {
				row.Refunds = append(row.Refunds, r)
				return true
			}); err != nil {
				return false, err
			}
			invs, err := invoicesOf(tx, row.Wallet.ID)
			if err != nil {
				return false, err
			}
			slices.Reverse(row.Refunds)
			slices.Reverse(invs)
			row.TaxInvoices = invs
			out = append(out, row)
			return true, nil
		})
	})
	return out, total, err
}
