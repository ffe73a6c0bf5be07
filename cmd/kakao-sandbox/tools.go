package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"text/tabwriter"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/scenarios"
)

// listScenarios prints the shipped failure scenarios with what each simulates.
func listScenarios(stdout io.Writer) error {
	lib, err := scenarios.Library()
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, name := range scenarios.Names(lib) {
		fmt.Fprintf(w, "%s\t%s\n", name, lib[name].Description)
	}
	return w.Flush()
}

func printVersion(stdout io.Writer) error {
	_, err := fmt.Fprintln(stdout, "kakao-sandbox", sandbox.Version)
	return err
}

const healthcheckUsage = `Usage: kakao-sandbox healthcheck [--addr HOST:PORT] [--wait 10s]

Exits 0 when the sandbox at --addr answers GET /_sandbox/health with status ok,
1 otherwise. The container's HEALTHCHECK runs it. With --wait, it asks again
every 100 ms until the sandbox is healthy or the time is up, for scripts that
start the sandbox in the background:

  kakao-sandbox --data "$(mktemp -d)/ci.db" &
  kakao-sandbox healthcheck --wait 10s
`

// healthPoll is how often healthcheck --wait asks.
const healthPoll = 100 * time.Millisecond

func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("healthcheck", healthcheckUsage, args, getenv, stdout, stderr)
	addr := f.String("addr", "127.0.0.1:8080", "address the sandbox listens on")
	adminToken := f.String("admin-token", "", "the sandbox's admin token, if it has one (the health check needs none)")
	wait := f.Duration("wait", 0, 0, time.Hour, "keep asking until healthy, up to this long (0: ask once)")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := checkAddr(*addr); err != nil {
		return err
	}
	deadline := time.Now().Add(*wait)
	for {
		version, err := askHealth(ctx, listenURL(*addr), *adminToken)
		if err == nil {
			_, err = fmt.Fprintf(stdout, "healthy: kakao-sandbox %s\n", version)
			return err
		}
		left := time.Until(deadline)
		if left <= 0 || ctx.Err() != nil {
			if *wait > 0 {
				return fmt.Errorf("unhealthy after waiting %s: %w", formatDuration(*wait), err)
			}
			return fmt.Errorf("unhealthy: %w", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(min(healthPoll, left)):
		}
	}
}

// askHealth asks the sandbox at base once and returns its version.
func askHealth(ctx context.Context, base, adminToken string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_sandbox/health", nil)
	if err != nil {
		return "", err
	}
	if adminToken != "" {
		req.Header.Set("Authorization", "Bearer "+adminToken)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var health struct{ Status, Version string }
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil || resp.StatusCode != http.StatusOK || health.Status != "ok" {
		return "", fmt.Errorf("%s/_sandbox/health answered HTTP %d", base, resp.StatusCode)
	}
	return health.Version, nil
}

const checkUsage = `Usage: kakao-sandbox check --data FILE

Verifies that every wallet's paid and free cash equal the sums of its ledger,
that free cash equals what its grants have left, and that no paid cash is
negative. Stop the sandbox first: a serving sandbox holds the file's lock.
Exits 0 when all hold, 1 otherwise.
`

func check(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("check", checkUsage, args, getenv, stdout, stderr)
	data := f.String("data", "./kakao-sandbox.db", "the bbolt data file")
	if err := f.parse(args); err != nil {
		return err
	}
	r, err := sandbox.Check(*data)
	if err != nil {
		return err
	}
	for _, m := range r.Mismatches {
		fmt.Fprintln(stdout, "MISMATCH", m)
	}
	if !r.OK() {
		return fmt.Errorf("%d of %d wallets do not match their ledger", len(r.Mismatches), r.Wallets)
	}
	_, err = fmt.Fprintf(stdout, "ok: %d wallets, every balance equals its ledger\n", r.Wallets)
	return err
}
