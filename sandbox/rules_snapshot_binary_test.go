package sandbox_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Binary snapshots (rule D04) and the reset to the start-up state from a
// copy (rule D05).

func rulesSnapshotBinary(t *testing.T) {
	t.Run("D04_binary_snapshot_round_trip", d04BinaryRoundTrip)
	t.Run("D04_binary_restore_during_traffic", d04RestoreDuringTraffic)
	t.Run("D04_binary_snapshot_refusals", d04BinaryRefusals)
	t.Run("D04_binary_snapshot_offline_and_from_snapshot", d04BinaryOffline)
	t.Run("D04_slow_download_holds_nothing_back", d04SlowDownloadHoldsNothingBack)
	t.Run("D05_reset_to_startup_is_a_fresh_start", d05ResetIsAFreshStart)
	t.Run("D05_reset_to_startup_of_a_kept_file", d05ResetOfAKeptFile)
}

// getBinary saves a binary snapshot over HTTP.
func getBinary(t *testing.T, sb *sandboxtest.Sandbox) []byte {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/snapshot?format=bbolt"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, "application/octet-stream", r.Header.Get("Content-Type"))
	assert.Contains(t, r.Header.Get("Content-Disposition"), `filename="kakao-sandbox.db"`)
	return r.Body
}

// putBinary loads one; contentType "" sends it as curl --data-binary does.
func putBinary(sb *sandboxtest.Sandbox, file []byte, contentType string) sandboxtest.Response {
	h := map[string]string{"Content-Type": "application/octet-stream"}
	if contentType != "" {
		h["Content-Type"] = contentType
	}
	return sb.Do(req{Method: "PUT", Path: "/_sandbox/snapshot", Header: h, Body: file})
}

func d04BinaryRoundTrip(t *testing.T) {
	t.Parallel()
	busy, jwks := busySandbox(t)
	state := getSnapshot(t, busy) // the JSON export, compared byte for byte
	file := getBinary(t, busy)
	assert.Equal(t, state, getSnapshot(t, busy), "saving changed nothing")

	for name, ct := range map[string]string{"octet_stream": "", "as_curl_sends_it": "application/x-www-form-urlencoded"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb := sandboxtest.New(t) // the demo data, replaced whole
			r := putBinary(sb, file, ct)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			assert.Equal(t, "2026-01-01T09:10:00+09:00", r.JSON(t)["now"], "the clock is the snapshot's")
			assert.Positive(t, r.JSON(t)["entries"])
			assert.Equal(t, string(state), string(getSnapshot(t, sb)), "the restored state is the saved one")
			sb.Restart() // the file holds it, not only the memory
			assert.Equal(t, string(state), string(getSnapshot(t, sb)))
			behavesAsBusy(t, sb, jwks)
		})
	}
	t.Run("into_the_sandbox_that_saved_it", func(t *testing.T) {
		t.Parallel()
		var logged lockedBuffer
		sb, _ := busySandbox(t, func(c *sandbox.Config) { c.Logger = slog.New(slog.NewJSONHandler(&logged, nil)) })
		state := getSnapshot(t, sb)
		file := getBinary(t, sb)
		sb.Spend(healthyAds, 1000)
		require.NotEqual(t, string(state), string(getSnapshot(t, sb)))
		r := putBinary(sb, file, "")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, string(state), string(getSnapshot(t, sb)), "its own snapshot, loaded without the checks, is the saved state")
		assert.Contains(t, logged.String(), `"saved_here":true`, "known by its digest, so not checked again")
		sb.RequireLedger()
		checked := putBinary(sandboxtest.New(t), file, "") // checked whole, counted there
		require.Equal(t, 200, checked.Status, "%s", checked.Body)
		for _, n := range []string{"buckets", "entries"} {
			assert.Equal(t, checked.JSON(t)[n], r.JSON(t)[n], "the counts kept with the digest are the file's: %s", n)
		}
	})
	t.Run("unknown_format", func(t *testing.T) {
		t.Parallel()
		kakaoError(t, busy.Do(req{Method: "GET", Path: "/_sandbox/snapshot?format=sqlite"}), 400, -2, 0)
	})
}

