package sandbox_test

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Rule P03 (docs/rules.md): yesterday's figures change at 08:00 KST, by the
// sandbox's invalid-traffic correction, and the wallet gets the cost back.
func rulesCorrection(t *testing.T) {
	t.Run("P03_yesterday_is_corrected_at_eight_and_credited", p03Corrected)
	t.Run("P03_same_data_file_and_clock_same_correction", p03Reproducible)
	t.Run("P03_zero_basis_points_corrects_nothing", p03Off)
}

// demoAccounts are the demo's ad accounts (internal/fixtures/demo.yaml).
var demoAccounts = []uint64{10001, 10002, 10003, 10004, 10005, 10006}

// newDemoAdsBox is the demo data, frozen at sandboxtest.Start(), its ads
// service in reach.
func newDemoAdsBox(t *testing.T, opts ...func(*sandbox.Config)) *adsBox {
	t.Helper()
	cfg := sandbox.Config{DataPath: filepath.Join(t.TempDir(), "demo.db"), Clock: sandboxtest.Start(),
		Strict: true, NoSync: true, RateLimits: []string{"off"}}
	for _, o := range opts {
		o(&cfg)
	}
	sb, err := sandbox.Open(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, sb.Close()) })
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	return &adsBox{t: t, sb: sb, url: srv.URL, ads: sandbox.AdsOf(sb), ids: map[string]map[string]int64{}, cfg: cfg}
}

// corrections are the AD_CORRECTION entries of the demo's wallets, by ref.
func corrections(t *testing.T, sb *sandbox.Sandbox) map[string]wallet.Entry {
	out := map[string]wallet.Entry{}
	for w := uint64(1); w <= 50; w++ {
		es, err := sandbox.LedgerOf(sb, w)
		require.NoError(t, err)
		for _, e := range es {
			if e.Kind == wallet.EntryAdCorrection {
				_, dup := out[e.Ref]
				assert.False(t, dup, "%s credited twice", e.Ref)
				out[e.Ref] = e
			}
		}
	}
	return out
}

func dayOf(d ads.Delivery) string { return d.Hour.In(kakao.KST).Format(time.DateOnly) }

