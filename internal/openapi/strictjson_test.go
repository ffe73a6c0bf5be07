package openapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckJSON(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
	}{
		{"plain object", `{"a":1,"b":[1,{"c":2}]}`, ""},
		{"same key in sibling objects", `[{"a":1},{"a":2}]`, ""},
		{"duplicate key", `{"amount":1,"amount":2}`, `key "amount" appears twice in the body`},
		{"nested duplicate key", `{"a":{"b":1,"b":1}}`, `key "b" appears twice in a`},
		{"trailing data", `{"a":1} {"a":2}`, "unexpected data after the JSON value"},
		{"truncated", `{"a":`, "malformed JSON"},
		{"too deep", strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2), "nested more than"},
		{"deep enough", strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckJSON([]byte(tt.body))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.wantErr)
			}
		})
	}
}
