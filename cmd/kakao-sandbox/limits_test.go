package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveInProcess runs the program on 127.0.0.1:0 with a temporary data file
// until the test ends, and returns its URL and what it logged.
func serveInProcess(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	url, stderr, stop := startInProcess(t, filepath.Join(t.TempDir(), "s.db"), args...)
	t.Cleanup(stop)
	return url, stderr
}

// startInProcess runs the program on 127.0.0.1:0 over data, and returns its
// URL, what it logged, and stop, which shuts it down as SIGINT would and
// waits until the data file is closed.
func startInProcess(t *testing.T, data string, args ...string) (string, *syncBuffer, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	base := append([]string{"--addr", "127.0.0.1:0", "--data", data,
		"--clock", "2026-01-01T09:00:00+09:00", "--rate-limit", "off"}, args...)
	go func() { done <- run(ctx, base, noEnv, &stdout, &stderr) }()
	stop := func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Error("the sandbox did not shut down")
		}
	}
	return waitForURL(t, &stderr, done), &stderr, stop
}

// dial opens a raw connection to the sandbox at url.
func dial(t *testing.T, url string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn
}

const healthRequest = "GET /_sandbox/health HTTP/1.1\r\nHost: sandbox\r\n\r\n"

// getHealth sends GET /_sandbox/health on conn and reads the answer,
// leaving the connection open (keep-alive).
func getHealth(t *testing.T, conn net.Conn, r *bufio.Reader) {
	t.Helper()
	_, err := io.WriteString(conn, healthRequest)
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
}

// closedByServer reads until the server closes conn, and fails the test if
// it is still open after a wide margin.
func closedByServer(t *testing.T, conn net.Conn, r io.Reader, what string) {
	t.Helper()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(15*time.Second)))
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("%s: the server still holds the connection open after 15 s", what)
	}
	// nil (EOF) or a reset: either way the server ended it.
}

// rulesR04 is rule R04 for connections: every connection has read,
// write and idle limits, and only so many are served at once.
func rulesR04(t *testing.T) {
	t.Run("R04_a_stalled_body_is_closed_after_the_read_timeout", func(t *testing.T) {
		t.Parallel()
		url, _ := serveInProcess(t, "--read-timeout", "300ms", "--write-timeout", "1m", "--idle-timeout", "1m")
		conn := dial(t, url)
		_, err := io.WriteString(conn, "POST /_sandbox/virtual-accounts/1/deposits HTTP/1.1\r\nHost: sandbox\r\n"+
			"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"amou")
		require.NoError(t, err)
		closedByServer(t, conn, conn, "a body that stopped after 6 of 100 bytes")
	})
	t.Run("R04_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout", func(t *testing.T) {
		t.Parallel()
		url, _ := serveInProcess(t, "--idle-timeout", "300ms")
		conn := dial(t, url)
		r := bufio.NewReader(conn)
		getHealth(t, conn, r)
		closedByServer(t, conn, r, "an idle keep-alive connection")
	})
	t.Run("R04_connections_beyond_the_cap_and_its_reserve_wait_until_one_ends", func(t *testing.T) {
		t.Parallel()
		url, _ := serveInProcess(t, "--max-connections", "1")
		first := dial(t, url)
		getHealth(t, first, bufio.NewReader(first)) // served, kept alive: it holds the one slot
		// Fill the reserve with connections whose headers never end: each
		// holds its place until reserveHeaderTime closes it.
		for range reservedConnections {
			_, err := io.WriteString(dial(t, url), "GET /_sandbox/health HTTP/1.1\r\n")
			require.NoError(t, err)
		}
		time.Sleep(100 * time.Millisecond) // all accepted

		waiting := dial(t, url) // the kernel completes the handshake; the sandbox does not accept it yet
		_, err := io.WriteString(waiting, healthRequest)
		require.NoError(t, err)
		r := bufio.NewReader(waiting)
		require.NoError(t, waiting.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
		_, err = r.Peek(1)
		var ne net.Error
		require.True(t, errors.As(err, &ne) && ne.Timeout(), "not served while the cap and the reserve are full: %v", err)

		require.NoError(t, waiting.SetReadDeadline(time.Now().Add(15*time.Second)))
		resp, err := http.ReadResponse(r, nil)
		require.NoError(t, err, "served once a connection ended")
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
	})
	// A failure scenario's own delays are the point of it: the write timeout
	// must not cut them short. Each wait here is longer than the timeouts.
	for _, sc := range []struct{ name, respond string }{
		{"delay", "delay: 2500ms"},
		{"first_byte_delay", "firstByteDelay: 2500ms"},
		{"trickle", "trickle: 1700ms"}, // the balance answer is four chunks, three waits: about 5 s
	} {
		t.Run("R04_a_scenario's_"+sc.name+"_outlasts_a_1s_write_timeout", func(t *testing.T) {
			t.Parallel()
			url, _ := serveInProcess(t, "--read-timeout", "1s", "--write-timeout", "1s")
			status, _ := call(t, "POST", url+"/_sandbox/scenarios", "", nil,
				fmt.Sprintf(`{"name":"slow-r04","description":"slower than the write timeout","match":{"operation":"getAdAccountBalance"},"respond":{%s}}`,
					yamlToJSON(sc.respond)))
			require.Equal(t, 201, status)
			start := time.Now()
			req, err := newRequest("GET", url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice",
				map[string]string{"adAccountId": "10001", "X-Sandbox-Scenario": "slow-r04"}, "")
			require.NoError(t, err)
			resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err, "the whole answer arrives")
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, "slow-r04", resp.Header.Get("X-Sandbox-Scenario-Applied"))
			assert.Contains(t, string(body), `"cash":500000`)
			assert.Greater(t, time.Since(start), 2*time.Second, "the scenario's wait happened, beyond the 1 s timeout")
		})
	}
	t.Run("R04_limits_are_flags_with_environment_defaults", func(t *testing.T) {
		env := map[string]string{"KAKAO_SANDBOX_READ_TIMEOUT": "7s", "KAKAO_SANDBOX_WRITE_TIMEOUT": "8s",
			"KAKAO_SANDBOX_IDLE_TIMEOUT": "9s", "KAKAO_SANDBOX_MAX_CONNECTIONS": "10"}
		var out, errOut syncBuffer
		sc, err := parseServe(nil, func(k string) string { return env[k] }, &out, &errOut)
		require.NoError(t, err)
		assert.Equal(t, []any{7 * time.Second, 8 * time.Second, 9 * time.Second, 10},
			[]any{sc.readTimeout, sc.writeTimeout, sc.idleTimeout, sc.maxConnections})
		sc, err = parseServe(nil, noEnv, &out, &errOut)
		require.NoError(t, err)
		assert.Equal(t, []any{defaultReadTimeout, defaultWriteTimeout, defaultIdleTimeout, defaultMaxConnections},
			[]any{sc.readTimeout, sc.writeTimeout, sc.idleTimeout, sc.maxConnections})
		for _, bad := range [][]string{{"--read-timeout", "0s"}, {"--write-timeout", "-1s"}, {"--idle-timeout", "0"}, {"--max-connections", "0"}} {
			_, err := parseServe(bad, noEnv, &out, &errOut)
			assert.ErrorContains(t, err, bad[0], "every connection has its limits")
		}
	})
}

// yamlToJSON turns "key: value" into a JSON member, for the table above.
func yamlToJSON(kv string) string {
	k, v, _ := strings.Cut(kv, ": ")
	return fmt.Sprintf("%q:%q", k, v)
}
