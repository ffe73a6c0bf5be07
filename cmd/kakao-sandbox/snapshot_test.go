package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// d02SnapshotCommands (TestRules/D02_snapshot_commands) walks docs/control-plane.md's "Snapshots": save a
// serving sandbox's state, change it, reset to the snapshot in one call, and
// do the same offline with snapshot save and load, then check.
func d02SnapshotCommands(t *testing.T) {
	dir := t.TempDir()
	data, file := filepath.Join(dir, "demo.db"), filepath.Join(dir, "demo-snapshot.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", data, "--clock", "2026-01-01T09:00:00+09:00", "--strict"}, noEnv, &stdout, &stderr)
	}()
	base := waitForURL(t, &stderr, done)
	ad := map[string]string{"adAccountId": "10001"}
	balance := func() any {
		status, bal := call(t, "GET", base+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", ad, "")
		require.Equal(t, 200, status, "%v", bal)
		return bal["cash"]
	}

	doc := getSnapshotText(t, base+"/_sandbox/snapshot")
	before := balance()
	status, va := call(t, "POST", base+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad, `{"adAccountId":10001,"amount":50000,"bankCode":"88"}`)
	require.Equal(t, 200, status, "%v", va)
	status, _ = call(t, "POST", base+"/_sandbox/virtual-accounts/"+va["accountNumber"].(string)+"/deposits", "", nil, `{"amount":50000}`)
	require.Equal(t, 200, status)
	require.NotEqual(t, before, balance())

	status, put := call(t, "PUT", base+"/_sandbox/snapshot", "", map[string]string{"Content-Type": "application/json"}, doc)
	require.Equal(t, 200, status, "%v", put)
	assert.Equal(t, before, balance(), "back to the snapshot in one call")
	assert.Equal(t, doc, getSnapshotText(t, base+"/_sandbox/snapshot"))
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("the sandbox did not shut down")
	}

	offline := func(args ...string) (string, error) {
		var out, errOut syncBuffer
		err := run(context.Background(), args, noEnv, &out, &errOut)
		return out.String() + errOut.String(), err
	}
	out, err := offline("snapshot", "save", file, "--data", data)
	require.NoError(t, err, out)
	saved, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, doc, string(saved), "offline and over HTTP, the same document")

	loaded := filepath.Join(dir, "loaded.db")
	out, err = offline("snapshot", "load", "--data", loaded, file) // flags before FILE too
	require.NoError(t, err, out)
	assert.Contains(t, out, "sandbox time 2026-01-01T09:00:00+09:00")
	out, err = offline("check", "--data", loaded)
	require.NoError(t, err, out)
	assert.Contains(t, out, "ok: 9 wallets")
	again := filepath.Join(dir, "again.json")
	_, err = offline("snapshot", "save", again, "--data", loaded)
	require.NoError(t, err)
	savedAgain, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.Equal(t, doc, string(savedAgain), "export, load, export: the same bytes")

	t.Run("refusals", func(t *testing.T) {
		newer := filepath.Join(dir, "newer.json")
		require.NoError(t, os.WriteFile(newer, []byte(strings.Replace(doc, `"version":1`, `"version":7`, 1)), 0o600))
		target := filepath.Join(dir, "never.db")
		_, err := offline("snapshot", "load", newer, "--data", target)
		require.ErrorContains(t, err, "version 7 is newer than this build reads (version 1)")
		assert.NoFileExists(t, target, "a refused load leaves no file")

		_, err = offline("snapshot", "save", filepath.Join(dir, "x.json"), "--data", filepath.Join(dir, "missing.db"))
		require.ErrorContains(t, err, "no data file to save")
		assert.NoFileExists(t, filepath.Join(dir, "missing.db"))
		assert.NoFileExists(t, filepath.Join(dir, "x.json"), "a failed save leaves no half snapshot")

		_, err = offline("snapshot", "load", "--data", loaded)
		require.ErrorContains(t, err, "name the snapshot FILE")
		out, err := offline("snapshot", "restore", file)
		require.ErrorIs(t, err, errUsage)
		assert.Contains(t, out, `"restore" is neither save nor load`)
	})
}

func getSnapshotText(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode, "%s", body)
	return string(body)
}
