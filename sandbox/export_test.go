package sandbox

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// InjectWriteFault makes every write of s fail with err (nil: none), as if
// the disk had answered it, so tests see what a full disk does without
// filling one.
func InjectWriteFault(s *Sandbox, err error) { s.db.InjectWriteFault(err) }

// LastBulkOf is where s's last bulk write (its fixture load) spent its time.
func LastBulkOf(s *Sandbox) store.BulkTimes { return s.db.LastBulk() }

// AdsOf is the ads service, for the ads rule tests until the HTTP surface
// for campaigns, ad groups and creatives exists (issue 21).
func AdsOf(s *Sandbox) *ads.Service { return s.domain.ads }

// LedgerOf reads a wallet's ledger entries, oldest first.
func LedgerOf(s *Sandbox, walletID uint64) ([]wallet.Entry, error) {
	var out []wallet.Entry
	err := s.db.View(func(tx *store.Tx) (err error) {
		out, err = wallet.Entries(tx, walletID)
		return err
	})
	return out, err
}

// SpendableOf is what a wallet could spend now.
func SpendableOf(s *Sandbox, walletID uint64) (int64, error) {
	var n int64
	err := s.db.View(func(tx *store.Tx) error {
		f, err := wallet.ReadFunds(tx, walletID)
		n = f.Spendable
		return err
	})
	return n, err
}
