package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The first hour's traps (issue 12), each replayed at the command line.

// TestFlagsRefuseNonsense: a typo in --rate-limit gets the near miss, every
// numeric flag has a range, every duration reads the clock API's syntax, and
// a bare port gets the address it meant.
func TestFlagsRefuseNonsense(t *testing.T) {
	parse := func(args ...string) (*serveConfig, error) {
		var out, errOut syncBuffer
		return parseServe(args, noEnv, &out, &errOut)
	}
	data := filepath.Join(t.TempDir(), "never.db")
	serve := func(args ...string) error {
		var out, errOut syncBuffer
		return run(context.Background(), append([]string{"--addr", "127.0.0.1:0", "--data", data}, args...), noEnv, &out, &errOut)
	}

	t.Run("rate_limit_typo_suggests_the_operation", func(t *testing.T) {
		for _, typo := range []string{"createVirtualAcount", "createvirtualaccount", "updateAdAccountOnof"} {
			err := serve("--rate-limit", typo+"=5/s")
			require.Error(t, err)
			assert.Contains(t, err.Error(), `no operation "`+typo+`"`)
			assert.Regexp(t, `did you mean (createVirtualAccount|updateAdAccountOnOff)\?`, err.Error())
		}
		err := serve("--rate-limit", "frobnicate=5/s")
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "did you mean", "no near miss, no guess")
		assert.Contains(t, err.Error(), "Kakao limits createAdGroup, createVirtualAccount, getAdAccountReport, ")
		assert.Contains(t, err.Error(), "updateCampaignOnOff and updateCreativeOnOff;")
		env := func(k string) string {
			return map[string]string{"KAKAO_SANDBOX_RATE_LIMIT": "createVirtualAcount=5/s"}[k]
		}
		var out, errOut syncBuffer
		assert.ErrorContains(t, run(context.Background(), []string{"--data", data}, env, &out, &errOut), "did you mean createVirtualAccount?")
	})

	t.Run("journal_size_has_a_range", func(t *testing.T) {
		for _, bad := range []string{"-1", "0", "100001"} {
			_, err := parse("--journal-size", bad)
			assert.ErrorContains(t, err, "--journal-size "+bad+": want a number of requests from 1 to 100000")
		}
		_, err := parse("--journal-size", "lots")
		assert.ErrorContains(t, err, "journal-size: want a whole number")
		sc, err := parse("--journal-size", "1")
		require.NoError(t, err)
		assert.Equal(t, 1, sc.cfg.JournalSize)
	})

	t.Run("every_numeric_flag_has_a_range", func(t *testing.T) {
		var help, errOut syncBuffer
		require.Error(t, run(context.Background(), []string{"--help"}, noEnv, &help, &errOut))
		numeric := regexp.MustCompile(`(?m)^  -(\S+) (number|duration)$`).FindAllStringSubmatch(help.String(), -1)
		require.GreaterOrEqual(t, len(numeric), 9, "%s", help.String())
		for _, m := range numeric {
			negative := map[string]string{"number": "-1", "duration": "-1s"}[m[2]]
			_, err := parse("--"+m[1], negative)
			assert.ErrorContains(t, err, "--"+m[1]+" "+negative+": want ", "--%s takes no negative %s", m[1], m[2])
			assert.Regexp(t, `from \S+ to \S+`, err.Error(), "the message gives the range")
			assert.Contains(t, help.String(), "$"+envName(m[1]))
		}
	})

	t.Run("durations_read_the_clock_syntax", func(t *testing.T) {
		sc, err := parse("--virtual-account-validity", "7d", "--read-timeout", "1d", "--write-timeout", "1m30s", "--idle-timeout", "90s")
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, 90 * time.Second, 90 * time.Second},
			[]time.Duration{sc.cfg.VirtualAccountValidity, sc.readTimeout, sc.writeTimeout, sc.idleTimeout})
		sc, err = parse("--virtual-account-validity", "1d12h")
		require.NoError(t, err)
		assert.Equal(t, 36*time.Hour, sc.cfg.VirtualAccountValidity)
		env := func(k string) string { return map[string]string{"KAKAO_SANDBOX_VIRTUAL_ACCOUNT_VALIDITY": "3d"}[k] }
		var out, errOut syncBuffer
		sc, err = parseServe(nil, env, &out, &errOut)
		require.NoError(t, err)
		assert.Equal(t, 72*time.Hour, sc.cfg.VirtualAccountValidity)

		for flag, bad := range map[string]string{"virtual-account-validity": "7x", "read-timeout": "30", "write-timeout": "1.5d"} {
			_, err := parse("--"+flag, bad)
			require.Error(t, err)
			assert.Contains(t, err.Error(), flag)
			assert.Contains(t, err.Error(), "want a duration like 7d, 1d12h, 90m or 30s")
		}
		_, err = parse("--virtual-account-validity", "367d")
		assert.ErrorContains(t, err, "--virtual-account-validity 367d: want a duration from 1s to 366d")
		env = func(k string) string { return map[string]string{"KAKAO_SANDBOX_IDLE_TIMEOUT": "soon"}[k] }
		_, err = parseServe(nil, env, &out, &errOut)
		assert.ErrorContains(t, err, `$KAKAO_SANDBOX_IDLE_TIMEOUT: "soon": want a duration like 7d`)
	})

	t.Run("addr_without_a_colon_gets_a_hint", func(t *testing.T) {
		assert.ErrorContains(t, serve("--addr", "8081"), `--addr "8081": want HOST:PORT; did you mean 127.0.0.1:8081?`)
		assert.ErrorContains(t, serve("--addr", "localhost"), "want HOST:PORT, like 127.0.0.1:8080")
		assert.ErrorContains(t, serve("--addr", "127.0.0.1:http8"), "is not a number from 0 to 65535")
		var out, errOut syncBuffer
		assert.ErrorContains(t, run(context.Background(), []string{"healthcheck", "--addr", "8081"}, noEnv, &out, &errOut), "did you mean 127.0.0.1:8081?")
	})

	assert.NoFileExists(t, data, "no refused start made a data file")
}

