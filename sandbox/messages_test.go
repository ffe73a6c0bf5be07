package sandbox_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// goWords are what a message must never say: they speak of the sandbox's
// Go code, not of the request the client wrote (issue 20, item 8).
var goWords = []string{"json:", "Go struct", "Go value", "int64", "uint64", "int32", "float64",
	"unmarshal", "strconv", "json.Number", "struct", "map[", "[]", "interface {", "invalid syntax", "reflect"}

// wrongKinds are values of the wrong kind for a property of each JSON
// Schema type, written as JSON.
var wrongKinds = map[string][]string{
	"integer": {`1e3`, `1.5`, `"abc"`, `true`, `{}`, `[]`, `null`, `1e20`, `18446744073709551616`, `-99999999999999999999`, `-1`},
	"string":  {`123`, `true`, `{}`, `[]`, `null`},
	"boolean": {`"yes"`, `1`, `{}`, `null`},
	"array":   {`"abc"`, `{}`, `1`, `null`},
	"object":  {`"abc"`, `[]`, `1`, `null`},
}

// badParams are path, query and header values of the wrong kind, by the
// parameter's type ("-1" is tried on path ids only: a query may take it).
var badParams = map[string][]string{
	"integer": {"abc", "1.5", "1e3", "-1", "99999999999999999999", "18446744073709551616"},
	"boolean": {"maybe", "2"},
}

// probe is one bad request and the name its answer must give.
type probe struct {
	what  string // for the failure message
	field string // the name the message must contain
	r     *http.Request
}

// TestMessagesNameTheField walks every operation of the OpenAPI document and
// sends, for each property of its JSON body and each numeric parameter in
// its path, query or headers, values of the wrong kind: every answer is a
// Kakao-format 4xx whose message names the property in the client's words,
// never a Go type (docs/errors.md).
func TestMessagesNameTheField(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Default()
	require.NoError(t, err)
	for _, op := range spec.Operations {
		probes := func(sb *sandboxtest.Sandbox) []probe {
			return append(bodyProbes(t, sb.URL, op), parameterProbes(t, sb.URL, op)...)
		}
		if len(probes(&sandboxtest.Sandbox{})) == 0 {
			continue
		}
		t.Run(op.ID, func(t *testing.T) {
			t.Parallel()
			sb := exampleSandbox(t, op.ID) // what the examples name
			for _, p := range probes(sb) {
				resp, err := noRedirects.Do(p.r)
				require.NoError(t, err)
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.NoError(t, err)
				plainRefusal(t, p.what, p.field, resp.StatusCode, body)
			}
		})
	}
}

// plainRefusal asserts a Kakao-format 4xx whose message names field and
// says nothing of Go.
func plainRefusal(t *testing.T, what, field string, status int, body []byte) {
	t.Helper()
	if !assert.True(t, status >= 400 && status < 500, "%s answered %d: %s", what, status, body) {
		return
	}
	var m map[string]any
	if !assert.NoError(t, json.Unmarshal(body, &m), "%s: %s", what, body) {
		return
	}
	msg, _ := m["msg"].(string)
	t.Logf("PROBE %s => %d %s", what, status, body)
	if d, ok := m["error_description"].(string); ok {
		msg = d
	}
	named := strings.Contains(msg, field)
	if extras, ok := m["extras"].(map[string]any); ok && extras["detailMsg"] != nil {
		// A business rule or a Kakao limit refused the value (an amount of
		// -1 under W14, a bid under Moment's minimum): Moment's envelope says
		// why in detailMsg, which must name the rule or the field.
		detail := fmt.Sprint(extras["detailMsg"])
		named = named || strings.Contains(detail, field) || regexp.MustCompile(`\([A-Z]\d\d\)`).MatchString(detail)
		msg += " " + detail
	}
	assert.True(t, named, "%s: %q names neither the field nor the rule", what, msg)
	for _, w := range goWords {
		assert.NotContains(t, msg, w, "%s: the message speaks Go", what)
	}
}

// bodyProbes are the operation's example request with one property of its
// JSON body (or of an object in it) replaced by a value of the wrong kind.
func bodyProbes(t *testing.T, base string, op *openapi.Operation) []probe {
	rb := op.Spec().RequestBody
	if rb == nil || rb.Value.Content.Get("application/json") == nil {
		return nil
	}
	mt := rb.Value.Content.Get("application/json")
	example := mt.Example
	if example == nil {
		example = firstExample(mt.Examples)
	}
	fields, ok := example.(map[string]any)
	if !ok || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	var out []probe
	var walk func(prefix string, schema *openapi3.Schema, set func(name, raw string) []byte)
	walk = func(prefix string, schema *openapi3.Schema, set func(name, raw string) []byte) {
		for _, name := range slices.Sorted(mapKeys(schema.Properties)) {
			ps := schema.Properties[name].Value
			for _, typ := range typesOf(ps) {
				kinds := wrongKinds[typ]
				if ps.Format != "" && typ == "string" {
					kinds = append(slices.Clip(kinds), `"abc"`) // not a date-time
				}
				for _, raw := range kinds {
					if raw == "null" && ps.Nullable {
						continue
					}
					if base == "" { // counting only
						out = append(out, probe{})
						continue
					}
					r, _ := exampleRequest(t, base, op, "")
					data := set(name, raw)
					r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(data)), int64(len(data))
					out = append(out, probe{what: fmt.Sprintf("%s %s with %s", op.ID, data, raw), field: prefix + name, r: r})
				}
			}
			if inner, ok := fields[name].(map[string]any); ok && slices.Contains(typesOf(ps), "object") {
				walk(prefix+name+".", ps, func(n, raw string) []byte {
					return withRaw(t, fields, name, withRaw(t, inner, n, []byte(raw)))
				})
			}
		}
	}
	walk("", mt.Schema.Value, func(name, raw string) []byte { return withRaw(t, fields, name, []byte(raw)) })
	return out
}

