package wallet

import (
	"strconv"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Who may act on a wallet through the console: its master, or a manager for
// what managers may do (rule W03). Every console operation starts here.

// asMember loads a wallet the user is master or manager of.
func asMember(tx *store.Tx, userID, walletID uint64) (Wallet, error) {
	w, err := GetWallet(tx, walletID)
	if err == nil && !w.IsMember(userID) {
		err = kakao.ErrNotWalletMember.With("사용자 %d은 월렛 %d의 마스터 또는 매니저가 아닙니다. (W03)", userID, walletID)
	}
	return w, err
}

// asMaster loads a wallet the user is master of.
func asMaster(tx *store.Tx, userID, walletID uint64, action string) (Wallet, error) {
	w, err := GetWallet(tx, walletID)
	if err == nil && w.MasterID != userID {
		err = kakao.ErrNotWalletMaster.With("월렛 마스터만 %s 수 있습니다. 월렛 %d의 마스터는 사용자 %d입니다.", action, walletID, w.MasterID)
	}
	return w, err
}

// verified applies rule W08: the user has verified their identity before
// step ("충전", "환불", "개인 월렛 만들기").
func (s *Service) verified(tx *store.Tx, userID uint64, step string) error {
	p, ok, err := s.users(tx, strconvID(userID))
	if err != nil {
		return err
	}
	if !ok || !p.IdentityVerified {
		return kakao.ErrIdentityNotVerified.With("%s 전에 본인인증이 필요합니다. POST /console/v1/identity-verification 으로 인증하세요. (W08)", step)
	}
	return nil
}

// strconvID is an id as a reference, for lookups that take keys or ids.
func strconvID(id uint64) string { return strconv.FormatUint(id, 10) }
