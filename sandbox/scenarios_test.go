package sandbox_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// raw makes a call whose answer may be a 5xx on purpose.
func raw(t *testing.T, sb *sandboxtest.Sandbox, r req) sandboxtest.Response {
	t.Helper()
	return sandboxtest.Do(t, sb.URL, r)
}

func balanceReq(token string, adAccount int, scenario string) req {
	h := map[string]string{"adAccountId": fmt.Sprint(adAccount)}
	if scenario != "" {
		h["X-Sandbox-Scenario"] = scenario
	}
	return req{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: token, Header: h}
}

func withScenario(r req, name string) req {
	h := map[string]string{}
	for k, v := range r.Header {
		h[k] = v
	}
	h["X-Sandbox-Scenario"] = name
	r.Header = h
	return r
}

// timed sends a request with a client timeout, for scenarios that are slow on purpose.
func timed(t *testing.T, sb *sandboxtest.Sandbox, r req, timeout time.Duration) (*http.Response, []byte, error) {
	t.Helper()
	body, _ := json.Marshal(r.Body)
	hr, err := http.NewRequest(r.Method, sb.URL+r.Path, strings.NewReader(string(body)))
	require.NoError(t, err)
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+r.Token)
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	resp, err := (&http.Client{Timeout: timeout}).Do(hr)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

// nextAccount is the number the next virtual account gets: it tells whether
// a call that failed on the wire created one anyway.
func nextAccount(t *testing.T, sb *sandboxtest.Sandbox) string {
	t.Helper()
	return issue(sb, member, healthyAds, 1000)
}

