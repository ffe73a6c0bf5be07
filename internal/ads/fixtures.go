package ads

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// PutCampaign creates a campaign from a fixture entry, or replaces the one
// with the same id, inside the caller's transaction. Unlike the API it may
// set the switches (config, systemConfig).
func (s *Service) PutCampaign(tx *store.Tx, p CampaignParams) (Campaign, error) {
	adAccountID, err := wallet.Lookup(tx, moment.AdAccounts, "adAccount", p.AdAccount)
	if err != nil {
		return Campaign{}, err
	}
	cp, err := putCampaign(tx, adAccountID, p)
	if err == nil && cp.Config == moment.ConfigDel {
		err = deleteCampaign(tx, cp)
	}
	return cp, err
}

// PutAdGroup creates an ad group from a fixture entry (its campaign by key
// or id), or replaces the one with the same id.
func (s *Service) PutAdGroup(tx *store.Tx, p AdGroupParams) (AdGroup, error) {
	campaignID, err := wallet.Lookup(tx, Campaigns, "campaign", p.Campaign)
	if err != nil {
		return AdGroup{}, err
	}
	cp, err := getCampaign(tx, campaignID)
	if err != nil {
		return AdGroup{}, err
	}
	g, err := s.putAdGroup(tx, cp, p)
	if err == nil && g.Config == moment.ConfigDel {
		err = deleteAdGroup(tx, g)
	}
	return g, err
}

// PutCreative creates a creative from a fixture entry (its ad group by key
// or id, its review outcome in p.Review), or replaces the one with the same
// id.
func (s *Service) PutCreative(tx *store.Tx, p CreativeParams) (Creative, error) {
	adGroupID, err := wallet.Lookup(tx, AdGroups, "adGroup", p.AdGroup)
	if err != nil {
		return Creative{}, err
	}
	g, err := getAdGroup(tx, adGroupID)
	if err != nil {
		return Creative{}, err
	}
	return s.putCreative(tx, g, p, 0)
}
