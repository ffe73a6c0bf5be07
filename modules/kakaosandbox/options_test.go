package kakaosandbox

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// The request each option builds, checked without a container runtime.

const img = "kakao-sandbox:test"

func build(t *testing.T, opts ...testcontainers.ContainerCustomizer) testcontainers.GenericContainerRequest {
	t.Helper()
	req, err := request(img, opts...)
	require.NoError(t, err)
	return req
}

func httpWait(t *testing.T, req testcontainers.GenericContainerRequest) *wait.HTTPStrategy {
	t.Helper()
	s, ok := req.WaitingFor.(*healthStrategy)
	require.True(t, ok, "waits with %T, want Run's health wait", req.WaitingFor)
	return s.HTTPStrategy
}

func TestRequestDefaults(t *testing.T) {
	t.Parallel()
	req := build(t)
	assert.Equal(t, img, req.Image)
	assert.True(t, req.Started)
	assert.Equal(t, []string{"8080/tcp"}, req.ExposedPorts)
	assert.Empty(t, req.Env, "the image's environment as it ships")
	assert.Empty(t, req.Cmd, "the image's CMD as it ships")
	assert.Empty(t, req.Files)
	w := httpWait(t, req)
	assert.Equal(t, "/_sandbox/health", w.Path)
	assert.Equal(t, "8080/tcp", w.Port.String())
	assert.False(t, w.UseTLS)
	assert.False(t, w.AllowInsecure)
	require.NotNil(t, w.Timeout())
	assert.Equal(t, startupTimeout, *w.Timeout())
	assert.True(t, w.StatusCodeMatcher(200))
	assert.False(t, w.StatusCodeMatcher(503))

	c := newContainer(nil, req)
	assert.False(t, c.tls)
	assert.Empty(t, c.AdminToken())
	assert.Nil(t, c.CACert())
}

func TestHealthWaitWantsStatusOK(t *testing.T) {
	t.Parallel()
	w := healthWait()
	for body, want := range map[string]bool{
		`{"status":"ok","version":"dev","notApplied":[]}`:                            true,
		`{"status":"degraded","reason":"disk full","version":"dev","notApplied":[]}`: false,
		`<html>a proxy's page</html>`:                                                false,
		``:                                                                           false,
	} {
		assert.Equal(t, want, w.ResponseMatcher(strings.NewReader(body)), body)
	}
}

func TestWithFixturesCopiesTheFile(t *testing.T) {
	t.Parallel()
	req := build(t, WithFixtures("testdata/fixtures.yaml"))
	require.Len(t, req.Files, 1)
	f := req.Files[0]
	assert.Equal(t, "testdata/fixtures.yaml", f.HostFilePath)
	assert.Equal(t, FixturesPath, f.ContainerFilePath)
	assert.Equal(t, int64(0o644), f.FileMode, "readable by the image's non-root user")
	assert.Equal(t, map[string]string{"KAKAO_SANDBOX_FIXTURES": FixturesPath}, req.Env)
}

func TestWithFixturesNamesABuiltInSet(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"empty", "builtin-demo", "demo"} {
		req := build(t, WithFixtures(name))
		assert.Empty(t, req.Files, name)
		assert.Equal(t, map[string]string{"KAKAO_SANDBOX_FIXTURES": name}, req.Env)
	}
}

func TestWithFixturesRefusesAMissingFile(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := request(img, WithFixtures(missing))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "kakaosandbox.WithFixtures")
	assert.Contains(t, err.Error(), "nope.yaml")

	// Run refuses it too, before it asks for a container.
	c, err := Run(context.Background(), img, WithFixtures(missing))
	require.Error(t, err)
	assert.Nil(t, c)
}

