package wallet

import (
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// SetRefundAccount registers the account refunds go to; only the master may,
// and the holder must be the wallet's business or its representative, or
// the master for a wallet without a business (rule W11). A refused account
// is not stored: the one before stays.
func (s *Service) SetRefundAccount(userID, walletID uint64, a RefundAccount) (Wallet, error) {
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		if w, err = asMaster(tx, userID, walletID, "환불 계좌를 등록할"); err != nil {
			return err
		}
		if _, ok := kakao.BankByCode(a.BankCode); !ok {
			return kakao.Invalid("bankCode", "%q is not one of the sandbox's banks: %s", a.BankCode, bankCodes())
		}
		if err := s.checkHolder(tx, w, a.HolderName); err != nil {
			return err
		}
		w.RefundAccount = &a
		return saveWallet(tx, &w)
	})
	return w, err
}

// checkHolder applies W11 to a wallet as it is stored.
func (s *Service) checkHolder(tx *store.Tx, w Wallet, holder string) error {
	var company *Company
	if w.CompanyID != 0 {
		c, err := GetCompany(tx, w.CompanyID)
		if err != nil {
			return err
		}
		company = &c
	}
	master, _, err := s.users(tx, strconvID(w.MasterID))
	if err != nil {
		return err
	}
	return CheckRefundHolder(holder, company, master.Name)
}

// bankCodes lists the codes kakao.Banks knows, for an error message.
func bankCodes() string {
	codes := make([]string, len(kakao.Banks))
	for i, b := range kakao.Banks {
		codes[i] = b.Code + " " + b.ShortName
	}
	return strings.Join(codes, ", ")
}