// TestSettingsThatDoNotApply: --clock and --fixtures on an existing data
// file are logged at start with the way to apply them, listed by
// /_sandbox/health, and applied by a reset, which empties the list.
func TestSettingsThatDoNotApply(t *testing.T) {
	data := filepath.Join(t.TempDir(), "reused.db")
	url, stderr, stop := startInProcess(t, data) // --clock 2026-01-01T09:00:00+09:00
	assert.NotContains(t, stderr.String(), "does not apply", "a new file takes them")
	_, health := call(t, "GET", url+"/_sandbox/health", "", nil, "")
	assert.Equal(t, []any{}, health["notApplied"])
	stop()

	empty := filepath.Join(t.TempDir(), "empty.yaml")
	require.NoError(t, os.WriteFile(empty, []byte("{}"), 0o600))
	url, stderr, stop = startInProcess(t, data, "--clock", "2027-06-01T09:00:00+09:00", "--fixtures", empty)
	defer stop()
	log := stderr.String()
	assert.Contains(t, log, `level=WARN msg="--clock does not apply to an existing data file"`)
	assert.Contains(t, log, `level=WARN msg="--fixtures does not apply to an existing data file"`)
	assert.Contains(t, log, "2026-01-01T09:00:00+09:00, frozen", "the time the file keeps")
	assert.Contains(t, log, "start with a new --data file, or POST /_sandbox/reset")

	_, health = call(t, "GET", url+"/_sandbox/health", "", nil, "")
	list, _ := health["notApplied"].([]any)
	require.Len(t, list, 2, "%v", health)
	var settings []string
	for _, n := range list {
		entry := n.(map[string]any)
		settings = append(settings, entry["setting"].(string))
		assert.Contains(t, entry["reason"], data)
		assert.Contains(t, entry["fix"], "POST /_sandbox/reset")
	}
	assert.Equal(t, []string{"--clock", "--fixtures"}, settings)
	_, clock := call(t, "GET", url+"/_sandbox/clock", "", nil, "")
	assert.Equal(t, "2026-01-01T09:00:00+09:00", clock["now"], "the file keeps its own time")

	status, _ := call(t, "POST", url+"/_sandbox/reset", "", nil, "")
	require.Equal(t, 200, status)
	_, health = call(t, "GET", url+"/_sandbox/health", "", nil, "")
	assert.Equal(t, []any{}, health["notApplied"], "the reset applied them")
	_, clock = call(t, "GET", url+"/_sandbox/clock", "", nil, "")
	assert.Equal(t, "2027-06-01T09:00:00+09:00", clock["now"])
	status, body := call(t, "GET", url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"}, "")
	assert.Equal(t, 401, status, "the empty fixtures hold no demo token: %v", body)
}

// TestFailedStartLeavesNoDataFile: whatever stops a start (bad fixtures, a
// scenario that does not exist, a taken port, a bad flag), a data file it
// created is gone; a file that was there already is left as it was.
func TestFailedStartLeavesNoDataFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("users: [{key: x, nmae: y}]"), 0o600))
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()

	for name, tc := range map[string]struct {
		args    []string
		problem string
	}{
		"bad fixtures":     {[]string{"--fixtures", bad}, "nmae"},
		"unknown scenario": {[]string{"--scenario", "no-such"}, "no-such"}, // refused after the file was filled
		"port taken":       {[]string{"--addr", taken.Addr().String()}, "address already in use: another program (another sandbox?) listens there"},
		"bad flag":         {[]string{"--journal-size", "-1"}, "--journal-size"},
		"bad address":      {[]string{"--addr", "8081"}, "did you mean"},
	} {
		t.Run(name, func(t *testing.T) {
			data := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".db")
			var out, errOut syncBuffer
			err := run(context.Background(), append([]string{"--addr", "127.0.0.1:0", "--data", data}, tc.args...), noEnv, &out, &errOut)
			require.ErrorContains(t, err, tc.problem)
			assert.NoFileExists(t, data)
		})
	}

	t.Run("an existing file stays", func(t *testing.T) {
		data := filepath.Join(dir, "existing.db")
		_, _, stop := startInProcess(t, data)
		stop()
		var out, errOut syncBuffer
		require.Error(t, run(context.Background(), []string{"--addr", taken.Addr().String(), "--data", data}, noEnv, &out, &errOut))
		require.FileExists(t, data)
		require.NoError(t, run(context.Background(), []string{"check", "--data", data}, noEnv, &out, &errOut))
		assert.Contains(t, out.String(), "ok: 9 wallets", "with its data")
	})

	t.Run("a missing directory is named once", func(t *testing.T) {
		data := filepath.Join(dir, "no-such-dir", "x.db")
		var out, errOut syncBuffer
		err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--data", data}, noEnv, &out, &errOut)
		require.Error(t, err)
		assert.Equal(t, 1, strings.Count(err.Error(), data), "%v", err)
		assert.Contains(t, err.Error(), "its directory "+filepath.Dir(data)+" does not exist")
	})
}

