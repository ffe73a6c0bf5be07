package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rulesH06 (TestRules/H06_…): a delivery queued while the receiver is
// down survives kill -9 and arrives after the restart, marked delivered once.
func rulesH06(t *testing.T) {
	t.Run("H06_a_queued_delivery_survives_kill_9", func(t *testing.T) {
		bin := binary(t)
		dir := t.TempDir()
		data, fixtures := filepath.Join(dir, "hooks.db"), filepath.Join(dir, "hooks.yaml")
		require.NoError(t, os.WriteFile(fixtures, []byte(`
users: [{key: hana, name: 한아}]
apps: [{key: hooks, name: Hooks App, restApiKey: hooks-rest-key, adminKey: hooks-admin-key}]
tokens: [{token: hana-login-token, user: hana, app: hooks, type: login}]
`), 0o600))
		// The receiver is down: an address nothing listens on, for now.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())

		args := []string{"--addr", "127.0.0.1:0", "--data", data, "--fixtures", fixtures, "--webhook-retry-delay", "1s"}
		p := start(t, bin, nil, args...)
		status, body := call(t, "PUT", p.url+"/_sandbox/apps/1/webhooks", "", nil, fmt.Sprintf(`{"unlink":{"url":"http://%s/unlink","method":"POST"}}`, addr))
		require.Equal(t, 200, status, "%v", body)
		status, body = call(t, "POST", p.url+"/_sandbox/users/1/unlink", "", nil, `{"appId":1,"referrerType":"ACCOUNT_DELETE"}`)
		require.Equal(t, 200, status, "%v", body)
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
		<-p.done

		// The receiver comes up on that address, and the sandbox again.
		var mu sync.Mutex
		var got []url.Values
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(b))
			mu.Lock()
			got = append(got, form)
			mu.Unlock()
		}))
		srv.Listener, err = net.Listen("tcp", addr)
		require.NoError(t, err)
		srv.Start()
		defer srv.Close()
		p = start(t, bin, nil, args...)
		require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) > 0 }, 5*time.Second, 20*time.Millisecond,
			"the delivery queued before kill -9 is sent after the restart")
		mu.Lock()
		assert.Equal(t, url.Values{"app_id": {"1"}, "user_id": {"1"}, "referrer_type": {"ACCOUNT_DELETE"}}, got[0])
		mu.Unlock()
		var log map[string]any
		require.Eventually(t, func() bool {
			_, log = call(t, "GET", p.url+"/_sandbox/webhooks/deliveries?outcome=delivered", "", nil, "")
			return len(log["deliveries"].([]any)) == 1
		}, 5*time.Second, 20*time.Millisecond, "marked delivered")
		_, all := call(t, "GET", p.url+"/_sandbox/webhooks/deliveries", "", nil, "")
		assert.Len(t, all["deliveries"], 1, "one delivery, marked once")
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
		require.NoError(t, <-p.done)
	})
}
