package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
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

const caUsage = `Usage: kakao-sandbox ca [--data FILE]

Prints the certificate (PEM) of the local CA that signs the sandbox's HTTPS
certificate with --tls: the one certificate a client needs to trust. It is
made once and kept (kakao-sandbox-ca.crt, its key kakao-sandbox-ca.key
readable only by you), so a CA trusted once stays trusted: beside the data
file of a sandbox started with --data FILE, and for one started without
--data in the user's configuration directory ($XDG_CONFIG_HOME/kakao-sandbox,
~/.config/kakao-sandbox on Linux). This command makes it if the sandbox has
not yet.

  kakao-sandbox ca > kakao-sandbox-ca.pem
`

func printCA(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("ca", caUsage, args, getenv, stdout, stderr)
	data := f.String("data", "", "the data file the CA is kept beside (as serve's --data); none: the CA of sandboxes started without --data")
	if err := f.parse(args); err != nil {
		return err
	}
	home, err := caDir(*data, getenv)
	if err != nil {
		return err
	}
	ca, err := loadOrCreateCA(home)
	if err != nil {
		return err
	}
	if ca.created {
		certPath, keyPath := home.paths()
		fmt.Fprintf(stderr, "kakao-sandbox: made a new local CA: %s (its key: %s)\n", certPath, keyPath)
	}
	_, err = stdout.Write(ca.pem)
	return err
}

func printVersion(stdout io.Writer) error {
	_, err := fmt.Fprintln(stdout, "kakao-sandbox", sandbox.Version)
	return err
}

const healthcheckUsage = `Usage: kakao-sandbox healthcheck [--addr HOST:PORT] [--tls] [--wait 10s]

Exits 0 when the sandbox at --addr answers GET /_sandbox/health with status ok,
1 otherwise. The container's HEALTHCHECK runs it. Over HTTPS (--tls, as the
sandbox's own) it trusts only the sandbox's certificate: the local CA that
'kakao-sandbox ca' prints for the same --data (or none), or --tls-cert. With
--wait, it asks again every 100 ms until the sandbox is healthy or the time
is up, for scripts that start the sandbox in the background:

  kakao-sandbox &
  kakao-sandbox healthcheck --wait 10s
`

// healthPoll is how often healthcheck --wait asks.
const healthPoll = 100 * time.Millisecond

func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("healthcheck", healthcheckUsage, args, getenv, stdout, stderr)
	addr := f.String("addr", "127.0.0.1:8080", "address the sandbox listens on")
	adminToken := f.String("admin-token", "", "the sandbox's admin token, if it has one (the health check needs none)")
	tlsOn := f.Bool("tls", false, "the sandbox serves HTTPS (its --tls)")
	tlsCert := f.String("tls-cert", "", "the certificate the sandbox serves (its --tls-cert); implies --tls")
	data := f.String("data", "", "the sandbox's data file, beside which its local CA is (its --data; none if it has none)")
	wait := f.Duration("wait", 0, 0, time.Hour, "keep asking until healthy, up to this long (0: ask once)")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := checkAddr(*addr); err != nil {
		return err
	}
	h := healthAsker{scheme: "http", client: http.DefaultClient, adminToken: *adminToken}
	useTLS := *tlsOn || *tlsCert != ""
	if useTLS {
		h.scheme, h.client = "https", nil // trusted once the CA can be read
	}
	h.base = listenURL(h.scheme, *addr)
	deadline := time.Now().Add(*wait)
	for {
		var version string
		var err error
		if h.client == nil {
			// A sandbox starting with --tls for the first time writes its CA
			// as it starts: until it can be read, the sandbox is not healthy.
			var trust *tls.Config
			if trust, err = healthcheckTLS(*tlsCert, *data, getenv); err == nil {
				h.client = &http.Client{Transport: &http.Transport{TLSClientConfig: trust}}
			}
		}
		if h.client != nil {
			version, err = h.ask(ctx)
		}
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

// healthAsker asks one sandbox for its health.
type healthAsker struct {
	scheme, base, adminToken string
	client                   *http.Client
}

// ask asks once and returns the sandbox's version.
func (h healthAsker) ask(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.base+"/_sandbox/health", nil)
	if err != nil {
		return "", err
	}
	if h.adminToken != "" {
		req.Header.Set("Authorization", "Bearer "+h.adminToken)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusBadRequest && h.scheme == "http" {
		// Go's answer to plain HTTP on a TLS port.
		if b, _ := io.ReadAll(io.LimitReader(resp.Body, 200)); strings.Contains(string(b), "HTTPS server") {
			return "", errors.New("the sandbox serves HTTPS: add --tls (or set KAKAO_SANDBOX_TLS=true), as for serve")
		}
	}
	var health struct{ Status, Version, Reason string }
	err = json.NewDecoder(resp.Body).Decode(&health)
	if err == nil && resp.StatusCode == http.StatusOK && health.Status == "degraded" {
		return "", fmt.Errorf("%s/_sandbox/health says degraded: %s", h.base, health.Reason)
	}
	if err != nil || resp.StatusCode != http.StatusOK || health.Status != "ok" {
		return "", fmt.Errorf("%s/_sandbox/health answered HTTP %d", h.base, resp.StatusCode)
	}
	return health.Version, nil
}

const checkUsage = `Usage: kakao-sandbox check --data FILE

Reads every stored value as the sandbox reads it (a value of the wrong type,
an id above its bucket's sequence, an unknown bucket, effect kind or scope is
listed with its bucket and key), then verifies that every wallet's paid and
free cash equal the sums of its ledger,
that free cash equals what its grants have left, and that no paid cash is
negative. Stop the sandbox first: a serving sandbox holds the file's lock.
Exits 0 when all hold, 1 otherwise.
`

func check(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("check", checkUsage, args, getenv, stdout, stderr)
	data := f.String("data", "", "the data file of a sandbox started with --data FILE")
	if err := f.parse(args); err != nil {
		return err
	}
	if *data == "" {
		return needsData("check", stderr)
	}
	r, err := sandbox.Check(*data)
	if err != nil {
		return err
	}
	for _, p := range r.Problems {
		fmt.Fprintln(stdout, "UNREADABLE", p)
	}
	if len(r.Problems) > 0 {
		return fmt.Errorf("%d stored values cannot be served (the first %d are listed)", len(r.Problems), len(r.Problems))
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
