package interop_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Node login libraries, run by node on the scripts in node/ (pinned in
// node/package-lock.json; .ci/run installs them): each signs in to the
// demo app (docs/test-data.md) with its own defaults, only Kakao's hosts
// changed to the sandbox's, as bob, whose own profile says 준호 and
// junho.lee@example.com.
const (
	demoKey    = "sandbox-rest-api-key"
	demoSecret = "sandbox-secret"
	bobName    = "준호"
	bobEmail   = "junho.lee@example.com"
)

// nodeUser is what a script prints: the signed-in user, and for Auth.js
// the scope it sent and the callback it was sent back to.
type nodeUser struct {
	Name      string  `json:"name"`
	Email     string  `json:"email"`
	ScopeSent *string `json:"scopeSent"`
	Callback  string  `json:"callback"`
}

// runNode runs node/<script> against sb, skipping when node or the
// installed libraries are absent (cd interop/node && npm ci).
func runNode(t *testing.T, sb *sandboxtest.Sandbox, script string) nodeUser {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node 20+ to run the Node login libraries")
	}
	if _, err := os.Stat(filepath.Join("node", "node_modules", "passport-kakao")); err != nil {
		t.Skip("interop/node/node_modules is absent: run `npm ci` in interop/node (.ci/run does with CI=true or KAKAO_SANDBOX_INSTALL=1)")
	}
	cmd := exec.Command(node, script)
	cmd.Dir = "node"
	cmd.Env = append(os.Environ(), "SANDBOX_URL="+sb.URL, "CLIENT_ID="+demoKey, "CLIENT_SECRET="+demoSecret, "SANDBOX_USER=bob")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "node %s\nstdout: %s\nstderr: %s", script, stdout.String(), stderr.String())
	var u nodeUser
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &u), "node %s printed %q (stderr: %s)", script, stdout.String(), stderr.String())
	return u
}

// demoSandbox is the demo data on the wall clock, as the libraries check
// times against their own clock.
func demoSandbox(t *testing.T, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	return sandboxtest.New(t, append([]sandboxtest.Option{func(c *sandbox.Config) { c.Clock = time.Now() }}, opts...)...)
}

// t11PassportKakao: passport-kakao's default flow reads the user with
// ?access_token= (T11), taken and noted in the journal.
func t11PassportKakao(t *testing.T) {
	t.Parallel()
	sb := demoSandbox(t)
	u := runNode(t, sb, "passport-kakao.mjs")
	assert.Equal(t, bobName, u.Name, "passport-kakao's displayName")
	assert.Equal(t, bobEmail, u.Email, "the demo app's consent items, asked for by no scope (T12)")
	me := sb.Requests(sandboxtest.RequestFilter{Operation: "getUserMe"})
	require.Len(t, me, 1)
	assert.Equal(t, 200, me[0].Status)
	assert.Contains(t, strings.Join(me[0].Warnings, "\n"), "?access_token=", "the journal notes the token came in the query")
}

// t12AuthJS: Auth.js's Kakao provider sends scope= empty (T12) and gets
// the user's name and e-mail from the app's consent items.
func t12AuthJS(t *testing.T) {
	t.Parallel()
	sb := demoSandbox(t)
	u := runNode(t, sb, "authjs-kakao.mjs")
	require.NotNil(t, u.ScopeSent, "the provider sends scope")
	assert.Empty(t, *u.ScopeSent, "and sends it empty")
	assert.Equal(t, "http://localhost:3000/auth/callback/kakao", u.Callback, "a callback the demo app registers")
	assert.Equal(t, bobName, u.Name, "the session's user")
	assert.Equal(t, bobEmail, u.Email)
}