func TestShippedScenarios(t *testing.T) {
	t.Parallel()
	va := vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))

	t.Run("shinhan-maintenance", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		kakaoError(t, sb.Do(withScenario(va, "shinhan-maintenance")), 400, -813, kakao.ErrBankMaintenance.DetailCode)
		other := withScenario(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "04")), "shinhan-maintenance")
		assert.Equal(t, 200, sb.Do(other).Status, "other banks still issue")
	})
	t.Run("kakao-maintenance", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		kakaoError(t, sb.Do(balanceReq(master, healthyAds, "kakao-maintenance")), 503, -9798, 0)
	})
	t.Run("token-expired-mid-session", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		for i := range 3 {
			assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "token-expired-mid-session")).Status, "call %d", i+1)
		}
		r := sb.Do(balanceReq(master, healthyAds, "token-expired-mid-session"))
		assert.Equal(t, "this access token is already expired", kakaoError(t, r, 401, -401, 0))
		assert.Equal(t, 200, sb.Do(balanceReq(member, healthyAds, "token-expired-mid-session")).Status, "the member's counter is their own")
	})
	t.Run("rate-limit-storm", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(balanceReq(master, healthyAds, "rate-limit-storm"))
		kakaoError(t, r, 429, -813, kakao.ErrRateLimited.DetailCode)
		assert.Equal(t, "5", r.Header.Get("Retry-After"))
	})
	t.Run("intermittent-5xx", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		var got []int
		for range 6 {
			got = append(got, raw(t, sb, balanceReq(master, healthyAds, "intermittent-5xx")).Status)
		}
		assert.Equal(t, []int{200, 200, 500, 200, 200, 500}, got)
		assert.Equal(t, 200, raw(t, sb, balanceReq(master, healthyAds, "")).Status, "without the header nothing fails")
	})
	t.Run("slow-upstream", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		_, _, err := timed(t, sb, withScenario(va, "slow-upstream"), 300*time.Millisecond)
		require.Error(t, err, "the client gives up first")
		assert.True(t, strings.HasSuffix(nextAccount(t, sb), "00000000001"), "nothing happened")
	})
	t.Run("timeout-after-commit", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		_, _, err := timed(t, sb, withScenario(va, "timeout-after-commit"), 300*time.Millisecond)
		require.Error(t, err, "the client gives up first")
		// The journal records the call once its handler has run, so wait for
		// that rather than racing the server.
		require.Eventually(t, func() bool {
			return len(sb.Requests(sandboxtest.RequestFilter{Operation: "createVirtualAccount"})) == 1
		}, 10*time.Second, 5*time.Millisecond)
		assert.True(t, strings.HasSuffix(nextAccount(t, sb), "00000000002"), "but the first account was created")
	})
	t.Run("connection-reset", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		_, _, err := timed(t, sb, withScenario(va, "connection-reset"), 5*time.Second)
		require.Error(t, err, "net/http sees the dropped connection")
		assert.Contains(t, err.Error(), "EOF")
		// The client sees EOF before the journal records the dropped call.
		require.Eventually(t, func() bool {
			return len(sb.Requests(sandboxtest.RequestFilter{Operation: "createVirtualAccount"})) == 1
		}, 10*time.Second, 5*time.Millisecond)
		entry := sb.Requests(sandboxtest.RequestFilter{Operation: "createVirtualAccount"})[0]
		assert.Equal(t, 0, entry.Status, "the journal records no answer")
		assert.Equal(t, "connection-reset", entry.Scenario)
		assert.True(t, strings.HasSuffix(nextAccount(t, sb), "00000000001"), "nothing happened")
	})
	t.Run("malformed-response", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		r := sb.Do(withScenario(va, "malformed-response"))
		assert.Equal(t, 200, r.Status)
		assert.False(t, json.Valid(r.Body), "%s", r.Body)
		assert.Equal(t, "malformed-response", r.Header.Get("X-Sandbox-Scenario-Applied"))
		assert.True(t, strings.HasSuffix(nextAccount(t, sb), "00000000002"), "the call happened")
	})
	t.Run("empty-response", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(balanceReq(master, healthyAds, "empty-response"))
		assert.Equal(t, 200, r.Status)
		assert.Empty(t, r.Body)
	})
	t.Run("slow-trickle", func(t *testing.T) { // measures time: not parallel
		sb := newSandbox(t)
		start := time.Now()
		r := sb.Do(balanceReq(master, healthyAds, "slow-trickle"))
		require.Equal(t, 200, r.Status)
		assert.EqualValues(t, 500000, r.JSON(t)["cash"], "the whole body arrives")
		chunks := (len(r.Body) + 15) / 16
		assert.GreaterOrEqual(t, time.Since(start), time.Duration(chunks-1)*200*time.Millisecond, "a pause between chunks")
	})
	t.Run("permission-revoked", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		kakaoError(t, sb.Do(balanceReq(master, healthyAds, "permission-revoked")), 400, -813, 9004)
	})
	t.Run("ad-account-not-found", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		kakaoError(t, sb.Do(balanceReq(master, healthyAds, "ad-account-not-found")), 400, -813, 21006)
	})
	t.Run("deposit-never-arrives", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		acct := issue(sb, master, healthyAds, 40000)
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/virtual-accounts/" + acct + "/deposits", Body: map[string]any{"amount": 40000},
			Header: map[string]string{"X-Sandbox-Scenario": "deposit-never-arrives"}})
		assert.Equal(t, 202, r.Status, "%s", r.Body)
		assert.EqualValues(t, 500000, balance(t, sb, master, healthyAds).Cash, "nothing was credited")
		happened := sb.Advance("7d").Happened
		require.Len(t, happened, 1)
		assert.Equal(t, acct, happened[0].Ref, "the account expires unpaid")
		kakaoError(t, tryDeposit(sb, acct, 40000), 400, -813, kakao.ErrVirtualAccountExpiry.DetailCode)
	})
	t.Run("recover-after-failures", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		var got []int
		for range 4 {
			got = append(got, sb.Do(balanceReq(master, healthyAds, "recover-after-failures")).Status)
		}
		assert.Equal(t, []int{503, 503, 200, 200}, got)
	})
	t.Run("card-declined", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(withScenario(chargeReq(master, healthyWallet, 10000, goodCard), "card-declined"))
		kakaoError(t, r, 403, -6, kakao.ErrCardDeclined.DetailCode)
		assert.Empty(t, listCharges(t, sb, master, healthyWallet), "nothing was charged")
		assert.EqualValues(t, 10000, charge(t, sb, master, healthyWallet, 10000).Amount, "only the named request")
	})
	t.Run("refund-transfer-failed", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(withScenario(refundReq(master, healthyWallet, 10000), "refund-transfer-failed"))
		kakaoError(t, r, 403, -6, kakao.ErrRefundTransferFailed.DetailCode)
		assert.Empty(t, listRefunds(t, sb, master, healthyWallet), "no refund was stored")
		assert.Equal(t, "PENDING", requestRefund(t, sb, master, healthyWallet, 10000).Status, "nor does it block the next")
	})
	t.Run("card-issuer-down", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		register := setCard(opsGroup, cgAnn, card(declinedCard, "NAMED_CORPORATE"))
		msg := kakaoError(t, raw(t, sb, withScenario(register, "card-issuer-down")), 503, -9798, 0)
		assert.Equal(t, "카드사 시스템 장애로 카드를 등록할 수 없습니다. 잠시 후 다시 시도하세요.", msg)
		assert.Equal(t, "0005", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.CardLast4, "the group keeps its card")
		ok(t, sb.Do(register)) // without the scenario the card company answers
	})
	t.Run("phone-verification-timeout", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		var list struct {
			Scenarios []struct {
				Name    string `json:"name"`
				Respond struct {
					Delay string `json:"delay"`
				} `json:"respond"`
			} `json:"scenarios"`
		}
		sb.Do(req{Method: "GET", Path: "/_sandbox/scenarios"}).Decode(t, &list)
		delay := ""
		for _, sc := range list.Scenarios {
			if sc.Name == "phone-verification-timeout" {
				delay = sc.Respond.Delay
			}
		}
		d, err := time.ParseDuration(delay)
		require.NoError(t, err)
		assert.Greater(t, d, 30*time.Second, "beyond a typical client timeout")
		register := setCard(opsGroup, cgAnn, card(declinedCard, "NAMED_CORPORATE"))
		_, _, err = timed(t, sb, withScenario(register, "phone-verification-timeout"), 300*time.Millisecond)
		require.Error(t, err, "the client gives up first")
		// Once the server has seen the client go, the call is journaled, and
		// it did nothing.
		require.Eventually(t, func() bool {
			return len(sb.Requests(sandboxtest.RequestFilter{Operation: "setPaymentMethod"})) == 1
		}, 10*time.Second, 5*time.Millisecond)
		assert.Equal(t, "0005", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.CardLast4, "nothing was registered")
	})
	t.Run("campaign-admin-stop", scenarioAdminStop) // scenarios_ads_test.go
	t.Run("creative-rejected", scenarioCreativeRejected)
	t.Run("ad-account-out-of-balance", scenarioOutOfBalance)
	t.Run("webhook-unsigned-set", scenarioWebhookUnsigned) // scenarios_webhooks_test.go
	t.Run("webhook-bad-signature", scenarioWebhookBadSignature)
	t.Run("webhook-malformed-set", scenarioWebhookMalformed)
	t.Run("webhook-replayed-jti", scenarioWebhookReplayedJTI)
	t.Run("webhook-wrong-admin-key", scenarioWebhookWrongAdminKey)
	t.Run("webhook-duplicate-burst", scenarioWebhookDuplicateBurst)
	t.Run("identity-verification-down", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		verify := req{Method: "POST", Path: "/console/v1/identity-verification", Token: outsider, Body: map[string]any{"code": "000000"},
			Header: map[string]string{"X-Sandbox-Scenario": "identity-verification-down"}}
		assert.Equal(t, "본인인증 서비스 점검 중입니다.", kakaoError(t, sb.Do(verify), 503, -9798, 0))
		createPersonal := req{Method: "POST", Path: "/console/v1/wallets", Token: outsider, Body: map[string]any{"type": "PERSONAL"}}
		kakaoError(t, sb.Do(createPersonal), 403, -6, kakao.ErrIdentityNotVerified.DetailCode) // still unverified
		assert.Equal(t, 200, verifyIdentity(sb, outsider, "000000").Status, "the service is back without the scenario")
	})
}

