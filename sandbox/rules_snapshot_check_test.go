package sandbox_test

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures/fixturestest"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Rule R10: what enters the state through a snapshot passes the checks the
// entities it holds pass anywhere else, and check reads every stored value.

type snapDoc struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Schema  int          `json:"schema"`
	Buckets []snapBucket `json:"buckets"`
}

type snapBucket struct {
	Name     string      `json:"name"`
	Sequence uint64      `json:"sequence,omitempty"`
	Entries  []snapEntry `json:"entries"`
}

type snapEntry struct {
	Key   string          `json:"key,omitempty"`
	Hex   string          `json:"hex,omitempty"`
	Value json.RawMessage `json:"value"`
}

// bucket is the document's bucket name, added when it is missing.
func (d *snapDoc) bucket(name string) *snapBucket {
	for i := range d.Buckets {
		if d.Buckets[i].Name == name {
			return &d.Buckets[i]
		}
	}
	d.Buckets = append(d.Buckets, snapBucket{Name: name})
	return &d.Buckets[len(d.Buckets)-1]
}

// edited is doc with fn's changes.
func edited(t *testing.T, doc []byte, fn func(d *snapDoc)) []byte {
	t.Helper()
	var d snapDoc
	require.NoError(t, json.Unmarshal(doc, &d))
	fn(&d)
	out, err := json.Marshal(d)
	require.NoError(t, err)
	return out
}

// scenarioSource is a loaded scenario as a data file keeps it.
func scenarioSource(name string) json.RawMessage {
	src := fmt.Sprintf(`{"name":%q,"description":"d","match":{"operation":"getAdAccount"},"respond":{"error":"ErrNoPermission"}}`, name)
	return json.RawMessage(`"` + base64.StdEncoding.EncodeToString([]byte(src)) + `"`)
}

