package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixturesRefusalNamesThePlace: a --fixtures document with a value of
// the wrong kind stops the start with a message naming its place in the
// document, in words, not Go's types or the error's Kakao code (issue 20).
func TestFixturesRefusalNamesThePlace(t *testing.T) {
	dir := t.TempDir()
	for name, doc := range map[string]string{
		"bad.yaml": "users: [{key: u, id: abc}]\n",
		"bad.json": `{"users":[{"key":"u","id":1.5}]}`,
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o600))
		var out syncBuffer
		err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--data", filepath.Join(dir, name+".db"), "--fixtures", path}, noEnv, &out, &out)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "users[0].id: `", name)
		assert.Contains(t, err.Error(), "is not a whole number (line 1)", name)
		for _, w := range []string{"kakao -2", "json:", "unmarshal", "int64", "Go "} {
			assert.NotContains(t, err.Error(), w, name)
		}
	}
}
