package sandboxtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// A test starts its sandbox with New(t) and gets it stopped at cleanup. An
// example has no t, so this one uses Open and Close, which start the same
// sandbox: the demo data, a frozen clock, strict response validation.
func ExampleNew() {
	// In a test: sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	sb, err := sandboxtest.Open(sandboxtest.NoRateLimits)
	if err != nil {
		panic(err)
	}
	defer sb.Close()

	va := sb.IssueVirtualAccount("sandbox-biz-alice", 10001, 300000, "88")
	fmt.Println(va.AccountNumber, va.BankName, va.AccountOwnerName, va.ExpireDttm)

	d := sb.Deposit(va.AccountNumber, 300000)
	fmt.Println(d.VirtualAccount.Status, d.Wallet.PaidCash)

	r := sb.Do(sandboxtest.Request{Method: "GET", Path: "/openapi/v4/adAccounts/balance",
		Token: "sandbox-biz-alice", Header: map[string]string{"adAccountId": "10001"}})
	fmt.Println(r.Status, string(r.Body))
	// Output:
	// 98800000000001 신한 (주)에이크미 2026-01-08T09:00:00.000
	// PAID 800000
	// 200 {"id":10001,"cash":800000,"freeCash":10000,"bizWalletId":1}
}

// Client lets code that calls Kakao by its real URLs run against the sandbox
// unchanged; only the *http.Client is swapped.
func ExampleSandbox_Client() {
	sb, err := sandboxtest.Open()
	if err != nil {
		panic(err)
	}
	defer sb.Close()

	client := sb.Client()
	req, err := http.NewRequest("GET", "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer sandbox-biz-alice")
	req.Header.Set("adAccountId", "10001")
	resp, err := client.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var balance struct{ Cash, FreeCash int64 }
	if err := json.NewDecoder(resp.Body).Decode(&balance); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, balance.Cash, balance.FreeCash)

	// Anything but Kakao's hosts is refused before it leaves the process.
	_, err = client.Get("https://example.com/")
	fmt.Println(err != nil)
	// Output:
	// 200 500000 10000
	// true
}

// Advance moves sandbox time and reports every effect that fell due: here a
// virtual account expiring unpaid after its seven days.
func ExampleSandbox_Advance() {
	sb, err := sandboxtest.Open()
	if err != nil {
		panic(err)
	}
	defer sb.Close()

	va := sb.IssueVirtualAccount("sandbox-biz-alice", 10001, 50000, "04")
	a := sb.Advance("7d")
	fmt.Println("now", a.Now.Format(time.RFC3339))
	for _, h := range a.Happened {
		if strings.HasPrefix(h.Kind, "ads.") {
			continue // the demo's ads deliver every hour: docs/ads.md
		}
		fmt.Println(h.At.Format(time.RFC3339), h.Kind, h.Ref)
		fmt.Println(h.Description)
	}

	// The expired account refuses its deposit: a call expected to fail goes
	// through Do, which returns whatever the sandbox answers.
	r := sb.Do(sandboxtest.Request{Method: "POST", Path: "/_sandbox/virtual-accounts/" + va.AccountNumber + "/deposits",
		Body: map[string]any{"amount": 50000}})
	fmt.Println(r.Status, string(r.Body))
	// Output:
	// now 2026-01-08T09:00:00+09:00
	// 2026-01-08T09:00:00+09:00 moment.virtualAccountExpiry 90400000000001
	// virtual account 90400000000001 for 50000 KRW expired without a deposit
	// 400 {"code":-813,"msg":"KakaoMomentException","extras":{"detailCode":99011,"detailMsg":"입금 기한(2026-01-08T09:00:00.000)이 지난 가상계좌입니다. (V10)"}}
}

// Time is the test's: SetClock jumps sandbox time forward, running what
// falls due on the way; Unfreeze lets it run with Wall, which only the test
// moves; Freeze stops it again.
func ExampleSandbox_SetClock() {
	sb, err := sandboxtest.Open(sandboxtest.NoRateLimits)
	if err != nil {
		panic(err)
	}
	defer sb.Close()

	va := sb.IssueVirtualAccount("sandbox-biz-alice", 10001, 300000, "88")
	a := sb.SetClock(time.Date(2026, 1, 10, 9, 0, 0, 0, sandboxtest.Start().Location()))
	fmt.Println(a.Now.Format(time.RFC3339), a.Frozen)
	for _, h := range a.Happened {
		if h.Kind == "moment.virtualAccountExpiry" { // the demo's ads' hours come first
			fmt.Println(h.Ref == va.AccountNumber, h.Description)
		}
	}

	sb.Unfreeze()
	sb.Wall.Advance(90 * time.Minute)
	a = sb.Freeze()
	fmt.Println(a.Now.Format(time.RFC3339), a.Frozen)
	// Output:
	// 2026-01-10T09:00:00+09:00 true
	// true virtual account 98800000000001 for 300000 KRW expired without a deposit
	// 2026-01-10T10:30:00+09:00 true
}
