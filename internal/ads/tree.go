package ads

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Indexes from a parent to its children (parent id + child id → true), so
// a list reads only its own entries. Parents never change, so an entry is
// written once, when the child is made.
const (
	accountCampaignsBucket = "ads.accountCampaigns"
	campaignAdGroupsBucket = "ads.campaignAdGroups"
	adGroupCreativesBucket = "ads.adGroupCreatives"
)

func link(tx *store.Tx, bucket string, parent, child uint64) error {
	return tx.Put(bucket, store.Keys(store.Key(parent), store.Key(child)), true)
}

// children lists the ids under parent, in id order.
func children(tx *store.Tx, bucket string, parent uint64) ([]uint64, error) {
	var ids []uint64
	err := tx.Scan(bucket, store.Key(parent), func(k, _ []byte) (bool, error) {
		ids = append(ids, store.ID(k[8:]))
		return true, nil
	})
	return ids, err
}

func getCampaign(tx *store.Tx, id uint64) (Campaign, error) {
	var c Campaign
	ok, err := tx.Get(campaignsBucket, store.Key(id), &c)
	if err == nil && !ok {
		err = kakao.ErrCampaignNotFound.With("캠페인 %d이 없습니다.", id)
	}
	return c, err
}

func getAdGroup(tx *store.Tx, id uint64) (AdGroup, error) {
	var g AdGroup
	ok, err := tx.Get(adGroupsBucket, store.Key(id), &g)
	if err == nil && !ok {
		err = kakao.ErrAdGroupNotFound.With("광고그룹 %d이 없습니다.", id)
	}
	return g, err
}

func getCreative(tx *store.Tx, id uint64) (Creative, error) {
	var cr Creative
	ok, err := tx.Get(creativesBucket, store.Key(id), &cr)
	if err == nil && !ok {
		err = kakao.ErrCreativeNotFound.With("소재 %d이 없습니다.", id)
	}
	return cr, err
}

// campaignIn is a campaign of the ad account that is not deleted: another
// account's is as unknown as a missing one.
func campaignIn(tx *store.Tx, adAccountID, id uint64) (Campaign, error) {
	c, err := getCampaign(tx, id)
	if err == nil && (c.AdAccountID != adAccountID || c.Config == moment.ConfigDel) {
		err = kakao.ErrCampaignNotFound.With("광고계정 %d에 캠페인 %d이 없거나 삭제되었습니다.", adAccountID, id)
	}
	return c, err
}

func adGroupIn(tx *store.Tx, adAccountID, id uint64) (AdGroup, error) {
	g, err := getAdGroup(tx, id)
	switch {
	case err != nil:
	case g.AdAccountID != adAccountID:
		err = kakao.ErrAdGroupNotFound.With("광고계정 %d에 광고그룹 %d이 없습니다.", adAccountID, id)
	case g.Config == moment.ConfigDel:
		err = kakao.ErrAdGroupDeleted.With("광고그룹 %d은 삭제되었습니다.", id)
	}
	return g, err
}

func creativeIn(tx *store.Tx, adAccountID, id uint64) (Creative, error) {
	cr, err := getCreative(tx, id)
	if err == nil && (cr.AdAccountID != adAccountID || cr.Config == moment.ConfigDel) {
		err = kakao.ErrCreativeNotFound.With("광고계정 %d에 소재 %d이 없거나 삭제되었습니다.", adAccountID, id)
	}
	return cr, err
}

// eachCreativeOf calls fn with every creative of an ad group, deleted ones too.
func eachCreativeOf(tx *store.Tx, adGroupID uint64, fn func(Creative) error) error {
	ids, err := children(tx, adGroupCreativesBucket, adGroupID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		cr, err := getCreative(tx, id)
		if err != nil {
			return err
		}
		if err := fn(cr); err != nil {
			return err
		}
	}
	return nil
}

// want reads a list's config filter: nil is ON and OFF, as Kakao's default.
func want(configs []Config, c Config) bool {
	if len(configs) == 0 {
		return c == moment.ConfigOn || c == moment.ConfigOff
	}
	for _, w := range configs {
		if w == c {
			return true
		}
	}
	return false
}
