package sandbox_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

// A binary snapshot downloaded slowly, or not read at all, holds nothing
// back (rule D04): a restore and a reset meanwhile complete, requests keep
// being answered, and the download is still the whole file as it was when
// asked for. Before, the download held its read transaction while the
// client read; a swap waiting for it held every request back with it.
func d04SlowDownloadHoldsNothingBack(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, func(c *sandbox.Config) { c.Strict = false }) // strict answers are read whole before they are sent
	snap := getBinary(t, sb)
	sb.Stop()
	growFile(t, sb.Config.DataPath, 48<<20) // more than the sockets between client and sandbox hold
	sb.Restart()
	before := getSnapshot(t, sb)

	resp, err := http.Get(sb.URL + "/_sandbox/snapshot?format=bbolt")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	size, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64)
	require.NoError(t, err)
	require.Greater(t, size, int64(48<<20))
	head := make([]byte, 4096) // a little, then nothing until the end
	_, err = io.ReadFull(resp.Body, head)
	require.NoError(t, err)

	within := func(what string, do func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { defer close(done); do() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second): // a stall, not a slow machine: each takes milliseconds
			t.Fatalf("%s waited for the download", what)
		}
	}
	within("a restore", func() { assert.Equal(t, 200, putBinary(sb, snap, "").Status) })
	within("a read", func() { balance(t, sb, master, healthyAds) })
	within("a write", func() { sb.Spend(healthyAds, 1000) })
	within("a reset", func() { resetStartup(t, sb) })
	within("a read after", func() { balance(t, sb, master, healthyAds) })

	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	file := append(head, rest...)
	require.Len(t, file, int(size), "the download is whole")
	path := filepath.Join(t.TempDir(), "downloaded.db")
	require.NoError(t, os.WriteFile(path, file, 0o600))
	_, err = sandbox.CheckBinary(path)
	require.NoError(t, err, "and loads")
	other := newSandbox(t)
	require.Equal(t, 200, putBinary(other, file, "").Status)
	assert.Equal(t, string(before), string(getSnapshot(t, other)), "as it was when asked for")
	sb.RequireLedger()
}

// growFile leaves at least n bytes of free pages in the data file at path:
// a binary snapshot copies them too.
func growFile(t *testing.T, path string, n int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("grown"))
		for i := 0; err == nil && i < n>>20; i++ {
			err = b.Put([]byte{byte(i)}, bytes.Repeat([]byte{'x'}, 1<<20))
		}
		return err
	}))
	require.NoError(t, db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("grown")) }))
	require.NoError(t, db.Close())
}
