package main

import (
	"bufio"
	"context"
	"debug/elf"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dockerBuild is the Dockerfile's build line, so tests run the very binary
// the image ships. No Docker engine runs on these machines.
func dockerBuild(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../Dockerfile")
	require.NoError(t, err)
	line := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build .*-o /out/kakao-sandbox .*)$`).FindSubmatch(data)
	require.NotNil(t, line, "the Dockerfile's go build line")
	return string(line[1])
}

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kakao-sandbox-bin")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "kakao-sandbox"), nil
})

// binary builds the Dockerfile's binary once per test process.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the release binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	build := strings.Replace(dockerBuild(t), "/out/kakao-sandbox", bin, 1)
	cmd := exec.Command("sh", "-c", build)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\n%s", build, out)
	return bin
}

// process is the binary running in the background.
type process struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
	done   chan error
}

func start(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), stderr: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stderr = p.stderr
	require.NoError(t, p.cmd.Start())
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	p.url = waitForURL(t, p.stderr, p.done)
	return p
}

func TestDockerfileBinary(t *testing.T) {
	bin := binary(t)
	f, err := elf.Open(bin)
	require.NoError(t, err)
	defer f.Close()
	for _, prog := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, prog.Type, "a static binary has no dynamic loader")
	}
	libs, _ := f.ImportedLibraries()
	assert.Empty(t, libs)

	out, err := exec.Command(bin, "version").Output()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(out), "kakao-sandbox "))

	data := filepath.Join(t.TempDir(), "docker.db")
	// An empty ZONEINFO and TZ: the binary must carry Asia/Seoul itself.
	p := start(t, bin, []string{"ZONEINFO=/nonexistent", "TZ=", "KAKAO_SANDBOX_DATA=" + data, "KAKAO_SANDBOX_ADDR=127.0.0.1:0"})
	assert.Contains(t, p.stderr.String(), "+09:00", "sandbox time is in KST")
	// Its HEALTHCHECK: TestDockerfileHealthcheck.
}

// rulesR02 (TestRules/R02_…): deposits under load, kill -9 at an arbitrary moment, restart:
// every acknowledged deposit is there, and the ledger check passes.
func rulesR02(t *testing.T) {
	t.Run("R02_kill_9_keeps_every_acknowledged_change", func(t *testing.T) {
		bin := binary(t)
		data := filepath.Join(t.TempDir(), "crash.db")
		args := []string{"--addr", "127.0.0.1:0", "--data", data, "--rate-limit", "off", "--clock", "2026-01-01T09:00:00+09:00"}
		p := start(t, bin, nil, args...)

		type account struct {
			number string
			amount int64
		}
		var mu sync.Mutex
		var created, deposited []account
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		ad := map[string]string{"adAccountId": "10001"}
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 1))
				for ctx.Err() == nil {
					amount := 1000 + rng.Int64N(100000)
					status, va, err := try("POST", p.url+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad,
						fmt.Sprintf(`{"adAccountId":10001,"amount":%d,"bankCode":"88"}`, amount))
					if err != nil || status != 200 {
						return
					}
					a := account{va["accountNumber"].(string), amount}
					mu.Lock()
					created = append(created, a)
					mu.Unlock()
					status, _, err = try("POST", p.url+"/_sandbox/virtual-accounts/"+a.number+"/deposits", "", nil, fmt.Sprintf(`{"amount":%d}`, amount))
					if err != nil || status != 200 {
						return
					}
					mu.Lock()
					deposited = append(deposited, a)
					mu.Unlock()
				}
			}()
		}
		// Kill once a few hundred deposits have landed, while the others are mid-flight.
		require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(deposited) >= 300 }, 60*time.Second, time.Millisecond)
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
		<-p.done
		stop()
		wg.Wait()
		t.Logf("killed with %d accounts created and %d deposits acknowledged", len(created), len(deposited))

		p = start(t, bin, nil, args...)
		paid := map[string]bool{}
		for _, a := range created {
			status, va := call(t, "GET", p.url+"/_sandbox/virtual-accounts/"+a.number, "", nil, "")
			require.Equal(t, 200, status, "acknowledged account %s is there", a.number)
			paid[a.number] = va["status"] == "PAID"
		}
		want := int64(500000)
		for _, a := range created {
			if paid[a.number] {
				want += a.amount
			}
		}
		for _, a := range deposited {
			assert.True(t, paid[a.number], "acknowledged deposit into %s survived", a.number)
		}
		_, bal := call(t, "GET", p.url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", ad, "")
		assert.EqualValues(t, want, bal["cash"], "the balance is the opening balance plus every paid account")

		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
		require.NoError(t, <-p.done, "a clean shutdown on SIGTERM")
		out, err := exec.Command(bin, "check", "--data", data).CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, string(out), "every balance equals its ledger")
	})
}

// try is call without failing the test: a killed server is expected here.
func try(method, url, token string, header map[string]string, body string) (int, map[string]any, error) {
	req, err := newRequest(method, url, token, header, body)
	if err != nil {
		return 0, nil, err
	}
	resp, err := crashClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	err = jsonDecode(bufio.NewReader(resp.Body), &m)
	return resp.StatusCode, m, err
}
