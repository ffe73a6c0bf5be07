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
