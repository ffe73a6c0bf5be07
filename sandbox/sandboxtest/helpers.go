package sandboxtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// call makes a request whose answer must have status want, decodes the body
// into out (when out is not nil), and otherwise fails with Kakao's body.
// Decoding is strict: a field the kit does not know is a drift between kit
// and sandbox, and fails too.
func (s *Sandbox) call(helper string, want int, r Request, out any) {
	s.report.Helper()
	resp, err := send(s.client, s.URL, r)
	if err != nil {
		s.report.Fatalf("sandboxtest: %s: %v", helper, err)
	}
	if resp.Status != want {
		s.report.Fatalf("sandboxtest: %s: %s %s answered %d, want %d: %s", helper, r.Method, r.Path, resp.Status, want, resp.Body)
	}
	if out == nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		s.report.Fatalf("sandboxtest: %s: %s %s: decode: %v: %s", helper, r.Method, r.Path, err, resp.Body)
	}
}

// MintToken mints a business or Kakao Login token through POST
// /_sandbox/tokens and returns its text.
func (s *Sandbox) MintToken(p TokenParams) string {
	s.report.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
		Scope       string `json:"scope"`
	}
	s.call("MintToken", http.StatusCreated, Request{Method: "POST", Path: "/_sandbox/tokens", Body: p}, &out)
	return out.AccessToken
}

// IssueVirtualAccount asks for a virtual account exactly as a Kakao client
// does: POST /openapi/v4/billing/virtualAccount with a business token and the
// adAccountId header. Mind the default limit of one call per second per user
// (NoRateLimits, or Wall.Advance between calls).
func (s *Sandbox) IssueVirtualAccount(token string, adAccountID, amount int64, bankCode string) VirtualAccount {
	s.report.Helper()
	var va VirtualAccount
	s.call("IssueVirtualAccount", http.StatusOK, Request{Method: "POST", Path: "/openapi/v4/billing/virtualAccount", Token: token,
		Header: map[string]string{"adAccountId": strconv.FormatInt(adAccountID, 10)},
		Body:   map[string]any{"adAccountId": adAccountID, "amount": amount, "bankCode": bankCode}}, &va)
	return va
}

// Deposit simulates the bank transfer into a virtual account (POST
// /_sandbox/virtual-accounts/{n}/deposits). Only a credited deposit is
// expected: for a refused one, or the deposit-never-arrives scenario's 202,
// use Do.
func (s *Sandbox) Deposit(accountNumber string, amount int64) Deposit {
	s.report.Helper()
	var d Deposit
	s.call("Deposit", http.StatusOK, Request{Method: "POST", Path: "/_sandbox/virtual-accounts/" + url.PathEscape(accountNumber) + "/deposits",
		Body: map[string]any{"amount": amount}}, &d)
	return d
}

// Spend simulates ad spend on an ad account (POST
// /_sandbox/ad-accounts/{id}/spend): activated free cash first, then paid cash.
func (s *Sandbox) Spend(adAccountID, amount int64) Spent {
	s.report.Helper()
	var sp Spent
	s.call("Spend", http.StatusOK, Request{Method: "POST", Path: fmt.Sprintf("/_sandbox/ad-accounts/%d/spend", adAccountID),
		Body: map[string]any{"amount": amount}}, &sp)
	return sp
}

// Advance moves sandbox time forward by duration (Go syntax plus days: 7d,
// 1d12h, 90m) through POST /_sandbox/clock/advance, running every effect that
// falls due on the way, and reports them. Rate limits run on Wall, not on
// sandbox time.
func (s *Sandbox) Advance(duration string) Advanced {
	s.report.Helper()
	var a Advanced
	s.call("Advance", http.StatusOK, Request{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": duration}}, &a)
	return a
}

// GrantFreeCash gives a wallet free cash that can be spent through the end of
// the KST date expiresAt (2006-01-02), and only once activated (POST
// /_sandbox/wallets/{id}/free-cash).
func (s *Sandbox) GrantFreeCash(walletID, amount int64, expiresAt string, activated bool) Grant {
	s.report.Helper()
	var g Grant
	s.call("GrantFreeCash", http.StatusCreated, Request{Method: "POST", Path: fmt.Sprintf("/_sandbox/wallets/%d/free-cash", walletID),
		Body: map[string]any{"amount": amount, "expiresAt": expiresAt, "activated": activated}}, &g)
	return g
}

// LoadFixtures loads a fixture document (YAML or JSON) on top of the state,
// all or nothing, through POST /_sandbox/fixtures, and returns the ids it
// assigned by kind and key: ids["adAccounts"]["shop-ads"]. A key that exists
// already fails.
func (s *Sandbox) LoadFixtures(doc []byte) map[string]map[string]int64 {
	s.report.Helper()
	contentType := "application/yaml"
	if trimmed := bytes.TrimSpace(doc); len(trimmed) > 0 && trimmed[0] == '{' {
		contentType = "application/json"
	}
	var out struct {
		IDs       map[string]map[string]int64 `json:"ids"`
		Loaded    map[string]int              `json:"loaded"`    // entries by list
		ElapsedMs int64                       `json:"elapsedMs"` // how long the load took
	}
	s.call("LoadFixtures", http.StatusCreated, Request{Method: "POST", Path: "/_sandbox/fixtures",
		Header: map[string]string{"Content-Type": contentType}, Body: doc}, &out)
	return out.IDs
}

// ActivateScenario switches a failure scenario on in a scope (PUT
// /_sandbox/scenarios/{name}/activation). The sandbox is the test's own, so
// nothing needs switching off afterwards.
func (s *Sandbox) ActivateScenario(name string, scope ScenarioScope) {
	s.report.Helper()
	s.call("ActivateScenario", http.StatusOK, Request{Method: "PUT", Path: "/_sandbox/scenarios/" + url.PathEscape(name) + "/activation", Body: scope}, nil)
}

// Requests reads the request journal, newest first (GET /_sandbox/requests).
func (s *Sandbox) Requests(f RequestFilter) []JournalEntry {
	s.report.Helper()
	q := url.Values{}
	set := func(k string, v int64) {
		if v != 0 {
			q.Set(k, strconv.FormatInt(v, 10))
		}
	}
	if f.Operation != "" {
		q.Set("operation", f.Operation)
	}
	set("status", int64(f.Status))
	set("code", int64(f.Code))
	set("user", f.User)
	set("adAccount", f.AdAccount)
	set("limit", int64(f.Limit))
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(time.RFC3339Nano))
	}
	for field, v := range f.Body {
		q.Set("body."+field, v)
	}
	path := "/_sandbox/requests"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out struct {
		Count    int            `json:"count"`
		Requests []JournalEntry `json:"requests"`
	}
	s.call("Requests", http.StatusOK, Request{Method: "GET", Path: path}, &out)
	return out.Requests
}
