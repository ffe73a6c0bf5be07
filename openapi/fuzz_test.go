package openapi

import (
	"encoding/json"
	"testing"
)

// FuzzCheckJSON: whatever CheckJSON accepts is valid JSON.
func FuzzCheckJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"a":2}`, `[[[]]]`, `{"a":{"b":[1,2,{"c":null}]}}`, `1 2`, `"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckJSON([]byte(s)) == nil && !json.Valid([]byte(s)) {
			t.Fatalf("CheckJSON accepted invalid JSON %q", s)
		}
	})
}
