package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The CI recipes in examples/ (docs/testing.md, "Use in CI"), each run here as far as
// this machine has its tools: bash and curl, the Go module proxy, a compose
// tool. GitHub Actions itself is not here: actionlint checks the workflow
// (.ci/lint) and TestExampleGitHubActions runs its steps.

const examples = "../../examples"

// TestExampleShellRecipe runs examples/ci.sh with the release binary on the
// PATH: it starts the sandbox in the background, fresh (no --data), waits
// with healthcheck --wait, checks a deposit with curl, and stops it, leaving
// nothing behind: neither its log nor the sandbox's temporary data file.
func TestExampleShellRecipe(t *testing.T) {
	bin := binary(t)
	needHealthcheckWait(t, bin)
	needTool(t, "curl")
	tmp := t.TempDir()
	out, err := script(t, examples, []string{"PATH=" + filepath.Dir(bin) + ":" + os.Getenv("PATH"), "TMPDIR=" + tmp,
		"KAKAO_SANDBOX_ADDR=" + freeAddr(t)}, "bash", "ci.sh")
	require.NoError(t, err, "%s", out)
	assert.Contains(t, out, `balance after the deposit: {"id":10001,"cash":1500000`)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "the recipe removes its log, and the stopped sandbox its temporary data file")
}

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	Jobs map[string]struct {
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			Name       string         `yaml:"name"`
			If         string         `yaml:"if"`
			Uses       string         `yaml:"uses"`
			With       map[string]any `yaml:"with"`
			Run        string         `yaml:"run"`
			WorkingDir string         `yaml:"working-directory"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestExampleGitHubActions checks the workflow starts the sandbox with this
// repository's action (action.yml) and stops it with the same action in an
// if: always() step, and runs its steps as the runner would: the action's
// steps as TestAction does (built from this checkout, on a free port), each
// run script in bash with what the action exported (KAKAO_SANDBOX_URL, the
// binary on the PATH), and kakao-sandbox's checkout being this one. The
// sandbox the action leaves in the background serves the smoke check and
// the contract test, as on GitHub, until the stop step stops it.
func TestExampleGitHubActions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(examples, "github-actions", "contract-test.yml"))
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	job, ok := wf.Jobs["contract"]
	require.True(t, ok, "the workflow's job is named contract")
	steps := map[string]int{}
	var uses []string
	for i, s := range job.Steps {
		steps[s.Name] = i
		uses = append(uses, strings.Split(s.Uses, "@")[0])
	}
	assert.Contains(t, uses, "actions/setup-go", "the action builds the sandbox with Go")
	for _, name := range []string{"Start kakao-sandbox", "Smoke check with curl", "Contract test", "Stop kakao-sandbox"} {
		require.Contains(t, steps, name, "step %q", name)
	}
	start, stop := job.Steps[steps["Start kakao-sandbox"]], job.Steps[steps["Stop kakao-sandbox"]]
	for _, s := range []string{start.Uses, stop.Uses} {
		assert.True(t, strings.HasPrefix(s, "kakao-sandbox/kakao-sandbox@"), "the action at the repository's root: %s", s)
	}
	assert.NotContains(t, start.With, "stop")
	assert.Equal(t, true, stop.With["stop"])
	assert.Equal(t, "always()", stop.If, "stopped after a failure too")
	assert.Equal(t, len(job.Steps)-1, steps["Stop kakao-sandbox"], "the last step")

	bin := binary(t) // the action's build, from the cache
	needHealthcheckWait(t, bin)
	needTool(t, "curl")
	needModules(t)
	r := newRunner(t)
	for k, v := range job.Env {
		r.env = append(r.env, k+"="+v)
	}
	addr := freeAddr(t)
	for _, name := range []string{"Start kakao-sandbox", "Smoke check with curl", "Contract test", "Stop kakao-sandbox"} {
		s := job.Steps[steps[name]]
		var out string
		if s.Uses != "" {
			inputs := map[string]string{}
			for k, v := range s.With {
				inputs[k] = fmt.Sprint(v)
			}
			if _, ok := inputs["port"]; ok {
				_, inputs["port"], _ = strings.Cut(addr, ":") // a free port, not the runner's
			}
			out, err = r.run(t, inputs)
		} else {
			dir := filepath.Join("../..", strings.TrimPrefix(s.WorkingDir, ".kakao-sandbox"))
			env := append([]string{"PATH=" + strings.Join(append(r.path, os.Getenv("PATH")), ":"), "TMPDIR=" + r.tmpdir}, r.env...)
			for k, v := range r.exported {
				env = append(env, k+"="+v)
			}
			out, err = script(t, dir, env, "bash", "-e", "-c", s.Run)
		}
		require.NoError(t, err, "step %q:\n%s", name, out)
		switch name {
		case "Start kakao-sandbox":
			assert.Equal(t, "http://"+addr, r.exported["KAKAO_SANDBOX_URL"])
		case "Contract test":
			assert.Contains(t, out, "--- PASS: TestTopUpAgainstARunningSandbox", "it ran, not skipped")
		case "Stop kakao-sandbox":
			assert.Contains(t, out, "kakao-sandbox stopped")
		}
	}
	left, err := os.ReadDir(r.tmpdir)
	require.NoError(t, err)
	assert.Empty(t, left, "stopped by SIGTERM, the sandbox removed its temporary data file")
}

// composeFile is the part of a compose file the test reads.
type composeFile struct {
	Services map[string]struct {
		Build       string            `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []string          `yaml:"volumes"`
		Networks    map[string]struct {
			Aliases []string `yaml:"aliases"`
		} `yaml:"networks"`
		DependsOn map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Command []string `yaml:"command"`
	} `yaml:"services"`
}