func p03Corrected(t *testing.T) {
	t.Parallel()
	b := newDemoAdsBox(t)
	now := b.now().In(kakao.KST)
	day1 := now.Format(time.DateOnly)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, kakao.KST)
	b.advance(midnight.Add(24*time.Hour + 7*time.Hour + 59*time.Minute).Sub(now).String()) // day 2, 07:59
	before := map[uint64][]ads.Delivery{}
	for _, a := range demoAccounts {
		before[a] = b.deliveries(a)
	}
	require.NotEmpty(t, before[10001], "the demo spends from 10:00")
	require.Empty(t, corrections(t, b.sb), "nothing is corrected before 08:00")

	b.advance("2m") // 08:01
	b.requireLedger()
	got := corrections(t, b.sb)
	var removedAll int64
	for _, a := range demoAccounts {
		after := b.deliveries(a)[:len(before[a])] // then the 08:00 hour's
		for i := range after {
			require.Equal(t, before[a][i].Hour, after[i].Hour, "the correction rewrites records, it adds none")
			require.Equal(t, before[a][i].CreativeID, after[i].CreativeID)
		}
		var removed int64
		for i, d := range after {
			was := before[a][i]
			if dayOf(was) != day1 {
				assert.Equal(t, was, d, "only yesterday is corrected")
				continue
			}
			assert.Equal(t, was.Impressions, d.Impressions, "impressions stay")
			assert.LessOrEqual(t, d.Clicks, was.Clicks)
			assert.LessOrEqual(t, d.Cost, was.Cost)
			assert.LessOrEqual(t, was.Clicks-d.Clicks, (was.Clicks*3+99)/100+1, "at most about 3%% of clicks go")
			removed += was.Cost - d.Cost
		}
		ref := fmt.Sprintf("ads:correction:%s:adAccount:%d", day1, a)
		e, ok := got[ref]
		if removed == 0 {
			assert.False(t, ok, "ad account %d lost nothing and gets nothing back", a)
		} else {
			require.True(t, ok, "ad account %d: one entry gives back %d won", a, removed)
			assert.Equal(t, removed, e.Paid, "the wallet gets back exactly the removed cost")
			assert.Zero(t, e.Free)
		}
		removedAll += removed
		// The day's stored sums still equal its records.
		total, campaigns, adGroups, err := b.ads.DaySums(a, sandboxtest.Start())
		require.NoError(t, err)
		sums := [3]map[uint64]int64{{0: 0}, {}, {}}
		for _, d := range after {
			if dayOf(d) == day1 {
				sums[0][0] += d.Cost
				sums[1][d.CampaignID] += d.Cost
				sums[2][d.AdGroupID] += d.Cost
			}
		}
		assert.Equal(t, sums[0][0], total, "ad account %d: the day's total is its records' sum", a)
		for id, c := range sums[1] {
			assert.Equal(t, c, campaigns[id], "campaign %d", id)
		}
		for id, c := range sums[2] {
			assert.Equal(t, c, adGroups[id], "ad group %d", id)
		}
	}
	assert.Positive(t, removedAll, "some invalid traffic is found in a day of the demo")

	// A second pass does nothing: a day later only day 2 is corrected.
	corrected := map[uint64][]ads.Delivery{}
	for _, a := range demoAccounts {
		corrected[a] = b.deliveries(a)
	}
	b.advance("24h")
	b.requireLedger()
	for _, a := range demoAccounts {
		for i, d := range b.deliveries(a)[:len(corrected[a])] {
			if dayOf(d) == day1 {
				assert.Equal(t, corrected[a][i], d, "day 1 is corrected once")
			}
		}
	}
	for ref := range corrections(t, b.sb) {
		if _, ok := got[ref]; !ok {
			assert.NotContains(t, ref, day1, "day 1 is credited once")
		}
	}
	for ref := range got {
		assert.True(t, strings.HasPrefix(ref, "ads:correction:"+day1))
	}
}

func p03Reproducible(t *testing.T) {
	t.Parallel()
	b := newDemoAdsBox(t)
	snap := b.do(req{Method: "GET", Path: "/_sandbox/snapshot"})
	require.Equal(t, 200, snap.Status, "%s", snap.Body)
	run := func() (map[uint64][]ads.Delivery, map[string]wallet.Entry) {
		b.advance("23h")
		ds := map[uint64][]ads.Delivery{}
		for _, a := range demoAccounts {
			ds[a] = b.deliveries(a)
		}
		es := corrections(t, b.sb)
		for k, e := range es {
			e.Seq = 0
			es[k] = e
		}
		return ds, es
	}
	ds1, es1 := run()
	require.NotEmpty(t, es1)
	r := b.do(req{Method: "PUT", Path: "/_sandbox/snapshot", Body: snap.Body})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	ds2, es2 := run()
	assert.Equal(t, ds1, ds2, "the same data file and clock give the same corrected records")
	assert.Equal(t, es1, es2, "and the same credits")
}

// --ads-correction-bp 0 (AdsCorrectionBasisPoints new(0)) turns the
// correction off: a day past 08:00 keeps its records and credits nothing.
func p03Off(t *testing.T) {
	t.Parallel()
	b := newDemoAdsBox(t, func(c *sandbox.Config) { c.AdsCorrectionBasisPoints = new(0) })
	b.advance("22h59m") // day 2, 07:59
	before := b.deliveries(10001)
	require.NotEmpty(t, before)
	b.advance("2h")
	assert.Equal(t, before, b.deliveries(10001)[:len(before)], "no record corrected")
	assert.Empty(t, corrections(t, b.sb), "nothing credited")
	b.requireLedger()
}
