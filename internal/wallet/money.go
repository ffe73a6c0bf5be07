package wallet

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// MinCharge is the smallest paid-cash charge, in won (rule W14).
const MinCharge = 1000

func unmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// GetWallet loads a wallet by id.
func GetWallet(tx *store.Tx, id uint64) (Wallet, error) {
	var w Wallet
	ok, err := tx.Get(walletsBucket, store.Key(id), &w)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no wallet %d", id)
	}
	return w, err
}

// CheckCharge says whether w may take a charge of amount by method, without
// charging: a virtual account is refused at issue time for the same reasons
// its deposit would be refused later.
func CheckCharge(w Wallet, amount int64, method ChargeMethod) error {
	if w.Status == StatusSuspended { // W02; OFF may still charge (W12)
		return kakao.ErrWalletSuspended
	}
	if method == BankTransfer && w.Type != TypeBusiness { // W09
		return kakao.ErrBankTransferPersonal
	}
	if amount < MinCharge { // W14
		return kakao.ErrChargeTooSmall.With("유상캐시는 %d원 이상 충전할 수 있습니다. 요청 금액: %d원 (W14)", MinCharge, amount)
	}
	return nil
}

// Spent says how a spend was paid for.
type Spent struct {
	Wallet   Wallet
	FromFree int64
	FromPaid int64
}

// Funds is what a spender needs of a wallet, read once: the wallet, its
// grants (soonest-expiring first, the order free cash is spent in: W13) and
// what a spend could take at the transaction's time.
type Funds struct {
	Wallet    Wallet
	Grants    []Grant
	Spendable int64 // paid cash plus activated, unexpired free cash
}

// ReadFunds reads a wallet's funds at the transaction's time.
func ReadFunds(tx *store.Tx, walletID uint64) (Funds, error) {
	w, err := GetWallet(tx, walletID)
	if err != nil {
		return Funds{}, err
	}
	grants, err := grantsOf(tx, walletID)
	if err != nil {
		return Funds{}, err
	}
	slices.SortFunc(grants, func(a, b Grant) int {
		return cmp.Or(a.ExpiresAt.Compare(b.ExpiresAt), cmp.Compare(a.ID, b.ID))
	})
	f := Funds{Wallet: w, Grants: grants, Spendable: w.PaidCash}
	now := tx.Now()
	for _, g := range grants {
		if g.Usable(now) {
			f.Spendable += g.Remaining
		}
	}
	return f, nil
}

// Spend takes amount from a wallet: activated, unexpired free cash first,
// soonest-expiring first, then paid cash (W13). Only an ON wallet spends
// (W02, W12), and paid cash never goes negative (R03) unless the wallet is
// postpaid (후불), which is billed for what it overspends. A business
// wallet's paid spend accrues to its month's tax invoice.
func (s *Service) Spend(tx *store.Tx, walletID uint64, amount int64, ref string) (Spent, error) {
	f, err := ReadFunds(tx, walletID)
	if err != nil {
		return Spent{}, err
	}
	return s.SpendFrom(tx, &f, amount, ref)
}

// SpendFrom is Spend from funds the caller read with ReadFunds in tx and
// nothing has written since, so an hour of delivery reads a wallet once.
// f is brought up to date with the spend.
func (s *Service) SpendFrom(tx *store.Tx, f *Funds, amount int64, ref string) (Spent, error) {
	now := tx.Now()
	w := f.Wallet
	switch w.Status {
	case StatusSuspended:
		return Spent{}, kakao.ErrWalletSuspended
	case StatusOff:
		return Spent{}, kakao.ErrWalletOff
	}
	if amount <= 0 {
		return Spent{}, kakao.Invalid("amount", "must be a positive number of won")
	}
	var fromFree int64
	var used []int // places in f.Grants
	for i, g := range f.Grants {
		if fromFree == amount {
			break
		}
		if !g.Usable(now) {
			continue
		}
		fromFree += min(g.Remaining, amount-fromFree)
		used = append(used, i)
	}
	fromPaid := amount - fromFree
	if fromPaid > w.PaidCash && !w.Postpaid {
		return Spent{}, kakao.ErrInsufficientCash.With("캐시 잔액이 부족합니다. 사용 가능: 무상 %d원, 유상 %d원, 요청: %d원", fromFree, w.PaidCash, amount)
	}
	for left, i := fromFree, 0; i < len(used); i++ {
		g := &f.Grants[used[i]]
		take := min(g.Remaining, left)
		g.Remaining -= take
		left -= take
		if err := saveGrant(tx, g); err != nil {
			return Spent{}, err
		}
	}
	if err := s.post(tx, &w, Entry{At: now, Kind: EntrySpend, Paid: -fromPaid, Free: -fromFree, Ref: ref}); err != nil {
		return Spent{}, err
	}
	if err := s.accrue(tx, w, fromPaid); err != nil {
		return Spent{}, err
	}
	f.Wallet, f.Spendable = w, f.Spendable-amount
	return Spent{Wallet: w, FromFree: fromFree, FromPaid: fromPaid}, nil
}

