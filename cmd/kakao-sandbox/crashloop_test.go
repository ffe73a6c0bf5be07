package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The crash loop is a long run, not a test of every `go test ./...`: it runs
// only when asked (docs/robustness.md).
//
//	go test ./cmd/kakao-sandbox -run TestCrashLoop -crashloop -v -timeout 30m
var (
	crashLoopFlag   = flag.Bool("crashloop", false, "run the kill -9 crash loop (TestCrashLoop)")
	crashLoopRounds = flag.Int("crashloop-rounds", 50, "rounds of start, load, kill -9, restart, verify")
	crashLoopSeed   = flag.Uint64("crashloop-seed", 0, "seed of the kill moments and amounts; 0 picks one (logged)")
)

// crashAccount is a virtual account the loop asked for.
type crashAccount struct {
	number string
	amount int64
}

// crashRound is what one round's load got acknowledged before the kill.
type crashRound struct {
	mu         sync.Mutex
	created    []crashAccount // 200 to POST virtualAccount
	deposited  []crashAccount // 200 to POST …/deposits
	unexpected []string       // answers other than 200 that were not the kill
}

// TestCrashLoop runs the release binary on one data file for many rounds:
// start it, load it with concurrent virtual-account creations and deposits
// over loopback, kill -9 it at a random moment, check the crashed file, start
// it again and verify that every acknowledged account is there, every
// acknowledged deposit is PAID, and the balance is the opening balance plus
// every paid account; then stop it and check the file again (rule R02, W15).
// A last restart verifies every round's deposits once more.
func TestCrashLoop(t *testing.T) {
	if !*crashLoopFlag {
		t.Skip("run with -crashloop")
	}
	bin := binary(t)
	data := filepath.Join(t.TempDir(), "crashloop.db")
	args := []string{"--addr", "127.0.0.1:0", "--data", data, "--rate-limit", "off", "--clock", "2026-01-01T09:00:00+09:00"}
	seed := *crashLoopSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (-crashloop-seed to repeat the kill moments)", seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	const opening = 500000 // alice's 10001 in the demo data
	var (
		allDeposited       []crashAccount
		paidTotal          int64
		accounts, deposits int // acknowledged
		committedUnacked   int // rounds where a deposit committed but its answer never left
		violations         int
	)
	violation := func(format string, args ...any) {
		violations++
		t.Errorf(format, args...)
	}
	checkFile := func(when string) {
		out, err := exec.Command(bin, "check", "--data", data).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "every balance equals its ledger") {
			violation("%s: kakao-sandbox check: %v\n%s", when, err, out)
		}
	}
	verify := func(p *process, round int, accounts, deposits []crashAccount) (paid int64) {
		state := map[string]string{}
		for _, a := range accounts {
			status, va := call(t, "GET", p.url+"/_sandbox/virtual-accounts/"+a.number, "", nil, "")
			if status != 200 {
				violation("round %d: acknowledged account %s is gone (%d %v)", round, a.number, status, va)
				continue
			}
			if va["amount"] != float64(a.amount) {
				violation("round %d: account %s has amount %v, want %d", round, a.number, va["amount"], a.amount)
			}
			state[a.number], _ = va["status"].(string)
			if state[a.number] == "PAID" {
				paid += a.amount
			}
		}
		for _, a := range deposits {
			if state[a.number] != "PAID" {
				violation("round %d: acknowledged deposit into %s is %q after the restart", round, a.number, state[a.number])
			}
		}
		return paid
	}
	balance := func(p *process, round int) {
		_, bal := call(t, "GET", p.url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"}, "")
		if bal["cash"] != float64(opening+paidTotal) {
			violation("round %d: balance %v, want the opening %d plus every paid account %d", round, bal["cash"], opening, paidTotal)
		}
	}

	for round := 1; round <= *crashLoopRounds; round++ {
		p := start(t, bin, nil, args...)
		load := loadUntilKilled(p, rng, 8)
		killAfter := time.Duration(rng.Int64N(int64(1500 * time.Millisecond)))
		time.Sleep(killAfter)
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
		<-p.done
		r := load.stop()
		checkFile(fmt.Sprintf("round %d, after kill -9", round))
		for _, u := range r.unexpected {
			violation("round %d: %s", round, u)
		}

		p = start(t, bin, nil, args...)
		paid := verify(p, round, r.created, r.deposited)
		var ackedPaid int64
		for _, a := range r.deposited {
			ackedPaid += a.amount
		}
		if paid > ackedPaid {
			committedUnacked++
		}
		paidTotal += paid
		balance(p, round)
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
		require.NoError(t, <-p.done, "a clean shutdown on SIGTERM")
		checkFile(fmt.Sprintf("round %d, after the restart", round))

		accounts += len(r.created)
		deposits += len(r.deposited)
		allDeposited = append(allDeposited, r.deposited...)
		t.Logf("round %2d: killed after %4d ms with %4d accounts and %4d deposits acknowledged", round, killAfter.Milliseconds(), len(r.created), len(r.deposited))
	}

	p := start(t, bin, nil, args...)
	verify(p, 0, allDeposited, allDeposited)
	balance(p, 0)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, <-p.done)
	checkFile("at the end")

	t.Logf("crash loop: %d rounds (seed %d), %d requests acknowledged (%d virtual accounts, %d deposits), "+
		"%d rounds with a deposit committed but not acknowledged, final balance %d, %d violations",
		*crashLoopRounds, seed, accounts+deposits, accounts, deposits, committedUnacked, opening+paidTotal, violations)
}

