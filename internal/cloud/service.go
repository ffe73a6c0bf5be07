package cloud

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Service runs KakaoCloud billing operations, each in its own transaction.
type Service struct {
	db     *store.DB
	users  Users
	config Config

	issue     clock.Kind[invoiceRef] // the 1st: last month's invoice of a group with usage
	charge    clock.Kind[invoiceRef] // the 10th: card charge
	taxInv    clock.Kind[invoiceRef] // the 15th: dedicated account's tax invoice
	overdue   clock.Kind[invoiceRef] // the due date: overdue, and the first late fee
	lateFees  clock.Kind[groupRef]   // the due day of every later month: a group's carried late fees
	dedicated review.Kind[dedicatedRequest]
}

// Config holds what Kakao does not publish (docs/kakao-api.md §7;
// docs/guesses.md). NewService trusts it: sandbox.Open checks the ranges and fills
// in the defaults.
type Config struct {
	// DueDay is the day of the issue month by which an invoice must be paid
	// (1–28, KST); an unpaid invoice is overdue from then.
	DueDay int
	// LateFeeBasisPoints is the late fee per overdue month, in hundredths of
	// a percent of the unpaid total (200 = 2%), 0 to 10000; 0 charges none.
	LateFeeBasisPoints int
}

// The sandbox's guesses, changeable with flags.
const (
	DefaultDueDay             = 25
	DefaultLateFeeBasisPoints = 200
)

// NewService makes the billing service and registers its clock effects and
// the reviews it applies.
func NewService(db *store.DB, c *clock.Clock, reviews *review.Registry, users Users, cfg Config) *Service {
	s := &Service{db: db, users: users, config: cfg}
	s.issue = clock.Register(c, "cloud.invoiceIssue", invoiceRef.String, s.issueInvoice)
	s.charge = clock.Register(c, "cloud.cardCharge", invoiceRef.String, s.chargeCard)
	s.taxInv = clock.Register(c, "cloud.taxInvoice", invoiceRef.String, s.issueTaxInvoice)
	s.overdue = clock.Register(c, "cloud.overdue", invoiceRef.String, s.markOverdue)
	s.lateFees = clock.Register(c, "cloud.monthlyLateFees", groupRef.String, s.chargeLateFees)
	s.dedicated = review.Register(reviews, "cloud.dedicatedAccount", s.approveDedicated)
	return s
}

func unmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

func itoa(i int) string { return strconv.Itoa(i) }

// prefixed puts the entry's place in front of an error's field.
func prefixed(err error, list string, i int) error {
	if ke, ok := kakao.As(err); ok && ke.DetailCode == 0 {
		return kakao.ErrInvalidParam.With("%s[%d].%s", list, i, ke.Msg)
	}
	return err
}

// dedicatedAccountsSeq numbers dedicated accounts.
const dedicatedAccountsSeq = "cloud.dedicatedAccounts"

// DedicatedAccountNumber is the n-th dedicated account: a Kakao Enterprise
// account at 신한 (the sandbox's invention).
func DedicatedAccountNumber(n uint64) string { return fmt.Sprintf("88-%010d", n) }
