package sandbox_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Rule R12: only the developer drives the sandbox. A page on another site
// (or on another port of 127.0.0.1) must not reach the control plane or
// the dashboard, nor a page whose own name was made to point at 127.0.0.1
// (DNS rebinding); curl and the SDKs need nothing extra.
func rulesCrossSite(t *testing.T) {
	t.Run("R12_a_cross_site_no_cors_post_is_refused", r12CrossSiteNoCORS)
	t.Run("R12_a_page_on_another_port_is_refused", r12AnotherPort)
	t.Run("R12_same_origin_dashboard_use_works", r12SameOrigin)
	t.Run("R12_curl_like_requests_pass_unchanged", r12CurlPasses)
	t.Run("R12_a_browser_form_body_is_not_read_as_json", r12BrowserFormBody)
	t.Run("R12_a_rebinding_host_is_refused", r12RebindingHost)
	t.Run("R12_allowed_hosts_and_origins_pass", r12AllowedPass)
	t.Run("R12_allowed_values_are_checked", r12AllowedChecked)
	t.Run("R12_dashboard_cookie_and_framing", r12DashboardCookie)
}

// chromiumNoCORS are the headers Chromium sends for
// fetch(url, {method: "POST", mode: "no-cors", body: new URLSearchParams(...)})
// from a page at origin.
func chromiumNoCORS(origin, site string) map[string]string {
	return map[string]string{
		"Origin": origin, "Sec-Fetch-Site": site, "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "empty",
		"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
	}
}

// hostCall makes one request with its own Host header, as a page whose
// name resolves to the sandbox's address sends it.
func hostCall(t *testing.T, base, method, path, host string, header map[string]string, body string) (int, map[string]any) {
	t.Helper()
	r, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	if host != "" {
		r.Host = host
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return resp.StatusCode, m
}

func clockNow(t *testing.T, sb *sandboxtest.Sandbox, header map[string]string) string {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/clock", Header: header})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)["now"].(string)
}

func r12CrossSiteNoCORS(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	before := clockNow(t, sb, nil)
	for _, call := range []struct{ method, path, body string }{
		{"POST", "/_sandbox/clock/advance", `{"duration":"7d"}`},
		{"POST", "/_sandbox/reset", `{"fixtures":"empty"}`},
		{"POST", "/_sandbox/fixtures", `{"users":[{"key":"planted","name":"x"}]}`},
		{"GET", "/_sandbox/requests", ""},
		{"GET", "/metrics", ""},
	} {
		for _, h := range []map[string]string{
			chromiumNoCORS("https://evil.example", "cross-site"),
			{"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, // a browser without Sec-Fetch-*
			{"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"},                 // a sandboxed iframe
			{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"},
		} {
			r := sb.Do(req{Method: call.method, Path: call.path, Header: h, Body: call.body})
			assert.Equal(t, http.StatusForbidden, r.Status, "%s %s %v: %s", call.method, call.path, h, r.Body)
			if r.Status == http.StatusForbidden {
				assert.Contains(t, string(r.Body), "--allowed-origin")
				assert.EqualValues(t, -9403, r.JSON(t)["code"])
			}
		}
	}
	assert.Equal(t, before, clockNow(t, sb, nil), "the clock did not move")
	// Kakao's own surfaces are as before: a web app's pages call them.
	discovery := sb.Do(req{Method: "GET", Path: "/.well-known/openid-configuration", Header: chromiumNoCORS("https://app.example", "cross-site")})
	assert.Equal(t, 200, discovery.Status, "%s", discovery.Body)
}

func r12AnotherPort(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, func(c *sandbox.Config) { c.AdminToken = dashAdmin })
	page := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/?token=" + dashAdmin})
	require.Equal(t, 200, page.Status)
	cookie, _, _ := strings.Cut(page.Header.Get("Set-Cookie"), ";")
	auth := map[string]string{"Cookie": cookie}
	before := clockNow(t, sb, auth)
	// A page at http://127.0.0.1:3000 is the same site as the sandbox on
	// 127.0.0.1:<port>: SameSite=Strict sends it the cookie.
	h := chromiumNoCORS("http://127.0.0.1:3000", "same-site")
	h["Cookie"] = cookie
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: h, Body: `{"duration":"7d"}`})
	assert.Equal(t, http.StatusForbidden, r.Status, "%s", r.Body)
	h["Content-Type"] = "application/json" // a CORS request, had the browser let it go
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: h, Body: `{"duration":"7d"}`})
	assert.Equal(t, http.StatusForbidden, r.Status, "%s", r.Body)
	assert.Equal(t, before, clockNow(t, sb, auth), "the clock did not move")
}

