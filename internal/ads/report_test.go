package ads

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// reportDB holds delivery records for accounts 1..accounts, days from
// 2026-01-01, every hour, creatives 100+a*10+{0,1} in ad groups 200+a,
// campaign 300+a; figures follow from the key so sums are known.
func reportDB(tb testing.TB, accounts, days, creatives int) *store.DB {
	db, err := store.Open(filepath.Join(tb.TempDir(), "r.db"), store.Options{NoSync: true})
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, kakao.KST)
	require.NoError(tb, db.UpdateAlone(func(tx *store.Tx) error {
		for a := uint64(1); a <= uint64(accounts); a++ {
			for d := 0; d < days; d++ {
				for h := 0; h < 24; h++ {
					hour := first.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
					for c := uint64(0); c < uint64(creatives); c++ {
						r := Delivered{AdGroup: 200 + a, Campaign: 300 + a, Imp: 100 + int64(h), Click: int64(c + 1), Cost: int64(10*h) + int64(c)}
						if err := tx.PutDense(deliveryBucket, deliveryKey(a, hour, 100+a*10+c), r); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	}))
	return db
}

func runReport(tb testing.TB, db *store.DB, q ReportQuery) []ReportRow {
	var rows []ReportRow
	require.NoError(tb, db.View(func(tx *store.Tx) error {
		var err error
		rows, err = (&Service{}).report(tx, q) // no configured seed: the file's
		return err
	}))
	return rows
}

func day(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, kakao.KST) }

// Rows sum the records up the tree, in day, id, hour order; the hours of a
// day sum to its day row (rule P06).
func TestReportSumsUpTheTree(t *testing.T) {
	db := reportDB(t, 3, 4, 2)
	q := ReportQuery{AdAccountIDs: []uint64{2, 1}, Level: LevelAdAccount, Period: Period{day(2), day(3)}}
	rows := runReport(t, db, q)
	require.Len(t, rows, 4)
	assert.Equal(t, []uint64{1, 2, 1, 2}, []uint64{rows[0].ID, rows[1].ID, rows[2].ID, rows[3].ID})
	assert.Equal(t, day(2), rows[0].Day)
	// per hour h: cost 10h + 10h+1 → Σ_h (20h+1) = 20·276 + 24 = 5544
	assert.Equal(t, int64(5544), rows[0].Cost)
	assert.Equal(t, int64(2*(24*100+276)), rows[0].Imp)
	assert.Equal(t, int64(24*3), rows[0].Click)
	assert.Equal(t, map[string]string{"ad_account_id": "1"}, rows[0].Dimensions())

	q.Hourly = true
	hours := runReport(t, db, q)
	require.Len(t, hours, 4*24)
	var cost int64
	for _, h := range hours[:24] {
		cost += h.Cost
		assert.Equal(t, uint64(1), h.ID)
	}
	assert.Equal(t, rows[0].Cost, cost, "a day's hours sum to its row")
	assert.Equal(t, map[string]string{"ad_account_id": "1", "hour": "07"}, hours[7].Dimensions())

	cr := runReport(t, db, ReportQuery{AdAccountIDs: []uint64{2}, Creatives: []uint64{121}, Level: LevelCreative, Period: Period{day(1), day(1)}})
	require.Len(t, cr, 1)
	assert.Equal(t, ReportRow{Day: day(1), Hour: -1, Key: "creative_id", ID: 121, Displays: true,
		Imp: 24*100 + 276, Click: 48, Cost: 10*276 + 24, Figures: Figures{fImp: 24*100 + 276, fClick: 48, fCost: 10*276 + 24}}, cr[0])
	assert.Empty(t, runReport(t, db, ReportQuery{AdAccountIDs: []uint64{2}, AdGroups: []uint64{201}, Level: LevelAdGroup, Period: Period{day(1), day(4)}}),
		"another account's ad group has nothing here")
}

func TestReportCTR(t *testing.T) {
	assert.Equal(t, 0.6664, ReportRow{Figures: Figures{fImp: 77431, fClick: 516}}.CTR(), "Kakao's sample")
	assert.Equal(t, 0.0, ReportRow{}.CTR())
}

// Kakao's date rules at a fixed clock (rule P02).
func TestReportPeriod(t *testing.T) {
	now := time.Date(2026, 3, 15, 13, 0, 0, 0, kakao.KST)
	for preset, want := range map[string][2]string{
		"TODAY": {"2026-03-15", "2026-03-15"}, "YESTERDAY": {"2026-03-14", "2026-03-14"},
		"LAST_7DAY": {"2026-03-08", "2026-03-14"}, "LAST_14DAY": {"2026-03-01", "2026-03-14"},
		"LAST_30DAY": {"2026-02-13", "2026-03-14"}, "THIS_MONTH": {"2026-03-01", "2026-03-14"},
		"LAST_MONTH": {"2026-02-01", "2026-02-28"},
	} {
		p, err := ReportPeriod(now, preset, "", "")
		require.NoError(t, err, preset)
		assert.Equal(t, want, [2]string{p.First.Format(kakao.DateLayout), p.Last.Format(kakao.DateLayout)}, preset)
	}
	p, err := ReportPeriod(now, "", "20260213", "20260314")
	require.NoError(t, err)
	assert.Equal(t, 30, p.Days())
	_, err = ReportPeriod(now, "", "20260212", "20260314")
	assert.NoError(t, err, "31 days")
	for _, bad := range [][3]string{
		{"", "20260211", "20260314"}, // 32 days
		{"", "20260310", "20260315"}, // today
		{"", "20260310", "20260309"}, // end before start
		{"", "2026-03-10", "20260311"},
		{"", "20260310", ""},
		{"LAST_WEEK", "", ""},
	} {
		_, err := ReportPeriod(now, bad[0], bad[1], bad[2])
		ke, ok := kakao.As(err)
		if assert.True(t, ok, "%v", bad) {
			assert.Equal(t, -2, ke.Code, "%v", bad)
		}
	}
	p, err = ReportPeriod(now, "YESTERDAY", "20260101", "20260105")
	require.NoError(t, err)
	assert.Equal(t, 1, p.Days(), "datePreset is read before start/end")
	first, err := ReportPeriod(time.Date(2026, 4, 1, 9, 0, 0, 0, kakao.KST), "THIS_MONTH", "", "")
	require.NoError(t, err)
	assert.True(t, first.Last.Before(first.First), "on the 1st THIS_MONTH is empty")
}

// BenchmarkReport30Days1000Accounts: a 30-day report of one ad account
// among 1,000 accounts' 31 days of hourly records (744,000 records in
// all); the reads are key ranges, so the other accounts cost nothing
// (docs/performance.md, "Reports").
func BenchmarkReport30Days1000Accounts(b *testing.B) {
	db := reportDB(b, 1000, 31, 1)
	q := ReportQuery{AdAccountIDs: []uint64{500}, Level: LevelCampaign, Period: Period{day(2), day(31)}}
	b.ResetTimer()
	for b.Loop() {
		if rows := runReport(b, db, q); len(rows) != 30 {
			b.Fatalf("%d rows", len(rows))
		}
	}
}

// BenchmarkReport30Days5Accounts: the widest ad-account report (5 ids).
func BenchmarkReport30Days5Accounts(b *testing.B) {
	db := reportDB(b, 1000, 31, 1)
	q := ReportQuery{AdAccountIDs: []uint64{1, 250, 500, 750, 1000}, Level: LevelAdAccount, Period: Period{day(2), day(31)}, Hourly: true}
	b.ResetTimer()
	for b.Loop() {
		if rows := runReport(b, db, q); len(rows) != 5*30*24 {
			b.Fatalf("%d rows", len(rows))
		}
	}
}

// BenchmarkReport30DaysLocationAllGroups: one ad account's 30 days split
// by LOCATION (17 values) with every metric group's derived figures.
func BenchmarkReport30DaysLocationAllGroups(b *testing.B) {
	db := reportDB(b, 1000, 31, 1)
	q := ReportQuery{AdAccountIDs: []uint64{500}, Level: LevelCampaign, Period: Period{day(2), day(31)},
		Dimension: DimensionLocation, Groups: displayGroups | messageGroups}
	b.ResetTimer()
	for b.Loop() {
		if rows := runReport(b, db, q); len(rows) != 30*17 {
			b.Fatalf("%d rows", len(rows))
		}
	}
}
