package store

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	r07DamagedFilesAreRefused(t)
	t.Run("R07_random_damage_never_panics", r07RandomDamageNeverPanics)
	t.Run("R07_damage_while_serving_is_an_error", r07DamageWhileServingIsAnError)
}
