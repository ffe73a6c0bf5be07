package ads

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

func TestApportion(t *testing.T) {
	assert.Equal(t, []int64{4, 3, 3}, apportion(10, []int64{1, 1, 1}, 0), "the spare unit to the part the offset falls in")
	assert.Equal(t, []int64{3, 3, 4}, apportion(10, []int64{1, 1, 1}, 2))
	assert.Equal(t, []int64{0, 7, 0}, apportion(7, []int64{0, 5, 0}, 99))
	assert.Equal(t, []int64{2, 1}, apportion(3, []int64{0, 0}, 0), "no weight: evenly")
	assert.Equal(t, []int64{0, 0}, apportion(0, []int64{3, 4}, 5))
	// A slice with a share of 0.05 of a click gets it one record in 20, on
	// average: never, under largest remainder.
	r, got := rng(7), int64(0)
	for range 20000 {
		parts := apportion(1, []int64{5, 95}, r.next())
		require.Equal(t, int64(1), parts[0]+parts[1])
		got += parts[0]
	}
	assert.InDelta(t, 1000, got, 150, "the small slice's clicks over 20,000 records")
}

// Every figure's parts sum to it, and no part of a child exceeds its
// parent's part, whatever the record and audience.
func TestSplitSumsAndBounds(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	hour := time.Date(2026, 1, 2, 13, 0, 0, 0, kakao.KST)
	for i := range 2000 {
		imp := rnd.Int64N(6000)
		r := Delivered{Imp: imp, Click: rnd.Int64N(imp/10 + 1), Cost: rnd.Int64N(200000)}
		message := i%5 == 0
		f := recordFigures(r, message, true, rnd.Uint64(), uint64(i), hour)
		a := audienceOf(rnd.Uint64(), AdGroup{ID: uint64(i), Targeting: Targeting{Ages: []string{"20~29", "60~"}}}, []Dimension{DimensionAge, DimensionLocation, DimensionAgeGender}[i%3])
		require.NotEmpty(t, a.values)
		round := rng(rnd.Uint64())
		parts := split(&f, a, &round)
		var sum Figures
		for _, p := range parts {
			sum.add(&p)
			for k, par := range parent {
				if par >= 0 && k != fCost && k != fPurchaseValue7d { // those two follow their parent, unbounded by it
					require.LessOrEqual(t, p[k], p[par], "figure %d ≤ its parent %d", k, par)
				}
			}
		}
		require.Equal(t, f, sum)
	}
}

func TestAudienceKeepsRelativeWeights(t *testing.T) {
	all := audienceOf(7, AdGroup{ID: 3}, DimensionAge)
	some := audienceOf(7, AdGroup{ID: 3, Targeting: Targeting{Ages: []string{"30~39", "20~29", "70~"}}}, DimensionAge)
	assert.Equal(t, ReportAges, all.values)
	assert.Equal(t, []string{"20~29", "30~39", "70~"}, some.values, "the set's order, then what it lacks")
	assert.Equal(t, all.weights[1:3], some.weights[:2])
	dev := audienceOf(7, AdGroup{ID: 3, DeviceTypes: []string{"IOS", "ANDROID"}}, DimensionDeviceType)
	assert.Equal(t, []string{"Android", "iOS"}, dev.values)
}

// A message ad group's records sum into the message figures, a display
// dimension gives them no value, and Imp, Click and Cost sum every record.
func TestReportSplitsByKind(t *testing.T) {
	db := reportDB(t, 2, 2, 1)
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		return tx.Put(adGroupsBucket, store.Key(202), AdGroup{ID: 202, Type: AdGroupDirectMessage, Name: "메시지"})
	}))
	q := ReportQuery{AdAccountIDs: []uint64{1, 2}, Level: LevelAdAccount, Period: Period{day(1), day(1)}, Groups: GroupBasic | GroupMessage}
	rows := runReport(t, db, q)
	require.Len(t, rows, 2)
	display, message := rows[0], rows[1]
	assert.True(t, display.Displays && !display.Messages)
	assert.True(t, message.Messages && !message.Displays)
	assert.Equal(t, message.Imp, message.Figures[fMsgSend])
	assert.Zero(t, message.Figures[fImp])
	assert.Equal(t, message.Cost, message.Figures[fMsgCost])
	assert.Equal(t, []string{"msg_send", "msg_open", "msg_click", "msg_send_fail", "msg_open_rate", "cost"}, keys(message.Metrics(q.Groups)))
	assert.Empty(t, message.Metrics(GroupBasic), "nothing for BASIC (§9.5)")

	q.Dimension = DimensionLocation
	parts := runReport(t, db, q)
	var values []string
	var msgCost int64
	for _, p := range parts {
		if p.ID == 2 {
			values = append(values, p.Value)
			msgCost += p.Cost
		}
	}
	assert.Equal(t, []string{""}, values, "a message record has no display dimension")
	assert.Equal(t, message.Cost, msgCost)
}

func keys(m Metrics) []string {
	var ks []string
	for _, x := range m {
		ks = append(ks, x.Key)
	}
	return ks
}
