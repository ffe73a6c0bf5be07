package wallet

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// SCAFFOLD (issue 9, tax-invoices helper): monthly tax invoices for business
// wallets' paid spend (RULES W06), corrections and business information
// changes as reviews (W10).

// invoiceRef names a wallet's invoice for a month: its issue effect's payload.
type invoiceRef struct {
	WalletID uint64 `json:"w"`
	Month    string `json:"m"` // YYYY-MM
}

func (r invoiceRef) String() string { return fmt.Sprintf("%d/%s", r.WalletID, r.Month) }

type correctionRequest struct {
	WalletID uint64 `json:"walletId"`
	Month    string `json:"month"`
	Reason   string `json:"reason"`
}

type businessInfoChange struct {
	WalletID           uint64 `json:"walletId"`
	CompanyID          uint64 `json:"companyId"`
	Name               string `json:"name,omitempty"`
	RepresentativeName string `json:"representativeName,omitempty"`
}

// issueTaxInvoice is the clock effect on the issue day after the month.
func (s *Service) issueTaxInvoice(tx *store.Tx, r invoiceRef) (string, error) { return "", nil }

func (s *Service) applyCorrection(tx *store.Tx, r correctionRequest) (string, error) { return "", nil }

func (s *Service) applyBusinessInfoChange(tx *store.Tx, r businessInfoChange) (string, error) {
	return "", nil
}

// accrue adds paid spend to the wallet's invoice for the month of tx's time.
func (s *Service) accrue(tx *store.Tx, w Wallet, paid int64) error { return nil }

// unissuedInvoice reports whether the wallet has a tax invoice not issued (W01).
func unissuedInvoice(tx *store.Tx, walletID uint64) (bool, error) { return false, nil }
