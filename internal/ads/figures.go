package ads

import (
	"math"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// The shape of the delivery's figures is the sandbox's own guess (Kakao
// publishes no such model; docs/guesses.md, docs/ads.md "Delivery"): each
// campaign type has plausible ranges of click-through rate, cost per click
// and cost per mille; an hour serves by the hour of the day and the day of
// the week (KST), and a new ad group or creative ramps up over a week.

// market is a campaign type's plausible figures: CTR as a fraction, CPC and
// CPM in won, and the impressions a creative serves in an average hour at
// full ramp and the market price.
type market struct {
	ctrLo, ctrHi float64
	cpcLo, cpcHi float64
	cpmLo, cpmHi float64
	imp          float64
}

// The sandbox's guesses per campaign type (docs/kakao-api.md §9.2 names the
// types; no figures are published). Messages (TALK_CHANNEL,
// PERSONAL_MESSAGE) are priced per message sent, about 15–40 won, hence
// their CPM; their clicks come from people who opened them.
var (
	bizBoardMarket = market{ctrLo: 0.005, ctrHi: 0.02, cpcLo: 150, cpcHi: 500, cpmLo: 1500, cpmHi: 6000, imp: 3000}
	displayMarket  = market{ctrLo: 0.002, ctrHi: 0.01, cpcLo: 100, cpcHi: 400, cpmLo: 800, cpmHi: 3000, imp: 2500}
	videoMarket    = market{ctrLo: 0.005, ctrHi: 0.03, cpcLo: 30, cpcHi: 150, cpmLo: 2000, cpmHi: 8000, imp: 1500}
	channelMarket  = market{ctrLo: 0.02, ctrHi: 0.08, cpcLo: 30, cpcHi: 150, cpmLo: 8000, cpmHi: 20000, imp: 1200}
	messageMarket  = market{ctrLo: 0.03, ctrHi: 0.10, cpcLo: 40, cpcHi: 200, cpmLo: 15000, cpmHi: 40000, imp: 800}
)

// marketOf is a campaign type's market; an unknown type serves as DISPLAY.
func marketOf(campaignType string) *market {
	switch campaignType {
	case TypeTalkBizBoard:
		return &bizBoardMarket
	case TypeVideo:
		return &videoMarket
	case TypeTalkChannel:
		return &channelMarket
	case TypePersonalMessage:
		return &messageMarket
	}
	return &displayMarket
}

// hourShape is how much an hour of the day (KST) serves against the
// average: low at night, peaks at lunch and in the evening. Its mean is 1.
var hourShape = [24]float64{
	0.43, 0.27, 0.18, 0.14, 0.13, 0.17, 0.34, 0.66, 0.98, 1.09, 1.14, 1.30,
	1.64, 1.47, 1.20, 1.14, 1.14, 1.25, 1.42, 1.64, 1.80, 1.85, 1.58, 1.04,
}

// weekdayShape is how much a day of the week (KST, Sunday first) serves:
// weekdays a little more than weekends.
var weekdayShape = [7]float64{0.90, 1.05, 1.05, 1.03, 1.03, 0.97, 0.85}

// RampDays is how many days after launch an ad serves in full: it starts at
// rampFloor and rises evenly (the sandbox's guess of learning and review).
const (
	RampDays  = 7
	rampFloor = 0.3
)

// ramp is the share of its full volume an ad serves since hours after its
// launch: the later of its ad group's first day and its creative's
// creation or resubmission.
func ramp(since time.Duration) float64 {
	d := since.Hours() / 24
	if d >= RampDays {
		return 1
	}
	return rampFloor + (1-rampFloor)*max(d, 0)/RampDays
}

// launch is when a creative under g started serving, for the ramp: the
// start of its ad group's first day or the creative's creation (or its
// last first-time submission, after a rejection), whichever is later. The
// review's approval time is not kept on the creative; it follows the
// submission by the review delay.
func launch(g *AdGroup, cr *Creative) time.Time {
	t := cr.CreatedAt
	if s := cr.Review.SubmittedAt; !cr.Review.Modification && s.After(t) {
		t = s
	}
	if b, ok := kstDate(g.Schedule.BeginDate); ok && b.After(t) {
		t = b
	}
	return t
}

// kstDate reads a stored yyyy-mm-dd date as its first instant, KST, without
// time.ParseInLocation's cost: launch runs per creative-hour.
func kstDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	n := func(s string) int {
		v := 0
		for _, c := range []byte(s) {
			v = v*10 + int(c-'0')
		}
		return v
	}
	return time.Date(n(s[:4]), time.Month(n(s[5:7])), n(s[8:]), 0, 0, 0, 0, kakao.KST), true
}

