package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The wallet console's entities can be written as fixtures: managers, a
// refund account, past card charges, tax invoices with a pending correction,
// and a closed business.
func TestFixturesConsoleEntities(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	ids := moreFixtures(t, sb, `
companies: [{key: shut, name: (주)닫힘상사, businessRegistrationNumber: "609-81-00001", representativeName: 문닫음, closed: true}]
wallets:
  - key: history
    type: BUSINESS
    company: shut
    master: master
    managers: [member]
    paidCash: 10000
    charges: [{amount: 50000, cardNumber: "9410000000000005"}, {amount: 20000, cardNumber: "9410 0000 0000 0005"}]
    refundAccount: {bankCode: "88", accountNumber: "1234567", holderName: 닫힘상사}
    taxInvoices: [{month: "2025-11", supplyAmount: 30000, status: FAILED, correction: {reason: 폐업 전 발행 요청}}]
adAccounts: [{key: history-ads, id: 20009, name: 닫힘상사 광고계정, company: shut, wallet: history, members: [{user: master, role: MASTER}]}]
`)
	w := ids["wallets"]["history"]
	path := fmt.Sprintf("/wallets/%d", w)

	got := ok(t, sb.Do(console("GET", path, member, nil)))
	assert.EqualValues(t, 80000, got["paidCash"], "the opening balance plus the charges")
	charges := ok(t, sb.Do(console("GET", path+"/charges", master, nil)))["charges"].([]any)
	require.Len(t, charges, 2)
	for _, c := range charges {
		assert.Equal(t, "0005", c.(map[string]any)["cardLast4"], "only the last four digits are stored")
	}
	assert.Equal(t, "닫힘상사", got["refundAccount"].(map[string]any)["holderName"])
	invoices := ok(t, sb.Do(console("GET", path+"/tax-invoices", master, nil)))["taxInvoices"].([]any)
	assert.Equal(t, "FAILED", invoices[0].(map[string]any)["status"])
	reviews := ok(t, sb.Do(req{Method: "GET", Path: "/_sandbox/reviews?status=PENDING"}))["reviews"].([]any)
	assert.Len(t, reviews, 1, "the correction waits for review")
	requireLedger(t, sb, master, int(w))

	// The closed business's next invoice fails too.
	sb.Spend(20009, 1000)
	sb.Advance("744h") // to February: January's invoice is due
	invoices = ok(t, sb.Do(console("GET", path+"/tax-invoices", master, nil)))["taxInvoices"].([]any)
	january := invoices[0].(map[string]any)
	assert.Equal(t, "2026-01", january["month"])
	assert.Equal(t, "FAILED", january["status"])
	contains(t, january["failureReason"].(string), "휴·폐업")

	for _, bad := range []string{
		`{"wallets": [{"key": "x", "type": "PERSONAL", "master": "master", "paidCash": 0, "charges": [{"amount": 5000, "cardNumber": "4111111111111111"}]}]}`,
		`{"wallets": [{"key": "x", "type": "PERSONAL", "master": "master", "paidCash": 0, "charges": [{"amount": 5000, "cardNumber": "9410000000000013"}]}]}`,
		`{"wallets": [{"key": "x", "type": "PERSONAL", "master": "master", "paidCash": 0, "charges": [{"amount": 999, "cardNumber": "9410000000000005"}]}]}`,
	} {
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: bad})
		contains(t, kakaoError(t, r, 400, -2, 0), "charges[0]")
	}
}
