package sandbox

import (
	"log/slog"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
)

// Progress is how far a fixture load has come (Config.Progress hears it).
type Progress = fixtures.Progress

// largeFixtures is the size of a fixture (or snapshot) document, in bytes,
// past which a new data file is mapped large from the start
// (store.Options.Large): some thousands of entries.
const largeFixtures = 4 << 20

// logProgress reports a fixture load's progress as slog lines: where no
// terminal shows a bar, a long load still says it is alive (rule D03).
func logProgress(log *slog.Logger) func(Progress) {
	return func(p Progress) {
		switch {
		case p.Final:
			// Sorting and committing a large load takes seconds more (docs/performance.md,
			// Loading at scale): say so, or the log looks stuck.
			log.Info("fixtures loaded", "entries", p.Total, "elapsed", p.Elapsed.Round(1e6), "next", "writing them to the data file")
		case p.Done == 0:
			log.Info("loading fixtures", "entries", p.Total)
		default:
			log.Info("loading fixtures", "list", p.List, "done", p.Done, "entries", p.Total, "elapsed", p.Elapsed.Round(1e6))
		}
	}
}
