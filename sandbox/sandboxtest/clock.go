package sandboxtest

import (
	"net/http"
	"time"
)

// The clock at runtime: PUT /_sandbox/clock freezes sandbox time, lets it
// run, or moves it forward to a time, without a restart. A sandbox begins
// frozen at Start; a running clock follows Wall, so a test still decides
// how much time passes. Time never moves back: a time before the sandbox
// time fails the test.

// Freeze stops sandbox time where it is: from now on it moves only by
// Advance or SetClock.
func (s *Sandbox) Freeze() Advanced {
	s.report.Helper()
	return s.putClock("Freeze", map[string]any{"frozen": true})
}

// Unfreeze lets sandbox time run from where it is at the pace of Wall (the
// Config's Now): Wall.Advance(time.Hour) is an hour of sandbox time too.
func (s *Sandbox) Unfreeze() Advanced {
	s.report.Helper()
	return s.putClock("Unfreeze", map[string]any{"frozen": false})
}

// SetClock moves sandbox time forward to at, keeping the clock frozen or
// running, and runs every effect that falls due on the way, as Advance does.
func (s *Sandbox) SetClock(at time.Time) Advanced {
	s.report.Helper()
	return s.putClock("SetClock", map[string]any{"at": at.Format(time.RFC3339Nano)})
}

func (s *Sandbox) putClock(helper string, body map[string]any) Advanced {
	s.report.Helper()
	var a Advanced
	s.call(helper, http.StatusOK, Request{Method: "PUT", Path: "/_sandbox/clock", Body: body}, &a)
	return a
}
