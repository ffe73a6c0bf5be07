package sandbox_test

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	t.Parallel()
	rulesMoment(t)
	rulesAdAccount(t)
	rulesAdsHTTP(t)
	rulesTokens(t)
	rulesOAuth(t)
	rulesLoginUser(t)
	rulesLoginAuthorize(t)
	rulesLoginLibraries(t)
	rulesOpenIDConnect(t)
	rulesPKCE(t)
	rulesTokenEndpoint(t)
	rulesWallet(t)
	rulesConsole(t)
	rulesConsoleMoney(t)
	rulesConsoleInvoices(t)
	rulesCloudCalendar(t)
	rulesDates(t)
	rulesAdsCore(t)
	t.Run("B09_demo_invoices_read_as_documented", b09DemoInvoices)
	rulesCloudGroups(t)
	t.Run("B09_a_quarter_billed_in_one_advance", b09Quarter)
	rulesReliability(t)
	rulesScenarioCounters(t)
	t.Run("R09_cloud_calendar_work_is_linear_in_months", r09CloudCalendarWorkIsLinearInMonths)
	t.Run("R09_late_fees_stay_bounded_over_long_advances", r09LateFeesStayBounded)
	t.Run("R05_sandbox_time_range", r05SandboxTimeRange)
	rulesAdvance(t)
	rulesClockSet(t)
	rulesLoadStop(t)
	t.Run("R06_no_scenario_locks_the_control_plane", r06NoScenarioLocksTheControlPlane)
	t.Run("R04_metric_series_are_bounded", r04MetricSeriesAreBounded)
	t.Run("R13_a_full_disk_is_said_plainly", r13AFullDiskIsSaidPlainly)
	t.Run("R08_the_journal_shows_no_secret", r08TheJournalShowsNoSecret)
	rulesCrossSite(t)
	t.Run("D02_snapshot_round_trip", d02SnapshotRoundTrip)
	t.Run("D02_snapshot_refusals", d02SnapshotRefusals)
	t.Run("D02_snapshot_running_clock", d02SnapshotRunningClock)
	t.Run("R10_a_snapshot_is_checked_like_a_fixture", r10SnapshotIsCheckedLikeAFixture)
	t.Run("R10_check_decodes_every_stored_value", r10CheckDecodesEveryStoredValue)
	t.Run("R10_fixture_ids_stay_below_the_largest_sequence", r10FixtureIDsStayBelowTheLargestSequence)
	t.Run("R04_concurrent_snapshot_exports_are_bounded", r04ConcurrentSnapshotExportsAreBounded)
	t.Run("D03_progress_is_reported", d03ProgressIsReported)
	t.Run("D03_scale", d03Scale)
}
