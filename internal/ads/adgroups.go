package ads

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// AdGroups lists a campaign's ad groups whose config is one of configs
// (nil: ON and OFF), in id order.
func (s *Service) AdGroups(c moment.Caller, adAccountID, campaignID uint64, configs []Config) ([]AdGroupView, error) {
	var out []AdGroupView
	err := s.read(c, adAccountID, func(w *world) error {
		cp, err := getCampaign(w.tx, campaignID)
		if err != nil {
			return err
		}
		if cp.AdAccountID != adAccountID {
			return kakao.ErrCampaignNotFound.With("광고계정 %d에 캠페인 %d이 없습니다.", adAccountID, campaignID)
		}
		ids, err := children(w.tx, campaignAdGroupsBucket, campaignID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			g, err := getAdGroup(w.tx, id)
			if err != nil {
				return err
			}
			if !want(configs, g.Config) {
				continue
			}
			v, err := w.adGroup(g)
			if err != nil {
				return err
			}
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

// AdGroup reads one ad group of the ad account (32001 missing, 32026 deleted).
func (s *Service) AdGroup(c moment.Caller, adAccountID, id uint64) (AdGroupView, error) {
	var v AdGroupView
	err := s.read(c, adAccountID, func(w *world) error {
		g, err := adGroupIn(w.tx, adAccountID, id)
		if err != nil {
			return err
		}
		pv, err := w.adGroup(g)
		if pv != nil {
			v = *pv
		}
		return err
	})
	return v, err
}

func adGroupView(tx *store.Tx, id uint64) (AdGroupView, error) {
	g, err := getAdGroup(tx, id)
	if err != nil {
		return AdGroupView{}, err
	}
	v, err := newWorld(tx).adGroup(g)
	if err != nil {
		return AdGroupView{}, err
	}
	return *v, nil
}

// CreateAdGroup makes an ad group in a campaign of the ad account, ON.
func (s *Service) CreateAdGroup(c moment.Caller, adAccountID, campaignID uint64, p AdGroupParams) (AdGroupView, error) {
	var v AdGroupView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		cp, err := campaignIn(tx, adAccountID, campaignID)
		if err != nil {
			return err
		}
		p.Key, p.ID, p.Config, p.SystemConfig = "", 0, moment.ConfigOn, SystemOn
		g, err := s.putAdGroup(tx, cp, p)
		if err != nil {
			return err
		}
		v, err = adGroupView(tx, g.ID)
		return err
	})
	return v, err
}

// UpdateAdGroup replaces an ad group's settings with p (PUT sends the whole
// object); its switches stay as they are.
func (s *Service) UpdateAdGroup(c moment.Caller, adAccountID, id uint64, p AdGroupParams) (AdGroupView, error) {
	var v AdGroupView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		g, err := adGroupIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		cp, err := getCampaign(tx, g.CampaignID)
		if err != nil {
			return err
		}
		p.Key, p.ID, p.Config, p.SystemConfig = g.Key, g.ID, g.Config, g.SystemConfig
		if _, err := s.putAdGroup(tx, cp, p); err != nil {
			return err
		}
		v, err = adGroupView(tx, id)
		return err
	})
	return v, err
}

