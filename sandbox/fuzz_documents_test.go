package sandbox_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// FuzzLoadFixtures posts arbitrary documents to POST /_sandbox/fixtures
// through the real handler, so the domain packages' validation runs on
// whatever parses. A load answers 201 or a Kakao-format 4xx, never a 5xx; a
// refused load writes nothing; and every balance equals its ledger after
// either (rule R01, R02, W15). An accepted load is followed by a restart,
// which must read it back, and a reset to the rules data.
func FuzzLoadFixtures(f *testing.F) {
	sb := fuzzSandbox(f, sandboxtest.NoRateLimits)
	const yaml, jsonType = "application/yaml", "application/json"
	f.Add(shopFixture, yaml, false)
	f.Add(shopFixture, yaml, true)
	f.Add(string(fixtures.Demo), yaml, false)
	f.Add(string(rulesFixture), yaml, true)
	f.Add(`{"users":[{"key":"j","name":"제이"}]}`, jsonType, false)
	f.Add(`{"users":[{"key":"j","name":"제이"},{"key":"j","name":"둘"}]}`, jsonType, false)
	f.Add(`{"users":[{"key":"master","name":"x"}]}`, jsonType, true)
	f.Add("users: [{key: ok-user, name: 괜찮음}]\nwallets: [{key: w1, type: PERSONAL, master: ok-user}, {key: w2, type: BUSINESS, company: nowhere, master: ok-user}]\n", yaml, false)
	f.Add("wallets: [{key: w, type: BUSINESS, company: sky, master: master, paidCash: -1}]\n", yaml, false)
	f.Add("wallets: [{key: w, type: BUSINESS, company: sky, master: master, freeCash: [{amount: 5, expiresAt: \"2025-01-01\", activated: true}]}]\n", yaml, false)
	f.Add("wallets: [{key: healthy-w, type: PERSONAL, master: outsider, paidCash: 9223372036854775807}]\n", yaml, true)
	f.Add("adAccounts: [{key: x, id: 20001, name: x, wallet: healthy-w, members: [{user: master, role: OWNER}]}]\n", yaml, false)
	f.Add("tokens: [{token: short, user: master, app: rules, type: business, scopes: [moment_management]}]\n", yaml, false)
	f.Add("tokens: [{token: test-biz-master, user: member, app: rules, type: login, expiresIn: -5}]\n", yaml, true)
	f.Add("cloud: {}\n", yaml, false)
	f.Add(adsFuzzSeed, yaml, false)
	f.Add(adsFuzzSeed, yaml, true)
	f.Add(strings.Replace(adsFuzzSeed, "dailyBudget: 50000", "config: DEL", 1), yaml, false)
	f.Add("users: [{key: a, nmae: b}]\n", yaml, false)
	f.Add("users: &u [{key: a, name: b}]\napps: *u\n", yaml, false)
	f.Add(yamlBomb(), yaml, false)
	f.Add("---\nusers: []\n---\nusers: []\n", yaml, false)
	f.Add("users: [{key: a, name: b, key: c}]\n", yaml, false)
	f.Add("\t\x00", "text/plain", false)
	f.Add("", yaml, false)
	f.Fuzz(func(t *testing.T, doc, contentType string, replace bool) {
		resetUnlessPassed(t, sb)
		path := "/_sandbox/fixtures"
		if replace {
			path += "?replace=true"
		}
		header := map[string]string{}
		if validHeaderValue(contentType) {
			header["Content-Type"] = contentType
		}
		before := dataSum(t, sb)
		r := sandboxtest.Do(t, sb.URL, req{Method: "POST", Path: path, Header: header, Body: doc})
		what := fmt.Sprintf("POST %s %q (%q)", path, doc, contentType)
		if r.Status != 201 {
			requireKakaoError(t, what, r)
			if dataSum(t, sb) != before {
				t.Fatalf("refused %s (%d) changed the data file: %s", what, r.Status, r.Body)
			}
			sb.RequireLedger()
			return
		}
		sb.RequireLedger()
		sb.Restart()
		sb.RequireLedger()
		resetTo(t, sb)
	})
}

