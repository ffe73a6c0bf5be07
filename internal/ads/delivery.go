package ads

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// The delivery simulation is the sandbox's own (Kakao publishes no such
// model; docs/guesses.md): one clock effect per sandbox hour delivers that
// hour, from its start, for every creative whose status is LIVE, and pays
// for it from each ad account's wallet in the same transaction (rule M06).

// deliveryMeta is the meta value that keeps the chain of hourly effects
// single and the figures reproducible (rule M08).
const deliveryMeta = "ads.delivery"

type deliveryState struct {
	Next int64  `json:"next,omitempty"` // Unix second of the queued hour; 0: none
	Seed uint64 `json:"seed"`           // chosen once per data file
	// Corrects is the Unix second of the last KST day whose correction is
	// queued (correction.go).
	Corrects int64 `json:"corrects,omitempty"`
}

// deliveryHour is the hourly effect's payload: the hour it delivers.
type deliveryHour struct {
	Hour int64 `json:"h"` // Unix second
}

func (d deliveryHour) String() string {
	return time.Unix(d.Hour, 0).In(kakao.KST).Format("2006-01-02T15:04")
}

// Delivered is what one creative got in one hour, stored under its ad
// account, KST day, hour and id, so reports scan an ad account's days.
type Delivered struct {
	AdGroup  uint64 `json:"g"`
	Campaign uint64 `json:"c"`
	Imp      int64  `json:"i"`
	Click    int64  `json:"k"`
	Cost     int64  `json:"s"`
}

// Delivery is one creative's hour, for reports and the control plane.
type Delivery struct {
	AdAccountID, CampaignID, AdGroupID, CreativeID uint64
	Hour                                           time.Time
	Impressions, Clicks, Cost                      int64
}

// dayKey is an ad account's KST day: its id, then yyyymmdd.
func dayKey(adAccountID uint64, t time.Time) []byte {
	t = t.In(kakao.KST)
	k := make([]byte, 12)
	binary.BigEndian.PutUint64(k, adAccountID)
	binary.BigEndian.PutUint32(k[8:], uint32(t.Year()*10000+int(t.Month())*100+t.Day()))
	return k
}

func deliveryKey(adAccountID uint64, hour time.Time, creativeID uint64) []byte {
	return hourKey(dayKey(adAccountID, hour), hour, creativeID)
}

// hourKey is deliveryKey after its day's key (dayKey).
func hourKey(day []byte, hour time.Time, creativeID uint64) []byte {
	return store.Keys(day, []byte{byte(hour.In(kakao.KST).Hour())}, store.Key(creativeID))
}

// splitDeliveryKey reads a deliveryKey back: the ad account, the KST hour
// of its day and the creative.
func splitDeliveryKey(k []byte) (adAccountID uint64, hour time.Duration, creativeID uint64) {
	return binary.BigEndian.Uint64(k[:8]), time.Duration(k[12]) * time.Hour, store.ID(k[13:21])
}

// daySpent is an ad account's delivery cost so far on one KST day, by
// campaign and ad group: the sum of its day's Delivered records, kept
// beside them in the same transaction (as a wallet keeps its balance beside
// its ledger), so an hour reads one value per ad account rather than every
// record of its day.
type daySpent struct {
	Total     int64            `json:"t"`
	Campaigns map[uint64]int64 `json:"c"`
	AdGroups  map[uint64]int64 `json:"g"`
}

// MarshalJSON writes what the store's codec would (its map keys sorted as
// strings), without its reflection: an hour of delivery stores one per ad
// account, and the codec's sorted maps were a tenth of the hour.
func (d daySpent) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, `{"t":`...)
	b = strconv.AppendInt(b, d.Total, 10)
	b = appendSums(append(b, `,"c":`...), d.Campaigns)
	b = appendSums(append(b, `,"g":`...), d.AdGroups)
	return append(b, '}'), nil
}

