package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/floor"
)

// The load report is a benchmark, not a test: it runs only when asked.
//
//	go test ./cmd/kakao-sandbox -run TestLoad -load -v
var (
	loadFlag     = flag.Bool("load", false, "run the load report (TestLoad)")
	loadRounds   = flag.Int("load-rounds", 5, "rounds per target; the report gives medians")
	loadDuration = flag.Duration("load-duration", 3*time.Second, "how long each target is loaded per round")
	loadWorkers  = flag.Int("load-workers", 32, "concurrent connections")
	loadUsers    = flag.Int("load-users", 20000, "distinct users for POST virtualAccount, so the 1/s limit is live but rarely hit")
	loadUntil    = flag.Int64("load-until", 0, "add rounds until the sandbox has answered this many requests (the memory report: -load-until 1000000)")
)

// plainGinEnv makes the test binary the plain-Gin baseline, listening on the
// address in plainGinAddrEnv (127.0.0.1:0 if empty).
const (
	plainGinEnv     = "KAKAO_SANDBOX_PLAIN_GIN"
	plainGinAddrEnv = "KAKAO_SANDBOX_PLAIN_GIN_ADDR"
)

// floorEnv makes the test binary a floor server (internal/floor) of the
// level it names, on plainGinAddrEnv's address; floorDataEnv is its data
// file at the stored levels.
const (
	floorEnv     = "KAKAO_SANDBOX_FLOOR"
	floorDataEnv = "KAKAO_SANDBOX_FLOOR_DATA"
)

// TestMain lets the test binary serve as the plain-Gin baseline process, or
// as a floor server.
func TestMain(m *testing.M) {
	if os.Getenv(plainGinEnv) == "1" {
		servePlainGin()
		return
	}
	if level := os.Getenv(floorEnv); level != "" {
		serveFloor(level)
		return
	}
	os.Exit(m.Run())
}

// serveFloor serves a floor level: plain, validated, stored (fsync'd) or
// stored-nosync.
func serveFloor(level string) {
	name, nosync := strings.CutSuffix(level, "-nosync")
	l, ok := floor.Levels[name]
	if !ok {
		panic("unknown floor level " + level)
	}
	srv, err := floor.New(floor.Config{Level: l, DataPath: os.Getenv(floorDataEnv), NoSync: nosync})
	if err != nil {
		panic(err)
	}
	ln, err := net.Listen("tcp", cmp.Or(os.Getenv(plainGinAddrEnv), "127.0.0.1:0"))
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(os.Stderr, "url=http://%s\n", ln.Addr())
	_ = http.Serve(ln, srv)
}

// servePlainGin is the baseline: one Gin JSON handler, nothing else.
func servePlainGin() {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/json", func(c *gin.Context) { c.JSON(200, gin.H{"id": 10001, "cash": 500000, "freeCash": 10000}) })
	addr := cmp.Or(os.Getenv(plainGinAddrEnv), "127.0.0.1:0")
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(os.Stderr, "url=http://%s\n", ln.Addr())
	_ = http.Serve(ln, e)
}

type target struct {
	name string
	make func(i int64) *http.Request
}

type result struct {
	rps, p50, p99 float64
	errors        int64
	served        int64 // requests answered, errors included
	next          int64 // the last request's sequence number: the next run starts after it
}

