package cloud

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// RegistrationRequired is what the payment method view says of a group
// without one (rule B05; Kakao's wording, docs/kakao-api.md §7).
const RegistrationRequired = "Registration required"

// MethodRow is one line of the payment method view (B05).
type MethodRow struct {
	GroupID   uint64
	Main      bool
	GroupName string
	// Method is CREDIT_CARD, DEDICATED_ACCOUNT, or RegistrationRequired.
	Method string
	// Details are the masked payment details; empty without a method.
	Details    string
	ModifiedAt *time.Time
}

// PaymentMethods is the Payment method tab: only a Billing Admin may open it
// (B02), and it lists the groups they are assigned to, main first.
func (s *Service) PaymentMethods(userID, orgID uint64) ([]MethodRow, error) {
	var rows []MethodRow
	err := s.db.View(func(tx *store.Tx) error {
		o, role, err := orgOf(tx, userID, orgID)
		if err != nil {
			return err
		}
		if err := requireAdmin(role); err != nil {
			return err
		}
		groups, _, err := myGroups(tx, userID, o.ID)
		for _, g := range groups {
			rows = append(rows, methodRow(g))
		}
		return err
	})
	return rows, err
}

func methodRow(g BillingGroup) MethodRow {
	r := MethodRow{GroupID: g.ID, Main: g.Main, GroupName: g.Name, Method: RegistrationRequired}
	if pm := g.PaymentMethod; pm != nil {
		modified := pm.ModifiedAt
		r.Method, r.Details, r.ModifiedAt = string(pm.Type), pm.Details(), &modified
	}
	return r
}
