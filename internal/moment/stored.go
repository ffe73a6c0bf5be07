package moment

import (
	"encoding/json"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// A data file holds virtual accounts by the hundred thousand, so each is
// kept small (at most 300 bytes of data file each, on average; docs/performance.md):
// short names, times as Unix milliseconds, and the account number only in
// the key. The owner's name is kept, as it was when the account was issued.
// This is the storage format only; what the API shows is in httpapi.
type storedVA struct {
	Owner     string               `json:"o"`
	Amount    int64                `json:"a"`
	Bank      string               `json:"b"`
	AdAccount uint64               `json:"ad"`
	Wallet    uint64               `json:"w"`
	User      uint64               `json:"u"`
	Created   int64                `json:"c"`
	Expires   int64                `json:"x"`
	Status    VirtualAccountStatus `json:"s"`
	Paid      int64                `json:"p,omitempty"`
}

// MarshalJSON writes the storage format.
func (va VirtualAccount) MarshalJSON() ([]byte, error) {
	s := storedVA{Owner: va.AccountOwnerName, Amount: va.Amount, Bank: va.BankCode, AdAccount: va.AdAccountID,
		Wallet: va.WalletID, User: va.UserID, Created: va.CreatedAt.UnixMilli(), Expires: va.ExpiresAt.UnixMilli(), Status: va.Status}
	if !va.PaidAt.IsZero() {
		s.Paid = va.PaidAt.UnixMilli()
	}
	return json.Marshal(s)
}

// UnmarshalJSON reads the storage format; the account number comes from the key.
func (va *VirtualAccount) UnmarshalJSON(data []byte) error {
	var s storedVA
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*va = VirtualAccount{AccountNumber: va.AccountNumber, AccountOwnerName: s.Owner, Amount: s.Amount, BankCode: s.Bank,
		AdAccountID: s.AdAccount, WalletID: s.Wallet, UserID: s.User, CreatedAt: millis(s.Created),
		ExpiresAt: millis(s.Expires), Status: s.Status}
	if s.Paid != 0 {
		va.PaidAt = millis(s.Paid)
	}
	return nil
}

func millis(ms int64) time.Time { return time.UnixMilli(ms).In(kakao.KST) }
