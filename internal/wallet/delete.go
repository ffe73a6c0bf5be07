package wallet

import (
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// DeleteWallet deletes a wallet: only its master may, and only when all six
// conditions of W01 hold. Every unmet one is named; the first gives the code.
func (s *Service) DeleteWallet(userID, walletID uint64) error {
	return s.db.Update(func(tx *store.Tx) error {
		w, err := asMaster(tx, userID, walletID, "월렛을 삭제할")
		if err != nil {
			return err
		}
		unmet, err := s.deletionBlockers(tx, w)
		if err != nil {
			return err
		}
		if len(unmet) > 0 {
			msgs := make([]string, len(unmet))
			for i, e := range unmet {
				msgs[i] = e.DetailMsg
			}
			return unmet[0].With("월렛 %d을 삭제할 수 없습니다: %s", w.ID, strings.Join(msgs, " "))
		}
		return s.remove(tx, w)
	})
}

// deletionBlockers lists the W01 conditions a wallet does not meet, in the
// rule's order.
func (s *Service) deletionBlockers(tx *store.Tx, w Wallet) ([]*kakao.Error, error) {
	var unmet []*kakao.Error
	if w.Status != StatusOff {
		unmet = append(unmet, kakao.ErrDeleteNotOff.With("월렛 상태가 %s입니다. OFF(사용중지)로 바꾼 뒤 삭제하세요.", w.Status))
	}
	conns, err := Connections(tx, w.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range conns {
		if c.AdAccountID == 0 {
			continue
		}
		agency, err := s.config.AgencyOf(tx, c.AdAccountID)
		if err != nil {
			return nil, err
		}
		if agency != "" {
			unmet = append(unmet, kakao.ErrDeleteBizRight.With("광고계정 %d의 영업권이 %s에 있습니다. 영업권을 해제하세요.", c.AdAccountID, agency))
			break
		}
	}
	if w.PaidCash != 0 {
		unmet = append(unmet, kakao.ErrDeletePaidCash.With("유상캐시 잔액이 %d원입니다. 0원이어야 합니다.", w.PaidCash))
	}
	if w.Postpaid {
		unmet = append(unmet, kakao.ErrDeletePostpaid)
	}
	pending, err := pendingRefund(tx, w.ID)
	if err != nil {
		return nil, err
	}
	if pending {
		unmet = append(unmet, kakao.ErrDeletePendingRefund)
	}
	unissued, err := unissuedInvoice(tx, w.ID)
	if err != nil {
		return nil, err
	}
	if unissued {
		unmet = append(unmet, kakao.ErrDeleteUnissuedInvoice)
	}
	return unmet, nil
}

// remove deletes a wallet with its connections and grants. Its ledger stays,
// as the record of what happened; check skips wallets that are gone.
func (s *Service) remove(tx *store.Tx, w Wallet) error {
	conns, err := Connections(tx, w.ID)
	if err != nil {
		return err
	}
	for _, c := range conns {
		if err := unlink(tx, c); err != nil {
			return err
		}
	}
	if _, err := s.reclaim(tx, &w, func(Grant) bool { return true }); err != nil {
		return err
	}
	return tx.Delete(walletsBucket, store.Key(w.ID))
}
