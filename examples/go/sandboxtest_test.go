package billing_test

import (
	"testing"

	billing "github.com/kakao-sandbox/kakao-sandbox/examples/go"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestTopUpWithSandboxtest runs the sandbox inside the test process: no
// binary, no container, no port to choose, a fresh data file per test, so
// tests may run in parallel. The client keeps Kakao's real URL; sb.Client()
// sends it to the sandbox. The quickest way when your code is in Go.
func TestTopUpWithSandboxtest(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := &billing.Client{BaseURL: "https://apis.moment.kakao.com", Token: demoToken, HTTP: sb.Client()}
	checkTopUp(t, c, func(accountNumber string, amount int64) { sb.Deposit(accountNumber, amount) })
}
