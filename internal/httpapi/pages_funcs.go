package httpapi

import (
	"html/template"
	"strconv"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
)

// pageFuncs are what the templates may call to show money, times and
// scenario scopes.
var pageFuncs = template.FuncMap{
	"won":      won,
	"kst":      kst,
	"isGlobal": isGlobal,
}

// won writes an amount as Koreans read it: 1,000,000원.
func won(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out) + "원"
	}
	return string(out) + "원"
}

// kst writes a time in Korea's zone to the second; the zero time as "–".
func kst(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(kakao.KST).Format("2006-01-02 15:04:05")
}

func isGlobal(active []scenarios.Activation) bool {
	for _, sc := range active {
		if sc.Kind == scenarios.Global {
			return true
		}
	}
	return false
}
