package ads

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// TestCheckFindsBrokenReferences: Check passes a whole tree and names what
// each kind of broken reference points at; the parts the snapshot tests in
// package sandbox do not reach (histories, delivery records, day sums) are
// broken here, one at a time, in a transaction that is rolled back.
func TestCheckFindsBrokenReferences(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "ads.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	hour := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		for _, a := range []uint64{10, 11} {
			if err := tx.Put("moment.adAccounts", store.Key(a), moment.AdAccount{ID: a, Config: moment.ConfigOn}); err != nil {
				return err
			}
		}
		return errors.Join(
			tx.Put(campaignsBucket, store.Key(20), Campaign{ID: 20, AdAccountID: 10}),
			tx.Put(campaignsBucket, store.Key(21), Campaign{ID: 21, AdAccountID: 11}),
			tx.Put(adGroupsBucket, store.Key(30), AdGroup{ID: 30, CampaignID: 20, AdAccountID: 10}),
			tx.Put(creativesBucket, store.Key(40), Creative{ID: 40, AdGroupID: 30, CampaignID: 20, AdAccountID: 10}),
			link(tx, accountCampaignsBucket, 10, 20), link(tx, accountCampaignsBucket, 11, 21),
			link(tx, campaignAdGroupsBucket, 20, 30), link(tx, adGroupCreativesBucket, 30, 40),
			tx.Put(historiesBucket, historyKey(KindCampaign, 20, 1), SystemConfigHistory{SystemConfig: SystemOn}),
			tx.Put(deliveryBucket, deliveryKey(10, hour, 40), Delivered{Imp: 1}),
			tx.Put(daySpentBucket, dayKey(10, hour), daySpent{Total: 5, Campaigns: map[uint64]int64{20: 5}, AdGroups: map[uint64]int64{30: 5}}),
		)
	}))
	require.NoError(t, db.View(Check), "a whole tree passes")

	rollback := errors.New("roll back")
	for name, tc := range map[string]struct {
		edit func(tx *store.Tx) error
		want string
	}{
		"history_of_no_campaign": {func(tx *store.Tx) error {
			return tx.Put(historiesBucket, historyKey(KindCampaign, 29, 1), SystemConfigHistory{SystemConfig: SystemOn})
		}, "no campaign ('c') or ad group ('g') 29"},
		"history_of_an_ad_group_filed_as_a_campaign": {func(tx *store.Tx) error {
			return tx.Put(historiesBucket, historyKey(KindCampaign, 30, 1), SystemConfigHistory{SystemConfig: SystemOn})
		}, "no campaign ('c') or ad group ('g') 30"},
		"delivery_of_no_creative": {func(tx *store.Tx) error {
			return tx.Put(deliveryBucket, deliveryKey(10, hour, 49), Delivered{Imp: 1})
		}, "no creative 49 in ad account 10"},
		"delivery_filed_under_another_ad_account": {func(tx *store.Tx) error {
			return tx.Put(deliveryBucket, deliveryKey(11, hour, 40), Delivered{Imp: 1})
		}, "no creative 40 in ad account 11"},
		"day_sum_of_no_ad_account": {func(tx *store.Tx) error {
			return tx.Put(daySpentBucket, dayKey(19, hour), daySpent{})
		}, "ad account 19 does not exist"},
		"day_sum_naming_another_account_s_campaign": {func(tx *store.Tx) error {
			return tx.Put(daySpentBucket, dayKey(11, hour), daySpent{Campaigns: map[uint64]int64{20: 1}})
		}, "no campaign 20 in ad account 11"},
		"day_sum_naming_no_ad_group": {func(tx *store.Tx) error {
			return tx.Put(daySpentBucket, dayKey(10, hour), daySpent{AdGroups: map[uint64]int64{39: 1}})
		}, "no ad group 39 in ad account 10"},
		"campaign_missing_from_its_account_s_list": {func(tx *store.Tx) error {
			return tx.Delete(accountCampaignsBucket, store.Keys(store.Key(11), store.Key(21)))
		}, `bucket "ads.accountCampaigns": 1 entries for 2 campaigns`},
		"ad_group_listed_under_another_campaign": {func(tx *store.Tx) error {
			return link(tx, campaignAdGroupsBucket, 21, 30)
		}, "ad group 30 is not one of 21's"},
		"creative_with_another_creative_s_review": {func(tx *store.Tx) error {
			rv := review.Review{ID: 8, Kind: reviewKind, Request: []byte(`{"c":41,"n":1}`), Status: review.Pending}
			return errors.Join(tx.Put("review.reviews", store.Key(8), rv),
				tx.Put(creativesBucket, store.Key(40), Creative{ID: 40, AdGroupID: 30, CampaignID: 20, AdAccountID: 10, Review: CreativeReview{ReviewID: 8}}))
		}, "creative 40: its review 8 is not a review of it"},
		"creative_whose_review_is_gone": {func(tx *store.Tx) error {
			return tx.Put(creativesBucket, store.Key(40), Creative{ID: 40, AdGroupID: 30, CampaignID: 20, AdAccountID: 10, Review: CreativeReview{ReviewID: 7}})
		}, "creative 40: its review 7 does not exist"},
	} {
		t.Run(name, func(t *testing.T) {
			err := db.UpdateAlone(func(tx *store.Tx) error {
				if err := tc.edit(tx); err != nil {
					return err
				}
				err := Check(tx)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				return rollback
			})
			require.ErrorIs(t, err, rollback)
		})
	}
}
