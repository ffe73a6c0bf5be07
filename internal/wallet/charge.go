package wallet

import (
	"fmt"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Every paid-cash charge, by card or by bank transfer, is kept as a record:
// refunds return the latest charges first (rule W14) and say which.

const chargesBucket = "wallet.charges" // walletID + chargeID

// ChargeRecord is one charge of paid cash (충전 내역).
type ChargeRecord struct {
	ID       uint64       `json:"id"`
	WalletID uint64       `json:"walletId"`
	Method   ChargeMethod `json:"method"`
	Amount   int64        `json:"amount"`
	Refunded int64        `json:"refunded"` // how much of it refunds have returned
	// CardLast4 is all that is kept of a card number (rule B10).
	CardLast4 string `json:"cardLast4,omitempty"`
	// VirtualAccount is the account a bank transfer came through.
	VirtualAccount string    `json:"virtualAccount,omitempty"`
	ChargedAt      time.Time `json:"chargedAt"`
}

// Refundable is what refunds may still return of the charge.
func (c ChargeRecord) Refundable() int64 { return c.Amount - c.Refunded }

// Charge adds paid cash to a wallet. ref is the virtual account number of a
// bank transfer, or the last four digits of a card.
func (s *Service) Charge(tx *store.Tx, walletID uint64, amount int64, method ChargeMethod, ref string) (Wallet, error) {
	w, _, err := s.charge(tx, walletID, amount, method, ref)
	return w, err
}

// charge checks and makes a charge (rule W02, W09, W12, W14).
func (s *Service) charge(tx *store.Tx, walletID uint64, amount int64, method ChargeMethod, ref string) (Wallet, ChargeRecord, error) {
	w, err := GetWallet(tx, walletID)
	if err != nil {
		return w, ChargeRecord{}, err
	}
	if err := CheckCharge(w, amount, method); err != nil {
		return w, ChargeRecord{}, err
	}
	c, err := s.recordCharge(tx, &w, amount, method, ref)
	return w, c, err
}

// recordCharge records a charge and posts it to the ledger, in the caller's
// transaction; the rules are the caller's to check.
func (s *Service) recordCharge(tx *store.Tx, w *Wallet, amount int64, method ChargeMethod, ref string) (ChargeRecord, error) {
	id, err := tx.NextID(chargesBucket)
	if err != nil {
		return ChargeRecord{}, err
	}
	c := ChargeRecord{ID: id, WalletID: w.ID, Method: method, Amount: amount, ChargedAt: tx.Now()}
	if method == CreditCard {
		c.CardLast4 = ref
	} else {
		c.VirtualAccount = ref
	}
	if err := saveCharge(tx, &c); err != nil {
		return c, err
	}
	return c, s.post(tx, w, Entry{At: c.ChargedAt, Kind: EntryCharge, Paid: amount, Ref: string(method) + ":" + ref})
}

// ChargeParams state a past card charge: a fixture's charges entry.
type ChargeParams struct {
	Amount     int64  `json:"amount" yaml:"amount"`
	CardNumber string `json:"cardNumber" yaml:"cardNumber"` // a test card that charges (B10)
}

// putCharges records a fixture's past card charges on top of its opening
// balance. They happened, so the wallet's status does not refuse them; the
// amount and the card must still be ones a charge could have had.
func (s *Service) putCharges(tx *store.Tx, w *Wallet, charges []ChargeParams) error {
	for i, p := range charges {
		if p.Amount < MinCharge {
			return kakao.Invalid(fmt.Sprintf("charges[%d].amount", i), "a charge is at least %d KRW (W14)", MinCharge)
		}
		card, err := kakao.ChargeCard(p.CardNumber)
		if err != nil {
			return kakao.Invalid(fmt.Sprintf("charges[%d].cardNumber", i), "%s", kakao.Words(err))
		}
		if _, err := s.recordCharge(tx, w, p.Amount, CreditCard, card.Last4()); err != nil {
			return err
		}
	}
	return nil
}

// ChargeCard charges a wallet's paid cash by credit card (rule W02, W08,
// W12, W14): any member may, once verified. Only test cards are accepted and
// a refused or declined card leaves nothing behind, not even in the ledger
// (B10).
func (s *Service) ChargeCard(userID, walletID uint64, amount int64, cardNumber string) (ChargeRecord, Wallet, error) {
	var c ChargeRecord
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		if w, err = asMember(tx, userID, walletID); err != nil {
			return err
		}
		if err := s.verified(tx, userID, "충전"); err != nil {
			return err
		}
		if err := CheckCharge(w, amount, CreditCard); err != nil {
			return err
		}
		card, err := kakao.ChargeCard(cardNumber)
		if err != nil {
			return err
		}
		w, c, err = s.charge(tx, walletID, amount, CreditCard, card.Last4())
		return err
	})
	return c, w, err
}

// Charges lists a wallet's charges, newest first, for its members.
func (s *Service) Charges(userID, walletID uint64) ([]ChargeRecord, error) {
	var out []ChargeRecord
	err := s.db.View(func(tx *store.Tx) (err error) {
		if _, err = asMember(tx, userID, walletID); err != nil {
			return err
		}
		out, err = chargesOf(tx, walletID)
		slices.Reverse(out)
		return err
	})
	return out, err
}

// chargesOf lists a wallet's charges, oldest first.
func chargesOf(tx *store.Tx, walletID uint64) ([]ChargeRecord, error) {
	var out []ChargeRecord
	err := tx.Scan(chargesBucket, store.Key(walletID), func(_, v []byte) (bool, error) {
		var c ChargeRecord
		if err := unmarshal(v, &c); err != nil {
			return false, err
		}
		out = append(out, c)
		return true, nil
	})
	return out, err
}

func saveCharge(tx *store.Tx, c *ChargeRecord) error {
	return tx.Put(chargesBucket, store.Keys(store.Key(c.WalletID), store.Key(c.ID)), c)
}
