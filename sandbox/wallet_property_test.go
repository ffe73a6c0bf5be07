package sandbox_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// propertyFixture: three wallets of one verified master, each with a
// refund account, an ad account that spends from it and a spare channel to
// connect and disconnect. Wallet "late" is postpaid, so it may go negative.
const propertyFixture = `
users: [{key: pat, name: 박지수, identityVerified: true, phoneVerified: true}]
apps: [{key: app, name: App, restApiKey: prop-key, clientSecret: s, redirectUris: ["http://localhost/cb"], bizApp: true, consentItems: [moment_management]}]
companies: [{key: co, name: (주)속성상사, businessRegistrationNumber: "123-45-67891", representativeName: 박지수}]
channels:
  - {key: ch-a, name: 채널 A, type: BUSINESS, master: pat}
  - {key: ch-b, name: 채널 B, type: GENERAL, master: pat}
  - {key: ch-c, name: 채널 C, type: BUSINESS, master: pat}
wallets:
  - {key: biz, type: BUSINESS, company: co, master: pat, paidCash: 50000, refundAccount: {bankCode: "88", accountNumber: "1100001", holderName: 속성상사}}
  - {key: own, type: PERSONAL, master: pat, paidCash: 10000, refundAccount: {bankCode: "04", accountNumber: "2200002", holderName: 박지수}}
  - {key: late, type: BUSINESS, company: co, master: pat, paidCash: 0, postpaid: true, refundAccount: {bankCode: "88", accountNumber: "3300003", holderName: 박지수}}
adAccounts:
  - {key: ads-biz, id: 40001, name: A, company: co, wallet: biz, members: [{user: pat, role: MASTER}]}
  - {key: ads-own, id: 40002, name: B, wallet: own, members: [{user: pat, role: MASTER}]}
  - {key: ads-late, id: 40003, name: C, company: co, wallet: late, members: [{user: pat, role: MASTER}]}
tokens: [{token: prop-token, user: pat, app: app, type: business, scopes: [moment_management], expiresIn: 0}]
`

