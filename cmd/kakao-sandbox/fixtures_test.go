package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
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

// rule D07 through the command: by default the generator writes no
// absolute date, so the same flags give the same bytes on any day, and the
// document serves with --fixtures at the tests' clock, a year on and today;
// with --base-date its dates are absolute, and rot: today refuses them,
// saying how to write them instead.
func d07GeneratedDocumentLoadsOnAnyDay(t *testing.T) {
	dir := t.TempDir()
	args := []string{"fixtures", "generate", "--seed", "7", "--ad-accounts", "60", "--cloud-share", "0.5",
		"--free-cash-share", "0.9", "--tax-invoice-share", "0.9"}
	gen := func(extra ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		require.NoError(t, run(context.Background(), append(args, extra...), noEnv, &stdout, &stderr), stderr.String())
		return stdout.Bytes()
	}
	doc := gen()
	assert.Equal(t, doc, gen(), "the same flags give the same bytes")
	dated := regexp.MustCompile(`(expiresAt|month|invoiceMonth): "?[0-9]{4}-`)
	assert.Empty(t, string(dated.Find(doc)), "no absolute date without --base-date")
	for _, field := range []string{`expiresAt: +`, `month: -1M`, `month: -2M`} {
		assert.True(t, bytes.Contains(doc, []byte(field)), "the document has %s", field)
	}
	file := filepath.Join(dir, "g.yaml")
	require.NoError(t, os.WriteFile(file, doc, 0o644))
	today := time.Now().In(kakao.KST).Format(time.RFC3339)
	for i, at := range []string{"2026-01-01T09:00:00+09:00", "2027-01-01T09:00:00+09:00", today} {
		_, _, stop := startInProcess(t, filepath.Join(dir, fmt.Sprintf("s%d.db", i)), "--fixtures", file, "--clock", at)
		stop()
	}

	absolute := filepath.Join(dir, "abs.yaml")
	require.NoError(t, os.WriteFile(absolute, gen("--base-date", "2026-01-01"), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out syncBuffer
	err := run(ctx, []string{"--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "abs.db"), "--fixtures", absolute,
		"--clock", "2030-01-01T09:00:00+09:00"}, noEnv, &out, &out)
	require.Error(t, err, "absolute dates from 2026 rot by 2030")
	assert.Regexp(t, `freeCash\[[0-9]\]\.expiresAt: 20[0-9-]+ is already past at sandbox time 2030-01-01T09:00:00\+09:00; write it relative to the sandbox time at load, like "\+180d"`, err.Error())
}
