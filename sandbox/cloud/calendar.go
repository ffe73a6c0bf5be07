package cloud

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// SCAFFOLD (issue 10, calendar helper): the monthly calendar (RULES B01,
// B03, B09).

// invoiceRef names a group's invoice for a month.
type invoiceRef struct {
	GroupID uint64 `json:"g"`
	Month   string `json:"m"`
}

func (r invoiceRef) String() string { return fmt.Sprintf("%d/%s", r.GroupID, r.Month) }

func (s *Service) issueInvoice(tx *store.Tx, r invoiceRef) (string, error)    { return "", nil }
func (s *Service) chargeCard(tx *store.Tx, r invoiceRef) (string, error)      { return "", nil }
func (s *Service) issueTaxInvoice(tx *store.Tx, r invoiceRef) (string, error) { return "", nil }
func (s *Service) markOverdue(tx *store.Tx, r invoiceRef) (string, error)     { return "", nil }
