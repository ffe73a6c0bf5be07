package wallet

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// SCAFFOLD (issue 9, charges-and-refunds helper): refunds requested through
// the console, confirmed an hour later by the clock (RULES W14).

// refundRef names a refund: the payload of its confirmation effect.
type refundRef struct {
	WalletID uint64 `json:"w"`
	RefundID uint64 `json:"r"`
}

func (r refundRef) String() string { return fmt.Sprintf("%d/%d", r.WalletID, r.RefundID) }

// confirmRefund is the clock effect an hour after a refund request.
func (s *Service) confirmRefund(tx *store.Tx, r refundRef) (string, error) { return "", nil }

// pendingRefund reports whether the wallet has a refund waiting (W01).
func pendingRefund(tx *store.Tx, walletID uint64) (bool, error) { return false, nil }
