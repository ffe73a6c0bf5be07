package sandbox

import (
	"fmt"
	"os"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// CheckReport is the outcome of Check.
type CheckReport struct {
	Wallets    int
	Mismatches []wallet.Mismatch
}

// OK reports whether every balance equals its ledger.
func (r CheckReport) OK() bool { return len(r.Mismatches) == 0 }

// Check opens a data file that no sandbox is serving and verifies that every
// wallet's balance equals its ledger (rule W15). The file must exist: a
// check creates nothing. A damaged file is refused as at start (rule R07).
func Check(path string) (CheckReport, error) {
	if _, err := os.Stat(path); err != nil {
		return CheckReport{}, fmt.Errorf("no data file to check: %w", err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return CheckReport{}, err
	}
	defer db.Close()
	var r CheckReport
	err = db.View(func(tx *store.Tx) (err error) {
		r.Wallets, r.Mismatches, err = wallet.Verify(tx)
		return err
	})
	return r, err
}