func TestLoad(t *testing.T) {
	if !*loadFlag {
		t.Skip("run with -load")
	}
	bin := binary(t)
	dir := t.TempDir()
	fixture := filepath.Join(dir, "load.yaml")
	require.NoError(t, os.WriteFile(fixture, loadFixture(*loadUsers), 0o600))

	plain := startPlainGin(t)
	sb := start(t, bin, nil, "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "load.db"), "--fixtures", fixture)
	targets := []target{
		{"plain Gin JSON", func(int64) *http.Request { return plainGinRequest(plain.url) }},
		{"GET balance", func(i int64) *http.Request { return balanceRequest(sb.url, i) }},
		{"POST virtualAccount", func(i int64) *http.Request { return virtualAccountRequest(sb.url, i) }},
	}
	results := map[string][]result{}
	var served int64 // requests the sandbox answered
	for round := 0; round < *loadRounds || served < *loadUntil; round++ {
		for _, tg := range targets {
			r := drive(tg, *loadWorkers, *loadDuration, int64(round)*1_000_000)
			results[tg.name] = append(results[tg.name], r)
			if tg.name != "plain Gin JSON" {
				served += r.served
			}
			t.Logf("round %d %-20s %8.0f req/s p50 %.2f ms p99 %.2f ms errors %d", round+1, tg.name, r.rps, r.p50, r.p99, r.errors)
		}
	}
	plainRSS := rss(t, plain.cmd.Process.Pid)
	sandboxRSS := rss(t, sb.cmd.Process.Pid)
	dataFile, err := os.Stat(filepath.Join(dir, "load.db"))
	require.NoError(t, err)
	dataMap := mappedRSS(t, sb.cmd.Process.Pid, filepath.Join(dir, "load.db"))
	startSandbox := startupMs(t, 10, func(i int, addr string) *exec.Cmd {
		return exec.Command(bin, "--addr", addr, "--data", filepath.Join(dir, fmt.Sprintf("start-%d.db", i)))
	}, func(url string) *http.Request { r, _ := http.NewRequest("GET", url+"/_sandbox/health", nil); return r })
	startPlain := startupMs(t, 10, func(_ int, addr string) *exec.Cmd {
		c := exec.Command(os.Args[0])
		c.Env = append(os.Environ(), plainGinEnv+"=1", plainGinAddrEnv+"="+addr)
		return c
	}, plainGinRequest)
	base := median(results["plain Gin JSON"], func(r result) float64 { return r.rps })
	var report strings.Builder
	fmt.Fprintf(&report, "\n%d rounds of %s, %d connections, medians; ratio = req/s over plain Gin's\n", len(results["plain Gin JSON"]), *loadDuration, *loadWorkers)
	fmt.Fprintf(&report, "| target | req/s | ratio | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n")
	for _, tg := range targets {
		rs := results[tg.name]
		rps := median(rs, func(r result) float64 { return r.rps })
		var errs int64
		for _, r := range rs {
			errs += r.errors
		}
		fmt.Fprintf(&report, "| %s | %.0f | %.2f | %.2f | %.2f | %d |\n", tg.name, rps, rps/base,
			median(rs, func(r result) float64 { return r.p50 }), median(rs, func(r result) float64 { return r.p99 }), errs)
	}
	fmt.Fprintf(&report, "\nstartup to first answer (median of 10): sandbox %.1f ms with the demo fixture, plain Gin %.1f ms (ratio %.2f)\n",
		startSandbox, startPlain, startSandbox/startPlain)
	fmt.Fprintf(&report, "RSS after load: sandbox %.1f MB (%.1f MB of it file-backed; data file %.0f MB), plain Gin %.1f MB (ratio %.2f)\n",
		sandboxRSS.total, sandboxRSS.file, float64(dataFile.Size())/(1<<20), plainRSS.total, sandboxRSS.total/plainRSS.total)
	fmt.Fprintf(&report, "after %d requests to the sandbox (GET balance and POST virtualAccount, alternating): RssAnon %.1f MB (the target is < 40); bbolt's map of the data file %.1f MB resident; the rest of RssFile (the executable) %.1f MB\n",
		served, sandboxRSS.anon, dataMap, sandboxRSS.file-dataMap)
	t.Log(report.String())
}

// drive loads one target for d with n workers and measures every request.
// The client does not ask for gzip: WireMock would compress, the others not.
func drive(tg target, n int, d time.Duration, seq int64) result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n, DisableCompression: true}}
	var counter, errors atomic.Int64
	counter.Store(seq)
	latencies := make([][]time.Duration, n)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				req := tg.make(counter.Add(1))
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				latencies[w] = append(latencies[w], time.Since(t0))
				if err != nil || resp.StatusCode != http.StatusOK {
					errors.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	client.CloseIdleConnections()
	all := slices.Concat(latencies...)
	slices.Sort(all)
	ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))].Microseconds()) / 1000 }
	// req/s counts 200s only: a cheap 429 must not pass for throughput.
	return result{rps: float64(int64(len(all))-errors.Load()) / d.Seconds(), p50: ms(0.50), p99: ms(0.99), errors: errors.Load(), served: int64(len(all)), next: counter.Load()}
}

func startPlainGin(t *testing.T) *process {
	t.Helper()
	p := &process{cmd: exec.Command(os.Args[0]), stderr: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), plainGinEnv+"=1")
	p.cmd.Stderr = p.stderr
	require.NoError(t, p.cmd.Start())
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.done })
	p.url = waitForURL(t, p.stderr, p.done)
	return p
}

