package sandbox_test

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The delivery's seed (sandbox.Config.AdsSeed, --ads-seed) makes fresh
// sandboxes report the same figures (rule P06), and the 08:00 correction
// comes off the tax invoice it was billed on (rule W06).
func rulesFigures(t *testing.T) {
	t.Run("P06_same_seed_same_report_in_fresh_sandboxes", p06SameSeed)
	t.Run("W06_ad_corrections_come_off_the_tax_invoice", w06CorrectionsUninvoiced)
}

// seededReports are the reports of a fresh demo sandbox with seed, three
// days on, read as alice.
func seededReports(t *testing.T, seed uint64) []string {
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, sandboxtest.WithAdsSeed(seed))
	sb.Advance("3d")
	var out []string
	for _, path := range []string{
		"/adAccounts/report?adAccountId=10001&level=CAMPAIGN&datePreset=LAST_7DAY&dimension=HOUR",
		"/adGroups/report?adGroupId=30001,30002&level=CREATIVE&datePreset=YESTERDAY",
	} {
		r := report(sb, 10001, path)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		out = append(out, string(r.Body))
	}
	return out
}

func p06SameSeed(t *testing.T) {
	t.Parallel()
	a, b := seededReports(t, 7), seededReports(t, 7)
	assert.Equal(t, a, b, "two fresh sandboxes, the same seed, fixtures and clock: the same bytes")
	assert.Contains(t, a[0], `"cost":`)
	other := seededReports(t, 8)
	for i := range a {
		assert.NotEqual(t, a[i], other[i], "another seed, other figures")
	}
}

// invoiceAds is a business wallet of paid cash only whose ads run for a
// month and more: each day is corrected at 08:00 the next.
const invoiceAds = `
campaigns:
  - {key: inv-c, adAccount: ads-main, name: 세금계산서 캠페인, type: DISPLAY, goal: CONVERSION}
adGroups:
  - {key: inv-g, campaign: inv-c, name: 세금계산서 그룹, pricingType: CPC, pacing: QUICK, bidAmount: 100,
     schedule: {beginDate: today, endDate: +60d}}
creatives:
  - {key: inv-cr, adGroup: inv-g, name: 세금계산서 소재, landingUrl: "https://example.com/inv"}
`

// w06CorrectionsUninvoiced: across a month's end, each month's tax invoice
// bills that month's paid ad spend less the corrections taken off it: those
// posted in the month, with the invoice issued on the 1st (the default), as
// the last day's correction at 08:00 on the 1st finds its month's invoice
// issued and comes off the new month's; and those of the month's days, when
// the invoice is issued later (the 5th), so the last day's is still open.
func w06CorrectionsUninvoiced(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		invoiceDay int
		byDay      bool // a correction counts in its corrected day's month
	}{{1, false}, {5, true}} {
		t.Run(fmt.Sprintf("issued_on_day_%d", c.invoiceDay), func(t *testing.T) {
			t.Parallel()
			b := newAdsBoxWith(t, func(cfg *sandbox.Config) { cfg.TaxInvoiceDay = c.invoiceDay; cfg.AdsSeed = 11 })
			b.load(invoiceAds)
			w := b.walletOf(mainAds)
			b.advance("37d") // 2026-02-07 09:00
			b.requireLedger()

			es, err := sandbox.LedgerOf(b.sb, w)
			require.NoError(t, err)
			billed := map[string]int64{} // month → paid spend less corrections
			var corrected int
			for _, e := range es {
				month := e.At.In(kakao.KST).Format("2006-01")
				switch e.Kind {
				case wallet.EntrySpend:
					require.Zero(t, e.Free, "paid cash only")
					billed[month] -= e.Paid
				case wallet.EntryAdCorrection:
					if c.byDay { // ads:correction:yyyy-mm-dd:adAccount:id
						month = strings.TrimPrefix(e.Ref, "ads:correction:")[:7]
					}
					billed[month] -= e.Paid
					corrected++
				}
			}
			require.Greater(t, corrected, 30, "a correction a day")
			r := b.do(req{Method: "GET", Path: fmt.Sprintf("/console/v1/wallets/%d/tax-invoices", w), Token: master})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			var out struct {
				TaxInvoices []taxInvoice `json:"taxInvoices"`
			}
			r.Decode(t, &out)
			invs := out.TaxInvoices
			require.Len(t, invs, 2, "%+v", invs)
			jan, feb := invs[1], invs[0]
			require.Equal(t, []string{"2026-01", "ISSUED"}, []string{jan.Month, jan.Status})
			assert.Equal(t, billed["2026-01"], jan.SupplyAmount, "January: its spend less its corrections")
			assert.Equal(t, kakao.VAT(jan.SupplyAmount), jan.VAT)
			assert.Equal(t, jan.SupplyAmount+jan.VAT, jan.TotalAmount)
			require.Equal(t, []string{"2026-02", "UNISSUED"}, []string{feb.Month, feb.Status})
			assert.Equal(t, billed["2026-02"], feb.SupplyAmount, "February so far")
		})
	}
}

// newAdsBoxWith is newAdsBox's sandbox (adsBase loaded) with its Config
// changed by opts.
func newAdsBoxWith(t *testing.T, opts ...func(*sandbox.Config)) *adsBox {
	t.Helper()
	cfg := sandbox.Config{DataPath: filepath.Join(t.TempDir(), "ads.db"), Fixtures: rulesFixture,
		Clock: sandboxtest.Start(), Strict: true, NoSync: true, RateLimits: []string{"off"}}
	for _, o := range opts {
		o(&cfg)
	}
	sb, err := sandbox.Open(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, sb.Close()) })
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	b := &adsBox{t: t, sb: sb, url: srv.URL, ads: sandbox.AdsOf(sb), ids: map[string]map[string]int64{}, cfg: cfg}
	b.load(adsBase)
	return b
}