func appendSums(b []byte, m map[uint64]int64) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for id := range m {
		keys = append(keys, strconv.FormatUint(id, 10))
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		id, _ := strconv.ParseUint(k, 10, 64)
		b = append(append(append(b, '"'), k...), `":`...)
		b = strconv.AppendInt(b, m[id], 10)
	}
	return append(b, '}')
}

func readDaySpent(tx *store.Tx, adAccountID uint64, now time.Time) (daySpent, error) {
	d := daySpent{Campaigns: map[uint64]int64{}, AdGroups: map[uint64]int64{}}
	_, err := tx.Get(daySpentBucket, dayKey(adAccountID, now), &d)
	return d, err
}

func (d *daySpent) add(r Delivered) {
	d.Total += r.Cost
	d.Campaigns[r.Campaign] += r.Cost
	d.AdGroups[r.AdGroup] += r.Cost
}

// ensureDelivery queues the next hour's delivery unless one is queued: when
// an ad group or creative is made or approved. The chain then runs hourly
// while some creative is not deleted and its ad group's schedule has not ended.
func (s *Service) ensureDelivery(tx *store.Tx) error {
	var st deliveryState
	if _, err := tx.GetMeta(deliveryMeta, &st); err != nil {
		return err
	}
	now := tx.Now()
	// A queued hour more than two hours past was lost (set aside as failed).
	if st.Next != 0 && time.Unix(st.Next, 0).After(now.Add(-2*time.Hour)) {
		return nil
	}
	if st.Seed == 0 {
		st.Seed = s.cfg.Seed
	}
	for st.Seed == 0 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		st.Seed = binary.BigEndian.Uint64(b[:])
	}
	next := now.Truncate(time.Hour).Add(time.Hour)
	st.Next = next.Unix()
	if err := tx.SetMeta(deliveryMeta, st); err != nil {
		return err
	}
	return s.delivery.Schedule(tx, next, deliveryHour{Hour: st.Next})
}

// seed is the one seed of the delivery, the correction and the reports'
// derived figures and splits: the configured one, else the data file's.
func (s *Service) seed(st deliveryState) uint64 {
	if s.cfg.Seed != 0 {
		return s.cfg.Seed
	}
	return st.Seed
}

// DefaultAutoBid is the bid an AUTOBID ad group with no bid is delivered
// at: the sandbox's guess.
var DefaultAutoBid int64 = 300

// figures are a creative's hour before any budget or cash cuts it.
type figures struct{ imp, click, cost int64 }

// generate draws a creative's hour from a generator seeded by the data
// file's seed, the creative and the hour (rule M08), in the shape of its
// campaign type, hour, weekday and ramp since launched (figures.go), bounded
// by the bid: cost ≤ bid × clicks (CPC, CPA, CPV) or ≤ bid × impressions /
// 1000. The price is the market's, or less when the bid is lower; a bid off
// the market price wins fewer (or more) impressions.
func generate(seed, creativeID uint64, hour time.Time, g *AdGroupView, launched time.Time) figures {
	d, r := shape(seed, creativeID, hour, g.Campaign.Type, g.PricingType, hour.Sub(launched))
	bid := float64(g.BidAmount)
	if bid <= 0 {
		bid = float64(DefaultAutoBid)
	}
	imp := r.round(d.imp * clamp(bid/d.price, minWin, maxWin))
	click := min(r.round(float64(imp)*d.ctr), imp)
	price := min(d.price, bid*r.between(0.7, 1))
	var cost int64
	if d.perClick {
		cost = int64(float64(click) * price)
	} else {
		cost = int64(float64(imp) * price / 1000)
	}
	return figures{imp: imp, click: click, cost: cost}
}

// cut scales a creative's hour down to the cost that could be paid,
// rounding impressions and clicks up so the bid still bounds the cost.
func (f figures) cut(cost int64) figures {
	if cost >= f.cost {
		return f
	}
	if cost <= 0 {
		return figures{}
	}
	up := func(n int64) int64 { return (n*cost + f.cost - 1) / f.cost }
	return figures{imp: up(f.imp), click: up(f.click), cost: cost}
}

