package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// d04BinarySnapshotCommands (TestRules/D04_binary_snapshot_commands): a
// binary snapshot saved over HTTP, loaded back over HTTP as curl sends a
// file, saved and loaded offline with --format bbolt, and a sandbox started
// from one with --from-snapshot, which refuses a damaged one.
func d04BinarySnapshotCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo.db")
	serveOn := func(args ...string) (string, func()) {
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append([]string{"--addr", "127.0.0.1:0", "--clock", "2026-01-01T09:00:00+09:00", "--strict"}, args...), noEnv, &stdout, &stderr)
		}()
		base := waitForURL(t, &stderr, done)
		return base, func() {
			cancel()
			select {
			case err := <-done:
				require.NoError(t, err)
			case <-time.After(15 * time.Second):
				t.Fatal("the sandbox did not shut down")
			}
		}
	}
	base, stop := serveOn("--data", data)
	doc := getSnapshotText(t, base+"/_sandbox/snapshot")
	file := []byte(getSnapshotText(t, base+"/_sandbox/snapshot?format=bbolt"))
	status, _ := call(t, "POST", base+"/_sandbox/ad-accounts/10001/spend", "", nil, `{"amount":1000}`)
	require.Equal(t, 200, status)
	require.NotEqual(t, doc, getSnapshotText(t, base+"/_sandbox/snapshot"))
	resp, err := http.Post(base+"/_sandbox/snapshot", "", nil) // only PUT loads
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	req, err := http.NewRequest("PUT", base+"/_sandbox/snapshot", bytes.NewReader(file))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // curl --data-binary @file
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, doc, getSnapshotText(t, base+"/_sandbox/snapshot"), "back to the binary snapshot in one call")
	stop()

	offline := func(args ...string) (string, error) {
		var out, errOut syncBuffer
		err := run(context.Background(), args, noEnv, &out, &errOut)
		return out.String() + errOut.String(), err
	}
	saved := filepath.Join(dir, "demo-snapshot.db")
	out, err := offline("snapshot", "save", saved, "--data", data, "--format", "bbolt")
	require.NoError(t, err, out)
	assert.Contains(t, out, "saved "+data+" to "+saved)
	loaded := filepath.Join(dir, "loaded.db")
	out, err = offline("snapshot", "load", "--format", "bbolt", "--data", loaded, saved)
	require.NoError(t, err, out)
	out, err = offline("check", "--data", loaded)
	require.NoError(t, err, out)
	assert.Contains(t, out, "ok: 9 wallets")
	again := filepath.Join(dir, "again.json")
	_, err = offline("snapshot", "save", again, "--data", loaded)
	require.NoError(t, err)
	text, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.Equal(t, doc, string(text), "the loaded copy holds the same state")

	damaged := filepath.Join(dir, "damaged.db")
	require.NoError(t, os.WriteFile(damaged, file[:len(file)/2], 0o600))
	_, err = offline("snapshot", "load", damaged, "--data", loaded, "--format", "bbolt")
	require.ErrorContains(t, err, "cut short")
	out, err = offline("check", "--data", loaded)
	require.NoError(t, err, "a refused load leaves the data file as it was: %s", out)
	_, err = offline("snapshot", "save", saved, "--data", data, "--format", "sqlite")
	require.ErrorContains(t, err, `--format "sqlite": want json or bbolt`)

	err = run(context.Background(), []string{"--addr", "127.0.0.1:0", "--from-snapshot", damaged}, noEnv, &syncBuffer{}, &syncBuffer{})
	require.ErrorContains(t, err, "cut short")

	base, stop = serveOn("--from-snapshot", saved)
	defer stop()
	assert.Equal(t, doc, getSnapshotText(t, base+"/_sandbox/snapshot"), "a start from the snapshot holds it")
	status, _ = call(t, "POST", base+"/_sandbox/ad-accounts/10001/spend", "", nil, `{"amount":1000}`)
	require.Equal(t, 200, status)
	status, _ = call(t, "POST", base+"/_sandbox/reset", "", nil, "")
	require.Equal(t, 200, status)
	assert.Equal(t, doc, getSnapshotText(t, base+"/_sandbox/snapshot"), "a reset goes back to the snapshot")
}