func r12SameOrigin(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, func(c *sandbox.Config) { c.AdminToken = dashAdmin })
	// The developer opens the dashboard: a navigation they typed.
	page := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/?token=" + dashAdmin,
		Header: map[string]string{"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}})
	require.Equal(t, 200, page.Status, "%s", page.Body)
	cookie, _, _ := strings.Cut(page.Header.Get("Set-Cookie"), ";")
	// A link from page to page, and the page's own fetch (dash-layout.html).
	next := sb.Do(req{Method: "GET", Path: "/_sandbox/ui/clock",
		Header: map[string]string{"Cookie": cookie, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"}})
	require.Equal(t, 200, next.Status, "%s", next.Body)
	for _, h := range []map[string]string{
		{"Cookie": cookie, "Origin": sb.URL, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"},
		{"Cookie": cookie, "Origin": sb.URL}, // a browser without Sec-Fetch-*
	} {
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: h, Body: map[string]any{"duration": "1h"}})
		assert.Equal(t, 200, r.Status, "%v: %s", h, r.Body)
	}
}

func r12CurlPasses(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	// curl -d '{…}' sends the form type, and neither Origin nor Sec-Fetch-*.
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: `{"duration":"1h"}`,
		Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "curl/8.11.1"}})
	assert.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/metrics"}).Status)
	assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/_sandbox/ui/"}).Status)
}

func r12BrowserFormBody(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	before := clockNow(t, sb, nil)
	// Even from the sandbox's own origin, a browser's form body is no JSON.
	h := chromiumNoCORS(sb.URL, "same-origin")
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: h, Body: `{"duration":"7d"}`})
	assert.Equal(t, http.StatusUnsupportedMediaType, r.Status, "%s", r.Body)
	assert.Contains(t, string(r.Body), "application/json")
	assert.Equal(t, before, clockNow(t, sb, nil))
}

func r12RebindingHost(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	_, port, _ := strings.Cut(strings.TrimPrefix(sb.URL, "http://"), ":")
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port, "localhost.evil.example"} {
		for _, path := range []string{"/_sandbox/clock", "/_sandbox/ui/", "/v2/user/me", "/openapi.yaml", "/nowhere"} {
			status, body := hostCall(t, sb.URL, "GET", path, host, nil, "")
			assert.Equal(t, http.StatusMisdirectedRequest, status, "%s %s", host, path)
			if path == "/_sandbox/clock" {
				assert.EqualValues(t, -9421, body["code"])
				assert.Contains(t, body["msg"], "--allowed-host")
			}
		}
		status, _ := hostCall(t, sb.URL, "POST", "/_sandbox/clock/advance", host, map[string]string{"Content-Type": "application/json"}, `{"duration":"7d"}`)
		assert.Equal(t, http.StatusMisdirectedRequest, status, host)
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "app.localhost:" + port,
		"kauth.kakao.com", "kapi.kakao.com:443", "apis.moment.kakao.com:" + port, "kakao-sandbox:8080", "sandbox", "host.docker.internal:" + port, "10.0.0.7:8080", "example.com"} {
		status, _ := hostCall(t, sb.URL, "GET", "/_sandbox/clock", host, nil, "")
		assert.Equal(t, 200, status, host)
	}
}

