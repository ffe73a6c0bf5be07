package httpapi

import (
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// A small SVG writer for the dashboard's ad account chart: drawn on the
// server, so the page needs no script, build step or CDN. The output is
// XML (the tests parse it) that HTML embeds as it is.

// chartDay is one day of the chart: its cost as the reports sum it, and
// the wallet's balance at its end.
type chartDay struct {
	Day        time.Time // KST midnight
	Delivered  bool      // the report has a row for the day: a bar
	Imp, Click int64
	Cost       int64
	HasWallet  bool  // a wallet is connected and its ledger began by the day's end
	Balance    int64 // paid and free cash at the day's end
	Corrected  int64 // given back by the invalid-traffic correction that day
}

// The chart's frame, in SVG units; CSS scales it to the page's width.
const (
	chartW, chartH                 = 960, 340
	chartLeft, chartRight          = 100, 104
	chartTop, chartBottom          = 40, 44
	plotW, plotH                   = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
	chartCostColor, chartLineColor = "#fee500", "#2b59c3"
)

// svg writes elements; attributes are name, value pairs.
type svg struct{ b strings.Builder }

func (s *svg) attrs(kv []any) {
	for i := 0; i+1 < len(kv); i += 2 {
		s.b.WriteString(" " + kv[i].(string) + `="` + html.EscapeString(svgValue(kv[i+1])) + `"`)
	}
}

func svgValue(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	}
	panic("svg: attribute value of an unexpected type")
}

func (s *svg) open(tag string, kv ...any) {
	s.b.WriteString("<" + tag)
	s.attrs(kv)
	s.b.WriteString(">")
}
func (s *svg) close(tag string) { s.b.WriteString("</" + tag + ">") }

// leaf writes an element with text (escaped) or, without, self-closed.
func (s *svg) leaf(tag, text string, kv ...any) {
	s.b.WriteString("<" + tag)
	s.attrs(kv)
	if text == "" {
		s.b.WriteString("/>")
		return
	}
	s.b.WriteString(">" + html.EscapeString(text) + "</" + tag + ">")
}

// niceScale is an axis from lo to hi in round steps (1, 2, 5 × 10ⁿ won)
// that holds every value in [min, max].
func niceScale(minV, maxV int64) (lo, hi, step int64) {
	minV, maxV = min(minV, 0), max(maxV, 1)
	raw := float64(maxV-minV) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = int64(mag)
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			step = int64(m * mag)
			break
		}
	}
	step = max(step, 1)
	lo = -((-minV + step - 1) / step) * step
	hi = ((maxV + step - 1) / step) * step
	return lo, hi, step
}

