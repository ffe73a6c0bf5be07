package main

import (
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rulesAdvance are the process tests of an advance that moves time and
// state together and stops when the server does (rules R09, R11).
func rulesAdvance(t *testing.T) {
	t.Run("R11_kill_9_during_an_advance_leaves_no_effect_ahead_of_the_clock", r11Kill9DuringAnAdvance)
	t.Run("R09_sigterm_stops_a_running_advance", r09SigtermStopsARunningAdvance)
}

// issueSpread asks for n virtual accounts at alice's 10001 in batches, the
// clock an hour further for each batch, so they expire over n/batch hours.
func issueSpread(t *testing.T, p *process, n, batch int) []string {
	t.Helper()
	var mu sync.Mutex
	var numbers []string
	ad := map[string]string{"adAccountId": "10001"}
	for len(numbers) < n {
		var wg sync.WaitGroup
		for range batch {
			wg.Go(func() {
				status, va, err := try("POST", p.url+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad, `{"adAccountId":10001,"amount":5000,"bankCode":"88"}`)
				if err == nil && status == 200 {
					mu.Lock()
					numbers = append(numbers, va["accountNumber"].(string))
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		status, _ := call(t, "POST", p.url+"/_sandbox/clock/advance", "", nil, `{"duration":"1h"}`)
		require.Equal(t, 200, status)
	}
	return numbers
}

// r11Kill9DuringAnAdvance (TestRules/R11_kill_9_during_an_advance_leaves_no_effect_ahead_of_the_clock):
// kill -9 while an advance expires hundreds of virtual accounts one by one;
// the file checks, and after a restart no account is EXPIRED with expiresAt
// after the clock's reading.
func r11Kill9DuringAnAdvance(t *testing.T) {
	bin := binary(t)
	for round, killAfter := range []time.Duration{150 * time.Millisecond, 60 * time.Millisecond, 400 * time.Millisecond} {
		data := filepath.Join(t.TempDir(), "advance.db")
		args := []string{"--addr", "127.0.0.1:0", "--data", data, "--rate-limit", "off", "--clock", "2026-01-01T09:00:00+09:00",
			"--max-advance-effects", "1000000"}
		p := start(t, bin, nil, args...)
		accounts := issueSpread(t, p, 800, 40)
		answered := make(chan int, 1)
		go func() {
			status, _, _ := try("POST", p.url+"/_sandbox/clock/advance", "", nil, `{"duration":"30d"}`)
			answered <- status
		}()
		time.Sleep(killAfter)
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
		<-p.done
		if status := <-answered; status != 0 {
			t.Logf("round %d: the advance finished (%d) within %v; trying a shorter time", round, status, killAfter)
			continue
		}
		out, err := runCheck(bin, data)
		require.NoError(t, err, "kakao-sandbox check after kill -9:\n%s", out)

		p = start(t, bin, nil, args...)
		_, clk := call(t, "GET", p.url+"/_sandbox/clock", "", nil, "")
		now, err := time.Parse(time.RFC3339Nano, clk["now"].(string))
		require.NoError(t, err)
		expired, ahead := 0, 0
		for _, n := range accounts {
			_, va := call(t, "GET", p.url+"/_sandbox/virtual-accounts/"+n, "", nil, "")
			if va["status"] != "EXPIRED" {
				continue
			}
			expired++
			if at, err := time.Parse(time.RFC3339Nano, va["expiresAt"].(string)); err != nil || at.After(now) {
				ahead++
			}
		}
		t.Logf("killed after %v: clock %s, %d of %d accounts expired, %d ahead of the clock", killAfter, now.Format(time.RFC3339), expired, len(accounts), ahead)
		assert.Zero(t, ahead, "virtual accounts EXPIRED with expiresAt after the clock")
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
		require.NoError(t, <-p.done)
		if expired > 0 && expired < len(accounts) {
			return // the kill fell inside the advance
		}
	}
	t.Log("no kill fell inside the advance: nothing to judge")
}

func runCheck(bin, data string) (string, error) {
	out, err := exec.Command(bin, "check", "--data", data).CombinedOutput()
	return string(out), err
}

// r09SigtermStopsARunningAdvance (TestRules/R09_sigterm_stops_a_running_advance): SIGTERM
// during a long advance stops it after its current effect; it answers how
// far it got, and the process exits cleanly well within the drain's 10 s.
func r09SigtermStopsARunningAdvance(t *testing.T) {
	bin := binary(t)
	data := filepath.Join(t.TempDir(), "sigterm.db")
	p := start(t, bin, nil, "--addr", "127.0.0.1:0", "--data", data, "--rate-limit", "off", "--clock", "2026-01-01T09:00:00+09:00",
		"--max-advance-effects", "1000000", "--write-timeout", "1h")
	type answer struct {
		status int
		body   map[string]any
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		status, body, err := try("POST", p.url+"/_sandbox/clock/advance", "", nil, `{"duration":"106751d"}`)
		answered <- answer{status, body, err}
	}()
	time.Sleep(500 * time.Millisecond)
	began := time.Now()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-p.done:
		require.NoError(t, err, "a clean shutdown")
	case <-time.After(8 * time.Second):
		t.Fatal("the shutdown waited for the advance")
	}
	t.Logf("SIGTERM during a long advance: exited after %v", time.Since(began))
	a := <-answered
	require.NoError(t, a.err)
	require.Equal(t, 200, a.status, "%v", a.body)
	stopped, _ := a.body["stopped"].(map[string]any)
	require.NotNil(t, stopped, "%v", a.body)
	assert.Equal(t, "shutdown", stopped["reason"])
	out, err := runCheck(bin, data)
	require.NoError(t, err, "%s", out)
}
