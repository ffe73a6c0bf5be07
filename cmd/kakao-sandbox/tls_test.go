package main

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
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// printedCA runs 'kakao-sandbox ca --data data' and returns what it prints.
func printedCA(t *testing.T, data string) []byte {
	t.Helper()
	var out, errOut syncBuffer
	require.NoError(t, run(context.Background(), []string{"ca", "--data", data}, noEnv, &out, &errOut), errOut.String())
	return []byte(out.String())
}

// hostsFileClient is a client as one on a machine whose hosts file sends
// Kakao's names (and localhost) to the sandbox: whatever the host and port
// in the URL, it dials the sandbox at base, and it trusts only the
// certificates in trusted. The URL's host still goes out as the TLS server
// name and the Host header, as over the network.
func hostsFileClient(t *testing.T, base string, trusted []byte, http2 bool) *http.Client {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(trusted), "the printed CA is PEM")
	mapped := map[string]bool{"kauth.kakao.com": true, "kapi.kakao.com": true, "apis.moment.kakao.com": true,
		"localhost": true, "127.0.0.1": true, "::1": true}
	var dialer net.Dialer
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil || !mapped[host] {
				return nil, fmt.Errorf("test dialer: %s is not mapped to the sandbox", addr)
			}
			return dialer.DialContext(ctx, network, u.Host)
		},
		ForceAttemptHTTP2: http2,
	}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport, Timeout: 10 * time.Second}
}

// get sends a GET with a token and headers and decodes a JSON answer.
func get(t *testing.T, client *http.Client, rawURL, token string, header map[string]string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := newRequest(http.MethodGet, rawURL, token, header, "")
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err, rawURL)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(data, &body), "%s: %s", rawURL, data)
	return resp, body
}