// moneyChart draws daily cost as bars on the left axis and the wallet's
// balance as a line on the right one, with the title and description a
// screen reader reads; the page's table holds the same figures.
func moneyChart(title, desc string, days []chartDay) template.HTML {
	var maxCost, minBal, maxBal int64
	hasWallet := false
	for _, d := range days {
		maxCost = max(maxCost, d.Cost)
		if d.HasWallet {
			if !hasWallet {
				minBal, maxBal = d.Balance, d.Balance
			}
			hasWallet = true
			minBal, maxBal = min(minBal, d.Balance), max(maxBal, d.Balance)
		}
	}
	// Each axis reaches 10,000원 at least: an idle account or an empty
	// wallet is not drawn in single won.
	_, costTop, costStep := niceScale(0, max(maxCost, 10000))
	balLo, balHi, balStep := niceScale(minBal, max(maxBal, 10000))
	slot := float64(plotW) / float64(max(len(days), 1))
	x := func(i int) float64 { return chartLeft + slot*(float64(i)+0.5) }
	yCost := func(v int64) float64 { return chartTop + plotH - float64(v)/float64(costTop)*plotH }
	yBal := func(v int64) float64 { return chartTop + plotH - float64(v-balLo)/float64(balHi-balLo)*plotH }

	var s svg
	s.open("svg", "xmlns", "http://www.w3.org/2000/svg", "id", "money-chart", "class", "chart",
		"viewBox", "0 0 "+strconv.Itoa(chartW)+" "+strconv.Itoa(chartH), "role", "img",
		"aria-labelledby", "money-chart-title money-chart-desc", "font-size", 12, "font-family", "inherit")
	s.leaf("title", title, "id", "money-chart-title")
	s.leaf("desc", desc, "id", "money-chart-desc")
	s.leaf("rect", "", "x", 0, "y", 0, "width", chartW, "height", chartH, "fill", "#fff")

	// Grid and the cost axis (left).
	s.open("g", "class", "axis cost-axis", "fill", "#555", "text-anchor", "end")
	for v := int64(0); v <= costTop; v += costStep {
		y := yCost(v)
		s.leaf("line", "", "x1", chartLeft, "x2", chartLeft+plotW, "y1", y, "y2", y, "stroke", "#eee")
		s.leaf("text", won(v), "x", chartLeft-8, "y", y+4)
	}
	s.leaf("text", "일별 비용 Daily cost", "x", 8, "y", chartTop-14, "font-weight", 600, "text-anchor", "start")
	s.close("g")
	if hasWallet { // the balance axis (right)
		s.open("g", "class", "axis balance-axis", "fill", chartLineColor, "text-anchor", "start")
		for v := balLo; v <= balHi; v += balStep {
			s.leaf("text", won(v), "x", chartLeft+plotW+8, "y", yBal(v)+4)
		}
		s.leaf("text", "일말 잔액 Balance", "x", chartW-8, "y", chartTop-14, "font-weight", 600, "text-anchor", "end")
		s.close("g")
	}

	// Dates: every fifth day from the last, which is today.
	s.open("g", "class", "axis date-axis", "fill", "#555", "text-anchor", "middle")
	s.leaf("line", "", "x1", chartLeft, "x2", chartLeft+plotW, "y1", chartTop+plotH, "y2", chartTop+plotH, "stroke", "#999")
	for i, d := range days {
		if (len(days)-1-i)%5 != 0 {
			continue
		}
		label := d.Day.Format("01-02")
		if i == len(days)-1 {
			label += " 오늘"
		}
		s.leaf("line", "", "x1", x(i), "x2", x(i), "y1", chartTop+plotH, "y2", chartTop+plotH+4, "stroke", "#999")
		s.leaf("text", label, "x", x(i), "y", chartTop+plotH+18)
	}
	s.leaf("text", "날짜 Date (KST)", "x", chartLeft+plotW/2, "y", chartH-6)
	s.close("g")

	// Bars: one per day with delivery, its figure in data-cost.
	s.open("g", "class", "bars", "fill", chartCostColor, "stroke", "#c9b400")
	for i, d := range days {
		if !d.Delivered {
			continue
		}
		y := yCost(d.Cost)
		s.open("rect", "class", "cost", "data-day", d.Day.Format(time.DateOnly), "data-cost", d.Cost,
			"x", x(i)-slot*0.32, "y", y, "width", slot*0.64, "height", chartTop+plotH-y)
		s.leaf("title", d.Day.Format(time.DateOnly)+" 비용 "+won(d.Cost))
		s.close("rect")
	}
	s.close("g")

	if hasWallet { // the balance line, a point per day
		var pts []string
		for i, d := range days {
			if !d.HasWallet {
				continue
			}
			pts = append(pts, svgValue(x(i))+","+svgValue(yBal(d.Balance)))
		}
		s.leaf("polyline", "", "class", "balance", "points", strings.Join(pts, " "), "fill", "none",
			"stroke", chartLineColor, "stroke-width", 2)
		s.open("g", "class", "balance-points", "fill", chartLineColor)
		for i, d := range days {
			if !d.HasWallet {
				continue
			}
			s.open("circle", "class", "balance", "data-day", d.Day.Format(time.DateOnly), "data-balance", d.Balance,
				"cx", x(i), "cy", yBal(d.Balance), "r", 3)
			s.leaf("title", d.Day.Format(time.DateOnly)+" 잔액 "+won(d.Balance))
			s.close("circle")
		}
		s.close("g")
	}

	// Corrections: a mark over the day the credit came back.
	s.open("g", "class", "corrections", "fill", "#d93025", "text-anchor", "middle")
	for i, d := range days {
		if d.Corrected == 0 {
			continue
		}
		s.open("text", "class", "correction", "data-day", d.Day.Format(time.DateOnly), "data-correction", d.Corrected,
			"x", x(i), "y", chartTop-2)
		s.b.WriteString("▼")
		s.leaf("title", d.Day.Format(time.DateOnly)+" 무효 트래픽 보정 +"+won(d.Corrected))
		s.close("text")
	}
	s.close("g")

	// The legend.
	s.open("g", "class", "legend", "fill", "#191919")
	lx := float64(chartLeft + 150)
	s.leaf("rect", "", "x", lx, "y", 8, "width", 12, "height", 12, "fill", chartCostColor, "stroke", "#c9b400")
	s.leaf("text", "비용 Cost", "x", lx+18, "y", 18)
	if hasWallet {
		s.leaf("line", "", "x1", lx+110, "x2", lx+134, "y1", 14, "y2", 14, "stroke", chartLineColor, "stroke-width", 2)
		s.leaf("text", "잔액 Balance (유상+무상 paid+free)", "x", lx+140, "y", 18)
	}
	s.leaf("text", "▼ 보정 Correction", "x", lx+420, "y", 18, "fill", "#d93025")
	s.close("g")
	s.close("svg")
	return template.HTML(s.b.String()) // every text and attribute above is escaped
}
