//go:build linux

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The peer comparison is a benchmark, not a test, and needs Node and Java:
// scripts/peers.sh installs Prism and WireMock from npm into a cache folder and
// runs it. By hand, with the two installed under DIR:
//
//	go test ./cmd/kakao-sandbox -run TestPeers -peers -peers-dir DIR -v
//
// Without -peers-dir it runs the sandbox and its floors alone. It shares
// TestLoad's -load-rounds, -load-duration, -load-workers and -load-users.
var (
	peersFlag   = flag.Bool("peers", false, "run the comparison with Prism and WireMock (TestPeers); scripts/peers.sh sets it")
	peersDir    = flag.String("peers-dir", "", "the npm prefix holding @stoplight/prism-cli and wiremock (scripts/peers.sh installs them); empty: the sandbox and its floors only")
	peersStarts = flag.Int("peers-starts", 5, "starts per server for start-up to first answer; the report gives the median")
	peersWarmup = flag.Duration("peers-warmup", 10*time.Second, "untimed load per target before the first round, so V8 and the JVM compile their hot paths (WireMock was still speeding up after 6 s)")
)

// server is one process of the comparison, on a loopback address chosen for it.
type server struct {
	name string
	// command starts the server on addr: run < 0 is the process the load
	// runs against, run ≥ 0 a start-up measurement.
	command func(addr string, run int) *exec.Cmd
	// probe is answered 200 once the server serves; load as for command.
	probe func(url string, load bool) *http.Request
	cmd   *exec.Cmd
	url   string
	out   *syncBuffer
}

// peerTarget is one operation on one server; bytes is the size of its answer.
type peerTarget struct {
	target
	op     string // "GET balance" or "POST virtualAccount"
	server *server
	bytes  int
}

// The floor servers' names, which the report's ratios refer to.
const (
	floorGin    = "floor: Gin"
	floorRaw    = "floor: Gin + validation + bbolt, group commit, fsync"
	sandboxKept = "sandbox --data (fsync)"
	sandboxTemp = "sandbox without --data (no fsync)"
)

func TestPeers(t *testing.T) {
	if !*peersFlag {
		t.Skip("run with -peers (scripts/peers.sh)")
	}
	loadAtStart := loadAverage()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	interrupted := func() {
		if ctx.Err() != nil {
			t.Fatal("interrupted; every server started is stopped")
		}
	}
	bin := binary(t)
	dir := t.TempDir()
	fixture := filepath.Join(dir, "load.yaml")
	require.NoError(t, os.WriteFile(fixture, loadFixture(*loadUsers), 0o600))

	floorServer := func(name, level string) *server {
		return &server{name: name, probe: func(url string, _ bool) *http.Request { return balanceRequest(url, 0) }, command: func(addr string, run int) *exec.Cmd {
			c := exec.Command(os.Args[0])
			c.Env = append(os.Environ(), floorEnv+"="+level, plainGinAddrEnv+"="+addr, floorDataEnv+"="+filepath.Join(dir, fmt.Sprintf("floor-%s-%d.db", level, run+1)))
			return c
		}}
	}
	sandboxServer := func(name string, kept bool) *server {
		return &server{name: name, command: func(addr string, run int) *exec.Cmd {
			args := []string{"--addr", addr}
			if kept {
				args = append(args, "--data", filepath.Join(dir, fmt.Sprintf("sandbox-%d.db", run+1)))
			}
			if run < 0 {
				args = append(args, "--fixtures", fixture)
			}
			return exec.Command(bin, args...)
		}, probe: func(url string, load bool) *http.Request {
			// The start-up runs have the demo data: its alice and her ad account.
			r := balanceRequest(url, 0)
			if !load {
				r.Header.Set("Authorization", "Bearer sandbox-biz-alice")
				r.Header.Set("adAccountId", "10001")
			}
			return r
		}}
	}
	servers := []*server{
		floorServer(floorGin, "plain"),
		floorServer("floor: Gin + validation", "validated"),
		floorServer(floorRaw, "stored"),
		floorServer("floor: Gin + validation + bbolt, no fsync", "stored-nosync"),
		sandboxServer(sandboxKept, true),
		sandboxServer(sandboxTemp, false),
	}
	for _, s := range servers {
		launch(t, s)
		interrupted()
	}
	var prismServer *server
	if *peersDir != "" {
		prismServer = peerServers(t, dir, servers[4].url)
		for _, s := range []*server{prismServer, wiremockServer(t, dir, "WireMock (default)", false), wiremockServer(t, dir, "WireMock --no-request-journal", true)} {
			launch(t, s)
			servers = append(servers, s)
			interrupted()
		}
	}

	var targets []*peerTarget
	for _, s := range servers {
		targets = append(targets,
			&peerTarget{target: target{s.name + " GET balance", func(i int64) *http.Request { return balanceRequest(s.url, i) }}, op: "GET balance", server: s},
			&peerTarget{target: target{s.name + " POST virtualAccount", func(i int64) *http.Request { return virtualAccountRequest(s.url, i) }}, op: "POST virtualAccount", server: s})
	}
	for _, tg := range targets {
		status, body := fetch(t, tg.make(0))
		require.Equal(t, http.StatusOK, status, "%s: %s", tg.name, body)
		tg.bytes = len(body)
		t.Logf("%-60s answers %s", tg.name, body)
	}
	// Each target's requests go round its users in turn, from the warm-up
	// to the last round, so no user calls twice within a second.
	seq := map[string]int64{}
	for _, tg := range targets {
		interrupted()
		seq[tg.name] = drive(tg.target, *loadWorkers, *peersWarmup, 0).next
	}
	// Each round loads every target with the connections, then with one
	// connection (serial latency), so both see the same machine.
	results, serial := map[string][]result{}, map[string][]result{}
	for round := range *loadRounds {
		for _, tg := range targets {
			interrupted()
			r := drive(tg.target, *loadWorkers, *loadDuration, seq[tg.name])
			results[tg.name] = append(results[tg.name], r)
			one := drive(tg.target, 1, *loadDuration, r.next)
			serial[tg.name] = append(serial[tg.name], one)
			seq[tg.name] = one.next
			t.Logf("round %d %-60s %8.0f req/s p50 %6.2f ms p99 %6.2f ms errors %d; one connection: p50 %6.3f ms errors %d",
				round+1, tg.name, r.rps, r.p50, r.p99, r.errors, one.p50, one.errors)
		}
	}
	mem := map[*server]memory{}
	for _, s := range servers {
		mem[s] = rss(t, s.cmd.Process.Pid)
	}
	start := map[*server]float64{}
	for _, s := range servers {
		interrupted()
		start[s] = startupMs(t, *peersStarts, func(i int, addr string) *exec.Cmd { return dieWithTest(s.command(addr, i)) },
			func(url string) *http.Request { return s.probe(url, false) })
		t.Logf("%s: first answer %.1f ms (median of %d starts)", s.name, start[s], *peersStarts)
	}
	prismOut := ""
	if prismServer != nil {
		prismOut = prismServer.out.String()
	}
	fmt.Print(peersReport(t, targets, results, serial, mem, start, bin, prismOut, loadAtStart))
}