// A restore while writers keep writing. What it promises: the state after
// it is exactly the snapshot plus writes that came after the swap; a write
// acknowledged before the snapshot was taken is in it; one acknowledged
// after the snapshot and before the restore began is gone with the state
// it was made in (that is what restoring means); one in flight during the
// swap is wholly in the old state or wholly in the new; every balance is
// its ledger, and the offline check is clean.
func d04RestoreDuringTraffic(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	total := func() int64 { b := balance(t, sb, master, healthyAds); return b.Cash + b.FreeCash }
	start := total()

	var phase atomic.Int32 // 0 before the save, 1 after it, 2 during the restore, 3 after it
	type spent struct{ began, acked int32 }
	var mu sync.Mutex
	var log []spent
	stop := make(chan struct{})
	var writers sync.WaitGroup
	for range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				began := phase.Load()
				r := trySpend(sb, healthyAds, 1)
				if r.Status != 200 {
					t.Errorf("spend: %d %s", r.Status, r.Body)
					return
				}
				mu.Lock()
				log = append(log, spent{began, phase.Load()})
				mu.Unlock()
			}
		}()
	}
	count := func(keep func(spent) bool) (n int64) {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range log {
			if keep(s) {
				n++
			}
		}
		return n
	}
	wait := func(n int64) {
		for deadline := time.Now().Add(30 * time.Second); count(func(spent) bool { return true }) < n && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
	}
	wait(20)
	ackedBeforeSave := count(func(s spent) bool { return s.acked == 0 })
	file := getBinary(t, sb)
	phase.Store(1)
	startedBeforeSaveEnded := count(func(spent) bool { return true }) + 4
	wait(count(func(spent) bool { return true }) + 20)
	phase.Store(2)
	r := putBinary(sb, file, "")
	phase.Store(3)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	wait(count(func(spent) bool { return true }) + 20)
	close(stop)
	writers.Wait()

	// The snapshot's own balance, read from another sandbox it is loaded into.
	other := newSandbox(t)
	require.Equal(t, 200, putBinary(other, file, "").Status)
	b := balance(t, other, master, healthyAds)
	inSnapshot := start - (b.Cash + b.FreeCash)
	assert.GreaterOrEqual(t, inSnapshot, ackedBeforeSave, "every spend acknowledged before the save is in the snapshot")
	assert.LessOrEqual(t, inSnapshot, startedBeforeSaveEnded, "and none begun after it")

	after := count(func(s spent) bool { return s.began == 3 })
	during := count(func(s spent) bool { return s.began < 3 && s.acked >= 2 })
	appliedAfter := start - inSnapshot - total()
	t.Logf("spends: %d in the snapshot (%d acknowledged before it); after the restore %d applied, %d begun after it, %d in flight over it",
		inSnapshot, ackedBeforeSave, appliedAfter, after, during)
	assert.GreaterOrEqual(t, appliedAfter, after, "every spend begun after the restore is in the restored state")
	assert.LessOrEqual(t, appliedAfter, after+during, "and nothing made before it but in flight over it")
	sb.RequireLedger()
	sb.Stop()
	report, err := sandbox.Check(sb.Config.DataPath)
	require.NoError(t, err)
	assert.True(t, report.OK(), "%v %v", report.Mismatches, report.Problems)
}

// damaged is the busy sandbox's binary snapshot changed by damage, written
// back as bytes.
func damaged(t *testing.T, file []byte, damage func(*bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "damaged.db")
	require.NoError(t, os.WriteFile(path, file, 0o600))
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(damage))
	require.NoError(t, db.Close())
	out, err := os.ReadFile(path)
	require.NoError(t, err)
	return out
}

func d04BinaryRefusals(t *testing.T) {
	t.Parallel()
	sb, _ := busySandbox(t)
	before := getSnapshot(t, sb)
	file := getBinary(t, sb)
	flipped := bytes.Clone(file)
	for i := 4 * 4096; i < len(flipped); i += 4096 { // every page header past the metas and freelist
		binary.LittleEndian.PutUint64(flipped[i:], 0xFFFFFFFF)
	}
	for name, tc := range map[string]struct {
		file []byte
		want string
	}{
		"not_bbolt":    {[]byte("this is not a data file at all, not even close to one"), "not a kakao-sandbox data file"},
		"truncated":    {file[:len(file)/2], "cut short"},
		"corrupt":      {flipped, "damaged"},
		"empty_bucket": {damaged(t, file, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("nobody.owns")); return err }), "nobody.owns"},
		"wrong_schema": {damaged(t, file, func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("schemaVersion"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
		}), "schema version 99"},
		"bad_ledger": {damaged(t, file, func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("wallet.wallets"))
			k, v := b.Cursor().First()
			var w map[string]any
			if err := json.Unmarshal(v, &w); err != nil {
				return err
			}
			w["paidCash"] = w["paidCash"].(float64) + 1
			v, _ = json.Marshal(w)
			return b.Put(k, v)
		}), "do not match their ledger"},
		"no_clock": {damaged(t, file, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("clock")) }), "there is no clock"},
	} {
		t.Run(name, func(t *testing.T) {
			msg := kakaoError(t, putBinary(sb, tc.file, ""), 400, -2, 0)
			contains(t, msg, tc.want)
			t.Log(msg)
			assert.Equal(t, string(before), string(getSnapshot(t, sb)), "a refused file changes nothing")
		})
	}
	entries, err := os.ReadDir(filepath.Dir(sb.Config.DataPath))
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".restore-", "a refused file is not left beside the data file")
	}
	sb.RequireLedger()
}

