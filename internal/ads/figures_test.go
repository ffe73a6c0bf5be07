package ads

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

var campaignTypes = []string{TypeTalkBizBoard, TypeDisplay, TypeVideo, TypeTalkChannel, TypePersonalMessage}

// month is 30 days of a creative's hours from launch, summed, with the
// mean impressions at each hour of the day and on each day.
type month struct {
	imp, click, cost int64
	byHour           [24]float64
	byDay            [30]float64
}

func simulate(seed, creativeID uint64, g *AdGroupView, launched time.Time) month {
	var m month
	for i := range 30 * 24 {
		h := launched.Add(time.Duration(i) * time.Hour)
		f := generate(seed, creativeID, h, g, launched)
		m.imp, m.click, m.cost = m.imp+f.imp, m.click+f.click, m.cost+f.cost
		m.byHour[h.Hour()] += float64(f.imp) / 30
		m.byDay[i/24] += float64(f.imp) / 24
	}
	return m
}

func adGroupOf(campaignType, pricing string, bid int64) *AdGroupView {
	return &AdGroupView{AdGroup: AdGroup{PricingType: pricing, BidAmount: bid}, Campaign: CampaignView{Campaign: Campaign{Type: campaignType}}}
}

// Over 30 simulated days, each campaign type's CTR, and its CPM (CPM
// pricing) or CPC (CPC pricing) when the bid is above the market, stay in
// its ranges (figures.go); evenings serve more than nights, and the eighth
// day more than the first.
func TestFiguresLookReal(t *testing.T) {
	launched := time.Date(2026, 3, 2, 0, 0, 0, 0, kakao.KST) // a Monday
	for _, typ := range campaignTypes {
		m := marketOf(typ)
		for cr := uint64(1); cr <= 20; cr++ {
			cpm := simulate(7, cr, adGroupOf(typ, PricingCPM, 1_000_000), launched)
			ctr := float64(cpm.click) / float64(cpm.imp)
			assert.True(t, ctr >= m.ctrLo && ctr <= m.ctrHi, "%s creative %d: CTR %.4f outside %.4f–%.4f", typ, cr, ctr, m.ctrLo, m.ctrHi)
			price := float64(cpm.cost) * 1000 / float64(cpm.imp)
			// The cost is rounded down each hour: at most a won an hour under.
			assert.True(t, price >= m.cpmLo*0.99 && price <= m.cpmHi, "%s creative %d: CPM %.0f outside %.0f–%.0f", typ, cr, price, m.cpmLo, m.cpmHi)

			cpc := simulate(7, cr, adGroupOf(typ, PricingCPC, 1_000_000), launched)
			price = float64(cpc.cost) / float64(cpc.click)
			assert.True(t, price >= m.cpcLo*0.99 && price <= m.cpcHi, "%s creative %d: CPC %.0f outside %.0f–%.0f", typ, cr, price, m.cpcLo, m.cpcHi)

			assert.Greater(t, cpm.byHour[20], cpm.byHour[4], "%s creative %d: 20:00 against 04:00", typ, cr)
			assert.Less(t, cpm.byDay[0], cpm.byDay[7], "%s creative %d: day 1 against day 8", typ, cr)
		}
	}
}

// Whatever the type and pricing, a low bid bounds the cost and wins fewer
// impressions than a bid at the market.
func TestFiguresBoundedByBid(t *testing.T) {
	launched := time.Date(2026, 3, 2, 0, 0, 0, 0, kakao.KST)
	for _, typ := range campaignTypes {
		for _, pricing := range []string{PricingCPC, PricingCPM, PricingCPA, PricingCPV, PricingCPT, PricingCPMS} {
			perClick := pricing == PricingCPC || pricing == PricingCPA || pricing == PricingCPV
			for _, bid := range []int64{0, 10, 350, 100_000} {
				g := adGroupOf(typ, pricing, bid)
				b := bid
				if b == 0 {
					b = DefaultAutoBid
				}
				for i := range 48 {
					h := launched.Add(time.Duration(i*7) * time.Hour)
					f := generate(3, uint64(i), h, g, launched)
					assert.LessOrEqual(t, f.click, f.imp)
					bound := f.imp * b / 1000
					if perClick {
						bound = f.click * b
					}
					assert.LessOrEqual(t, f.cost, bound, "%s %s bid %d: %+v", typ, pricing, bid, f)
				}
			}
			low := simulate(3, 1, adGroupOf(typ, pricing, 1), launched)
			market := simulate(3, 1, adGroupOf(typ, pricing, 1_000_000), launched)
			assert.Less(t, low.imp, market.imp, "%s %s", typ, pricing)
		}
	}
}

func TestRamp(t *testing.T) {
	assert.InDelta(t, rampFloor, ramp(0), 1e-9)
	assert.InDelta(t, rampFloor, ramp(-time.Hour), 1e-9, "served before its launch: the floor")
	assert.Less(t, ramp(24*time.Hour), ramp(48*time.Hour))
	assert.InDelta(t, 1, ramp(RampDays*24*time.Hour), 1e-9)
	assert.InDelta(t, 1, ramp(100*24*time.Hour), 1e-9)

	var sum float64
	for _, s := range hourShape {
		sum += s
	}
	assert.InDelta(t, 24, sum, 0.1, "the hour shape averages 1")
}

func TestLaunch(t *testing.T) {
	created := time.Date(2026, 3, 2, 15, 0, 0, 0, kakao.KST)
	g := &AdGroup{Schedule: Schedule{BeginDate: "2026-03-01"}}
	cr := &Creative{CreatedAt: created}
	assert.Equal(t, created, launch(g, cr), "created after its ad group's first day")
	g.Schedule.BeginDate = "2026-03-05"
	assert.Equal(t, time.Date(2026, 3, 5, 0, 0, 0, 0, kakao.KST), launch(g, cr), "its ad group starts later")
	g.Schedule.BeginDate = "2026-03-01"
	cr.Review.SubmittedAt = created.Add(48 * time.Hour)
	assert.Equal(t, cr.Review.SubmittedAt, launch(g, cr), "resubmitted after a rejection")
	cr.Review.Modification = true
	assert.Equal(t, created, launch(g, cr), "a change to an approved creative serves on")
}

func TestKSTClock(t *testing.T) {
	for _, start := range []time.Time{
		time.Date(1970, 1, 1, 0, 0, 0, 0, kakao.KST), // clock.MinTime: before 1989, through In
		time.Date(1987, 5, 1, 0, 0, 0, 0, kakao.KST), // Korea's daylight saving
		time.Date(1988, 12, 30, 0, 0, 0, 0, kakao.KST),
		time.Date(2026, 1, 1, 0, 0, 0, 0, kakao.KST),
		time.Date(2999, 12, 25, 0, 0, 0, 0, kakao.KST),
	} {
		for i := range 24 * 9 {
			h := start.Add(time.Duration(i)*time.Hour + 17*time.Minute)
			hr, wd := kstClock(h)
			k := h.In(kakao.KST)
			require.Equal(t, [2]int{k.Hour(), int(k.Weekday())}, [2]int{hr, int(wd)}, "%s", h)
		}
	}
	d, ok := kstDate("2026-03-05")
	assert.True(t, ok)
	assert.Equal(t, time.Date(2026, 3, 5, 0, 0, 0, 0, kakao.KST), d)
	_, ok = kstDate("today")
	assert.False(t, ok)
}