const unlimited = int64(1) << 62

func left(budget *int64, spent int64) int64 {
	if budget == nil {
		return unlimited
	}
	return max(*budget-spent, 0)
}

// deliver is the hourly effect: it delivers the hour starting now.
func (s *Service) deliver(tx *store.Tx, d deliveryHour) (string, error) {
	var st deliveryState
	if _, err := tx.GetMeta(deliveryMeta, &st); err != nil {
		return "", err
	}
	if st.Next != d.Hour { // a stray duplicate: the chain is elsewhere
		return "", nil
	}
	hour := time.Unix(d.Hour, 0).In(kakao.KST)
	w := newWorld(tx)
	w.brief, w.memo = true, &s.memo
	if err := s.memo.read(tx, d.Hour); err != nil {
		return "", err
	}
	// The memo and scratch serve the hours of one batch (clock.MaxBatch);
	// kept longer, they would hold a large tree in memory for good.
	tx.OnCommit(s.forget)
	alive := false
	sc := &s.scratch
	sc.begin()
	err := tx.Scan(creativesBucket, nil, func(k, v []byte) (bool, error) {
		cr, err := s.memo.creatives.decode(store.ID(k), v)
		if err != nil {
			return false, err
		}
		if cr.Config == moment.ConfigDel {
			return true, nil
		}
		// The chain goes on while a creative's schedule has not ended, so
		// an advance of years past every schedule does not run an effect an
		// hour (changing a schedule restarts it: ensureDelivery).
		g, idle := w.idle(cr)
		alive = alive || inPeriod(g.Schedule, w.day) <= 0
		if idle {
			return true, nil
		}
		cv, err := w.creative(cr)
		if err != nil {
			return false, err
		}
		if cv.serves() {
			sc.add(cr.AdAccountID, cr.ID, w.adGroups[cr.AdGroupID<<1], launch(&g, &cr))
		}
		return true, nil
	})
	if err != nil {
		return "", err
	}
	hoursLeft := int64(24 - hour.Hour())
	ref := "ads:" + deliveryHour{d.Hour}.String() + ":adAccount:"
	var served, paid int64
	// Each wallet's funds as read with its first ad account's standing, kept
	// up to date by its spends: ad accounts may share a wallet.
	funds := map[uint64]*wallet.Funds{}
	for i, id := range sc.order {
		a := w.accounts[id]
		fu, ok := funds[a.wallet]
		if !ok {
			fu = &a.standing.Funds
			funds[a.wallet] = fu
		}
		cash := fu.Spendable
		day := dayKey(id, hour)
		var total, records int64
		for _, sv := range sc.of(i) {
			g := sv.g.AdGroup
			limit := min(left(sv.g.Campaign.DailyBudget, a.spent.Campaigns[g.CampaignID]), left(g.DailyBudget, a.spent.AdGroups[g.ID]))
			if g.Pacing == PacingNormal && limit < unlimited {
				limit /= hoursLeft // spread what is left over the day's remaining hours
			}
			f := generate(s.seed(st), sv.creative, hour, sv.g, sv.launched).cut(min(limit, cash-total))
			if f.imp == 0 && f.cost == 0 {
				continue
			}
			r := Delivered{AdGroup: g.ID, Campaign: g.CampaignID, Imp: f.imp, Click: f.click, Cost: f.cost}
			if err := tx.Put(deliveryBucket, hourKey(day, hour, sv.creative), r); err != nil {
				return "", err
			}
			a.spent.add(r)
			total += f.cost
			records++
		}
		served += records
		if records == 0 {
			continue
		}
		if err := tx.Put(daySpentBucket, day, a.spent); err != nil {
			return "", err
		}
		if total > 0 {
			if _, err := s.wallets.SpendFrom(tx, fu, total, ref+strconv.FormatUint(id, 10)); err != nil {
				return "", err
			}
			paid += total
		}
	}
	if err := s.queueCorrection(tx, &st, hour); err != nil {
		return "", err
	}
	st.Next = 0
	if alive {
		st.Next = hour.Add(time.Hour).Unix()
		if err := s.delivery.Schedule(tx, hour.Add(time.Hour), deliveryHour{Hour: st.Next}); err != nil {
			return "", err
		}
	}
	if err := tx.SetMeta(deliveryMeta, st); err != nil {
		return "", err
	}
	if served == 0 {
		return "", nil
	}
	return fmt.Sprintf("ads delivered %d creative-hours in %d ad accounts for %d KRW (the sandbox's simulation)", served, len(sc.order), paid), nil
}

