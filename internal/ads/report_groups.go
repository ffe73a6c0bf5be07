package ads

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Metric groups (docs/kakao-api.md §9.5; docs/reports.md "Metric groups").
// A record is display or message by its ad group's type: the display
// groups (BASIC, ADDITION, PIXEL_SDK_CONVERSION) sum display records, the
// message groups (MESSAGE, MESSAGE_ADDITION, MESSAGE_CLICK) message ones.
// Every figure beyond a record's imp, click and cost is drawn from a
// generator seeded by the data file's delivery seed, the creative and the
// hour (recordFigures): never stored, so the same state and clock give the
// same bytes (rule P06).

// MetricsGroups is a set of metric groups.
type MetricsGroups uint8

const (
	GroupBasic MetricsGroups = 1 << iota
	GroupAddition
	GroupConversion
	GroupMessage
	GroupMessageAddition
	GroupMessageClick
)

var groupNames = map[string]MetricsGroups{
	"BASIC": GroupBasic, "ADDITION": GroupAddition, "PIXEL_SDK_CONVERSION": GroupConversion,
	"MESSAGE": GroupMessage, "MESSAGE_ADDITION": GroupMessageAddition, "MESSAGE_CLICK": GroupMessageClick,
}

// notEmulatedGroups are groups Kakao has whose keys it does not publish:
// the sandbox refuses them rather than invent every key (docs/guesses.md).
var notEmulatedGroups = map[string]bool{"VIDEO": true, "PLUS_FRIEND": true, "SLIDE_CLICK": true, "ADVIEW": true, "BIZ_BOARD": true, "SPB": true}

const (
	displayGroups = GroupBasic | GroupAddition | GroupConversion
	messageGroups = GroupMessage | GroupMessageAddition | GroupMessageClick
)

// ParseMetricsGroups reads metricsGroup values (each may be a comma list);
// none is BASIC.
func ParseMetricsGroups(values []string) (MetricsGroups, error) {
	var g MetricsGroups
	for _, v := range strings.Split(strings.Join(values, ","), ",") {
		switch {
		case v == "":
		case groupNames[v] != 0:
			g |= groupNames[v]
		case notEmulatedGroups[v]:
			return 0, kakao.Invalid("metricsGroup", "%s: kakao-sandbox does not emulate it (Kakao names none of its keys)", v)
		default:
			return 0, kakao.Invalid("metricsGroup", "unknown metric group %q", v)
		}
	}
	if g == 0 {
		g = GroupBasic
	}
	return g, nil
}

// derived reports whether the groups need more than imp, click and cost.
func (g MetricsGroups) derived() bool { return g&^GroupBasic != 0 }

// The integer figures a row sums, display then message. Each figure is
// split over a dimension's values in proportion to its parent's parts
// (split), so a child never exceeds its parent in any part: click ≤ imp,
// reach ≤ imp, a 1-day conversion ≤ its 7-day one, msg_open ≤ msg_send.
const (
	fImp = iota
	fClick
	fCost
	fReach
	fConv            // 12: conversionEvents × {7d, 1d} (conv7d, conv1d)
	fPurchaseValue7d = fConv + 2*nConversionEvents
	fPurchaseValue1d = fPurchaseValue7d + 1
	fMsgSend         = fPurchaseValue1d + 1
	fMsgOpen         = fMsgSend + 1
	fMsgClick        = fMsgOpen + 1
	fMsgSendFail     = fMsgClick + 1
	fMsgCost         = fMsgSendFail + 1
	nFigures         = fMsgCost + 1
)

const nConversionEvents = 6

// conversionEvents are PIXEL_SDK_CONVERSION's events, with the largest
// share of a record's clicks each converts in 7 days (the sandbox's guess).
var conversionEvents = [nConversionEvents]struct {
	name  string
	share float64
}{{"cmpt_reg", 0.08}, {"view_cart", 0.15}, {"purchase", 0.06}, {"participation", 0.04}, {"signup", 0.05}, {"app_install", 0.03}}

const purchase = 2 // conversionEvents' purchase

func conv7d(e int) int { return fConv + 2*e }
func conv1d(e int) int { return fConv + 2*e + 1 }

// Figures are a record's (or a row's) integer figures.
type Figures [nFigures]int64

// parent is the figure each figure is split in proportion to (-1: the
// dimension's weights); it comes before it, as split needs.
var parent = func() [nFigures]int {
	var p [nFigures]int
	for i := range p {
		p[i] = -1
	}
	p[fClick], p[fReach], p[fCost] = fImp, fImp, fImp // cost follows impressions: a part's CPM is near its record's
	for e := range conversionEvents {
		p[conv7d(e)], p[conv1d(e)] = fClick, conv7d(e)
	}
	p[fPurchaseValue7d], p[fPurchaseValue1d] = conv7d(purchase), fPurchaseValue7d
	p[fMsgOpen], p[fMsgSendFail], p[fMsgClick] = fMsgSend, fMsgSend, fMsgOpen
	for i := range p {
		if p[i] >= i {
			panic("ads: a report figure's parent must come before it (split)")
		}
	}
	return p
}()

func (f *Figures) add(o *Figures) {
	for i := range f {
		f[i] += o[i]
	}
}

func (f *Figures) zero() bool { return *f == Figures{} }

