package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveWith runs the program with extra flags (on 127.0.0.1:0 unless they
// say --addr) until the test ends, and returns its port and what it logged.
func serveWith(t *testing.T, flags ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	args := append([]string{"--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "c.db"), "--clock", "2026-01-01T09:00:00+09:00"}, flags...)
	go func() { done <- run(ctx, args, noEnv, &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	deadline := time.After(20 * time.Second)
	for {
		if m := listeningPort.FindStringSubmatch(stderr.String()); m != nil {
			return "127.0.0.1:" + m[1], &stderr
		}
		select {
		case err := <-done:
			t.Fatalf("the sandbox stopped before listening: %v\n%s", err, &stderr)
		case <-deadline:
			t.Fatalf("the sandbox did not start listening:\n%s", &stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

var listeningPort = regexp.MustCompile(`url=http://[^ ]*:(\d+)`)

// closedWithin reports whether the server closes conn within d: a read
// that ends (EOF or reset), not one that times out.
func closedWithin(conn net.Conn, d time.Duration) bool {
	if conn.SetReadDeadline(time.Now().Add(d)) != nil {
		return false
	}
	_, err := io.Copy(io.Discard, conn)
	return !timedOut(err)
}

func timedOut(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestR04_ConnectionLimits: a body that stalls and a keep-alive nobody uses
// are closed by the server, a scenario's trickle still finishes past the
// write timeout, and connections beyond the cap wait to be accepted.
func TestR04_ConnectionLimits(t *testing.T) {
	addr, _ := serveWith(t, "--read-timeout", "300ms", "--write-timeout", "300ms", "--idle-timeout", "300ms")

	t.Run("a_stalled_body_is_closed", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "POST /_sandbox/fixtures HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 1000\r\n\r\nusers: [")
		require.NoError(t, err)
		assert.True(t, closedWithin(conn, 10*time.Second), "the server closed the stalled request")
	})

	t.Run("an_idle_keep_alive_is_closed", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode)
		assert.True(t, closedWithin(conn, 10*time.Second), "the server closed the idle keep-alive")
	})

	t.Run("a_trickle_outlasts_the_write_timeout", func(t *testing.T) {
		req, err := http.NewRequest("GET", "http://"+addr+"/openapi/v4/adAccounts/balance", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer sandbox-biz-alice")
		req.Header.Set("adAccountId", "10001")
		req.Header.Set("X-Sandbox-Scenario", "slow-trickle")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err, "the whole answer arrived")
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, string(body), `"bizWalletId"`)
		assert.Greater(t, time.Since(start), 300*time.Millisecond, "it did take longer than the write timeout")
	})

	t.Run("connections_past_the_cap_wait", func(t *testing.T) {
		// A server of its own, whose timeouts never free a place meanwhile.
		addr, _ := serveWith(t, "--max-connections", "3")
		var held []net.Conn
		for range 3 {
			conn, err := net.Dial("tcp", addr)
			require.NoError(t, err)
			held = append(held, conn)
			_, err = io.WriteString(conn, "GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err, "each connection under the cap is served")
			resp.Body.Close()
		}
		// The three hold every place: a fourth is accepted by the kernel, not served.
		waiting, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer waiting.Close()
		_, err = io.WriteString(waiting, "GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		require.NoError(t, waiting.SetReadDeadline(time.Now().Add(100*time.Millisecond)))
		_, err = bufio.NewReader(waiting).ReadByte()
		require.True(t, timedOut(err), "not served while the cap is reached: %v", err)
		for _, c := range held {
			c.Close()
		}
		require.NoError(t, waiting.SetReadDeadline(time.Now().Add(10*time.Second)))
		resp, err := http.ReadResponse(bufio.NewReader(waiting), nil)
		require.NoError(t, err, "served once places free up")
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
	})
}

// TestBindingBeyondLoopbackWarns: the control plane open to a network says so.
func TestBindingBeyondLoopbackWarns(t *testing.T) {
	_, log := serveWith(t, "--addr", "0.0.0.0:0")
	assert.Contains(t, log.String(), "set --admin-token")
	_, quiet := serveWith(t)
	assert.NotContains(t, quiet.String(), "set --admin-token", "loopback needs no warning")
	_, guarded := serveWith(t, "--addr", "0.0.0.0:0", "--admin-token", "s3cret")
	assert.NotContains(t, guarded.String(), "set --admin-token", "an admin token needs no warning")
}
