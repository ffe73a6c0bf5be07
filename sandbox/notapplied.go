package sandbox

import (
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/httpapi"
)

// --clock and --fixtures shape a new data file (and a reset); an existing
// one keeps its own time and state. A CI job that reuses a file would
// otherwise run on real time and old data without knowing, so each setting
// that did not apply is logged at start and listed by GET /_sandbox/health
// until a reset applies it.

// notAppliedAtStart lists, and logs, the settings an existing data file did not take.
func (s *Sandbox) notAppliedAtStart() []httpapi.NotApplied {
	var out []httpapi.NotApplied
	if !s.cfg.Clock.IsZero() {
		state := "running"
		if s.clock.Frozen() {
			state = "frozen"
		}
		out = append(out, httpapi.NotApplied{
			Setting: "--clock",
			Reason: fmt.Sprintf("%s existed, and keeps its own time (%s, %s); --clock %s sets a new data file's",
				s.db.Path(), s.clock.Now().Format(time.RFC3339), state, s.cfg.Clock.Format(time.RFC3339)),
			Fix: "start with a new --data file, or POST /_sandbox/reset, which restarts the clock at --clock and reloads the fixtures",
		})
	}
	if s.cfg.Fixtures != nil {
		out = append(out, httpapi.NotApplied{
			Setting: "--fixtures",
			Reason:  fmt.Sprintf("%s existed, and keeps its own data; --fixtures fills a new data file", s.db.Path()),
			Fix:     "start with a new --data file, POST /_sandbox/reset to wipe the data and load them, or POST /_sandbox/fixtures to add them on top",
		})
	}
	for _, n := range out {
		s.logger.Warn(n.Setting+" does not apply to an existing data file", "reason", n.Reason, "fix", n.Fix)
	}
	return out
}

// NotApplied is a start-up setting an existing data file did not take
// (Config.Clock, Config.Fixtures), why, and how to apply it.
type NotApplied = httpapi.NotApplied

// NotApplied lists the start-up settings the data file has not taken.
func (s *Sandbox) NotApplied() []NotApplied {
	s.notAppliedMu.Lock()
	defer s.notAppliedMu.Unlock()
	return s.notApplied
}

// applied notes that a reset applied every setting.
func (s *Sandbox) applied() {
	s.notAppliedMu.Lock()
	defer s.notAppliedMu.Unlock()
	s.notApplied = nil
}
