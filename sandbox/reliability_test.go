package sandbox_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

const vaPath = "/openapi/v4/billing/virtualAccount"

var vaHeader = map[string]string{"adAccountId": "20001", "Authorization": "Bearer " + master}

func withHeader(extra map[string]string) map[string]string {
	h := map[string]string{"adAccountId": "20001", "Authorization": "Bearer " + master}
	for k, v := range extra {
		if v == "" {
			delete(h, k)
		} else {
			h[k] = v
		}
	}
	return h
}

// badInputs are requests no client should send. Each must get a Kakao-format
// 4xx, never a 500 and never a dropped connection (rule R01).
var badInputs = []struct {
	name        string
	method      string
	path        string
	header      map[string]string
	body        string
	contentType string
	status      int
}{
	{"malformed JSON", "POST", vaPath, vaHeader, `{"adAccountId":`, "", 400},
	{"not JSON", "POST", vaPath, vaHeader, `hello`, "", 400},
	{"JSON array", "POST", vaPath, vaHeader, `[]`, "", 400},
	{"JSON null", "POST", vaPath, vaHeader, `null`, "", 400},
	{"empty body", "POST", vaPath, vaHeader, ``, "", 400},
	{"amount as string", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":"1000","bankCode":"88"}`, "", 400},
	{"amount with a fraction", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000.5,"bankCode":"88"}`, "", 400},
	{"amount beyond int64", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1e30,"bankCode":"88"}`, "", 400},
	{"amount above the maximum", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000000000001,"bankCode":"88"}`, "", 400},
	{"negative ad account", "POST", vaPath, withHeader(map[string]string{"adAccountId": "-1"}), `{"adAccountId":-1,"amount":1000,"bankCode":"88"}`, "", 400},
	{"bank code null", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000,"bankCode":null}`, "", 400},
	{"bank code not valid UTF-8", "POST", vaPath, vaHeader, "{\"adAccountId\":20001,\"amount\":1000,\"bankCode\":\"\xff\"}", "", 400},
	{"unknown field", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000,"bankCode":"88","memo":"x"}`, "", 400},
	{"duplicate key", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000,"amount":5000,"bankCode":"88"}`, "", 400},
	{"trailing data", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000,"bankCode":"88"} x`, "", 400},
	{"nested too deep", "POST", vaPath, vaHeader, strings.Repeat("[", 5000) + strings.Repeat("]", 5000), "", 400},
	{"huge body", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000,"bankCode":"` + strings.Repeat("8", 2<<20) + `"}`, "", 413},
	{"text/plain body", "POST", vaPath, vaHeader, `{"adAccountId":20001,"amount":1000,"bankCode":"88"}`, "text/plain", 400},
	{"unknown path", "GET", "/openapi/v4/nothing", vaHeader, "", "", 404},
	{"trailing slash", "POST", vaPath + "/", vaHeader, `{}`, "", 404},
	{"very long path", "GET", "/" + strings.Repeat("a", 8000), nil, "", "", 404},
	{"wrong method", "DELETE", vaPath, vaHeader, "", "", 405},
	{"missing adAccountId header", "GET", "/openapi/v4/adAccounts/balance", withHeader(map[string]string{"adAccountId": ""}), "", "", 400},
	{"adAccountId header not a number", "GET", "/openapi/v4/adAccounts/balance", withHeader(map[string]string{"adAccountId": "abc"}), "", "", 400},
	{"adAccountId header zero", "GET", "/openapi/v4/adAccounts/balance", withHeader(map[string]string{"adAccountId": "0"}), "", "", 400},
	{"no Authorization", "GET", "/openapi/v4/adAccounts/balance", withHeader(map[string]string{"Authorization": ""}), "", "", 401},
	{"Basic Authorization", "GET", "/openapi/v4/adAccounts/balance", withHeader(map[string]string{"Authorization": "Basic YTpi"}), "", "", 401},
	{"unknown token", "GET", "/openapi/v4/adAccounts/balance", withHeader(map[string]string{"Authorization": "Bearer nope"}), "", "", 401},
	{"advance with both fields", "POST", "/_sandbox/clock/advance", nil, `{"duration":"1h","to":"2030-01-01T00:00:00+09:00"}`, "", 400},
	{"advance with neither field", "POST", "/_sandbox/clock/advance", nil, `{}`, "", 400},
	{"advance by a negative duration", "POST", "/_sandbox/clock/advance", nil, `{"duration":"-1h"}`, "", 400},
	{"advance into the past", "POST", "/_sandbox/clock/advance", nil, `{"to":"2020-01-01T00:00:00+09:00"}`, "", 400},
	{"advance to a bad time", "POST", "/_sandbox/clock/advance", nil, `{"to":"tomorrow"}`, "", 400},
	{"fixture with an unknown field", "POST", "/_sandbox/fixtures", nil, `{"users":[{"key":"x","name":"x","nmae":"y"}]}`, "", 400},
	{"fixture with a bad reference", "POST", "/_sandbox/fixtures", nil, `{"wallets":[{"key":"w","type":"PERSONAL","master":"nobody"}]}`, "", 400},
	{"fixture with a YAML alias bomb", "POST", "/_sandbox/fixtures", nil, yamlBomb(), "application/yaml", 400},
	{"fixture with duplicate YAML keys", "POST", "/_sandbox/fixtures", nil, "users: []\nusers: []\n", "application/yaml", 400},
	{"fixture with a cloud organization missing its name", "POST", "/_sandbox/fixtures", nil, `{"cloud":{"organizations":[{"key":"o","memberType":"BUSINESS"}]}}`, "", 400},
	{"fixture that is not a mapping", "POST", "/_sandbox/fixtures", nil, "- a\n- b\n", "application/yaml", 400},
	{"deposit to an unknown account", "POST", "/_sandbox/virtual-accounts/123/deposits", nil, `{"amount":1000}`, "", 400},
	{"deposit amount as string", "POST", "/_sandbox/virtual-accounts/123/deposits", nil, `{"amount":"1000"}`, "", 400},
	{"account number with odd characters", "GET", "/_sandbox/virtual-accounts/a%20b", nil, "", "", 400},
	{"spend on an unknown ad account", "POST", "/_sandbox/ad-accounts/424242/spend", nil, `{"amount":1000}`, "", 400},
	{"spend on a non-numeric ad account", "POST", "/_sandbox/ad-accounts/abc/spend", nil, `{"amount":1000}`, "", 400},
	{"spend a negative amount", "POST", "/_sandbox/ad-accounts/20001/spend", nil, `{"amount":-1000}`, "", 400},
	{"sanction an unknown wallet", "PUT", "/_sandbox/wallets/999/sanction", nil, `{"suspended":true}`, "", 404},
	{"free cash already expired", "POST", "/_sandbox/wallets/1/free-cash", nil, `{"amount":1000,"expiresAt":"2020-01-01"}`, "", 400},
	{"free cash with a bad date", "POST", "/_sandbox/wallets/1/free-cash", nil, `{"amount":1000,"expiresAt":"2020-13-45"}`, "", 400},
	{"reset to an unknown fixture set", "POST", "/_sandbox/reset", nil, `{"fixtures":"prod"}`, "", 400},
	{"token for an unknown user", "POST", "/_sandbox/tokens", nil, `{"user":"nobody","app":"rules","type":"business"}`, "", 404},
	{"token with a scope the app lacks", "POST", "/_sandbox/tokens", nil, `{"user":"master","app":"rules","type":"business","scopes":["moment_delete"]}`, "", 400},
	{"journal limit zero", "GET", "/_sandbox/requests?limit=0", nil, "", "", 400},
}