func r10SnapshotIsCheckedLikeAFixture(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t) // the demo
	before := getSnapshot(t, sb)
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	for name, tc := range map[string]struct {
		edit func(d *snapDoc)
		want []string
	}{
		// The next new wallet would take id 2 and overwrite a wallet in use.
		"sequence_below_the_ids": {func(d *snapDoc) { d.bucket("wallet.wallets").Sequence = 1 }, []string{`bucket "wallet.wallets"`, "above the sequence 1"}},
		// After 2^64−1 the next id wraps to 0.
		"sequence_at_the_wrap": {func(d *snapDoc) { d.bucket("wallet.wallets").Sequence = math.MaxUint64 }, []string{`bucket "wallet.wallets"`, "sequence 18446744073709551615 is above"}},
		// Balance, pages and the dashboard would answer 500 for good.
		"value_of_the_wrong_type": {func(d *snapDoc) { d.bucket("moment.adAccounts").Entries[0].Value = raw(`"garbage"`) },
			[]string{`bucket "moment.adAccounts" key 0000000000002711`, "(entry 0): must be an object"}},
		"unknown_field_in_a_value": {func(d *snapDoc) {
			e := &d.bucket("wallet.wallets").Entries[0]
			e.Value = raw(strings.Replace(string(e.Value), "{", `{"extra":1,`, 1))
		}, []string{`bucket "wallet.wallets" key 0000000000000001`, `unknown field "extra"`}},
		"id_not_its_key": {func(d *snapDoc) {
			e := &d.bucket("wallet.companies").Entries[0]
			e.Value = raw(strings.Replace(string(e.Value), `"id":1,`, `"id":3,`, 1))
		}, []string{`bucket "wallet.companies" key 0000000000000001`, "id is 3"}},
		"value_outside_its_domain": {func(d *snapDoc) {
			e := &d.bucket("moment.adAccounts").Entries[0]
			e.Value = raw(strings.Replace(string(e.Value), `"config":"ON"`, `"config":"MAYBE"`, 1))
		}, []string{`bucket "moment.adAccounts" key 0000000000002711`, `config "MAYBE"`}},
		"unknown_bucket": {func(d *snapDoc) {
			b := d.bucket("users")
			b.Entries = append(b.Entries, snapEntry{Key: "a", Value: raw(`{}`)})
		}, []string{`bucket "users" is not one this build keeps`}},
		"too_many_scenarios": {func(d *snapDoc) {
			b := d.bucket("scenarios.loaded")
			for i := range 1000 {
				b.Entries = append(b.Entries, snapEntry{Key: fmt.Sprintf("mine-%04d", i), Value: scenarioSource(fmt.Sprintf("mine-%04d", i))})
			}
		}, []string{`bucket "scenarios.loaded"`, "the most there can be"}},
		"too_many_activations": {func(d *snapDoc) {
			d.bucket("scenarios.loaded").Entries = []snapEntry{{Key: "mine", Value: scenarioSource("mine")}}
			b := d.bucket("scenarios.active")
			for i := range 1001 {
				b.Entries = append(b.Entries, snapEntry{Key: fmt.Sprintf("mine|adAccount:%d", 10000+i),
					Value: raw(fmt.Sprintf(`{"name":"mine","scope":{"kind":"adAccount","adAccountId":%d}}`, 10000+i))})
			}
		}, []string{`bucket "scenarios.active"`, "the most there can be"}},
		// It would act as global.
		"unknown_scope": {func(d *snapDoc) {
			d.bucket("scenarios.active").Entries = []snapEntry{{Key: "slow-upstream|global", Value: raw(`{"name":"slow-upstream","scope":{"kind":"weird"}}`)}}
		}, []string{`bucket "scenarios.active" key slow-upstream|global`, `scope "weird"`}},
		"loaded_scenario_shadows_a_shipped_one": {func(d *snapDoc) {
			d.bucket("scenarios.loaded").Entries = []snapEntry{{Key: "slow-upstream", Value: scenarioSource("slow-upstream")}}
		}, []string{`bucket "scenarios.loaded" key slow-upstream`, "shipped scenario"}},
		"loaded_scenario_under_another_name": {func(d *snapDoc) {
			d.bucket("scenarios.loaded").Entries = []snapEntry{{Key: "mine", Value: scenarioSource("yours")}}
		}, []string{`bucket "scenarios.loaded" key mine`, `named "yours"`}},
		// It would add a metric series and fail when due.
		"unknown_effect_kind": {func(d *snapDoc) {
			b := d.bucket("clock.effects")
			b.Sequence++
			k := b.Entries[0].Hex[:24] + fmt.Sprintf("%016x", b.Sequence)
			b.Entries = append(b.Entries, snapEntry{Hex: k, Value: raw(`{"k":"injected.kind","p":{}}`)})
		}, []string{`bucket "clock.effects" key `, `"injected.kind" is not an effect kind`}},
		"effect_payload_not_its_kinds": {func(d *snapDoc) {
			b := d.bucket("clock.effects")
			b.Entries[0].Value = raw(`{"k":"cloud.cardCharge","p":{"g":"two"}}`)
		}, []string{`bucket "clock.effects" key `, "the cloud.cardCharge payload"}},
		"unknown_review_kind": {func(d *snapDoc) {
			e := &d.bucket("review.reviews").Entries[0]
			e.Value = raw(strings.Replace(string(e.Value), `"kind":"wallet.taxInvoiceCorrection"`, `"kind":"injected.review"`, 1))
		}, []string{`bucket "review.reviews" key 0000000000000001`, `"injected.review" is not a review kind`}},
		"review_request_not_its_kinds": {func(d *snapDoc) {
			e := &d.bucket("review.reviews").Entries[0]
			e.Value = raw(strings.Replace(string(e.Value), `"walletId":1,`, `"walletId":"one",`, 1))
		}, []string{`bucket "review.reviews" key 0000000000000001`, "the wallet.taxInvoiceCorrection request"}},
	} {
		t.Run(name, func(t *testing.T) {
			msg := kakaoError(t, putSnapshot(sb, edited(t, before, tc.edit)), 400, -2, 0)
			contains(t, msg, tc.want...)
			assert.Equal(t, string(before), string(getSnapshot(t, sb)), "a refused snapshot changes nothing")
		})
	}
	metrics := string(sb.Do(req{Method: "GET", Path: "/metrics"}).Body)
	assert.NotContains(t, metrics, "injected.kind", "no series for a kind the sandbox does not have")

	t.Run("offline_load_checks_the_same", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		_, err := sandbox.LoadSnapshot(path, edited(t, before, func(d *snapDoc) { d.bucket("wallet.wallets").Sequence = 1 }))
		require.ErrorContains(t, err, "above the sequence 1")
		assert.NoFileExists(t, path)
		_, err = sandbox.LoadSnapshot(path, edited(t, before, func(d *snapDoc) {
			b := d.bucket("clock.effects")
			b.Entries[0].Value = json.RawMessage(`{"k":"injected.kind","p":{}}`)
		}))
		require.ErrorContains(t, err, `"injected.kind" is not an effect kind`)
		assert.NoFileExists(t, path)
	})
}