// loadUntilKilled starts workers that each, in a loop, ask for a virtual
// account at 10001 and deposit its amount, recording what was acknowledged.
// A worker stops at its first failed call: the kill.
func loadUntilKilled(p *process, rng *rand.Rand, workers int) *loadRun {
	ctx, cancel := context.WithCancel(context.Background())
	l := &loadRun{cancel: cancel}
	ad := map[string]string{"adAccountId": "10001"}
	for w := range workers {
		seed := rng.Uint64()
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			wr := rand.New(rand.NewPCG(seed, uint64(w)))
			for ctx.Err() == nil {
				a := crashAccount{amount: 1000 + wr.Int64N(100000)}
				status, va, err := try("POST", p.url+"/openapi/v4/billing/virtualAccount", "sandbox-biz-alice", ad,
					fmt.Sprintf(`{"adAccountId":10001,"amount":%d,"bankCode":"88"}`, a.amount))
				if err != nil || status != 200 {
					l.unexpected(err, status, "POST virtualAccount", va)
					return
				}
				a.number, _ = va["accountNumber"].(string)
				l.r.mu.Lock()
				l.r.created = append(l.r.created, a)
				l.r.mu.Unlock()
				status, dep, err := try("POST", p.url+"/_sandbox/virtual-accounts/"+a.number+"/deposits", "", nil, fmt.Sprintf(`{"amount":%d}`, a.amount))
				if err != nil || status != 200 {
					l.unexpected(err, status, "POST deposits", dep)
					return
				}
				l.r.mu.Lock()
				l.r.deposited = append(l.r.deposited, a)
				l.r.mu.Unlock()
			}
		}()
	}
	return l
}

type loadRun struct {
	r      crashRound
	wg     sync.WaitGroup
	cancel context.CancelFunc
}

// unexpected records an answer that was not the kill: a status other than
// 200 with a readable body. A failed call (err) is the kill itself.
func (l *loadRun) unexpected(err error, status int, what string, body map[string]any) {
	if err != nil {
		return
	}
	l.r.mu.Lock()
	l.r.unexpected = append(l.r.unexpected, fmt.Sprintf("%s answered %d: %v", what, status, body))
	l.r.mu.Unlock()
}

// stop ends the workers (the process is dead by now) and waits for them.
func (l *loadRun) stop() *crashRound {
	l.cancel()
	l.wg.Wait()
	return &l.r
}
