package journal

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Run("R08_journal_masks_secrets", r08JournalMasksSecrets)
	t.Run("R08_add_masks_bodies_and_fields", r08AddMasksBodiesAndFields)
}
