package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer collects a program's output while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = regexp.MustCompile(`url=(https?://127\.0\.0\.1:\d+)`)

// waitForURL waits for the "listening" log line and returns its URL.
func waitForURL(t *testing.T, out fmt.Stringer, done <-chan error) string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("the sandbox stopped before listening: %v\n%s", err, out)
		case <-deadline:
			t.Fatalf("the sandbox did not start listening:\n%s", out)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func noEnv(string) string { return "" }

func call(t *testing.T, method, url, token string, header map[string]string, body string) (int, map[string]any) {
	t.Helper()
	req, err := newRequest(method, url, token, header, body)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m), "%s", data)
	return resp.StatusCode, m
}

// TestRunEndToEnd runs the program as main does, on 127.0.0.1:0 with a
// temporary data file, walks the README's quickstart, and stops it the way
// SIGINT would.
func TestRunEndToEnd(t *testing.T) {
	data := filepath.Join(t.TempDir(), "e2e.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", data, "--clock", "2026-01-01T09:00:00+09:00", "--strict",
			"--rate-limit", "createVirtualAccount=1/h"}, noEnv, &stdout, &stderr) // real time: 1/s could let a slow machine through
	}()
	base := waitForURL(t, &stderr, done)
	ad := map[string]string{"adAccountId": "10001"}

	status, va := call(t, "POST", base+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad, `{"adAccountId":10001,"amount":1000000,"bankCode":"88"}`)
	require.Equal(t, 200, status, "%v", va)
	assert.Equal(t, "2026-01-08T09:00:00.000", va["expireDttm"])
	status, dep := call(t, "POST", base+"/_sandbox/virtual-accounts/"+va["accountNumber"].(string)+"/deposits", "", nil, `{"amount":1000000}`)
	require.Equal(t, 200, status, "%v", dep)
	status, bal := call(t, "GET", base+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", ad, "")
	require.Equal(t, 200, status)
	assert.EqualValues(t, 1500000, bal["cash"])
	status, limited := call(t, "POST", base+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad, `{"adAccountId":10001,"amount":1000000,"bankCode":"88"}`)
	assert.Equal(t, 429, status, "%v", limited)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("the sandbox did not shut down")
	}
	assert.Contains(t, stderr.String(), "shutting down")

	stdout = syncBuffer{}
	require.NoError(t, run(context.Background(), []string{"check", "--data", data}, noEnv, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "ok: 9 wallets")
}

func TestRunCommandsAndFlags(t *testing.T) {
	var out, errOut syncBuffer
	require.NoError(t, run(context.Background(), []string{"version"}, noEnv, &out, &errOut))
	assert.Regexp(t, `^kakao-sandbox \S+\n$`, out.String())

	out = syncBuffer{}
	require.NoError(t, run(context.Background(), []string{"scenarios"}, noEnv, &out, &errOut))
	assert.Regexp(t, `(?m)^kakao-maintenance\s+Kakao's Moment API is down`, out.String())
	assert.GreaterOrEqual(t, strings.Count(out.String(), "\n"), 12)

	out = syncBuffer{}
	require.ErrorIs(t, run(context.Background(), []string{"--help"}, noEnv, &out, &errOut), flag.ErrHelp)
	assert.Contains(t, out.String(), "KAKAO_SANDBOX_RATE_LIMIT")
	assert.Contains(t, out.String(), "Other commands")

	assert.ErrorIs(t, run(context.Background(), []string{"frobnicate"}, noEnv, &out, &errOut), errUsage)
	assert.ErrorContains(t, run(context.Background(), []string{"--rate-limit", "createVirtualAccount=fast"}, noEnv, &out, &errOut), "createVirtualAccount=fast")
	assert.ErrorContains(t, run(context.Background(), []string{"--clock", "yesterday"}, noEnv, &out, &errOut), "--clock")
	assert.ErrorContains(t, run(context.Background(), []string{"--scenario", "no-such", "--data", filepath.Join(t.TempDir(), "s.db")}, noEnv, &out, &errOut), "no-such")
	env := func(k string) string { return map[string]string{"KAKAO_SANDBOX_STRICT": "maybe"}[k] }
	assert.ErrorContains(t, run(context.Background(), nil, env, &out, &errOut), "KAKAO_SANDBOX_STRICT")
	assert.Error(t, run(context.Background(), []string{"healthcheck", "--addr", "127.0.0.1:1"}, noEnv, &out, &errOut))

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("users: [{key: x, nmae: y}]"), 0o600))
	assert.ErrorContains(t, run(context.Background(), []string{"--fixtures", bad, "--data", filepath.Join(t.TempDir(), "x.db")}, noEnv, &out, &errOut), "nmae")
}

// TestEnvironmentConfigures: every flag reads its KAKAO_SANDBOX_* variable.
func TestEnvironmentConfigures(t *testing.T) {
	env := map[string]string{
		"KAKAO_SANDBOX_ADDR":       "127.0.0.1:0",
		"KAKAO_SANDBOX_DATA":       filepath.Join(t.TempDir(), "env.db"),
		"KAKAO_SANDBOX_RATE_LIMIT": "off",
		"KAKAO_SANDBOX_CLOCK":      "2027-03-01T10:00:00+09:00",
		"KAKAO_SANDBOX_LOG_FORMAT": "json",
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, &out, &errOut) }()
	var base string
	require.Eventually(t, func() bool {
		sc := bufio.NewScanner(strings.NewReader(errOut.String()))
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && line["url"] != nil {
				base = line["url"].(string)
				return true
			}
		}
		return false
	}, 20*time.Second, 5*time.Millisecond, "a JSON log line with the url")
	ad := map[string]string{"adAccountId": "10001"}
	for range 3 {
		status, _ := call(t, "POST", base+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad, `{"adAccountId":10001,"amount":1000,"bankCode":"88"}`)
		assert.Equal(t, 200, status, "rate limits are off")
	}
	_, clock := call(t, "GET", base+"/_sandbox/clock", "", nil, "")
	assert.Equal(t, "2027-03-01T10:00:00+09:00", clock["now"])
	cancel()
	require.NoError(t, <-done)
}

var crashClient = &http.Client{Timeout: 10 * time.Second}

func newRequest(method, url, token string, header map[string]string, body string) (*http.Request, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req, nil
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
