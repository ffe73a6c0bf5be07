package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rulesR13 is rule R13 for connections: health and reset answer whatever
// holds the connections, and repeated connection warnings are rate-limited.
func rulesR13(t *testing.T) {
	t.Run("R13_health_and_reset_answer_while_scenario_delays_fill_the_cap", r13HealthAnswersAFullCap)
	t.Run("R13_silent_sockets_give_their_slots_to_real_requests", r13SilentSocketsGiveWay)
	t.Run("R13_connection_warnings_are_rate_limited", r13ConnectionWarningsAreRateLimited)
	t.Run("R13_over_https_too", r13OverHTTPS)
}

// timedGet sends one request on a new connection and answers its status,
// body and how long it took; a status of 0 is no answer within 5 s.
func timedGet(t *testing.T, url, method, path, extra string) (int, string, time.Duration) {
	t.Helper()
	conn := dial(t, url)
	start := time.Now()
	_, err := io.WriteString(conn, method+" "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\n"+extra+"Content-Length: 0\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err.Error(), time.Since(start)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), time.Since(start)
}

// r13HealthAnswersAFullCap: with every connection of the cap held in a
// scenario's delay, health and reset still answer within a second, and
// Kakao's calls are told the cap is full instead of waiting.
func r13HealthAnswersAFullCap(t *testing.T) {
	t.Parallel()
	const max = 4
	url, _ := serveInProcess(t, "--max-connections", fmt.Sprint(max))
	status, _ := call(t, "POST", url+"/_sandbox/scenarios", "", nil,
		`{"name":"held","description":"holds the connection","match":{"operation":"getAdAccountBalance"},"respond":{"delay":"1m"}}`)
	require.Equal(t, 201, status)
	for range max {
		conn := dial(t, url)
		_, err := io.WriteString(conn, "GET /openapi/v4/adAccounts/balance HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
			"Authorization: Bearer sandbox-biz-alice\r\nadAccountId: 10001\r\nX-Sandbox-Scenario: held\r\n\r\n")
		require.NoError(t, err)
	}
	time.Sleep(300 * time.Millisecond) // all held in the delay

	for _, c := range []struct{ method, path string }{{"GET", "/_sandbox/health"}, {"POST", "/_sandbox/reset"}, {"GET", "/_sandbox/health"}} {
		status, body, took := timedGet(t, url, c.method, c.path, "")
		assert.Equal(t, 200, status, "%s %s: %s", c.method, c.path, body)
		assert.Less(t, took, time.Second, "%s %s", c.method, c.path)
	}
	status, body, took := timedGet(t, url, "GET", "/openapi/v4/adAccounts/balance", "Authorization: Bearer sandbox-biz-alice\r\nadAccountId: 10001\r\n")
	assert.Equal(t, 503, status, "%s", body)
	assert.Contains(t, body, `"code":-9503`)
	assert.Contains(t, body, `"extras":{}`, "in Moment's shape")
	assert.Less(t, took, time.Second)
}

// r13SilentSocketsGiveWay: sockets that connect and say nothing, and idle
// keep-alive connections, fill the cap and the reserve; a real request
// still answers at once, taking a silent one's slot.
func r13SilentSocketsGiveWay(t *testing.T) {
	t.Parallel()
	const max = 8
	url, _ := serveInProcess(t, "--max-connections", fmt.Sprint(max))
	for i := range max + reservedConnections {
		conn := dial(t, url)
		if i < max {
			getHealth(t, conn, bufio.NewReader(conn)) // then idle, kept alive
		}
	}
	time.Sleep(silentGrace + 200*time.Millisecond)
	for range 3 {
		status, body, took := timedGet(t, url, "GET", "/openapi/v4/adAccounts/balance", "Authorization: Bearer sandbox-biz-alice\r\nadAccountId: 10001\r\n")
		assert.Equal(t, 200, status, "%s", body)
		assert.Less(t, took, time.Second)
	}
}

