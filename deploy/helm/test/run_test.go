package helmtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheRenderedPodRuns starts the real binary, built as the Dockerfile builds it, with the
// environment the rendered Deployment gives its container (the Secret's and ConfigMap's values
// resolved, its volumes as temporary directories), then runs the `helm test` pod's own script
// against it: no cluster, but the very settings a cluster would pass.
func TestTheRenderedPodRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	cert, key, certPool := selfSigned(t)
	// Secrets the release names but does not make, as kubectl create secret would.
	existing := map[string]map[string][]byte{
		"sandbox-cert":  {"tls.crt": cert, "tls.key": key},
		"sandbox-admin": {"token": []byte("team-b-secret")},
	}
	for name, sets := range map[string][]string{
		"defaults": nil,
		"persistence, own CA, scenarios, limits, bodies": {"persistence.enabled=true", "tls.mode=ca",
			"scenarios={card-declined}", "rateLimits={createVirtualAccount=10/s}", "journalBodies=true",
			"adminToken.value=team-a-secret", "clock=2026-01-01T09:00:00+09:00"},
		"TLS and admin token from existing Secrets": {"tls.mode=secret", "tls.secretName=sandbox-cert",
			"adminToken.existingSecret=sandbox-admin", "adminToken.secretKey=token"},
		"a fixtures document": {"fixtures=" + demoFile},
	} {
		t.Run(name, func(t *testing.T) {
			vals := values(t, sets...)
			if vals["fixtures"] == demoFile { // as --set-file fixtures=FILE reads it
				doc, err := os.ReadFile(demoFile)
				require.NoError(t, err)
				vals["fixtures"] = string(doc)
			}
			r := render(t, vals)
			if r.ConfigMap != nil && r.ConfigMap.Data["fixtures.yaml"] != "" {
				assert.Equal(t, "/etc/kakao-sandbox/fixtures.yaml", r.env(t)["KAKAO_SANDBOX_FIXTURES"].Value)
			}
			root := t.TempDir()
			env := podEnv(t, r, root, existing)
			p := startPod(t, bin, env)

			client := http.DefaultClient
			if r.Secret == nil {
				assert.Contains(t, env, "KAKAO_SANDBOX_ADMIN_TOKEN=team-b-secret")
			}
			if r.volumeNamed("tls") != nil {
				client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: certPool}}}
			} else if strings.HasPrefix(p.url, "https://") {
				// The CA as NOTES.txt tells you to get it: `kakao-sandbox ca` in the container.
				ca := exec.Command(bin, "ca")
				ca.Env = env
				pem, err := ca.Output()
				require.NoError(t, err)
				roots := x509.NewCertPool()
				require.True(t, roots.AppendCertsFromPEM(pem))
				client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
			}
			status, body := get(t, client, p.url+health, "")
			assert.Equal(t, http.StatusOK, status, body)
			assert.Contains(t, body, `"notApplied":[]`, "every setting applied")

			admin := strings.TrimPrefix(envVar(env, "KAKAO_SANDBOX_ADMIN_TOKEN"), "KAKAO_SANDBOX_ADMIN_TOKEN=")
			require.NotEmpty(t, admin)
			status, _ = get(t, client, p.url+"/_sandbox/requests", "")
			assert.Equal(t, http.StatusUnauthorized, status, "the control plane needs the Secret's token")
			status, body = get(t, client, p.url+"/_sandbox/requests", admin)
			assert.Equal(t, http.StatusOK, status, body)

			if r.PVC != nil {
				assert.FileExists(t, filepath.Join(root, "data", "kakao-sandbox.db"), "state on the volume")
			}
			runTestHook(t, r, p.url)
		})
	}
}

// demoFile is the demo data as a document: what --fixtures builtin-demo loads.
const demoFile = "../../../internal/fixtures/demo.yaml"

