package wallet

import (
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Grants lists a wallet's free-cash grants, oldest first, for its members.
func (s *Service) Grants(userID, walletID uint64) ([]Grant, error) {
	var out []Grant
	err := s.db.View(func(tx *store.Tx) error {
		if _, err := asMember(tx, userID, walletID); err != nil {
			return err
		}
		var err error
		out, err = grantsOf(tx, walletID)
		return err
	})
	return out, err
}

// ActivateGrant starts using a grant (사용하기): from then on spend takes it
// before paid cash, and it cannot be stopped (W13). An expired or spent grant
// cannot be activated.
func (s *Service) ActivateGrant(userID, walletID, grantID uint64) (Grant, error) {
	var g Grant
	err := s.db.Update(func(tx *store.Tx) error {
		if _, err := asMember(tx, userID, walletID); err != nil {
			return err
		}
		ok, err := tx.Get(grantsBucket, store.Keys(store.Key(walletID), store.Key(grantID)), &g)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("wallet %d has no free cash grant %d", walletID, grantID)
		}
		switch {
		case g.Activated:
			return kakao.ErrGrantNotActivatable.With("무상캐시 %d은 이미 사용 중입니다. (W13)", grantID)
		case g.Remaining == 0 || !tx.Now().Before(g.ExpiresAt):
			return kakao.ErrGrantNotActivatable.With("무상캐시 %d은 만료되었거나 회수되었습니다. (W13)", grantID)
		}
		g.Activated = true
		return saveGrant(tx, &g)
	})
	return g, err
}

// LedgerPage is a page of a wallet's ledger, newest first.
type LedgerPage struct {
	Entries    []Entry
	Page, Size int
	Total      int
	Wallet     Wallet
}

// Ledger reads a page of a wallet's ledger, newest first, for its members.
func (s *Service) Ledger(userID, walletID uint64, page, size int) (LedgerPage, error) {
	out := LedgerPage{Page: page, Size: size}
	err := s.db.View(func(tx *store.Tx) (err error) {
		if out.Wallet, err = asMember(tx, userID, walletID); err != nil {
			return err
		}
		all, err := Entries(tx, walletID)
		if err != nil {
			return err
		}
		slices.Reverse(all)
		out.Total = len(all)
		from := min(page*size, len(all))
		out.Entries = all[from:min(from+size, len(all))]
		return nil
	})
	return out, err
}
