package wallet

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// post is the only way money moves: it appends e to w's ledger and saves w
// with the new balances, in the caller's transaction.
func (s *Service) post(tx *store.Tx, w *Wallet, e Entry) error {
	seq, err := tx.NextID(ledgerBucket)
	if err != nil {
		return err
	}
	if s.config.Posted != nil {
		tx.OnCommit(func() { s.config.Posted(e.Kind) })
	}
	e.Seq = seq
	w.PaidCash += e.Paid
	w.FreeCash += e.Free
	if err := tx.PutDense(ledgerBucket, store.Keys(store.Key(w.ID), store.Key(seq)), e); err != nil {
		return err
	}
	return saveWallet(tx, w)
}

func saveWallet(tx *store.Tx, w *Wallet) error { return tx.Put(walletsBucket, store.Key(w.ID), w) }

// Entries lists a wallet's ledger in order.
func Entries(tx *store.Tx, walletID uint64) ([]Entry, error) {
	var out []Entry
	err := tx.Scan(ledgerBucket, store.Key(walletID), func(_, v []byte) (bool, error) {
		var e Entry
		if err := unmarshal(v, &e); err != nil {
			return false, err
		}
		out = append(out, e)
		return true, nil
	})
	return out, err
}

// Mismatch is a wallet whose stored balance differs from its ledger.
type Mismatch struct {
	WalletID             uint64
	PaidCash, LedgerPaid int64
	FreeCash, LedgerFree int64
	GrantsRemaining      int64
	NegativePaid         bool
}

func (m Mismatch) String() string {
	return fmt.Sprintf("wallet %d: paid %d vs ledger %d, free %d vs ledger %d vs grants %d",
		m.WalletID, m.PaidCash, m.LedgerPaid, m.FreeCash, m.LedgerFree, m.GrantsRemaining)
}

// Verify checks every wallet: balance equals ledger sum (W15), free balance
// equals what its grants have left, and paid cash is not negative unless the
// wallet is postpaid (R03).
func Verify(tx *store.Tx) (checked int, bad []Mismatch, err error) {
	err = tx.Scan(walletsBucket, nil, func(_, v []byte) (bool, error) {
		var w Wallet
		if err := unmarshal(v, &w); err != nil {
			return false, err
		}
		checked++
		m := Mismatch{WalletID: w.ID, PaidCash: w.PaidCash, FreeCash: w.FreeCash}
		entries, err := Entries(tx, w.ID)
		if err != nil {
			return false, err
		}
		for _, e := range entries {
			m.LedgerPaid += e.Paid
			m.LedgerFree += e.Free
		}
		grants, err := grantsOf(tx, w.ID)
		if err != nil {
			return false, err
		}
		for _, g := range grants {
			m.GrantsRemaining += g.Remaining
		}
		m.NegativePaid = w.PaidCash < 0 && !w.Postpaid
		if m.LedgerPaid != w.PaidCash || m.LedgerFree != w.FreeCash || m.GrantsRemaining != w.FreeCash || m.NegativePaid {
			bad = append(bad, m)
		}
		return true, nil
	})
	return checked, bad, err
}

func grantsOf(tx *store.Tx, walletID uint64) ([]Grant, error) {
	var out []Grant
	err := tx.Scan(grantsBucket, store.Key(walletID), func(_, v []byte) (bool, error) {
		var g Grant
		if err := unmarshal(v, &g); err != nil {
			return false, err
		}
		out = append(out, g)
		return true, nil
	})
	return out, err
}

func saveGrant(tx *store.Tx, g *Grant) error {
	return tx.Put(grantsBucket, store.Keys(store.Key(g.WalletID), store.Key(g.ID)), g)
}

// grantRef names a free-cash grant: the payload of its expiry effect.
type grantRef struct {
	WalletID uint64 `json:"w"`
	GrantID  uint64 `json:"g"`
}

func (r grantRef) String() string { return fmt.Sprintf("%d/%d", r.WalletID, r.GrantID) }

// expireGrant is the clock effect at a grant's expiry; tx's time is the expiry.
func (s *Service) expireGrant(tx *store.Tx, r grantRef) (string, error) {
	walletID := r.WalletID
	var g Grant
	ok, err := tx.Get(grantsBucket, store.Keys(store.Key(walletID), store.Key(r.GrantID)), &g)
	if err != nil || !ok || g.Remaining == 0 {
		return "", err
	}
	w, err := GetWallet(tx, walletID)
	if err != nil {
		return "", err
	}
	left := g.Remaining
	g.Remaining = 0
	if err := saveGrant(tx, &g); err != nil {
		return "", err
	}
	if err := s.post(tx, &w, Entry{At: tx.Now(), Kind: EntryFreeExpire, Free: -left, GrantID: g.ID}); err != nil {
		return "", err
	}
	return fmt.Sprintf("free cash grant %d of wallet %d expired with %d KRW unused", g.ID, walletID, left), nil
}