// peerServers checks the npm prefix and writes WireMock's stubs from the
// sandbox's answers; it returns Prism's server.
func peerServers(t *testing.T, dir, sandboxURL string) *server {
	t.Helper()
	prism := filepath.Join(*peersDir, "node_modules", ".bin", "prism")
	spec, err := filepath.Abs("../../internal/openapi/openapi.yaml")
	require.NoError(t, err)
	stubs := filepath.Join(dir, "wiremock")
	require.NoError(t, os.MkdirAll(filepath.Join(stubs, "mappings"), 0o700))
	writeStubs(t, stubs, sandboxURL)
	return &server{name: "Prism", probe: func(url string, _ bool) *http.Request { return balanceRequest(url, 0) },
		command: func(addr string, _ int) *exec.Cmd {
			host, port, _ := strings.Cut(addr, ":")
			// At info, Prism logs eight lines per request; the sandbox logs none.
			return exec.Command(prism, "mock", "--host", host, "--port", port, "--verboseLevel", "warn", spec)
		}}
}

// wiremockServer runs the npm package's jar with the stubs peerServers
// wrote. By default WireMock keeps every request in its journal, without
// bound; --no-request-journal, its fastest setting, as its docs advise
// for load, keeps none.
func wiremockServer(t *testing.T, dir, name string, noJournal bool) *server {
	t.Helper()
	jars, _ := filepath.Glob(filepath.Join(*peersDir, "node_modules", "wiremock", "build", "wiremock-standalone-*.jar"))
	require.Len(t, jars, 1, "the wiremock npm package's jar under %s", *peersDir)
	return &server{name: name, probe: func(url string, _ bool) *http.Request { return balanceRequest(url, 0) },
		command: func(addr string, _ int) *exec.Cmd {
			host, port, _ := strings.Cut(addr, ":")
			args := []string{"-jar", jars[0], "--bind-address", host, "--port", port, "--root-dir", filepath.Join(dir, "wiremock"),
				"--disable-banner", "--disable-request-logging"}
			if noJournal {
				args = append(args, "--no-request-journal")
			}
			return exec.Command("java", args...)
		}}
}

// dieWithTest makes the kernel kill c if the test process dies first (a
// timeout, a kill -9), so no server outlives the comparison.
func dieWithTest(c *exec.Cmd) *exec.Cmd {
	c.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return c
}

