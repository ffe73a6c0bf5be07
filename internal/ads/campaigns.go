package ads

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// read runs fn in a read transaction after authorizing the caller on the ad
// account (rule V05), with a world for statuses at the transaction's time.
func (s *Service) read(c moment.Caller, adAccountID uint64, fn func(w *world) error) error {
	return s.db.View(func(tx *store.Tx) error {
		if _, _, err := moment.Authorize(tx, c, adAccountID); err != nil {
			return err
		}
		return fn(newWorld(tx))
	})
}

// write is read's writing twin.
func (s *Service) write(c moment.Caller, adAccountID uint64, fn func(tx *store.Tx) error) error {
	return s.db.Update(func(tx *store.Tx) error {
		if _, _, err := moment.Authorize(tx, c, adAccountID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// Campaigns lists an ad account's campaigns whose config is one of configs
// (nil: ON and OFF), in id order.
func (s *Service) Campaigns(c moment.Caller, adAccountID uint64, configs []Config) ([]CampaignView, error) {
	var out []CampaignView
	err := s.read(c, adAccountID, func(w *world) error {
		ids, err := children(w.tx, accountCampaignsBucket, adAccountID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			cp, err := getCampaign(w.tx, id)
			if err != nil {
				return err
			}
			if !want(configs, cp.Config) {
				continue
			}
			v, err := w.campaign(cp)
			if err != nil {
				return err
			}
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

// Campaign reads one campaign of the ad account (31001 when it is missing
// or deleted).
func (s *Service) Campaign(c moment.Caller, adAccountID, id uint64) (CampaignView, error) {
	var v CampaignView
	err := s.read(c, adAccountID, func(w *world) error {
		cp, err := campaignIn(w.tx, adAccountID, id)
		if err != nil {
			return err
		}
		pv, err := w.campaign(cp)
		if pv != nil {
			v = *pv
		}
		return err
	})
	return v, err
}

// campaignView reads a campaign's view at the end of a writing transaction.
func campaignView(tx *store.Tx, id uint64) (CampaignView, error) {
	cp, err := getCampaign(tx, id)
	if err != nil {
		return CampaignView{}, err
	}
	v, err := newWorld(tx).campaign(cp)
	if err != nil {
		return CampaignView{}, err
	}
	return *v, nil
}

// CreateCampaign makes a campaign in the ad account: only an API-creatable
// type × goal, created ON, as Kakao does (rule M02). p's fixture fields
// (Key, ID, AdAccount, Config, SystemConfig) are ignored.
func (s *Service) CreateCampaign(c moment.Caller, adAccountID uint64, p CampaignParams) (CampaignView, error) {
	var v CampaignView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		p.Key, p.ID, p.Config, p.SystemConfig = "", 0, moment.ConfigOn, SystemOn
		cp, err := putCampaign(tx, adAccountID, p)
		if err != nil {
			return err
		}
		v, err = campaignView(tx, cp.ID)
		return err
	})
	return v, err
}

// putCampaign checks and stores a campaign in an ad account (a new one, or
// the one with p.ID, replaced).
func putCampaign(tx *store.Tx, adAccountID uint64, p CampaignParams) (Campaign, error) {
	if err := checkName(p.Name); err != nil {
		return Campaign{}, err
	}
	if err := checkTypeGoal(p.Type, p.Goal); err != nil {
		return Campaign{}, err
	}
	if err := checkCampaignBudget(p.DailyBudget); err != nil {
		return Campaign{}, err
	}
	if p.Objective != nil {
		if err := oneOf("objective.type", p.Objective.Type, "PIXEL_AND_SDK", "TALK_CHANNEL", "CATALOG"); err != nil {
			return Campaign{}, err
		}
	}
	if err := checkTracking(tx, adAccountID, p.Objective, p.TrackID); err != nil {
		return Campaign{}, err
	}
	cfg, sys, err := switches(p.Config, p.SystemConfig)
	if err != nil {
		return Campaign{}, err
	}
	now := tx.Now()
	cp := Campaign{ID: p.ID, Key: p.Key, AdAccountID: adAccountID, Name: p.Name, Type: p.Type, Goal: p.Goal,
		Objective: p.Objective, DailyBudget: p.DailyBudget, Config: cfg, SystemConfig: sys, TrackID: p.TrackID,
		Kclid: p.Kclid, CreatedAt: now, ModifiedAt: now}
	if old, err := getCampaign(tx, p.ID); p.ID != 0 && err == nil {
		if old.AdAccountID != adAccountID {
			return Campaign{}, kakao.Invalid("adAccount", "campaign %d belongs to ad account %d", p.ID, old.AdAccountID)
		}
		cp.CreatedAt = old.CreatedAt
	}
	if err := tx.Save(Campaigns, &cp); err != nil {
		return Campaign{}, err
	}
	return cp, link(tx, accountCampaignsBucket, adAccountID, cp.ID)
}

// switches checks a fixture's config and systemConfig, defaulting both to ON.
func switches(cfg Config, sys SystemConfig) (Config, SystemConfig, error) {
	if cfg == "" {
		cfg = moment.ConfigOn
	}
	if sys == "" {
		sys = SystemOn
	}
	if err := oneOf("config", string(cfg), "ON", "OFF", "DEL"); err != nil {
		return cfg, sys, err
	}
	return cfg, sys, oneOf("systemConfig", string(sys), string(SystemOn), string(SystemAdminStop), string(SystemExternalServiceStop))
}

// UpdateCampaign changes what PUT /campaigns may change: name, trackId,
// kclid, and the daily budget as a client may send it along.
func (s *Service) UpdateCampaign(c moment.Caller, adAccountID uint64, u CampaignUpdate) (CampaignView, error) {
	return s.changeCampaign(c, adAccountID, u.ID, func(tx *store.Tx, cp *Campaign) error {
		if u.Name != nil {
			if err := checkName(*u.Name); err != nil {
				return err
			}
			cp.Name = *u.Name
		}
		if u.TrackID != nil {
			if err := checkTracking(tx, cp.AdAccountID, nil, *u.TrackID); err != nil {
				return err
			}
			cp.TrackID = *u.TrackID
		}
		if u.Kclid != nil {
			cp.Kclid = *u.Kclid
		}
		if u.DailyBudget != nil {
			if err := checkCampaignBudget(*u.DailyBudget); err != nil {
				return err
			}
			cp.DailyBudget = *u.DailyBudget
		}
		return nil
	})
}

// SetCampaignDailyBudget sets or (nil) removes a campaign's daily budget
// (rule M02). Lowering it below today's spend stops the campaign for the
// rest of the day (EXCEED_DAILY_BUDGET).
func (s *Service) SetCampaignDailyBudget(c moment.Caller, adAccountID, id uint64, budget *int64) (CampaignView, error) {
	return s.changeCampaign(c, adAccountID, id, func(tx *store.Tx, cp *Campaign) error {
		if err := checkCampaignBudget(budget); err != nil {
			return err
		}
		cp.DailyBudget = budget
		return nil
	})
}

// SetCampaignConfig switches a campaign ON or OFF; only an ON or OFF one
// switches (rule M02).
func (s *Service) SetCampaignConfig(c moment.Caller, adAccountID, id uint64, config Config) (CampaignView, error) {
	return s.changeCampaign(c, adAccountID, id, func(tx *store.Tx, cp *Campaign) error {
		if err := checkSwitch(cp.Config, config); err != nil {
			return err
		}
		cp.Config = config
		return nil
	})
}

func (s *Service) changeCampaign(c moment.Caller, adAccountID, id uint64, change func(*store.Tx, *Campaign) error) (CampaignView, error) {
	var v CampaignView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		cp, err := campaignIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		if err := change(tx, &cp); err != nil {
			return err
		}
		cp.ModifiedAt = tx.Now()
		if err := tx.Put(campaignsBucket, store.Key(cp.ID), cp); err != nil {
			return err
		}
		v, err = campaignView(tx, cp.ID)
		return err
	})
	return v, err
}

// DeleteCampaign deletes a campaign and everything under it: each becomes
// DEL, kept, as Kakao still lists deleted ones (config=DEL).
func (s *Service) DeleteCampaign(c moment.Caller, adAccountID, id uint64) error {
	return s.write(c, adAccountID, func(tx *store.Tx) error {
		cp, err := campaignIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		return deleteCampaign(tx, cp)
	})
}

func deleteCampaign(tx *store.Tx, cp Campaign) error {
	groups, err := children(tx, campaignAdGroupsBucket, cp.ID)
	if err != nil {
		return err
	}
	for _, gid := range groups {
		g, err := getAdGroup(tx, gid)
		if err != nil {
			return err
		}
		if g.Config != moment.ConfigDel {
			if err := deleteAdGroup(tx, g); err != nil {
				return err
			}
		}
	}
	cp.Config, cp.ModifiedAt = moment.ConfigDel, tx.Now()
	return tx.Put(campaignsBucket, store.Key(cp.ID), cp)
}