// withRaw is fields as JSON with name set to raw.
func withRaw(t *testing.T, fields map[string]any, name string, raw []byte) []byte {
	m := map[string]json.RawMessage{}
	for k, v := range fields {
		m[k] = json.RawMessage(mustJSON(t, v))
	}
	m[name] = raw
	data, err := json.Marshal(m)
	require.NoError(t, err)
	return data
}

// parameterProbes are the operation's example request with one numeric or
// boolean path, query or header parameter replaced by a value of the wrong
// kind.
func parameterProbes(t *testing.T, base string, op *openapi.Operation) []probe {
	var out []probe
	for _, ref := range op.Spec().Parameters {
		p := ref.Value
		if p.Schema == nil || len(typesOf(p.Schema.Value)) != 1 {
			continue
		}
		bads := badParams[typesOf(p.Schema.Value)[0]]
		if p.Schema.Value.Format != "" && typesOf(p.Schema.Value)[0] == "string" {
			bads = []string{"abc"}
		}
		for _, bad := range bads {
			if bad == "-1" && p.In != "path" {
				continue // a negative query value may mean something (a Kakao code)
			}
			if base == "" {
				out = append(out, probe{})
				continue
			}
			r, _ := exampleRequest(t, base, op, "")
			switch p.In {
			case "path":
				path := strings.ReplaceAll(op.Path, "{"+p.Name+"}", url.PathEscape(bad))
				for _, other := range op.Spec().Parameters {
					path = strings.ReplaceAll(path, "{"+other.Value.Name+"}", fmt.Sprint(other.Value.Example))
				}
				r.URL.Path = path
			case "query":
				q := r.URL.Query()
				q.Set(p.Name, bad)
				r.URL.RawQuery = q.Encode()
			case "header":
				r.Header.Set(p.Name, bad)
			}
			out = append(out, probe{what: fmt.Sprintf("%s %s %s=%s", op.ID, p.In, p.Name, bad), field: p.Name, r: r})
		}
	}
	return out
}

