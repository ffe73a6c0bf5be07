package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The control-plane probe sends every /_sandbox operation (and the
// dashboard pages and /metrics) its largest valid input, its smallest and odd
// ones, against the release binary on the demo data and on a large generated
// state, timing each call while GET /_sandbox/health is polled alongside.
// It prints the table docs/robustness.md keeps ("Probing the control plane").
//
//	go test ./cmd/kakao-sandbox -run TestProbe -probe -v -timeout 30m
//
// It fails only on a 5xx, an error body that is not Kakao's {code,msg}, a call
// with no answer within -probe-call-timeout, or health not answering within
// 5 s; the times are reported, never asserted.
var (
	probeFlag        = flag.Bool("probe", false, "run the control-plane probe (TestProbe)")
	probeAdAccounts  = flag.Int("probe-ad-accounts", 100000, "ad accounts in the generated large state")
	probeMaxFixture  = flag.Int("probe-fixture-ad-accounts", 40000, "ad accounts in the largest fixture document POSTed (it must stay under the 64 MiB body limit)")
	probeCallTimeout = flag.Duration("probe-call-timeout", 3*time.Minute, "longest one probed call may take before it counts as a hang")
)

// healthBound is how long health may take before the probe fails; over a
// second is reported as slow.
const healthBound = 5 * time.Second

// probeCase is one call. Path and body may hold {placeholders} the target
// fills in (see probeTarget.vars); a body starting with @ names a file or a
// saved answer (see probeTarget.body).
type probeCase struct {
	group, op, input string
	method, path     string
	ctype, body      string
	save             string // keep the answer's body under this name
	repeat           int    // send it this many times in a row; the row sums the times
}

type probeResult struct {
	status     int
	code       string
	took       time.Duration
	healthMax  time.Duration
	healthSlow int // health answers over a second
	failure    string
	excerpt    string // the answer's start, for the log
}

type probeTarget struct {
	name   string
	url    string
	vars   map[string]string
	saved  map[string][]byte
	files  map[string]string
	client *http.Client
}

func TestProbe(t *testing.T) {
	if !*probeFlag {
		t.Skip("run with -probe")
	}
	bin := binary(t)
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	maxFixture := filepath.Join(dir, "max-fixture.json")
	t0 := time.Now()
	gen(t, bin, "--seed", "7", "--ad-accounts", strconv.Itoa(*probeAdAccounts), "--out", big)
	t.Logf("generated %d ad accounts in %s", *probeAdAccounts, time.Since(t0).Round(time.Millisecond))
	// Another seed and prefix-free keys would collide with big.json's on the
	// large state: there the load is refused, which is probed too.
	gen(t, bin, "--seed", "8", "--ad-accounts", strconv.Itoa(*probeMaxFixture), "--campaigns-per-account", "0", "--out", maxFixture) // no ads: under 64 MiB
	files := map[string]string{"@fixtures-over-limit": big, "@fixtures-max": maxFixture}

	clock := "2026-01-01T09:00:00+09:00"
	targets := []struct {
		name string
		args []string
		vars map[string]string
	}{
		{"demo", nil, map[string]string{"ad": "10001", "wallet": "1", "company": "1", "user": "alice", "app": "demo",
			"token": "sandbox-biz-alice", "project": "demo-org/web", "bg": "4"}},
		{fmt.Sprintf("%dk", *probeAdAccounts/1000), []string{"--fixtures", big}, map[string]string{"ad": "1", "wallet": "1", "company": "1",
			"user": "u000001", "app": "gen-app", "token": "sandbox-biz-u000001", "project": "1", "bg": "1"}},
	}
	results := map[string][]probeResult{}
	var cases []probeCase
	for _, tg := range targets {
		t0 := time.Now()
		args := append([]string{"--addr", "127.0.0.1:0", "--data", filepath.Join(dir, tg.name+".db"), "--clock", clock, "--rate-limit", "off"}, tg.args...)
		p := startSlow(t, bin, args...)
		t.Logf("%s: started in %s", tg.name, time.Since(t0).Round(time.Millisecond))
		pt := &probeTarget{name: tg.name, url: p.url, vars: tg.vars, saved: map[string][]byte{}, files: files,
			client: &http.Client{Timeout: *probeCallTimeout}}
		pt.discover(t)
		cases = probeCases()
		for _, c := range cases {
			r := pt.run(c)
			for range c.repeat - 1 {
				n := pt.run(c)
				n.took += r.took
				n.healthMax = max(n.healthMax, r.healthMax)
				n.healthSlow += r.healthSlow
				n.failure = cmpOr(r.failure, n.failure)
				r = n
			}
			results[c.group+"\x00"+c.op+"\x00"+c.input] = append(results[c.group+"\x00"+c.op+"\x00"+c.input], r)
			if r.failure != "" {
				t.Errorf("%s: %s %s (%s): %s", tg.name, c.method, c.path, c.input, r.failure)
			}
			if testing.Verbose() {
				t.Logf("%s: %s %q: %d in %s: %s", tg.name, c.op, c.input, r.status, r.took.Round(time.Microsecond), strings.ToValidUTF8(r.excerpt, "?"))
			}
			if r.took > 2*time.Second || r.healthSlow > 0 {
				t.Logf("%s: %s %q took %s, health worst %s", tg.name, c.op, c.input, r.took.Round(time.Millisecond), r.healthMax.Round(time.Millisecond))
			}
		}
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			t.Errorf("%s: no clean stop within 30 s", tg.name)
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	}

	t.Log(probeReport(cases, results, targets[0].name, targets[1].name, false))
	t.Log(probeReport(cases, results, targets[0].name, targets[1].name, true))
}

// probeReport is the table: every case in full, or (short) with each
// operation's refusals on both targets merged into one row, as
// docs/robustness.md keeps it.
func probeReport(cases []probeCase, results map[string][]probeResult, a, b string, short bool) string {
	key := func(c probeCase) string { return c.group + "\x00" + c.op + "\x00" + c.input }
	refused := func(c probeCase) bool {
		rs := results[key(c)]
		return short && rs[0].status >= 400 && rs[1].status >= 400
	}
	cell := func(r probeResult) string {
		s := strconv.Itoa(r.status)
		if r.status == 0 {
			s = "no answer"
		}
		if r.code != "" {
			s += " " + r.code
		}
		return s
	}
	var report strings.Builder
	fmt.Fprintf(&report, "\n%s; status and Kakao code, then the call's time; health = the slowest GET /_sandbox/health polled during and after it\n\n",
		time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&report, "| operation | input | %s | %s | health, worst |\n|---|---|---|---|---|\n", a, b)
	group := ""
	for i, c := range cases {
		if c.group != group {
			group = c.group
			fmt.Fprintf(&report, "| **%s** | | | | |\n", group)
		}
		rs := results[key(c)]
		worst := max(rs[0].healthMax, rs[1].healthMax)
		if !refused(c) {
			fmt.Fprintf(&report, "| %s | %s | %s, %s | %s, %s | %s |\n", c.op, strings.ReplaceAll(c.input, "|", `\|`),
				cell(rs[0]), fmtDuration(rs[0].took), cell(rs[1]), fmtDuration(rs[1].took), fmtDuration(worst))
			continue
		}
		// The op's refusals in this group, merged into one row after its last.
		if slices.ContainsFunc(cases[i+1:], func(p probeCase) bool { return p.group == c.group && p.op == c.op && refused(p) }) {
			continue
		}
		var inputs []string
		codes := [2][]string{}
		var took [2]time.Duration
		for _, o := range cases[:i+1] {
			if o.group != c.group || o.op != c.op || !refused(o) {
				continue
			}
			inputs = append(inputs, strings.ReplaceAll(o.input, "|", `\|`))
			for j, r := range results[key(o)] {
				if !slices.Contains(codes[j], cell(r)) {
					codes[j] = append(codes[j], cell(r))
				}
				took[j] = max(took[j], r.took)
				worst = max(worst, r.healthMax)
			}
		}
		slices.Sort(codes[0])
		slices.Sort(codes[1])
		fmt.Fprintf(&report, "| %s | refused: %s | %s; ≤ %s | %s; ≤ %s | %s |\n", c.op, strings.Join(inputs, "; "),
			strings.Join(codes[0], ", "), fmtDuration(took[0]), strings.Join(codes[1], ", "), fmtDuration(took[1]), fmtDuration(worst))
	}
	return report.String()
}

func fmtDuration(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}

func gen(t *testing.T, bin string, args ...string) {
	t.Helper()
	out, err := exec.Command(bin, append([]string{"fixtures", "generate"}, args...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
}

// startSlow is start with a wait long enough for a large --fixtures load.
func startSlow(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), stderr: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Stderr = p.stderr
	require.NoError(t, p.cmd.Start())
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	deadline := time.After(5 * time.Minute)
	for {
		if m := listening.FindStringSubmatch(p.stderr.String()); m != nil {
			p.url = m[1]
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("the sandbox stopped before listening: %v\n%s", err, p.stderr)
		case <-deadline:
			t.Fatalf("the sandbox did not start listening:\n%s", p.stderr)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// discover finds the live values the cases need: a virtual account to pay,
// two pending reviews, an unpaid KakaoCloud invoice and the sandbox month.
func (pt *probeTarget) discover(t *testing.T) {
	t.Helper()
	get := func(method, path, body string) (int, map[string]any) {
		req, err := http.NewRequest(method, pt.url+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+pt.vars["token"])
		req.Header.Set("adAccountId", pt.vars["ad"])
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := pt.client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	_, clock := get("GET", "/_sandbox/clock", "")
	now, _ := clock["now"].(string)
	require.GreaterOrEqual(t, len(now), 7, "%v", clock)
	pt.vars["month"] = now[:7]
	pt.vars["today"] = now[:10]
	pt.vars["va"], pt.vars["vaAmount"] = "98800000000001", "1000"
	status, va := get("POST", "/openapi/v4/billing/virtualAccount", `{"adAccountId":`+pt.vars["ad"]+`,"amount":1000000,"bankCode":"88"}`)
	if status == http.StatusOK {
		pt.vars["va"], pt.vars["vaAmount"] = fmt.Sprint(va["accountNumber"]), "1000000"
	} else {
		t.Logf("%s: no virtual account to pay (%d %v); the deposits probe an unknown one", pt.name, status, va)
	}
	pt.vars["review1"], pt.vars["review2"] = "1", "2"
	if _, rv := get("GET", "/_sandbox/reviews?status=PENDING", ""); rv != nil {
		if list, _ := rv["reviews"].([]any); len(list) > 0 {
			pt.vars["review1"] = fmt.Sprint(list[0].(map[string]any)["id"])
			if len(list) > 1 {
				pt.vars["review2"] = fmt.Sprint(list[1].(map[string]any)["id"])
			}
		}
	}
	pt.vars["invoiceMonth"], pt.vars["due"] = "2025-12", "1"
	if status, inv := get("GET", "/console/cloud/v1/billing-groups/"+pt.vars["bg"]+"/invoices", ""); status == http.StatusOK {
		list, _ := inv["invoices"].([]any)
		for _, i := range list {
			m := i.(map[string]any)
			if m["status"] != "PAID" {
				pt.vars["invoiceMonth"] = fmt.Sprint(m["month"])
				pt.vars["due"] = strconv.FormatFloat(m["totalAmount"].(float64), 'f', 0, 64)
				break
			}
		}
	} else {
		t.Logf("%s: no invoice of billing group %s to pay (%d %v); the deposits probe 2025-12", pt.name, pt.vars["bg"], status, inv)
	}
}

func (pt *probeTarget) fill(s string) string {
	for k, v := range pt.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

func (pt *probeTarget) body(c probeCase) (io.Reader, int64, error) {
	switch {
	case c.body == "@snapshot":
		return bytes.NewReader(pt.saved["snapshot"]), int64(len(pt.saved["snapshot"])), nil
	case c.body == "@snapshot-half":
		s := pt.saved["snapshot"]
		return bytes.NewReader(s[:len(s)/2]), int64(len(s) / 2), nil
	case strings.HasPrefix(c.body, "@"):
		f, err := os.Open(pt.files[c.body])
		if err != nil {
			return nil, 0, err
		}
		fi, err := f.Stat()
		if err != nil {
			return nil, 0, err
		}
		return f, fi.Size(), nil
	}
	b := pt.fill(c.body)
	return strings.NewReader(b), int64(len(b)), nil
}

// run makes one call while a goroutine polls health every 100 ms, and
// checks health once more after it.
func (pt *probeTarget) run(c probeCase) probeResult {
	var r probeResult
	body, n, err := pt.body(c)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	req, err := http.NewRequest(c.method, pt.url+pt.fill(c.path), body)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	req.ContentLength = n
	if c.body != "" {
		req.Header.Set("Content-Type", cmpOr(c.ctype, "application/json"))
	}
	if rc, ok := body.(io.Closer); ok {
		defer rc.Close()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var healthFail string
	hc := &http.Client{Timeout: healthBound}
	check := func() {
		t0 := time.Now()
		resp, err := hc.Get(pt.url + "/_sandbox/health")
		d := time.Since(t0)
		ok := err == nil && resp.StatusCode == http.StatusOK
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		mu.Lock()
		defer mu.Unlock()
		r.healthMax = max(r.healthMax, d)
		if d > time.Second {
			r.healthSlow++
		}
		if !ok && healthFail == "" {
			if err != nil {
				healthFail = fmt.Sprintf("health did not answer within %s: %v", healthBound, err)
			} else {
				healthFail = fmt.Sprintf("health answered %d", resp.StatusCode)
			}
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				check()
			}
		}
	}()
	t0 := time.Now()
	resp, err := pt.client.Do(req)
	var data []byte
	if err == nil {
		if c.save != "" {
			data, err = io.ReadAll(resp.Body)
			pt.saved[c.save] = data
		} else {
			data, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			_, _ = io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
	}
	r.took = time.Since(t0)
	r.excerpt = string(data[:min(len(data), 240)])
	close(stop)
	wg.Wait()
	check()
	if resp != nil {
		r.status = resp.StatusCode
	}
	switch {
	case err != nil:
		r.failure = fmt.Sprintf("no answer after %s: %v", r.took.Round(time.Millisecond), err)
	case r.status >= 500:
		r.failure = fmt.Sprintf("a 5xx: %d %.300s", r.status, data)
	}
	if r.status >= 400 {
		var e struct {
			Code *json.Number `json:"code"`
			Msg  *string      `json:"msg"`
		}
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		if d.Decode(&e) != nil || e.Code == nil || e.Msg == nil {
			if r.failure == "" {
				r.failure = fmt.Sprintf("not a Kakao error body: %.300s", data)
			}
		} else {
			r.code = e.Code.String()
		}
	} else if r.status < 300 {
		r.code = note(data)
	}
	if healthFail != "" && r.failure == "" {
		r.failure = healthFail
	}
	return r
}

// note says in a word what a 2xx answer holds where the status alone would
// hide it: an advance that stopped short, how many signing keys are served.
func note(data []byte) string {
	var m struct {
		Stopped *struct {
			Reason  string `json:"reason"`
			Effects int    `json:"effects"`
		} `json:"stopped"`
		Happened *[]json.RawMessage `json:"happened"`
		Keys     *[]json.RawMessage `json:"keys"`
	}
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	switch {
	case m.Stopped != nil:
		return fmt.Sprintf("(stopped: %s after %d effects)", m.Stopped.Reason, m.Stopped.Effects)
	case m.Happened != nil:
		return fmt.Sprintf("(%d effects)", len(*m.Happened))
	case m.Keys != nil:
		return fmt.Sprintf("(%d keys)", len(*m.Keys))
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// probeCases is the list, in the order it runs: reads and small writes first,
// then the calls that move time or replace the state.
func probeCases() []probeCase {
	long := func(n int) string { return strings.Repeat("가", n) } // 3 bytes each
	mib := strings.Repeat("x", 1<<20-200)
	const maxInt64, overInt64 = "9223372036854775807", "9223372036854775808"
	var cs []probeCase
	add := func(group, op, input, method, path, body string) {
		cs = append(cs, probeCase{group: group, op: op, input: input, method: method, path: path, body: body})
	}

	g := "reads"
	add(g, "getHealth", "plain", "GET", "/_sandbox/health", "")
	add(g, "getHealth", "junk query (4 KiB)", "GET", "/_sandbox/health?x="+strings.Repeat("%ED%95%9C", 450), "")
	add(g, "getClock", "plain", "GET", "/_sandbox/clock", "")
	add(g, "getMetrics", "plain", "GET", "/metrics", "")
	add(g, "getSnapshot", "whole state", "GET", "/_sandbox/snapshot", "")
	cs[len(cs)-1].save = "snapshot"
	add(g, "listScenarios", "plain", "GET", "/_sandbox/scenarios", "")
	add(g, "listReviews", "all", "GET", "/_sandbox/reviews", "")
	add(g, "listReviews", "status=bogus", "GET", "/_sandbox/reviews?status=bogus", "")

	g = "dashboard"
	add(g, "dashboardOverview", "plain", "GET", "/_sandbox/ui/", "")
	add(g, "dashboardWallet", "an existing one", "GET", "/_sandbox/ui/wallets/{wallet}", "")
	add(g, "dashboardWallet", "0", "GET", "/_sandbox/ui/wallets/0", "")
	add(g, "dashboardWallet", "2^63", "GET", "/_sandbox/ui/wallets/"+overInt64, "")
	add(g, "dashboardVirtualAccounts", "plain", "GET", "/_sandbox/ui/virtual-accounts", "")
	add(g, "dashboardVirtualAccounts", "status=bogus", "GET", "/_sandbox/ui/virtual-accounts?status=bogus", "")
	add(g, "dashboardClock", "plain", "GET", "/_sandbox/ui/clock", "")
	add(g, "dashboardScenarios", "plain", "GET", "/_sandbox/ui/scenarios", "")
	add(g, "dashboardRequests", "plain", "GET", "/_sandbox/ui/requests", "")
	add(g, "dashboardRequests", "status=600, 1,000-char operation", "GET", "/_sandbox/ui/requests?status=600&operation="+strings.Repeat("a", 1000), "")
	add(g, "dashboardConsole", "plain", "GET", "/_sandbox/ui/console", "")

	g = "virtual accounts"
	add(g, "listVirtualAccounts", "limit=1", "GET", "/_sandbox/virtual-accounts?limit=1", "")
	add(g, "listVirtualAccounts", "limit=1000 (max)", "GET", "/_sandbox/virtual-accounts?limit=1000", "")
	add(g, "listVirtualAccounts", "limit=0", "GET", "/_sandbox/virtual-accounts?limit=0", "")
	add(g, "listVirtualAccounts", "limit=1001", "GET", "/_sandbox/virtual-accounts?limit=1001", "")
	add(g, "listVirtualAccounts", "limit=10^20", "GET", "/_sandbox/virtual-accounts?limit=100000000000000000000", "")
	add(g, "listVirtualAccounts", "adAccountId=2^63-1, status=PAID", "GET", "/_sandbox/virtual-accounts?status=PAID&adAccountId="+maxInt64, "")
	add(g, "listVirtualAccounts", "adAccountId=-1", "GET", "/_sandbox/virtual-accounts?adAccountId=-1", "")
	add(g, "getVirtualAccount", "issued one", "GET", "/_sandbox/virtual-accounts/{va}", "")
	add(g, "getVirtualAccount", "unknown, 14 zeros", "GET", "/_sandbox/virtual-accounts/00000000000000", "")
	add(g, "getVirtualAccount", "1,000 digits", "GET", "/_sandbox/virtual-accounts/"+strings.Repeat("9", 1000), "")
	add(g, "getVirtualAccount", "unicode", "GET", "/_sandbox/virtual-accounts/%ED%99%8D%F0%9F%99%82", "")
	for _, a := range []struct{ in, body string }{{"amount 0", `{"amount":0}`}, {"amount -1", `{"amount":-1}`},
		{"amount 10^12 (max), not the due", `{"amount":1000000000000}`}, {"amount 10^12+1", `{"amount":1000000000001}`},
		{"amount 2^63", `{"amount":` + overInt64 + `}`}, {"amount \"1000000\" (string)", `{"amount":"1000000"}`},
		{"amount 1e6 (float syntax)", `{"amount":1e6}`}, {"empty body", ``}, {"[]", `[]`}, {"null", `null`}} {
		add(g, "depositToVirtualAccount", a.in, "POST", "/_sandbox/virtual-accounts/{va}/deposits", a.body)
	}
	add(g, "depositToVirtualAccount", "unknown account", "POST", "/_sandbox/virtual-accounts/00000000000000/deposits", `{"amount":1000}`)
	add(g, "depositToVirtualAccount", "the exact amount", "POST", "/_sandbox/virtual-accounts/{va}/deposits", `{"amount":{vaAmount}}`)
	add(g, "depositToVirtualAccount", "the same again", "POST", "/_sandbox/virtual-accounts/{va}/deposits", `{"amount":{vaAmount}}`)

	g = "wallets and ad accounts"
	for _, a := range []struct{ in, path, body string }{
		{"amount 1 (smallest)", "{ad}", `{"amount":1}`}, {"amount 10^12 (max)", "{ad}", `{"amount":1000000000000}`},
		{"amount 0", "{ad}", `{"amount":0}`}, {"amount -1", "{ad}", `{"amount":-1}`}, {"amount 10^12+1", "{ad}", `{"amount":1000000000001}`},
		{"amount 2^63-1", "{ad}", `{"amount":` + maxInt64 + `}`}, {"amount 1.5", "{ad}", `{"amount":1.5}`},
		{"ad account 0", "0", `{"amount":1}`}, {"ad account 2^63-1", maxInt64, `{"amount":1}`}, {"ad account 2^63", overInt64, `{"amount":1}`},
		{"ad account abc", "abc", `{"amount":1}`}, {"empty body", "{ad}", ``}} {
		add(g, "spendAdAccount", a.in, "POST", "/_sandbox/ad-accounts/"+a.path+"/spend", a.body)
	}
	for _, a := range []struct{ in, path, body string }{
		{"largest: 10^12, expires 9000-12-31, activated", "{wallet}", `{"amount":1000000000000,"expiresAt":"9000-12-31","activated":true}`},
		{"smallest: 1, expires today", "{wallet}", `{"amount":1,"expiresAt":"{today}"}`},
		{"expires 9001-01-01 (end of time)", "{wallet}", `{"amount":1,"expiresAt":"9001-01-01"}`},
		{"expires 9999-12-31", "{wallet}", `{"amount":1,"expiresAt":"9999-12-31"}`},
		{"expires 0000-01-01", "{wallet}", `{"amount":1,"expiresAt":"0000-01-01"}`},
		{"expires 2026-02-30", "{wallet}", `{"amount":1,"expiresAt":"2026-02-30"}`},
		{"amount 0", "{wallet}", `{"amount":0,"expiresAt":"2027-01-01"}`},
		{"amount 10^12+1", "{wallet}", `{"amount":1000000000001,"expiresAt":"2027-01-01"}`},
		{"connectionId 2^63-1", "{wallet}", `{"amount":1,"expiresAt":"2027-01-01","connectionId":` + maxInt64 + `}`},
		{"activated \"yes\"", "{wallet}", `{"amount":1,"expiresAt":"2027-01-01","activated":"yes"}`},
		{"wallet 2^63-1", maxInt64, `{"amount":1,"expiresAt":"2027-01-01"}`},
		{"1 MiB unknown field", "{wallet}", `{"amount":1,"expiresAt":"2027-01-01","x":"` + mib + `"}`}} {
		add(g, "grantFreeCash", a.in, "POST", "/_sandbox/wallets/"+a.path+"/free-cash", a.body)
	}
	for _, a := range []struct{ in, path, body string }{
		{"suspend", "{wallet}", `{"suspended":true}`}, {"suspend again", "{wallet}", `{"suspended":true}`},
		{"lift", "{wallet}", `{"suspended":false}`}, {"\"true\" (string)", "{wallet}", `{"suspended":"true"}`},
		{"{}", "{wallet}", `{}`}, {"wallet 0", "0", `{"suspended":false}`}, {"wallet 2^63", overInt64, `{"suspended":false}`}} {
		add(g, "sanctionWallet", a.in, "PUT", "/_sandbox/wallets/"+a.path+"/sanction", a.body)
	}
	for _, a := range []struct{ in, path, body string }{
		{"close", "{company}", `{"closed":true}`}, {"reopen", "{company}", `{"closed":false}`},
		{"closed 1 (number)", "{company}", `{"closed":1}`}, {"company 0", "0", `{"closed":false}`},
		{"company 2^63-1", maxInt64, `{"closed":false}`}} {
		add(g, "setCompanyClosure", a.in, "PUT", "/_sandbox/companies/"+a.path+"/closure", a.body)
	}

	g = "reviews"
	add(g, "approveReview", "a pending one", "POST", "/_sandbox/reviews/{review1}/approve", "")
	add(g, "approveReview", "the same again", "POST", "/_sandbox/reviews/{review1}/approve", "")
	add(g, "approveReview", "0", "POST", "/_sandbox/reviews/0/approve", "")
	add(g, "approveReview", "2^63", "POST", "/_sandbox/reviews/"+overInt64+"/approve", "")
	add(g, "rejectReview", "a second pending one (the demo has one)", "POST", "/_sandbox/reviews/{review2}/reject", "")
	add(g, "rejectReview", "the approved one", "POST", "/_sandbox/reviews/{review1}/reject", "")
	add(g, "rejectReview", "2^63-1", "POST", "/_sandbox/reviews/"+maxInt64+"/reject", "")

	g = "tokens and keys"
	for _, a := range []struct{ in, body string }{
		{"smallest: user, app, type", `{"user":"{user}","app":"{app}","type":"business"}`},
		{"largest: 200-char token, 1,000 scopes, expiresIn 315360000", `{"token":"` + strings.Repeat("t", 200) + `","user":"{user}","app":"{app}","type":"business","scopes":[` +
			strings.TrimSuffix(strings.Repeat(`"moment_management",`, 1000), ",") + `],"resourceIds":["moment:*"],"expiresIn":315360000}`},
		{"token of 201 chars", `{"token":"` + strings.Repeat("t", 201) + `","user":"{user}","app":"{app}","type":"business"}`},
		{"token of 7 chars", `{"token":"1234567","user":"{user}","app":"{app}","type":"business"}`},
		{"unicode token", `{"token":"` + long(60) + `🙂","user":"{user}","app":"{app}","type":"login"}`},
		{"expiresIn -1", `{"user":"{user}","app":"{app}","type":"business","expiresIn":-1}`},
		{"expiresIn 315360001", `{"user":"{user}","app":"{app}","type":"business","expiresIn":315360001}`},
		{"expiresIn 2^63-1", `{"user":"{user}","app":"{app}","type":"business","expiresIn":` + maxInt64 + `}`},
		{"unknown user, 1 MiB", `{"user":"` + mib + `","app":"{app}","type":"business"}`},
		{"type \"admin\"", `{"user":"{user}","app":"{app}","type":"admin"}`},
		{"resourceIds moment:-1", `{"user":"{user}","app":"{app}","type":"business","resourceIds":["moment:-1"]}`},
		{"user 1 (number)", `{"user":1,"app":"{app}","type":"business"}`},
		{"form body", `user={user}&app={app}&type=business`},
		{"empty body", ``}} {
		add(g, "mintToken", a.in, "POST", "/_sandbox/tokens", a.body)
	}
	cs[len(cs)-2].ctype = "application/x-www-form-urlencoded"
	add(g, "rotateSigningKey", "once", "POST", "/_sandbox/oidc/rotate-key", "")
	add(g, "rotateSigningKey", "100 in a row (total)", "POST", "/_sandbox/oidc/rotate-key", "")
	cs[len(cs)-1].repeat = 100
	add(g, "rotateSigningKey", "with a body", "POST", "/_sandbox/oidc/rotate-key", `{"x":1}`)

	g = "KakaoCloud"
	for _, a := range []struct{ in, body string }{
		{"largest: 10^12 usage and credits", `{"project":"{project}","month":"{month}","amount":1000000000000,"credits":1000000000000}`},
		{"the same again (sums past 10^12)", `{"project":"{project}","month":"{month}","amount":1000000000000,"credits":1000000000000}`},
		{"smallest: amount 1", `{"project":"{project}","month":"{month}","amount":1}`},
		{"amount 0", `{"project":"{project}","month":"{month}","amount":0}`},
		{"amount -1", `{"project":"{project}","month":"{month}","amount":-1}`},
		{"amount 2^63", `{"project":"{project}","month":"{month}","amount":` + overInt64 + `}`},
		{"credits -1", `{"project":"{project}","month":"{month}","amount":1,"credits":-1}`},
		{"month 9000-12", `{"project":"{project}","month":"9000-12","amount":1}`},
		{"month 2026-13", `{"project":"{project}","month":"2026-13","amount":1}`},
		{"month 0000-01", `{"project":"{project}","month":"0000-01","amount":1}`},
		{"project \"\"", `{"project":"","month":"{month}","amount":1}`},
		{"project 1 MiB", `{"project":"` + mib + `","month":"{month}","amount":1}`},
		{"project unicode", `{"project":"` + long(100) + `/🙂","month":"{month}","amount":1}`},
		{"amount \"1\" (string)", `{"project":"{project}","month":"{month}","amount":"1"}`},
		{"empty body", ``}} {
		add(g, "addCloudUsage", a.in, "POST", "/_sandbox/cloud/usage", a.body)
	}
	for _, a := range []struct{ in, path, body string }{
		{"amount 1 (not the due)", "{bg}/invoices/{invoiceMonth}", `{"amount":1}`},
		{"amount 0", "{bg}/invoices/{invoiceMonth}", `{"amount":0}`},
		{"amount -1", "{bg}/invoices/{invoiceMonth}", `{"amount":-1}`},
		{"amount 10^12+1", "{bg}/invoices/{invoiceMonth}", `{"amount":1000000000001}`},
		{"month 9000-12", "{bg}/invoices/9000-12", `{"amount":1}`},
		{"month 2026-00", "{bg}/invoices/2026-00", `{"amount":1}`},
		{"month of 1,000 chars", "{bg}/invoices/" + strings.Repeat("9", 1000), `{"amount":1}`},
		{"group 2^63-1", maxInt64 + "/invoices/{invoiceMonth}", `{"amount":1}`},
		{"group 0", "0/invoices/{invoiceMonth}", `{"amount":1}`},
		{"empty body", "{bg}/invoices/{invoiceMonth}", ``},
		{"the exact total due", "{bg}/invoices/{invoiceMonth}", `{"amount":{due}}`},
		{"the same again", "{bg}/invoices/{invoiceMonth}", `{"amount":{due}}`}} {
		add(g, "depositCloudInvoice", a.in, "POST", "/_sandbox/cloud/billing-groups/"+a.path+"/deposits", a.body)
	}

	g = "journal"
	add(g, "listRequests", "default", "GET", "/_sandbox/requests", "")
	add(g, "listRequests", "limit=100000 (max)", "GET", "/_sandbox/requests?limit=100000", "")
	add(g, "listRequests", "limit=1", "GET", "/_sandbox/requests?limit=1", "")
	add(g, "listRequests", "limit=0", "GET", "/_sandbox/requests?limit=0", "")
	add(g, "listRequests", "limit=100001", "GET", "/_sandbox/requests?limit=100001", "")
	add(g, "listRequests", "count=true", "GET", "/_sandbox/requests?count=true", "")
	add(g, "listRequests", "since=9001-01-01", "GET", "/_sandbox/requests?since=9001-01-01T00:00:00%2B09:00", "")
	add(g, "listRequests", "since=garbage", "GET", "/_sandbox/requests?since=garbage", "")
	add(g, "listRequests", "status=600", "GET", "/_sandbox/requests?status=600", "")
	add(g, "listRequests", "body match, unicode, 1,000 chars", "GET", "/_sandbox/requests?body.name="+strings.Repeat("%ED%95%9C", 1000), "")
	add(g, "clearRequests", "plain", "DELETE", "/_sandbox/requests", "")
	add(g, "clearRequests", "again, empty", "DELETE", "/_sandbox/requests", "")

	g = "scenarios"
	name63 := "p" + strings.Repeat("a", 62)
	for _, a := range []struct{ in, body string }{
		{"smallest", `{"name":"probe-min","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance"}}`},
		{"largest: 63-char name, 10 m delay, times 2^63-1", `{"name":"` + name63 + `","description":"` + long(300) + `","match":{"path":"/openapi/v4/*"},"respond":{"error":"ErrMaintenance","delay":"10m"},"times":` + maxInt64 + `}`},
		{"64-char name", `{"name":"` + name63 + `b","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance"}}`},
		{"delay 100000h", `{"name":"probe-slow","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance","delay":"100000h"}}`},
		{"a shipped name", `{"name":"kakao-maintenance","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance"}}`},
		{"unicode name", `{"name":"점검🙂","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance"}}`},
		{"times -1", `{"name":"probe-neg","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance"},"times":-1}`},
		{"1 MiB description", `{"name":"probe-big","description":"` + mib + `","match":{"operation":"getAdAccountBalance"},"respond":{"error":"ErrMaintenance"}}`},
		{"empty body", ``}} {
		add(g, "loadScenario", a.in, "POST", "/_sandbox/scenarios", a.body)
	}
	for _, a := range []struct{ in, name, body string }{
		{"global, no body", "probe-min", ``},
		{"the 63-char one, scope token", name63, `{"scope":"token","token":"{token}"}`},
		{"scope adAccount 2^63-1", "probe-min", `{"scope":"adAccount","adAccountId":` + maxInt64 + `}`},
		{"scope \"weird\"", "probe-min", `{"scope":"weird"}`},
		{"scope token, 1 MiB token", "probe-min", `{"scope":"token","token":"` + mib + `"}`},
		{"unknown name", "no-such-scenario", ``},
		{"64-char name", name63 + "b", ``}} {
		add(g, "activateScenario", a.in, "PUT", "/_sandbox/scenarios/"+a.name+"/activation", a.body)
	}
	add(g, "deactivateScenario", "global", "DELETE", "/_sandbox/scenarios/probe-min/activation", "")
	add(g, "deactivateScenario", "the same again", "DELETE", "/_sandbox/scenarios/probe-min/activation", "")
	add(g, "deactivateScenario", "scope token", "DELETE", "/_sandbox/scenarios/"+name63+"/activation?scope=token&token={token}", "")
	add(g, "deactivateScenario", "scope=weird", "DELETE", "/_sandbox/scenarios/probe-min/activation?scope=weird", "")
	add(g, "deactivateScenario", "adAccountId=2^63", "DELETE", "/_sandbox/scenarios/probe-min/activation?scope=adAccount&adAccountId="+overInt64, "")
	add(g, "listScenarios", "after the loads", "GET", "/_sandbox/scenarios", "")

	g = "clock"
	for _, a := range []struct{ in, body string }{
		{"duration 1s (smallest)", `{"duration":"1s"}`},
		{"duration 106751d (largest documented)", `{"duration":"106751d"}`},
		{"to 9001-01-01 (the range's end)", `{"to":"9001-01-01T00:00:00+09:00"}`},
		{"to 9001-01-01 + 1 ns", `{"to":"9001-01-01T00:00:00.000000001+09:00"}`},
		{"duration 0s", `{"duration":"0s"}`},
		{"duration -1h", `{"duration":"-1h"}`},
		{"duration 106752d", `{"duration":"106752d"}`},
		{"duration 10^20d", `{"duration":"100000000000000000000d"}`},
		{"to 2000-01-01 (the past)", `{"to":"2000-01-01T00:00:00+09:00"}`},
		{"both duration and to", `{"duration":"1s","to":"2027-01-01T00:00:00+09:00"}`},
		{"duration abc", `{"duration":"abc"}`},
		{"duration 7 (number)", `{"duration":7}`},
		{"{}", `{}`},
		{"empty body", ``},
		{"duration 30d", `{"duration":"30d"}`},
		{"duration 366d", `{"duration":"366d"}`}} {
		add(g, "advanceClock", a.in, "POST", "/_sandbox/clock/advance", a.body)
	}
	add(g, "getClock", "after the advances", "GET", "/_sandbox/clock", "")

	g = "replacing the state"
	add(g, "putSnapshot", "empty body", "PUT", "/_sandbox/snapshot", ``)
	add(g, "putSnapshot", "{}", "PUT", "/_sandbox/snapshot", `{}`)
	add(g, "putSnapshot", "[]", "PUT", "/_sandbox/snapshot", `[]`)
	add(g, "putSnapshot", "the first half of the snapshot", "PUT", "/_sandbox/snapshot", "@snapshot-half")
	add(g, "putSnapshot", "the snapshot taken at the start (largest; puts the clock back)", "PUT", "/_sandbox/snapshot", "@snapshot")
	add(g, "loadFixtures", "{} (smallest)", "POST", "/_sandbox/fixtures", `{}`)
	add(g, "loadFixtures", "one user", "POST", "/_sandbox/fixtures", `{"users":[{"key":"probe-user","name":"`+long(30)+`"}]}`)
	add(g, "loadFixtures", "the same again (duplicate key)", "POST", "/_sandbox/fixtures", `{"users":[{"key":"probe-user","name":"`+long(30)+`"}]}`)
	add(g, "loadFixtures", "users: \"garbage\"", "POST", "/_sandbox/fixtures", `{"users":"garbage"}`)
	add(g, "loadFixtures", "empty body", "POST", "/_sandbox/fixtures", ``)
	add(g, "loadFixtures", "generated document under the 64 MiB limit", "POST", "/_sandbox/fixtures", "@fixtures-max")
	add(g, "loadFixtures", "the large state's document (over the limit at 100k)", "POST", "/_sandbox/fixtures", "@fixtures-over-limit")
	add(g, "loadFixtures", "replace=true, one user", "POST", "/_sandbox/fixtures?replace=true", `{"users":[{"key":"probe-user","name":"x"}]}`)
	add(g, "resetSandbox", "fixtures bogus", "POST", "/_sandbox/reset", `{"fixtures":"bogus"}`)
	add(g, "resetSandbox", "the old spelling", "POST", "/_sandbox/reset", `{"fixture":"demo"}`)
	add(g, "resetSandbox", "[]", "POST", "/_sandbox/reset", `[]`)
	add(g, "resetSandbox", "fixtures empty", "POST", "/_sandbox/reset", `{"fixtures":"empty"}`)
	add(g, "resetSandbox", "no body (the --fixtures set)", "POST", "/_sandbox/reset", ``)
	add(g, "getHealth", "at the end", "GET", "/_sandbox/health", "")
	for i := range cs {
		if cs[i].method == "GET" || cs[i].method == "DELETE" {
			cs[i].body = ""
		}
	}
	return cs
}
