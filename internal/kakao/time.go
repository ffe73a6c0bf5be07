package kakao

import (
	"time"
	_ "time/tzdata" // Asia/Seoul must resolve in a scratch container too.
)

// KST is Korea Standard Time; every Kakao time is Korean.
var KST = mustLoad("Asia/Seoul")

// DttmLayout is Moment's expireDttm: KST, no zone, milliseconds.
const DttmLayout = "2006-01-02T15:04:05.000"

// DateLayout is a calendar date, as fixtures and free-cash grants use.
const DateLayout = "2006-01-02"

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("kakao: " + err.Error())
	}
	return loc
}

// FormatDttm renders t as Moment does.
func FormatDttm(t time.Time) string { return t.In(KST).Format(DttmLayout) }

// EndOfDay is the first instant after the KST calendar day named by date:
// free cash "expiring on 2027-01-31" is usable through that whole day.
func EndOfDay(date string) (time.Time, error) {
	d, err := time.ParseInLocation(DateLayout, date, KST)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, 1), nil
}
