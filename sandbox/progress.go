package sandbox

import (
	"log/slog"

	"github.com/kakao-sandbox/kakao-sandbox/fixtures"
)

// logProgress reports a fixture load's progress as slog lines: where no
// terminal shows a bar, a long load still says it is alive (RULES D03).
func logProgress(log *slog.Logger) func(fixtures.Progress) {
	return func(p fixtures.Progress) {
		switch {
		case p.Final:
			log.Info("fixtures loaded", "entries", p.Total, "elapsed", p.Elapsed.Round(1e6))
		case p.Done == 0:
			log.Info("loading fixtures", "entries", p.Total)
		default:
			log.Info("loading fixtures", "list", p.List, "done", p.Done, "entries", p.Total, "elapsed", p.Elapsed.Round(1e6))
		}
	}
}
