package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

const dashAdmin = "dash-admin"

func adminSandbox(t *testing.T) *sandboxtest.Sandbox {
	return sandboxtest.New(t, func(c *sandbox.Config) { c.AdminToken = dashAdmin })
}

// TestDashboardNeedsTheAdminToken: with --admin-token a page without it is
// refused and says how to open the dashboard; ?token= answers with the
// cookie, which then lets the control plane's calls through.
func TestDashboardNeedsTheAdminToken(t *testing.T) {
	sb := adminSandbox(t)
	refused := sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/ui/"})
	require.Equal(t, http.StatusUnauthorized, refused.Status)
	require.Contains(t, string(refused.Body), "/_sandbox/ui/?token=")
	require.Equal(t, http.StatusUnauthorized, sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/clock?token=" + dashAdmin}).Status,
		"?token= is for pages only")

	page := sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/ui/?token=" + dashAdmin})
	require.Equal(t, http.StatusOK, page.Status)
	cookie := page.Header.Get("Set-Cookie")
	require.Contains(t, cookie, "HttpOnly")
	require.Contains(t, cookie, "SameSite=Strict")
	require.NotContains(t, cookie, dashAdmin, "the cookie holds a hash, not the token")
	value, _, _ := strings.Cut(cookie, ";")
	clock := sb.Do(sandboxtest.Request{Method: "GET", Path: "/_sandbox/clock", Header: map[string]string{"Cookie": value}})
	require.Equal(t, http.StatusOK, clock.Status, "%s", clock.Body)
}
