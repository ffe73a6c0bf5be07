package sandbox_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// BenchmarkScenarioCounters measures what an active scenario adds to a
// request it matches: its count is written to the data file each time
// (rule D08). Compare with BenchmarkPipeline's getAdAccountBalance:
//
//	go test ./sandbox -run '^$' -bench 'Pipeline|ScenarioCounters' -benchmem
func BenchmarkScenarioCounters(b *testing.B) {
	for _, sync := range []bool{false, true} {
		b.Run(map[bool]string{false: "nosync", true: "fsync"}[sync], func(b *testing.B) {
			sb, err := sandbox.Open(sandbox.Config{DataPath: b.TempDir() + "/bench.db", Fixtures: rulesFixture, NoSync: !sync,
				RateLimits: []string{"off"}, Clock: sandboxtest.Start()})
			if err != nil {
				b.Fatal(err)
			}
			defer sb.Close()
			h := sb.Handler()
			do := func(method, path, body string, want int) {
				r := httptest.NewRequest(method, path, bytes.NewBufferString(body))
				r.Header.Set("Authorization", "Bearer "+master)
				r.Header.Set("adAccountId", fmt.Sprint(healthyAds))
				r.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != want {
					b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
				}
			}
			// It matches every balance call and, after a trillion, would fail one.
			do("POST", "/_sandbox/scenarios", `{"name":"far-off","description":"d","match":{"operation":"getAdAccountBalance"},"after":1000000000000,"respond":{"drop":true}}`, http.StatusCreated)
			do("PUT", "/_sandbox/scenarios/far-off/activation", `{"scope":"global"}`, http.StatusOK)
			for b.Loop() {
				do("GET", "/openapi/v4/adAccounts/balance", "", http.StatusOK)
			}
		})
	}
}
