package cloud

import (
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Projects and the one group that pays for each (rule B08).

// MyProjects lists the projects billed to the groups the user is assigned
// to (B02), by id.
func (s *Service) MyProjects(userID, orgID uint64) ([]Project, error) {
	var out []Project
	err := s.db.View(func(tx *store.Tx) error {
		groups, _, err := myGroups(tx, userID, orgID)
		if err != nil {
			return err
		}
		out, err = projectsOf(tx, func(p Project) bool {
			return slices.ContainsFunc(groups, func(g BillingGroup) bool { return g.ID == p.GroupID })
		})
		return err
	})
	return out, err
}

// MoveProject bills a project to another group of its organisation: a
// project is in exactly one group, so moving takes it out of the old one.
// The user must be the Billing Admin assigned to both (B02).
func (s *Service) MoveProject(userID, projectID, groupID uint64) (Project, error) {
	var p Project
	err := s.db.Update(func(tx *store.Tx) error {
		ok, err := tx.Get(projectsBucket, store.Key(projectID), &p)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("no project %d", projectID)
		}
		_, _, fromRole, err := groupFor(tx, userID, p.GroupID)
		if err != nil {
			return err
		}
		to, _, toRole, err := groupFor(tx, userID, groupID)
		if err != nil {
			return err
		}
		if err := requireAdmin(fromRole); err != nil {
			return err
		}
		if err := requireAdmin(toRole); err != nil {
			return err
		}
		if to.OrgID != p.OrgID {
			return kakao.Invalid("billingGroupId", "billing group %d is in another organization than project %d", groupID, projectID)
		}
		p.GroupID = groupID
		return tx.Put(projectsBucket, store.Key(p.ID), p)
	})
	return p, err
}

// projectsOf lists the projects keep accepts, by id.
func projectsOf(tx *store.Tx, keep func(Project) bool) ([]Project, error) {
	var out []Project
	err := tx.Scan(projectsBucket, nil, func(_, v []byte) (bool, error) {
		var p Project
		if err := unmarshal(v, &p); err != nil {
			return false, err
		}
		if keep(p) {
			out = append(out, p)
		}
		return true, nil
	})
	return out, err
}
