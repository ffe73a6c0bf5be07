package ads

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// The generator's figures stay within the bid, for every pricing type, and
// a cut keeps them there (rule M06); the same inputs give the same figures
// (rule M08).
func TestGenerateIsBoundedAndReproducible(t *testing.T) {
	hour := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	for _, pricing := range []string{PricingCPC, PricingCPM, PricingCPA, PricingCPV, PricingCPT, PricingCPMS} {
		g := &AdGroupView{AdGroup: AdGroup{PricingType: pricing, BidAmount: 350}, Campaign: CampaignView{Campaign: Campaign{Type: TypeDisplay}}}
		for cr := uint64(1); cr <= 200; cr++ {
			h := hour.Add(time.Duration(cr) * time.Hour)
			f := generate(42, cr, h, g, hour)
			assert.Equal(t, f, generate(42, cr, h, g, hour))
			assert.LessOrEqual(t, f.click, f.imp)
			bound := f.imp * g.BidAmount / 1000
			if pricing == PricingCPC || pricing == PricingCPA || pricing == PricingCPV {
				bound = f.click * g.BidAmount
			}
			assert.LessOrEqual(t, f.cost, bound, "%s", pricing)
			for _, to := range []int64{0, 1, f.cost / 3, f.cost - 1} {
				c := f.cut(to)
				assert.LessOrEqual(t, c.cost, max(to, 0))
				assert.LessOrEqual(t, c.click, c.imp)
				cb := c.imp * g.BidAmount / 1000
				if pricing == PricingCPC || pricing == PricingCPA || pricing == PricingCPV {
					cb = c.click * g.BidAmount
				}
				if c.cost > 0 {
					assert.LessOrEqual(t, c.cost, cb, "%s cut to %d: %+v from %+v", pricing, to, c, f)
				}
			}
		}
	}
	g := &AdGroupView{AdGroup: AdGroup{PricingType: PricingCPC, BidAmount: 200}}
	assert.NotEqual(t, generate(1, 7, hour, g, hour), generate(2, 7, hour, g, hour), "another data file's seed, other figures")
}

func TestInPeriod(t *testing.T) {
	s := Schedule{BeginDate: "2026-01-10", EndDate: "2026-01-12"}
	assert.Equal(t, -1, inPeriod(s, "2026-01-09"))
	assert.Equal(t, 0, inPeriod(s, "2026-01-10"))
	assert.Equal(t, 0, inPeriod(s, "2026-01-12"))
	assert.Equal(t, 1, inPeriod(s, "2026-01-13"))
	assert.Equal(t, 0, inPeriod(Schedule{BeginDate: "2026-01-10"}, "2099-01-01"), "no end date runs on")
}

func TestDeliveryKeysSortByDayAndHour(t *testing.T) {
	a := deliveryKey(5, time.Date(2026, 1, 1, 23, 0, 0, 0, kakao.KST), 9)
	b := deliveryKey(5, time.Date(2026, 1, 2, 0, 0, 0, 0, kakao.KST), 1)
	assert.Len(t, a, 21)
	assert.Less(t, string(a), string(b))
	assert.Equal(t, dayKey(5, time.Date(2026, 1, 2, 0, 0, 0, 0, kakao.KST)), b[:12], "a day's records share its prefix")
}
