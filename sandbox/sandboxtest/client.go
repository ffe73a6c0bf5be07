package sandboxtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Request is one call to make.
type Request struct {
	Method string
	Path   string // with the query, if any
	Token  string // sent as Authorization: Bearer
	Header map[string]string
	Body   any // marshalled to JSON unless it is a string or []byte
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

// Do makes the call over HTTP. Any 5xx but a 503 fails the test: a 500 is a
// bug (a scenario that answers 500 on purpose needs the package-level Do).
func (s *Sandbox) Do(r Request) Response {
	s.report.Helper()
	resp, err := send(s.client, s.URL, r)
	if err != nil {
		s.report.Fatalf("sandboxtest: %v", err)
	}
	if resp.Status >= 500 && resp.Status != http.StatusServiceUnavailable {
		s.report.Errorf("sandboxtest: %s %s answered %d: %s", r.Method, r.Path, resp.Status, resp.Body)
	}
	return resp
}

// Do makes a call against any base URL, whatever the answer.
func Do(t testing.TB, base string, r Request) Response {
	t.Helper()
	resp, err := send(http.DefaultClient, base, r)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	return resp
}

func send(client *http.Client, base string, r Request) (Response, error) {
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return Response{}, fmt.Errorf("marshal: %w", err)
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(r.Method, base+r.Path, body)
	if err != nil {
		return Response{}, err
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
	resp, err := client.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", r.Method, r.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: read body: %w", r.Method, r.Path, err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// Client is an *http.Client for code that has Kakao's URLs written into it:
// a request for kauth.kakao.com, kapi.kakao.com or apis.moment.kakao.com,
// http or https on any port, goes to the sandbox's listener as plain HTTP
// with its method, path, query, headers (Host included) and body unchanged.
// Any other host is refused with an error; nothing reaches the network. A
// redirect to an app's redirect URI (kauth's authorize) is refused the same
// way, so set CheckRedirect to read the Location instead.
func (s *Sandbox) Client() *http.Client {
	return &http.Client{Transport: kakaoTransport{s}}
}

type kakaoTransport struct{ s *Sandbox }

func (k kakaoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	scheme, host := r.URL.Scheme, r.URL.Hostname()
	if (scheme != "http" && scheme != "https") || !kakao.IsHost(host) {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, fmt.Errorf("sandboxtest: refused %s %s: the sandbox's client sends only kauth.kakao.com, kapi.kakao.com and apis.moment.kakao.com, to the sandbox, and nothing to the network",
			r.Method, r.URL.Redacted())
	}
	listener, err := url.Parse(k.s.URL)
	if err != nil {
		return nil, err
	}
	out := r.Clone(r.Context())
	out.URL.Scheme, out.URL.Host = "http", listener.Host
	if out.Host == "" {
		out.Host = r.URL.Host
	}
	return k.s.transport.RoundTrip(out)
}
