package clock

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Step is how far to move a calendar: whole days, then a duration. Days are
// kept apart so that a step of many years never overflows a time.Duration.
type Step struct {
	Days int
	Rest time.Duration
}

// From is the time step after t.
func (s Step) From(t time.Time) time.Time { return t.AddDate(0, 0, s.Days).Add(s.Rest) }

// maxDays is a step no sandbox time can take: more than the whole range.
const maxDays = 10_000 * 366

// ParseStep reads time.ParseDuration's syntax plus whole days in front, which
// is how people move a calendar: "7d", "1d12h", "90m", "0s". It refuses
// negative steps.
func ParseStep(s string) (Step, error) {
	var st Step
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		days, rest = "", s
	}
	if ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > maxDays {
			return Step{}, fmt.Errorf("%q: days must be a whole number from 0 to %d", s, maxDays)
		}
		st.Days = n
		if rest == "" {
			return st, nil
		}
	}
	d, err := time.ParseDuration(rest)
	if err != nil {
		return Step{}, fmt.Errorf("%q is not a duration like 7d, 72h, 1d12h or 90m", s)
	}
	if d < 0 {
		return Step{}, fmt.Errorf("%q is negative; sandbox time never moves backward", s)
	}
	st.Rest = d
	return st, nil
}
