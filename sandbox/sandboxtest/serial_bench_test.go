package sandboxtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/floor"
)

// Serial latency, as a contract test sees it: one call after another on one
// keep-alive connection, over loopback (issue 24, rule D06). Beside the
// kit's sandbox, the floor of the same calls in the same run: plain Gin
// answering the same bodies, with the sandbox's OpenAPI validation, and
// with a bbolt write of the same record without fsync (internal/floor).
// docs/performance.md has the figures.
//
//	go test ./sandbox/sandboxtest -run '^$' -bench Serial -benchtime 5000x -count 3
func BenchmarkSerial(b *testing.B) {
	floors := []struct {
		name string
		cfg  floor.Config
	}{
		{"floor=plain", floor.Config{Level: floor.Plain}},
		{"floor=validated", floor.Config{Level: floor.Validated}},
		{"floor=stored-nosync", floor.Config{Level: floor.Stored, NoSync: true}},
	}
	for _, f := range floors {
		for _, op := range []string{"POST-virtualAccount", "GET-balance"} {
			b.Run(f.name+"/"+op, func(b *testing.B) {
				f.cfg.DataPath = filepath.Join(b.TempDir(), "floor.db")
				srv, err := floor.New(f.cfg)
				if err != nil {
					b.Fatal(err)
				}
				defer srv.Close()
				hs := httptest.NewServer(srv)
				defer hs.Close()
				serial(b, hs.URL, "30001", op, nil)
			})
		}
	}
	for _, op := range []string{"POST-virtualAccount", "GET-balance"} {
		b.Run("sandboxtest/"+op, func(b *testing.B) {
			s := New(b)
			serial(b, s.URL, "10001", op, s.Wall)
		})
	}
}

// BenchmarkSerialTest is a whole test of 1,000 serial calls: a new sandbox
// with the demo data, 1,000 POST virtualAccount, closed. It reports the
// whole and the calls alone.
func BenchmarkSerialTest(b *testing.B) {
	var calls time.Duration
	for range b.N {
		s, err := Open()
		if err != nil {
			b.Fatal(err)
		}
		client := oneConnection()
		t0 := time.Now()
		for range 1000 {
			s.Wall.Advance(time.Second)
			if status, body := do(client, request(s.URL, "10001", "POST-virtualAccount")); status != http.StatusOK {
				b.Fatalf("%d %s", status, body)
			}
		}
		calls += time.Since(t0)
		client.CloseIdleConnections()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/test")
	b.ReportMetric(calls.Seconds()/float64(b.N), "s/1000calls")
}

// serial makes b.N calls of op one after another and reports their median.
// A POST moves wall a second first, so one user's 1/s limit stays live
// but never refuses.
func serial(b *testing.B, url, adAccount, op string, wall *Wall) {
	client := oneConnection()
	defer client.CloseIdleConnections()
	lat := make([]time.Duration, 0, b.N)
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		if wall != nil && op == "POST-virtualAccount" {
			wall.Advance(time.Second)
		}
		req := request(url, adAccount, op)
		t0 := time.Now()
		status, body := do(client, req)
		lat = append(lat, time.Since(t0))
		if status != http.StatusOK {
			b.Fatalf("%s answered %d: %s", op, status, body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/1000/float64(b.N), "cpu-µs/call")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1000, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1000, "p99-µs")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1000, "s/1000calls")
}

// cpuTime is the process's CPU time, user and system: the client's and the
// sandbox's work together, which other work on the machine disturbs less
// than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func oneConnection() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1, DisableCompression: true}}
}

// request is the demo data's alice (or any caller, for a floor) on her ad account.
func request(url, adAccount, op string) *http.Request {
	var r *http.Request
	if op == "GET-balance" {
		r, _ = http.NewRequest("GET", url+"/openapi/v4/adAccounts/balance", nil)
	} else {
		r, _ = http.NewRequest("POST", url+"/openapi/v4/billing/virtualAccount",
			strings.NewReader(`{"adAccountId":`+adAccount+`,"amount":100000,"bankCode":"88"}`))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Authorization", "Bearer sandbox-biz-alice")
	r.Header.Set("adAccountId", adAccount)
	return r
}

func do(client *http.Client, r *http.Request) (int, []byte) {
	resp, err := client.Do(r)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}