// forget drops what the delivery keeps between the hours of a batch.
func (s *Service) forget() { s.memo, s.scratch = memos{}, deliveryScratch{} }

// deliveryScratch is an hour's creatives that serve, by ad account in the
// order their first one was met, kept between the hours of a batch so an
// hour does not grow them afresh (bbolt runs one write transaction at a time).
type deliveryScratch struct {
	order    []uint64       // ad accounts
	index    map[uint64]int // ad account → its place in order
	servings []serving      // sorted by account place at the first of
	sorted   bool
}

type serving struct {
	account  int // place in order
	creative uint64
	g        *AdGroupView
	launched time.Time // for the ramp (figures.go)
}

func (sc *deliveryScratch) begin() {
	sc.order, sc.servings, sc.sorted = sc.order[:0], sc.servings[:0], false
	if sc.index == nil {
		sc.index = map[uint64]int{}
	}
	clear(sc.index)
}

func (sc *deliveryScratch) add(adAccountID, creativeID uint64, g *AdGroupView, launched time.Time) {
	i, ok := sc.index[adAccountID]
	if !ok {
		i = len(sc.order)
		sc.index[adAccountID] = i
		sc.order = append(sc.order, adAccountID)
	}
	sc.servings = append(sc.servings, serving{account: i, creative: creativeID, g: g, launched: launched})
}

// of is the creatives of the ad account at place i, in the order met.
func (sc *deliveryScratch) of(i int) []serving {
	if !sc.sorted {
		slices.SortStableFunc(sc.servings, func(a, b serving) int { return a.account - b.account })
		sc.sorted = true
	}
	from, _ := slices.BinarySearchFunc(sc.servings, i, func(s serving, i int) int { return s.account - i })
	to := from
	for to < len(sc.servings) && sc.servings[to].account == i {
		to++
	}
	return sc.servings[from:to]
}

// Deliveries lists what an ad account's creatives got in the hours from
// from up to (not including) to, in time order (reports; control plane).
func (s *Service) Deliveries(adAccountID uint64, from, to time.Time) ([]Delivery, error) {
	var out []Delivery
	err := s.db.View(func(tx *store.Tx) error {
		for day := from.In(kakao.KST).Truncate(time.Hour); day.Before(to); day = nextDay(day) {
			if err := tx.Scan(deliveryBucket, dayKey(adAccountID, day), func(k, v []byte) (bool, error) {
				var r Delivered
				if err := store.Decode(v, &r); err != nil {
					return false, err
				}
				_, hour, creative := splitDeliveryKey(k)
				t := startOfDay(day).Add(hour)
				if !t.Before(from.Truncate(time.Hour)) && t.Before(to) {
					out = append(out, Delivery{AdAccountID: adAccountID, CampaignID: r.Campaign, AdGroupID: r.AdGroup,
						CreativeID: creative, Hour: t, Impressions: r.Imp, Clicks: r.Click, Cost: r.Cost})
				}
				return true, nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func startOfDay(t time.Time) time.Time {
	t = t.In(kakao.KST)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, kakao.KST)
}

func nextDay(t time.Time) time.Time { return startOfDay(t).AddDate(0, 0, 1) }