func typesOf(s *openapi3.Schema) []string {
	if s == nil || s.Type == nil {
		return nil
	}
	return s.Type.Slice()
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestMessagesNameThePlaceInDocuments: a fixture, scenario or snapshot
// document with a value of the wrong kind is refused with a message that
// names the value's place in the document, in YAML and in JSON, and says
// nothing of Go.
func TestMessagesNameThePlaceInDocuments(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	yamlHeader := map[string]string{"Content-Type": "application/yaml"}
	for _, c := range []struct {
		path, body, place string
		header            map[string]string
	}{
		{"/_sandbox/fixtures", "users: [{key: u, id: abc}]", "users[0].id", yamlHeader},
		{"/_sandbox/fixtures", "users: [{key: u, id: 1.5}]", "users[0].id", yamlHeader},
		{"/_sandbox/fixtures", "users: [{key: u, id: -1}]", "users[0].id", yamlHeader},
		{"/_sandbox/fixtures", "users: [{key: u, id: 99999999999999999999}]", "users[0].id", yamlHeader},
		{"/_sandbox/fixtures", "users: [{key: u, identityVerified: maybe}]", "users[0].identityVerified", yamlHeader},
		{"/_sandbox/fixtures", "users: [{key: u, name: [a]}]", "users[0].name", yamlHeader},
		{"/_sandbox/fixtures", "users: [{key: u, nmae: x}]", "users[0].nmae", yamlHeader},
		{"/_sandbox/fixtures", "users: {key: u}", "users", yamlHeader},
		{"/_sandbox/fixtures", `{"users":[{"key":"u"},{"key":"v","id":"abc"}]}`, "users[1].id", nil},
		{"/_sandbox/fixtures", `{"users":[{"key":"u","id":1.5}]}`, "users[0].id", nil},
		{"/_sandbox/fixtures", `{"users":[{"key":"u","id":18446744073709551616}]}`, "users[0].id", nil},
		{"/_sandbox/fixtures", `{"wallets":[{"key":"w","type":"PERSONAL","master":"u","paidCash":1.5}]}`, "wallets[0].paidCash", nil},
		{"/_sandbox/fixtures", `{"wallets":[{"key":"w","freeCash":[{"amount":"lots"}]}]}`, "wallets[0].freeCash[0].amount", nil},
		{"/_sandbox/scenarios", "name: s\nmatch: {operation: createVirtualAccount}\ntimes: abc", "times", yamlHeader},
		{"/_sandbox/scenarios", `{"name":"s","match":{"operation":"createVirtualAccount"},"times":-1}`, "times", nil},
		// A document keeps its types: what yaml.v3 would loosen is refused, in
		// YAML as in JSON (issue 20).
		{"/_sandbox/fixtures", "users: [{key: x, name: 5}]", "users[0].name", yamlHeader},
		{"/_sandbox/fixtures", `{"users":[{"key":"x","name":5}]}`, "users[0].name", nil},
		{"/_sandbox/fixtures", `{"users":[{"key":"x","name":true}]}`, "users[0].name", nil},
		{"/_sandbox/fixtures", "users: [{key: x, identityVerified: yes}]", "users[0].identityVerified", yamlHeader},
		{"/_sandbox/fixtures", `{"users":[{"key":"x","identityVerified":"yes"}]}`, "users[0].identityVerified", nil},
		{"/_sandbox/fixtures", `{"users":[{"key":"x","identityVerified":"true"}]}`, "users[0].identityVerified", nil},
		{"/_sandbox/fixtures", `{"users":[{"key":"x","id":"5"}]}`, "users[0].id", nil},
		{"/_sandbox/scenarios", "name: s\nmatch: {operation: createVirtualAccount}\ntimes: \"2\"", "times", yamlHeader},
	} {
		r := sb.Do(req{Method: "POST", Path: c.path, Body: c.body, Header: c.header})
		plainRefusal(t, c.path+" "+c.body, c.place, r.Status, r.Body)
	}
	for body, says := range map[string]string{
		`{"users":[{"key":"x","name":5}]}`:                  `users[0].name: 5 is a number where text belongs; quote it: \"5\"`,
		"users: [{key: x, name: true}]":                     `users[0].name: true is a truth value where text belongs; quote it: \"true\"`,
		`{"users":[{"key":"x","identityVerified":"yes"}]}`:  `users[0].identityVerified: \"yes\" is not true or false; write true`,
		"users: [{key: x, identityVerified: off}]":          `users[0].identityVerified: off is not true or false; write false`,
		`{"users":[{"key":"x","identityVerified":"true"}]}`: `users[0].identityVerified: \"true\" is text where true or false belongs; write it without quotes: true`,
		`{"users":[{"key":"x","id":"5"}]}`:                  `users[0].id: \"5\" is text where a whole number belongs; write it without quotes: 5`,
	} {
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: body, Header: yamlHeader})
		assert.Equal(t, http.StatusBadRequest, r.Status, body)
		assert.Contains(t, string(r.Body), says, body)
	}
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: `{"users":[{"key":"kept","name":"5","identityVerified":true}]}`})
	assert.Equal(t, http.StatusCreated, r.Status, "what is of its kind loads: %s", r.Body)
	snap := sb.Do(req{Method: "GET", Path: "/_sandbox/snapshot"})
	require.Equal(t, http.StatusOK, snap.Status)
	for _, c := range []struct{ from, to, place string }{
		{`"version":`, `"version":"one","x":`, "version"},
		{`"schema":`, `"schema":1.5,"x":`, "schema"},
		{`"buckets":`, `"buckets":{},"x":`, "buckets"},
		{`"paidCash":`, `"paidCash":"lots","x":`, "paidCash"},
	} {
		body := strings.Replace(string(snap.Body), c.from, c.to, 1)
		r := sb.Do(req{Method: "PUT", Path: "/_sandbox/snapshot", Body: body})
		plainRefusal(t, "snapshot "+c.to, c.place, r.Status, r.Body)
	}
}

// TestMessagesSayABodyIsCutShort: a JSON body that ends too soon is told
// in words, not as encoding/json's "EOF"; any other broken JSON by the
// byte where it stops being JSON, counted from 1 (issue 20).
func TestMessagesSayABodyIsCutShort(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	for _, c := range []struct{ path, body, says string }{
		{vaPath, `{"adAccountId":`, "body: the JSON ends before it is complete"},
		{vaPath, `{"adAccountId":20001,"amount":10`, "body: the JSON ends before it is complete"},
		{vaPath, `{"adAccountId":tru`, "body: the JSON ends before it is complete"},
		{vaPath, `{"adAccountId":20001,}`, "body: malformed JSON at byte 22"},
		{"/_sandbox/fixtures", `{"users":[{"key":"x"}`, "body: the JSON ends before it is complete"},
	} {
		r := sb.Do(req{Method: "POST", Path: c.path, Body: c.body, Header: vaHeader})
		plainRefusal(t, c.path+" "+c.body, "body", r.Status, r.Body)
		var m struct{ Msg string }
		require.NoError(t, json.Unmarshal(r.Body, &m), c.body)
		assert.Equal(t, c.says, m.Msg, c.body)
	}
}
