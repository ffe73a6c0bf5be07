// Package sandboxtest is the Go test kit of kakao-sandbox: a real sandbox
// inside your own tests, like httptest for Kakao's advertiser-money APIs.
//
//	import "github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
//
// New starts one per test: a temporary bbolt file, committed without fsync
// (nothing keeps it; an option can turn fsync back on:
// func(c *sandbox.Config) { c.NoSync = false }), the real handler behind a
// real listener on 127.0.0.1, every response validated against the OpenAPI
// document, and a clock frozen at Start. It holds the embedded demo data
// (docs/test-data.md) unless WithFixtures gives it your own. Each sandbox is
// its own world, so tests that use one may call t.Parallel.
//
// The helpers (MintToken, IssueVirtualAccount, Deposit, Spend, Advance,
// SetClock, Freeze, Unfreeze, ...) do real HTTP against that listener,
// through the control plane or Kakao's own paths, and fail the test with
// Kakao's error body on any answer but the expected one. Client gives an *http.Client that sends kauth.kakao.com,
// kapi.kakao.com and apis.moment.kakao.com to the sandbox, so code with
// Kakao's URLs written into it runs unchanged.
//
// Time is the test's: the clock starts frozen, Advance and SetClock move it
// forward (never back), running what falls due on the way, and Unfreeze
// lets it run with Wall, the wall clock only the test moves, until Freeze.
//
// Outside a test (an Example, a TestMain, a local tool) Open starts the same
// sandbox without a testing.TB; Close ends it.
//
// Helpers go through HTTP only, as a client would; RequireLedger alone asks
// the running sandbox in process, since no endpoint reports the ledger check.
//
// This package and package sandbox are kakao-sandbox's public Go API; the
// packages under internal/ are not, and may change in any release.
package sandboxtest

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

// Start is the frozen sandbox time every sandbox begins at:
// 2026-01-01T09:00:00+09:00.
func Start() time.Time { return time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST) }

// Sandbox is a running sandbox.
type Sandbox struct {
	URL    string         // the listener, http://127.0.0.1:port
	Config sandbox.Config // as opened; Restart opens it again
	Wall   *Wall          // the rate limiter's clock

	sb        *sandbox.Sandbox
	server    *httptest.Server
	transport *http.Transport
	client    *http.Client // the kit's own calls, through transport
	report    reporter
	ownDir    string // the temporary directory Open made, removed by Close
}

// reporter is how a sandbox fails: the test's testing.TB under New, a panic
// under Open, where there is no test to fail.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// panicReporter fails by panicking, as httptest.NewServer does.
type panicReporter struct{}

func (panicReporter) Helper() {}

func (panicReporter) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

func (panicReporter) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// New starts a sandbox for t, filled with the embedded demo data unless an
// option says otherwise, and stops it when t ends. A failure to start fails t.
func New(t testing.TB, opts ...Option) *Sandbox {
	t.Helper()
	s, err := start(t, t.TempDir(), testLogger(t), opts)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Open starts a sandbox without a test, for Examples, TestMain or tools; the
// caller must Close it. Its data file lives in a new temporary directory, its
// logs are discarded (an option may set Config.Logger), and its helpers panic
// where under New they would fail the test.
func Open(opts ...Option) (*Sandbox, error) {
	dir, err := os.MkdirTemp("", "sandboxtest-")
	if err != nil {
		return nil, fmt.Errorf("sandboxtest: %w", err)
	}
	s, err := start(panicReporter{}, dir, slog.New(slog.DiscardHandler), opts)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sandboxtest: %w", err), os.RemoveAll(dir))
	}
	s.ownDir = dir
	return s, nil
}

func start(r reporter, dir string, logger *slog.Logger, opts []Option) (*Sandbox, error) {
	wall := NewWall()
	cfg := sandbox.Config{
		DataPath: filepath.Join(dir, "sandbox.db"),
		Clock:    Start(),
		Strict:   true,
		NoSync:   true, // a test's file is thrown away: fsync would only slow it (rule D06)
		Now:      wall.Now,
		Logger:   logger,
	}
	for _, o := range opts {
		o(&cfg)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second}
	s := &Sandbox{Config: cfg, Wall: wall, transport: transport, client: &http.Client{Transport: transport}, report: r}
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

// listen opens the data file and serves it on a new listener.
func (s *Sandbox) listen() error {
	sb, err := sandbox.Open(s.Config)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	s.sb = sb
	s.server = httptest.NewServer(sb.Handler())
	s.URL = s.server.URL
	return nil
}

// Stop closes the listener and the data file, keeping the file (New's
// cleanup calls it). A sandbox may be stopped more than once.
func (s *Sandbox) Stop() {
	if err := s.stop(); err != nil {
		s.report.Errorf("sandboxtest: close: %v", err)
	}
}

func (s *Sandbox) stop() error {
	if s.server == nil {
		return nil
	}
	s.server.Close()
	s.server = nil
	s.transport.CloseIdleConnections()
	return s.sb.Close()
}

// Close stops the sandbox and removes the temporary directory Open made.
func (s *Sandbox) Close() error {
	err := s.stop()
	if s.ownDir != "" {
		err = errors.Join(err, os.RemoveAll(s.ownDir))
		s.ownDir = ""
	}
	return err
}

// Restart closes the sandbox and opens the same data file again, as a
// process restart would. The URL changes; Client follows it.
func (s *Sandbox) Restart() {
	s.report.Helper()
	s.Stop()
	if err := s.listen(); err != nil {
		s.report.Fatalf("sandboxtest: reopen: %v", err)
	}
}

// RequireLedger fails the test unless every balance equals its ledger (rule
// W15). It asks the running sandbox in process: no HTTP call reports this.
func (s *Sandbox) RequireLedger() {
	s.report.Helper()
	r, err := s.sb.Check()
	if err != nil {
		s.report.Fatalf("sandboxtest: check: %v", err)
	}
	for _, m := range r.Mismatches {
		s.report.Errorf("sandboxtest: ledger mismatch: %s", m)
	}
}
