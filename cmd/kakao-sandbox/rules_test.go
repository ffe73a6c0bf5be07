package main

import "testing"

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md), so that
// go test -run 'TestRules/W' selects the wallet rules and
// -run 'TestRules/W01_' one rule.
func TestRules(t *testing.T) {
	rulesR02(t)
	rulesH06(t)
	rulesR07(t)
	rulesR04(t)
	rulesR13(t)
	t.Run("R10_check_lists_values_the_sandbox_cannot_serve", r10CheckListsValuesTheSandboxCannotServe)
	rulesAdvance(t)
	t.Run("D01_fixtures_generate_command", d01FixturesGenerateCommand)
	t.Run("D07_generated_document_loads_on_any_day", d07GeneratedDocumentLoadsOnAnyDay)
	t.Run("D02_snapshot_commands", d02SnapshotCommands)
	t.Run("D04_binary_snapshot_commands", d04BinarySnapshotCommands)
	t.Run("D03_progress_bar_only_on_a_terminal", d03ProgressBarOnlyOnATerminal)
	t.Run("D03_two_thousand_ad_accounts_through_fixtures_flag", d03TwoThousandAdAccountsThroughFixturesFlag)
	t.Run("D03_two_thousand_ad_accounts_through_post", d03TwoThousandAdAccountsThroughPost)
	rulesD06(t)
}
