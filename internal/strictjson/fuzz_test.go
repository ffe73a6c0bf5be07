package strictjson

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// FuzzCheckJSON: whatever Check accepts is valid JSON holding one value,
// and a valid document that nests at most MaxDepth levels and gives no key
// twice is accepted; Check never panics, however deep the input. Plain, on
// any input, never panics, and is never sure of a valid document that is
// too deep or repeats a key.
//
//	go test ./internal/strictjson -run '^$' -fuzz '^FuzzCheckJSON$' -fuzztime 60s
func FuzzCheckJSON(f *testing.F) {
	for _, s := range checkJSONSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Check([]byte(s))
		if err == nil && !json.Valid([]byte(s)) {
			t.Fatalf("Check accepted invalid JSON %q", s)
		}
		if err != nil && json.Valid([]byte(s)) && depth(s) <= MaxDepth && !hasDuplicateKey(t, s) {
			t.Fatalf("Check refused %q (valid, %d levels deep, no key twice): %v", s, depth(s), err)
		}
		var scan Scan
		if Plain([]byte(s), &scan) && json.Valid([]byte(s)) && (depth(s) > MaxDepth || hasDuplicateKey(t, s)) {
			t.Fatalf("Plain is sure of %q (%d levels deep, or a key twice)", s, depth(s))
		}
	})
}

// FuzzCheckJSONFastPath: Check's allocation-free path (Plain) for plain bodies
// never changes the verdict, nor its words, of the decoder's path.
//
//	go test ./internal/strictjson -run '^$' -fuzz '^FuzzCheckJSONFastPath$' -fuzztime 60s
func FuzzCheckJSONFastPath(f *testing.F) {
	for _, s := range checkJSONSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, slow := Check([]byte(s)), checkDecoded([]byte(s))
		if fmt.Sprint(fast) != fmt.Sprint(slow) {
			t.Fatalf("%q: Check says %v, the decoder %v", s, fast, slow)
		}
	})
}

// checkJSONSeeds are the fuzz tests' starting bodies.
func checkJSONSeeds() []string {
	keys := make([]string, 70)
	for i := range keys {
		keys[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	return []string{
		`{"a":1}`, `{"a":1,"a":2}`, `[[[]]]`, `{"a":{"b":[1,2,{"c":null}]}}`, `1 2`, `"x"`,
		`{"a":1,"\u0061":2}`, `{"a":{"a":1},"b":{"a":1}}`, `{"":1,"":2}`, `{"a":1}{"a":1}`, `{"a":1} `,
		`{"adAccountId":20001,"amount":1000,"bankCode":"88"}`, `-0.0e+00`, `1e999`, `"\ud800"`, `"\u0000"`,
		"\"\xff\"", `[1,]`, `{"a" 1}`, `{"a":1,}`, `nul`, `tru`, `{`, `]`, ``, ` `, "\ufeff{}",
		strings.Repeat("[", 33) + strings.Repeat("]", 33), strings.Repeat("[", 34) + strings.Repeat("]", 34),
		strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33),
		`{"a":{"b":1},"b":{"a":1,"b":[{"a":1,"a":2}]}}`, `{"a\"":1,"a\"":2}`, `{"é":1,"é":2}`, `{"a":"x","b":"a"}`,
		`[{"a":1},{"a":1}]`, "{" + strings.Join(keys, ",") + "}", "{" + strings.Join(keys, ",") + `,"k3":1}`,
		strings.Repeat(`[`, 32) + `1` + strings.Repeat(`]`, 32), strings.Repeat(`[`, 33) + `1` + strings.Repeat(`]`, 33),
	}
}

// depth is how deeply a valid JSON text nests arrays and objects.
func depth(s string) int {
	d, max, inString, escaped := 0, 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			d++
			if d > max {
				max = d
			}
		case c == ']' || c == '}':
			d--
		}
	}
	return max
}

// hasDuplicateKey reports whether any object in a valid JSON text gives a
// key twice, decoding it independently of Check: into json.RawMessage
// maps, whose length falls short of the key count when a key repeats.
func hasDuplicateKey(t *testing.T, s string) bool {
	t.Helper()
	var walk func(raw json.RawMessage) bool
	walk = func(raw json.RawMessage) bool {
		var obj map[string]json.RawMessage
		var arr []json.RawMessage
		switch {
		case json.Unmarshal(raw, &obj) == nil && obj != nil:
			if len(obj) != countKeys(t, raw) {
				return true
			}
			for _, v := range obj {
				if walk(v) {
					return true
				}
			}
		case json.Unmarshal(raw, &arr) == nil:
			for _, v := range arr {
				if walk(v) {
					return true
				}
			}
		}
		return false
	}
	return walk(json.RawMessage(s))
}

// countKeys counts the keys of one JSON object as written, repeats included.
func countKeys(t *testing.T, raw json.RawMessage) int {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if _, err := dec.Token(); err != nil { // {
		t.Fatalf("count keys of %s: %v", raw, err)
	}
	n := 0
	for dec.More() {
		if _, err := dec.Token(); err != nil { // the key
			t.Fatalf("count keys of %s: %v", raw, err)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatalf("count keys of %s: %v", raw, err)
		}
		n++
	}
	return n
}
