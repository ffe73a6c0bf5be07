package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// contractAdsTree is the campaign, ad group and creative the document's
// examples name (1001, 2001, 3001), in the demo's ad account 10001, for as
// long as the demo itself has no campaign tree.
const contractAdsTree = `
campaigns:
  - {key: contract-campaign, id: 1001, adAccount: "10001", name: 겨울 세일, type: DISPLAY, goal: VISITING, dailyBudget: 100000}
adGroups:
  - {key: contract-group, id: 2001, campaign: contract-campaign, name: 20대 여성, pricingType: CPC, pacing: QUICK, bidAmount: 200, dailyBudget: 100000, schedule: {beginDate: "2026-01-01"}}
creatives:
  - {key: contract-creative, id: 3001, adGroup: contract-group, name: 배너 A, format: IMAGE_NATIVE, landingUrl: "https://acme.example/sale"}
`

// contractDeleteToken is alice's, with moment_delete, which the demo's own
// business token lacks (the demo app may ask for it).
const contractDeleteToken = "contract-biz-alice-delete"

func init() {
	for _, op := range []string{"getCampaigns", "getCampaign", "createCampaign", "updateCampaign", "updateCampaignDailyBudget",
		"updateCampaignOnOff", "getCampaignLatestSystemConfigHistory", "getCampaignSystemConfigHistories",
		"getAdGroups", "getAdGroup", "createAdGroup", "updateAdGroup", "updateAdGroupDailyBudget", "updateAdGroupBidAmount",
		"updateAdGroupPacing", "updateAdGroupOnOff", "getCreatives", "getCreative", "updateCreativeOnOff",
		"createCreative", "updateCreative", "setCampaignSystemConfig", "setAdGroupSystemConfig"} {
		prepareFor[op] = prepareAdsTree
	}
	for _, op := range []string{"deleteCampaign", "deleteAdGroup", "deleteCreative"} {
		prepareFor[op] = func(t *testing.T, sb *sandboxtest.Sandbox) {
			prepareAdsTree(t, sb)
			sb.MintToken(sandboxtest.TokenParams{Token: contractDeleteToken, User: "alice", App: "demo", Type: "business",
				Scopes: []string{"moment_management", "moment_delete"}})
		}
		tokenFor[op] = contractDeleteToken
	}
}

func prepareAdsTree(t *testing.T, sb *sandboxtest.Sandbox) {
	r := sb.Do(sandboxtest.Request{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"},
		Body: []byte(contractAdsTree)})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
}
