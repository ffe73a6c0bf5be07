package interop_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

const dashAdmin = "dash-admin"

func adminSandbox(t *testing.T) *sandboxtest.Sandbox {
	return sandboxtest.New(t, func(c *sandbox.Config) { c.AdminToken = dashAdmin })
}

// demoBalance is ad account 10001's paid cash and wallet over Moment's own API.
func demoBalance(t *testing.T, sb *sandboxtest.Sandbox) (cash, walletID int64) {
	t.Helper()
	var b struct {
		ID          int64 `json:"id"`
		Cash        int64 `json:"cash"`
		FreeCash    int64 `json:"freeCash"`
		BizWalletID int64 `json:"bizWalletId"`
	}
	resp := sb.Do(sandboxtest.Request{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: "sandbox-biz-alice",
		Header: map[string]string{"adAccountId": "10001"}})
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	resp.Decode(t, &b)
	return b.Cash, b.BizWalletID
}

// wonAmount reads "1,500,000원" as the page shows it.
func wonAmount(t *testing.T, text string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.NewReplacer(",", "", "원", "").Replace(strings.TrimSpace(text)), 10, 64)
	require.NoError(t, err, "%q is not an amount in won", text)
	return n
}

// TestDashboardInABrowser drives the dashboard in headless Chromium (issue
// 13, item 5): it loads the overview with the admin token, deposits into a
// virtual account and advances the clock by clicking, switches a scenario on,
// and checks the balance on the page and over the API. Each page's
// screenshot goes into the test's artefacts (go test -artifacts keeps them);
// KAKAO_SANDBOX_DASHBOARD_PNG=$PWD/../docs/dashboard.png, run in interop/,
// rewrites the picture the docs show.
func TestDashboardInABrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed, so the dashboard's browser test does not run: apt-get install chromium fonts-noto-cjk (.ci/run does when CI=true or KAKAO_SANDBOX_INSTALL=1)")
	}
	sb := adminSandbox(t)
	// The demo's ads on 10001 would spend the balance checked below.
	for _, id := range []string{"20001", "20002"} {
		r := sb.Do(sandboxtest.Request{Method: "PUT", Path: "/_sandbox/campaigns/" + id + "/systemConfig", Token: dashAdmin,
			Body: map[string]any{"systemConfig": "ADMIN_STOP"}})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	}
	before, walletID := demoBalance(t, sb)
	va := sb.IssueVirtualAccount("sandbox-biz-alice", 10001, 500000, "88")

	ctx := newBrowser(t, chromium, 1100, 760)

	artefacts := t.ArtifactDir()
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		require.NoError(t, err)
		return s
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(artefacts, name+".png"), png, 0o644))
	}
	ui := sb.URL + "/_sandbox/ui/"
	row := `tr[data-account="` + va.AccountNumber + `"]`

	// The overview, reached with ?token= once; the cookie does the rest.
	do(chromedp.Navigate(ui+"?token="+dashAdmin), chromedp.WaitVisible(`#ad-accounts tr[data-ad-account="10001"]`))
	shot("overview")
	if out := os.Getenv("KAKAO_SANDBOX_DASHBOARD_PNG"); out != "" {
		do(chromedp.EmulateViewport(900, 520))
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(out, png, 0o644))
	}

	// 입금: the button calls POST /_sandbox/virtual-accounts/{n}/deposits and the page reloads.
	do(chromedp.EmulateViewport(1100, 760), chromedp.Navigate(ui+"virtual-accounts"), chromedp.WaitVisible(row+` button.deposit`))
	shot("virtual-accounts")
	do(chromedp.Click(row+` button.deposit`), chromedp.WaitVisible(row+` .tag.PAID`))

	// The clock: one day forward by clicking; what happened is listed.
	do(chromedp.Navigate(ui+"clock"), chromedp.Click(`button.advance[data-body*="24h"]`), chromedp.WaitVisible(`#happened[data-advanced]`))
	require.NotEmpty(t, text(`#happened`))
	shot("clock")
	clk := sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/clock", Token: dashAdmin}).JSON(t)
	now, err := time.Parse(time.RFC3339, clk["now"].(string))
	require.NoError(t, err)
	require.True(t, now.Equal(sandboxtest.Start().Add(24*time.Hour)), "the clock is at %s", now)

	// The switch lets the clock run and freezes it again (PUT
	// /_sandbox/clock; the page reloads and says which); a jump moves it.
	mode := func(frozen bool) {
		t.Helper()
		c := sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/clock", Token: dashAdmin}).JSON(t)
		require.Equal(t, frozen, c["frozen"], "frozen over the API")
	}
	do(chromedp.Navigate(ui+"clock"), chromedp.WaitVisible(`#clock-mode[data-frozen="true"]`))
	require.Contains(t, text(`#clock-mode`), "정지 frozen")
	do(chromedp.Click(`button.mode`), chromedp.WaitVisible(`#clock-mode[data-frozen="false"]`))
	require.Contains(t, text(`#clock-mode`), "실행 중 running")
	mode(false)
	shot("clock-running")
	do(chromedp.Click(`button.mode`), chromedp.WaitVisible(`#clock-mode[data-frozen="true"]`))
	require.Contains(t, text(`#clock-mode`), "정지 frozen")
	mode(true)
	do(chromedp.SetValue(`input[name="at"]`, "2026-01-03T09:30"), chromedp.Click(`button.jump`),
		chromedp.WaitVisible(`#happened[data-advanced="2026-01-03T09:30:00+09:00"]`))
	require.Contains(t, text(`header`), "2026-01-03 09:30:00")
	shot("clock-jumped")
	mode(true)

	// The balance, on the page and over the API.
	do(chromedp.Navigate(ui), chromedp.WaitVisible(`#ad-accounts`))
	paid := text(`tr[data-ad-account="10001"] td.paid`)
	after, _ := demoBalance(t, sb)
	require.Equal(t, before+500000, after)
	require.Equal(t, after, wonAmount(t, paid))

	// A scenario switched on globally by clicking is on over the API.
	do(chromedp.Navigate(ui+"scenarios"),
		chromedp.Click(`tr[data-scenario="kakao-maintenance"] button.switch`),
		chromedp.WaitVisible(`tr[data-scenario="kakao-maintenance"] button.switch[data-method="DELETE"]`))
	shot("scenarios")
	list := sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/scenarios", Token: dashAdmin})
	require.Contains(t, string(list.Body), `"kind":"global"`)

	// The read-only pages render, the journal with the deposit in it; and
	// the overview at a phone's width.
	do(chromedp.Navigate(ui+"requests?operation=depositToVirtualAccount"), chromedp.WaitVisible(`#requests`))
	require.Contains(t, text(`#requests`), "depositToVirtualAccount")
	shot("requests")
	do(chromedp.Navigate(ui+"console"), chromedp.WaitVisible(`#console-wallets`))
	shot("console")
	do(chromedp.Navigate(ui+"wallets/"+strconv.FormatInt(walletID, 10)), chromedp.WaitVisible(`#ledger`))
	shot("wallet")
	do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(ui), chromedp.WaitVisible(`#ad-accounts`))
	shot("overview-phone")
	t.Logf("screenshots in %s", artefacts)
}

