package wallet

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

const effectGrantExpiry = "wallet.freeCashExpiry"

// Service runs wallet operations, each in its own transaction.
type Service struct {
	db    *store.DB
	clock *clock.Clock
}

// NewService makes the wallet service and registers its clock effects.
func NewService(db *store.DB, c *clock.Clock) *Service {
	s := &Service{db: db, clock: c}
	c.Handle(effectGrantExpiry, func(tx *store.Tx, e clock.Effect) (string, error) {
		var walletID, grantID uint64
		if _, err := fmt.Sscanf(e.Ref, "%d/%d", &walletID, &grantID); err != nil {
			return "", err
		}
		return expireGrant(tx, walletID, grantID, e.Due)
	})
	return s
}

func grantExpiry(g Grant) clock.Effect {
	return clock.Effect{Kind: effectGrantExpiry, Due: g.ExpiresAt, Ref: grantRef(g.WalletID, g.ID)}
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
		g, err = s.grant(tx, &w, p, s.clock.Now())
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
