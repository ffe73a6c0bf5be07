package sandbox_test

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures/fixturestest"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The scale report (rule D03) runs at full size only when asked; plain go
// test runs it on 200 ad accounts, to keep its code working:
//
//	go test ./sandbox -run 'TestRules/D03_scale$' -scale -v
var (
	scaleFlag     = flag.Bool("scale", false, "run the scale report (TestRules/D03_scale) on -scale-ad-accounts")
	scaleAccounts = flag.Int("scale-ad-accounts", 100000, "ad accounts in the scale report's document")
	scaleRounds   = flag.Int("scale-rounds", 7, "rounds of requests, alternating between the demo data and the large data")
	scaleRequests = flag.Int("scale-requests", 300, "requests of each kind per round and data set")
)

// d03ProgressIsReported (TestRules/D03_progress_is_reported): a load reports its start and its end, with the
// entries of the whole document, to Config.Progress.
func d03ProgressIsReported(t *testing.T) {
	var got []fixtures.Progress
	sb, err := sandbox.Open(sandbox.Config{DataPath: filepath.Join(t.TempDir(), "p.db"), Fixtures: fixturestest.Bulk(50, fixturestest.JSON),
		NoSync: true, Progress: func(p fixtures.Progress) { got = append(got, p) }})
	require.NoError(t, err)
	defer sb.Close()
	require.GreaterOrEqual(t, len(got), 2)
	first, last := got[0], got[len(got)-1]
	first.Elapsed = 0
	assert.Equal(t, fixtures.Progress{Total: 50*4 + 3}, first)
	assert.True(t, last.Final)
	assert.Equal(t, last.Total, last.Done)
}

func d03Scale(t *testing.T) {
	n, rounds, requests := *scaleAccounts, *scaleRounds, *scaleRequests
	if !*scaleFlag {
		n, rounds, requests = 200, 1, 20
	}
	dir := t.TempDir()
	doc := fixturestest.Bulk(n, fixturestest.JSON)
	yamlDoc := fixturestest.Bulk(n, fixturestest.YAML)
	parseJSON := took(t, func() error { _, err := fixtures.Parse(doc); return err })
	parseYAML := took(t, func() error { _, err := fixtures.Parse(yamlDoc); return err })
	t.Logf("D03 document: %d ad accounts; JSON %.1f MB parsed in %s; YAML %.1f MB parsed in %s",
		n, sizeMB(doc), parseJSON, sizeMB(yamlDoc), parseYAML)

	cfg := func(name string, data []byte) sandbox.Config {
		return sandbox.Config{DataPath: filepath.Join(dir, name), Fixtures: data, RateLimits: []string{"off"}, Clock: sandboxtest.Start()}
	}
	var large *sandbox.Sandbox
	openLarge := took(t, func() (err error) { large, err = sandbox.Open(cfg("large.db", doc)); return err })
	defer large.Close()
	info, err := os.Stat(filepath.Join(dir, "large.db"))
	require.NoError(t, err)
	t.Logf("D03 load through --fixtures (a new data file, parse included, fsync on): %s; data file %.0f MB", openLarge, float64(info.Size())/1e6)

	demo, err := sandbox.Open(cfg("demo.db", nil))
	require.NoError(t, err)
	defer demo.Close()
	demoSrv, largeSrv := httptest.NewServer(demo.Handler()), httptest.NewServer(large.Handler())
	defer demoSrv.Close()
	defer largeSrv.Close()

	posted, err := sandbox.Open(cfg("posted.db", nil))
	require.NoError(t, err)
	defer posted.Close()
	postedSrv := httptest.NewServer(posted.Handler())
	defer postedSrv.Close()
	var answer []byte
	post := took(t, func() error {
		resp, err := http.Post(postedSrv.URL+"/_sandbox/fixtures", "application/json", bytes.NewReader(doc))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		answer = buf.Bytes()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("%d %.300s", resp.StatusCode, answer)
		}
		return nil
	})
	elapsed := answer[bytes.Index(answer, []byte(`"elapsedMs"`)):]
	t.Logf("D03 load through POST /_sandbox/fixtures (on the demo data, fsync on): %s round trip, answer %.1f MB, %.40s", post, sizeMB(answer), elapsed)

	type target struct {
		name string
		url  string
		ad   func(k int) (token string, id int)
	}
	targets := []target{
		{"demo", demoSrv.URL, func(int) (string, int) { return "sandbox-biz-alice", 10001 }},
		{"large", largeSrv.URL, func(k int) (string, int) { i := (k*7919%n + n) % n; return fixturestest.Token(i), 1000001 + i }},
		// One account of the large data, as the demo run uses one: what the
		// size of the data costs, apart from spreading over cold accounts.
		{"large-one", largeSrv.URL, func(int) (string, int) { return fixturestest.Token(0), 1000001 }},
	}
	p50 := map[string][]time.Duration{}
	client := &http.Client{}
	for _, tg := range targets { // connections open, code paths warm: what is compared is the data
		for k := range 20 {
			token, id := tg.ad(-1 - k)
			latency(t, client, "GET", tg.url+"/openapi/v4/adAccounts/balance", token, id, "")
		}
	}
	for round := range rounds {
		for _, tg := range targets {
			var bal, va []time.Duration
			for k := range requests {
				token, id := tg.ad(round*requests + k)
				bal = append(bal, latency(t, client, "GET", tg.url+"/openapi/v4/adAccounts/balance", token, id, ""))
				va = append(va, latency(t, client, "POST", tg.url+"/openapi/v4/billing/virtualAccount", token, id,
					fmt.Sprintf(`{"adAccountId":%d,"amount":1000000,"bankCode":"88"}`, id)))
			}
			p50[tg.name+" balance"] = append(p50[tg.name+" balance"], medianOf(bal))
			p50[tg.name+" virtualAccount"] = append(p50[tg.name+" virtualAccount"], medianOf(va))
		}
	}
	for _, op := range []string{"balance", "virtualAccount"} {
		d, l, one := medianOf(p50["demo "+op]), medianOf(p50["large "+op]), medianOf(p50["large-one "+op])
		ratio := float64(l) / float64(d)
		t.Logf("D03 %s p50 (median of %d rounds × %d requests): demo %s, %d ad accounts %s, ratio %.2f; one account of them %s, ratio %.2f",
			op, rounds, requests, d, n, l, ratio, one, float64(one)/float64(d))
		if *scaleFlag && ratio > 1.15 {
			t.Errorf("D03: %s at %d ad accounts is %.0f%% slower than on the demo data (at most 15%%)", op, n, (ratio-1)*100)
		}
	}
	if *scaleFlag && openLarge > 5*time.Second {
		t.Errorf("D03: loading %d ad accounts took %s (at most 5 s)", n, openLarge)
	}
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("D03 load average: %s", strings.TrimSpace(string(la)))
	}
}

func took(t *testing.T, do func() error) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, do())
	return time.Since(start).Round(time.Millisecond)
}

func latency(t *testing.T, c *http.Client, method, url, token string, adAccount int, body string) time.Duration {
	t.Helper()
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("adAccountId", fmt.Sprint(adAccount))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.Do(r)
	require.NoError(t, err)
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", method, url, buf.Bytes())
	return d
}

func medianOf(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func sizeMB(b []byte) float64 { return float64(len(b)) / 1e6 }
