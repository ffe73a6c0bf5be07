package billing_test

import (
	"os"
	"strings"
	"testing"

	billing "github.com/kakao-sandbox/kakao-sandbox/examples/go"
)

// TestTopUpAgainstARunningSandbox is the contract test of the GitHub Actions
// and shell recipes: it runs against a sandbox started beside the job, at
// KAKAO_SANDBOX_URL (http://127.0.0.1:8080), and skips without one.
func TestTopUpAgainstARunningSandbox(t *testing.T) {
	base := strings.TrimSuffix(os.Getenv("KAKAO_SANDBOX_URL"), "/")
	if base == "" {
		t.Skip("KAKAO_SANDBOX_URL is not set: start kakao-sandbox and set it to its URL, e.g. http://127.0.0.1:8080")
	}
	checkTopUp(t, &billing.Client{BaseURL: base, Token: demoToken}, depositOver(t, base))
}
