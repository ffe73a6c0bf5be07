package sandbox_test

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// adsBox is a sandbox on the rule tests' data with the ads domain in reach:
// the control plane over HTTP (fixtures, clock, reviews, deposits), the ads
// service in process until its Moment endpoints exist (issue 21).
type adsBox struct {
	t   testing.TB
	sb  *sandbox.Sandbox
	url string
	ads *ads.Service
	ids map[string]map[string]int64
	cfg sandbox.Config
	// close closes the data file, for checks of the file itself.
	close func()
}

// adsBase adds to testdata/rules.yaml two ad accounts of master's, each
// with its own business wallet: 30001 (1,000,000 won) and 30002 (3,000 won).
const adsBase = `
wallets:
  - {key: ads-w, type: BUSINESS, company: sky, master: master, status: ON, paidCash: 1000000}
  - {key: thin-w, type: BUSINESS, company: sky, master: master, status: ON, paidCash: 3000}
adAccounts:
  - {key: ads-main, id: 30001, name: 광고 본계정, company: sky, wallet: ads-w, config: ON, members: [{user: master, role: MASTER}]}
  - {key: ads-thin, id: 30002, name: 잔액 적은 계정, company: sky, wallet: thin-w, config: ON, members: [{user: master, role: MASTER}]}
`

const (
	mainAds  = 30001
	thinAds  = 30002
	asMaster = 1 // user master's id
)

var masterCaller = moment.Caller{UserID: asMaster}

// newAdsBox opens a frozen sandbox at sandboxtest.Start() with adsBase and
// doc loaded (doc may be ""); delay nil is the default review delay.
func newAdsBox(t testing.TB, doc string, delay *time.Duration) *adsBox {
	t.Helper()
	cfg := sandbox.Config{DataPath: filepath.Join(t.TempDir(), "ads.db"), Fixtures: rulesFixture,
		Clock: sandboxtest.Start(), Strict: true, NoSync: true, CreativeReviewDelay: delay, RateLimits: []string{"off"}}
	sb, err := sandbox.Open(cfg)
	require.NoError(t, err)
	srv := httptest.NewServer(sb.Handler())
	closed := false
	t.Cleanup(func() {
		srv.Close()
		if !closed {
			sb.Close()
		}
	})
	b := &adsBox{t: t, sb: sb, url: srv.URL, ads: sandbox.AdsOf(sb), ids: map[string]map[string]int64{}, cfg: cfg}
	b.close = func() { closed = true; require.NoError(t, sb.Close()) }
	b.load(adsBase)
	if doc != "" {
		b.load(doc)
	}
	return b
}

func (b *adsBox) do(r req) sandboxtest.Response {
	b.t.Helper()
	resp := sandboxtest.Do(b.t, b.url, r)
	require.Less(b.t, resp.Status, 500, "%s %s: %s", r.Method, r.Path, resp.Body)
	return resp
}

// load loads a fixture document and remembers the ids it assigned.
func (b *adsBox) load(doc string) {
	b.t.Helper()
	r := b.do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(doc)})
	require.Equal(b.t, 201, r.Status, "%s", r.Body)
	var out struct {
		IDs map[string]map[string]int64 `json:"ids"`
	}
	r.Decode(b.t, &out)
	for list, m := range out.IDs {
		if b.ids[list] == nil {
			b.ids[list] = map[string]int64{}
		}
		for k, v := range m {
			b.ids[list][k] = v
		}
	}
}

func (b *adsBox) id(list, key string) uint64 {
	b.t.Helper()
	id, ok := b.ids[list][key]
	require.True(b.t, ok, "no %s %q loaded", list, key)
	return uint64(id)
}

// advance moves the frozen clock and fails unless it got there.
func (b *adsBox) advance(d string) {
	b.t.Helper()
	r := b.do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": d}})
	require.Equal(b.t, 200, r.Status, "%s", r.Body)
	require.NotContains(b.t, string(r.Body), `"stopped"`, "%s", r.Body)
	require.NotContains(b.t, string(r.Body), "set aside", "an effect failed: %s", r.Body)
}

func (b *adsBox) now() time.Time { return b.sb.Now() }

func (b *adsBox) creative(adAccount, id uint64) ads.CreativeView {
	b.t.Helper()
	v, err := b.ads.Creative(masterCaller, adAccount, id)
	require.NoError(b.t, err)
	return v
}

func (b *adsBox) adGroup(adAccount, id uint64) ads.AdGroupView {
	b.t.Helper()
	v, err := b.ads.AdGroup(masterCaller, adAccount, id)
	require.NoError(b.t, err)
	return v
}

func (b *adsBox) campaign(adAccount, id uint64) ads.CampaignView {
	b.t.Helper()
	v, err := b.ads.Campaign(masterCaller, adAccount, id)
	require.NoError(b.t, err)
	return v
}

// deliveries are an ad account's delivered hours from sandbox start to now.
func (b *adsBox) deliveries(adAccount uint64) []ads.Delivery {
	b.t.Helper()
	d, err := b.ads.Deliveries(adAccount, sandboxtest.Start().AddDate(0, 0, -1), b.now().Add(time.Hour))
	require.NoError(b.t, err)
	return d
}

func costOf(ds []ads.Delivery, keep func(ads.Delivery) bool) int64 {
	var n int64
	for _, d := range ds {
		if keep == nil || keep(d) {
			n += d.Cost
		}
	}
	return n
}

// spendEntries sums a wallet's ad delivery spend entries (paid and free).
func (b *adsBox) spendEntries(walletID uint64, keep func(wallet.Entry) bool) int64 {
	b.t.Helper()
	es, err := sandbox.LedgerOf(b.sb, walletID)
	require.NoError(b.t, err)
	var n int64
	for _, e := range es {
		if e.Kind == wallet.EntrySpend && strings.HasPrefix(e.Ref, "ads:") && (keep == nil || keep(e)) {
			n -= e.Paid + e.Free
		}
	}
	return n
}

// requireLedger fails unless every wallet's balance equals its ledger.
func (b *adsBox) requireLedger() {
	b.t.Helper()
	r, err := b.sb.Check()
	require.NoError(b.t, err)
	require.Empty(b.t, r.Mismatches, "balances differ from their ledgers")
}

func (b *adsBox) walletOf(adAccount uint64) uint64 {
	b.t.Helper()
	r := b.do(req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: master, Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}})
	require.Equal(b.t, 200, r.Status, "%s", r.Body)
	var bal balanceBody
	r.Decode(b.t, &bal)
	return uint64(bal.BizWalletID)
}
