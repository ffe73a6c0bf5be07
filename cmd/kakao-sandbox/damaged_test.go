package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// realDataFile is a data file made by a real sandbox: served, given some
// virtual accounts and deposits through the API, and stopped.
func realDataFile(t *testing.T) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "real.db")
	url, _, stop := startInProcess(t, data)
	ad := map[string]string{"adAccountId": "10001"}
	for i := range 60 {
		status, va := call(t, "POST", url+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad,
			fmt.Sprintf(`{"adAccountId":10001,"amount":%d,"bankCode":"88"}`, 1000+i))
		require.Equal(t, 200, status, "%v", va)
		if i%2 == 0 {
			status, _ = call(t, "POST", url+"/_sandbox/virtual-accounts/"+va["accountNumber"].(string)+"/deposits", "", nil,
				fmt.Sprintf(`{"amount":%d}`, 1000+i))
			require.Equal(t, 200, status)
		}
	}
	stop()
	return data
}

// fileLayout reads where bbolt keeps things in a good file: its page size,
// where its pages end, and where a bucket's root page is.
func fileLayout(t *testing.T, path, bucket string) (pageSize, end, root int64) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err)
	defer b.Close()
	require.NoError(t, b.View(func(tx *bolt.Tx) error {
		pageSize, end = int64(b.Info().PageSize), tx.Size()
		bk := tx.Bucket([]byte(bucket))
		require.NotNil(t, bk, bucket)
		require.NotZero(t, bk.Root(), "%s has pages of its own", bucket)
		root = int64(bk.Root()) * pageSize
		return nil
	}))
	return
}

// rulesR07 is rule R07 for the program: a damaged copy of a real data
// file makes serve and check exit non-zero with a message that names the
// problem and the way out, never a panic; the file is left as it was.
func rulesR07(t *testing.T) {
	good := realDataFile(t)
	orig, err := os.ReadFile(good)
	require.NoError(t, err)
	pageSize, end, root := fileLayout(t, good, "moment.virtualAccounts")

	for _, tc := range []struct {
		name, problem string
		damage        func(d []byte) []byte
	}{
		{"empty", "is empty (0 bytes)", func([]byte) []byte { return nil }},
		{"truncated", "is cut short", func(d []byte) []byte { return d[:end/2] }},
		{"truncated_inside_the_header", "bbolt cannot read", func(d []byte) []byte { return d[:pageSize+100] }},
		{"zeroed_page", "is damaged", func(d []byte) []byte { clear(d[root : root+pageSize]); return d }},
		{"zeroed_header", "bbolt cannot read its header", func(d []byte) []byte { clear(d[:2*pageSize]); return d }},
		{"flipped_bits", "is not the JSON the sandbox wrote", func(d []byte) []byte {
			// One bit in every copy of a field name, live or freed: '"' becomes '#'.
			name := []byte(`"accountNumber"`)
			for i := 0; ; {
				at := bytes.Index(d[i:], name)
				if at < 0 {
					return d
				}
				d[i+at] ^= 1
				i += at + 1
			}
		}},
	} {
		t.Run("R07_"+tc.name, func(t *testing.T) {
			damaged := tc.damage(bytes.Clone(orig))
			path := filepath.Join(t.TempDir(), "damaged.db")
			require.NoError(t, os.WriteFile(path, damaged, 0o600))
			for _, cmd := range [][]string{
				{"serve", "--addr", "127.0.0.1:0", "--data", path},
				{"check", "--data", path},
			} {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				var stdout, stderr syncBuffer
				err := run(ctx, cmd, noEnv, &stdout, &stderr)
				cancel()
				require.Error(t, err, "%s refuses the file", cmd[0])
				require.False(t, errors.Is(err, context.DeadlineExceeded), "%s served a damaged file", cmd[0])
				msg := err.Error()
				assert.Contains(t, msg, path, "%s names the file", cmd[0])
				assert.Contains(t, msg, tc.problem, "%s names the problem", cmd[0])
				assert.Contains(t, msg, "start with another --data file, or delete it to begin again from the fixtures", "%s says the way out", cmd[0])
				assert.NotContains(t, stderr.String()+msg, "goroutine ")
				after, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.True(t, bytes.Equal(damaged, after), "%s leaves the file as it was", cmd[0])
			}
		})
	}

	// The release binary: exit status 1 and one line, not a panic trace.
	t.Run("R07_the_binary_exits_1_with_one_line", func(t *testing.T) {
		bin := binary(t)
		path := filepath.Join(t.TempDir(), "cut.db")
		require.NoError(t, os.WriteFile(path, orig[:end/2], 0o600))
		for _, args := range [][]string{{"--addr", "127.0.0.1:0", "--data", path}, {"check", "--data", path}} {
			cmd := exec.Command(bin, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			done := make(chan error, 1)
			require.NoError(t, cmd.Start())
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var exit *exec.ExitError
				require.ErrorAs(t, err, &exit, "%v exits non-zero", args)
				assert.Equal(t, 1, exit.ExitCode())
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("%v served a damaged file", args)
			}
			assert.Regexp(t, `^kakao-sandbox: .*cut.db is cut short: .*: start with another --data file, or delete it to begin again from the fixtures\n$`, stderr.String())
			assert.NotContains(t, stderr.String(), "panic")
		}
	})

	t.Run("R07_damage_met_while_serving_is_a_logged_500", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "live.db")
		require.NoError(t, os.WriteFile(path, orig, 0o600))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var stdout, stderr syncBuffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", path}, noEnv, &stdout, &stderr) }()
		url := waitForURL(t, &stderr, done)
		status, bal := call(t, "GET", url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"}, "")
		require.Equal(t, 200, status, "%v", bal)

		// Something else writes over the file while the sandbox serves it.
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = f.WriteAt(make([]byte, pageSize), root)
		require.NoError(t, err)
		require.NoError(t, f.Close())

		status, body := call(t, "GET", url+"/_sandbox/virtual-accounts/56200000000001", "", nil, "")
		assert.Equal(t, 500, status)
		assert.EqualValues(t, -1, body["code"], "the catalogue's internal error: %v", body)
		status, _ = call(t, "GET", url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"}, "")
		assert.Equal(t, 500, status, "the store has stopped: every call that needs it fails at once")
		status, _ = call(t, "GET", url+"/_sandbox/health", "", nil, "")
		assert.Equal(t, 200, status, "the control plane's health still answers")

		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the sandbox did not shut down")
		}
		log := stderr.String()
		assert.Equal(t, 1, strings.Count(log, "the data file is damaged: bbolt failed reading it"), "logged once:\n%s", log)
		assert.NotContains(t, log, "goroutine ")
		assert.NotContains(t, log, "level=ERROR msg=panic")
	})
	t.Run("check creates no file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing.db")
		var stdout, stderr syncBuffer
		assert.ErrorContains(t, run(context.Background(), []string{"check", "--data", path}, noEnv, &stdout, &stderr), "no data file to check")
		assert.NoFileExists(t, path)
	})
	t.Run("the good file still serves and checks", func(t *testing.T) {
		var stdout, stderr syncBuffer
		require.NoError(t, run(context.Background(), []string{"check", "--data", good}, noEnv, &stdout, &stderr))
		assert.Contains(t, stdout.String(), "every balance equals its ledger")
	})
}
