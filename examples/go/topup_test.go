package billing_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	billing "github.com/kakao-sandbox/kakao-sandbox/examples/go"
)

// The demo data's business token and ad account (docs/test-data.md).
const (
	demoToken     = "sandbox-biz-alice"
	demoAdAccount = 10001
)

// checkTopUp is the contract every example checks, whichever way the sandbox
// runs: a virtual account, the bank transfer into it, and the balance it
// credits. deposit stands in for the bank.
func checkTopUp(t *testing.T, c *billing.Client, deposit func(accountNumber string, amount int64)) {
	t.Helper()
	ctx := context.Background()
	before, err := c.Cash(ctx, demoAdAccount)
	if err != nil {
		t.Fatal(err)
	}
	va, err := c.IssueVirtualAccount(ctx, demoAdAccount, 300000, "88")
	if err != nil {
		t.Fatal(err)
	}
	if va.BankName != "신한" || va.Amount != 300000 {
		t.Fatalf("virtual account %+v", va)
	}
	deposit(va.AccountNumber, 300000)
	after, err := c.Cash(ctx, demoAdAccount)
	if err != nil {
		t.Fatal(err)
	}
	if after-before != 300000 {
		t.Fatalf("cash went from %d to %d after a deposit of 300000", before, after)
	}
}

// depositOver makes the bank transfer through the sandbox's control plane at
// base (http://host:port), as a test outside Go would with curl.
func depositOver(t *testing.T, base string) func(string, int64) {
	return func(accountNumber string, amount int64) {
		t.Helper()
		resp, err := http.Post(base+"/_sandbox/virtual-accounts/"+accountNumber+"/deposits", "application/json",
			strings.NewReader(fmt.Sprintf(`{"amount":%d}`, amount)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("deposit into %s: HTTP %d", accountNumber, resp.StatusCode)
		}
	}
}
