package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rule D01 through the command: two runs with the same flags write the
// same bytes, to a file or to standard output; a .json file gets JSON; the
// file serves with --fixtures, and check passes on what it made.
func d01FixturesGenerateCommand(t *testing.T) {
	dir := t.TempDir()
	gen := func(args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		args = append([]string{"fixtures", "generate", "--seed", "42", "--ad-accounts", "40", "--cloud-share", "0.2"}, args...)
		require.NoError(t, run(context.Background(), args, noEnv, &stdout, &stderr), stderr.String())
		return stdout.Bytes()
	}
	gen("--out", filepath.Join(dir, "a.yaml"))
	gen("--out", filepath.Join(dir, "b.yaml"))
	a, err := os.ReadFile(filepath.Join(dir, "a.yaml"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "b.yaml"))
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, a, gen(), "standard output holds the same document")
	assert.NotEqual(t, a, gen("--seed", "43"))
	gen("--out", filepath.Join(dir, "c.json"))
	c, err := os.ReadFile(filepath.Join(dir, "c.json"))
	require.NoError(t, err)
	assert.Equal(t, byte('{'), c[0], "a .json file is JSON")

	data := filepath.Join(dir, "s.db")
	_, _, stop := startInProcess(t, data, "--fixtures", filepath.Join(dir, "c.json"))
	stop()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"check", "--data", data}, noEnv, &out, &out))
	assert.Contains(t, out.String(), "every balance equals its ledger")
}

// Wrong flags say what to do.
func TestFixturesGenerateRefusesBadFlags(t *testing.T) {
	for msg, args := range map[string][]string{
		"--ad-accounts 0":             {"--ad-accounts", "0"},
		"want a share from 0 to 1":    {"--member-share", "1.2"},
		"want a number from 0 to 1":   {"--member-share", "lots"},
		"want a date like 2026-01-01": {"--base-date", "tomorrow"},
		"want yaml or json":           {"--format", "xml"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"fixtures", "generate"}, args...), noEnv, &out, &out)
		require.Error(t, err, msg)
		assert.Contains(t, err.Error(), msg)
	}
	var out bytes.Buffer
	assert.ErrorIs(t, run(context.Background(), []string{"fixtures", "make"}, noEnv, &out, &out), errUsage)
	assert.Contains(t, out.String(), "fixtures generate")
}
