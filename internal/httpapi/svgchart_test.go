package httpapi

import (
	"strings"
	"testing"
	"time"
)

// TestMoneyChartEmptyWalletAxis: a wallet with nothing in it is drawn on a
// 0–10,000원 balance axis, like an idle account's cost axis, not 0–1원.
func TestMoneyChartEmptyWalletAxis(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	svg := string(moneyChart("t", "d", []chartDay{{Day: day, HasWallet: true}, {Day: day.AddDate(0, 0, 1), HasWallet: true}}))
	balance := svg[strings.Index(svg, `class="axis balance-axis"`):]
	balance = balance[:strings.Index(balance, "</g>")]
	for _, want := range []string{">0원<", ">10,000원<"} {
		if !strings.Contains(balance, want) {
			t.Errorf("the balance axis has no %s label: %s", want, balance)
		}
	}
	if strings.Contains(balance, ">1원<") {
		t.Errorf("the balance axis counts single won: %s", balance)
	}
}
