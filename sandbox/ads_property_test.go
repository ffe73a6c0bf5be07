package sandbox_test

import (
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

var adsSeed = flag.Uint64("ads-seed", 0, "seed of TestAdsDeliveryProperty (0: a new one each run)")

// TestAdsDeliveryProperty applies random switches, budget changes,
// deposits, free cash, review decisions and advances, and after each step
// checks what must always hold of delivery (issue 21): balances equal
// ledgers; no day spends past a daily budget; nothing spends while a switch
// above it is OFF, under review, out of its schedule or out of cash; a day's
// recorded spend equals its wallet's spend entries, and so does what its
// reports say it cost (rule P05).
func TestAdsDeliveryProperty(t *testing.T) {
	t.Parallel()
	seed := *adsSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	defer func() {
		if t.Failed() {
			t.Logf("seed %d: go test ./sandbox -run TestAdsDeliveryProperty -ads-seed %d", seed, seed)
		}
	}()
	rng := rand.New(rand.NewPCG(seed, 21))
	never := time.Duration(0)
	// The property's tree is in the fixture's order: campaigns first.
	b := newAdsBox(t, "", &never)
	b.load(propertyAdsDoc())
	p := &adsProperty{b: b, rng: rng, start: b.now().In(kakao.KST)}
	for step := 0; step < 150 && !t.Failed(); step++ {
		p.step(t, step)
	}
	// At last everything ON, with cash: a day that must deliver, checked too.
	for _, a := range propertyAccounts {
		cs, err := b.ads.Campaigns(masterCaller, a, nil)
		require.NoError(t, err)
		for _, c := range cs {
			_, err = b.ads.SetCampaignConfig(masterCaller, a, c.ID, moment.ConfigOn)
			require.NoError(t, err)
			gs, err := b.ads.AdGroups(masterCaller, a, c.ID, nil)
			require.NoError(t, err)
			for _, g := range gs {
				_, err = b.ads.SetAdGroupConfig(masterCaller, a, g.ID, moment.ConfigOn)
				require.NoError(t, err)
				crs, err := b.ads.Creatives(masterCaller, a, g.ID, nil)
				require.NoError(t, err)
				for _, cr := range crs {
					_, err = b.ads.SetCreativeConfig(masterCaller, a, cr.ID, moment.ConfigOn)
					require.NoError(t, err)
					if cr.ReviewStatus != ads.ReviewApproved {
						v, err := b.ads.UpdateCreative(masterCaller, a, cr.ID, ads.CreativeParams{Name: "마지막 수정"})
						require.NoError(t, err)
						b.decide(v.Review.ReviewID, "approve", "")
					}
				}
			}
		}
	}
	b.deposit(thinAds, 50_000)
	b.deposit(mainAds, 500_000)
	before := len(b.deliveries(mainAds)) + len(b.deliveries(thinAds))
	p.advance(t, "24h")
	assert.Greater(t, len(b.deliveries(mainAds))+len(b.deliveries(thinAds)), before, "the last day delivered, so the checks checked something")
}

func propertyAdsDoc() string {
	return `
campaigns:
  - {key: run, adAccount: ads-main, name: 상시 캠페인, type: DISPLAY, goal: CONVERSION}
  - {key: thin-c, adAccount: ads-thin, name: 잔액 부족 캠페인, type: DISPLAY, goal: VISITING}
  - {key: capped-c, adAccount: ads-main, name: 일예산 캠페인, type: VIDEO, goal: VIEW, dailyBudget: 100000}
adGroups:
  - {key: run-g, campaign: run, name: 상시 그룹, pricingType: CPC, pacing: QUICK, bidAmount: 200}
  - {key: thin-g, campaign: thin-c, name: 잔액 부족 그룹, pricingType: CPC, pacing: QUICK, bidAmount: 200}
  - {key: normal-g, campaign: capped-c, name: 균등 그룹, pricingType: CPM, pacing: NORMAL, bidAmount: 3000, dailyBudget: 30000}
  - {key: quick-g, campaign: capped-c, name: 빠른 그룹, pricingType: CPC, pacing: QUICK, bidAmount: 400, dailyBudget: 50000}
  - {key: later-g, campaign: run, name: 예정 그룹, pricingType: CPC, bidAmount: 150, schedule: {beginDate: "+1d", endDate: "+2d"}}
creatives:
  - {key: run-cr, adGroup: run-g, name: 상시 소재}
  - {key: thin-cr, adGroup: thin-g, name: 잔액 부족 소재}
  - {key: normal-cr, adGroup: normal-g, name: 균등 소재}
  - {key: quick-cr, adGroup: quick-g, name: 빠른 소재}
  - {key: later-cr, adGroup: later-g, name: 예정 소재}
  - {key: wait-cr, adGroup: quick-g, name: 심사중 소재, review: WAITING}
`
}

type adsProperty struct {
	b     *adsBox
	rng   *rand.Rand
	start time.Time // the first day reports read (KST)
}

var propertyAccounts = []uint64{mainAds, thinAds}

func (p *adsProperty) pick(list string) uint64 {
	keys := make([]string, 0, len(p.b.ids[list]))
	for k := range p.b.ids[list] {
		keys = append(keys, k)
	}
	// map order is random; sort for the seed to replay
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return p.b.id(list, keys[p.rng.IntN(len(keys))])
}

// flip switches OFF what is ON, and mostly back ON what is OFF, so the
// walk does not drift into a tree where nothing serves.
func (p *adsProperty) flip(c moment.Config) moment.Config {
	if c == moment.ConfigOn && p.rng.IntN(3) > 0 {
		return moment.ConfigOff
	}
	return moment.ConfigOn
}

// accountOf finds which ad account holds a campaign, ad group or creative.
func (p *adsProperty) accountOf(t *testing.T, find func(uint64) error) uint64 {
	for _, a := range propertyAccounts {
		if find(a) == nil {
			return a
		}
	}
	t.Fatalf("no ad account holds it")
	return 0
}

func (p *adsProperty) step(t *testing.T, step int) {
	b := p.b
	op := p.rng.IntN(10)
	switch op {
	case 0:
		id := p.pick("campaigns")
		a := p.accountOf(t, func(a uint64) error { _, err := b.ads.Campaign(masterCaller, a, id); return err })
		_, err := b.ads.SetCampaignConfig(masterCaller, a, id, p.flip(b.campaign(a, id).Config))
		require.NoError(t, err)
	case 1:
		id := p.pick("adGroups")
		a := p.accountOf(t, func(a uint64) error { _, err := b.ads.AdGroup(masterCaller, a, id); return err })
		_, err := b.ads.SetAdGroupConfig(masterCaller, a, id, p.flip(b.adGroup(a, id).Config))
		require.NoError(t, err)
	case 2:
		id := p.pick("creatives")
		a := p.accountOf(t, func(a uint64) error { _, err := b.ads.Creative(masterCaller, a, id); return err })
		_, err := b.ads.SetCreativeConfig(masterCaller, a, id, p.flip(b.creative(a, id).Config))
		require.NoError(t, err)
	case 3:
		id := p.pick("adGroups")
		a := p.accountOf(t, func(a uint64) error { _, err := b.ads.AdGroup(masterCaller, a, id); return err })
		var budget *int64
		if p.rng.IntN(4) > 0 {
			budget = new(int64(10_000 + 10*p.rng.Int64N(20_000)))
		}
		_, err := b.ads.SetAdGroupDailyBudget(masterCaller, a, id, budget)
		require.NoError(t, err)
	case 4:
		id := p.pick("campaigns")
		a := p.accountOf(t, func(a uint64) error { _, err := b.ads.Campaign(masterCaller, a, id); return err })
		var budget *int64
		if p.rng.IntN(4) > 0 {
			budget = new(int64(50_000 + 10*p.rng.Int64N(30_000)))
		}
		_, err := b.ads.SetCampaignDailyBudget(masterCaller, a, id, budget)
		require.NoError(t, err)
	case 5:
		if p.rng.IntN(2) == 0 {
			b.deposit(thinAds, 1_000+10*p.rng.Int64N(5_000))
		} else {
			w := b.walletOf(propertyAccounts[p.rng.IntN(2)])
			r := b.do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/wallets/%d/free-cash", w),
				Body: map[string]any{"amount": 1 + p.rng.Int64N(20_000), "expiresAt": "+3d", "activated": p.rng.IntN(2) == 0}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
	case 6:
		if pending := b.reviews("PENDING"); len(pending) > 0 {
			rv := pending[p.rng.IntN(len(pending))]
			verb := []string{"approve", "reject"}[p.rng.IntN(2)]
			b.decide(uint64(rv["id"].(float64)), verb, "property")
		} else {
			id := p.pick("creatives")
			a := p.accountOf(t, func(a uint64) error { _, err := b.ads.Creative(masterCaller, a, id); return err })
			_, err := b.ads.UpdateCreative(masterCaller, a, id, ads.CreativeParams{Name: fmt.Sprintf("수정 %d", step)})
			require.NoError(t, err)
		}
	default:
		p.advance(t, fmt.Sprintf("%dh", 1+p.rng.IntN(30)))
	}
}

// budgetBefore is a campaign's or ad group's daily budget and what its day
// had spent as an advance began.
type budgetBefore struct {
	budget *int64
	spent  int64
}

func (p *adsProperty) advance(t *testing.T, d string) {
	b := p.b
	from := b.now()
	startDay := from.In(kakao.KST).Format(kakao.DateLayout)
	blocked := map[uint64]string{}
	budgets := map[string]budgetBefore{}
	schedules := map[uint64]ads.Schedule{}
	for _, a := range propertyAccounts {
		cash, err := sandbox.SpendableOf(b.sb, b.walletOf(a))
		require.NoError(t, err)
		cs, err := b.ads.Campaigns(masterCaller, a, nil)
		require.NoError(t, err)
		for _, c := range cs {
			budgets[fmt.Sprint("c", c.ID)] = budgetBefore{c.DailyBudget, c.SpentToday}
			gs, err := b.ads.AdGroups(masterCaller, a, c.ID, nil)
			require.NoError(t, err)
			for _, g := range gs {
				budgets[fmt.Sprint("g", g.ID)] = budgetBefore{g.DailyBudget, g.SpentToday}
				schedules[g.ID] = g.Schedule
				crs, err := b.ads.Creatives(masterCaller, a, g.ID, nil)
				require.NoError(t, err)
				for _, cr := range crs {
					switch {
					case c.Config != moment.ConfigOn || g.Config != moment.ConfigOn || cr.Config != moment.ConfigOn:
						blocked[cr.ID] = "a switch above it is OFF"
					case cr.ReviewStatus != ads.ReviewApproved:
						blocked[cr.ID] = "it is under review or rejected"
					case cash <= 0:
						blocked[cr.ID] = walletEmpty
					}
				}
			}
		}
	}
	b.advance(d)
	b.requireLedger()
	for _, a := range propertyAccounts {
		w := b.walletOf(a)
		all := b.deliveries(a)
		es, err := sandbox.LedgerOf(b.sb, w)
		require.NoError(t, err)
		// An empty wallet given cash back by a correction (P03) may serve again.
		var credited time.Time
		for _, e := range es {
			if e.Kind == wallet.EntryAdCorrection && e.At.After(from) && credited.IsZero() {
				credited = e.At
			}
		}
		perDay := map[string]int64{}
		window := map[string]int64{} // entity+day → spend in this advance
		for _, del := range all {
			day := del.Hour.In(kakao.KST).Format(kakao.DateLayout)
			if del.Cost > 0 { // impressions without a click cost a CPC ad nothing
				perDay[day] += del.Cost
			}
			if !del.Hour.After(from) { // an effect due at from ran in the advance before
				continue
			}
			if why, ok := blocked[del.CreativeID]; ok && !(why == walletEmpty && !credited.IsZero() && !del.Hour.Before(credited)) {
				t.Errorf("creative %d spent %d at %s although %s", del.CreativeID, del.Cost, del.Hour, why)
			}
			s := schedules[del.AdGroupID]
			if day < s.BeginDate || s.EndDate != "" && day > s.EndDate {
				t.Errorf("ad group %d spent on %s, outside its schedule %+v", del.AdGroupID, day, s)
			}
			window[fmt.Sprint("c", del.CampaignID, day)] += del.Cost
			window[fmt.Sprint("g", del.AdGroupID, day)] += del.Cost
		}
		for key, bb := range budgets {
			if bb.budget == nil {
				continue
			}
			for day := from; !day.After(b.now()); day = day.AddDate(0, 0, 1) {
				d := day.In(kakao.KST).Format(kakao.DateLayout)
				spent := window[key+d]
				limit := *bb.budget
				if d == startDay {
					limit = max(*bb.budget-bb.spent, 0)
				}
				assert.LessOrEqual(t, spent, limit, "%s on %s: spent past its daily budget %d", key, d, *bb.budget)
			}
		}
		today := b.now().In(kakao.KST).Format(kakao.DateLayout)
		byEntity := map[string]int64{}
		for _, del := range all {
			if del.Hour.In(kakao.KST).Format(kakao.DateLayout) == today {
				byEntity[fmt.Sprint("c", del.CampaignID)] += del.Cost
				byEntity[fmt.Sprint("g", del.AdGroupID)] += del.Cost
			}
		}
		cs, err := b.ads.Campaigns(masterCaller, a, nil)
		require.NoError(t, err)
		for _, c := range cs {
			assert.Equal(t, byEntity[fmt.Sprint("c", c.ID)], c.SpentToday, "campaign %d: today's spend is the sum of its records", c.ID)
			gs, err := b.ads.AdGroups(masterCaller, a, c.ID, nil)
			require.NoError(t, err)
			for _, g := range gs {
				assert.Equal(t, byEntity[fmt.Sprint("g", g.ID)], g.SpentToday, "ad group %d", g.ID)
			}
		}
		entries := map[string]int64{}
		for _, e := range es {
			if e.Kind == "SPEND" && len(e.Ref) > 4 && e.Ref[:4] == "ads:" {
				entries[e.At.In(kakao.KST).Format(kakao.DateLayout)] -= e.Paid + e.Free
			}
			// The 08:00 correction gives back part of the day its ref names
			// (rule P03): a day's cost is its spends less its correction.
			if day, ok := correctedDay(e, a); ok {
				entries[day] -= e.Paid + e.Free
			}
		}
		// A day whose whole cost the correction took back has no record
		// cost left, so no perDay entry: its zero here is the same.
		maps.DeleteFunc(entries, func(_ string, v int64) bool { return v == 0 })
		assert.Equal(t, perDay, entries, "ad account %d: each day's recorded spend equals its wallet's spend entries less corrections", a)
		assert.Equal(t, entries, p.reportedCost(t, a), "ad account %d: each day's report cost equals its wallet's spend entries less corrections (P05)", a)
	}
}

// reportedCost is what the ad account's reports say each day cost, from
// the property's first day to today: start/end reads of at most 31 days
// (Kakao's limit) and TODAY, every record (BASIC and MESSAGE), days of no
// cost left out.
func (p *adsProperty) reportedCost(t *testing.T, a uint64) map[string]int64 {
	cost := map[string]int64{}
	read := func(q ads.ReportQuery) {
		q.AdAccountIDs, q.Level, q.Groups = []uint64{a}, ads.LevelAdAccount, ads.GroupBasic|ads.GroupMessage
		rows, err := p.b.ads.Report(masterCaller, q)
		require.NoError(t, err)
		for _, r := range rows {
			if r.Cost != 0 {
				cost[r.Day.Format(kakao.DateLayout)] += r.Cost
			}
		}
	}
	const layout = "20060102"
	day := func(t time.Time) time.Time {
		t = t.In(kakao.KST)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, kakao.KST)
	}
	yesterday := day(p.b.now()).AddDate(0, 0, -1)
	for first := day(p.start); !first.After(yesterday); first = first.AddDate(0, 0, ads.MaxReportDays) {
		last := first.AddDate(0, 0, ads.MaxReportDays-1)
		if last.After(yesterday) {
			last = yesterday
		}
		read(ads.ReportQuery{Start: first.Format(layout), End: last.Format(layout)})
	}
	read(ads.ReportQuery{DatePreset: "TODAY"})
	return cost
}

// correctedDay is the KST day an AD_CORRECTION entry of ad account a gives
// back cost for: its ref is ads:correction:<yyyy-MM-dd>:adAccount:<id>.
func correctedDay(e wallet.Entry, a uint64) (string, bool) {
	rest, ok := strings.CutPrefix(e.Ref, "ads:correction:")
	if e.Kind != wallet.EntryAdCorrection || !ok {
		return "", false
	}
	day, id, ok := strings.Cut(rest, ":adAccount:")
	return day, ok && id == fmt.Sprint(a)
}

const walletEmpty = "its wallet is empty"
