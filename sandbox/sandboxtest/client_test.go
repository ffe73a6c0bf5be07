package sandboxtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo answers with what it received, to see what the transport sent.
func echo(t *testing.T) *Sandbox {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_ = json.NewEncoder(w).Encode(map[string]string{"method": r.Method, "host": r.Host, "path": r.URL.Path,
			"query": r.URL.RawQuery, "header": r.Header.Get("X-Probe"), "body": string(body)})
	}))
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	return &Sandbox{URL: srv.URL, transport: transport}
}

// closeRecorder notes whether the transport closed a request body.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestClientSendsKakaoHostsToTheSandbox(t *testing.T) {
	t.Parallel()
	s := echo(t)
	for _, u := range []string{
		"https://apis.moment.kakao.com/openapi/v4/adAccounts/pages?page=1&size=3",
		"http://apis.moment.kakao.com/openapi/v4/adAccounts/pages?page=1&size=3",
		"https://kauth.kakao.com:443/oauth/token?page=1&size=3",
		"http://kapi.kakao.com:8080/v2/user/me?page=1&size=3",
		"https://KAPI.Kakao.com:9443/v2/user/me?page=1&size=3",
	} {
		t.Run(u, func(t *testing.T) {
			req, err := http.NewRequest("POST", u, strings.NewReader(`{"a":1}`))
			require.NoError(t, err)
			req.Header.Set("X-Probe", "kept")
			resp, err := s.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var got map[string]string
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
			assert.Equal(t, "POST", got["method"])
			assert.Equal(t, req.URL.Host, got["host"], "the Host header names Kakao's host")
			assert.Equal(t, req.URL.Path, got["path"])
			assert.Equal(t, "page=1&size=3", got["query"])
			assert.Equal(t, "kept", got["header"])
			assert.Equal(t, `{"a":1}`, got["body"])
			assert.Equal(t, u, req.URL.String(), "the caller's request is not changed")
		})
	}
}

func TestClientRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	s := echo(t)
	for _, u := range []string{
		"https://example.com/openapi/v4/adAccounts/balance",
		"https://kakao.com/",
		"https://evil-kapi.kakao.com/",
		"https://kapi.kakao.com.example.com/",
		"http://localhost:3000/callback",
		s.URL + "/_sandbox/health", // the listener itself: use Do for that
		"ftp://kapi.kakao.com/",
	} {
		t.Run(u, func(t *testing.T) {
			body := &closeRecorder{Reader: strings.NewReader("x")}
			req, err := http.NewRequest("POST", u, body)
			require.NoError(t, err)
			_, err = s.Client().Do(req)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "sandboxtest: refused POST")
			assert.Contains(t, err.Error(), "nothing to the network")
			assert.True(t, body.closed, "a refused request's body is closed, as RoundTrip must")
		})
	}
}
