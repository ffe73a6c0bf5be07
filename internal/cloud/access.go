package cloud

import (
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Who may see and do what in billing (rule B02): a user acts in an
// organisation by the role it gives them, and only on the billing groups
// they are assigned to. Every console operation starts here.

// orgOf finds the organisation the user acts in: the one orgID names, or
// the user's only one.
func orgOf(tx *store.Tx, userID, orgID uint64) (Organization, Role, error) {
	var found []Organization
	err := tx.Scan(orgsBucket, nil, func(_, v []byte) (bool, error) {
		var o Organization
		if err := unmarshal(v, &o); err != nil {
			return false, err
		}
		if o.RoleOf(userID) != "" && (orgID == 0 || o.ID == orgID) {
			found = append(found, o)
		}
		return true, nil
	})
	switch {
	case err != nil:
		return Organization{}, "", err
	case len(found) == 0:
		return Organization{}, "", kakao.ErrNoBillingGroup.With("사용자 %d은 KakaoCloud 조직의 결제 역할이 없습니다. (B02)", userID)
	case len(found) > 1:
		return Organization{}, "", kakao.ErrOrganizationNeeded
	}
	return found[0], found[0].RoleOf(userID), nil
}

// groupFor loads a billing group the user is assigned to, with its
// organisation and the user's role there (B02).
func groupFor(tx *store.Tx, userID, groupID uint64) (BillingGroup, Organization, Role, error) {
	g, err := getGroup(tx, groupID)
	if err != nil {
		return g, Organization{}, "", err
	}
	o, err := getOrg(tx, g.OrgID)
	if err != nil {
		return g, o, "", err
	}
	role := o.RoleOf(userID)
	if role == "" || !slices.Contains(g.MemberIDs, userID) {
		return g, o, "", kakao.ErrNoBillingGroup.With("사용자 %d은 결제 그룹 %d에 등록되어 있지 않습니다. (B02)", userID, groupID)
	}
	return g, o, role, nil
}

// requireAdmin applies B02: payment methods and groups are Billing Admin's.
func requireAdmin(role Role) error {
	if role != BillingAdmin {
		return kakao.ErrNotBillingAdmin.With("Billing Admin만 할 수 있습니다. 이 사용자의 역할은 %s입니다. (B02)", role)
	}
	return nil
}

// requireInvoiceReader applies B02: invoices are Billing Admin's and Billing
// Manager's; a Billing Viewer sees estimated cost only.
func requireInvoiceReader(role Role) error {
	if role != BillingAdmin && role != BillingManager {
		return kakao.ErrBillingRole
	}
	return nil
}

func getOrg(tx *store.Tx, id uint64) (Organization, error) {
	var o Organization
	ok, err := tx.Get(orgsBucket, store.Key(id), &o)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no organization %d", id)
	}
	return o, err
}
