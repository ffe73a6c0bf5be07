// Package cloud owns KakaoCloud billing (docs/kakao-api.md §7):
// organisations and their members' billing roles, billing groups (one main,
// up to 30 sub-groups), their payment methods, projects, and the monthly
// calendar that bills them: invoices on the 1st, card charges on the 10th,
// tax invoices on the 15th for dedicated accounts, overdue invoices and late
// fees.
//
// It uses store, clock, review and kakao; it must not import Gin, kin-openapi,
// httpapi, wallet or moment.
package cloud

import "time"

const (
	orgsBucket     = "cloud.organizations"
	groupsBucket   = "cloud.groups"   // groupID → BillingGroup
	projectsBucket = "cloud.projects" // projectID → Project
	usageBucket    = "cloud.usage"    // groupID + YYYYMM + projectID → Usage
	invoicesBucket = "cloud.invoices" // groupID + YYYYMM → Invoice
)

// MemberType is how an organisation signed up; it decides how cards are
// verified (rule B04).
type MemberType string

const (
	MemberBusiness   MemberType = "BUSINESS"
	MemberIndividual MemberType = "INDIVIDUAL"
)

// Role is a user's billing role in an organisation (rule B02).
type Role string

const (
	BillingAdmin   Role = "BILLING_ADMIN"   // groups, payment methods, credits; every invoice
	BillingManager Role = "BILLING_MANAGER" // invoices and estimated cost
	BillingViewer  Role = "BILLING_VIEWER"  // estimated cost of assigned projects
)

// Organization is a KakaoCloud organisation.
type Organization struct {
	ID                         uint64     `json:"id"`
	Key                        string     `json:"key,omitempty"`
	Name                       string     `json:"name"`
	MemberType                 MemberType `json:"memberType"`
	BusinessRegistrationNumber string     `json:"businessRegistrationNumber,omitempty"`
	Members                    []Member   `json:"members"`
}

// EntityRef gives Save the organisation's key and id.
func (o *Organization) EntityRef() (string, *uint64) { return o.Key, &o.ID }

// Member is a user's billing role.
type Member struct {
	UserID uint64 `json:"userId"`
	Role   Role   `json:"role"`
}

// RoleOf is the user's role, or "" when the user is not a member.
func (o Organization) RoleOf(userID uint64) Role {
	for _, m := range o.Members {
		if m.UserID == userID {
			return m.Role
		}
	}
	return ""
}

// MethodType is how a billing group pays (rule B03).
type MethodType string

const (
	CreditCard       MethodType = "CREDIT_CARD"       // charged on the 10th; a sales slip
	DedicatedAccount MethodType = "DEDICATED_ACCOUNT" // deposit by the due date; a tax invoice on the 15th
)

// OwnerType is whose card it is (rule B04).
type OwnerType string

const (
	OwnerPersonal           OwnerType = "PERSONAL"            // mobile phone verification
	OwnerNamedCorporate     OwnerType = "NAMED_CORPORATE"     // mobile phone verification
	OwnerAnonymousCorporate OwnerType = "ANONYMOUS_CORPORATE" // business registration number
)

// PaymentMethod is a group's registered way to pay. Of a card only the last
// four digits are kept; replacing it deletes the old one's details (B06).
type PaymentMethod struct {
	Type          MethodType `json:"type"`
	CardLast4     string     `json:"cardLast4,omitempty"`
	CardBrand     string     `json:"cardBrand,omitempty"`
	Declines      bool       `json:"declines,omitempty"` // the test card whose charges are declined
	OwnerType     OwnerType  `json:"ownerType,omitempty"`
	AccountNumber string     `json:"accountNumber,omitempty"` // the dedicated account
	ModifiedAt    time.Time  `json:"modifiedAt"`
}

// BillingGroup is a unit of billing: one invoice a month (rule B08, B09).
type BillingGroup struct {
	ID            uint64         `json:"id"`
	Key           string         `json:"key,omitempty"`
	OrgID         uint64         `json:"orgId"`
	Name          string         `json:"name"`
	Main          bool           `json:"main"`
	MemberIDs     []uint64       `json:"memberIds,omitempty"`
	PaymentMethod *PaymentMethod `json:"paymentMethod,omitempty"`
	CreatedAt     time.Time      `json:"createdAt"`
}

// EntityRef gives Save the group's key and id.
func (g *BillingGroup) EntityRef() (string, *uint64) { return g.Key, &g.ID }

// Project is a KakaoCloud project; it is billed through exactly one group.
type Project struct {
	ID      uint64 `json:"id"`
	Key     string `json:"key,omitempty"`
	OrgID   uint64 `json:"orgId"`
	Name    string `json:"name"`
	GroupID uint64 `json:"groupId"`
}

// EntityRef gives Save the project's key and id.
func (p *Project) EntityRef() (string, *uint64) { return p.Key, &p.ID }
