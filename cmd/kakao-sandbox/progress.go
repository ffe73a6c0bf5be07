package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
)

// progressBar draws a fixture load's progress on a terminal, redrawing one
// line; elsewhere (a pipe, a file, a container's log) it is nil and the
// sandbox logs slog lines instead (rule D03).
func progressBar(stderr io.Writer) func(fixtures.Progress) {
	f, ok := stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	return func(p fixtures.Progress) { fmt.Fprint(f, barLine(p)) }
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// barLine is one drawing of the bar: "\r[#####     ]  50% 150000/300000 adAccounts 1.2s".
func barLine(p fixtures.Progress) string {
	const width = 30
	filled := width
	if p.Total > 0 {
		filled = width * p.Done / p.Total
	}
	line := fmt.Sprintf("\rloading fixtures [%s%s] %3d%% %d/%d %s %.1fs", strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
		percent(p.Done, p.Total), p.Done, p.Total, p.List, p.Elapsed.Seconds())
	if p.Final {
		line += "\nwriting them to the data file…\n" // seconds more for a large load
	}
	return line
}

func percent(done, total int) int {
	if total == 0 {
		return 100
	}
	return 100 * done / total
}