func r12AllowedPass(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, func(c *sandbox.Config) {
		c.AllowedHosts = []string{"Sandbox.Example.com"}
		c.AllowedOrigins = []string{"http://localhost:3000"}
		c.Issuer = "https://issuer.example.net"
	})
	for _, host := range []string{"sandbox.example.com", "sandbox.example.com:8080", "issuer.example.net"} {
		status, _ := hostCall(t, sb.URL, "GET", "/_sandbox/clock", host, nil, "")
		assert.Equal(t, 200, status, host)
	}
	status, _ := hostCall(t, sb.URL, "GET", "/_sandbox/clock", "other.example.com", nil, "")
	assert.Equal(t, http.StatusMisdirectedRequest, status)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: chromiumNoCORS("http://localhost:3000", "same-site"), Body: `{"duration":"1h"}`})
	assert.Equal(t, 200, r.Status, "an allowed origin drives it: %s", r.Body)
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: chromiumNoCORS("https://issuer.example.net", "cross-site"), Body: map[string]any{"duration": "1h"}})
	assert.Equal(t, http.StatusForbidden, r.Status, "--issuer is a host, not an allowed origin for other pages: %s", r.Body)
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Header: chromiumNoCORS("http://localhost:3001", "same-site"), Body: `{"duration":"1h"}`})
	assert.Equal(t, http.StatusForbidden, r.Status, "%s", r.Body)

	any := newSandbox(t, func(c *sandbox.Config) { c.AllowedHosts = []string{"*"} })
	status, _ = hostCall(t, any.URL, "GET", "/_sandbox/clock", "whatever.example.org", nil, "")
	assert.Equal(t, 200, status)
}

func r12AllowedChecked(t *testing.T) {
	t.Parallel()
	for _, cfg := range []sandbox.Config{
		{AllowedOrigins: []string{"localhost:3000"}},
		{AllowedOrigins: []string{"http://localhost:3000/app"}},
		{AllowedOrigins: []string{"null"}},
		{AllowedOrigins: []string{"*"}},
		{AllowedHosts: []string{"http://sandbox.example.com"}},
		{AllowedHosts: []string{"sandbox.example.com:8080"}},
		{AllowedHosts: []string{""}},
	} {
		cfg.DataPath = filepath.Join(t.TempDir(), "x.db")
		err := cfg.Validate()
		assert.Error(t, err, "%+v", cfg)
	}
	ok := sandbox.Config{DataPath: "x.db", AllowedOrigins: []string{"http://localhost:3000", "https://app.example.com"}, AllowedHosts: []string{"*", "sandbox.example.com"}}
	assert.NoError(t, ok.Validate())
}

func r12DashboardCookie(t *testing.T) {
	t.Parallel()
	cfg := sandbox.Config{DataPath: filepath.Join(t.TempDir(), "tls.db"), AdminToken: dashAdmin, Clock: sandboxtest.Start(), Strict: true}
	sb, err := sandbox.Open(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { sb.Close() })
	for _, tls := range []bool{false, true} {
		var srv *httptest.Server
		if tls {
			srv = httptest.NewTLSServer(sb.Handler())
		} else {
			srv = httptest.NewServer(sb.Handler())
		}
		resp, err := srv.Client().Get(srv.URL + "/_sandbox/ui/?token=" + dashAdmin)
		require.NoError(t, err)
		resp.Body.Close()
		srv.Close()
		require.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
		assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
		cookies := resp.Cookies()
		require.Len(t, cookies, 1)
		c := cookies[0]
		assert.Equal(t, tls, c.Secure, "Secure exactly over HTTPS")
		assert.Equal(t, 7*24*3600, c.MaxAge, "an expiry")
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
		sum := sha256.Sum256([]byte(dashAdmin))
		assert.NotEqual(t, hex.EncodeToString(sum[:]), c.Value, "a keyed hash, not the token's bare SHA-256")
		assert.NotContains(t, c.Value, dashAdmin)
	}
	// Refusals carry the framing protection too.
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/_sandbox/ui/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
}