// TestExampleDockerCompose checks the compose file's structure: the sandbox
// serves HTTPS (--tls) on 443 under Kakao's host names, the app trusts the
// CA that `kakao-sandbox ca` printed and waits for the sandbox's health.
// Where a compose tool exists, it validates the file too; none runs here.
func TestExampleDockerCompose(t *testing.T) {
	path := filepath.Join(examples, "docker-compose.yml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var f composeFile
	require.NoError(t, yaml.Unmarshal(data, &f))
	sb, app := f.Services["sandbox"], f.Services["app"]
	assert.Equal(t, "..", sb.Build, "the image from this checkout's Dockerfile")
	assert.Equal(t, "true", sb.Environment["KAKAO_SANDBOX_TLS"])
	assert.Equal(t, ":443", sb.Environment["KAKAO_SANDBOX_ADDR"])
	assert.NotEmpty(t, sb.Environment["KAKAO_SANDBOX_ADMIN_TOKEN"])
	assert.Contains(t, sb.Volumes, "sandbox-data:/data", "the CA lives in the volume, so `ca` and the server agree")
	assert.ElementsMatch(t, []string{"kauth.kakao.com", "kapi.kakao.com", "apis.moment.kakao.com"}, sb.Networks["default"].Aliases)
	assert.Contains(t, app.Volumes, "./kakao-sandbox-ca.pem:/etc/kakao-sandbox/ca.pem:ro")
	assert.Equal(t, "service_healthy", app.DependsOn["sandbox"].Condition)
	assert.Contains(t, app.Command, "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", "the app keeps Kakao's URL")
	assert.Contains(t, string(data), "docker compose run --rm -T sandbox ca > kakao-sandbox-ca.pem")

	t.Run("compose_config", func(t *testing.T) {
		for _, tool := range [][]string{{"docker", "compose"}, {"podman", "compose"}, {"docker-compose"}} {
			if exec.Command(tool[0], append(tool[1:], "version")...).Run() != nil {
				continue
			}
			cmd := exec.Command(tool[0], append(tool[1:], "-f", "docker-compose.yml", "config", "--quiet")...)
			cmd.Dir = examples
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s config: %s", strings.Join(tool, " "), out)
			return
		}
		t.Skip("no docker compose, podman compose or docker-compose here: checked the structure only")
	})
}

// TestExamplesGoModule runs examples/go's tests, a module of its own so that
// testcontainers-go stays out of the sandbox's go.mod: the sandboxtest
// example must run and pass; the Testcontainers one skips without a
// container runtime, and the contract test without KAKAO_SANDBOX_URL.
func TestExamplesGoModule(t *testing.T) {
	needModules(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-v", "./...")
	cmd.Dir = filepath.Join(examples, "go")
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "KAKAO_SANDBOX_URL=") })
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "--- PASS: TestTopUpWithSandboxtest")
	assert.Regexp(t, `--- (PASS|SKIP): TestTopUpInAContainer`, string(out))
}

// needModules downloads examples/go's modules, and skips the test only when
// the Go module proxy cannot be reached.
func needModules(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "mod", "download")
	cmd.Dir = filepath.Join(examples, "go")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	proxy, _ := exec.Command("go", "env", "GOPROXY").Output()
	first, _, _ := strings.Cut(strings.TrimSpace(string(proxy)), ",")
	if !strings.HasPrefix(first, "http") {
		require.NoError(t, err, "go mod download in examples/go (GOPROXY=%s):\n%s", proxy, out)
	}
	probe := &http.Client{Timeout: 10 * time.Second}
	resp, perr := probe.Get(strings.TrimSuffix(first, "/") + "/github.com/testcontainers/testcontainers-go/@v/list")
	if perr != nil {
		t.Skipf("the Go module proxy %s is unreachable (%v): examples/go needs its modules", first, perr)
	}
	resp.Body.Close()
	require.NoError(t, err, "go mod download in examples/go, with the proxy reachable:\n%s", out)
}

// needHealthcheckWait skips until healthcheck has --wait, which the recipes
// use (issue 12 adds it on another branch).
func needHealthcheckWait(t *testing.T, bin string) {
	t.Helper()
	out, _ := exec.Command(bin, "healthcheck", "--help").CombinedOutput()
	if !strings.Contains(string(out), "-wait") {
		t.Skip("this build's `kakao-sandbox healthcheck` has no --wait yet, which the recipe uses; it comes with issue 12's first-hour fixes")
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("no %s here: the recipe needs it", name)
	}
}

// script runs a recipe's command in dir, bounded, in a process group of its
// own: whatever it leaves in the background (a sandbox started with &) is
// killed when the test ends, as a CI runner does at the end of a job.
func script(t *testing.T, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second // a background child holding the output open
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Start()
	if err == nil {
		pgid := cmd.Process.Pid
		t.Cleanup(func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
		err = cmd.Wait()
	}
	return out.String(), err
}
