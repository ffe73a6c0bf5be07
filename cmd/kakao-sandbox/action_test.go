package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The GitHub Action at the repository root (action.yml): GitHub itself is
// not here, so the test reads the metadata as the runner does and runs each
// composite step's script in bash as the runner would, with the runner's
// variables (RUNNER_TEMP, GITHUB_ENV, GITHUB_OUTPUT, GITHUB_PATH,
// GITHUB_ACTION_PATH) pointing into the test's folders.

// actionFile is action.yml, the part the runner reads.
type actionFile struct {
	Name, Description, Author string
	Branding                  map[string]string // for the Marketplace only
	Inputs                    map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			ID    string            `yaml:"id"`
			If    string            `yaml:"if"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			Run   string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	require.NoError(t, err)
	var a actionFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&a), "action.yml has only the keys the test knows")
	return a
}

var (
	inputExpr = regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`)
	ifExpr    = regexp.MustCompile(`^inputs\.([a-z-]+) (==|!=) '([^']*)'$`)
	stepExpr  = regexp.MustCompile(`^\$\{\{ steps\.([a-z-]+)\.outputs\.([a-z-]+) \}\}$`)
)

// TestActionMetadata checks action.yml's shape where actionlint does not
// (it lints workflows, and a workflow's `with:` only against a local
// action): a composite action whose inputs each have a description and a
// default, whose steps are bash with no ${{ }} in a script (inputs arrive
// through env, never parsed as shell), and whose expressions are the few
// forms runAction evaluates, naming declared inputs and steps.
func TestActionMetadata(t *testing.T) {
	a := readAction(t)
	assert.Equal(t, "composite", a.Runs.Using)
	assert.NotEmpty(t, a.Name)
	assert.NotEmpty(t, a.Description)
	for _, name := range []string{"version", "fixtures", "scenarios", "admin-token", "port", "stop"} {
		in, ok := a.Inputs[name]
		if assert.True(t, ok, "input %s", name) {
			assert.NotEmpty(t, in.Description, "input %s", name)
			assert.NotNil(t, in.Default, "input %s has a default", name)
			assert.False(t, in.Required, "input %s", name)
		}
	}
	ids := map[string]bool{}
	for _, s := range a.Runs.Steps {
		assert.NotEmpty(t, s.Name)
		assert.Equal(t, "bash", s.Shell, "step %q: a composite step names its shell", s.Name)
		assert.NotContains(t, s.Run, "${{", "step %q: inputs through env, not into the script", s.Name)
		if m := ifExpr.FindStringSubmatch(s.If); assert.NotNil(t, m, "step %q: if %q", s.Name, s.If) {
			assert.Contains(t, a.Inputs, m[1], "step %q", s.Name)
		}
		for k, v := range s.Env {
			if m := inputExpr.FindStringSubmatch(v); assert.NotNil(t, m, "step %q: env %s", s.Name, k) {
				assert.Contains(t, a.Inputs, m[1], "step %q: env %s", s.Name, k)
			}
		}
		if s.ID != "" {
			ids[s.ID] = true
		}
	}
	for name, o := range a.Outputs {
		if m := stepExpr.FindStringSubmatch(o.Value); assert.NotNil(t, m, "output %s", name) {
			assert.True(t, ids[m[1]], "output %s: step %s", name, m[1])
		}
	}

	// As actionlint does for a workflow's scripts, where shellcheck exists.
	t.Run("shellcheck", func(t *testing.T) {
		if _, err := exec.LookPath("shellcheck"); err != nil {
			t.Skip("no shellcheck here: the steps' scripts are not linted")
		}
		for _, s := range a.Runs.Steps {
			// SC2153: the step's env names look like misspelt script variables.
			cmd := exec.Command("shellcheck", "--shell=bash", "--exclude=SC2153", "-")
			cmd.Stdin = strings.NewReader(s.Run)
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "step %q:\n%s", s.Name, out)
		}
	})
}

// runner is one job's runner, as far as the action sees it.
type runner struct {
	temp, tmpdir string   // RUNNER_TEMP; TMPDIR, where the sandbox's temporary data file goes
	env          []string // the job's environment
	exported     map[string]string
	outputs      map[string]string
	path         []string // GITHUB_PATH's entries, first the latest
}