// TestTLSKakaoHosts: with --tls, a client that trusts only the printed CA
// and whose hosts file sends Kakao's names to the sandbox reaches kauth, kapi
// and Moment by their real https URLs, over HTTP/2 and HTTP/1.1, and gets
// Kakao's answers; OpenID discovery names Kakao's issuer.
func TestTLSKakaoHosts(t *testing.T) {
	data := filepath.Join(t.TempDir(), "tls.db")
	ca := printedCA(t, data)
	base, stderr := serveWith(t, data, "--tls")
	require.True(t, strings.HasPrefix(base, "https://"), base)
	assert.Contains(t, stderr.String(), "ca_created=false", "the CA 'ca' printed is the one serving")
	_, port, err := net.SplitHostPort(strings.TrimPrefix(base, "https://"))
	require.NoError(t, err)

	for _, h2 := range []bool{true, false} {
		t.Run(map[bool]string{true: "HTTP/2", false: "HTTP/1.1"}[h2], func(t *testing.T) {
			client := hostsFileClient(t, base, ca, h2)

			resp, discovery := get(t, client, "https://kauth.kakao.com/.well-known/openid-configuration", "", nil)
			require.Equal(t, 200, resp.StatusCode, "%v", discovery)
			assert.Equal(t, map[bool]int{true: 2, false: 1}[h2], resp.ProtoMajor)
			assert.Equal(t, "https://kauth.kakao.com", discovery["issuer"])
			assert.Equal(t, "https://kauth.kakao.com/oauth/token", discovery["token_endpoint"])
			assert.Equal(t, "https://kapi.kakao.com/v1/oidc/userinfo", discovery["userinfo_endpoint"])

			resp, balance := get(t, client, "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", "sandbox-biz-alice",
				map[string]string{"adAccountId": "10001"})
			require.Equal(t, 200, resp.StatusCode, "%v", balance)
			assert.EqualValues(t, 10001, balance["id"])
			assert.Contains(t, balance, "cash")
			assert.Contains(t, balance, "freeCash")

			resp, info := get(t, client, "https://kapi.kakao.com/v1/user/access_token_info", "sandbox-login-alice", nil)
			require.Equal(t, 200, resp.StatusCode, "%v", info)
			assert.Contains(t, info, "id")
			assert.Contains(t, info, "expires_in")
			assert.Contains(t, info, "app_id")

			resp, kakaoErr := get(t, client, "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", "sandbox-biz-eve",
				map[string]string{"adAccountId": "10001"})
			assert.Equal(t, 400, resp.StatusCode)
			assert.Equal(t, "KakaoMomentException", kakaoErr["msg"], "Kakao's error body over TLS too")
		})
	}

	client := hostsFileClient(t, base, ca, true)
	t.Run("issuer is the URL reached, off Kakao's default port", func(t *testing.T) {
		for reached, issuer := range map[string]string{
			"https://kauth.kakao.com:443":        "https://kauth.kakao.com",
			"https://kauth.kakao.com:" + port:    "https://kauth.kakao.com:" + port,
			"https://localhost:" + port:          "https://localhost:" + port,
			"https://127.0.0.1:" + port:          "https://127.0.0.1:" + port,
			"https://[::1]:" + port:              "https://[::1]:" + port, // the certificate names ::1 too
			"https://apis.moment.kakao.com:8443": "https://apis.moment.kakao.com:8443",
		} {
			_, discovery := get(t, client, reached+"/.well-known/openid-configuration", "", nil)
			assert.Equal(t, issuer, discovery["issuer"], reached)
		}
	})
	t.Run("only the hosts it serves are answered (rule R12)", func(t *testing.T) {
		for host, want := range map[string]int{"sandbox.internal.example:9999": 421, "sandbox.internal:9999": 200, "kakao-sandbox:443": 200} {
			req, err := http.NewRequest(http.MethodGet, "https://localhost/_sandbox/health", nil)
			require.NoError(t, err)
			req.Host = host
			resp, err := client.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, want, resp.StatusCode, "%s: %s", host, body)
			if want == 421 {
				assert.Contains(t, string(body), "--allowed-host sandbox.internal.example")
			}
		}
	})
	t.Run("a client that does not trust the CA is refused, and the log says so", func(t *testing.T) {
		other := printedCA(t, filepath.Join(t.TempDir(), "other.db"))
		_, err := hostsFileClient(t, base, other, true).Get("https://kapi.kakao.com/v1/user/access_token_info")
		var unknown x509.UnknownAuthorityError
		require.ErrorAs(t, err, &unknown)
		assert.Eventually(t, func() bool {
			return strings.Contains(stderr.String(), "TLS handshake error") && strings.Contains(stderr.String(), "kakao-sandbox ca")
		}, 5*time.Second, 5*time.Millisecond)
	})
	t.Run("the server certificate", func(t *testing.T) {
		conn, err := tls.Dial("tcp", strings.TrimPrefix(base, "https://"), &tls.Config{InsecureSkipVerify: true})
		require.NoError(t, err)
		defer conn.Close()
		leaf := conn.ConnectionState().PeerCertificates[0]
		assert.ElementsMatch(t, []string{"localhost", "kauth.kakao.com", "kapi.kakao.com", "apis.moment.kakao.com"}, leaf.DNSNames)
		assert.Len(t, leaf.IPAddresses, 2)
		assert.LessOrEqual(t, leaf.NotAfter.Sub(leaf.NotBefore), 366*24*time.Hour+time.Hour)
		assert.IsType(t, &ecdsa.PublicKey{}, leaf.PublicKey)
	})
	t.Run("healthcheck --tls trusts the CA beside --data", func(t *testing.T) {
		var out, errOut syncBuffer
		addr := strings.TrimPrefix(base, "https://")
		require.NoError(t, run(context.Background(), []string{"healthcheck", "--addr", addr, "--tls", "--data", data}, noEnv, &out, &errOut))
		assert.Contains(t, out.String(), "healthy")
		env := func(k string) string {
			return map[string]string{"KAKAO_SANDBOX_TLS": "true", "KAKAO_SANDBOX_DATA": data}[k]
		}
		require.NoError(t, run(context.Background(), []string{"healthcheck", "--addr", addr}, env, &out, &errOut),
			"the container's HEALTHCHECK reads serve's variables")
		assert.Error(t, run(context.Background(), []string{"healthcheck", "--addr", addr, "--tls", "--data", filepath.Join(t.TempDir(), "x.db")}, noEnv, &out, &errOut),
			"no CA there to trust")
		assert.ErrorContains(t, run(context.Background(), []string{"healthcheck", "--addr", addr}, noEnv, &out, &errOut), "add --tls",
			"plain HTTP to an HTTPS sandbox")
	})
}