// exchange sends one request and reports the status, or the transport error
// of a dropped connection. Unlike sandboxtest.Do it fails nothing.
func exchange(base string, r req) (int, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	body, _ := r.Body.(string)
	hr, err := http.NewRequest(r.Method, base+r.Path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	if body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	hr.Header.Set("Authorization", "Bearer "+r.Token)
	resp, err := client.Do(hr)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// outcomes lists what a scenario may do.
func outcomes(s *scenarios.Scenario) []scenarios.Outcome {
	if s.Respond != nil {
		return []scenarios.Outcome{*s.Respond}
	}
	out := make([]scenarios.Outcome, 0, len(s.Steps))
	for _, st := range s.Steps {
		out = append(out, st.Outcome)
	}
	return out
}

// FuzzLoadScenario posts arbitrary documents to POST /_sandbox/scenarios
// through the real handler. A load answers 201 or a Kakao-format 4xx, never
// a 5xx; a refused load writes nothing. An accepted scenario must survive a
// restart (it is read back from the data file) and be listed; unless it
// waits, it is then tried once, for one Moment call named by the
// X-Sandbox-Scenario header: that call may fail only as the scenario says
// (its own error status, or a dropped connection it asks for).
func FuzzLoadScenario(f *testing.F) {
	sb := fuzzSandbox(f, sandboxtest.NoRateLimits)
	const yaml, jsonType = "application/yaml", "application/json"
	f.Add("name: five-failures\ndescription: five balance calls fail\nmatch: {operation: getAdAccountBalance}\nrespond: {error: ErrMaintenance}\ntimes: 5\n", yaml)
	f.Add(`{"name":"mine","description":"d","match":{"operation":"getAdAccount"},"respond":{"error":"ErrNoPermission"}}`, jsonType)
	f.Add("name: steps\ndescription: d\nmatch: {method: GET, path: /openapi/*}\nsteps: [{error: ErrMaintenance, times: 2}, {pass: true}]\n", yaml)
	f.Add("name: custom\ndescription: d\nmatch: {headers: {adAccountId: \"20001\"}}\nrespond: {status: 502, code: -1, msg: bad gateway, retryAfter: 3}\nevery: 2\nafter: 1\n", yaml)
	f.Add("name: body-match\ndescription: d\nmatch: {body: {bankCode: \"88\"}, query: {}}\nrespond: {body: malformed}\n", yaml)
	f.Add("name: dropper\ndescription: d\nmatch: {}\nrespond: {drop: true}\n", yaml)
	f.Add("name: swallower\ndescription: d\nmatch: {operation: depositToVirtualAccount}\nrespond: {swallow: true}\n", yaml)
	f.Add("name: quick\ndescription: d\nmatch: {}\nrespond: {delay: 1ms-2ms, body: empty}\n", yaml)
	f.Add("name: trickle\ndescription: d\nmatch: {}\nrespond: {trickle: 1ms}\n", yaml)
	f.Add("name: kakao-maintenance\ndescription: d\nmatch: {}\nrespond: {drop: true}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {error: ErrNope}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {delay: soon}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {drop: true, pass: true}\n", yaml)
	f.Add("name: Bad Name\ndescription: d\nmatch: {}\nrespond: {drop: true}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {verb: GET}\nrespond: {drop: true}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {status: 399}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {body: {a: {b: [1, {c: d}]}}}\nrespond: {status: 418}\n", yaml)
	f.Add("name: x\ndescription: d\nmatch: {}\n", yaml)
	f.Add("name: intkey\ndescription: d\nmatch: {body: {1: x}}\nrespond: {drop: true}\n", yaml)
	f.Add("name: stamp\ndescription: d\nmatch: {body: {a: 2001-12-14t21:59:43.10-05:00, b: !!binary aGk=}}\nrespond: {error: ErrMaintenance}\n", yaml)
	f.Add("", yaml)
	// The shipped library, each under another name: loaded under its own it
	// would only be refused (a shipped scenario cannot be replaced).
	lib, err := scenarios.Library()
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range scenarios.Names(lib) {
		src := string(lib[name].Source)
		own := strings.Replace(src, "name: "+name+"\n", "name: lib-"+name+"\n", 1)
		if own == src {
			f.Fatalf("shipped scenario %s has no line \"name: %s\" to rename", name, name)
		}
		f.Add(own, yaml)
	}
	f.Fuzz(func(t *testing.T, doc, contentType string) {
		resetUnlessPassed(t, sb)
		header := map[string]string{}
		if validHeaderValue(contentType) {
			header["Content-Type"] = contentType
		}
		before := dataSum(t, sb)
		r := sandboxtest.Do(t, sb.URL, req{Method: "POST", Path: "/_sandbox/scenarios", Header: header, Body: doc})
		what := fmt.Sprintf("POST /_sandbox/scenarios %q (%q)", doc, contentType)
		if r.Status != 201 {
			requireKakaoError(t, what, r)
			if dataSum(t, sb) != before {
				t.Fatalf("refused %s (%d) changed the data file: %s", what, r.Status, r.Body)
			}
			return
		}
		s, err := scenarios.Parse([]byte(doc))
		if err != nil {
			t.Fatalf("%s was loaded, but scenarios.Parse refuses it: %v", what, err)
		}
		sb.Restart()
		if l := sandboxtest.Do(t, sb.URL, req{Method: "GET", Path: "/_sandbox/scenarios"}); l.Status != 200 {
			t.Fatalf("after %s, GET /_sandbox/scenarios answered %d: %s", what, l.Status, l.Body)
		}
		tryScenario(t, sb, s, what)
		resetTo(t, sb)
	})
}

// tryScenario makes one Moment call under s, unless s waits, and fails t if
// the call fails in a way s does not ask for. A swallowed Moment call is a
// 202 the document does not list, which strict mode answers with a 500: the
// documented limit of swallow under --strict (docs/scenarios.md).
func tryScenario(t *testing.T, sb *sandboxtest.Sandbox, s *scenarios.Scenario, what string) {
	t.Helper()
	allowed := map[int]bool{}
	drops := false
	for _, o := range outcomes(s) {
		if o.Delay.Max > 50*time.Millisecond || o.FirstByteDelay.Max > 50*time.Millisecond || o.Trickle.Max > 5*time.Millisecond {
			return
		}
		drops = drops || o.Drop
		if o.Swallow {
			allowed[http.StatusInternalServerError] = true
		}
		if e := o.KakaoError(); e != nil {
			allowed[e.Status] = true
		}
	}
	for _, call := range []req{
		{Method: "GET", Path: "/openapi/v4/adAccounts/balance", Token: master, Header: map[string]string{"adAccountId": "20001", "X-Sandbox-Scenario": s.Name}},
		withScenario(vaRequest(master, healthyAds, `{"adAccountId":20001,"amount":300000,"bankCode":"88"}`), s.Name),
	} {
		status, err := exchange(sb.URL, call)
		switch {
		case err != nil && !drops:
			t.Fatalf("after %s, %s %s under it failed: %v", what, call.Method, call.Path, err)
		case status >= 500 && !allowed[status]:
			t.Fatalf("after %s, %s %s under it answered %d", what, call.Method, call.Path, status)
		}
	}
}

// adsFuzzSeed is a campaign, ad group and creatives on the rules data.
const adsFuzzSeed = `campaigns: [{key: c, adAccount: healthy-ads, name: c, type: DISPLAY, goal: VISITING, dailyBudget: 50000}]
adGroups: [{key: g, campaign: c, name: g, pricingType: CPM, pacing: NORMAL, bidAmount: 100, dailyBudget: 10000, schedule: {beginDate: "-1d", endDate: "+3d"}}]
creatives: [{key: w, adGroup: g, name: w, review: WAITING}, {key: r, adGroup: g, name: r, review: REJECTED, rejectedReason: x}]
`