// Offline: snapshot save and load --format bbolt's functions, and a start
// from a snapshot, which a reset goes back to.
func d04BinaryOffline(t *testing.T) {
	t.Parallel()
	busy, jwks := busySandbox(t)
	state := getSnapshot(t, busy)
	dir := t.TempDir()
	busy.Stop()
	file := filepath.Join(dir, "busy.db")
	saved, err := sandbox.SaveBinary(busy.Config.DataPath, file)
	require.NoError(t, err)
	assert.Positive(t, saved.Entries)

	loaded := filepath.Join(dir, "loaded.db")
	_, err = sandbox.LoadBinary(file, loaded)
	require.NoError(t, err)
	report, err := sandbox.Check(loaded)
	require.NoError(t, err)
	assert.True(t, report.OK())

	_, err = sandbox.LoadBinary(filepath.Join(dir, "missing.db"), loaded)
	require.Error(t, err)
	bad := filepath.Join(dir, "bad.db")
	require.NoError(t, os.WriteFile(bad, []byte("not a snapshot"), 0o600))
	_, err = sandbox.LoadBinary(bad, loaded)
	require.ErrorContains(t, err, "not a kakao-sandbox data file")
	report, err = sandbox.Check(loaded)
	require.NoError(t, err, "a refused load leaves the data file as it was")
	assert.True(t, report.OK())

	sb := sandboxtest.New(t, func(c *sandbox.Config) { c.FromSnapshot = file })
	assert.Equal(t, string(state), string(getSnapshot(t, sb)), "a start from a snapshot holds it")
	sb.Spend(healthyAds, 1000)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, string(state), string(getSnapshot(t, sb)), "a reset goes back to the snapshot")
	behavesAsBusy(t, sb, jwks)

	_, err = sandboxtest.Open(func(c *sandbox.Config) { c.FromSnapshot = bad })
	require.ErrorContains(t, err, "is refused")
	_, err = sandboxtest.Open(func(c *sandbox.Config) { c.DataPath, c.FromSnapshot = loaded, file })
	require.ErrorContains(t, err, "exists")
}

// writeSomething changes the state in several ways: money, the clock, a
// scenario, an ad account's switch.
func writeSomething(t *testing.T, sb *sandboxtest.Sandbox) {
	t.Helper()
	sb.Deposit(issue(sb, master, healthyAds, 30000), 30000)
	sb.Spend(healthyAds, 1234)
	sb.Advance("2h")
	sb.ActivateScenario("ad-account-out-of-balance", sandboxtest.ScenarioScope{Scope: "adAccount", AdAccountID: healthyAds})
}

func resetStartup(t *testing.T, sb *sandboxtest.Sandbox) map[string]any {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset", Body: map[string]any{"fixtures": "startup"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func d05ResetIsAFreshStart(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	fresh := getSnapshot(t, sb)
	for round := range 2 {
		writeSomething(t, sb)
		require.NotEqual(t, string(fresh), string(getSnapshot(t, sb)))
		body := resetStartup(t, sb)
		assert.Equal(t, "startup", body["fixtures"])
		assert.NotEmpty(t, body["loaded"])
		assert.Equal(t, string(fresh), string(getSnapshot(t, sb)), "round %d: the reset state is the start-up state", round)
		sb.RequireLedger()
	}
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset?ids=true"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.NotEmpty(t, r.JSON(t)["ids"], "the ids of the start-up fill")
}

// A sandbox started on a data file it did not fill keeps no copy of its
// start-up state: its first reset fills one afresh, and every reset after
// restores it.
func d05ResetOfAKeptFile(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	fresh := getSnapshot(t, sb)
	writeSomething(t, sb)
	sb.Restart()
	for round := range 2 {
		resetStartup(t, sb)
		assert.Equal(t, string(fresh), string(getSnapshot(t, sb)), "round %d", round)
		writeSomething(t, sb)
	}
	sb.RequireLedger()
}

// lockedBuffer is a log a sandbox writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
