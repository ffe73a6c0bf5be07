package docs_test

import (
	"regexp"
	"strings"
)

// The matcher of a command's output against the lines the doc shows.

// elided is an expected line that stands for any number of output lines.
const elided = "…"

// wildcard is what matches any text inside a line: "…" or "<anything>".
var wildcard = regexp.MustCompile(`…|<[^<>]+>`)

// linePattern compiles an expected line: literal text, wildcards between.
func linePattern(expect string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, m := range wildcard.FindAllStringIndex(expect, -1) {
		b.WriteString(regexp.QuoteMeta(expect[last:m[0]]))
		b.WriteString(".*?")
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(expect[last:]))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// outputLines splits a command's stdout into lines, blanks at either end of
// a line and empty lines at the end dropped (curl's JSON has no newline).
func outputLines(out string) []string {
	lines := strings.Split(out, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// matchLines tells whether the output lines are what the doc shows.
func matchLines(expect, actual []string) bool {
	if len(expect) == 0 {
		return len(actual) == 0
	}
	if strings.TrimSpace(expect[0]) == elided {
		for skip := 0; skip <= len(actual); skip++ {
			if matchLines(expect[1:], actual[skip:]) {
				return true
			}
		}
		return false
	}
	return len(actual) > 0 && linePattern(strings.TrimSpace(expect[0])).MatchString(actual[0]) &&
		matchLines(expect[1:], actual[1:])
}
