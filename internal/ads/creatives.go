package ads

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Creatives lists an ad group's creatives whose config is one of configs
// (nil: ON and OFF), in id order.
func (s *Service) Creatives(c moment.Caller, adAccountID, adGroupID uint64, configs []Config) ([]CreativeView, error) {
	var out []CreativeView
	err := s.read(c, adAccountID, func(w *world) error {
		g, err := getAdGroup(w.tx, adGroupID)
		if err != nil {
			return err
		}
		if g.AdAccountID != adAccountID {
			return kakao.ErrAdGroupNotFound.With("광고계정 %d에 광고그룹 %d이 없습니다.", adAccountID, adGroupID)
		}
		return eachCreativeOf(w.tx, adGroupID, func(cr Creative) error {
			if !want(configs, cr.Config) {
				return nil
			}
			v, err := w.creative(cr)
			out = append(out, v)
			return err
		})
	})
	return out, err
}

// Creative reads one creative of the ad account (33003 missing or deleted).
func (s *Service) Creative(c moment.Caller, adAccountID, id uint64) (CreativeView, error) {
	var v CreativeView
	err := s.read(c, adAccountID, func(w *world) error {
		cr, err := creativeIn(w.tx, adAccountID, id)
		if err != nil {
			return err
		}
		v, err = w.creative(cr)
		return err
	})
	return v, err
}

func creativeView(tx *store.Tx, id uint64) (CreativeView, error) {
	cr, err := getCreative(tx, id)
	if err != nil {
		return CreativeView{}, err
	}
	return newWorld(tx).creative(cr)
}

// CreateCreative makes a creative in an ad group of the ad account, ON and
// WAITING for review (rule M04). p's fixture fields are ignored.
func (s *Service) CreateCreative(c moment.Caller, adAccountID, adGroupID uint64, p CreativeParams) (CreativeView, error) {
	var v CreativeView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		g, err := adGroupIn(tx, adAccountID, adGroupID)
		if err != nil {
			return err
		}
		p.Key, p.ID, p.Config, p.Review, p.RejectedReason = "", 0, moment.ConfigOn, ReviewWaiting, ""
		cr, err := s.putCreative(tx, g, p, c.UserID)
		if err != nil {
			return err
		}
		v, err = creativeView(tx, cr.ID)
		return err
	})
	return v, err
}

// UpdateCreative changes a creative's name, format and landing URL; the
// change goes to review (MODIFICATION_WAITING for an approved creative) and
// the creative does not serve until it is approved (rule M04).
func (s *Service) UpdateCreative(c moment.Caller, adAccountID, id uint64, p CreativeParams) (CreativeView, error) {
	var v CreativeView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		cr, err := creativeIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		g, err := getAdGroup(tx, cr.AdGroupID)
		if err != nil {
			return err
		}
		p.Key, p.ID, p.Config, p.Review, p.RejectedReason = cr.Key, cr.ID, cr.Config, ReviewWaiting, ""
		if _, err := s.putCreative(tx, g, p, c.UserID); err != nil {
			return err
		}
		v, err = creativeView(tx, id)
		return err
	})
	return v, err
}

// putCreative checks and stores a creative of ad group g and files its
// review as p.Review says: APPROVED needs none, WAITING files one,
// REJECTED files one and rejects it (fixtures).
func (s *Service) putCreative(tx *store.Tx, g AdGroup, p CreativeParams, by uint64) (Creative, error) {
	if g.Config == moment.ConfigDel {
		return Creative{}, kakao.ErrParentDeleted.With("광고그룹 %d은 삭제되었습니다.", g.ID)
	}
	cr := Creative{ID: p.ID, Key: p.Key, AdGroupID: g.ID, CampaignID: g.CampaignID, AdAccountID: g.AdAccountID,
		Name: p.Name, Type: g.Type, Format: orDefault(p.Format, FormatImageNative), LandingURL: p.LandingURL}
	if err := checkName(p.Name); err != nil {
		return Creative{}, err
	}
	if err := oneOf("format", cr.Format, FormatImageBanner, FormatImageNative, FormatVideoNative, FormatCatalogManual); err != nil {
		return Creative{}, err
	}
	if err := checkLandingURL(p.LandingURL); err != nil {
		return Creative{}, err
	}
	var err error
	if cr.Config, _, err = switches(p.Config, ""); err != nil {
		return Creative{}, err
	}
	review := orDefault(p.Review, ReviewApproved)
	if err := oneOf("review", review, ReviewApproved, ReviewWaiting, ReviewRejected); err != nil {
		return Creative{}, err
	}
	now := tx.Now()
	cr.CreatedAt, cr.ModifiedAt = now, now
	var wasApproved bool
	var round uint64
	if old, err := getCreative(tx, p.ID); p.ID != 0 && err == nil {
		round = old.Review.Round
		if old.AdGroupID != g.ID {
			return Creative{}, kakao.Invalid("adGroup", "creative %d belongs to ad group %d", p.ID, old.AdGroupID)
		}
		cr.CreatedAt = old.CreatedAt
		rs, _, err := reviewStatus(tx, old.Review)
		if err != nil {
			return Creative{}, err
		}
		wasApproved = rs == ReviewApproved || rs == ReviewModificationWaiting || rs == ReviewModificationRejected
	}
	if err := tx.Save(Creatives, &cr); err != nil {
		return Creative{}, err
	}
	if review != ReviewApproved {
		if cr.Review, err = s.submit(tx, cr, wasApproved, round+1, by); err != nil {
			return Creative{}, err
		}
		if review == ReviewRejected {
			if _, err := s.reviews.DecideIn(tx, cr.Review.ReviewID, false, orDefault(p.RejectedReason, "fixture")); err != nil {
				return Creative{}, err
			}
		}
		if err := tx.Put(creativesBucket, store.Key(cr.ID), cr); err != nil {
			return Creative{}, err
		}
	}
	if err := link(tx, adGroupCreativesBucket, g.ID, cr.ID); err != nil {
		return Creative{}, err
	}
	return cr, s.ensureDelivery(tx)
}

// SetCreativeConfig switches a creative ON or OFF (only from ON or OFF).
func (s *Service) SetCreativeConfig(c moment.Caller, adAccountID, id uint64, config Config) (CreativeView, error) {
	var v CreativeView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		cr, err := creativeIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		if err := checkSwitch(cr.Config, config); err != nil {
			return err
		}
		cr.Config, cr.ModifiedAt = config, tx.Now()
		if err := tx.Put(creativesBucket, store.Key(cr.ID), cr); err != nil {
			return err
		}
		v, err = creativeView(tx, id)
		return err
	})
	return v, err
}

// DeleteCreative deletes a creative (config DEL, kept).
func (s *Service) DeleteCreative(c moment.Caller, adAccountID, id uint64) error {
	return s.write(c, adAccountID, func(tx *store.Tx) error {
		cr, err := creativeIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		cr.Config, cr.ModifiedAt = moment.ConfigDel, tx.Now()
		return tx.Put(creativesBucket, store.Key(cr.ID), cr)
	})
}
