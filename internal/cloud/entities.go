package cloud

import (
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The entity kinds cloud owns. A group's or project's fixture key is
// recorded as "<organisation key>/<key>", so "main" can name the main group
// of every organisation.
var (
	Organizations = store.Kind{Name: "cloud.organization", Bucket: orgsBucket}
	Groups        = store.Kind{Name: "cloud.billingGroup", Bucket: groupsBucket}
	Projects      = store.Kind{Name: "cloud.project", Bucket: projectsBucket}
)

// MaxSubGroups is how many sub-groups an organisation may have (rule B08).
const MaxSubGroups = 30

// Users finds the user a reference (fixture key or id) names; package auth
// knows, and the composition root passes its lookup in.
type Users func(tx *store.Tx, ref string) (userID uint64, ok bool, err error)

// OrganizationParams describe an organisation with its groups and projects:
// a fixture's cloud.organizations entry.
type OrganizationParams struct {
	Key                        string          `json:"key" yaml:"key"`
	ID                         uint64          `json:"id,omitempty" yaml:"id"`
	Name                       string          `json:"name" yaml:"name"`
	MemberType                 MemberType      `json:"memberType" yaml:"memberType"`
	BusinessRegistrationNumber string          `json:"businessRegistrationNumber,omitempty" yaml:"businessRegistrationNumber"`
	Members                    []MemberParams  `json:"members,omitempty" yaml:"members"`
	BillingGroups              []GroupParams   `json:"billingGroups,omitempty" yaml:"billingGroups"`
	Projects                   []ProjectParams `json:"projects,omitempty" yaml:"projects"`
}

// MemberParams give a user a billing role.
type MemberParams struct {
	User string `json:"user" yaml:"user"` // user key or id
	Role Role   `json:"role" yaml:"role"`
}

// GroupParams describe a billing group. Without a main group listed, the
// organisation gets one named 기본 결제 그룹 (B08).
type GroupParams struct {
	Key           string               `json:"key" yaml:"key"`
	Main          bool                 `json:"main" yaml:"main"`
	Name          string               `json:"name" yaml:"name"`
	Members       []string             `json:"members,omitempty" yaml:"members"` // user keys or ids
	PaymentMethod *PaymentMethodParams `json:"paymentMethod,omitempty" yaml:"paymentMethod"`
	Invoices      []InvoiceParams      `json:"invoices,omitempty" yaml:"invoices"` // history (history.go)
}

// PaymentMethodParams register a payment method: a test card, or a
// dedicated account as if the helpdesk had approved it.
type PaymentMethodParams struct {
	Type       MethodType `json:"type" yaml:"type"`
	CardNumber string     `json:"cardNumber,omitempty" yaml:"cardNumber"`
	OwnerType  OwnerType  `json:"ownerType,omitempty" yaml:"ownerType"`
}

// ProjectParams describe a project and the group that pays for it.
type ProjectParams struct {
	Key          string `json:"key" yaml:"key"`
	Name         string `json:"name" yaml:"name"`
	BillingGroup string `json:"billingGroup" yaml:"billingGroup"` // the group's key in this organisation
}

// DefaultMainGroupName names a main group a fixture did not list.
const DefaultMainGroupName = "기본 결제 그룹"

// defaultMainGroup is the main group an organisation gets when its fixture
// lists none (B08). Its Billing Admins are assigned to it, or no one could
// ever register its payment method and the organisation would stay
// restricted (B01, B02; the sandbox's guess).
func defaultMainGroup(members []MemberParams) GroupParams {
	g := GroupParams{Key: "main", Main: true, Name: DefaultMainGroupName}
	for _, m := range members {
		if m.Role == BillingAdmin {
			g.Members = append(g.Members, m.User)
		}
	}
	return g
}

// PutOrganization creates an organisation with its groups and projects, or
// makes the one with the same id look as the params say, inside the
// caller's transaction (fixture loads). Groups and projects are matched by
// key; ones the params leave out are kept.
func (s *Service) PutOrganization(tx *store.Tx, p OrganizationParams) (Organization, error) {
	o := Organization{ID: p.ID, Key: p.Key, Name: p.Name, MemberType: p.MemberType, BusinessRegistrationNumber: p.BusinessRegistrationNumber}
	if strings.TrimSpace(o.Name) == "" {
		return o, kakao.Invalid("name", "an organization needs a name")
	}
	if o.MemberType != MemberBusiness && o.MemberType != MemberIndividual {
		return o, kakao.Invalid("memberType", "must be BUSINESS or INDIVIDUAL")
	}
	for _, m := range p.Members {
		id, err := s.user(tx, "members.user", m.User)
		if err != nil {
			return o, err
		}
		if !slices.Contains([]Role{BillingAdmin, BillingManager, BillingViewer}, m.Role) {
			return o, kakao.Invalid("members.role", "must be BILLING_ADMIN, BILLING_MANAGER or BILLING_VIEWER")
		}
		o.Members = append(o.Members, Member{UserID: id, Role: m.Role})
	}
	replacing := o.ID != 0 && tx.Has(orgsBucket, store.Key(o.ID))
	if err := tx.Save(Organizations, &o); err != nil {
		return o, err
	}
	groups := p.BillingGroups
	if !slices.ContainsFunc(groups, func(g GroupParams) bool { return g.Main }) {
		groups = append([]GroupParams{defaultMainGroup(p.Members)}, groups...)
	}
	byKey := map[string]uint64{}
	var all []BillingGroup
	for i, gp := range groups {
		g, err := s.putGroup(tx, o, gp)
		if err != nil {
			return o, prefixed(err, "billingGroups", i)
		}
		byKey[gp.Key] = g.ID
		all = append(all, g)
	}
	if replacing { // the groups the params leave out are kept, and count
		var err error
		if all, err = GroupsOf(tx, o.ID); err != nil {
			return o, err
		}
	}
	if err := checkGroups(all); err != nil {
		return o, err
	}
	for i, pp := range p.Projects {
		gid, ok := byKey[pp.BillingGroup]
		if !ok {
			return o, kakao.Invalid("projects["+itoa(i)+"].billingGroup", "no billing group %q in organization %q", pp.BillingGroup, o.Key)
		}
		pr := Project{Key: scoped(o, pp.Key), OrgID: o.ID, Name: pp.Name, GroupID: gid}
		if pr.ID, _, _ = tx.Resolve(Projects, pr.Key); strings.TrimSpace(pr.Name) == "" {
			return o, kakao.Invalid("projects["+itoa(i)+"].name", "a project needs a name")
		}
		if err := tx.Save(Projects, &pr); err != nil {
			return o, err
		}
	}
	return o, nil
}

// putGroup creates or replaces one group of o, matched by key.
func (s *Service) putGroup(tx *store.Tx, o Organization, p GroupParams) (BillingGroup, error) {
	if p.Key == "" {
		return BillingGroup{}, kakao.Invalid("key", "every billing group needs a key")
	}
	g := BillingGroup{Key: scoped(o, p.Key), OrgID: o.ID, Name: p.Name, Main: p.Main, CreatedAt: tx.Now()}
	if strings.TrimSpace(g.Name) == "" {
		return g, kakao.Invalid("name", "a billing group needs a name")
	}
	if id, ok, err := tx.Resolve(Groups, g.Key); err != nil {
		return g, err
	} else if ok {
		// The console may have deleted the group since; its key stays.
		var old BillingGroup
		if found, err := tx.Get(groupsBucket, store.Key(id), &old); err != nil {
			return g, err
		} else if found {
			g.CreatedAt = old.CreatedAt
		}
		g.ID = id
	}
	for _, ref := range p.Members {
		id, err := s.user(tx, "members", ref)
		if err != nil {
			return g, err
		}
		g.MemberIDs = append(g.MemberIDs, id)
	}
	if p.PaymentMethod != nil {
		pm, err := fixturePaymentMethod(tx, o, *p.PaymentMethod)
		if err != nil {
			return g, err
		}
		g.PaymentMethod = &pm
	}
	return g, s.saveGroup(tx, &g, p.Invoices)
}

// fixturePaymentMethod registers what a fixture states: a test card, which
// must be one the console would accept from this organisation (B04, B10;
// payment.go), as if already verified, or a dedicated account as if the
// helpdesk had approved it.
func fixturePaymentMethod(tx *store.Tx, o Organization, p PaymentMethodParams) (PaymentMethod, error) {
	switch p.Type {
	case CreditCard:
		if _, err := kakao.RegisterCard(p.CardNumber); err != nil {
			return PaymentMethod{}, kakao.Invalid("paymentMethod.cardNumber", "%s", kakao.Words(err))
		}
		pm, err := newCardMethod(tx, o, p.CardNumber, p.OwnerType)
		if err != nil {
			return pm, kakao.Invalid("paymentMethod.ownerType", "%s", kakao.Words(err))
		}
		return pm, nil
	case DedicatedAccount:
		if p.CardNumber != "" || p.OwnerType != "" {
			return PaymentMethod{}, kakao.Invalid("paymentMethod", "a DEDICATED_ACCOUNT has no card")
		}
		return newDedicatedMethod(tx)
	}
	return PaymentMethod{}, kakao.Invalid("paymentMethod.type", "must be CREDIT_CARD or DEDICATED_ACCOUNT")
}

// checkGroups applies rule B08 to an organisation's groups: exactly one
// main group, at most 30 sub-groups.
func checkGroups(groups []BillingGroup) error {
	mains := 0
	for _, g := range groups {
		if g.Main {
			mains++
		}
	}
	switch {
	case mains != 1:
		return kakao.Invalid("billingGroups", "an organization has exactly one main group, not %d (B08)", mains)
	case len(groups)-1 > MaxSubGroups:
		return kakao.Invalid("billingGroups", "at most %d sub-groups (B08)", MaxSubGroups)
	}
	return nil
}

// GroupsOf lists an organisation's groups, main first, then by id.
func GroupsOf(tx *store.Tx, orgID uint64) ([]BillingGroup, error) {
	var out []BillingGroup
	err := tx.Scan(groupsBucket, nil, func(_, v []byte) (bool, error) {
		var g BillingGroup
		if err := unmarshal(v, &g); err != nil {
			return false, err
		}
		if g.OrgID == orgID {
			out = append(out, g)
		}
		return true, nil
	})
	slices.SortStableFunc(out, func(a, b BillingGroup) int {
		switch {
		case a.Main == b.Main:
			return 0
		case a.Main:
			return -1
		}
		return 1
	})
	return out, err
}

func getGroup(tx *store.Tx, id uint64) (BillingGroup, error) {
	var g BillingGroup
	ok, err := tx.Get(groupsBucket, store.Key(id), &g)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no billing group %d", id)
	}
	return g, err
}

func (s *Service) user(tx *store.Tx, field, ref string) (uint64, error) {
	if ref == "" {
		return 0, kakao.Invalid(field, "is required")
	}
	id, ok, err := s.users(tx, ref)
	if err == nil && !ok {
		err = kakao.Invalid(field, "no user %q", ref)
	}
	return id, err
}

func scoped(o Organization, key string) string {
	if key == "" {
		return ""
	}
	return o.Key + "/" + key
}
