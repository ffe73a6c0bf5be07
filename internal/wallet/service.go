package wallet

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Service runs wallet operations, each in its own transaction.
type Service struct {
	db     *store.DB
	users  Users
	config Config

	grantExpiry   clock.Kind[grantRef]
	refundConfirm clock.Kind[refundRef]
	invoiceIssue  clock.Kind[invoiceRef]

	correction review.Kind[correctionRequest]
	infoChange review.Kind[businessInfoChange]
}

// AgencyOf names the agency holding the business right (영업권) of an ad
// account, or "" when none does. Package moment knows; the composition root
// passes its lookup in (rule W01).
type AgencyOf func(tx *store.Tx, adAccountID uint64) (string, error)

// Config holds the wallet's settings and what it learns from other packages.
type Config struct {
	// TaxInvoiceDay is the day of the month (1–28, KST) on which the previous
	// month's tax invoices are issued: Kakao says "early the next month".
	// NewService trusts it: sandbox.Open checks the range and fills in
	// DefaultTaxInvoiceDay.
	TaxInvoiceDay int
	AgencyOf      AgencyOf
	// Posted, when set, learns the kind of every ledger entry once its
	// transaction has committed (the composition root counts them for
	// /metrics, so this package needs no metrics library).
	Posted func(kind string)
}

// DefaultTaxInvoiceDay is the sandbox's guess at "익월 초" (docs/kakao-api.md §6).
const DefaultTaxInvoiceDay = 1

// NewService makes the wallet service and registers its clock effects and
// the reviews it applies; users finds the users that wallets and channels
// name.
func NewService(db *store.DB, c *clock.Clock, reviews *review.Registry, users Users, cfg Config) *Service {
	if cfg.AgencyOf == nil {
		cfg.AgencyOf = func(*store.Tx, uint64) (string, error) { return "", nil }
	}
	s := &Service{db: db, users: users, config: cfg}
	s.grantExpiry = clock.Register(c, "wallet.freeCashExpiry", grantRef.String, s.expireGrant)
	s.refundConfirm = clock.Register(c, "wallet.refundConfirmation", refundRef.String, s.confirmRefund)
	s.invoiceIssue = clock.Register(c, "wallet.taxInvoiceIssue", invoiceRef.String, s.issueTaxInvoice)
	s.correction = review.Register(reviews, "wallet.taxInvoiceCorrection", s.applyCorrection)
	s.infoChange = review.Register(reviews, "wallet.businessInfoChange", s.applyBusinessInfoChange)
	return s
}

// Sanction suspends a wallet (정지) or lifts the suspension, restoring the
// status it had before (rule W02). Kakao applies sanctions; here the control
// plane does.
func (s *Service) Sanction(id uint64, suspend bool) (Wallet, error) {
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		w, err = GetWallet(tx, id)
		if err != nil {
			return err
		}
		switch {
		case suspend && w.Status != StatusSuspended:
			w.StatusBeforeBan, w.Status = w.Status, StatusSuspended
		case !suspend && w.Status == StatusSuspended:
			w.Status, w.StatusBeforeBan = w.StatusBeforeBan, ""
			if w.Status == "" {
				w.Status = StatusOn
			}
		}
		return saveWallet(tx, &w)
	})
	return w, err
}

// GrantFreeCash gives free cash to a wallet.
func (s *Service) GrantFreeCash(id uint64, p GrantParams) (Grant, Wallet, error) {
	var g Grant
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		w, err = GetWallet(tx, id)
		if err != nil {
			return err
		}
		g, err = s.grant(tx, &w, p)
		return err
	})
	return g, w, err
}

// Verify checks the whole ledger (see the package-level Verify).
func (s *Service) Verify() (int, []Mismatch, error) {
	var n int
	var bad []Mismatch
	err := s.db.View(func(tx *store.Tx) (err error) {
		n, bad, err = Verify(tx)
		return err
	})
	return n, bad, err
}