// launch starts s for the load, waits for its first 200 and kills it when the
// test ends, fails or is interrupted.
func launch(t *testing.T, s *server) {
	t.Helper()
	addr := freeAddr(t)
	s.cmd = dieWithTest(s.command(addr, -1))
	s.out = &syncBuffer{}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	require.NoError(t, s.cmd.Start(), s.name)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); <-done })
	s.url = "http://" + addr
	client := &http.Client{Timeout: time.Second}
	t0 := time.Now()
	for !answers(client, s.probe(s.url, true)) {
		select {
		case <-done:
			t.Fatalf("%s stopped before answering:\n%s", s.name, s.out)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Since(t0) > 2*time.Minute {
			t.Fatalf("%s did not answer within 2 minutes:\n%s", s.name, s.out)
		}
	}
	t.Logf("%s serving on %s (pid %d)", s.name, s.url, s.cmd.Process.Pid)
}

func fetch(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

// writeStubs gives WireMock the two operations, answering with the bodies and
// headers the sandbox just answered the same requests with.
func writeStubs(t *testing.T, dir, sandboxURL string) {
	t.Helper()
	auth := map[string]any{
		"Authorization": map[string]string{"matches": "Bearer .+"},
		"adAccountId":   map[string]string{"equalTo": loadAdAccount},
	}
	for name, req := range map[string]*http.Request{
		"balance":        balanceRequest(sandboxURL, 0),
		"virtualAccount": virtualAccountRequest(sandboxURL, 0),
	} {
		match := map[string]any{"method": req.Method, "urlPath": req.URL.Path, "headers": auth}
		if req.Body != nil {
			body, err := req.GetBody()
			require.NoError(t, err)
			data, err := io.ReadAll(body)
			require.NoError(t, err)
			match["bodyPatterns"] = []map[string]string{{"equalToJson": string(data)}}
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "the sandbox's answer to copy: %s", data)
		headers := map[string]string{"Content-Type": resp.Header.Get("Content-Type")}
		if d := resp.Header.Get("Deprecation"); d != "" {
			headers["Deprecation"] = d
		}
		stub, err := json.MarshalIndent(map[string]any{
			"request":  match,
			"response": map[string]any{"status": 200, "headers": headers, "body": string(data)},
		}, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "mappings", name+".json"), stub, 0o600))
	}
}