// kstClock is an instant's hour and day of the week in KST, by arithmetic
// since 1989 (Korea has kept +09:00 without daylight saving since October
// 1988), cheaper than time.Time.In; earlier instants through In.
func kstClock(t time.Time) (int, time.Weekday) {
	u := t.Unix()
	if u < fixedKST {
		k := t.In(kakao.KST)
		return k.Hour(), k.Weekday()
	}
	u += 9 * 3600
	return int(u % 86400 / 3600), time.Weekday((u/86400 + 4) % 7) // 1970-01-01 was a Thursday
}

const fixedKST = 599616000 // 1989-01-01T00:00:00Z

// rng is splitmix64: a few nanoseconds a draw and no allocation, where
// generate runs per creative-hour.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9E3779B97F4A7C15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// seedOf is a generator for one thing drawn from the data file's seed and
// the ids that tell it apart (a creative, an hour, a dimension).
func seedOf(seed uint64, ids ...uint64) rng {
	r := rng(seed)
	for _, id := range ids {
		r = rng(r.next() ^ id)
	}
	return r
}

// float is uniform in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// between is uniform in [lo, hi).
func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

// round rounds x down or up at random in proportion, so small hours get
// their share on average rather than never.
func (r *rng) round(x float64) int64 {
	n := math.Floor(x)
	if r.float() < x-n {
		n++
	}
	return int64(n)
}

// draw is what the shape gives before the bid bounds the price: a
// creative's character (its CTR and price level within its type's ranges,
// from the seed and the creative alone) with an hour's jitter on top.
type draw struct {
	imp      float64 // expected impressions at full win rate
	ctr      float64
	price    float64 // market price: per click (CPC, CPA, CPV) or per mille
	perClick bool
}

func shape(seed, creativeID uint64, hour time.Time, campaignType, pricing string, since time.Duration) (draw, rng) {
	m := marketOf(campaignType)
	c := rng(seed ^ creativeID*0x9E3779B97F4A7C15)
	level, priceLevel, volume := c.float(), c.float(), c.between(0.6, 1.4)
	h := rng(seed ^ creativeID*0x9E3779B97F4A7C15 ^ uint64(hour.Unix())*0xC2B2AE3D27D4EB4F)
	d := draw{perClick: pricing == PricingCPC || pricing == PricingCPA || pricing == PricingCPV}
	hr, wd := kstClock(hour)
	d.imp = m.imp * volume * hourShape[hr] * weekdayShape[wd] * ramp(since) * h.between(0.8, 1.2)
	d.ctr = clamp(lerp(m.ctrLo, m.ctrHi, level)*h.between(0.85, 1.15), m.ctrLo, m.ctrHi)
	lo, hi := m.cpmLo, m.cpmHi
	if d.perClick {
		lo, hi = m.cpcLo, m.cpcHi
	}
	d.price = clamp(lerp(lo, hi, priceLevel)*h.between(0.9, 1.1), lo, hi)
	return d, h
}

func lerp(lo, hi, t float64) float64 { return lo + (hi-lo)*t }

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// Win rates: a bid below the market price wins a share of the auctions in
// proportion, at least minWin; one above it buys more, at most maxWin.
const (
	minWin = 0.25
	maxWin = 4
)
