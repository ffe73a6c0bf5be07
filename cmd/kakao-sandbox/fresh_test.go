package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Rule D06: without --data the sandbox starts fresh every time and leaves
// no file behind; that file commits without fsync, a kept one with.
func rulesD06(t *testing.T) {
	t.Run("D06_without_data_every_start_is_fresh", d06WithoutDataEveryStartIsFresh)
	t.Run("D06_no_file_is_left_behind", d06NoFileIsLeftBehind)
	t.Run("D06_signals_remove_the_temporary_file", d06SignalsRemoveTheTemporaryFile)
	t.Run("D06_with_data_state_persists_across_restarts", d06WithDataStatePersistsAcrossRestarts)
	t.Run("D06_fresh_starts_with_tls_keep_one_ca", d06FreshStartsWithTLSKeepOneCA)
}

// served is a sandbox run in process by serveEnv.
type served struct {
	url    string
	stderr *syncBuffer
	stop   func() // cancels as SIGINT does and waits for run to return nil
}

// serveEnv runs the program in process with env as its whole environment.
func serveEnv(t *testing.T, env map[string]string, args ...string) served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	s := served{stderr: &syncBuffer{}}
	done := make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0", "--rate-limit", "off"}, args...)
	go func() { done <- run(ctx, args, func(k string) string { return env[k] }, &stdout, s.stderr) }()
	stopped := false
	s.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Error("the sandbox did not shut down")
		}
	}
	t.Cleanup(s.stop)
	s.url = waitForURL(t, s.stderr, done)
	return s
}

// issueVirtualAccount asks for a virtual account as the Quickstart does and
// returns its number.
func issueVirtualAccount(t *testing.T, base string) string {
	t.Helper()
	status, va := call(t, "POST", base+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"},
		`{"adAccountId":10001,"amount":1000000,"bankCode":"88"}`)
	require.Equal(t, 200, status, "%v", va)
	return va["accountNumber"].(string)
}

var dataField = regexp.MustCompile(`(?m)\bdata=(\S+)`)

// requireEmpty fails unless dir holds nothing.
func requireEmpty(t *testing.T, dir, when string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	assert.Empty(t, names, "%s: nothing is left in TMPDIR", when)
}

func d06WithoutDataEveryStartIsFresh(t *testing.T) {
	env := map[string]string{"TMPDIR": t.TempDir()}
	var numbers []string
	for i := range 2 {
		s := serveEnv(t, env)
		first, _, _ := strings.Cut(s.stderr.String(), "\n")
		assert.Contains(t, first, `msg="`+freshMessage+`"`, "the first log line says the state is fresh and how to keep it")
		assert.Regexp(t, `data=\S+/kakao-sandbox-\S+/kakao-sandbox\.db$`, first)
		assert.Contains(t, s.stderr.String(), "fsync=false", "a temporary file commits without fsync (start %d)", i+1)
		assert.Contains(t, s.stderr.String(), `state="fresh: `, "the start says the file is temporary (start %d)", i+1)
		numbers = append(numbers, issueVirtualAccount(t, s.url))
		s.stop()
	}
	assert.Equal(t, numbers[0], numbers[1], "the second start sees the demo state again: the first account number repeats")
}

func d06NoFileIsLeftBehind(t *testing.T) {
	tmp := t.TempDir()
	env := map[string]string{"TMPDIR": tmp}
	s := serveEnv(t, env)
	m := dataField.FindStringSubmatch(s.stderr.String())
	require.NotNil(t, m, "the log names the data file")
	assert.True(t, strings.HasPrefix(m[1], tmp+string(filepath.Separator)), "%s is in TMPDIR", m[1])
	_, err := os.Stat(m[1])
	require.NoError(t, err, "the temporary file is there while the sandbox serves")
	s.stop()
	requireEmpty(t, tmp, "after a stop")

	// A start that fails once the file is made: at the scenario, in sandbox.Open.
	var out, errOut syncBuffer
	err = run(context.Background(), []string{"--addr", "127.0.0.1:0", "--scenario", "no-such"}, func(k string) string { return env[k] }, &out, &errOut)
	require.ErrorContains(t, err, "no-such")
	assert.Contains(t, errOut.String(), freshMessage, "the start got as far as the temporary file")
	requireEmpty(t, tmp, "after a failed start")
	// And one that fails after the file is filled: the address is taken.
	taken := serveEnv(t, map[string]string{"TMPDIR": t.TempDir()})
	err = run(context.Background(), []string{"--addr", strings.TrimPrefix(taken.url, "http://")}, func(k string) string { return env[k] }, &out, &errOut)
	require.ErrorContains(t, err, "address already in use")
	requireEmpty(t, tmp, "after a start whose address was taken")
}

