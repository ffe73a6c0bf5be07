package scenarios

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// parse is Parse; the corpus's regression-KB4-* inputs once made yaml.v3
// panic inside it.
func parse(t *testing.T, data []byte) (*Scenario, error) {
	t.Helper()
	return Parse(data)
}

// FuzzParseScenario: Parse never panics, refuses with a -2 (HTTP 400) that
// names the problem (rule R01), and what it accepts is a scenario the
// sandbox can run: the stored source parses again (a restart reads it back),
// matching and deciding never panic, every decision is one of the
// scenario's own outcomes, and every error it answers has an error status.
// Loading through the handler is sandbox.FuzzLoadScenario's job.
//
//	go test ./internal/scenarios -run '^$' -fuzz '^FuzzParseScenario$' -fuzztime 60s
func FuzzParseScenario(f *testing.F) {
	lib, err := Library()
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range Names(lib) {
		f.Add(string(lib[name].Source))
	}
	f.Add(`{"name":"mine","description":"d","match":{"operation":"getAdAccount"},"respond":{"error":"ErrNoPermission"}}`)
	f.Add("name: s\ndescription: d\nmatch: {body: {a: {b: [1, {c: d}]}}, query: {q: \"1\"}}\nsteps: [{error: ErrMaintenance, times: 2}, {delay: 1s-3s, pass: true}]\nevery: 2\nafter: 1\ntimes: 3\n")
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {status: 599, code: -1, retryAfter: -1}\n")
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {delay: 3s-1s}\n")
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {trickle: 0s}\n")
	f.Add("name: x\ndescription: d\nmatch: {body: {a: .nan}}\nrespond: {drop: true}\n")
	f.Add("name: x\ndescription: d\nmatch: {body: {a: {1: x}}}\nrespond: {drop: true}\n")
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {body: truncated}\n")
	f.Add("name: x\ndescription: d\nmatch: {}\nrespond: {error: ErrMaintenance}\nrespond: {drop: true}\n")
	f.Add("")
	req := Request{Operation: "createVirtualAccount", Method: "POST", Path: "/openapi/v4/billing/virtualAccount",
		Query: url.Values{"q": {"1"}}, Header: http.Header{"Adaccountid": {"20001"}}, Body: map[string]any{"bankCode": "88", "a": 1.0}}
	f.Fuzz(func(t *testing.T, data string) {
		s, err := parse(t, []byte(data))
		if err != nil {
			ke, ok := kakao.As(err)
			if !ok || ke.Status != http.StatusBadRequest || ke.Code != -2 || ke.Msg == "" {
				t.Fatalf("Parse(%q) refused it without a -2: %v", data, err)
			}
			return
		}
		if _, err := parse(t, s.Source); err != nil {
			t.Fatalf("Parse(%q) accepted it, but its stored source does not parse again: %v", data, err)
		}
		s.Match.Matches(req)
		own := []Outcome{}
		if s.Respond != nil {
			own = append(own, *s.Respond)
		}
		for _, st := range s.Steps {
			own = append(own, st.Outcome)
		}
		for n := uint64(1); n <= 20; n++ {
			o, ok := s.Decide(n)
			if !ok {
				continue
			}
			found := false
			for _, x := range own {
				found = found || reflect.DeepEqual(o, x)
			}
			if !found {
				t.Fatalf("Parse(%q): decision %d is %+v, none of the scenario's outcomes", data, n, o)
			}
			if e := o.KakaoError(); e != nil && (e.Status < 400 || e.Status > 599) {
				t.Fatalf("Parse(%q): decision %d answers status %d", data, n, e.Status)
			}
		}
	})
}