// peersReport is the one table, with every number's ratio to the floor's
// plain Gin answering the same operation in the same run.
func peersReport(t *testing.T, targets []*peerTarget, results, serial map[string][]result, mem map[*server]memory,
	start map[*server]float64, bin, prismAll, loadAtStart string) string {
	t.Helper()
	med := func(rs map[string][]result, name string, f func(result) float64) float64 { return median(rs[name], f) }
	rps := func(r result) float64 { return r.rps }
	p50 := func(r result) float64 { return r.p50 }
	p99 := func(r result) float64 { return r.p99 }
	base := map[string]*peerTarget{}
	for _, tg := range targets {
		if tg.server.name == floorGin {
			base[tg.op] = tg
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n", peersSetup(t, bin))
	fmt.Fprintf(&b, "Load average (1 min): %s before the run, %s at its end (its own load included); above 0 before, other work shares these CPUs.\n", loadAtStart, loadAverage())
	fmt.Fprintf(&b, "%d rounds of %s per target after %s of warm-up, %d connections, then one connection (serial), medians; (x) is the ratio to %q answering the same operation in this run.\n",
		*loadRounds, *loadDuration, *peersWarmup, *loadWorkers, floorGin)
	fmt.Fprintf(&b, "First answer: median of %d starts, exec to the first 200 on GET balance. RSS: /proc/PID/status after the load.\n\n", *peersStarts)
	b.WriteString("| target | body B | req/s | p50 ms | p99 ms | serial p50 ms | errors | first answer ms | RSS MB (anon + file) |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	seen := map[*server]bool{}
	baseServer := base["GET balance"].server
	for _, tg := range targets {
		var errs int64
		for _, r := range append(results[tg.name], serial[tg.name]...) {
			errs += r.errors
		}
		startCell, rssCell := "", ""
		if !seen[tg.server] {
			seen[tg.server] = true
			m, m0 := mem[tg.server], mem[baseServer]
			startCell = fmt.Sprintf("%.1f (%.2f)", start[tg.server], start[tg.server]/start[baseServer])
			rssCell = fmt.Sprintf("%.1f (%.2f): %.1f + %.1f", m.total, m.total/m0.total, m.anon, m.file)
		}
		bt := base[tg.op]
		cell := func(rs map[string][]result, f func(result) float64, format string) string {
			return fmt.Sprintf(format+" (%.2f)", med(rs, tg.name, f), med(rs, tg.name, f)/med(rs, bt.name, f))
		}
		fmt.Fprintf(&b, "| %s %s | %d | %s | %s | %s | %s | %d | %s | %s |\n", tg.server.name, tg.op, tg.bytes,
			cell(results, rps, "%.0f"), cell(results, p50, "%.2f"), cell(results, p99, "%.2f"), cell(serial, p50, "%.3f"), errs, startCell, rssCell)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "POST virtualAccount, 32 connections: %s over %s = %.0f / %.0f = %.2f (target ≥ 0.9)\n", sandboxKept, floorRaw,
		med(results, sandboxKept+" POST virtualAccount", rps), med(results, floorRaw+" POST virtualAccount", rps),
		med(results, sandboxKept+" POST virtualAccount", rps)/med(results, floorRaw+" POST virtualAccount", rps))
	for _, op := range []string{"POST virtualAccount", "GET balance"} {
		fmt.Fprintf(&b, "%s, one connection: %s p50 %.3f ms; floors: %s\n", op, sandboxTemp,
			med(serial, sandboxTemp+" "+op, p50), floorsSerial(targets, serial, op))
	}
	b.WriteString("(the target for POST virtualAccount without --data, one connection, is p50 ≤ 0.15 ms)\n")
	if prismAll == "" {
		b.WriteString("Prism and WireMock not run (no -peers-dir).\n")
		return b.String()
	}
	for _, op := range []string{"POST virtualAccount", "GET balance"} {
		best, bestRPS := "", 0.0
		for _, peer := range []string{"Prism", "WireMock (default)", "WireMock --no-request-journal"} {
			if r := med(results, peer+" "+op, rps); r > bestRPS {
				best, bestRPS = peer, r
			}
		}
		fmt.Fprintf(&b, "%s: %s's req/s over the better peer's (%s) = %.0f / %.0f = %.2f\n", op, sandboxKept,
			best, med(results, sandboxKept+" "+op, rps), bestRPS, med(results, sandboxKept+" "+op, rps)/bestRPS)
	}
	if warnings := prismWarnings(prismAll); len(warnings) == 0 {
		b.WriteString("Prism served the whole document and printed no warning or error, at start-up or under the load.\n")
	} else {
		fmt.Fprintf(&b, "Prism printed %d warnings or errors; the first:\n  %s\n", len(warnings), strings.Join(warnings[:min(5, len(warnings))], "\n  "))
	}
	return b.String()
}

// floorsSerial lists the floors' serial p50 for op.
func floorsSerial(targets []*peerTarget, serial map[string][]result, op string) string {
	var parts []string
	for _, tg := range targets {
		if tg.op == op && strings.HasPrefix(tg.server.name, "floor: ") {
			parts = append(parts, fmt.Sprintf("%s %.3f ms", strings.TrimPrefix(tg.server.name, "floor: "), median(serial[tg.name], func(r result) float64 { return r.p50 })))
		}
	}
	return strings.Join(parts, ", ")
}

// peersSetup says when, on what and with which versions the comparison ran.
func peersSetup(t *testing.T, bin string) string {
	t.Helper()
	version := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).CombinedOutput()
		require.NoError(t, err, "%s %v: %s", name, args, out)
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		return line
	}
	pkg := func(name string) string {
		data, err := os.ReadFile(filepath.Join(*peersDir, "node_modules", name, "package.json"))
		require.NoError(t, err)
		var p struct{ Version string }
		require.NoError(t, json.Unmarshal(data, &p))
		return p.Version
	}
	cpu, mem := "?", "?"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb float64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %f kB", &kb); err == nil {
			mem = fmt.Sprintf("%.1f GiB", kb/(1<<20))
		}
	}
	peers := "no Prism or WireMock"
	if *peersDir != "" {
		peers = fmt.Sprintf("Prism %s (@stoplight/prism-cli, Node %s); WireMock %s (npm wiremock's jar, %s)",
			pkg("@stoplight/prism-cli"), version("node", "--version"), pkg("wiremock"), version("java", "-version"))
	}
	return fmt.Sprintf("%s; %d CPUs (%s), %s RAM\n%s (%s); %s; POST virtualAccount on the sandbox with the rate limiter on and %d users",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), cpu, mem,
		version(bin, "version"), runtime.Version(), peers, *loadUsers)
}

// loadAverage is the machine's 1-minute load average.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(data))[0]
}

// prismWarnings is what Prism printed at --verboseLevel warn, but for the
// "Starting Prism…" line it prints at every level.
func prismWarnings(out string) []string {
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		if strings.TrimSpace(line) != "" && !strings.Contains(line, "Starting Prism") {
			lines = append(lines, line)
		}
	}
	return lines
}
