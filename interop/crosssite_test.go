package interop_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// r12RealBrowser is rule R12 in headless Chromium, as the finding was
// confirmed: the developer has the dashboard open (its cookie set), then
// visits pages that try to move the sandbox's clock with a no-cors fetch of
// a form-typed JSON body, from another port of 127.0.0.1 (the same site)
// and from localhost (another site); and a page whose own name resolves to
// 127.0.0.1 (DNS rebinding) tries it as a same-origin fetch. None moves it.
func r12RealBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed, so the cross-site browser test does not run: apt-get install chromium")
	}
	t.Parallel()
	sb := adminSandbox(t)      // the developer's, with a token and the dashboard open
	open := sandboxtest.New(t) // one with no token, the default on loopback
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("<!doctype html><title>a page the developer visits</title>"))
	}))
	defer attacker.Close()
	_, attackerPort, err := net.SplitHostPort(strings.TrimPrefix(attacker.URL, "http://"))
	require.NoError(t, err)
	_, openPort, err := net.SplitHostPort(strings.TrimPrefix(open.URL, "http://"))
	require.NoError(t, err)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("host-resolver-rules", "MAP evil.test 127.0.0.1"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second) // bounded: a hung browser fails, never stalls CI
	defer cancel()

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(sb.URL+"/_sandbox/ui/?token="+dashAdmin), chromedp.WaitVisible(`#ad-accounts`)))
	noCORS := func(target string) string {
		return `fetch("` + target + `/_sandbox/clock/advance", {method: "POST", mode: "no-cors", credentials: "include",
			headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: '{"duration":"7d"}'}).then(() => "sent", e => "error: " + e)`
	}
	for _, page := range []string{attacker.URL, "http://localhost:" + attackerPort} {
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(page)))
		for _, target := range []string{sb.URL, open.URL} {
			sent, err := chromedp.Run(ctx, chromedp.Evaluate[string](noCORS(target), chromedp.EvalAwaitPromise))
			require.NoError(t, err)
			assert.Equal(t, "sent", sent, "the browser sent it from %s to %s", page, target)
		}
	}
	// DNS rebinding: evil.test's page, now at 127.0.0.1, fetches its "own" origin.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("http://evil.test:"+openPort+"/")))
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/_sandbox/clock/advance", {method: "POST",
		headers: {"Content-Type": "application/json"}, body: '{"duration":"7d"}'}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, http.StatusMisdirectedRequest, status, "a rebound name is refused")

	for name, s := range map[string]*sandboxtest.Sandbox{"with a token": sb, "without one": open} {
		clock := s.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/clock", Token: dashAdmin}).JSON(t)
		now, err := time.Parse(time.RFC3339, clock["now"].(string))
		require.NoError(t, err)
		assert.True(t, now.Equal(sandboxtest.Start()), "%s: the clock moved to %s", name, now)
		journal := s.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/requests?status=403", Token: dashAdmin})
		assert.Equal(t, 2, strings.Count(string(journal.Body), `"/_sandbox/clock/advance"`), "%s: both pages' requests arrived and were refused: %s", name, journal.Body)
	}
}