// TestHealthcheckWait: healthcheck --wait asks until the sandbox is up, for
// scripts that start it in the background; without one it gives up when the
// time is up, saying how long it waited.
func TestHealthcheckWait(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // free, so the first asks are refused

	var out, errOut syncBuffer
	waited := make(chan error, 1)
	go func() {
		waited <- run(context.Background(), []string{"healthcheck", "--addr", addr, "--wait", "30s"}, noEnv, &out, &errOut)
	}()
	_, _, stop := startInProcess(t, filepath.Join(t.TempDir(), "wait.db"), "--addr", addr)
	defer stop()
	select {
	case err := <-waited:
		require.NoError(t, err)
		assert.Contains(t, out.String(), "healthy: kakao-sandbox")
	case <-time.After(40 * time.Second):
		t.Fatal("healthcheck --wait did not return")
	}

	ln, err = net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := ln.Addr().String()
	require.NoError(t, ln.Close())
	err = run(context.Background(), []string{"healthcheck", "--addr", down, "--wait", "300ms"}, noEnv, &out, &errOut)
	assert.ErrorContains(t, err, "unhealthy after waiting 300ms")
	assert.ErrorContains(t, run(context.Background(), []string{"healthcheck", "--wait", "2h"}, noEnv, &out, &errOut), "--wait 2h: want a duration from 0s to 1h")
}
