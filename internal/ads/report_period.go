package ads

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Kakao's report date rules (docs/kakao-api.md §9.5, rule P02): KST days on
// the sandbox clock; today is excluded from every preset but TODAY and from
// start/end; at most 31 days.

// MaxReportDays is the longest start/end period Kakao accepts.
const MaxReportDays = 31

// reportDayLayout is the request's yyyyMMdd.
const reportDayLayout = "20060102"

// Period is a report's KST days, both included, as midnights.
type Period struct{ First, Last time.Time }

// Days is the number of days in the period.
func (p Period) Days() int { return int(p.Last.Sub(p.First).Hours()/24+0.5) + 1 }

// ReportPeriod reads datePreset or start/end at now. With both, datePreset
// is read: Kakao does not say, and a preset is the narrower choice (the
// sandbox's guess, docs/guesses.md).
func ReportPeriod(now time.Time, preset, start, end string) (Period, error) {
	today := startOfDay(now)
	yesterday := today.AddDate(0, 0, -1)
	if preset != "" {
		month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, kakao.KST)
		switch preset {
		case "TODAY":
			return Period{today, today}, nil
		case "YESTERDAY":
			return Period{yesterday, yesterday}, nil
		case "LAST_7DAY":
			return Period{today.AddDate(0, 0, -7), yesterday}, nil
		case "LAST_14DAY":
			return Period{today.AddDate(0, 0, -14), yesterday}, nil
		case "LAST_30DAY":
			return Period{today.AddDate(0, 0, -30), yesterday}, nil
		case "THIS_MONTH":
			// On the 1st the month so far is only today, which is excluded:
			// the period is empty (First after Last) and the report has no rows.
			return Period{month, yesterday}, nil
		case "LAST_MONTH":
			return Period{month.AddDate(0, -1, 0), month.AddDate(0, 0, -1)}, nil
		}
		return Period{}, kakao.Invalid("datePreset", "알 수 없는 값 %q", preset)
	}
	if start == "" || end == "" {
		return Period{}, kakao.Invalid("start", "datePreset 또는 start와 end가 필요합니다.")
	}
	first, err := time.ParseInLocation(reportDayLayout, start, kakao.KST)
	if err != nil {
		return Period{}, kakao.Invalid("start", "yyyyMMdd 형식이어야 합니다: %q", start)
	}
	last, err := time.ParseInLocation(reportDayLayout, end, kakao.KST)
	if err != nil {
		return Period{}, kakao.Invalid("end", "yyyyMMdd 형식이어야 합니다: %q", end)
	}
	p := Period{first, last}
	switch {
	case last.Before(first):
		return Period{}, kakao.Invalid("end", "end는 start보다 빠를 수 없습니다.")
	case !last.Before(today):
		return Period{}, kakao.Invalid("end", "오늘 이후는 조회할 수 없습니다 (오늘은 datePreset=TODAY).")
	case p.Days() > MaxReportDays:
		return Period{}, kakao.Invalid("end", "조회 기간은 %d일 이내여야 합니다.", MaxReportDays)
	}
	return p, nil
}
