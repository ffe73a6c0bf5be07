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

// BenchmarkPipeline measures what the sandbox adds per request, in process
// and without fsync, so the numbers are the pipeline's and not the disk's:
//
//	go test ./sandbox -run '^$' -bench Pipeline -benchmem
func BenchmarkPipeline(b *testing.B) {
	sb, err := sandbox.Open(sandbox.Config{DataPath: b.TempDir() + "/bench.db", Fixtures: rulesFixture, NoSync: true,
		RateLimits: []string{"off"}, Clock: sandboxtest.Start()})
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	h := sb.Handler()
	serve := func(b *testing.B, method, path, body string, want int) {
		for b.Loop() {
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
	}
	b.Run("createVirtualAccount", func(b *testing.B) {
		serve(b, "POST", "/openapi/v4/billing/virtualAccount", `{"adAccountId":20001,"amount":1000000,"bankCode":"88"}`, http.StatusOK)
	})
	b.Run("getAdAccountBalance", func(b *testing.B) {
		serve(b, "GET", "/openapi/v4/adAccounts/balance", "", http.StatusOK)
	})
}
