package sandbox_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// BenchmarkDeliveryHours measures the hourly delivery effect: sandbox hours
// simulated per second, each hour one transaction for every ad account, at
// the demo's size (6 ad accounts) and at 1,000, each with three campaigns
// of one ad group and one creative (docs/performance.md):
//
//	go test ./sandbox -run '^$' -bench DeliveryHours
func BenchmarkDeliveryHours(b *testing.B) {
	for _, accounts := range []int{6, 1000} {
		b.Run(fmt.Sprintf("adAccounts=%d", accounts), func(b *testing.B) {
			sb, err := sandbox.Open(sandbox.Config{DataPath: b.TempDir() + "/bench.db", Fixtures: deliveryFixture(accounts), NoSync: true,
				RateLimits: []string{"off"}, Clock: sandboxtest.Start(), MaxAdvanceEffects: 1_000_000})
			if err != nil {
				b.Fatal(err)
			}
			defer sb.Close()
			h := sb.Handler()
			start := time.Now()
			r := httptest.NewRequest("POST", "/_sandbox/clock/advance", bytes.NewBufferString(fmt.Sprintf(`{"duration":"%dh"}`, b.N)))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("advance: %d %s", w.Code, w.Body)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "hours/s")
		})
	}
}

// deliveryFixture is n ad accounts of one user, each with a wallet rich
// enough for any run and three campaigns that spend every hour.
func deliveryFixture(n int) []byte {
	type m = map[string]any
	doc := m{
		"users":     []m{{"key": "u", "name": "벤치"}},
		"companies": []m{{"key": "co", "name": "(주)벤치", "businessRegistrationNumber": "301-86-12345", "representativeName": "벤치"}},
	}
	var wallets, accounts, campaigns, groups, creatives []m
	for i := range n {
		w, a := fmt.Sprint("w", i), fmt.Sprint("a", i)
		wallets = append(wallets, m{"key": w, "type": "BUSINESS", "company": "co", "master": "u", "status": "ON", "paidCash": 1_000_000_000_000})
		accounts = append(accounts, m{"key": a, "name": a, "company": "co", "wallet": w, "members": []m{{"user": "u", "role": "MASTER"}}})
		for j := range 3 {
			c := fmt.Sprintf("c%d-%d", i, j)
			campaigns = append(campaigns, m{"key": c, "adAccount": a, "name": c, "type": "DISPLAY", "goal": "VISITING"})
			groups = append(groups, m{"key": c + "g", "campaign": c, "name": c, "pricingType": "CPC", "bidAmount": 200})
			creatives = append(creatives, m{"key": c + "cr", "adGroup": c + "g", "name": c})
		}
	}
	doc["wallets"], doc["adAccounts"], doc["campaigns"], doc["adGroups"], doc["creatives"] = wallets, accounts, campaigns, groups, creatives
	out, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return out
}
