package ads

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the ads buckets hold, for snapshots and kakao-sandbox check (rule R10).
func init() {
	cfg := func(c Config, sc SystemConfig) error {
		if err := store.OneOf("config", c, "ON", "OFF", "DEL"); err != nil {
			return err
		}
		return store.OneOf("systemConfig", sc, SystemOn, SystemAdminStop, SystemExternalServiceStop)
	}
	store.RegisterShape(store.Entities(campaignsBucket, func(c *Campaign) uint64 { return c.ID }, func(c *Campaign) error {
		return cfg(c.Config, c.SystemConfig)
	}))
	store.RegisterShape(store.Entities(adGroupsBucket, func(g *AdGroup) uint64 { return g.ID }, func(g *AdGroup) error {
		return cfg(g.Config, g.SystemConfig)
	}))
	store.RegisterShape(store.Entities(creativesBucket, func(c *Creative) uint64 { return c.ID }, func(c *Creative) error {
		return cfg(c.Config, SystemOn)
	}))
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
}