// putAdGroup checks and stores an ad group of campaign cp.
func (s *Service) putAdGroup(tx *store.Tx, cp Campaign, p AdGroupParams) (AdGroup, error) {
	if cp.Config == moment.ConfigDel {
		return AdGroup{}, kakao.ErrParentDeleted.With("캠페인 %d은 삭제되었습니다.", cp.ID)
	}
	g := AdGroup{ID: p.ID, Key: p.Key, CampaignID: cp.ID, AdAccountID: cp.AdAccountID, Name: p.Name,
		Type: orDefault(p.Type, AdGroupDisplay), PricingType: orDefault(p.PricingType, PricingCPC),
		Pacing: orDefault(p.Pacing, PacingNormal), BidStrategy: orDefault(p.BidStrategy, BidManual),
		BidAmount: p.BidAmount, DailyBudget: p.DailyBudget, DeviceTypes: p.DeviceTypes, Placements: p.Placements,
		Targeting: p.Targeting, Bidding: Bidding{Adult: p.Adult, UseWifiOnly: p.UseWifiOnly, BidStrategyTarget: p.BidStrategyTarget,
			UseMaxAutoBidAmount: p.UseMaxAutoBidAmount, AutoMaxBidAmount: p.AutoMaxBidAmount}}
	if err := checkAdGroupFields(&g); err != nil {
		return AdGroup{}, err
	}
	var err error
	if g.Schedule, err = schedule(p.Schedule, tx.Now()); err != nil {
		return AdGroup{}, err
	}
	if g.Config, g.SystemConfig, err = switches(p.Config, p.SystemConfig); err != nil {
		return AdGroup{}, err
	}
	now := tx.Now()
	g.CreatedAt, g.ModifiedAt = now, now
	if old, err := getAdGroup(tx, p.ID); p.ID != 0 && err == nil {
		if old.CampaignID != cp.ID {
			return AdGroup{}, kakao.Invalid("campaign", "ad group %d belongs to campaign %d", p.ID, old.CampaignID)
		}
		g.CreatedAt = old.CreatedAt
	}
	if err := tx.Save(AdGroups, &g); err != nil {
		return AdGroup{}, err
	}
	if err := link(tx, campaignAdGroupsBucket, cp.ID, g.ID); err != nil {
		return AdGroup{}, err
	}
	return g, s.ensureDelivery(tx)
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// schedule resolves and checks an ad group's dates: a begin date (default
// today), an optional end date not before it.
func schedule(in Schedule, now time.Time) (Schedule, error) {
	var out Schedule
	var err error
	if in.BeginDate == "" {
		in.BeginDate = "today"
	}
	if out.BeginDate, _, err = kakao.ResolveDate(in.BeginDate, now); err != nil {
		return out, kakao.Invalid("schedule.beginDate", "%v", err)
	}
	if in.EndDate != "" {
		if out.EndDate, _, err = kakao.ResolveDate(in.EndDate, now); err != nil {
			return out, kakao.Invalid("schedule.endDate", "%v", err)
		}
		if out.EndDate < out.BeginDate {
			return out, kakao.Invalid("schedule.endDate", "%s is before the begin date %s", out.EndDate, out.BeginDate)
		}
	}
	return out, nil
}

// SetAdGroupDailyBudget sets or (nil) removes an ad group's daily budget.
func (s *Service) SetAdGroupDailyBudget(c moment.Caller, adAccountID, id uint64, budget *int64) (AdGroupView, error) {
	return s.changeAdGroup(c, adAccountID, id, func(g *AdGroup) error {
		if err := checkAdGroupBudget(budget); err != nil {
			return err
		}
		g.DailyBudget = budget
		return nil
	})
}

// SetAdGroupBid sets an ad group's (maximum) bid.
func (s *Service) SetAdGroupBid(c moment.Caller, adAccountID, id uint64, bid int64) (AdGroupView, error) {
	return s.changeAdGroup(c, adAccountID, id, func(g *AdGroup) error {
		if err := checkBid("bidAmount", bid); err != nil {
			return err
		}
		g.BidAmount = bid
		return nil
	})
}

// SetAdGroupPacing sets how an ad group spends its daily budget: NORMAL
// spreads it over the day, QUICK (and NONE) spend as fast as they can.
func (s *Service) SetAdGroupPacing(c moment.Caller, adAccountID, id uint64, pacing string) (AdGroupView, error) {
	return s.changeAdGroup(c, adAccountID, id, func(g *AdGroup) error {
		if err := checkPacing(pacing); err != nil {
			return err
		}
		g.Pacing = pacing
		return nil
	})
}

// SetAdGroupConfig switches an ad group ON or OFF (only from ON or OFF).
func (s *Service) SetAdGroupConfig(c moment.Caller, adAccountID, id uint64, config Config) (AdGroupView, error) {
	return s.changeAdGroup(c, adAccountID, id, func(g *AdGroup) error {
		if err := checkSwitch(g.Config, config); err != nil {
			return err
		}
		g.Config = config
		return nil
	})
}

func (s *Service) changeAdGroup(c moment.Caller, adAccountID, id uint64, change func(*AdGroup) error) (AdGroupView, error) {
	var v AdGroupView
	err := s.write(c, adAccountID, func(tx *store.Tx) error {
		g, err := adGroupIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		if err := change(&g); err != nil {
			return err
		}
		g.ModifiedAt = tx.Now()
		if err := tx.Put(adGroupsBucket, store.Key(g.ID), g); err != nil {
			return err
		}
		v, err = adGroupView(tx, g.ID)
		return err
	})
	return v, err
}

// DeleteAdGroup deletes an ad group and its creatives (config DEL, kept).
func (s *Service) DeleteAdGroup(c moment.Caller, adAccountID, id uint64) error {
	return s.write(c, adAccountID, func(tx *store.Tx) error {
		g, err := adGroupIn(tx, adAccountID, id)
		if err != nil {
			return err
		}
		return deleteAdGroup(tx, g)
	})
}

func deleteAdGroup(tx *store.Tx, g AdGroup) error {
	now := tx.Now()
	if err := eachCreativeOf(tx, g.ID, func(cr Creative) error {
		if cr.Config == moment.ConfigDel {
			return nil
		}
		cr.Config, cr.ModifiedAt = moment.ConfigDel, now
		return tx.Put(creativesBucket, store.Key(cr.ID), cr)
	}); err != nil {
		return err
	}
	g.Config, g.ModifiedAt = moment.ConfigDel, now
	return tx.Put(adGroupsBucket, store.Key(g.ID), g)
}
