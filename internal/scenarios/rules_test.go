package scenarios

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Run("R04_scenario_keys_are_bounded", r04ScenarioKeysAreBounded)
	t.Run("R04_activations_and_scenarios_are_capped", r04ActivationsAndScenariosAreCapped)
	t.Run("R13_delays_have_a_maximum", r13DelaysHaveAMaximum)
}