// startupMs is the median time from exec to the first 200 answer to probe,
// each run on a fresh loopback port.
func startupMs(t *testing.T, runs int, cmd func(i int, addr string) *exec.Cmd, probe func(url string) *http.Request) float64 {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	var times []float64
	for i := range runs {
		addr := freeAddr(t)
		c := cmd(i, addr)
		out := &syncBuffer{}
		c.Stdout, c.Stderr = out, out
		t0 := time.Now()
		require.NoError(t, c.Start())
		for !answers(client, probe("http://"+addr)) {
			if time.Since(t0) > time.Minute {
				_ = c.Process.Kill()
				_ = c.Wait()
				t.Fatalf("%s: no answer within a minute:\n%s", c, out)
			}
			time.Sleep(100 * time.Microsecond)
		}
		times = append(times, float64(time.Since(t0).Microseconds())/1000)
		_ = c.Process.Kill()
		_ = c.Wait()
	}
	return median(times, func(f float64) float64 { return f })
}

func answers(client *http.Client, req *http.Request) bool {
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// freeAddr is a loopback address with a port nobody listened on a moment ago,
// for servers that cannot report the port they chose.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// memory is a process's resident set in MB: anonymous (heap, stacks) and
// file-backed or shared (the executable, and for the sandbox bbolt's memory
// map of its data file).
type memory struct{ total, anon, file float64 }

// rss reads a process's resident memory from /proc/PID/status.
func rss(t *testing.T, pid int) memory {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	require.NoError(t, err)
	var m memory
	for _, line := range strings.Split(string(data), "\n") {
		name, value, _ := strings.Cut(line, ":")
		var kb float64
		fmt.Sscanf(strings.TrimSpace(value), "%f", &kb)
		switch name {
		case "VmRSS":
			m.total = kb / 1024
		case "RssAnon":
			m.anon = kb / 1024
		case "RssFile", "RssShmem":
			m.file += kb / 1024
		}
	}
	return m
}

// mappedRSS is how much of path's memory maps is resident in process pid,
// in MB, from /proc/PID/smaps: for the sandbox, bbolt's map of its data file.
func mappedRSS(t *testing.T, pid int, path string) float64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	require.NoError(t, err)
	var kb float64
	ours := false
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			ours = len(fields) >= 6 && fields[5] == path // a mapping's header: address range, perms, offset, device, inode, path
		case ours && len(fields) == 3 && fields[0] == "Rss:":
			var v float64
			fmt.Sscanf(fields[1], "%f", &v)
			kb += v
		}
	}
	return kb / 1024
}

func median[T any](xs []T, f func(T) float64) float64 {
	vals := make([]float64, len(xs))
	for i, x := range xs {
		vals[i] = f(x)
	}
	slices.Sort(vals)
	return vals[len(vals)/2]
}

// The load's requests, the same for the sandbox and its peers: user i's
// business token on the fixture's ad account 30001.
const loadAdAccount = "30001"

func plainGinRequest(url string) *http.Request {
	r, _ := http.NewRequest("GET", url+"/json", nil)
	return r
}

func balanceRequest(url string, i int64) *http.Request {
	r, _ := http.NewRequest("GET", url+"/openapi/v4/adAccounts/balance", nil)
	r.Header.Set("Authorization", fmt.Sprintf("Bearer load-%d", i%int64(*loadUsers)))
	r.Header.Set("adAccountId", loadAdAccount)
	return r
}

func virtualAccountRequest(url string, i int64) *http.Request {
	body := `{"adAccountId":30001,"amount":100000,"bankCode":"88"}`
	r, _ := http.NewRequest("POST", url+"/openapi/v4/billing/virtualAccount", strings.NewReader(body))
	r.Header.Set("Authorization", fmt.Sprintf("Bearer load-%d", i%int64(*loadUsers)))
	r.Header.Set("adAccountId", loadAdAccount)
	r.Header.Set("Content-Type", "application/json")
	return r
}

// loadFixture makes n users, each with a business token and a seat on one
// ad account whose business wallet the load charges.
func loadFixture(n int) []byte {
	var b strings.Builder
	b.WriteString("apps: [{key: load, name: Load, restApiKey: load-key, bizApp: true, consentItems: [moment_management]}]\n")
	b.WriteString("companies: [{key: lc, name: (주)부하시험, businessRegistrationNumber: \"000-00-00000\", representativeName: 부하}]\n")
	b.WriteString("users:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {key: u%d, name: 사용자%d}\n", i, i)
	}
	b.WriteString("wallets: [{key: lw, type: BUSINESS, company: lc, master: u0, paidCash: 0}]\n")
	b.WriteString("adAccounts:\n  - key: la\n    id: 30001\n    name: 부하 광고계정\n    company: lc\n    wallet: lw\n    members:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {user: u%d, role: MEMBER}\n", i)
	}
	b.WriteString("tokens:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {token: load-%d, user: u%d, app: load, type: business, scopes: [moment_management]}\n", i, i)
	}
	return []byte(b.String())
}