// TestWalletProperty (rule W15, R03, W07) runs a random sequence of
// charges, spends, refunds, clock advances, grants, connects and disconnects
// over HTTP, and after every step checks: every ledger sums to its balance;
// paid cash is negative only in the postpaid wallet; no wallet ever holds
// free cash that was not granted to it. KAKAO_SANDBOX_PROPERTY_SEED and
// _STEPS replay or lengthen a run.
func TestWalletProperty(t *testing.T) {
	t.Parallel()
	seed, steps := envInt("KAKAO_SANDBOX_PROPERTY_SEED", 7), envInt("KAKAO_SANDBOX_PROPERTY_STEPS", 300)
	t.Logf("seed %d, %d steps", seed, steps)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	sb := sandboxtest.New(t, sandboxtest.WithFixtures([]byte(propertyFixture)), sandboxtest.NoRateLimits)
	const tok = "prop-token"
	wallets := []int{1, 2, 3}
	ads := map[int]int{1: 40001, 2: 40002, 3: 40003}
	channels := map[int]int{1: 1, 2: 2, 3: 3} // the channel each wallet may connect to
	granted := map[int]float64{}              // free cash granted to each wallet
	done := map[string]int{}                  // successes by operation, so a run that does nothing shows

	for step := range steps {
		w := wallets[rng.IntN(len(wallets))]
		var r sandboxtest.Response
		var what string
		switch op := rng.IntN(8); op {
		case 0, 1:
			amount := 500 + rng.IntN(20000)
			card := []string{"9410000000000005", "9410000000000005", "9410000000000013"}[rng.IntN(3)]
			what = fmt.Sprintf("charge %d by %s", amount, card)
			r = sb.Do(console("POST", fmt.Sprintf("/wallets/%d/charges", w), tok, map[string]any{"amount": amount, "cardNumber": card}))
		case 2, 3:
			amount := 1 + rng.IntN(30000)
			what = fmt.Sprintf("spend %d", amount)
			r = trySpend(sb, ads[w], int64(amount))
		case 4:
			body := map[string]any{}
			if rng.IntN(2) == 0 {
				body["amount"] = 1 + rng.IntN(20000)
			}
			what = fmt.Sprintf("refund %v", body)
			r = sb.Do(console("POST", fmt.Sprintf("/wallets/%d/refunds", w), tok, body))
		case 5:
			d := []string{"10m", "59m", "1h", "3h", "24h"}[rng.IntN(5)]
			what = "advance " + d
			r = sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": d}})
		case 6:
			amount := 1 + rng.IntN(5000)
			body := map[string]any{"amount": amount, "expiresAt": []string{"2026-01-02", "2026-01-05", "2026-02-15", "2027-12-31"}[rng.IntN(4)], "activated": rng.IntN(2) == 0}
			if conn := connectionTo(t, sb, tok, w, channels[w]); conn != 0 {
				body["connectionId"] = conn
			}
			what = fmt.Sprintf("grant %v", body)
			r = sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/wallets/%d/free-cash", w), Body: body})
			if r.Status == 201 {
				granted[w] += float64(amount)
			}
		case 7:
			if conn := connectionTo(t, sb, tok, w, channels[w]); conn != 0 {
				what = "disconnect"
				r = sb.Do(console("DELETE", fmt.Sprintf("/wallets/%d/connections/%d", w, conn), tok, nil))
			} else {
				what = "connect"
				r = sb.Do(console("POST", fmt.Sprintf("/wallets/%d/connections", w), tok, map[string]any{"channelId": channels[w]}))
			}
		}
		require.Less(t, r.Status, 500, "step %d, wallet %d, %s: %s", step, w, what, r.Body)
		if r.Status < 300 {
			done[strings.Fields(what)[0]]++
		}
		for _, id := range wallets {
			checkWalletInvariants(t, sb, tok, id, id == 3, granted[id], fmt.Sprintf("step %d (%s on wallet %d)", step, what, w))
		}
	}
	sb.RequireLedger()
	t.Logf("succeeded: %v", done)
	for _, op := range []string{"charge", "spend", "refund", "advance", "grant", "connect", "disconnect"} {
		assert.Positive(t, done[op], "the run never managed a %s: the sequence tests too little", op)
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

// connectionTo is the wallet's connection to the channel, or 0.
func connectionTo(t *testing.T, sb *sandboxtest.Sandbox, tok string, walletID, channelID int) int {
	t.Helper()
	w := ok(t, sb.Do(console("GET", fmt.Sprintf("/wallets/%d", walletID), tok, nil)))
	conns, _ := w["connections"].([]any)
	for _, c := range conns {
		c := c.(map[string]any)
		if c["channelId"] == float64(channelID) {
			return int(c["id"].(float64))
		}
	}
	return 0
}

func checkWalletInvariants(t *testing.T, sb *sandboxtest.Sandbox, tok string, walletID int, postpaid bool, granted float64, when string) {
	t.Helper()
	var paid, free, freeIn float64
	var page map[string]any
	for p := 0; ; p++ {
		page = ok(t, sb.Do(console("GET", fmt.Sprintf("/wallets/%d/cash?page=%d&size=100", walletID, p), tok, nil)))
		entries := page["entries"].([]any)
		for _, e := range entries {
			e := e.(map[string]any)
			paid += e["paidCash"].(float64)
			free += e["freeCash"].(float64)
			if f := e["freeCash"].(float64); f > 0 {
				require.Equal(t, "FREE_GRANT", e["kind"], "%s: free cash arrives only by grant: %v", when, e)
				freeIn += f
			}
		}
		if len(entries) < 100 {
			break
		}
	}
	require.Equal(t, page["paidCash"], paid, "%s: wallet %d paid cash equals its ledger (W15)", when, walletID)
	require.Equal(t, page["freeCash"], free, "%s: wallet %d free cash equals its ledger (W15)", when, walletID)
	require.Equal(t, granted, freeIn, "%s: wallet %d received only its own grants (W07)", when, walletID)
	assert.GreaterOrEqual(t, page["freeCash"].(float64), 0.0, "%s: free cash never negative", when)
	if !postpaid {
		require.GreaterOrEqual(t, page["paidCash"].(float64), 0.0, "%s: wallet %d paid cash negative but not postpaid (R03)", when, walletID)
	}
}
