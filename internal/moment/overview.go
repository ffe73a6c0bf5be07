package moment

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// Reads for the control plane and its dashboard: every ad account and
// virtual account, whoever owns them, with no caller to authorize.

// AccountRow is an ad account with its standing and its wallet, if any.
type AccountRow struct {
	Standing
	Wallet *wallet.Wallet
}

// AllAdAccounts lists the first limit ad accounts by id (deleted ones
// included, as the dashboard shows every state) and how many there are.
func (s *Service) AllAdAccounts(limit int) ([]AccountRow, int, error) {
	var out []AccountRow
	total := 0
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(adAccountsBucket, nil, func(_, v []byte) (bool, error) {
			total++
			if len(out) >= limit {
				return true, nil
			}
			var a AdAccount
			if err := json.Unmarshal(v, &a); err != nil {
				return false, err
			}
			st, err := standing(tx, a)
			if err != nil {
				return false, err
			}
			row := AccountRow{Standing: st}
			if st.WalletID != 0 {
				w, err := wallet.GetWallet(tx, st.WalletID)
				if err != nil {
					return false, err
				}
				row.Wallet = &w
			}
			out = append(out, row)
			return true, nil
		})
	})
	return out, total, err
}

// VAFilter picks virtual accounts; zero fields match every one.
type VAFilter struct {
	Status    VirtualAccountStatus // as of now (StatusAt)
	AdAccount uint64
	Limit     int
}

// VirtualAccounts lists the virtual accounts f picks, newest first, at most
// f.Limit of them, and how many it picks in all. It reads every account:
// a listing at 100k accounts takes a moment, which a dashboard can afford.
func (s *Service) VirtualAccounts(f VAFilter) ([]VirtualAccount, int, error) {
	var out []VirtualAccount
	err := s.db.View(func(tx *store.Tx) error {
		now := tx.Now()
		return tx.Scan(virtualAccountsBucket, nil, func(k, v []byte) (bool, error) {
			va := VirtualAccount{AccountNumber: string(k)}
			if err := va.UnmarshalJSON(v); err != nil {
				return false, err
			}
			va.Status = va.StatusAt(now)
			if (f.Status == "" || va.Status == f.Status) && (f.AdAccount == 0 || va.AdAccountID == f.AdAccount) {
				out = append(out, va)
			}
			return true, nil
		})
	})
	slices.SortFunc(out, func(a, b VirtualAccount) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.AccountNumber, b.AccountNumber))
	})
	total := len(out)
	return out[:min(f.Limit, total)], total, err
}