// TestDashboardAdAccountChartInABrowser opens an ad account's page (issue
// 22, item 6) in headless Chromium, advances the clock a week through the
// control plane, reloads and sees the chart grow: more bars, each the
// day's cost in its table row. Screenshots go into the test's artefacts;
// KAKAO_SANDBOX_DASHBOARD_ADS_PNG=$PWD/../docs/dashboard-ads.png, run in
// interop/, rewrites the picture docs/ads.md shows.
func TestDashboardAdAccountChartInABrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed, so the dashboard's browser test does not run: apt-get install chromium fonts-noto-cjk")
	}
	sb := adminSandbox(t)
	advance := func(d string) {
		t.Helper()
		r := sb.Do(sandboxtest.Request{Method: "POST", Path: "/_sandbox/clock/advance", Token: dashAdmin, Body: map[string]any{"duration": d}})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	}
	advance("5d") // a few days of the demo's delivery to start from

	ctx := newBrowser(t, chromium, 1100, 900)
	artefacts := t.ArtifactDir()
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(artefacts, name+".png"), png, 0o644))
	}
	// bars reads the chart as the browser drew it: each bar's day and cost,
	// and the cost its table row shows.
	type bar struct{ Day, Cost, Row string }
	bars := func() []bar {
		t.Helper()
		bs, err := chromedp.Run(ctx, chromedp.Evaluate[[]bar](`[...document.querySelectorAll("#money-chart rect.cost")].map(r => ({
			Day: r.dataset.day, Cost: r.dataset.cost,
			Row: document.querySelector('#money-table tr[data-day="' + r.dataset.day + '"] td.cost').textContent}))`))
		require.NoError(t, err)
		for _, b := range bs {
			require.Equal(t, b.Cost, strconv.FormatInt(wonAmount(t, b.Row), 10), "the table shows %s's bar", b.Day)
		}
		return bs
	}

	// From the overview's link, with ?token= once; the cookie does the rest.
	do(chromedp.Navigate(sb.URL+"/_sandbox/ui/?token="+dashAdmin), chromedp.WaitVisible(`#ad-accounts`),
		chromedp.Click(`tr[data-ad-account="10001"] a.ad-account`), chromedp.WaitVisible(`#money-chart`))
	require.Contains(t, textOf(t, ctx, `#campaign-tree`), "겨울 세일")
	before := bars()
	require.NotEmpty(t, before, "five days of delivery")
	shot("ad-account")

	// 10001's wallet runs dry in five days: a deposit keeps its ads spending.
	va := sb.IssueVirtualAccount("sandbox-biz-alice", 10001, 3000000, "88")
	dep := sb.Do(sandboxtest.Request{Method: "POST", Path: "/_sandbox/virtual-accounts/" + va.AccountNumber + "/deposits", Token: dashAdmin,
		Body: map[string]any{"amount": 3000000}})
	require.Equal(t, http.StatusOK, dep.Status, "%s", dep.Body)
	advance("7d")
	do(chromedp.Reload(), chromedp.WaitVisible(`#money-chart`))
	after := bars()
	require.Greater(t, len(after), len(before), "a week later the chart has more bars")
	do(chromedp.Click(`#money-table-box summary`), chromedp.WaitVisible(`#money-table`))
	shot("ad-account-week-later")
	if out := os.Getenv("KAKAO_SANDBOX_DASHBOARD_ADS_PNG"); out != "" {
		do(chromedp.EmulateViewport(1000, 900), chromedp.Reload(), chromedp.WaitVisible(`#money-chart`))
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(out, png, 0o644))
	}
	t.Logf("screenshots in %s", artefacts)
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	require.NoError(t, err)
	return s
}

// newBrowser is headless Chromium with a window of the given size and Korean
// as its language, bounded so that a hung browser fails the test rather than
// stalls CI; it closes with the test.
func newBrowser(t *testing.T, chromium string, width, height int) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.WindowSize(width, height), chromedp.Flag("lang", "ko-KR"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}
