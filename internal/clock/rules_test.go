package clock

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Run("R05_far_effects_are_not_due", r05FarEffectsAreNotDue)
	t.Run("R05_a_failing_effect_is_set_aside", r05AFailingEffectIsSetAside)
	t.Run("R05_time_never_goes_back_and_every_effect_runs_once_in_order", r05TimeNeverGoesBackAndEveryEffectRunsOnceInOrder)
	t.Run("R09_advance_refuses_beyond_the_cap", r09AdvanceRefusesBeyondTheCap)
	t.Run("R09_a_restart_stops_a_running_advance", r09ARestartStopsARunningAdvance)
	t.Run("R11_a_cancelled_advance_commits_the_clock_with_its_effects", r11ACancelledAdvanceCommitsTheClockWithItsEffects)
}
