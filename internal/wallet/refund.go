package wallet

import (
	"fmt"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Refunds of paid cash, requested through the console and confirmed an hour
// of sandbox time later by the clock (rule W14). A refund may be asked for
// in every wallet status, suspended too (W02, W12).

const refundsBucket = "wallet.refunds" // walletID + refundID

// RefundDelay is how long a refund waits before it is confirmed: the
// sandbox's guess at Kakao's processing time.
const RefundDelay = time.Hour

// RefundStatus is where a refund request is.
type RefundStatus string

const (
	RefundPending   RefundStatus = "PENDING"
	RefundCompleted RefundStatus = "COMPLETED"
	RefundFailed    RefundStatus = "FAILED"
)

// FromBalance is the method of a refund part that no charge record explains:
// paid cash from an opening balance.
const FromBalance ChargeMethod = "BALANCE"

// RefundPart is how much of a refund one charge paid back, latest first.
type RefundPart struct {
	ChargeID uint64       `json:"chargeId,omitempty"` // 0: FromBalance
	Method   ChargeMethod `json:"method"`
	Amount   int64        `json:"amount"`
}

// Refund is a request to pay paid cash back to the refund account.
type Refund struct {
	ID       uint64 `json:"id"`
	WalletID uint64 `json:"walletId"`
	// Amount is as requested; 0 is a full refund, whose amount is the
	// paid cash at confirmation.
	Amount        int64         `json:"amount,omitempty"`
	Status        RefundStatus  `json:"status"`
	RequestedBy   uint64        `json:"requestedBy"`
	RequestedAt   time.Time     `json:"requestedAt"`
	ConfirmAt     time.Time     `json:"confirmAt"`
	ConfirmedAt   time.Time     `json:"confirmedAt,omitzero"`
	Refunded      int64         `json:"refunded,omitempty"`
	Parts         []RefundPart  `json:"parts,omitempty"`
	FailureReason string        `json:"failureReason,omitempty"`
	Account       RefundAccount `json:"account"` // as it was at the request
}

// RequestRefund asks for paid cash back: amount won, or all of it when
// amount is 0. Any member may, once verified (W08), when the wallet has a
// refund account, no other refund pending, and paid cash that is not
// negative and covers the amount.
func (s *Service) RequestRefund(userID, walletID uint64, amount int64) (Refund, error) {
	var r Refund
	err := s.db.Update(func(tx *store.Tx) error {
		w, err := asMember(tx, userID, walletID)
		if err != nil {
			return err
		}
		if err := s.verified(tx, userID, "환불"); err != nil {
			return err
		}
		if amount < 0 {
			return kakao.Invalid("amount", "must be a positive number of won, or left out for a full refund")
		}
		if w.RefundAccount == nil {
			return kakao.ErrNoRefundAccount.With("월렛 %d에 환불 계좌가 없습니다. PUT /console/v1/wallets/%d/refund-account 로 먼저 등록하세요. (W14)", w.ID, w.ID)
		}
		pending, err := pendingRefund(tx, w.ID)
		if err != nil {
			return err
		}
		if pending {
			return kakao.ErrRefundPending
		}
		if w.PaidCash < 0 {
			return kakao.ErrRefundNegative.With("유상캐시 잔액이 %d원입니다. 마이너스인 월렛은 환불할 수 없습니다. (W14)", w.PaidCash)
		}
		if amount > w.PaidCash {
			return kakao.ErrRefundAmount.With("환불 요청 금액 %d원이 유상캐시 잔액 %d원보다 큽니다. (W14)", amount, w.PaidCash)
		}
		id, err := tx.NextID(refundsBucket)
		if err != nil {
			return err
		}
		now := tx.Now()
		r = Refund{ID: id, WalletID: w.ID, Amount: amount, Status: RefundPending, RequestedBy: userID,
			RequestedAt: now, ConfirmAt: now.Add(RefundDelay), Account: *w.RefundAccount}
		if err := saveRefund(tx, &r); err != nil {
			return err
		}
		return s.refundConfirm.Schedule(tx, r.ConfirmAt, refundRef{WalletID: w.ID, RefundID: id})
	})
	return r, err
}

// Refunds lists a wallet's refunds, newest first, for its members.
func (s *Service) Refunds(userID, walletID uint64) ([]Refund, error) {
	var out []Refund
	err := s.db.View(func(tx *store.Tx) error {
		if _, err := asMember(tx, userID, walletID); err != nil {
			return err
		}
		return scanRefunds(tx, walletID, func(r Refund) bool {
			out = append(out, r)
			return true
		})
	})
	slices.Reverse(out)
	return out, err
}

// refundRef names a refund: the payload of its confirmation effect.
type refundRef struct {
	WalletID uint64 `json:"w"`
	RefundID uint64 `json:"r"`
}

func (r refundRef) String() string { return fmt.Sprintf("%d/%d", r.WalletID, r.RefundID) }

// confirmRefund is the clock effect an hour after a refund request: it pays
// back the amount, latest charges first, or fails the refund saying why.
func (s *Service) confirmRefund(tx *store.Tx, ref refundRef) (string, error) {
	var r Refund
	ok, err := tx.Get(refundsBucket, refundKey(ref.WalletID, ref.RefundID), &r)
	if err != nil || !ok || r.Status != RefundPending {
		return "", err
	}
	r.ConfirmedAt = tx.Now()
	var w Wallet
	found, err := tx.Get(walletsBucket, store.Key(r.WalletID), &w)
	if err != nil {
		return "", err
	}
	amount := r.Amount
	if amount == 0 {
		amount = w.PaidCash
	}
	switch {
	case !found:
		return s.failRefund(tx, r, "the wallet no longer exists")
	case w.PaidCash < 0: // W14
		return s.failRefund(tx, r, fmt.Sprintf("balance negative: paid cash is %d KRW", w.PaidCash))
	case amount == 0:
		return s.failRefund(tx, r, "nothing to refund: paid cash is 0 KRW")
	case w.PaidCash < amount:
		return s.failRefund(tx, r, fmt.Sprintf("paid cash is %d KRW, less than the %d KRW requested", w.PaidCash, amount))
	}
	if r.Parts, err = takeFromCharges(tx, w.ID, amount); err != nil {
		return "", err
	}
	if err := s.post(tx, &w, Entry{At: r.ConfirmedAt, Kind: EntryRefund, Paid: -amount, Ref: fmt.Sprintf("refund:%d", r.ID)}); err != nil {
		return "", err
	}
	r.Status, r.Refunded = RefundCompleted, amount
	if err := saveRefund(tx, &r); err != nil {
		return "", err
	}
	return fmt.Sprintf("refund %d of wallet %d completed: %d KRW paid back to %s %s", r.ID, r.WalletID, amount,
		bankName(r.Account.BankCode), r.Account.AccountNumber), nil
}

// failRefund closes a refund that cannot be paid; nothing moves.
func (s *Service) failRefund(tx *store.Tx, r Refund, reason string) (string, error) {
	r.Status, r.FailureReason = RefundFailed, reason
	if err := saveRefund(tx, &r); err != nil {
		return "", err
	}
	return fmt.Sprintf("refund %d of wallet %d failed: %s", r.ID, r.WalletID, reason), nil
}

// takeFromCharges marks amount as refunded on the wallet's charges, latest
// first (W14); what the charges cannot cover came from an opening balance.
func takeFromCharges(tx *store.Tx, walletID uint64, amount int64) ([]RefundPart, error) {
	charges, err := chargesOf(tx, walletID)
	if err != nil {
		return nil, err
	}
	var parts []RefundPart
	for i := len(charges) - 1; i >= 0 && amount > 0; i-- {
		c := charges[i]
		take := min(c.Refundable(), amount)
		if take <= 0 {
			continue
		}
		c.Refunded += take
		if err := saveCharge(tx, &c); err != nil {
			return nil, err
		}
		parts = append(parts, RefundPart{ChargeID: c.ID, Method: c.Method, Amount: take})
		amount -= take
	}
	if amount > 0 {
		parts = append(parts, RefundPart{Method: FromBalance, Amount: amount})
	}
	return parts, nil
}

// pendingRefund reports whether the wallet has a refund waiting (W01).
func pendingRefund(tx *store.Tx, walletID uint64) (bool, error) {
	pending := false
	err := scanRefunds(tx, walletID, func(r Refund) bool {
		pending = r.Status == RefundPending
		return !pending
	})
	return pending, err
}

// scanRefunds calls fn for each of the wallet's refunds, oldest first, until
// it returns false.
func scanRefunds(tx *store.Tx, walletID uint64, fn func(Refund) bool) error {
	return tx.Scan(refundsBucket, store.Key(walletID), func(_, v []byte) (bool, error) {
		var r Refund
		if err := unmarshal(v, &r); err != nil {
			return false, err
		}
		return fn(r), nil
	})
}

func refundKey(walletID, refundID uint64) []byte {
	return store.Keys(store.Key(walletID), store.Key(refundID))
}

func saveRefund(tx *store.Tx, r *Refund) error {
	return tx.Put(refundsBucket, refundKey(r.WalletID, r.ID), r)
}

// bankName is a bank's short name for people, or its code when unknown.
func bankName(code string) string {
	if b, ok := kakao.BankByCode(code); ok {
		return b.ShortName
	}
	return code
}