// serveWith runs the program in process over data until the test ends.
func serveWith(t *testing.T, data string, args ...string) (string, *syncBuffer) {
	t.Helper()
	base, stderr, stop := startInProcess(t, data, args...)
	t.Cleanup(stop)
	return base, stderr
}

// TestTLSCAKeptPerDataDirectory: the CA is made once per data directory and
// kept, so a client that trusted it goes on trusting the sandbox after a
// restart, while the server certificate is new at each start.
func TestTLSCAKeptPerDataDirectory(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "a.db")
	var ca []byte
	var serials []*big.Int
	for i := range 2 {
		base, stderr, stop := startInProcess(t, data, "--tls")
		assert.Contains(t, stderr.String(), fmt.Sprintf("ca_created=%v", i == 0))
		if i == 0 {
			ca = printedCA(t, data)
		}
		conn, err := tls.Dial("tcp", strings.TrimPrefix(base, "https://"), &tls.Config{InsecureSkipVerify: true})
		require.NoError(t, err)
		serials = append(serials, conn.ConnectionState().PeerCertificates[0].SerialNumber)
		conn.Close()
		client := hostsFileClient(t, base, ca, true)
		resp, body := get(t, client, "https://kapi.kakao.com/v1/user/access_token_info", "sandbox-login-alice", nil)
		assert.Equal(t, 200, resp.StatusCode, "start %d: %v", i+1, body)
		client.CloseIdleConnections() // else HTTP/2's graceful close waits a second for it
		stop()
	}
	assert.NotEqual(t, serials[0], serials[1], "a new server certificate at each start")
	assert.Equal(t, ca, printedCA(t, filepath.Join(dir, "b.db")), "one CA per directory")
	assert.NotEqual(t, ca, printedCA(t, filepath.Join(t.TempDir(), "a.db")), "another directory, another CA")

	key, err := os.Stat(filepath.Join(dir, "kakao-sandbox-ca.key"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), key.Mode().Perm(), "the CA key is readable only by its owner")
	block, _ := pem.Decode(ca)
	require.NotNil(t, block)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	assert.True(t, cert.IsCA)
	assert.Greater(t, cert.NotAfter.Sub(cert.NotBefore), 9*365*24*time.Hour)

	t.Run("an interrupted creation is redone", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "kakao-sandbox-ca.key"), []byte("half"), 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "kakao-sandbox-ca.crt"), nil, 0o644))
		assert.Contains(t, string(printedCA(t, filepath.Join(dir, "s.db"))), "BEGIN CERTIFICATE")
	})
	t.Run("a directory it cannot write", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "missing", "s.db")
		var out, errOut syncBuffer
		err := run(context.Background(), []string{"--tls", "--addr", "127.0.0.1:0", "--data", data}, noEnv, &out, &errOut)
		assert.ErrorContains(t, err, "write "+filepath.Join(filepath.Dir(data), "kakao-sandbox-ca.key")+": no such file or directory")
		assert.ErrorContains(t, err, "give --data a directory you can write")
	})
	t.Run("a certificate without its key is not replaced", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "kakao-sandbox-ca.crt"), ca, 0o644))
		var out, errOut syncBuffer
		err := run(context.Background(), []string{"ca", "--data", filepath.Join(dir, "s.db")}, noEnv, &out, &errOut)
		assert.ErrorContains(t, err, "without its key")
	})
}

