package sandbox_test

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// adsOps are the Moment ads operations that take a body or an id, in the
// order FuzzMomentAdsJSON's first byte picks them; %s is the fuzzed path
// parameter or query.
var adsOps = []struct{ method, path string }{
	{"POST", "/openapi/v4/campaigns"},
	{"PUT", "/openapi/v4/campaigns"},
	{"PUT", "/openapi/v4/campaigns/dailyBudgetAmount"},
	{"PUT", "/openapi/v4/campaigns/onOff"},
	{"POST", "/openapi/v4/adGroups"},
	{"PUT", "/openapi/v4/adGroups"},
	{"PUT", "/openapi/v4/adGroups/dailyBudgetAmount"},
	{"PUT", "/openapi/v4/adGroups/bidAmount"},
	{"PUT", "/openapi/v4/adGroups/pacing"},
	{"PUT", "/openapi/v4/creatives/onOff"},
	{"POST", "/openapi/v4/creatives"},
	{"PUT", "/openapi/v4/creatives"},
	{"GET", "/openapi/v4/campaigns?config=%s"},
	{"GET", "/openapi/v4/adGroups?campaignId=%s"},
	{"DELETE", "/openapi/v4/campaigns/%s"},
	{"PUT", "/_sandbox/campaigns/%s/systemConfig"},
}

// FuzzMomentAdsJSON sends arbitrary bodies and parameters to the campaign,
// ad group and creative operations (rule R01): each answer is a success or
// a Kakao-format 4xx, a refused call writes nothing, and the ledger holds.
func FuzzMomentAdsJSON(f *testing.F) {
	sb, err := sandboxtest.Open(sandboxtest.WithFixtures(adsFixture), sandboxtest.NoRateLimits)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() {
		if err := sb.Close(); err != nil {
			f.Error(err)
		}
	})
	f.Add(uint8(0), "", `{"name":"새 캠페인","campaignTypeGoal":{"campaignType":"DISPLAY","goal":"VISITING"},"dailyBudgetAmount":50000}`)
	f.Add(uint8(0), "", `{"name":"x","campaignTypeGoal":{"campaignType":"DISPLAY","goal":"REACH"}}`)
	f.Add(uint8(1), "", `{"id":40001,"dailyBudgetAmount":null,"name":"이름"}`)
	f.Add(uint8(2), "", `{"id":40001,"dailyBudgetAmount":50005}`)
	f.Add(uint8(3), "", `{"id":40003,"config":"ON"}`)
	f.Add(uint8(4), "", `{"campaign":{"id":40001},"name":"g","bidAmount":100,"schedule":{"beginDate":"2026-13-01"},"extra":{"a":[1]}}`)
	f.Add(uint8(5), "", `{"id":50001,"name":"g","pricingType":"CPM","bidAmount":-1,"dailyBudgetAmount":9999999999999}`)
	f.Add(uint8(6), "", `{"id":50001,"dailyBudgetAmount":10000}`)
	f.Add(uint8(7), "", `{"id":50001,"bidAmount":100001}`)
	f.Add(uint8(8), "", `{"id":50001,"pacing":"NONE"}`)
	f.Add(uint8(9), "", `{"id":60002,"config":"OFF"}`)
	f.Add(uint8(10), "", `{"adGroupId":50001,"name":"c","format":"VIDEO_NATIVE","rspvLandingUrl":"javascript:1"}`)
	f.Add(uint8(11), "", `{"id":60001,"name":""}`)
	f.Add(uint8(12), "ON,,DEL", ``)
	f.Add(uint8(13), "-1", ``)
	f.Add(uint8(14), "40001", ``)
	f.Add(uint8(15), "40002", `{"systemConfig":"ADMIN_STOP","reason":"\u0000"}`)
	f.Fuzz(func(t *testing.T, op uint8, param, body string) {
		resetUnlessPassed(t, sb)
		o := adsOps[int(op)%len(adsOps)]
		path := o.path
		if bytes.Contains([]byte(path), []byte("%s")) {
			path = string(bytes.Replace([]byte(path), []byte("%s"), []byte(url.PathEscape(param)), 1))
		}
		token := adv
		if o.method == "DELETE" {
			token = advDelete
		}
		before := dataSum(t, sb)
		r := sandboxtest.Do(t, sb.URL, req{Method: o.method, Path: path, Token: token,
			Header: map[string]string{"Content-Type": "application/json", "adAccountId": "30001"}, Body: body})
		what := o.method + " " + path + " " + body
		if r.Status >= 300 {
			requireKakaoError(t, what, r)
		}
		sb.RequireLedger()
		if r.Status < 300 {
			resetTo(t, sb)
		} else if dataSum(t, sb) != before {
			t.Fatalf("refused %s (%d) changed the data file: %s", what, r.Status, r.Body)
		}
	})
}
