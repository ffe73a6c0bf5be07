package main

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeWarnsWhenExposedWithoutAdminToken: beyond loopback with the
// control plane open, the start-up log says so. (Tests bind loopback only,
// so the address is given to the check directly.)
func TestServeWarnsWhenExposedWithoutAdminToken(t *testing.T) {
	for _, tc := range []struct {
		name  string
		addr  net.Addr
		token string
		warn  bool
	}{
		{"all interfaces, no token", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "", true},
		{"all IPv6 interfaces, no token", &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "", true},
		{"a LAN address, no token", &net.TCPAddr{IP: net.ParseIP("192.168.1.20"), Port: 8080}, "", true},
		{"all interfaces, with a token", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "s3cret", false},
		{"loopback", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "", false},
		{"IPv6 loopback", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log syncBuffer
			warnIfExposed(slog.New(slog.NewTextHandler(&log, nil)), tc.addr, tc.token)
			if tc.warn {
				assert.Contains(t, log.String(), "level=WARN")
				assert.Contains(t, log.String(), "--admin-token")
				assert.Contains(t, log.String(), "KAKAO_SANDBOX_ADMIN_TOKEN")
			} else {
				assert.Empty(t, log.String())
			}
		})
	}
	t.Run("serving on loopback logs no warning", func(t *testing.T) {
		_, stderr := serveInProcess(t)
		assert.NotContains(t, stderr.String(), "level=WARN")
	})
}

// TestHealthcheckSendsTheAdminToken: with --admin-token set, the
// container's HEALTHCHECK passes: /_sandbox/health is public
// (x-sandbox-public), and healthcheck also sends the token it reads from its
// flag or from the same KAKAO_SANDBOX_ADMIN_TOKEN as serve.
func TestHealthcheckSendsTheAdminToken(t *testing.T) {
	url, _ := serveInProcess(t, "--admin-token", "s3cret")
	addr := strings.TrimPrefix(url, "http://")
	var out, errOut syncBuffer
	require.NoError(t, run(context.Background(), []string{"healthcheck", "--addr", addr}, noEnv, &out, &errOut),
		"health needs no token")
	require.NoError(t, run(context.Background(), []string{"healthcheck", "--addr", addr, "--admin-token", "s3cret"}, noEnv, &out, &errOut))
	env := func(k string) string {
		return map[string]string{"KAKAO_SANDBOX_ADDR": addr, "KAKAO_SANDBOX_ADMIN_TOKEN": "s3cret"}[k]
	}
	require.NoError(t, run(context.Background(), []string{"healthcheck"}, env, &out, &errOut))
	assert.Contains(t, out.String(), "healthy")
}
