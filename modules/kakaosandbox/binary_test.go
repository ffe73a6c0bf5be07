package kakaosandbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
	tcexec "github.com/testcontainers/testcontainers-go/exec"
)

// What Run does once the container is up, with no container runtime: this
// checkout's binary, built by the Dockerfile's own build line, runs with
// the image's environment and the variables the options set, and stands in
// for the container; Exec runs the same binary with the same environment,
// as docker exec does. So the options' variables start a real sandbox, and
// readCA's 'kakao-sandbox ca' and its check, and HTTPClient over HTTPS, meet
// the sandbox's real certificate.
func TestAfterStartAgainstTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release binary")
	}
	t.Parallel()
	bin := releaseBinary(t)
	req, err := request(img, WithTLS(), WithAdminToken("tc-admin"), WithScenario("card-declined"))
	require.NoError(t, err)
	data := t.TempDir()
	p := startProcess(t, bin, imageEnv(data, req.Env))

	c := newContainer(p, req)
	require.True(t, c.tls)
	require.NoError(t, c.readCA(context.Background()))
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(c.CACert()))
	caFile, err := os.ReadFile(filepath.Join(data, "kakao-sandbox", "kakao-sandbox-ca.crt"))
	require.NoError(t, err)
	assert.Equal(t, caFile, c.CACert(), "the CA the sandbox keeps in the image's /data")

	// Kakao's URL through HTTPClient, over HTTPS, trusting CACert only.
	req2, err := http.NewRequest("GET", "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", nil)
	require.NoError(t, err)
	req2.Header.Set("Authorization", "Bearer sandbox-biz-alice")
	req2.Header.Set("adAccountId", "10001")
	resp, err := c.HTTPClient().Do(req2)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// BaseURL, the admin token and the scenario, as the options set them.
	base, err := c.BaseURL(context.Background())
	require.NoError(t, err)
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	status, _ := get(t, trusting, base+"/_sandbox/scenarios", "")
	assert.Equal(t, http.StatusUnauthorized, status)
	status, body := get(t, trusting, base+"/_sandbox/scenarios", c.AdminToken())
	require.Equal(t, http.StatusOK, status, body)
	assert.True(t, isActive(t, body, "card-declined"), body)

	// A CA that did not sign the certificate served fails Run: here the one
	// 'kakao-sandbox ca' makes for another configuration directory.
	other := &processContainer{bin: bin, env: imageEnv(t.TempDir(), req.Env), addr: p.addr}
	err = newContainer(other, req).readCA(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not verify the sandbox's certificate")
}

// processContainer is the binary, running, in the place of a container.
// Run's path after the start calls only Exec and PortEndpoint; anything
// else would panic on the nil Container.
type processContainer struct {
	testcontainers.Container
	bin  string
	env  []string
	addr string // 127.0.0.1:port
}

func (p *processContainer) PortEndpoint(context.Context, string, string) (string, error) {
	return p.addr, nil
}

// Exec runs the image's binary as docker exec does: with the container's
// environment, stdout and stderr in one stream.
func (p *processContainer) Exec(ctx context.Context, cmd []string, _ ...tcexec.ProcessOption) (int, io.Reader, error) {
	if len(cmd) == 0 || cmd[0] != binary {
		return 0, nil, fmt.Errorf("exec %q: the image holds only %s", cmd, binary)
	}
	c := exec.CommandContext(ctx, p.bin, cmd[1:]...)
	c.Env = p.env
	out, err := c.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), bytes.NewReader(out), nil
	}
	return 0, bytes.NewReader(out), err
}

// imageEnv is the Dockerfile's ENV with /data and /tmp moved to the test's
// directory and the address to loopback, plus the options' variables.
func imageEnv(dir string, options map[string]string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + dir,
		"KAKAO_SANDBOX_ADDR=127.0.0.1:0", "XDG_CONFIG_HOME=" + dir}
	for _, k := range slices.Sorted(maps.Keys(options)) {
		env = append(env, k+"="+options[k])
	}
	return env
}

var listening = regexp.MustCompile(`url=https?://(127\.0\.0\.1:\d+)`)

func startProcess(t *testing.T, bin string, env []string) *processContainer {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = env
	var log lockedBuffer
	cmd.Stderr, cmd.Stdout = &log, &log
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.After(30 * time.Second)
	for {
		if m := listening.FindStringSubmatch(log.String()); m != nil {
			return &processContainer{bin: bin, env: env, addr: m[1]}
		}
		select {
		case err := <-done:
			t.Fatalf("the sandbox stopped before listening: %v\n%s", err, log.String())
		case <-deadline:
			t.Fatalf("the sandbox did not start listening:\n%s", log.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// releaseBinary builds the binary with the Dockerfile's build line, as
// cmd/kakao-sandbox's TestDockerfileBinary does (so a CI run builds it once
// for both), into the test's directory.
func releaseBinary(t *testing.T) string {
	t.Helper()
	dockerfile, err := os.ReadFile("../../Dockerfile")
	require.NoError(t, err)
	line := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build .*-o /out/kakao-sandbox .*)$`).FindSubmatch(dockerfile)
	require.NotNil(t, line, "the Dockerfile's go build line")
	bin := filepath.Join(t.TempDir(), "kakao-sandbox")
	build := strings.Replace(string(line[1]), "/out/kakao-sandbox", bin, 1)
	cmd := exec.Command("sh", "-c", build)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\n%s", build, out)
	return bin
}