// d06SignalsRemoveTheTemporaryFile runs the release binary and stops it
// with each signal main handles.
func d06SignalsRemoveTheTemporaryFile(t *testing.T) {
	bin := binary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		tmp := t.TempDir()
		p := start(t, bin, []string{"TMPDIR=" + tmp, "KAKAO_SANDBOX_DATA=", "KAKAO_SANDBOX_ADDR=127.0.0.1:0"})
		entries, err := os.ReadDir(tmp)
		require.NoError(t, err)
		require.Len(t, entries, 1, "the temporary directory, while it serves")
		require.NoError(t, p.cmd.Process.Signal(sig))
		select {
		case err := <-p.done:
			require.NoError(t, err, "%s: a clean exit\n%s", sig, p.stderr)
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: the sandbox did not exit", sig)
		}
		requireEmpty(t, tmp, "after "+sig.String())
	}
}

func d06WithDataStatePersistsAcrossRestarts(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(t.TempDir(), "kept.db")
	env := map[string]string{"TMPDIR": tmp}
	var numbers []string
	for i := range 2 {
		s := serveEnv(t, env, "--data", data)
		assert.NotContains(t, s.stderr.String(), freshMessage)
		assert.Contains(t, s.stderr.String(), "fsync=true", "a kept file fsyncs every commit (start %d)", i+1)
		assert.Contains(t, s.stderr.String(), []string{`state="new: `, `state="kept: `}[i], "the start says what the file held (start %d)", i+1)
		numbers = append(numbers, issueVirtualAccount(t, s.url))
		if i == 1 {
			status, va := call(t, "GET", s.url+"/_sandbox/virtual-accounts/"+numbers[0], "", nil, "")
			assert.Equal(t, 200, status, "the first start's account is still there: %v", va)
		}
		s.stop()
	}
	assert.NotEqual(t, numbers[0], numbers[1], "the second start goes on from the first's state")
	requireEmpty(t, tmp, "with --data")
	_, err := os.Stat(data)
	assert.NoError(t, err, "the --data file is kept")
}

// d06FreshStartsWithTLSKeepOneCA: a temporary data file has no directory
// of its own to keep a CA in, so fresh starts keep theirs in the user's
// configuration directory, where 'kakao-sandbox ca' without --data finds
// it: a client that trusted it once goes on trusting every fresh start.
func d06FreshStartsWithTLSKeepOneCA(t *testing.T) {
	tmp, config := t.TempDir(), t.TempDir()
	env := map[string]string{"TMPDIR": tmp, "XDG_CONFIG_HOME": config}
	var ca []byte
	for i := range 2 {
		s := serveEnv(t, env, "--tls")
		assert.Contains(t, s.stderr.String(), "ca="+filepath.Join(config, "kakao-sandbox", caCertFile))
		assert.Contains(t, s.stderr.String(), map[bool]string{true: "ca_created=true", false: "ca_created=false"}[i == 0])
		if i == 0 {
			var out, errOut syncBuffer
			require.NoError(t, run(context.Background(), []string{"ca"}, func(k string) string { return env[k] }, &out, &errOut), errOut.String())
			ca = []byte(out.String())
		}
		client := hostsFileClient(t, s.url, ca, true)
		resp, body := get(t, client, "https://kapi.kakao.com/v1/user/access_token_info", "sandbox-login-alice", nil)
		assert.Equal(t, 200, resp.StatusCode, "start %d trusts the CA printed once: %v", i+1, body)
		client.CloseIdleConnections()

		var out, errOut syncBuffer
		require.NoError(t, run(context.Background(), []string{"healthcheck", "--tls", "--addr", strings.TrimPrefix(s.url, "https://")},
			func(k string) string { return env[k] }, &out, &errOut), errOut.String())
		s.stop()
	}
	requireEmpty(t, tmp, "the CA is not kept with the temporary file")
	key, err := os.Stat(filepath.Join(config, "kakao-sandbox", caKeyFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), key.Mode().Perm())
}

// TestCheckAndSnapshotNeedData: they read a kept file; without --data they
// say so and exit 2, rather than open ./kakao-sandbox.db or a new file.
func TestCheckAndSnapshotNeedData(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"check"}, "check"},
		{[]string{"snapshot", "save", "-"}, "snapshot save"},
		{[]string{"snapshot", "load", "x.json"}, "snapshot load"},
	} {
		var out, errOut syncBuffer
		err := run(context.Background(), tc.args, noEnv, &out, &errOut)
		assert.ErrorIs(t, err, errUsage, "%v exits 2", tc.args)
		assert.Contains(t, errOut.String(), "kakao-sandbox: "+tc.says+" needs --data FILE: the data file of a sandbox started with --data FILE")
		assert.Empty(t, out.String())
	}
	if testing.Short() {
		return
	}
	// As a user sees it.
	cmd := exec.Command(binary(t), "check")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "KAKAO_SANDBOX_DATA=")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 2, exit.ExitCode())
	assert.Contains(t, string(out), "check needs --data FILE")
	entries, err := os.ReadDir(cmd.Dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "no data file is made")
}