func TestScenarioScopes(t *testing.T) {
	t.Parallel()
	t.Run("global_token_and_ad_account", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		sb.ActivateScenario("kakao-maintenance", sandboxtest.ScenarioScope{Scope: "token", Token: member})
		assert.Equal(t, 503, sb.Do(balanceReq(member, healthyAds, "")).Status)
		assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "")).Status)

		sb.ActivateScenario("permission-revoked", sandboxtest.ScenarioScope{Scope: "adAccount", AdAccountID: offAds})
		kakaoError(t, sb.Do(balanceReq(master, offAds, "")), 400, -813, 9004)
		assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "")).Status)

		sb.ActivateScenario("rate-limit-storm", sandboxtest.ScenarioScope{})
		assert.Equal(t, 429, sb.Do(balanceReq(master, healthyAds, "")).Status)
		require.Equal(t, 200, sb.Do(req{Method: "DELETE", Path: "/_sandbox/scenarios/rate-limit-storm/activation"}).Status)
		assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "")).Status)

		list := sb.Do(req{Method: "GET", Path: "/_sandbox/scenarios"}).JSON(t)["scenarios"].([]any)
		assert.GreaterOrEqual(t, len(list), 12)
		kakaoError(t, sb.Do(balanceReq(master, healthyAds, "no-such-scenario")), 400, -2, 0)
	})

	t.Run("parallel_clients_never_see_each_others_outcome", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[string]map[int]int{"with": {}, "without": {}}
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				who, name := "without", ""
				if i%2 == 0 {
					who, name = "with", "kakao-maintenance"
				}
				r := sandboxtest.Do(t, sb.URL, balanceReq(master, healthyAds, name))
				mu.Lock()
				seen[who][r.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		assert.Equal(t, map[int]int{503: 50}, seen["with"])
		assert.Equal(t, map[int]int{200: 50}, seen["without"])
	})

	t.Run("times_stay_exact_under_50_parallel_requests", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Header: map[string]string{"Content-Type": "application/yaml"},
			Body: "name: five-failures\ndescription: five balance calls fail\nmatch: {operation: getAdAccountBalance}\nrespond: {error: ErrMaintenance}\ntimes: 5\n"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		sb.ActivateScenario("five-failures", sandboxtest.ScenarioScope{Scope: "global"})
		statuses := parallel(50, func(int) sandboxtest.Response { return sandboxtest.Do(t, sb.URL, balanceReq(master, healthyAds, "")) })
		assert.Equal(t, map[int]int{503: 5, 200: 45}, statuses)
	})

	t.Run("activations_and_loaded_scenarios_survive_a_restart", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: map[string]any{
			"name": "mine", "description": "d", "match": map[string]any{"operation": "getAdAccount"}, "respond": map[string]any{"error": "ErrNoPermission"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		sb.ActivateScenario("mine", sandboxtest.ScenarioScope{Scope: "adAccount", AdAccountID: healthyAds})
		sb.ActivateScenario("kakao-maintenance", sandboxtest.ScenarioScope{Scope: "token", Token: member})
		sb.Restart()
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/20001", Token: master}), 400, -813, 9004)
		assert.Equal(t, 503, sb.Do(balanceReq(member, healthyAds, "")).Status)
		assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "")).Status)
		kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: map[string]any{
			"name": "kakao-maintenance", "description": "d", "match": map[string]any{}, "respond": map[string]any{"drop": true}}}), 409, -2, 0)
	})

	t.Run("flag_activates_at_start", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, func(c *sandbox.Config) { c.Scenarios = []string{"recover-after-failures"} })
		assert.Equal(t, 503, sb.Do(balanceReq(master, healthyAds, "")).Status)
	})

	t.Run("bad_scenarios_are_named", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		for body, want := range map[string]string{
			"name: x\ndescription: d\nmatch: {}\nrespond: {error: ErrNope}\n":         "ErrNope",
			"name: x\ndescription: d\nmatch: {}\nrespond: {delay: soon}\n":            "soon",
			"name: x\ndescription: d\nmatch: {}\nrespond: {drop: true, pass: true}\n": "choose one",
			"name: Bad Name\ndescription: d\nmatch: {}\nrespond: {drop: true}\n":      "lowercase",
			"name: x\ndescription: d\nmatch: {verb: GET}\nrespond: {drop: true}\n":    "verb",
		} {
			r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Header: map[string]string{"Content-Type": "application/yaml"}, Body: body})
			contains(t, kakaoError(t, r, 400, -2, 0), want)
		}
	})
}

