package ads

import (
	"encoding/binary"
	"fmt"

	jsoniter "github.com/json-iterator/go"

	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Check verifies what no single stored value can: that the ads tree holds
// together (rule R10). Every campaign's ad account exists; every ad group's
// campaign exists, in the same ad account; every creative's ad group exists,
// under the same campaign and ad account; every parent→child index entry
// names an existing child of that parent, and every entity has its entry;
// a creative's review exists and reviews it; system switch histories, delivery records and
// day sums name existing entities of their ad account. Snapshot loads,
// kakao-sandbox check and the start-up check call it: a broken reference
// would answer 500 or pay from the wrong wallet. It reads each bucket once,
// keeping only ids in memory. It reports the first problem.
func Check(tx *store.Tx) error {
	t := tree{tx: tx, accounts: map[uint64]bool{}, campaigns: map[uint64]uint64{}, adGroups: map[uint64]parents{}, creatives: map[uint64]parents{}}
	for _, step := range []func() error{t.readCampaigns, t.readAdGroups, t.readCreatives, t.indexes, t.histories, t.delivery} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// reviewKind is the review kind of a creative's review (rule M04), which
// Check also reads.
const reviewKind = "ads.creativeReview"

type parents struct{ campaign, account uint64 }

type tree struct {
	tx        *store.Tx
	accounts  map[uint64]bool    // ad accounts looked up so far: exists?
	campaigns map[uint64]uint64  // campaign → ad account
	adGroups  map[uint64]parents // ad group → campaign, ad account
	creatives map[uint64]parents // creative → ad group (as campaign), ad account
}

func (t *tree) account(id uint64) (bool, error) {
	ok, seen := t.accounts[id]
	if seen {
		return ok, nil
	}
	ok, err := moment.AdAccountExists(t.tx, id)
	t.accounts[id] = ok
	return ok, err
}

func (t *tree) readCampaigns() error {
	return t.tx.Scan(campaignsBucket, nil, func(_, v []byte) (bool, error) {
		var c ids
		if err := readIDs(v, &c); err != nil {
			return false, err
		}
		if ok, err := t.account(c.AdAccountID); err != nil || !ok {
			return false, orProblem(err, "campaign %d: its ad account %d does not exist", c.ID, c.AdAccountID)
		}
		t.campaigns[c.ID] = c.AdAccountID
		return true, nil
	})
}

func (t *tree) readAdGroups() error {
	return t.tx.Scan(adGroupsBucket, nil, func(_, v []byte) (bool, error) {
		var g ids
		if err := readIDs(v, &g); err != nil {
			return false, err
		}
		account, ok := t.campaigns[g.CampaignID]
		switch {
		case !ok:
			return false, problem("ad group %d: its campaign %d does not exist", g.ID, g.CampaignID)
		case account != g.AdAccountID:
			return false, problem("ad group %d: its ad account is %d, but its campaign %d's is %d", g.ID, g.AdAccountID, g.CampaignID, account)
		}
		t.adGroups[g.ID] = parents{campaign: g.CampaignID, account: g.AdAccountID}
		return true, nil
	})
}

func (t *tree) readCreatives() error {
	return t.tx.Scan(creativesBucket, nil, func(_, v []byte) (bool, error) {
		var cr ids
		if err := readIDs(v, &cr); err != nil {
			return false, err
		}
		g, ok := t.adGroups[cr.AdGroupID]
		switch {
		case !ok:
			return false, problem("creative %d: its ad group %d does not exist", cr.ID, cr.AdGroupID)
		case g.campaign != cr.CampaignID || g.account != cr.AdAccountID:
			return false, problem("creative %d: its campaign and ad account are %d and %d, but its ad group %d's are %d and %d",
				cr.ID, cr.CampaignID, cr.AdAccountID, cr.AdGroupID, g.campaign, g.account)
		}
		if id := cr.Review.ReviewID; id != 0 {
			rv, ok, err := review.Get(t.tx, id)
			if err != nil || !ok {
				return false, orProblem(err, "creative %d: its review %d does not exist", cr.ID, id)
			}
			var p creativeReview
			if rv.Kind != reviewKind || idsJSON.Unmarshal(rv.Request, &p) != nil || p.Creative != cr.ID {
				return false, problem("creative %d: its review %d is not a review of it", cr.ID, id)
			}
		}
		t.creatives[cr.ID] = parents{campaign: cr.AdGroupID, account: cr.AdAccountID}
		return true, nil
	})
}

// indexes checks each parent→child bucket (tree.go): every entry names a
// child whose own parent id is that parent, and there are as many entries
// as children, so (keys being unique) every child has its entry.
func (t *tree) indexes() error {
	for _, ix := range []struct {
		bucket, child string
		parent        func(child uint64) (uint64, bool)
		n             int
	}{
		{accountCampaignsBucket, "campaign", func(id uint64) (uint64, bool) { a, ok := t.campaigns[id]; return a, ok }, len(t.campaigns)},
		{campaignAdGroupsBucket, "ad group", func(id uint64) (uint64, bool) { g, ok := t.adGroups[id]; return g.campaign, ok }, len(t.adGroups)},
		{adGroupCreativesBucket, "creative", func(id uint64) (uint64, bool) { c, ok := t.creatives[id]; return c.campaign, ok }, len(t.creatives)},
	} {
		n := 0
		err := t.tx.Scan(ix.bucket, nil, func(k, _ []byte) (bool, error) {
			parent, child := store.ID(k[:8]), store.ID(k[8:])
			if p, ok := ix.parent(child); !ok || p != parent {
				return false, problem("bucket %q key %s: %s %d is not one of %d's", ix.bucket, store.KeyText(k), ix.child, child, parent)
			}
			n++
			return true, nil
		})
		if err != nil {
			return err
		}
		if n != ix.n {
			return problem("bucket %q: %d entries for %d %ss: some %s is missing from its parent's list", ix.bucket, n, ix.n, ix.child, ix.child)
		}
	}
	return nil
}

// histories checks that each system switch history (control.go) is a
// campaign's ('c') or ad group's ('g') that exists.
func (t *tree) histories() error {
	return t.tx.Scan(historiesBucket, nil, func(k, _ []byte) (bool, error) {
		id := store.ID(k[1:9])
		_, isCampaign := t.campaigns[id]
		_, isAdGroup := t.adGroups[id]
		if !(k[0] == 'c' && isCampaign || k[0] == 'g' && isAdGroup) {
			return false, problem("bucket %q key %s: no campaign ('c') or ad group ('g') %d", historiesBucket, store.KeyText(k), id)
		}
		return true, nil
	})
}

// delivery checks each delivery record's key names a creative of its ad
// account, and each day's sums an ad account whose campaigns and ad groups
// they are. Records may be millions: only keys are read (their values were
// read by the shape check), against maps already in memory.
func (t *tree) delivery() error {
	err := t.tx.Scan(deliveryBucket, nil, func(k, _ []byte) (bool, error) {
		account, _, creative := splitDeliveryKey(k)
		if c, ok := t.creatives[creative]; !ok || c.account != account {
			return false, problem("bucket %q key %s: no creative %d in ad account %d", deliveryBucket, store.KeyText(k), creative, account)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return t.tx.Scan(daySpentBucket, nil, func(k, v []byte) (bool, error) {
		account := binary.BigEndian.Uint64(k[:8])
		if ok, err := t.account(account); err != nil || !ok {
			return false, orProblem(err, "bucket %q key %s: ad account %d does not exist", daySpentBucket, store.KeyText(k), account)
		}
		var d daySpent
		if err := store.Decode(v, &d); err != nil {
			return false, err
		}
		for id := range d.Campaigns {
			if a, ok := t.campaigns[id]; !ok || a != account {
				return false, problem("bucket %q key %s: no campaign %d in ad account %d", daySpentBucket, store.KeyText(k), id, account)
			}
		}
		for id := range d.AdGroups {
			if g, ok := t.adGroups[id]; !ok || g.account != account {
				return false, problem("bucket %q key %s: no ad group %d in ad account %d", daySpentBucket, store.KeyText(k), id, account)
			}
		}
		return true, nil
	})
}

// ids are what Check reads of a campaign, ad group or creative: the shape
// check has read each strictly already, so it reads these fields only, and
// fast (a 100k document holds hundreds of thousands).
type ids struct {
	ID          uint64 `json:"id"`
	AdAccountID uint64 `json:"adAccountId"`
	CampaignID  uint64 `json:"campaignId"`
	AdGroupID   uint64 `json:"adGroupId"`
	Review      struct {
		ReviewID uint64 `json:"reviewId"`
	} `json:"review"`
}

var idsJSON = jsoniter.Config{CaseSensitive: true}.Froze()

func readIDs(v []byte, out *ids) error { return idsJSON.Unmarshal(v, out) }

func problem(format string, args ...any) error {
	return fmt.Errorf("ads: "+format+" (rule R10)", args...)
}

// orProblem is err when reading failed, else the problem found.
func orProblem(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return problem(format, args...)
}
