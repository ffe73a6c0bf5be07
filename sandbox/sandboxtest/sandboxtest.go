// Package sandboxtest runs a real sandbox inside a Go test: a temporary bbolt
// file, the real handler behind a real listener on 127.0.0.1, every response
// validated against the OpenAPI document, and a frozen clock.
package sandboxtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

// Start is the frozen sandbox time tests begin at.
var Start = time.Date(2026, 1, 1, 9, 0, 0, 0, time.FixedZone("KST", 9*3600))

// Sandbox is a running test sandbox.
type Sandbox struct {
	*sandbox.Sandbox
	URL    string
	Config sandbox.Config
	Wall   *Wall // the rate limiter's clock
	server *httptest.Server
	t      testing.TB
}

// New starts a sandbox with the demo data. change may adjust the config.
func New(t testing.TB, change ...func(*sandbox.Config)) *Sandbox {
	t.Helper()
	wall := NewWall()
	cfg := sandbox.Config{
		DataPath: filepath.Join(t.TempDir(), "sandbox.db"),
		Clock:    Start,
		Strict:   true,
		Now:      wall.Now,
		Logger:   testLogger(t),
	}
	for _, f := range change {
		f(&cfg)
	}
	sb, err := sandbox.Open(cfg)
	if err != nil {
		t.Fatalf("sandboxtest: open: %v", err)
	}
	srv := httptest.NewServer(sb.Handler())
	s := &Sandbox{Sandbox: sb, URL: srv.URL, Config: cfg, Wall: wall, server: srv, t: t}
	t.Cleanup(s.Stop)
	return s
}

// Stop closes the listener and the data file (Cleanup calls it too).
func (s *Sandbox) Stop() {
	if s.server == nil {
		return
	}
	s.server.Close()
	s.server = nil
	if err := s.Sandbox.Close(); err != nil {
		s.t.Errorf("sandboxtest: close: %v", err)
	}
}

// Restart closes the sandbox and opens the same data file again, as a
// process restart would.
func (s *Sandbox) Restart() {
	s.t.Helper()
	s.Stop()
	sb, err := sandbox.Open(s.Config)
	if err != nil {
		s.t.Fatalf("sandboxtest: reopen: %v", err)
	}
	s.Sandbox = sb
	s.server = httptest.NewServer(sb.Handler())
	s.URL = s.server.URL
}

// RequireLedger fails the test unless every balance equals its ledger (W15).
func (s *Sandbox) RequireLedger() {
	s.t.Helper()
	r, err := s.Check()
	if err != nil {
		s.t.Fatalf("sandboxtest: check: %v", err)
	}
	for _, m := range r.Mismatches {
		s.t.Errorf("ledger mismatch: %s", m)
	}
}

// Request is one call to make.
type Request struct {
	Method  string
	Path    string
	Token   string // sent as Authorization: Bearer
	Header  map[string]string
	Body    any // marshalled to JSON unless it is a string or []byte
	RawBody bool
}

// Response is what came back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("sandboxtest: body is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// Decode decodes the body into v.
func (r Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("sandboxtest: decode: %v: %s", err, r.Body)
	}
}

// Do makes the call over HTTP. Any 5xx fails the test: a 500 is a bug.
func (s *Sandbox) Do(r Request) Response {
	s.t.Helper()
	resp := Do(s.t, s.URL, r)
	if resp.Status >= 500 && resp.Status != http.StatusServiceUnavailable {
		s.t.Errorf("sandboxtest: %s %s answered %d: %s", r.Method, r.Path, resp.Status, resp.Body)
	}
	return resp
}

// Do makes a call against any base URL.
func Do(t testing.TB, base string, r Request) Response {
	t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = bytes.NewBufferString(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("sandboxtest: marshal: %v", err)
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(r.Method, base+r.Path, body)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("sandboxtest: %s %s: %v", r.Method, r.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("sandboxtest: read body: %v", err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}