// TestTLSCertFlags: --tls-cert and --tls-key serve the given certificate
// and make no CA; a bad one stops the start with a message naming the flags,
// before any data file is made.
func TestTLSCertFlags(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "own.pem"), filepath.Join(dir, "own-key.pem")
	certPEM := writeSelfSigned(t, certFile, keyFile, "sandbox.test")

	data := filepath.Join(t.TempDir(), "s.db")
	base, stderr := serveWith(t, data, "--tls-cert", certFile, "--tls-key", keyFile)
	require.True(t, strings.HasPrefix(base, "https://"), "--tls-cert implies --tls: %s", base)
	assert.Contains(t, stderr.String(), "tls_cert="+certFile)
	_, err := os.Stat(filepath.Join(filepath.Dir(data), "kakao-sandbox-ca.crt"))
	assert.ErrorIs(t, err, os.ErrNotExist, "no CA is made")

	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(certPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: "sandbox.test"}}}
	resp, err := client.Get(base + "/_sandbox/health")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	var out, errOut syncBuffer
	addr := strings.TrimPrefix(base, "https://")
	require.NoError(t, run(context.Background(), []string{"healthcheck", "--addr", addr, "--tls-cert", certFile}, noEnv, &out, &errOut),
		"healthcheck trusts the given certificate, whatever names it carries")

	otherCert, otherKey := filepath.Join(dir, "other.pem"), filepath.Join(dir, "other-key.pem")
	writeSelfSigned(t, otherCert, otherKey, "other.test")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing certificate", []string{"--tls-cert", filepath.Join(dir, "nope.pem"), "--tls-key", keyFile}, []string{"--tls-cert", "nope.pem", "no such file"}},
		{"certificate without key", []string{"--tls-cert", certFile}, []string{"--tls-cert and --tls-key go together"}},
		{"key without certificate", []string{"--tls", "--tls-key", keyFile}, []string{"--tls-cert and --tls-key go together"}},
		{"key of another certificate", []string{"--tls-cert", certFile, "--tls-key", otherKey}, []string{"--tls-cert", "does not match"}},
		{"not PEM", []string{"--tls-cert", keyFile, "--tls-key", certFile}, []string{"--tls-cert", "want a PEM certificate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "s.db")
			args := append([]string{"--addr", "127.0.0.1:0", "--data", data}, tc.args...)
			var out, errOut syncBuffer
			err := run(context.Background(), args, noEnv, &out, &errOut)
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			_, statErr := os.Stat(data)
			assert.ErrorIs(t, statErr, os.ErrNotExist, "a failed start leaves no data file")
		})
	}
}

// writeSelfSigned writes a self-signed certificate for name (and no IP) and
// its key, as a user's own, and returns the certificate's PEM.
func writeSelfSigned(t *testing.T, certFile, keyFile, name string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	require.NoError(t, os.WriteFile(certFile, certPEM, 0o644))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	return certPEM
}

// TestHealthcheckWaitsForAFirstCA: on the first --tls start the CA is made
// as the sandbox starts, so `healthcheck --tls --wait` started beside it
// must wait for the CA as it waits for the listener, not give up at once.
func TestHealthcheckWaitsForAFirstCA(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "first.db")
	addr := freeAddr(t)
	var out, errOut syncBuffer
	err := run(context.Background(), []string{"healthcheck", "--addr", addr, "--tls", "--data", data}, noEnv, &out, &errOut)
	require.ErrorContains(t, err, "the certificate to trust", "no CA yet, and asked once")
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"healthcheck", "--addr", addr, "--tls", "--data", data, "--wait", "1m"}, noEnv, &out, &errOut)
	}()
	serveWith(t, data, "--tls", "--addr", addr)
	require.NoError(t, <-done, "%s", errOut.String())
	assert.Contains(t, out.String(), "healthy: kakao-sandbox")
}
