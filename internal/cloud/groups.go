package cloud

import (
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The console's organisation and billing groups (rule B01, B02, B08).

// OrgStatus is whether an organisation may use its services (B01).
type OrgStatus string

const (
	OrgActive     OrgStatus = "ACTIVE"
	OrgRestricted OrgStatus = "RESTRICTED"
)

// OrganizationView is an organisation as one of its members sees it.
type OrganizationView struct {
	Organization Organization
	Role         Role
	Status       OrgStatus
	// RestrictedReason says why a RESTRICTED organisation is.
	RestrictedReason string
	SubGroups        int
}

// OrganizationOf is the organisation the user acts in (orgID 0: their only
// one), with its status: any member may see it.
func (s *Service) OrganizationOf(userID, orgID uint64) (OrganizationView, error) {
	var v OrganizationView
	err := s.db.View(func(tx *store.Tx) error {
		o, role, err := orgOf(tx, userID, orgID)
		if err != nil {
			return err
		}
		groups, err := GroupsOf(tx, o.ID)
		if err != nil {
			return err
		}
		v = OrganizationView{Organization: o, Role: role, Status: OrgActive, SubGroups: len(groups) - 1}
		if err := active(groups); err != nil {
			v.Status, v.RestrictedReason = OrgRestricted, kakao.Words(err)
		}
		return nil
	})
	return v, err
}

// active applies B01 to an organisation's groups (main first, as GroupsOf
// lists them): without a payment method on the main group its services are
// restricted and no sub-group can be made.
func active(groups []BillingGroup) error {
	if len(groups) == 0 || !groups[0].Main {
		return kakao.ErrMainGroupNoPayment.With("조직에 기본 결제 그룹이 없습니다. (B08)")
	}
	if groups[0].PaymentMethod == nil {
		return kakao.ErrMainGroupNoPayment.With("기본 결제 그룹 %d(%s)에 결제 수단이 없어 서비스가 제한되었고 하위 결제 그룹을 만들 수 없습니다. 결제 수단을 등록하세요. (B01)",
			groups[0].ID, groups[0].Name)
	}
	return nil
}

// MyGroups lists the groups of the user's organisation they are assigned
// to, main first (B02); a user assigned to none may not use billing at all.
func (s *Service) MyGroups(userID, orgID uint64) ([]BillingGroup, Role, error) {
	var out []BillingGroup
	var role Role
	err := s.db.View(func(tx *store.Tx) (err error) {
		out, role, err = myGroups(tx, userID, orgID)
		return err
	})
	return out, role, err
}

func myGroups(tx *store.Tx, userID, orgID uint64) ([]BillingGroup, Role, error) {
	o, role, err := orgOf(tx, userID, orgID)
	if err != nil {
		return nil, role, err
	}
	groups, err := GroupsOf(tx, o.ID)
	if err != nil {
		return nil, role, err
	}
	mine := slices.DeleteFunc(groups, func(g BillingGroup) bool { return !slices.Contains(g.MemberIDs, userID) })
	if len(mine) == 0 {
		return nil, role, kakao.ErrNoBillingGroup.With("사용자 %d은 조직 %d의 어느 결제 그룹에도 등록되어 있지 않습니다. (B02)", userID, o.ID)
	}
	return mine, role, nil
}

// GroupOf is one group the user is assigned to, with their role (B02).
func (s *Service) GroupOf(userID, groupID uint64) (BillingGroup, Role, error) {
	var g BillingGroup
	var role Role
	err := s.db.View(func(tx *store.Tx) (err error) {
		g, _, role, err = groupFor(tx, userID, groupID)
		return err
	})
	return g, role, err
}

// NewGroupParams describe a sub-group made in the console.
type NewGroupParams struct {
	OrgID   uint64 // 0: the user's only organisation
	Name    string
	Members []uint64 // users of the organisation; the creator is always one
}

// CreateGroup makes a sub-group: a Billing Admin may (B02), while the main
// group has a payment method (B01), up to 30 (B08).
func (s *Service) CreateGroup(userID uint64, p NewGroupParams) (BillingGroup, error) {
	var g BillingGroup
	err := s.db.Update(func(tx *store.Tx) error {
		o, role, err := orgOf(tx, userID, p.OrgID)
		if err != nil {
			return err
		}
		if err := requireAdmin(role); err != nil {
			return err
		}
		groups, err := GroupsOf(tx, o.ID)
		if err != nil {
			return err
		}
		if err := active(groups); err != nil {
			return err
		}
		if len(groups)-1 >= MaxSubGroups {
			return kakao.ErrTooManySubGroups.With("조직 %d에는 이미 하위 결제 그룹이 %d개 있습니다. (B08)", o.ID, len(groups)-1)
		}
		g = BillingGroup{OrgID: o.ID, Name: strings.TrimSpace(p.Name), MemberIDs: []uint64{userID}, CreatedAt: tx.Now()}
		if g.Name == "" {
			return kakao.Invalid("name", "a billing group needs a name")
		}
		for _, id := range p.Members {
			if o.RoleOf(id) == "" {
				return kakao.Invalid("members", "user %d has no billing role in organization %d", id, o.ID)
			}
			if !slices.Contains(g.MemberIDs, id) {
				g.MemberIDs = append(g.MemberIDs, id)
			}
		}
		return tx.Save(Groups, &g)
	})
	return g, err
}

// DeleteGroup deletes a sub-group without projects: the Billing Admin
// assigned to it may (B02); the main group never (B08).
func (s *Service) DeleteGroup(userID, groupID uint64) error {
	return s.db.Update(func(tx *store.Tx) error {
		g, _, role, err := groupFor(tx, userID, groupID)
		if err != nil {
			return err
		}
		if err := requireAdmin(role); err != nil {
			return err
		}
		if g.Main {
			return kakao.ErrMainGroupDelete
		}
		projects, err := projectsOf(tx, func(p Project) bool { return p.GroupID == groupID })
		if err != nil {
			return err
		}
		if len(projects) > 0 {
			return kakao.ErrGroupHasProjects.With("결제 그룹 %d에 프로젝트가 %d개 있습니다. 다른 결제 그룹으로 옮긴 뒤 삭제하세요. (B08)", groupID, len(projects))
		}
		return tx.Delete(groupsBucket, store.Key(groupID))
	})
}
