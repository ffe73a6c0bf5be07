package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var updateFlagTable = flag.Bool("update-flag-table", false, "rewrite the flag table of docs/configuration.md from serve's flags (TestFlagTable)")

const (
	configurationDoc = "../../docs/configuration.md"
	flagTableBegin   = "<!-- the flag table: made from serve's flags by " + regenerateFlagTable + "; do not edit by hand -->"
	flagTableEnd     = "<!-- end of the flag table -->"
	// regenerateFlagTable is the one command that rewrites the table.
	regenerateFlagTable = "go test ./cmd/kakao-sandbox -run TestFlagTable -update-flag-table"
)

// TestFlagTable: the table of serve's flags in docs/configuration.md is
// the one made from the flags themselves (name, variable, default, help),
// so a new flag or a changed default can't be left out of the docs.
func TestFlagTable(t *testing.T) {
	data, err := os.ReadFile(configurationDoc)
	require.NoError(t, err)
	doc := string(data)
	begin, end := strings.Index(doc, flagTableBegin), strings.Index(doc, flagTableEnd)
	require.True(t, begin >= 0 && end > begin, "docs/configuration.md has no flag table between\n%s\nand\n%s", flagTableBegin, flagTableEnd)
	got := doc[begin+len(flagTableBegin) : end]
	want := "\n" + flagTable(t) + "\n"
	if got == want {
		return
	}
	if *updateFlagTable {
		require.NoError(t, os.WriteFile(configurationDoc, []byte(doc[:begin+len(flagTableBegin)]+want+doc[end:]), 0o644))
		t.Logf("rewrote the flag table of docs/configuration.md")
		return
	}
	t.Errorf("docs/configuration.md's flag table is not the one serve's flags make; regenerate it with\n  %s\nThe table from the flags:\n%s", regenerateFlagTable, want)
}

// envSuffix is what envFlags adds to a flag's help: its variable, and for
// a list how the variable separates values.
var envSuffix = regexp.MustCompile(`\s*\(\$(KAKAO_SANDBOX_[A-Z0-9_]+)(?:, ([^)]*))?\)$`)

// flagTable is the Markdown table of serve's flags, in name order, and of
// GOMEMLIMIT, which serve sets.
func flagTable(t *testing.T) string {
	f := newFlags("serve", "", nil, noEnv, io.Discard, io.Discard)
	// --help stops right after the flags are defined, before anything runs.
	_, err := parseServeFlags(f, []string{"--help"}, io.Discard)
	require.True(t, errors.Is(err, flag.ErrHelp), "parsing --help: %v", err)
	var b strings.Builder
	b.WriteString("| flag | environment | default | what |\n|---|---|---|---|\n")
	f.VisitAll(func(fl *flag.Flag) {
		_, usage := flag.UnquoteUsage(fl)
		m := envSuffix.FindStringSubmatch(usage)
		require.NotNil(t, m, "--%s's help names no variable: %q", fl.Name, usage)
		require.Equal(t, envName(fl.Name), m[1], "--%s's help names another flag's variable", fl.Name)
		usage = strings.TrimSpace(usage[:len(usage)-len(m[0])])
		if m[2] != "" {
			usage += "; " + m[2] + " in the variable"
		}
		def := "none"
		if fl.DefValue != "" {
			def = "`" + fl.DefValue + "`"
		}
		fmt.Fprintf(&b, "| `--%s` | `%s` | %s | %s |\n", fl.Name, m[1], def, markdownText(usage))
	})
	fmt.Fprintf(&b, "| | `GOMEMLIMIT` | `%dMiB` | the Go runtime's soft memory limit; serve sets it unless the variable is set ([Performance](performance.md)) |", defaultMemoryLimit>>20)
	return b.String()
}

// markdownText keeps a help text's characters literal in a table cell.
func markdownText(s string) string {
	return strings.NewReplacer("|", `\|`, "<", `\<`, ">", `\>`, "*", `\*`).Replace(s)
}