func TestWithFixturesDataWritesTheDocument(t *testing.T) {
	t.Parallel()
	doc := []byte("users: []\n")
	req := build(t, WithFixturesData(doc))
	require.Len(t, req.Files, 1)
	f := req.Files[0]
	assert.Empty(t, f.HostFilePath)
	assert.Equal(t, FixturesPath, f.ContainerFilePath)
	assert.Equal(t, int64(0o644), f.FileMode)
	got, err := io.ReadAll(f.Reader)
	require.NoError(t, err)
	assert.Equal(t, doc, got)
	assert.Equal(t, FixturesPath, req.Env["KAKAO_SANDBOX_FIXTURES"])

	_, err = request(img, WithFixturesData([]byte(" \n")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "empty")
}

func TestTheLastFixturesWin(t *testing.T) {
	t.Parallel()
	other := testcontainers.ContainerFile{HostFilePath: "x", ContainerFilePath: "/elsewhere", FileMode: 0o644}
	req := build(t, testcontainers.WithFiles(other), WithFixtures("testdata/fixtures.yaml"), WithFixturesData([]byte("users: []")))
	require.Len(t, req.Files, 2, "one fixture file, and the other file kept")
	assert.Equal(t, other, req.Files[0])
	assert.NotNil(t, req.Files[1].Reader)

	req = build(t, WithFixturesData([]byte("users: []")), WithFixtures("empty"))
	assert.Equal(t, "empty", req.Env["KAKAO_SANDBOX_FIXTURES"])
}

func TestWithScenarioAddsToTheList(t *testing.T) {
	t.Parallel()
	req := build(t, WithScenario("kakao-maintenance"))
	assert.Equal(t, map[string]string{"KAKAO_SANDBOX_SCENARIO": "kakao-maintenance"}, req.Env)

	req = build(t, WithScenario("kakao-maintenance", "card-declined"), WithScenario("slow-upstream"))
	assert.Equal(t, "kakao-maintenance,card-declined,slow-upstream", req.Env["KAKAO_SANDBOX_SCENARIO"])

	req = build(t, WithScenario())
	assert.Empty(t, req.Env)

	for _, bad := range []string{"", "a,b", "two words"} {
		_, err := request(img, WithScenario("kakao-maintenance", bad))
		require.Error(t, err, "%q", bad)
		assert.Contains(t, err.Error(), "kakaosandbox.WithScenario")
	}
}

func TestWithAdminToken(t *testing.T) {
	t.Parallel()
	req := build(t, WithAdminToken("choose-one"))
	assert.Equal(t, map[string]string{"KAKAO_SANDBOX_ADMIN_TOKEN": "choose-one"}, req.Env)
	assert.Equal(t, "choose-one", newContainer(nil, req).AdminToken())

	_, err := request(img, WithAdminToken(" "))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "kakaosandbox.WithAdminToken")
}

func TestWithTLS(t *testing.T) {
	t.Parallel()
	req := build(t, WithTLS())
	assert.Equal(t, map[string]string{"KAKAO_SANDBOX_TLS": "true"}, req.Env)
	assert.Equal(t, []string{"8080/tcp"}, req.ExposedPorts)
	w := httpWait(t, req)
	assert.True(t, w.UseTLS)
	assert.True(t, w.AllowInsecure, "the probe cannot know the CA the container is about to make")
	assert.Equal(t, "/_sandbox/health", w.Path)
	assert.Equal(t, "8080/tcp", w.Port.String())
	assert.True(t, newContainer(nil, req).tls)

	// One the caller added before WithTLS: the health wait goes over HTTPS.
	mine := wait.ForLog("listening")
	req = build(t, testcontainers.WithAdditionalWaitStrategy(mine), WithTLS())
	multi, ok := req.WaitingFor.(*wait.MultiStrategy)
	require.True(t, ok, "%T", req.WaitingFor)
	require.Len(t, multi.Strategies, 2)
	assert.True(t, multi.Strategies[0].(*healthStrategy).UseTLS)
	assert.Equal(t, mine, multi.Strategies[1])

	// One the caller put in its place is theirs: WithTLS leaves it alone.
	theirs := wait.ForHTTP("/_sandbox/health").WithPort("9090/tcp")
	req = build(t, testcontainers.WithWaitStrategy(theirs), WithTLS())
	assert.False(t, theirs.UseTLS)
	assert.Equal(t, "/_sandbox/health", theirs.Path)
}

func TestOptionsCompose(t *testing.T) {
	t.Parallel()
	req := build(t,
		WithFixtures("testdata/fixtures.yaml"),
		WithScenario("kakao-maintenance"),
		WithAdminToken("choose-one"),
		WithTLS(),
		testcontainers.WithEnv(map[string]string{"KAKAO_SANDBOX_JOURNAL_BODIES": "true"}),
	)
	assert.Equal(t, map[string]string{
		"KAKAO_SANDBOX_FIXTURES":       FixturesPath,
		"KAKAO_SANDBOX_SCENARIO":       "kakao-maintenance",
		"KAKAO_SANDBOX_ADMIN_TOKEN":    "choose-one",
		"KAKAO_SANDBOX_TLS":            "true",
		"KAKAO_SANDBOX_JOURNAL_BODIES": "true",
	}, req.Env)
	assert.Len(t, req.Files, 1)
	assert.Empty(t, req.Cmd)
	assert.True(t, httpWait(t, req).UseTLS)
}

// The variables the options set are the sandbox's own: docs/configuration.md
// lists serve's flags with their variables (cmd/kakao-sandbox's TestFlagTable
// keeps it equal to the binary's), so a renamed flag fails here, not in a
// container.
func TestOptionVariablesAreTheSandboxs(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/configuration.md")
	require.NoError(t, err)
	for flag, env := range map[string]string{"fixtures": envFixtures, "scenario": envScenario, "admin-token": envAdminToken, "tls": envTLS} {
		assert.Contains(t, string(doc), "| `--"+flag+"` | `"+env+"` |")
	}
}