// podEnv is the container's environment as the kubelet would give it, with each volume's
// mount path replaced by a directory under root.
func podEnv(t *testing.T, r rendered, root string, existing map[string]map[string][]byte) []string {
	t.Helper()
	mounts := map[string]string{}
	for _, m := range r.container(t).VolumeMounts {
		dir := filepath.Join(root, m.Name)
		require.NoError(t, os.MkdirAll(dir, 0o700))
		mounts[m.MountPath] = dir
		if v := r.volumeNamed(m.Name); v != nil && v.Secret != nil {
			files, ok := existing[v.Secret.SecretName]
			require.True(t, ok, "no Secret %s", v.Secret.SecretName)
			for k, data := range files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, k), data, 0o600))
			}
		}
		if m.SubPath != "" { // the ConfigMap's fixtures document
			mounts[m.MountPath] = filepath.Join(dir, m.SubPath)
			require.NoError(t, os.WriteFile(mounts[m.MountPath], []byte(r.ConfigMap.Data[m.SubPath]), 0o600))
		}
	}
	env := []string{"PATH=" + os.Getenv("PATH")}
	for _, e := range r.container(t).Env {
		v := e.Value
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			ref := e.ValueFrom.SecretKeyRef
			if r.Secret != nil {
				require.Equal(t, r.Secret.Name, ref.Name)
				v = string(r.Secret.Data[ref.Key])
			} else {
				data, ok := existing[ref.Name][ref.Key]
				require.True(t, ok, "no key %s in Secret %s", ref.Key, ref.Name)
				v = string(data)
			}
		case e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil:
			require.Equal(t, r.ConfigMap.Name, e.ValueFrom.ConfigMapKeyRef.Name)
			v = r.ConfigMap.Data[e.ValueFrom.ConfigMapKeyRef.Key]
		case e.Name == "KAKAO_SANDBOX_ADDR":
			v = "127.0.0.1:0"
		}
		for path, dir := range mounts { // one rewrite at most: the directories are under /tmp too
			if v == path || strings.HasPrefix(v, path+"/") {
				v = dir + strings.TrimPrefix(v, path)
				break
			}
		}
		env = append(env, e.Name+"="+v)
	}
	return env
}

// runTestHook runs the test pod's script, with its environment, against url.
func runTestHook(t *testing.T, r rendered, url string) {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Log("curl not found: the helm test pod's script is not run")
		return
	}
	c := r.TestPod.Spec.Containers[0]
	require.Equal(t, []string{"sh", "-ec"}, c.Command)
	cmd := exec.Command("sh", append([]string{"-ec"}, c.Args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for _, e := range c.Env {
		v := e.Value
		if e.Name == "SANDBOX_URL" {
			v = url // the Service's name is the cluster's business
		}
		cmd.Env = append(cmd.Env, e.Name+"="+v)
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), `"status":"ok"`)
	assert.Contains(t, string(out), `{"content":[{"id":10001,`, "alice's ad accounts, as the demo data has them")
}

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kakao-sandbox-helm")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "kakao-sandbox")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "./cmd/kakao-sandbox")
	cmd.Dir = "../../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &buildError{err, out}
	}
	return bin, nil
})

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

func buildBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildOnce()
	require.NoError(t, err)
	return bin
}

type pod struct {
	url    string
	stderr *lockedBuffer
}

var listening = regexp.MustCompile(`url=(https?://127\.0\.0\.1:\d+)`)

func startPod(t *testing.T, bin string, env []string) pod {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = env
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	var waitErr error
	exited := make(chan struct{}) // closed once the process has exited
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.After(60 * time.Second)
	for {
		if m := listening.FindStringSubmatch(stderr.String()); m != nil {
			return pod{url: m[1], stderr: stderr}
		}
		select {
		case <-exited:
			t.Fatalf("the sandbox stopped with the rendered environment: %v\n%s", waitErr, stderr)
		case <-deadline:
			t.Fatalf("the sandbox did not start listening:\n%s", stderr)
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

func get(t *testing.T, client *http.Client, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func envVar(env []string, name string) string {
	for _, e := range env {
		if strings.HasPrefix(e, name+"=") {
			return e
		}
	}
	return ""
}

// selfSigned is a certificate for 127.0.0.1, as a TLS Secret would hold one, and a pool that
// trusts it.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sandbox"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	pool = x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(certPEM))
	return certPEM, keyPEM, pool
}
