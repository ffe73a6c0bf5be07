package sandbox_test

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Parallel()
	rulesMoment(t)
	rulesTokens(t)
	rulesOAuth(t)
	rulesLoginUser(t)
	rulesLoginAuthorize(t)
	rulesOpenIDConnect(t)
	rulesPKCE(t)
	rulesTokenEndpoint(t)
	rulesWallet(t)
	rulesConsole(t)
	rulesConsoleMoney(t)
	rulesConsoleInvoices(t)
	rulesCloudCalendar(t)
	t.Run("B09_demo_invoices_read_as_documented", b09DemoInvoices)
	rulesCloudGroups(t)
	t.Run("B09_a_quarter_billed_in_one_advance", b09Quarter)
	rulesReliability(t)
	t.Run("R05_sandbox_time_range", r05SandboxTimeRange)
	rulesAdvance(t)
	t.Run("R06_no_scenario_locks_the_control_plane", r06NoScenarioLocksTheControlPlane)
	t.Run("R08_the_journal_shows_no_secret", r08TheJournalShowsNoSecret)
	t.Run("D02_snapshot_round_trip", d02SnapshotRoundTrip)
	t.Run("D02_snapshot_refusals", d02SnapshotRefusals)
	t.Run("D02_snapshot_running_clock", d02SnapshotRunningClock)
	t.Run("D03_progress_is_reported", d03ProgressIsReported)
	t.Run("D03_scale", d03Scale)
}
