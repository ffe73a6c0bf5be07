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

const healthcheckUsage = `Usage: kakao-sandbox healthcheck [--addr HOST:PORT]

Exits 0 when the sandbox at --addr answers GET /_sandbox/health with status ok,
1 otherwise. The container's HEALTHCHECK runs it.
`

func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("healthcheck", healthcheckUsage, args, getenv, stdout, stderr)
	addr := f.String("addr", "127.0.0.1:8080", "address the sandbox listens on")
	adminToken := f.String("admin-token", "", "the sandbox's admin token, if it has one")
	if err := f.parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, listenURL(*addr)+"/_sandbox/health", nil)
	if err != nil {
		return err
	}
	if *adminToken != "" {
		req.Header.Set("Authorization", "Bearer "+*adminToken)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	defer resp.Body.Close()
	var health struct{ Status, Version string }
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil || resp.StatusCode != http.StatusOK || health.Status != "ok" {
		return fmt.Errorf("unhealthy: HTTP %d", resp.StatusCode)
	}
	_, err = fmt.Fprintf(stdout, "healthy: kakao-sandbox %s\n", health.Version)
	return err
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
