package kakaosandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// HTTPClient is an *http.Client for code that has Kakao's URLs written into
// it, as sandboxtest's Client is for the in-process sandbox: a request for
// kauth.kakao.com, kapi.kakao.com or apis.moment.kakao.com, http or https on
// any port, goes to the container with its method, path, query, headers
// (Host included) and body unchanged. Any other host is refused with an
// error; nothing reaches the network. A redirect to an app's redirect URI
// (kauth's authorize) is refused the same way, so set CheckRedirect to read
// the Location instead.
//
// Without WithTLS the request goes as plain HTTP. With it, it goes over HTTPS
// as to Kakao: the certificate must name the Kakao host asked for and chain
// to CACert, the only CA trusted.
func (c *Container) HTTPClient() *http.Client {
	c.once.Do(func() { c.transport = c.newTransport() })
	return &http.Client{Transport: kakaoTransport{c}}
}

// newTransport dials the container whatever the address asked: only Kakao's
// hosts get this far (kakaoTransport).
func (c *Container) newTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy: nil, // the container is on this machine, never behind a proxy
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			ep, err := c.endpoint(ctx)
			if err != nil {
				return nil, fmt.Errorf("kakaosandbox: the sandbox's address: %w", err)
			}
			return dialer.DialContext(ctx, network, ep)
		},
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}
	if c.tls {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(c.ca) // none read: every handshake fails, as it should
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return t
}

type kakaoTransport struct{ c *Container }

func (k kakaoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	scheme, host := r.URL.Scheme, r.URL.Hostname()
	if (scheme != "http" && scheme != "https") || !kakao.IsHost(host) {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, fmt.Errorf("kakaosandbox: refused %s %s: the sandbox's client sends only kauth.kakao.com, kapi.kakao.com and apis.moment.kakao.com, to the container, and nothing to the network",
			r.Method, r.URL.Redacted())
	}
	// The URL keeps Kakao's host, so the Host header and, over HTTPS, the
	// name the certificate is checked for stay Kakao's; the dialer goes to
	// the container. The scheme is the sandbox's: it serves one or the other.
	out := r.Clone(r.Context())
	out.URL.Scheme = k.c.scheme()
	if out.Host == "" {
		out.Host = r.URL.Host
	}
	return k.c.transport.RoundTrip(out)
}
