package kakao

import (
	"fmt"
	"strconv"
	"time"
)

// Relative dates (rule D07): a fixture's date or month may be written
// relative to the sandbox time at load, so that a document loads, and means
// the same, on any day. The grammar, the same for every date and month field:
//
//	today               the sandbox's KST date
//	+180d, -2M, +1y     that many days, months or years from it
//	+74y-1d             steps apply left to right
//
// A month or year step keeps the day of the month, or the month's last day
// when it has fewer (2026-01-31 -1M is 2025-12-31; 2026-03-31 -1M is
// 2026-02-28), unlike Go's AddDate, which would roll over into the next
// month. A month field takes the month of the resolved date: -1M is the
// month before the sandbox's current month, whatever the day.

// RelativeHint says how to write a date relative to the load.
const RelativeHint = `write it relative to the sandbox time at load, like "+180d"`

// maxStep bounds a step's number: more than the sandbox's whole range of time.
const maxStep = 9_999_999

// ResolveDate reads a date field: an absolute date like 2027-01-31 is kept
// as it is (relative false), a relative one (the grammar above) becomes the
// date it names at now. A malformed one is an error naming the forms.
func ResolveDate(s string, now time.Time) (date string, relative bool, err error) {
	if _, err := time.ParseInLocation(DateLayout, s, KST); err == nil {
		return s, false, nil
	}
	d, err := resolveRelative(s, now)
	if err != nil {
		return "", false, fmt.Errorf("%q is neither a date like 2027-01-31 nor one relative to the sandbox time, like \"today\", \"+180d\", \"-2M\" or \"+1y\" (%w)", s, err)
	}
	return d.Format(DateLayout), true, nil
}

// ResolveMonth reads a month field (YYYY-MM) as ResolveDate reads a date:
// a relative one names the month of the date it resolves to.
func ResolveMonth(s string, now time.Time) (month string, relative bool, err error) {
	if _, err := time.ParseInLocation(monthLayout, s, KST); err == nil {
		return s, false, nil
	}
	d, err := resolveRelative(s, now)
	if err != nil {
		return "", false, fmt.Errorf("%q is neither a month like 2026-01 nor one relative to the sandbox time, like \"-1M\" or \"today\" (%w)", s, err)
	}
	return d.Format(monthLayout), true, nil
}

const monthLayout = "2006-01"

// resolveRelative resolves the grammar's forms against now's KST date.
func resolveRelative(s string, now time.Time) (time.Time, error) {
	n := now.In(KST)
	d := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, KST)
	if s == "today" {
		return d, nil
	}
	if s == "" {
		return d, fmt.Errorf("it is empty")
	}
	for rest := s; rest != ""; {
		if rest[0] != '+' && rest[0] != '-' {
			return d, fmt.Errorf("each step starts with + or -")
		}
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 || i == len(rest) {
			return d, fmt.Errorf("each step is a sign, a number and d, M or y")
		}
		k, err := strconv.Atoi(rest[1:i])
		if err != nil || k > maxStep {
			return d, fmt.Errorf("%s is too far", rest[:i])
		}
		if rest[0] == '-' {
			k = -k
		}
		switch rest[i] {
		case 'd':
			d = d.AddDate(0, 0, k)
		case 'M':
			d = AddMonths(d, k)
		case 'y':
			d = AddMonths(d, 12*k)
		default:
			return d, fmt.Errorf("%q is not a unit: d (days), M (months) or y (years)", rest[i])
		}
		rest = rest[i+1:]
	}
	if d.Year() < 1 || d.Year() > 9999 {
		return d, fmt.Errorf("it falls outside the years 0001 to 9999")
	}
	return d, nil
}

// AddMonths moves a date by months, keeping its day of the month or, when
// the month is shorter, taking its last day: the clamp of the grammar above.
func AddMonths(d time.Time, months int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(months), 1, d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), d.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1)
}
