package sandbox_test

import (
	"bufio"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Rule D07: a document loads, and means the same, on any day.
func rulesDates(t *testing.T) {
	t.Run("D07_demo_starts_on_any_day_with_nothing_to_catch_up", d07DemoStartsOnAnyDay)
	t.Run("D07_relative_dates_load_through_the_control_plane", d07RelativeDatesLoad)
	t.Run("D07_a_past_absolute_expiry_says_how_to_write_it", d07PastExpiryRefused)
}

// demoMonthEffects bounds the clock effects one month of the demo's
// KakaoCloud calendar runs (docs/test-data.md, "The demo's dates"): a start
// on any day runs at most this month's days already past, never the months
// before. Today's demo with absolute 2025 months ran 65 on 2026-12-07.
const demoMonthEffects = 12

func d07DemoStartsOnAnyDay(t *testing.T) {
	t.Parallel()
	kst := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, kakao.KST) }
	for name, at := range map[string]time.Time{
		"tests' clock":  sandboxtest.Start(),
		"today":         time.Now(),
		"a 1st":         kst(2027, 3, 1, 0),
		"a 10th":        kst(2026, 12, 10, 12),
		"a 25th":        kst(2026, 12, 25, 9),
		"a 31st":        kst(2027, 1, 31, 23),
		"a year on":     sandboxtest.Start().AddDate(1, 0, 0),
		"running today": {},
	} {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			sb := sandboxtest.New(t, func(c *sandbox.Config) {
				c.Clock = at
				if at.IsZero() {
					c.Now = time.Now
				}
			})
			adv := sb.Advance("1s") // the start ran what was due; this runs anything left
			effects := clockEffects(t, sb)
			assert.LessOrEqual(t, effects, demoMonthEffects, "a first start ran more than a month of effects: %v", ranEffects(adv))
			clock := sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)
			assert.Len(t, clock, 2, "the clock answer holds its time and whether it is frozen, nothing to catch up: %v", clock)

			// The statuses are the demo's, relative to the month it starts in.
			last, before := monthStart(adv.Now).AddDate(0, -1, 0), monthStart(adv.Now).AddDate(0, -2, 0)
			assert.Equal(t, "PAID", getDemoInvoice(t, sb, 1, last.Format("2006-01")).Status)
			assert.Equal(t, "OVERDUE", getDemoInvoice(t, sb, 2, before.Format("2006-01")).Status)
			assert.EqualValues(t, 89100, getDemoInvoice(t, sb, 2, last.Format("2006-01")).TotalAmount)
			if name == "tests' clock" {
				assert.Equal(t, 1, effects, "at the tests' clock the demo reads as it always has")
				assert.Equal(t, "ISSUED", getDemoInvoice(t, sb, 3, "2025-12").Status)
			}
		})
	}
}

// clockEffects sums kakao_sandbox_clock_effects_total over every kind and outcome.
func clockEffects(t *testing.T, sb *sandboxtest.Sandbox) int {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/metrics"})
	require.Equal(t, 200, r.Status)
	n := 0
	sc := bufio.NewScanner(strings.NewReader(string(r.Body)))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "kakao_sandbox_clock_effects_total{") {
			continue
		}
		v, err := strconv.Atoi(line[strings.LastIndexByte(line, ' ')+1:])
		require.NoError(t, err, line)
		n += v
	}
	return n
}

func monthStart(t time.Time) time.Time {
	t = t.In(kakao.KST)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, kakao.KST)
}

const relativeDoc = `
wallets:
  - key: rd-w
    type: BUSINESS
    company: nuri
    master: alice
    status: ON
    paidCash: 0
    freeCash: [{amount: 1000, expiresAt: "+180d", activated: true}, {amount: 2000, expiresAt: "today", activated: true}]
    taxInvoices: [{month: "-1M", supplyAmount: 10000, status: ISSUED}]
cloud:
  organizations:
    - key: rd-org
      name: 상대 조직
      memberType: INDIVIDUAL
      members: [{user: alice, role: BILLING_ADMIN}]
      billingGroups:
        - {key: main, main: true, name: 기본, members: [alice],
           invoices: [{month: "-2M", usage: 50000, status: OVERDUE},
                      {month: "-1M", usage: 1000, status: ISSUED, lateFees: [{invoiceMonth: "-2M", amount: 1100}]}]}
`

func d07RelativeDatesLoad(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	walletID := sb.LoadFixtures([]byte(relativeDoc))["wallets"]["rd-w"]
	path := "/wallets/" + strconv.FormatInt(walletID, 10)

	// At 2026-01-01: +180d is 2026-06-30, today 2026-01-01, -1M 2025-12, -2M 2025-11.
	grants := mustJSON(t, ok(t, sb.Do(console("GET", path+"/free-cash", "sandbox-biz-alice", nil))))
	contains(t, grants, `"expiresOn":"2026-06-30"`, `"expiresOn":"2026-01-01"`)
	invoices := mustJSON(t, ok(t, sb.Do(console("GET", path+"/tax-invoices", "sandbox-biz-alice", nil))))
	contains(t, invoices, `"month":"2025-12"`)
	const group = 6 // after the demo's five
	assert.Equal(t, "OVERDUE", getDemoInvoice(t, sb, group, "2025-11").Status)
	late := getDemoInvoice(t, sb, group, "2025-12")
	assert.Equal(t, "ISSUED", late.Status)
	assert.EqualValues(t, 1100+1100, late.TotalAmount, "usage 1,000 + VAT 100, and the late fee of 1,100 for 2025-11")

	// The control plane's own date fields take the same forms.
	g := sb.GrantFreeCash(walletID, 500, "+1M", true)
	assert.Equal(t, "2026-02-01", g.ExpiresOn)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox" + path + "/free-cash", Body: map[string]any{"amount": 500, "expiresAt": "-1d"}})
	contains(t, kakaoError(t, r, 400, -2, 0), "expiresAt: -1d is 2025-12-31, already past at sandbox time 2026-01-01T09:00:00+09:00")
}

func d07PastExpiryRefused(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	doc := strings.Replace(relativeDoc, `expiresAt: "today"`, `expiresAt: "2025-11-25"`, 1)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: doc})
	msg := kakaoError(t, r, 400, -2, 0)
	contains(t, msg, `freeCash[1].expiresAt: 2025-11-25 is already past at sandbox time 2026-01-01T09:00:00+09:00; write it relative to the sandbox time at load, like "+180d"`)

	doc = strings.Replace(relativeDoc, `expiresAt: "today"`, `expiresAt: "+2m"`, 1)
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: doc})
	contains(t, kakaoError(t, r, 400, -2, 0), `freeCash[1].expiresAt: "+2m" is neither a date like 2027-01-31 nor one relative to the sandbox time`, `d (days), M (months) or y (years)`)
}