func TestJournal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88")))
	sb.Do(vaRequest(member, healthyAds, vaBody(healthyAds, 20000, "04")))
	sb.Do(vaRequest(outsider, healthyAds, vaBody(healthyAds, 30000, "88")))
	sb.Do(balanceReq(master, healthyAds, "kakao-maintenance"))

	count := func(q string) float64 {
		return sb.Do(req{Method: "GET", Path: "/_sandbox/requests?count=true&" + q}).JSON(t)["count"].(float64)
	}
	assert.EqualValues(t, 2, count("operation=createVirtualAccount&body.bankCode=88"))
	assert.EqualValues(t, 1, count("operation=createVirtualAccount&body.bankCode=88&status=200"), "exactly one went through")
	assert.EqualValues(t, 1, count("code=-813&adAccount=20001"), "outsider's 9004")
	assert.EqualValues(t, 2, count("user=1"))
	assert.EqualValues(t, 0, count("since=2999-01-01T00:00:00Z"))
	j := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?operation=getAdAccountBalance"}).JSON(t)
	assert.Equal(t, "kakao-maintenance", j["requests"].([]any)[0].(map[string]any)["scenario"])
	assert.NotContains(t, j["requests"].([]any)[0], "response", "bodies are kept only when asked")

	cleared := sb.Do(req{Method: "DELETE", Path: "/_sandbox/requests"}).JSON(t)["cleared"].(float64)
	assert.GreaterOrEqual(t, cleared, 7.0)
	assert.EqualValues(t, 1, count(""), "only the count call itself")

	bodies := newSandbox(t, func(c *sandbox.Config) { c.JournalBodies = true })
	bodies.Do(balanceReq(master, healthyAds, ""))
	e := bodies.Do(req{Method: "GET", Path: "/_sandbox/requests?operation=getAdAccountBalance"}).JSON(t)["requests"].([]any)[0].(map[string]any)
	assert.Contains(t, e["response"], `"cash":500000`)
}
