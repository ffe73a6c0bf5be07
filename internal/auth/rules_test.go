package auth

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Run("R04_unused_codes_expire_and_are_capped", r04UnusedCodesExpireAndAreCapped)
	t.Run("R08_client_secrets_are_stored_hashed", r08ClientSecretsAreStoredHashed)
}