// A file holding a value the sandbox cannot serve, written the way an
// older build's snapshot load wrote it, straight into bbolt: check lists it
// by bucket and key, and the sandbox refuses to start on it.
func r10CheckDecodesEveryStoredValue(t *testing.T) {
	t.Parallel()
	path := damagedDemoFile(t, func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("moment.adAccounts")).Put([]byte{0, 0, 0, 0, 0, 0, 0x27, 0x11}, []byte(`"garbage"`)); err != nil {
			return err
		}
		return tx.Bucket([]byte("wallet.wallets")).SetSequence(1)
	})

	report, err := sandbox.Check(path)
	require.NoError(t, err)
	assert.False(t, report.OK())
	require.Len(t, report.Problems, 2, "%v", report.Problems)
	contains(t, report.Problems[0], `bucket "moment.adAccounts" key 0000000000002711`, "cannot unmarshal string")
	contains(t, report.Problems[1], `bucket "wallet.wallets"`, "above the sequence 1")

	_, err = sandbox.Open(sandbox.Config{DataPath: path})
	require.Error(t, err, "the start-up check refuses it")
	contains(t, err.Error(), path, `bucket "moment.adAccounts" key 0000000000002711`, "kakao-sandbox check --data")
	_, statErr := os.Stat(path)
	require.NoError(t, statErr)
}

// damagedDemoFile is the path of a demo data file that checked clean and
// was then changed by damage straight through bbolt, as an older build's
// snapshot load or a hand could: what check and the start-up check must find.
func damagedDemoFile(t *testing.T, damage func(*bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.db")
	sb := sandboxtest.New(t, func(c *sandbox.Config) { c.DataPath = path })
	sb.Close()
	report, err := sandbox.Check(path)
	require.NoError(t, err)
	require.True(t, report.OK(), "%v %v", report.Problems, report.Mismatches)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(damage))
	require.NoError(t, db.Close())
	return path
}

// Exports run two at a time (rule R04): each writes the whole state, and
// sixteen at once held a gigabyte. Two clients that do not read hold both
// turns; a third is told why and when to retry, and once they are gone an
// export is served again.
func r04ConcurrentSnapshotExportsAreBounded(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.WithFixtures(fixturestest.Bulk(6000, fixturestest.JSON)), sandboxtest.NoRateLimits)
	u, err := url.Parse(sb.URL)
	require.NoError(t, err)
	var stalled []net.Conn
	for range 2 { // each reads the status line, then nothing: the export waits on its socket
		conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
		require.NoError(t, err)
		defer conn.Close()
		_, err = conn.Write([]byte("GET /_sandbox/snapshot HTTP/1.1\r\nHost: " + u.Host + "\r\n\r\n"))
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(20*time.Second)))
		line, err := bufio.NewReader(conn).ReadString('\n')
		require.NoError(t, err)
		require.Contains(t, line, " 200 ")
		stalled = append(stalled, conn)
	}
	started := time.Now()
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/snapshot"})
	msg := kakaoError(t, r, 429, -2, 0)
	contains(t, msg, "2 snapshot exports are running, the most at once")
	assert.Equal(t, "2", r.Header.Get("Retry-After"))
	assert.Less(t, time.Since(started), 10*time.Second, "it waits briefly, not for the others")
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/_sandbox/health"}).Status)

	for _, c := range stalled {
		c.Close()
	}
	require.Eventually(t, func() bool { return sb.Do(req{Method: "GET", Path: "/_sandbox/snapshot"}).Status == 200 },
		20*time.Second, 100*time.Millisecond, "a turn comes free when its client goes")
}

// A fixture's id is at most the largest sequence a snapshot loads: an id of
// 2^64−1 made a state whose snapshot was refused and whose next id was 0.
func r10FixtureIDsStayBelowTheLargestSequence(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	before := getSnapshot(t, sb)
	msg := kakaoError(t, loadFixture(sb, "users:\n  - key: zed\n    id: 18446744073709551615\n    name: 제트\n", ""), 400, -2, 0)
	contains(t, msg, "id 18446744073709551615 is above 9007199254740992")
	assert.Equal(t, string(before), string(getSnapshot(t, sb)), "a refused fixture changes nothing")

	r := loadFixture(sb, "users:\n  - key: zed\n    id: 9007199254740992\n    name: 제트\n", "")
	require.Less(t, r.Status, 300, "%s", r.Body)
	require.Equal(t, 200, putSnapshot(sb, getSnapshot(t, sb)).Status, "the state it made loads back")
}