// GrantParams describe free cash to give: a fixture's freeCash entry.
type GrantParams struct {
	Amount    int64  `json:"amount" yaml:"amount"`
	ExpiresAt string `json:"expiresAt" yaml:"expiresAt"` // KST date, the last day it can be used, or relative (kakao.ResolveDate)
	Activated bool   `json:"activated" yaml:"activated"`
	// ConnectionID grants it through one of the wallet's connections, so
	// disconnecting reclaims it (W07); a fixture names the channel in Via.
	ConnectionID uint64 `json:"connectionId,omitempty" yaml:"-"`
	Via          string `json:"-" yaml:"via"`
}

// grant gives free cash and queues its expiry.
func (s *Service) grant(tx *store.Tx, w *Wallet, p GrantParams) (Grant, error) {
	now := tx.Now()
	if p.Amount <= 0 {
		return Grant{}, kakao.Invalid("amount", "free cash must be a positive number of won")
	}
	on, relative, err := kakao.ResolveDate(p.ExpiresAt, now) // rule D07
	if err != nil {
		return Grant{}, kakao.Invalid("expiresAt", "%v", err)
	}
	end, _ := kakao.EndOfDay(on)
	if end.After(clock.MaxTime) {
		return Grant{}, kakao.Invalid("expiresAt", "%s is past the end of sandbox time, %s (R05)", on, clock.MaxTime.Format(time.RFC3339))
	}
	if !end.After(now) && relative {
		return Grant{}, kakao.Invalid("expiresAt", "%s is %s, already past at sandbox time %s", p.ExpiresAt, on, now.Format(time.RFC3339))
	}
	if !end.After(now) {
		return Grant{}, kakao.Invalid("expiresAt", "%s is already past at sandbox time %s; %s", on, now.Format(time.RFC3339), kakao.RelativeHint)
	}
	if p.ConnectionID != 0 && !tx.Has(connectionsBucket, store.Keys(store.Key(w.ID), store.Key(p.ConnectionID))) {
		return Grant{}, kakao.Invalid("connectionId", "wallet %d has no connection %d", w.ID, p.ConnectionID)
	}
	id, err := tx.NextID(grantsBucket)
	if err != nil {
		return Grant{}, err
	}
	g := Grant{ID: id, WalletID: w.ID, Amount: p.Amount, Remaining: p.Amount, ExpiresOn: on, ExpiresAt: end,
		Activated: p.Activated, ConnectionID: p.ConnectionID}
	if err := saveGrant(tx, &g); err != nil {
		return Grant{}, err
	}
	if err := s.post(tx, w, Entry{At: now, Kind: EntryFreeGrant, Free: g.Amount, GrantID: g.ID}); err != nil {
		return Grant{}, err
	}
	return g, s.grantExpiry.Schedule(tx, g.ExpiresAt, grantRef{WalletID: g.WalletID, GrantID: g.ID})
}

// reclaim takes back the unspent free cash of the grants that match, with a
// ledger entry for each (W07), and says how much it took.
func (s *Service) reclaim(tx *store.Tx, w *Wallet, match func(Grant) bool) (int64, error) {
	grants, err := grantsOf(tx, w.ID)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, g := range grants {
		if g.Remaining == 0 || !match(g) {
			continue
		}
		left := g.Remaining
		g.Remaining = 0
		if err := saveGrant(tx, &g); err != nil {
			return total, err
		}
		if err := s.post(tx, w, Entry{At: tx.Now(), Kind: EntryFreeReclaim, Free: -left, GrantID: g.ID}); err != nil {
			return total, err
		}
		total += left
	}
	return total, nil
}

// AdAccountFunds is the funds of the wallet an ad account is connected to;
// ok is false when it has none.
func AdAccountFunds(tx *store.Tx, adAccountID uint64) (f Funds, ok bool, err error) {
	c, ok, err := connectedTo(tx, adAccountTarget(adAccountID))
	if err != nil || !ok {
		return Funds{}, false, err
	}
	f, err = ReadFunds(tx, c.WalletID)
	return f, err == nil, err
}

// CreditCorrection gives back ad spend that the ads' invalid-traffic
// correction removed, as paid cash in one AD_CORRECTION entry: free cash
// is held by grants that may have expired since, so the sandbox (its own
// guess, docs/guesses.md) pays every correction back as paid cash. A
// business wallet's tax invoice is reduced by it (uninvoice): day is the
// corrected day.
func (s *Service) CreditCorrection(tx *store.Tx, walletID uint64, amount int64, day time.Time, ref string) error {
	if amount <= 0 {
		return kakao.Invalid("amount", "must be a positive number of won")
	}
	w, err := GetWallet(tx, walletID)
	if err != nil {
		return err
	}
	if err := s.post(tx, &w, Entry{At: tx.Now(), Kind: EntryAdCorrection, Paid: amount, Ref: ref}); err != nil {
		return err
	}
	return s.uninvoice(tx, w, amount, day)
}
