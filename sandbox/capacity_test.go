package sandbox_test

import (
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// r13AFullDiskIsSaidPlainly (TestRules/R13_a_full_disk_is_said_plainly): a
// write that meets a full disk (ENOSPC, EDQUOT) answers a Kakao-format 507
// that says so, never the 500 of a sandbox bug; health says degraded and
// why, reads still answer, and all is well again once a write succeeds.
func r13AFullDiskIsSaidPlainly(t *testing.T) {
	t.Parallel()
	sb, err := sandbox.Open(sandbox.Config{DataPath: filepath.Join(t.TempDir(), "full.db"), Fixtures: rulesFixture,
		Strict: true, NoSync: true, RateLimits: []string{"off"}, Clock: sandboxtest.Start()})
	require.NoError(t, err)
	t.Cleanup(func() { sb.Close() })
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	do := func(r req) sandboxtest.Response { return sandboxtest.Do(t, srv.URL, r) }
	health := func() map[string]any {
		r := do(req{Method: "GET", Path: "/_sandbox/health"})
		require.Equal(t, 200, r.Status)
		return r.JSON(t)
	}
	assert.Equal(t, "ok", health()["status"])

	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT} {
		sandbox.InjectWriteFault(sb, errno)
		for _, r := range []req{
			{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": "1h"}},
			vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88")),
		} {
			resp := do(r)
			require.Equal(t, 507, resp.Status, "%s %s: %s", r.Method, r.Path, resp.Body)
			body := resp.JSON(t)
			assert.EqualValues(t, -9507, body["code"], "%s", resp.Body)
			assert.Contains(t, body["msg"], "disk holding the data file is full")
		}
		h := health()
		assert.Equal(t, "degraded", h["status"], "%v", h)
		assert.Contains(t, h["reason"], "is full")
		assert.Equal(t, 200, do(balanceReq(master, healthyAds, "")).Status, "reads still answer")
		sandbox.InjectWriteFault(sb, nil)
		assert.Equal(t, 200, do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"duration": "1h"}}).Status)
		assert.Equal(t, "ok", health()["status"], "a write that succeeds clears it")
	}
}
