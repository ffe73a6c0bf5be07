package wallet

import (
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// Service runs wallet operations, each in its own transaction.
type Service struct {
	db          *store.DB
	users       Users
	grantExpiry clock.Kind[grantRef]
}

// NewService makes the wallet service and registers its clock effects; users
// finds the users that wallets and channels name.
func NewService(db *store.DB, c *clock.Clock, users Users) *Service {
	return &Service{
		db:          db,
		users:       users,
		grantExpiry: clock.Register(c, "wallet.freeCashExpiry", grantRef.String, expireGrant),
	}
}

// Sanction suspends a wallet (정지) or lifts the suspension, restoring the
// status it had before (RULES W02). Kakao applies sanctions; here the control
// plane does.
func (s *Service) Sanction(id uint64, suspend bool) (Wallet, error) {
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		w, err = GetWallet(tx, id)
		if err != nil {
			return err
		}
		switch {
		case suspend && w.Status != StatusSuspended:
			w.StatusBeforeBan, w.Status = w.Status, StatusSuspended
		case !suspend && w.Status == StatusSuspended:
			w.Status, w.StatusBeforeBan = w.StatusBeforeBan, ""
			if w.Status == "" {
				w.Status = StatusOn
			}
		}
		return saveWallet(tx, &w)
	})
	return w, err
}

// GrantFreeCash gives free cash to a wallet.
func (s *Service) GrantFreeCash(id uint64, p GrantParams) (Grant, Wallet, error) {
	var g Grant
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		w, err = GetWallet(tx, id)
		if err != nil {
			return err
		}
		g, err = s.grant(tx, &w, p)
		return err
	})
	return g, w, err
}

// Verify checks the whole ledger (see the package-level Verify).
func (s *Service) Verify() (int, []Mismatch, error) {
	var n int
	var bad []Mismatch
	err := s.db.View(func(tx *store.Tx) (err error) {
		n, bad, err = Verify(tx)
		return err
	})
	return n, bad, err
}