// r13ConnectionWarningsAreRateLimited: 2,000 connections that close before
// their TLS handshake log a handful of lines, not one each.
func r13ConnectionWarningsAreRateLimited(t *testing.T) {
	t.Parallel()
	url, stderr := serveInProcess(t, "--tls")
	addr := strings.TrimPrefix(url, "https://")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for range 500 {
				conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
				if !assert.NoError(t, err, "worker %d", w) {
					return
				}
				conn.Close()
			}
		})
	}
	wg.Wait()
	// And one handshake that fails for another reason than EOF.
	if conn, err := tls.Dial("tcp", addr, &tls.Config{MinVersion: tls.VersionTLS12}); err == nil {
		conn.Close()
	}
	time.Sleep(300 * time.Millisecond)
	lines := strings.Count(stderr.String(), "TLS handshake error")
	assert.LessOrEqual(t, lines, 10, "lines about handshake errors:\n%s", stderr.String())
	assert.Positive(t, lines, "the first ones are logged")

	// At the interval's end, one line says how many were not logged.
	var out syncBuffer
	w := newServerErrorLog(slog.New(slog.NewTextHandler(&out, nil)))
	for range 20 {
		_, err := w.Write([]byte("http: TLS handshake error from 127.0.0.1:1234: EOF\n"))
		require.NoError(t, err)
	}
	w.endInterval("TLS handshake error")
	assert.Equal(t, warnBurst+1, strings.Count(out.String(), "\n"), "%s", out.String())
	assert.Contains(t, out.String(), "15 more like the above (TLS handshake error)")
}

// r13OverHTTPS: under --tls, over HTTP/2 and HTTP/1.1, silent sockets give
// way to real requests, and health answers while scenario delays hold every
// connection of the cap.
func r13OverHTTPS(t *testing.T) {
	t.Parallel()
	const max = 4
	data := filepath.Join(t.TempDir(), "s.db")
	base, _ := serveWith(t, data, "--tls", "--max-connections", fmt.Sprint(max))
	ca := printedCA(t, data)
	addr := strings.TrimPrefix(base, "https://")
	for range max + reservedConnections {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		t.Cleanup(func() { conn.Close() })
	}
	time.Sleep(silentGrace + 200*time.Millisecond)
	balance := map[string]string{"adAccountId": "10001"}
	for _, h2 := range []bool{true, false} {
		start := time.Now()
		resp, _ := get(t, hostsFileClient(t, base, ca, h2), base+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", balance)
		assert.Equal(t, 200, resp.StatusCode, "HTTP/2 %v", h2)
		assert.Less(t, time.Since(start), time.Second, "a real request among silent sockets, HTTP/2 %v", h2)
	}

	client := hostsFileClient(t, base, ca, true)
	req, err := newRequest("POST", base+"/_sandbox/scenarios", "", nil,
		`{"name":"held","description":"holds the connection","match":{"operation":"getAdAccountBalance"},"respond":{"delay":"1m"}}`)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 201, resp.StatusCode)
	client.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // before the sandbox stops
	for range max {   // each its own HTTP/1.1 connection, held in the delay
		c := hostsFileClient(t, base, ca, false)
		go func() {
			r, err := newRequest("GET", base+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice",
				map[string]string{"adAccountId": "10001", "X-Sandbox-Scenario": "held"}, "")
			if err == nil {
				r = r.WithContext(ctx)
				if resp, err := c.Do(r); err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	for _, h2 := range []bool{true, false} {
		start := time.Now()
		resp, body := get(t, hostsFileClient(t, base, ca, h2), base+"/_sandbox/health", "", nil)
		assert.Equal(t, 200, resp.StatusCode, "HTTP/2 %v: %v", h2, body)
		assert.Less(t, time.Since(start), time.Second, "health with the cap held in delays, HTTP/2 %v", h2)
		resp, body = get(t, hostsFileClient(t, base, ca, h2), base+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", balance)
		assert.Equal(t, 503, resp.StatusCode, "HTTP/2 %v: %v", h2, body)
		assert.EqualValues(t, -9503, body["code"])
	}
}
