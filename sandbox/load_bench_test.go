package sandbox_test

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures/generate"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The generator's document through --fixtures, split by phase (rule D03,
// docs/performance.md); its floor is internal/store's BenchmarkFloor on the
// file -load-keep keeps:
//
//	kakao-sandbox fixtures generate --seed 7 --ad-accounts 100000 --out /tmp/x/gen.json
//	go test ./sandbox -run '^$' -bench LoadGenerated -benchtime 1x -load-doc /tmp/x/gen.json -load-keep /tmp/x/loaded.db
var (
	loadDoc        = flag.String("load-doc", "", "the fixture document BenchmarkLoadGenerated loads (default: generated)")
	loadAdAccounts = flag.Int("load-ad-accounts", 2000, "ad accounts of the document BenchmarkLoadGenerated generates, seed 7")
	loadKeep       = flag.String("load-keep", "", "where BenchmarkLoadGenerated keeps the data file its last load made")
)

// BenchmarkLoadGenerated opens a new data file with the generator's
// document as its fixtures, fsync on, and asks it for its health over HTTP,
// as `serve --fixtures` does before its first answer. Besides the time to
// that answer (first-s) it reports where the time went: parsing the
// document (parse-s, measured apart, once more, after), the domain checks, ids and
// encoding (fill-s), bbolt's puts (flush-s), its spill into pages (spill-s),
// its writing and fsync (write-s), the rest of Open (rest-s), and the CPU
// seconds the process spent, every core and the kernel counted (cpu-s).
func BenchmarkLoadGenerated(b *testing.B) {
	var doc []byte
	if *loadDoc != "" {
		var err error
		doc, err = os.ReadFile(*loadDoc)
		require.NoError(b, err)
	} else {
		o := generate.Defaults()
		o.Seed, o.AdAccounts = 7, *loadAdAccounts
		d, err := generate.Generate(o)
		require.NoError(b, err)
		doc, err = generate.Encode(d, "json", "")
		require.NoError(b, err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for range b.N {
		path := filepath.Join(dir, "load.db")
		cpu := cpuTime()
		start := time.Now()
		sb, err := sandbox.Open(sandbox.Config{DataPath: path, Fixtures: doc, RateLimits: []string{"off"}, Clock: sandboxtest.Start(),
			Progress: func(fixtures.Progress) {}})
		require.NoError(b, err)
		open := time.Since(start)
		rec := httptest.NewRecorder()
		sb.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_sandbox/health", nil))
		first := time.Since(start)
		cpu = cpuTime() - cpu
		require.Equal(b, http.StatusOK, rec.Code, rec.Body.String())
		bulk := sandbox.LastBulkOf(sb)
		b.StopTimer()
		require.NoError(b, sb.Close())
		if *loadKeep != "" {
			require.NoError(b, os.Rename(path, *loadKeep))
		} else {
			require.NoError(b, os.Remove(path))
		}
		// Parsed apart after the load, not before: memory the process has
		// touched once is cheaper the second time, here by seconds.
		start = time.Now()
		_, err = fixtures.Parse(doc)
		require.NoError(b, err)
		parse := time.Since(start)
		b.StartTimer()
		for name, d := range map[string]time.Duration{"first-s": first, "parse-s": parse, "fill-s": bulk.Fill, "flush-s": bulk.Flush,
			"spill-s": bulk.Spill, "write-s": bulk.Write, "bulk-s": bulk.Total, "rest-s": open - bulk.Total - parse, "cpu-s": cpu} {
			b.ReportMetric(d.Seconds(), name)
		}
	}
}

// cpuTime is the CPU time the process has spent so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
