package ads

import (
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the ads buckets hold, for snapshots and kakao-sandbox check (rule R10).
func init() {
	store.RegisterShape(store.Entities(campaignsBucket, func(c *Campaign) uint64 { return c.ID }, checkStoredCampaign))
	store.RegisterShape(store.Entities(adGroupsBucket, func(g *AdGroup) uint64 { return g.ID }, checkStoredAdGroup))
	store.RegisterShape(store.Entities(creativesBucket, func(c *Creative) uint64 { return c.ID }, checkStoredCreative))
	for _, b := range []string{accountCampaignsBucket, campaignAdGroupsBucket, adGroupCreativesBucket} {
		store.RegisterShape(store.Values[bool](b, 16, -1, nil))
	}
	store.RegisterShape(store.Values(historiesBucket, 17, 9, func(_ []byte, h *SystemConfigHistory) error {
		return store.OneOf("systemConfig", h.SystemConfig, SystemOn, SystemAdminStop, SystemExternalServiceStop)
	}))
	store.RegisterShape(store.Values(deliveryBucket, 21, -1, func(_ []byte, r *Delivered) error {
		if r.Imp < 0 || r.Click < 0 || r.Cost < 0 || r.Click > r.Imp {
			return fmt.Errorf("impressions %d, clicks %d, cost %d: none may be negative, nor clicks above impressions", r.Imp, r.Click, r.Cost)
		}
		return nil
	}))
	store.RegisterShape(store.Values(daySpentBucket, 12, -1, func(_ []byte, d *daySpent) error {
		if d.Total < 0 {
			return fmt.Errorf("a day's spend of %d won is negative", d.Total)
		}
		return nil
	}))
	store.RegisterMeta(deliveryMeta, func(v []byte) error {
		var st deliveryState
		return store.Decode(v, &st)
	})
	store.RegisterMeta(correctionMeta, func(v []byte) error {
		var st correctionState
		return store.Decode(v, &st)
	})
}

// A stored campaign, ad group or creative must satisfy what creating it
// requires (the same checks: validate.go), and its ids be set: a snapshot
// or a hand-edited file is held to the API's rules (rule R10). Its parents
// are checked with the whole tree, by Check (integrity.go).

func checkStoredCampaign(c *Campaign) error {
	if c.AdAccountID == 0 {
		return fmt.Errorf("adAccountId: missing")
	}
	if err := firstOf(checkName(c.Name), checkTypeGoal(c.Type, c.Goal), checkCampaignBudget(c.DailyBudget)); err != nil {
		return err
	}
	if c.Objective != nil {
		if err := oneOf("objective.type", c.Objective.Type, "PIXEL_AND_SDK", "TALK_CHANNEL", "CATALOG"); err != nil {
			return err
		}
	}
	return storedSwitches(c.Config, c.SystemConfig)
}

func checkStoredAdGroup(g *AdGroup) error {
	if g.CampaignID == 0 || g.AdAccountID == 0 {
		return fmt.Errorf("campaignId %d, adAccountId %d: both must be set", g.CampaignID, g.AdAccountID)
	}
	if err := checkAdGroupFields(g); err != nil {
		return err
	}
	if err := storedDates(g.Schedule); err != nil {
		return err
	}
	return storedSwitches(g.Config, g.SystemConfig)
}

func checkStoredCreative(cr *Creative) error {
	if cr.AdGroupID == 0 || cr.CampaignID == 0 || cr.AdAccountID == 0 {
		return fmt.Errorf("adGroupId %d, campaignId %d, adAccountId %d: all must be set", cr.AdGroupID, cr.CampaignID, cr.AdAccountID)
	}
	return firstOf(checkName(cr.Name),
		oneOf("type", cr.Type, AdGroupDisplay, AdGroupDirectMessage),
		oneOf("format", cr.Format, FormatImageBanner, FormatImageNative, FormatVideoNative, FormatCatalogManual),
		checkLandingURL(cr.LandingURL),
		storedSwitches(cr.Config, SystemOn))
}

// storedSwitches are switches' values, with no defaults: a stored entity
// has both set.
func storedSwitches(c Config, sc SystemConfig) error {
	if err := store.OneOf("config", c, "ON", "OFF", "DEL"); err != nil {
		return err
	}
	return store.OneOf("systemConfig", sc, SystemOn, SystemAdminStop, SystemExternalServiceStop)
}

// storedDates are a schedule as schedule() stores it: KST dates, the end
// (if any) not before the begin.
func storedDates(s Schedule) error {
	if _, err := time.Parse(time.DateOnly, s.BeginDate); err != nil {
		return fmt.Errorf("schedule.beginDate: %q is not a yyyy-MM-dd date", s.BeginDate)
	}
	if s.EndDate == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s.EndDate); err != nil {
		return fmt.Errorf("schedule.endDate: %q is not a yyyy-MM-dd date", s.EndDate)
	}
	if s.EndDate < s.BeginDate {
		return fmt.Errorf("schedule.endDate: %s is before the begin date %s", s.EndDate, s.BeginDate)
	}
	return nil
}

func firstOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