// recordFigures are a record's figures: imp, click and cost as stored, and
// with derived, the others drawn from the seed, the creative and the hour.
func recordFigures(r Delivered, message, derived bool, seed, creative uint64, hour time.Time) Figures {
	var f Figures
	if message {
		f[fMsgSend], f[fMsgClick], f[fMsgCost] = r.Imp, r.Click, r.Cost
	} else {
		f[fImp], f[fClick], f[fCost] = r.Imp, r.Click, r.Cost
	}
	if !derived {
		return f
	}
	g := gofakeit.New(seed ^ creative*0xD6E8FEB86659FD93 ^ uint64(hour.Unix())*0xFF51AFD7ED558CCD ^ 0x7265706f7274)
	if message {
		// Kakao counts a message sent when delivered; fails are counted
		// apart; an opened message may be clicked.
		f[fMsgSendFail] = share(g, r.Imp, g.Float64Range(0, 0.02))
		f[fMsgOpen] = r.Click + share(g, r.Imp-r.Click, g.Float64Range(0.25, 0.6))
		return f
	}
	// Kakao counts distinct users; the sandbox has none, so reach is a
	// share of the impressions (docs/guesses.md).
	f[fReach] = min(share(g, r.Imp, g.Float64Range(0.6, 0.95)), r.Imp)
	for e, ev := range conversionEvents {
		d7 := share(g, r.Click, g.Float64Range(0, ev.share))
		f[conv7d(e)], f[conv1d(e)] = d7, share(g, d7, g.Float64Range(0.6, 1))
	}
	value := int64(g.IntRange(99, 890)) * 100 // won per purchase
	f[fPurchaseValue7d], f[fPurchaseValue1d] = f[conv7d(purchase)]*value, f[conv1d(purchase)]*value
	return f
}

// share is n × p rounded down or up at random in proportion, so small
// records get their share on average rather than never.
func share(g *gofakeit.Faker, n int64, p float64) int64 {
	if n <= 0 {
		return 0
	}
	x := float64(n) * p
	s := int64(math.Floor(x))
	if g.Float64() < x-math.Floor(x) {
		s++
	}
	return min(s, n)
}

// Metric is one key of a row's metrics object.
type Metric struct {
	Key   string
	Int   int64
	Float float64
	Ratio bool // Float, not Int
}

// Metrics is a row's metrics object, its keys in a fixed order.
type Metrics []Metric

// MarshalJSON writes the keys in order: the same row, the same bytes.
func (m Metrics) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, x := range m {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(strconv.AppendQuote(b, x.Key), ':')
		if x.Ratio {
			b = strconv.AppendFloat(b, x.Float, 'f', -1, 64)
		} else {
			b = strconv.AppendInt(b, x.Int, 10)
		}
	}
	return append(b, '}'), nil
}

// ratio is a over b to places decimals (×scale); 0 when b is 0.
func ratio(a, b int64, scale float64, places int) float64 {
	if b == 0 {
		return 0
	}
	p := math.Pow10(places)
	return math.Round(float64(a)*scale*p/float64(b)) / p
}

// Metrics is the row's metrics for the groups: a group's keys appear when
// the row holds records of its kind (§9.5: accounts with only display
// campaigns get nothing for the message groups, and the reverse), so a row
// may have none. cost appears once: the requested groups' records' cost.
func (r ReportRow) Metrics(g MetricsGroups) Metrics {
	m := Metrics{}
	f := &r.Figures
	display, message := r.Displays && g&displayGroups != 0, r.Messages && g&messageGroups != 0
	var cost int64
	if display && g&GroupBasic != 0 {
		cost += f[fCost]
	}
	if message && g&(GroupMessage|GroupMessageAddition) != 0 {
		cost += f[fMsgCost]
	}
	n := func(k string, v int64) { m = append(m, Metric{Key: k, Int: v}) }
	x := func(k string, v float64) { m = append(m, Metric{Key: k, Float: v, Ratio: true}) }
	if display && g&GroupBasic != 0 {
		n("imp", f[fImp])
		n("click", f[fClick])
		x("ctr", r.CTR())
	}
	if display && g&GroupAddition != 0 {
		n("reach", f[fReach])
		x("cost_per_imp", ratio(f[fCost], f[fImp], 1000, 2))
		x("cost_per_click", ratio(f[fCost], f[fClick], 1, 2))
	}
	if display && g&GroupConversion != 0 {
		for e, ev := range conversionEvents {
			n("conv_"+ev.name+"_1d", f[conv1d(e)])
			n("conv_"+ev.name+"_7d", f[conv7d(e)])
		}
		n("conv_purchase_p_1d", f[fPurchaseValue1d])
		n("conv_purchase_p_7d", f[fPurchaseValue7d])
		for e, ev := range conversionEvents {
			x("cost_per_conv_"+ev.name+"_1d", ratio(f[fCost], f[conv1d(e)], 1, 2))
			x("cost_per_conv_"+ev.name+"_7d", ratio(f[fCost], f[conv7d(e)], 1, 2))
		}
	}
	if message && g&(GroupMessage|GroupMessageAddition) != 0 {
		n("msg_send", f[fMsgSend])
		n("msg_open", f[fMsgOpen])
		n("msg_click", f[fMsgClick])
		n("msg_send_fail", f[fMsgSendFail])
		x("msg_open_rate", ratio(f[fMsgOpen], f[fMsgSend], 100, 4))
	} else if message && g&GroupMessageClick != 0 {
		n("msg_click", f[fMsgClick])
	}
	if display && g&GroupBasic != 0 || message && g&(GroupMessage|GroupMessageAddition) != 0 {
		n("cost", cost)
	}
	return m
}
