package scenarios

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

func openRegistry(t *testing.T) *Registry {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	r, err := Open(db)
	require.NoError(t, err)
	return r
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// r04ScenarioKeysAreBounded (TestRules/R04_scenario_keys_are_bounded): every request naming a scenario with a
// new X-Sandbox-Scenario-Key gets a counter; 120,000 distinct keys hold no
// more than MaxCounters of them, and memory stays flat.
func r04ScenarioKeysAreBounded(t *testing.T) {
	r := openRegistry(t)
	req := Request{Operation: "getAdAccountBalance", Method: "GET", Path: "/openapi/v4/adAccounts/balance"}
	drive := func(from, to int) {
		for i := from; i < to; i++ {
			_, _, err := r.Decide(req, Context{Token: "t", Header: []string{"recover-after-failures"}, HeaderKey: fmt.Sprint("key-", i)})
			require.NoError(t, err)
		}
	}
	drive(0, 2*MaxCounters)
	settled := heapInUse()
	drive(2*MaxCounters, 120_000)
	grown := int64(heapInUse()) - int64(settled)
	assert.Equal(t, MaxCounters, r.counts.len())
	assert.Less(t, grown, int64(4<<20), "heap grew %d bytes over 100,000 more keys", grown)

	// A key in use keeps its place: the sequence goes on (fail twice, then pass).
	ctx := Context{Token: "t", Header: []string{"recover-after-failures"}, HeaderKey: "mine"}
	var got []bool
	for range 3 {
		applied, ok, err := r.Decide(req, ctx)
		require.NoError(t, err)
		got = append(got, ok && !applied.Pass)
		drive(120_000, 120_000+MaxCounters/2)
	}
	assert.Equal(t, []bool{true, true, false}, got)
}

// r04ActivationsAndScenariosAreCapped (TestRules/R04_activations_and_scenarios_are_capped): the control plane cannot grow
// activations or loaded scenarios without bound.
func r04ActivationsAndScenariosAreCapped(t *testing.T) {
	r := openRegistry(t)
	for i := range MaxActivations {
		require.NoError(t, r.Activate("kakao-maintenance", Scope{Kind: ByToken, TokenHash: TokenHash(fmt.Sprint(i))}))
	}
	err := r.Activate("kakao-maintenance", Scope{Kind: ByToken, TokenHash: TokenHash("one more")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "switch some off")
	require.NoError(t, r.Activate("kakao-maintenance", Scope{Kind: ByToken, TokenHash: TokenHash("7")}), "again where it is on is fine")
	require.NoError(t, r.Deactivate("kakao-maintenance", Scope{Kind: ByToken, TokenHash: TokenHash("7")}))
	require.NoError(t, r.Activate("kakao-maintenance", Scope{Kind: ByToken, TokenHash: TokenHash("one more")}))

	for i := len(r.all); i < MaxScenarios; i++ {
		s, err := Parse(fmt.Appendf(nil, "{name: mine-%d, description: d, match: {}, respond: {error: ErrMaintenance}}", i))
		require.NoError(t, err)
		require.NoError(t, r.Load(s))
	}
	s, err := Parse([]byte("{name: one-too-many, description: d, match: {}, respond: {error: ErrMaintenance}}"))
	require.NoError(t, err)
	err = r.Load(s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the most there can be")
}

// TestACountNeverBringsBackAWipedActivation: a reset or snapshot load
// replaces the activations in the data file before the registry reloads;
// a request counted in between must not write the old activation back.
func TestACountNeverBringsBackAWipedActivation(t *testing.T) {
	r := openRegistry(t)
	require.NoError(t, r.Activate("kakao-maintenance", Scope{Kind: Global}))
	require.NoError(t, r.db.Update(func(tx *store.Tx) error { return tx.Delete(activeBucket, []byte("kakao-maintenance|global")) }))
	req := Request{Operation: "getAdAccountBalance", Method: "GET", Path: "/openapi/v4/adAccounts/balance"}
	_, applied, err := r.Decide(req, Context{Token: "t"})
	require.NoError(t, err)
	assert.False(t, applied, "an activation no longer stored does not apply")
	require.NoError(t, r.db.View(func(tx *store.Tx) error {
		assert.False(t, tx.Has(activeBucket, []byte("kakao-maintenance|global")), "nor is it written back")
		return nil
	}))
}

func TestRemaining(t *testing.T) {
	for _, c := range []struct {
		doc     string
		matched uint64
		left    uint64
		limited bool
	}{
		{"respond: {drop: true}", 5, 0, false},
		{"respond: {drop: true}\ntimes: 2", 0, 2, true},
		{"respond: {drop: true}\ntimes: 2", 1, 1, true},
		{"respond: {drop: true}\ntimes: 2", 2, 0, true},
		{"respond: {drop: true}\ntimes: 2\nafter: 1\nevery: 2", 2, 2, true},
		{"respond: {drop: true}\ntimes: 2\nafter: 1\nevery: 2", 3, 1, true},
		{"respond: {drop: true}\ntimes: 2\nafter: 1\nevery: 2", 5, 0, true},
		{"steps: [{drop: true, times: 2}, {pass: true}]", 9, 0, false},
		{"steps: [{drop: true, times: 2}, {pass: true, times: 1}]", 1, 2, true},
		{"steps: [{drop: true, times: 2}, {pass: true, times: 1}]\ntimes: 1", 0, 1, true},
		{"steps: [{drop: true, times: 18446744073709551615}, {pass: true, times: 2}]", 0, 18446744073709551615, true},
	} {
		s, err := Parse([]byte("name: x\ndescription: d\nmatch: {}\n" + c.doc))
		require.NoError(t, err, c.doc)
		left, limited := s.Remaining(c.matched)
		assert.Equal(t, []any{c.left, c.limited}, []any{left, limited}, "%s after %d", c.doc, c.matched)
	}
}
