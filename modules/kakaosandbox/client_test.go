package kakaosandbox

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// HTTPClient's routing, against a local httptest server standing in for the
// container: no container runtime needed.

func echoHandler(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	name := ""
	if r.TLS != nil {
		name = r.TLS.ServerName
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"method": r.Method, "host": r.Host, "path": r.URL.Path,
		"query": r.URL.RawQuery, "header": r.Header.Get("X-Probe"), "body": string(body), "tls": name})
}

// fake is a Container whose sandbox is srv.
func fake(t *testing.T, srv *httptest.Server, ca []byte) *Container {
	t.Helper()
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	c := &Container{tls: ca != nil, ca: ca, endpoint: func(context.Context) (string, error) { return u.Host, nil }}
	t.Cleanup(func() {
		if c.transport != nil {
			c.transport.(*http.Transport).CloseIdleConnections()
		}
	})
	return c
}

func TestHTTPClientSendsKakaoHostsToTheContainer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(echoHandler))
	t.Cleanup(srv.Close)
	c := fake(t, srv, nil)
	for _, u := range []string{
		"https://apis.moment.kakao.com/openapi/v4/adAccounts/pages?page=1&size=3",
		"http://apis.moment.kakao.com/openapi/v4/adAccounts/pages?page=1&size=3",
		"https://kauth.kakao.com:443/oauth/token?page=1&size=3",
		"http://kapi.kakao.com:8080/v2/user/me?page=1&size=3",
		"https://KAPI.Kakao.com:9443/v2/user/me?page=1&size=3",
	} {
		t.Run(u, func(t *testing.T) {
			got := post(t, c, u)
			assert.Equal(t, mustURL(t, u).Host, got["host"], "the Host header names Kakao's host")
			assert.Empty(t, got["tls"], "plain HTTP, as the sandbox without WithTLS serves")
		})
	}
}

func post(t *testing.T, c *Container, u string) map[string]string {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(`{"a":1}`))
	require.NoError(t, err)
	req.Header.Set("X-Probe", "kept")
	resp, err := c.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var got map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	assert.Equal(t, "POST", got["method"])
	assert.Equal(t, req.URL.Path, got["path"])
	assert.Equal(t, "page=1&size=3", got["query"])
	assert.Equal(t, "kept", got["header"])
	assert.Equal(t, `{"a":1}`, got["body"])
	assert.Equal(t, u, req.URL.String(), "the caller's request is not changed")
	return got
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// closeRecorder notes whether the transport closed a request body.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestHTTPClientRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	var reached atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Store(true) }))
	t.Cleanup(srv.Close)
	c := fake(t, srv, nil)
	for _, u := range []string{
		"https://example.com/openapi/v4/adAccounts/balance",
		"https://kakao.com/",
		"https://evil-kapi.kakao.com/",
		"https://kapi.kakao.com.example.com/",
		"http://localhost:3000/callback",
		srv.URL + "/_sandbox/health", // the container's own address: use BaseURL for that
		"ftp://kapi.kakao.com/",
	} {
		t.Run(u, func(t *testing.T) {
			body := &closeRecorder{Reader: strings.NewReader("x")}
			req, err := http.NewRequest("POST", u, body)
			require.NoError(t, err)
			_, err = c.HTTPClient().Do(req)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "kakaosandbox: refused POST")
			assert.Contains(t, err.Error(), "nothing to the network")
			assert.True(t, body.closed, "a refused request's body is closed, as RoundTrip must")
		})
	}
	assert.False(t, reached.Load())
}

func TestHTTPClientReportsAnUnknownAddress(t *testing.T) {
	t.Parallel()
	c := &Container{endpoint: func(context.Context) (string, error) { return "", errors.New("container stopped") }}
	_, err := c.HTTPClient().Get("https://kapi.kakao.com/v2/user/me")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "container stopped")
	_, err = c.BaseURL(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "container stopped")
}

// testCA is a CA and a server certificate it signs for Kakao's hosts, as
// the sandbox's --tls makes.
func testCA(t *testing.T, names ...string) (caPEM []byte, leaf tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	caCert, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func tlsServer(t *testing.T, leaf tls.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(echoHandler))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPClientSpeaksHTTPSAsToKakao(t *testing.T) {
	t.Parallel()
	ca, leaf := testCA(t, kakao.Hosts...)
	c := fake(t, tlsServer(t, leaf), ca)
	for _, u := range []string{
		"https://apis.moment.kakao.com/openapi/v4/adAccounts/pages?page=1&size=3",
		"http://kapi.kakao.com/v2/user/me?page=1&size=3", // the sandbox serves HTTPS only
		"https://kauth.kakao.com:443/oauth/token?page=1&size=3",
	} {
		t.Run(u, func(t *testing.T) {
			got := post(t, c, u)
			want := mustURL(t, u)
			assert.Equal(t, want.Host, got["host"])
			assert.Equal(t, want.Hostname(), got["tls"], "the TLS server name is Kakao's host")
		})
	}
}

func TestHTTPClientTrustsOnlyTheSandboxsCA(t *testing.T) {
	t.Parallel()
	_, leaf := testCA(t, kakao.Hosts...)
	srv := tlsServer(t, leaf)
	otherCA, _ := testCA(t, "other.example")
	_, err := fake(t, srv, otherCA).HTTPClient().Get("https://kapi.kakao.com/v2/user/me")
	require.Error(t, err)
	var unknown x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &unknown)

	// A certificate that does not name the host asked for is refused too.
	ca, apiOnly := testCA(t, "kapi.kakao.com")
	c := fake(t, tlsServer(t, apiOnly), ca)
	resp, err := c.HTTPClient().Get("https://kapi.kakao.com/v2/user/me")
	require.NoError(t, err)
	resp.Body.Close()
	_, err = c.HTTPClient().Get("https://kauth.kakao.com/oauth/token")
	require.Error(t, err)
	var host x509.HostnameError
	assert.ErrorAs(t, err, &host)
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	c := &Container{endpoint: func(context.Context) (string, error) { return "localhost:32768", nil }}
	u, err := c.BaseURL(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:32768", u)
	c.tls = true
	u, err = c.BaseURL(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "https://localhost:32768", u)
}

func TestParseCA(t *testing.T) {
	t.Parallel()
	ca, leaf := testCA(t, "kapi.kakao.com")
	got, err := parseCA(ca)
	require.NoError(t, err)
	assert.Equal(t, ca, got)

	// stdout, then what the command said on stderr.
	got, err = parseCA(append(append([]byte(nil), ca...), "kakao-sandbox: made a new local CA: /data/kakao-sandbox/kakao-sandbox-ca.crt\n"...))
	require.NoError(t, err)
	assert.Equal(t, ca, got)

	leafPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Certificate[0]})
	_, err = parseCA(leafPEM)
	require.Error(t, err, "a server certificate is no CA")
	_, err = parseCA([]byte("kakao-sandbox: the sandbox's CA: permission denied\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "permission denied")

	c := &Container{ca: ca}
	out := c.CACert()
	out[0] = 'X'
	assert.Equal(t, ca, c.CACert(), "CACert returns a copy")
}