func yamlBomb() string {
	var b strings.Builder
	b.WriteString("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&b, "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = n
	}
	b.WriteString("users: *i\n")
	return b.String()
}

func rulesReliability(t *testing.T) {
	t.Run("R01_bad_input_gets_a_kakao_4xx", func(t *testing.T) {
		require.GreaterOrEqual(t, len(badInputs), 30)
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		before := balance(t, sb, master, healthyAds)
		for _, tt := range badInputs {
			t.Run(tt.name, func(t *testing.T) {
				header := map[string]string{}
				for k, v := range tt.header {
					header[k] = v
				}
				if tt.contentType != "" {
					header["Content-Type"] = tt.contentType
				}
				var body any
				if tt.body != "" {
					body = tt.body
				}
				r := sb.Do(req{Method: tt.method, Path: tt.path, Header: header, Body: body})
				require.Equal(t, tt.status, r.Status, "%s", r.Body)
				assert.Equal(t, "application/json;charset=UTF-8", r.Header.Get("Content-Type"))
				m := r.JSON(t)
				assert.IsType(t, float64(0), m["code"], "a Kakao code: %s", r.Body)
				assert.NotEmpty(t, m["msg"], "a message saying what was wrong: %s", r.Body)
				assert.NotEmpty(t, r.Header.Get("X-Kakao-Request-Id"))
			})
		}
		assert.Equal(t, before, balance(t, sb, master, healthyAds), "nothing half-written")
		sb.RequireLedger()
	})

	t.Run("R03_concurrent_deposits_credit_once", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		before := balance(t, sb, master, healthyAds)
		acct := issue(sb, master, healthyAds, 77000)
		statuses := parallel(20, func(int) sandboxtest.Response { return tryDeposit(sb, acct, 77000) })
		assert.Equal(t, 1, statuses[http.StatusOK], "exactly one deposit lands: %v", statuses)
		assert.Equal(t, 19, statuses[http.StatusBadRequest], "%v", statuses)
		assert.Equal(t, before.Cash+77000, balance(t, sb, master, healthyAds).Cash)
		sb.RequireLedger()
	})

	t.Run("R03_concurrent_spends_never_overdraw", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		require.EqualValues(t, 30000, balance(t, sb, personal, personalAds).Cash)
		statuses := parallel(50, func(int) sandboxtest.Response {
			r := trySpend(sb, personalAds, 1000)
			if r.Status != http.StatusOK {
				kakaoError(t, r, 403, -6, kakao.ErrInsufficientCash.DetailCode)
			}
			return r
		})
		assert.Equal(t, 30, statuses[http.StatusOK], "%v", statuses)
		assert.EqualValues(t, 0, balance(t, sb, personal, personalAds).Cash)
		sb.RequireLedger()
	})
}

// parallel runs n calls at once and counts their statuses.
func parallel(n int, call func(i int) sandboxtest.Response) map[int]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counts := map[int]int{}
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := call(i)
			mu.Lock()
			counts[r.Status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return counts
}
