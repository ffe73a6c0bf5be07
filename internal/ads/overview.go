package ads

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Reads for the control plane's dashboard: an ad account's tree and its
// daily cost, whoever owns it, with no caller to authorize. Statuses come
// from the one world (status.go) and costs from the reports' own sum.

// AccountTree is an ad account with its campaigns (ON and OFF, as Kakao's
// lists default to), their ad groups and creatives, each with its status.
type AccountTree struct {
	moment.Standing
	Today     Period // today, KST, as one day
	Campaigns []CampaignNode
}

// CampaignNode is a campaign and its ad groups.
type CampaignNode struct {
	CampaignView
	AdGroups []AdGroupNode
}

// AdGroupNode is an ad group and its creatives.
type AdGroupNode struct {
	AdGroupView
	Creatives []CreativeNode
}

// CreativeNode is a creative and today's cost of its delivery.
type CreativeNode struct {
	CreativeView
	SpentToday int64
}

// Tree reads an ad account's tree at the transaction's time.
func (s *Service) Tree(adAccountID uint64) (AccountTree, error) {
	var t AccountTree
	err := s.db.View(func(tx *store.Tx) error {
		st, ok, err := moment.StandingIn(tx, adAccountID)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("no ad account %d", adAccountID)
		}
		w := newWorld(tx)
		today := startOfDay(w.now)
		t = AccountTree{Standing: st, Today: Period{today, today}}
		rows, err := s.report(tx, ReportQuery{AdAccountIDs: []uint64{adAccountID}, Level: LevelCreative, Period: t.Today})
		if err != nil {
			return err
		}
		spent := make(map[uint64]int64, len(rows))
		for _, r := range rows {
			spent[r.ID] = r.Cost
		}
		t.Campaigns, err = campaignNodes(w, adAccountID, spent)
		return err
	})
	return t, err
}

func campaignNodes(w *world, adAccountID uint64, spent map[uint64]int64) ([]CampaignNode, error) {
	ids, err := children(w.tx, accountCampaignsBucket, adAccountID)
	if err != nil {
		return nil, err
	}
	var out []CampaignNode
	for _, id := range ids {
		cp, err := getCampaign(w.tx, id)
		if err != nil {
			return nil, err
		}
		if !want(nil, cp.Config) {
			continue
		}
		v, err := w.campaign(cp)
		if err != nil {
			return nil, err
		}
		n := CampaignNode{CampaignView: *v}
		if n.AdGroups, err = adGroupNodes(w, id, spent); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func adGroupNodes(w *world, campaignID uint64, spent map[uint64]int64) ([]AdGroupNode, error) {
	ids, err := children(w.tx, campaignAdGroupsBucket, campaignID)
	if err != nil {
		return nil, err
	}
	var out []AdGroupNode
	for _, id := range ids {
		g, err := getAdGroup(w.tx, id)
		if err != nil {
			return nil, err
		}
		if !want(nil, g.Config) {
			continue
		}
		v, err := w.adGroup(g)
		if err != nil {
			return nil, err
		}
		n := AdGroupNode{AdGroupView: *v}
		err = eachCreativeOf(w.tx, id, func(cr Creative) error {
			if !want(nil, cr.Config) {
				return nil
			}
			cv, err := w.creative(cr)
			n.Creatives = append(n.Creatives, CreativeNode{CreativeView: cv, SpentToday: spent[cr.ID]})
			return err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// DailyCost is an ad account's cost on each day of p, today included when
// p holds it (the reports leave today to datePreset=TODAY; the dashboard
// draws it as it stands). Rows are the reports' own sums at level
// AD_ACCOUNT, one per day with delivery, in day order.
func (s *Service) DailyCost(adAccountID uint64, p Period) ([]ReportRow, error) {
	var rows []ReportRow
	err := s.db.View(func(tx *store.Tx) (err error) {
		rows, err = s.report(tx, ReportQuery{AdAccountIDs: []uint64{adAccountID}, Level: LevelAdAccount, Period: p})
		return err
	})
	return rows, err
}
