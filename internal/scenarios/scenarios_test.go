package scenarios

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func decisions(s *Scenario, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		o, ok := s.Decide(uint64(i))
		switch {
		case !ok:
			out = append(out, "-")
		case o.Pass:
			out = append(out, "pass")
		default:
			out = append(out, o.Error)
		}
	}
	return out
}

func TestDecide(t *testing.T) {
	fail := &Outcome{Error: "ErrMaintenance"}
	tests := []struct {
		name string
		s    Scenario
		want string
	}{
		{"always", Scenario{Respond: fail}, "E E E E E E"},
		{"times", Scenario{Respond: fail, Times: 2}, "E E - - - -"},
		{"after", Scenario{Respond: fail, After: 3}, "- - - E E E"},
		{"every", Scenario{Respond: fail, Every: 3}, "- - E - - E"},
		{"every with times", Scenario{Respond: fail, Every: 2, Times: 2}, "- E - E - -"},
		{"after then every", Scenario{Respond: fail, After: 1, Every: 2}, "- - E - E -"},
		{"steps", Scenario{Steps: []Step{{Outcome: *fail, Times: 2}, {Outcome: Outcome{Pass: true}}}}, "E E pass pass pass pass"},
		{"steps used up", Scenario{Steps: []Step{{Outcome: *fail, Times: 1}, {Outcome: Outcome{Pass: true}, Times: 1}}}, "E pass - - - -"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(decisions(&tt.s, 6), " ")
			assert.Equal(t, tt.want, strings.ReplaceAll(got, "ErrMaintenance", "E"))
		})
	}
}

func TestMatch(t *testing.T) {
	m := Match{Operation: "createVirtualAccount,createVirtualAccountWithGet", Path: "/openapi/*", Headers: map[string]string{"adAccountId": "10001"},
		Body: map[string]any{"bankCode": "88", "amount": 1000}}
	r := Request{Operation: "createVirtualAccountWithGet", Method: "GET", Path: "/openapi/v4/billing/virtualAccount",
		Header: http.Header{"Adaccountid": {"10001"}}, Body: map[string]any{"bankCode": "88", "amount": 1000.0}}
	assert.True(t, m.Matches(r))
	r.Body["bankCode"] = "04"
	assert.False(t, m.Matches(r))
	assert.False(t, Match{Method: "POST"}.Matches(r))
	assert.False(t, Match{Path: "/openapi/v4"}.Matches(r), "a path without * is exact")
}

func TestRange(t *testing.T) {
	r, err := parseRange("1s-3s")
	require.NoError(t, err)
	assert.Equal(t, Range{time.Second, 3 * time.Second}, r)
	_, err = parseRange("3s-1s")
	assert.Error(t, err)
	data, err := r.MarshalJSON()
	require.NoError(t, err)
	var back Range
	require.NoError(t, yaml.Unmarshal(data, &back), "what the API shows reads back as the file format")
	assert.Equal(t, r, back)
}

// TestLibraryIsDocumentedAndTested: every shipped scenario has a line in docs/scenarios.md
// and a black-box test in sandbox/scenarios_test.go.
func TestLibraryIsDocumentedAndTested(t *testing.T) {
	lib, err := Library()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(lib), 12)
	readme, err := os.ReadFile("../../docs/scenarios.md")
	require.NoError(t, err)
	tests, err := os.ReadFile("../../sandbox/scenarios_test.go")
	require.NoError(t, err)
	for name := range lib {
		assert.True(t, strings.Contains(string(readme), "| `"+name+"` |"), "docs/scenarios.md has no line for %s", name)
		assert.True(t, strings.Contains(string(tests), `t.Run("`+name+`"`), "sandbox/scenarios_test.go has no test for %s", name)
	}
}

// TestBodyMatchesAreScalars: a body match the control plane could not show
// back (NaN, infinity, a mapping) is refused when loaded, not stored to
// answer 500 later (found by FuzzLoadScenario).
func TestBodyMatchesAreScalars(t *testing.T) {
	for _, body := range []string{"{amount: .nan}", "{amount: .inf}", "{amount: {a: 1}}", "{amount: [1, 2]}", "{amount: {1: x}}"} {
		_, err := Parse([]byte("{name: s, description: d, match: {body: " + body + "}, respond: {error: ErrMaintenance}}"))
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), "match.body", body)
	}
	_, err := Parse([]byte(`{name: s, description: d, match: {body: {bankCode: "88", amount: 1000, on: true, gone: null}}, respond: {error: ErrMaintenance}}`))
	assert.NoError(t, err)
}
