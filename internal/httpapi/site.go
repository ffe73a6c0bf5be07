package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Only the developer drives the sandbox (rule R12, docs/security.md). A web
// page the developer happens to visit can send requests to 127.0.0.1 too:
// simple ones with no-cors fetch or a form, or any it likes once its own
// name resolves to 127.0.0.1 (DNS rebinding). So, before routing:
//
//   - every request must name, in Host, a name the sandbox serves
//     (servesHost): a rebound page's requests carry its own name;
//   - a request to the control plane or the dashboard that a browser marks
//     as coming from another site (Sec-Fetch-Site, Origin) is refused,
//     unless --allowed-origin names that site (crossSite);
//
// and a control body that is not declared JSON is read as JSON only when no
// browser sent it (browserBody, from readBody). curl, the SDKs and Go
// clients send neither Origin nor Sec-Fetch-*, and name the host they
// dialled: they pass unchanged.

// guardSite runs the Host and cross-site checks; a refused request is
// answered at once, in its surface's error shape.
func (s *Server) guardSite(c *gin.Context) {
	if err := s.checkHost(c.Request); err != nil {
		c.Abort()
		s.fail(c, err)
		return
	}
	if !isControlPath(c.Request.URL.Path) {
		return
	}
	// The dashboard's pages never show inside another site's frame.
	c.Header("X-Frame-Options", "DENY")
	c.Header("Content-Security-Policy", "frame-ancestors 'none'")
	if err := s.crossSite(c.Request); err != nil {
		c.Abort()
		s.fail(c, err)
	}
}

// isControlPath: the control plane (the dashboard included) and /metrics.
func isControlPath(path string) bool {
	return path == "/_sandbox" || strings.HasPrefix(path, "/_sandbox/") || path == "/metrics"
}

// checkHost refuses a Host the sandbox does not serve.
func (s *Server) checkHost(r *http.Request) error {
	if s.servesHost(r.Host) {
		return nil
	}
	name := hostName(r.Host)
	return kakao.ErrUnknownHost.With("kakao-sandbox does not answer for the host %q (rule R12: a web page whose name points at this address must not drive it); "+
		"if you reach the sandbox by that name, start it with --allowed-host %s (KAKAO_SANDBOX_ALLOWED_HOST)", name, name)
}

// servesHost: the names a rebound page cannot have. An IP address is no name
// at all; localhost and *.localhost never leave the machine; Kakao's hosts
// belong to Kakao; a name of one label (a container or service name such as
// kakao-sandbox) and a name under .internal (host.docker.internal) cannot be
// registered on the public internet; example.com is IANA's, and the Host of
// Go's httptest.NewRequest, so a Go test that calls the Handler directly
// needs nothing. Besides those, the host of --issuer and the --allowed-host
// names; "*" allows any.
func (s *Server) servesHost(host string) bool {
	name := hostName(host)
	switch {
	case name == "", // HTTP/1.0 without Host: no browser sends that
		isIP(name),
		name == "localhost", strings.HasSuffix(name, ".localhost"),
		kakao.IsHost(name),
		!strings.Contains(name, "."),
		strings.HasSuffix(name, ".internal"),
		name == "example.com":
		return true
	}
	if s.Issuer != "" {
		if u, err := url.Parse(s.Issuer); err == nil && strings.EqualFold(u.Hostname(), name) {
			return true
		}
	}
	for _, h := range s.AllowedHosts {
		if h == "*" || strings.EqualFold(strings.TrimSuffix(h, "."), name) {
			return true
		}
	}
	return false
}

// isIP reports whether name is an IP address (netip parses without
// allocating; this runs on every request).
func isIP(name string) bool {
	_, err := netip.ParseAddr(name)
	return err == nil
}

// hostName is host without its port or brackets, lower-cased, without a
// trailing dot.
func hostName(host string) string {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	return strings.TrimSuffix(strings.ToLower(name), ".")
}

// crossSite refuses a control-plane request a browser sent for another
// site's page. Sec-Fetch-Site is the browser's own word (a page cannot set
// it): same-origin and none (the developer typed the address, or used a
// bookmark) pass; same-site (a page on another port of the same host is
// same-site!) and cross-site need --allowed-origin. A browser that sends no
// Sec-Fetch-Site still sends Origin on every POST: it must be the
// sandbox's own origin or an allowed one.
func (s *Server) crossSite(r *http.Request) error {
	origin := r.Header.Get("Origin")
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "same-origin", "none":
		return nil
	case "":
		if origin == "" || s.ownOrigin(r, origin) || s.allowedOrigin(origin) {
			return nil
		}
	default: // same-site, cross-site, and anything a future browser sends
		if origin != "" && s.allowedOrigin(origin) {
			return nil
		}
	}
	from := origin
	if from == "" {
		from = "another site"
	}
	way := "to drive the sandbox from your own web app, start it with --allowed-origin <that origin> (KAKAO_SANDBOX_ALLOWED_ORIGIN)"
	if r.Header.Get("Sec-Fetch-Mode") == "navigate" {
		way = "followed a link to the dashboard? type its address, or use a bookmark; " + way
	}
	return kakao.ErrCrossSite.With("the control plane and the dashboard answer only the developer: this request came from a page of %s (Sec-Fetch-Site %q, Origin %q) (rule R12); %s",
		from, r.Header.Get("Sec-Fetch-Site"), origin, way)
}

// ownOrigin: origin is the scheme, host and port the request came in on
// (X-Forwarded-Proto behind a proxy), or --issuer's.
func (s *Server) ownOrigin(r *http.Request, origin string) bool {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); p == "http" || p == "https" {
		scheme = p
	}
	own := normalOrigin(scheme + "://" + r.Host)
	return own != "" && own == normalOrigin(origin) || s.Issuer != "" && normalOrigin(s.Issuer) == normalOrigin(origin)
}

func (s *Server) allowedOrigin(origin string) bool {
	o := normalOrigin(origin)
	if o == "" {
		return false
	}
	for _, a := range s.AllowedOrigins {
		if normalOrigin(a) == o {
			return true
		}
	}
	return false
}

// normalOrigin is an origin as scheme://host:port, lower-cased, with the
// scheme's default port written out; "" for anything else ("null").
func normalOrigin(o string) string {
	u, err := url.Parse(strings.TrimSuffix(o, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.User != nil {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return strings.ToLower(u.Scheme + "://" + net.JoinHostPort(u.Hostname(), port))
}

// NormalOrigin checks an --allowed-origin: scheme://host[:port], http or
// https, no path. It reports whether o is one.
func NormalOrigin(o string) bool { return normalOrigin(o) != "" }

// browserBody refuses to read a control body as JSON (or YAML) when it was
// not declared so and a browser sent it: a page's no-cors fetch or form can
// send only form, multipart or text/plain bodies, and must not drive the
// control plane with one. curl -d (form type, no Origin) is still read.
func (s *Server) browserBody(r *http.Request, contentType string) error {
	origin := r.Header.Get("Origin")
	if origin == "" && r.Header.Get("Sec-Fetch-Site") == "" && r.Header.Get("Sec-Fetch-Mode") == "" {
		return nil
	}
	if origin != "" && s.allowedOrigin(origin) {
		return nil
	}
	return kakao.ErrBrowserBody.With("a browser sent this control call's body as %q: send Content-Type: application/json (rule R12)", contentType)
}
