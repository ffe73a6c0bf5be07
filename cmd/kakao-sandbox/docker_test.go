package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dockerfile(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../Dockerfile")
	require.NoError(t, err)
	return string(data)
}

// TestDockerfileNamesImagesInFull: podman and other runtimes with no default
// registry cannot resolve "golang:1.26"; every base is registry/namespace/name,
// but scratch, the empty base every runtime knows. The image documents its
// admin token variable where docker inspect shows it.
func TestDockerfileNamesImagesInFull(t *testing.T) {
	d := dockerfile(t)
	froms := regexp.MustCompile(`(?m)^FROM\s+(?:--platform=\S+\s+)?(\S+)`).FindAllStringSubmatch(d, -1)
	require.Len(t, froms, 2, "a build stage and the final stage")
	for _, f := range froms {
		image := f[1]
		if image == "scratch" {
			continue
		}
		registry, _, _ := strings.Cut(image, "/")
		assert.Contains(t, registry, ".", "%s names its registry", image)
		assert.Equal(t, 2, strings.Count(image, "/"), "%s: registry/namespace/name", image)
	}
	assert.Regexp(t, `(?s)LABEL .*KAKAO_SANDBOX_ADMIN_TOKEN`, d, "docker inspect shows the admin token variable")
}

// healthcheckCommand is the Dockerfile's HEALTHCHECK command, with the
// image's binary replaced by bin.
func healthcheckCommand(t *testing.T, bin string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^HEALTHCHECK .*CMD (\[.*\])$`).FindStringSubmatch(dockerfile(t))
	require.NotNil(t, m, "a HEALTHCHECK in exec form")
	var argv []string
	require.NoError(t, json.Unmarshal([]byte(m[1]), &argv))
	require.Equal(t, "/kakao-sandbox", argv[0])
	return append([]string{bin}, argv[1:]...)
}

// TestDockerfileHealthcheck runs the image's HEALTHCHECK command, as the
// runtime would inside the container (with the container's environment),
// against the Dockerfile's binary: with no admin token, with one from the
// environment (docker run -e) and with one from a flag (docker run IMAGE
// --admin-token), which the health check never sees.
func TestDockerfileHealthcheck(t *testing.T) {
	bin := binary(t)
	argv := healthcheckCommand(t, bin)
	for _, tc := range []struct {
		name string
		env  []string // the container's environment, the health check's too
		args []string // the container's command
	}{
		{"no admin token", nil, nil},
		{"admin token from the environment", []string{"KAKAO_SANDBOX_ADMIN_TOKEN=s3cret"}, nil},
		{"admin token from a flag", nil, []string{"--admin-token", "s3cret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir() + "/docker.db"
			env := append([]string{"KAKAO_SANDBOX_DATA=" + data, "KAKAO_SANDBOX_ADDR=127.0.0.1:0"}, tc.env...)
			p := start(t, bin, env, tc.args...)
			guarded := len(tc.env) > 0 || len(tc.args) > 0
			status, _ := call(t, "GET", p.url+"/_sandbox/requests?count=true", "", nil, "")
			assert.Equal(t, map[bool]int{true: 401, false: 200}[guarded], status, "the control plane is guarded only with a token")

			check := exec.Command(argv[0], argv[1:]...)
			check.Env = append(append(os.Environ(), env...), "KAKAO_SANDBOX_ADDR="+strings.TrimPrefix(p.url, "http://"))
			out, err := check.CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.Contains(t, string(out), "healthy: kakao-sandbox")
		})
	}
}

// imageEnv is the Dockerfile's ENV, with /data, the image's directory for a
// volume, moved to data.
func imageEnv(t *testing.T, data string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^ENV ((?:.*\\\n)*.*)$`).FindStringSubmatch(dockerfile(t))
	require.NotNil(t, m, "an ENV instruction")
	var env []string
	for _, kv := range strings.Fields(strings.ReplaceAll(m[1], "\\\n", " ")) {
		k, v, ok := strings.Cut(kv, "=")
		require.True(t, ok, "ENV %s: KEY=value", kv)
		if v == "/data" || strings.HasPrefix(v, "/data/") {
			v = data + strings.TrimPrefix(v, "/data")
		}
		env = append(env, k+"="+v)
	}
	return env
}

// TestDockerfileStartsFresh: the image starts fresh like the binary (rule
// D06): no data file in its environment, a /tmp for the temporary one
// (scratch has none), and with --tls a CA kept in /data, where a volume
// keeps it and where the HEALTHCHECK and `ca` find it. Run here with the
// image's environment, /data and /tmp moved to the test's directories.
func TestDockerfileStartsFresh(t *testing.T) {
	d := dockerfile(t)
	for _, kv := range imageEnv(t, "/data") {
		assert.False(t, strings.HasPrefix(kv, "KAKAO_SANDBOX_DATA="), "%s: no data file by default, the image starts fresh", kv)
	}
	assert.Regexp(t, `(?m)^COPY --from=build --chown=65532:65532 /out/tmp /tmp$`, d, "a /tmp the image's user can write")
	assert.Regexp(t, `(?m)^RUN mkdir -p .*/out/tmp.*$`, d)

	bin := binary(t)
	data, tmp := t.TempDir(), t.TempDir()
	env := append(imageEnv(t, data), "TMPDIR="+tmp, "KAKAO_SANDBOX_ADDR=127.0.0.1:0", "KAKAO_SANDBOX_TLS=true")
	p := start(t, bin, env)
	assert.Contains(t, p.stderr.String(), freshMessage)
	assert.FileExists(t, filepath.Join(data, "kakao-sandbox", caCertFile), "the CA is kept in /data")

	argv := healthcheckCommand(t, bin)
	check := exec.Command(argv[0], argv[1:]...)
	check.Env = append(append(os.Environ(), env...), "KAKAO_SANDBOX_ADDR="+strings.TrimPrefix(p.url, "https://"))
	out, err := check.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "healthy: kakao-sandbox")

	ca := exec.Command(bin, "ca")
	ca.Env = append(os.Environ(), env...)
	pem, err := ca.Output()
	require.NoError(t, err)
	kept, err := os.ReadFile(filepath.Join(data, "kakao-sandbox", caCertFile))
	require.NoError(t, err)
	assert.Equal(t, string(kept), string(pem), "`docker run IMAGE ca` prints the CA the server uses")

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM)) // docker stop
	require.NoError(t, <-p.done)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "the temporary data file is gone")
}
