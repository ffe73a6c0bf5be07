package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// rulesScenarioCounters holds the rule tests of activation counters (D08).
func rulesScenarioCounters(t *testing.T) {
	t.Run("D08_used_up_scenario_stays_used_up_after_restart", d08TimesAcrossRestarts)
	t.Run("D08_steps_resume_after_restart", d08StepsAcrossRestarts)
	t.Run("D08_every_and_after_resume_after_restart", d08EveryAndAfterAcrossRestarts)
	t.Run("D08_a_start_up_scenario_keeps_its_counts", d08StartUpScenarioKeepsItsCounts)
	t.Run("D08_counters_travel_in_a_snapshot", d08CountersTravelInASnapshot)
}

// counted loads a scenario on the ad account balance that fails with 503
// -9798 as rest (times, steps, every, after) says, and switches it on
// globally.
func counted(t *testing.T, sb *sandboxtest.Sandbox, name, rest string) {
	t.Helper()
	doc := fmt.Sprintf(`{"name": %q, "description": "d", "match": {"operation": "getAdAccountBalance"}, %s}`, name, rest)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: doc})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	sb.ActivateScenario(name, sandboxtest.ScenarioScope{Scope: "global"})
}

// fires sends one balance call and says whether the scenario answered it.
func fires(t *testing.T, sb *sandboxtest.Sandbox) bool {
	t.Helper()
	r := raw(t, sb, balanceReq(master, healthyAds, ""))
	if r.Status == 200 {
		return false
	}
	require.Equal(t, 503, r.Status, "%s", r.Body)
	return true
}

// firing sends n balance calls and lists which the scenario answered.
func firing(t *testing.T, sb *sandboxtest.Sandbox, n int) []bool {
	t.Helper()
	out := make([]bool, n)
	for i := range out {
		out[i] = fires(t, sb)
	}
	return out
}

// activeCounts is what GET /_sandbox/scenarios says of the scenario's
// global activation: matched, and remaining (-1 when absent).
func activeCounts(t *testing.T, sb *sandboxtest.Sandbox, name string) (matched, remaining int) {
	t.Helper()
	var list struct {
		Scenarios []struct {
			Name   string `json:"name"`
			Active []struct {
				Kind      string `json:"kind"`
				Matched   int    `json:"matched"`
				Remaining *int   `json:"remaining"`
			} `json:"active"`
		} `json:"scenarios"`
	}
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/scenarios"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.Decode(t, &list)
	for _, s := range list.Scenarios {
		if s.Name == name {
			require.Len(t, s.Active, 1)
			if s.Active[0].Remaining == nil {
				return s.Active[0].Matched, -1
			}
			return s.Active[0].Matched, *s.Active[0].Remaining
		}
	}
	t.Fatalf("no scenario %q listed", name)
	return 0, 0
}

const outage = `"respond": {"status": 503, "code": -9798, "msg": "down"}`

// d08TimesAcrossRestarts (TestRules/D08_used_up_scenario_stays_used_up_after_restart):
// a times: 2 scenario fired once fires exactly once more after a restart,
// then passes, and stays used up after another restart.
func d08TimesAcrossRestarts(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	counted(t, sb, "my-outage", outage+`, "times": 2`)
	assert.True(t, fires(t, sb))
	matched, remaining := activeCounts(t, sb, "my-outage")
	assert.Equal(t, []int{1, 1}, []int{matched, remaining})

	sb.Restart()
	assert.Equal(t, []bool{true, false, false}, firing(t, sb, 3), "once more, then never")
	matched, remaining = activeCounts(t, sb, "my-outage")
	assert.Equal(t, []int{2, 0}, []int{matched, remaining}, "used up: it stops counting")

	sb.Restart()
	assert.Equal(t, []bool{false, false}, firing(t, sb, 2), "used up stays used up")

	sb.ActivateScenario("my-outage", sandboxtest.ScenarioScope{Scope: "global"})
	assert.Equal(t, []bool{true, true, false}, firing(t, sb, 3), "activating again starts afresh")

	again := `{"name": "my-outage", "description": "d", "match": {"operation": "getAdAccountBalance"}, ` + outage + `, "times": 1}`
	require.Equal(t, 201, sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: again}).Status)
	sb.Restart() // loaded again, not activated again: its activation counts afresh
	assert.Equal(t, []bool{true, false}, firing(t, sb, 2), "and the fresh count is the stored one")
}

// d08StepsAcrossRestarts (TestRules/D08_steps_resume_after_restart): a
// sequence of steps goes on where it stopped, one restart after each call.
func d08StepsAcrossRestarts(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	counted(t, sb, "fail-pass-fail", `"steps": [{"status": 503, "code": -9798, "msg": "down", "times": 1}, {"pass": true, "times": 1}, {"status": 503, "code": -9798, "msg": "down", "times": 1}]`)
	var got []bool
	for range 5 {
		got = append(got, fires(t, sb))
		sb.Restart()
	}
	assert.Equal(t, []bool{true, false, true, false, false}, got)
	matched, remaining := activeCounts(t, sb, "fail-pass-fail")
	assert.Equal(t, []int{3, 0}, []int{matched, remaining})
}

// d08EveryAndAfterAcrossRestarts (TestRules/D08_every_and_after_resume_after_restart):
// after: 1, every: 2, times: 2 fires on the 3rd and 5th matches, whatever
// restarts come between.
func d08EveryAndAfterAcrossRestarts(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	counted(t, sb, "every-other", outage+`, "after": 1, "every": 2, "times": 2`)
	got := firing(t, sb, 3)
	matched, remaining := activeCounts(t, sb, "every-other")
	assert.Equal(t, []int{3, 1}, []int{matched, remaining})
	sb.Restart()
	got = append(got, firing(t, sb, 2)...)
	sb.Restart()
	got = append(got, firing(t, sb, 2)...)
	assert.Equal(t, []bool{false, false, true, false, true, false, false}, got)
}

// d08StartUpScenarioKeepsItsCounts (TestRules/D08_a_start_up_scenario_keeps_its_counts):
// a scenario named at start (--scenario) is switched on once, not afresh at
// every start: recover-after-failures fails twice in all, restarts between.
func d08StartUpScenarioKeepsItsCounts(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.Scenarios = []string{"recover-after-failures"} })
	var got []bool
	for range 4 {
		got = append(got, fires(t, sb))
		sb.Restart()
	}
	assert.Equal(t, []bool{true, true, false, false}, got)
	matched, remaining := activeCounts(t, sb, "recover-after-failures")
	assert.Equal(t, []int{4, -1}, []int{matched, remaining}, "its last step has no end")

	require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/reset"}).Status)
	assert.True(t, fires(t, sb), "a reset starts it afresh")
}

// d08CountersTravelInASnapshot (TestRules/D08_counters_travel_in_a_snapshot):
// a snapshot holds each activation's counts; loading it back, here or in
// another sandbox, resumes the sequence where the snapshot was taken.
func d08CountersTravelInASnapshot(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	counted(t, sb, "my-outage", outage+`, "times": 2`)
	require.True(t, fires(t, sb))
	doc := getSnapshot(t, sb)
	assert.Contains(t, string(doc), `"matched":1`)

	assert.Equal(t, []bool{true, false}, firing(t, sb, 2))
	r := putSnapshot(sb, doc)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, []bool{true, false}, firing(t, sb, 2), "back to one left")

	other := newSandbox(t, sandboxtest.NoRateLimits)
	r = putSnapshot(other, doc)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	other.Restart()
	assert.Equal(t, []bool{true, false}, firing(t, other, 2))
}
