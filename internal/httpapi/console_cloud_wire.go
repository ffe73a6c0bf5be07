package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
)

// Wire types of KakaoCloud's billing console: organisation, groups, payment
// methods and projects. A payment method never shows more of a card than
// its brand and last four digits, and only to a Billing Admin (rule B02,
// B10).

type cloudOrganizationBody struct {
	ID                         uint64           `json:"id"`
	Name                       string           `json:"name"`
	MemberType                 cloud.MemberType `json:"memberType"`
	BusinessRegistrationNumber string           `json:"businessRegistrationNumber,omitempty"`
	Role                       cloud.Role       `json:"role"`
	Status                     cloud.OrgStatus  `json:"status"`
	RestrictedReason           string           `json:"restrictedReason,omitempty"`
	SubGroupCount              int              `json:"subGroupCount"`
}

func newOrganizationBody(v cloud.OrganizationView) cloudOrganizationBody {
	o := v.Organization
	return cloudOrganizationBody{ID: o.ID, Name: o.Name, MemberType: o.MemberType, BusinessRegistrationNumber: o.BusinessRegistrationNumber,
		Role: v.Role, Status: v.Status, RestrictedReason: v.RestrictedReason, SubGroupCount: v.SubGroups}
}

type paymentMethodBody struct {
	Type          cloud.MethodType `json:"type"`
	Details       string           `json:"details"`
	CardBrand     string           `json:"cardBrand,omitempty"`
	CardLast4     string           `json:"cardLast4,omitempty"`
	OwnerType     cloud.OwnerType  `json:"ownerType,omitempty"`
	AccountNumber string           `json:"accountNumber,omitempty"`
	ModifiedAt    time.Time        `json:"modifiedAt"`
}

func newPaymentMethodBody(pm cloud.PaymentMethod) *paymentMethodBody {
	return &paymentMethodBody{Type: pm.Type, Details: pm.Details(), CardBrand: pm.CardBrand, CardLast4: pm.CardLast4,
		OwnerType: pm.OwnerType, AccountNumber: pm.AccountNumber, ModifiedAt: pm.ModifiedAt}
}

type billingGroupBody struct {
	ID             uint64             `json:"id"`
	OrganizationID uint64             `json:"organizationId"`
	Name           string             `json:"name"`
	Main           bool               `json:"main"`
	MemberIDs      []uint64           `json:"memberIds"`
	PaymentMethod  *paymentMethodBody `json:"paymentMethod,omitempty"`
	CreatedAt      time.Time          `json:"createdAt"`
}

// newBillingGroupBody shows a group as a user of role sees it: the payment
// method is a Billing Admin's alone (B02).
func newBillingGroupBody(g cloud.BillingGroup, role cloud.Role) billingGroupBody {
	b := billingGroupBody{ID: g.ID, OrganizationID: g.OrgID, Name: g.Name, Main: g.Main,
		MemberIDs: append([]uint64{}, g.MemberIDs...), CreatedAt: g.CreatedAt}
	if pm := g.PaymentMethod; pm != nil && role == cloud.BillingAdmin {
		b.PaymentMethod = newPaymentMethodBody(*pm)
	}
	return b
}

func billingGroupAs(role cloud.Role) func(cloud.BillingGroup) billingGroupBody {
	return func(g cloud.BillingGroup) billingGroupBody { return newBillingGroupBody(g, role) }
}

type billingGroupsBody struct {
	BillingGroups []billingGroupBody `json:"billingGroups"`
}

// paymentMethodRowBody is a line of the Payment method tab (B05).
type paymentMethodRowBody struct {
	BillingGroupID   uint64     `json:"billingGroupId"`
	Classification   string     `json:"classification"`
	BillingGroupName string     `json:"billingGroupName"`
	PaymentMethod    string     `json:"paymentMethod"`
	PaymentDetails   string     `json:"paymentDetails,omitempty"`
	LastModifiedAt   *time.Time `json:"lastModifiedAt,omitempty"`
}

func newPaymentMethodRowBody(r cloud.MethodRow) paymentMethodRowBody {
	class := "SUB"
	if r.Main {
		class = "MAIN"
	}
	return paymentMethodRowBody{BillingGroupID: r.GroupID, Classification: class, BillingGroupName: r.GroupName,
		PaymentMethod: r.Method, PaymentDetails: r.Details, LastModifiedAt: r.ModifiedAt}
}

type paymentMethodsBody struct {
	PaymentMethods []paymentMethodRowBody `json:"paymentMethods"`
}

type projectBody struct {
	ID             uint64 `json:"id"`
	OrganizationID uint64 `json:"organizationId"`
	Name           string `json:"name"`
	BillingGroupID uint64 `json:"billingGroupId"`
}

func newProjectBody(p cloud.Project) projectBody {
	return projectBody{ID: p.ID, OrganizationID: p.OrgID, Name: p.Name, BillingGroupID: p.GroupID}
}

type projectsBody struct {
	Projects []projectBody `json:"projects"`
}