func newRunner(t *testing.T, env ...string) *runner {
	goos := map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS]
	arch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	if goos == "" || arch == "" {
		t.Skipf("the action runs on Linux and macOS, x64 and arm64: not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	return &runner{temp: t.TempDir(), tmpdir: t.TempDir(),
		env: append([]string{"RUNNER_OS=" + goos, "RUNNER_ARCH=" + arch}, env...)}
}

// run runs the action's steps with these inputs as the runner does: each
// step whose if holds, its env's expressions evaluated, its script in
// `bash --noprofile --norc -eo pipefail` (GitHub's bash), in the workspace
// (here the test's directory). It returns the steps' output.
func (r *runner) run(t *testing.T, inputs map[string]string) (string, error) {
	t.Helper()
	a := readAction(t)
	value := func(name string) string {
		require.Contains(t, a.Inputs, name)
		if v, ok := inputs[name]; ok {
			return v
		}
		return *a.Inputs[name].Default
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	files := map[string]string{}
	for _, f := range []string{"GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_PATH"} {
		files[f] = filepath.Join(t.TempDir(), f)
		require.NoError(t, os.WriteFile(files[f], nil, 0o600))
	}
	var all strings.Builder
	for _, s := range a.Runs.Steps {
		m := ifExpr.FindStringSubmatch(s.If)
		require.NotNil(t, m, "step %q: if %q", s.Name, s.If)
		if (value(m[1]) == m[3]) != (m[2] == "==") {
			continue
		}
		env := append([]string{}, r.env...)
		for k, v := range r.exported {
			env = append(env, k+"="+v)
		}
		env = append(env, "PATH="+strings.Join(append(r.path, os.Getenv("PATH")), ":"), "TMPDIR="+r.tmpdir,
			"RUNNER_TEMP="+r.temp, "GITHUB_ACTION_PATH="+root)
		for f, p := range files {
			env = append(env, f+"="+p)
		}
		for k, v := range s.Env {
			env = append(env, k+"="+value(inputExpr.FindStringSubmatch(v)[1]))
		}
		file := filepath.Join(t.TempDir(), "step.sh")
		require.NoError(t, os.WriteFile(file, []byte(s.Run), 0o600))
		out, err := script(t, ".", env, "bash", "--noprofile", "--norc", "-eo", "pipefail", file)
		all.WriteString(out)
		if err != nil {
			return all.String(), fmt.Errorf("step %q: %w", s.Name, err)
		}
		r.exported = mergeLines(t, r.exported, files["GITHUB_ENV"])
		r.outputs = mergeLines(t, r.outputs, files["GITHUB_OUTPUT"])
		data, err := os.ReadFile(files["GITHUB_PATH"])
		require.NoError(t, err)
		for _, p := range strings.Fields(string(data)) {
			r.path = append([]string{p}, r.path...)
		}
		require.NoError(t, os.WriteFile(files["GITHUB_PATH"], nil, 0o600))
	}
	return all.String(), nil
}

// mergeLines adds a GITHUB_ENV or GITHUB_OUTPUT file's NAME=value lines to m.
func mergeLines(t *testing.T, m map[string]string, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	if m == nil {
		m = map[string]string{}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

// TestAction runs the action as a job would: it builds the sandbox from this
// checkout (version source), starts it with fixtures, a scenario, an admin
// token and a port, exports KAKAO_SANDBOX_URL, then, with stop true, stops
// it: SIGTERM, on which the sandbox removes its temporary data file.
func TestAction(t *testing.T) {
	binary(t) // the same build: the action's go build finds it in the cache
	needTool(t, "curl")
	r := newRunner(t)
	addr := freeAddr(t)
	_, port, _ := strings.Cut(addr, ":")
	fixtures := filepath.Join(t.TempDir(), "fixtures.yaml")
	demo, err := os.ReadFile("../../internal/fixtures/demo.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(fixtures, demo, 0o600))

	out, err := r.run(t, map[string]string{"version": "source", "fixtures": fixtures, "port": port,
		"scenarios": "card-declined, card-issuer-down", "admin-token": "s3cret"})
	require.NoError(t, err, "%s", out)
	url := "http://" + addr
	assert.Equal(t, url, r.exported["KAKAO_SANDBOX_URL"], "exported to the later steps")
	assert.Equal(t, url, r.outputs["url"])
	assert.Contains(t, out, "::add-mask::s3cret", "the token is masked in the job's log")
	require.Len(t, r.path, 1, "the binary's folder on the later steps' PATH")
	assert.FileExists(t, filepath.Join(r.path[0], "kakao-sandbox"))

	status, body := call(t, "GET", url+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"}, "")
	assert.Equal(t, 200, status, "%v", body)
	status, _ = call(t, "GET", url+"/_sandbox/scenarios", "", nil, "")
	assert.Equal(t, 401, status, "the admin token guards the control plane")
	status, body = call(t, "GET", url+"/_sandbox/scenarios", "s3cret", nil, "")
	require.Equal(t, 200, status, "%v", body)
	var active []string
	for _, s := range body["scenarios"].([]any) {
		if s := s.(map[string]any); len(s["active"].([]any)) > 0 {
			active = append(active, s["name"].(string))
		}
	}
	assert.ElementsMatch(t, []string{"card-declined", "card-issuer-down"}, active)
	pid, err := os.ReadFile(filepath.Join(r.temp, "kakao-sandbox", "pid"))
	require.NoError(t, err)

	out, err = r.run(t, map[string]string{"stop": "true"})
	require.NoError(t, err, "%s", out)
	assert.Contains(t, out, "kakao-sandbox stopped")
	assert.Contains(t, out, "::group::kakao-sandbox log")
	stat, _ := exec.Command("ps", "-o", "stat=", "-p", strings.TrimSpace(string(pid))).Output()
	assert.False(t, len(stat) > 0 && stat[0] != 'Z', "the sandbox is gone, not %q", stat)
	left, err := os.ReadDir(r.tmpdir)
	require.NoError(t, err)
	assert.Empty(t, left, "stopped by SIGTERM, the sandbox removed its temporary data file")

	out, err = r.run(t, map[string]string{"stop": "true"})
	require.NoError(t, err, "%s", out)
	assert.Contains(t, out, "no kakao-sandbox was started", "a second stop is harmless")
}

// TestActionInstallsARelease runs the action with a release version against
// a folder laid out as a release (KAKAO_SANDBOX_RELEASES): it downloads the
// runner's archive, checks it against checksums.txt, and starts what it
// unpacked; an archive that does not match is refused.
func TestActionInstallsARelease(t *testing.T) {
	bin := binary(t)
	needTool(t, "curl")
	releases := t.TempDir()
	archive := fmt.Sprintf("kakao-sandbox_9.9.9_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	dir := filepath.Join(releases, "v9.9.9")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	sum := writeArchive(t, filepath.Join(dir, archive), bin)
	checksums := filepath.Join(dir, "checksums.txt")
	require.NoError(t, os.WriteFile(checksums, fmt.Appendf(nil, "%x  %s\n", sum, archive), 0o600))

	r := newRunner(t, "KAKAO_SANDBOX_RELEASES=file://"+releases)
	addr := freeAddr(t)
	_, port, _ := strings.Cut(addr, ":")
	out, err := r.run(t, map[string]string{"version": "v9.9.9", "port": port})
	require.NoError(t, err, "%s", out)
	status, body := call(t, "GET", r.exported["KAKAO_SANDBOX_URL"]+"/openapi/v4/adAccounts/balance", "sandbox-biz-alice", map[string]string{"adAccountId": "10001"}, "")
	assert.Equal(t, 200, status, "%v", body)
	out, err = r.run(t, map[string]string{"stop": "true"})
	require.NoError(t, err, "%s", out)

	require.NoError(t, os.WriteFile(checksums, fmt.Appendf(nil, "%x  %s\n", sha256.Sum256(nil), archive), 0o600))
	out, err = newRunner(t, "KAKAO_SANDBOX_RELEASES=file://"+releases).run(t, map[string]string{"version": "9.9.9", "port": port})
	require.Error(t, err)
	assert.Contains(t, out, "::error::"+archive+" does not match the release's checksums.txt")
}

// writeArchive writes a release archive holding bin as kakao-sandbox, and
// returns its SHA-256.
func writeArchive(t *testing.T, path, bin string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(bin)
	require.NoError(t, err)
	f, err := os.Create(path)
	require.NoError(t, err)
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "kakao-sandbox", Mode: 0o755, Size: int64(len(data))}))
	_, err = tw.Write(data)
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	require.NoError(t, f.Close())
	f, err = os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	h := sha256.New()
	_, err = io.Copy(h, f)
	require.NoError(t, err)
	return [32]byte(h.Sum(nil))
}
