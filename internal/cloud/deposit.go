package cloud

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Deposit pays a dedicated account's invoice by bank transfer, as the bank
// would (B03): the group must pay by dedicated account, the amount must be
// exactly what is due, and an invoice is paid once. An overdue invoice may
// still be paid: late.
func (s *Service) Deposit(groupID uint64, month string, amount int64) (Invoice, error) {
	var inv Invoice
	err := s.db.Update(func(tx *store.Tx) error {
		g, err := getGroup(tx, groupID)
		if err != nil {
			return err
		}
		m, err := parseMonth(month)
		if err != nil {
			return err
		}
		var ok bool
		if inv, ok, err = getInvoice(tx, groupID, m); err != nil {
			return err
		}
		switch {
		case !ok:
			return kakao.ErrNotFound.With("billing group %d has no invoice for %s", groupID, month)
		case g.PaymentMethod == nil || g.PaymentMethod.Type != DedicatedAccount:
			return kakao.ErrNotDedicated.With("결제 그룹 %d은 전용 계좌로 납부하지 않습니다. (B03)", groupID)
		case inv.Status == InvoicePaid:
			return kakao.ErrCloudInvoicePaid.With("%s 청구서는 %s에 납부되었습니다.", month, inv.PaidAt.In(kakao.KST).Format("2006-01-02 15:04"))
		case amount != inv.Total:
			return kakao.ErrCloudDepositAmount.With("입금액 %d원이 청구 금액 %d원과 다릅니다.", amount, inv.Total)
		}
		inv.Status, inv.PaidAt, inv.PaidBy = InvoicePaid, tx.Now(), DedicatedAccount
		return s.saveInvoice(tx, inv)
	})
	return inv, err
}
