package moment

import (
	"errors"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// ConnectWallet connects a wallet to an ad account from the wallet console:
// the user must be the ad account's MASTER, and the wallet's master (rule
// W04, which package wallet checks).
func (s *Service) ConnectWallet(userID, walletID, adAccountID uint64) (wallet.Connection, error) {
	var c wallet.Connection
	err := s.db.Update(func(tx *store.Tx) error {
		_, role, err := authorize(tx, Caller{UserID: userID}, adAccountID)
		if err != nil && !errors.Is(err, kakao.ErrNoPermission) {
			return err
		}
		if err != nil || role != RoleMaster {
			return kakao.ErrNotAdAccountMaster.With("광고계정 %d의 마스터만 월렛을 연결할 수 있습니다. (W04)", adAccountID)
		}
		c, err = wallet.ConnectAdAccountAs(tx, userID, walletID, adAccountID)
		return err
	})
	return c, err
}
