package strictyaml

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Run("R04_long_strings_are_refused_in_json", r04LongStringsAreRefusedInJSON)
	t.Run("R04_long_strings_are_refused", r04LongStringsAreRefused)
}
