package moment

import (
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// VirtualAccountStatus tracks a virtual account's one deposit.
type VirtualAccountStatus string

const (
	AwaitingDeposit VirtualAccountStatus = "WAITING"
	Paid            VirtualAccountStatus = "PAID"
	Expired         VirtualAccountStatus = "EXPIRED"
)

// VirtualAccount is a bank account number issued for one deposit of Amount.
// Its times are whole milliseconds, as Moment shows them and as it is
// stored (stored.go).
type VirtualAccount struct {
	AccountNumber    string
	AccountOwnerName string
	Amount           int64
	BankCode         string
	AdAccountID      uint64
	WalletID         uint64
	UserID           uint64
	CreatedAt        time.Time
	ExpiresAt        time.Time
	Status           VirtualAccountStatus
	PaidAt           time.Time
}

// StatusAt is the status as of now: an account past its expiry is expired
// even before the clock's expiry effect has run.
func (v VirtualAccount) StatusAt(now time.Time) VirtualAccountStatus {
	if v.Status == AwaitingDeposit && !now.Before(v.ExpiresAt) {
		return Expired
	}
	return v.Status
}

// IssueParams is a createVirtualAccount request.
type IssueParams struct {
	Caller            Caller
	HeaderAdAccountID uint64 // the adAccountId header
	AdAccountID       uint64 // the body's adAccountId
	Amount            int64
	BankCode          string
}

// IssueVirtualAccount creates a virtual account that charges the ad
// account's wallet when its amount is deposited (rules V01–V05, V09).
func (s *Service) IssueVirtualAccount(p IssueParams) (VirtualAccount, error) {
	if p.HeaderAdAccountID != p.AdAccountID { // V04
		return VirtualAccount{}, kakao.Invalid("adAccountId", "the body's adAccountId %d differs from the adAccountId header %d", p.AdAccountID, p.HeaderAdAccountID)
	}
	if _, ok := kakao.BankByCode(p.BankCode); !ok { // V02
		return VirtualAccount{}, kakao.Invalid("bankCode", "%q is not a bank that issues virtual accounts", p.BankCode)
	}
	var va VirtualAccount
	err := s.db.Update(func(tx *store.Tx) error {
		now := tx.Now().Truncate(time.Millisecond)
		a, _, err := authorize(tx, p.Caller, p.AdAccountID)
		if err != nil {
			return err
		}
		w, err := walletOf(tx, a)
		if err != nil {
			return err
		}
		if err := wallet.CheckCharge(w, p.Amount, wallet.BankTransfer); err != nil { // V09
			return err
		}
		owner, err := wallet.GetCompany(tx, w.CompanyID)
		if err != nil {
			return err
		}
		seq, err := tx.NextID(virtualAccountsBucket)
		if err != nil {
			return err
		}
		va = VirtualAccount{
			AccountNumber:    fmt.Sprintf("9%s%011d", p.BankCode, seq),
			AccountOwnerName: owner.Name,
			Amount:           p.Amount,
			BankCode:         p.BankCode,
			AdAccountID:      a.ID,
			WalletID:         w.ID,
			UserID:           p.Caller.UserID,
			CreatedAt:        now,
			ExpiresAt:        now.Add(s.validity),
			Status:           AwaitingDeposit,
		}
		if err := tx.PutDense(virtualAccountsBucket, []byte(va.AccountNumber), va); err != nil {
			return err
		}
		return s.expiry.Schedule(tx, va.ExpiresAt, accountNumber{va.AccountNumber})
	})
	return va, err
}

// Deposited is the outcome of a deposit.
type Deposited struct {
	VirtualAccount VirtualAccount
	Wallet         wallet.Wallet
}

// Deposit simulates the bank transfer into a virtual account: exactly its
// amount, once, before it expires, credits the wallet's paid cash (V10).
func (s *Service) Deposit(number string, amount int64) (Deposited, error) {
	var out Deposited
	err := s.db.Update(func(tx *store.Tx) error {
		now := tx.Now()
		va, err := getVirtualAccount(tx, number)
		if err != nil {
			return err
		}
		switch va.StatusAt(now) {
		case Paid:
			return kakao.ErrVirtualAccountPaid
		case Expired:
			return kakao.ErrVirtualAccountExpiry.With("입금 기한(%s)이 지난 가상계좌입니다. (V10)", kakao.FormatDttm(va.ExpiresAt))
		}
		if amount != va.Amount {
			return kakao.ErrDepositAmount.With("입금액 %d원이 발급 금액 %d원과 다릅니다. (V10)", amount, va.Amount)
		}
		w, err := s.wallets.Charge(tx, va.WalletID, amount, wallet.BankTransfer, va.AccountNumber)
		if err != nil {
			return err
		}
		va.Status, va.PaidAt = Paid, now.Truncate(time.Millisecond)
		out = Deposited{VirtualAccount: va, Wallet: w}
		return tx.PutDense(virtualAccountsBucket, []byte(va.AccountNumber), va)
	})
	return out, err
}

// GetVirtualAccount reads a virtual account with its status as of now.
func (s *Service) GetVirtualAccount(number string) (VirtualAccount, error) {
	var va VirtualAccount
	err := s.db.View(func(tx *store.Tx) (err error) {
		va, err = getVirtualAccount(tx, number)
		va.Status = va.StatusAt(tx.Now())
		return err
	})
	return va, err
}

func getVirtualAccount(tx *store.Tx, number string) (VirtualAccount, error) {
	var va VirtualAccount
	ok, err := tx.Get(virtualAccountsBucket, []byte(number), &va)
	if err == nil && !ok {
		err = kakao.ErrVirtualAccountNone.With("존재하지 않는 가상계좌입니다: %s", number)
	}
	va.AccountNumber = number
	return va, err
}

// accountNumber names a virtual account: the payload of its expiry effect.
type accountNumber struct {
	Number string `json:"n"`
}

func (n accountNumber) String() string { return n.Number }

// expireVirtualAccount is the clock effect at a virtual account's expiry.
func expireVirtualAccount(tx *store.Tx, n accountNumber) (string, error) {
	va, err := getVirtualAccount(tx, n.Number)
	if err != nil || va.Status != AwaitingDeposit {
		return "", err
	}
	va.Status = Expired
	if err := tx.PutDense(virtualAccountsBucket, []byte(va.AccountNumber), va); err != nil {
		return "", err
	}
	return fmt.Sprintf("virtual account %s for %d KRW expired without a deposit", va.AccountNumber, va.Amount), nil
}
