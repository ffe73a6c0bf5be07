package docs_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInstallFromAClone does what the docs tell a newcomer, from a fresh
// clone of this repository's HEAD: the README's install line, then the
// binary; and the test kit in a module of its own, whose go.mod is the
// snippet of docs/testing.md with its replace pointing at the clone. The
// module is not published, so a line with @latest or go get would fail
// (403): the README must not show one.
func TestInstallFromAClone(t *testing.T) {
	if testing.Short() {
		t.Skip("clones the repository and builds the binary and a test of the kit")
	}
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	assert.NotRegexp(t, "(?m)^\\s*(go install \\S*@|go get )", string(readme), "the module is not published: no go install …@version or go get line")
	install := installLine(t, string(readme))
	testingDoc, err := os.ReadFile("testing.md")
	require.NoError(t, err)
	gomod := kitGoMod(t, string(testingDoc))

	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not on PATH")
	}
	top, err := exec.Command(git, "-C", "..", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("the source is not a git checkout (git rev-parse: %v), so there is nothing to clone", err)
	}
	head, err := exec.Command(git, "-C", "..", "rev-parse", "HEAD").Output()
	require.NoError(t, err)
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "kakao-sandbox")
	runIn(t, tmp, nil, git, "clone", "--quiet", "--no-checkout", strings.TrimSpace(string(top)), clone)
	runIn(t, clone, nil, git, "checkout", "--quiet", "--detach", strings.TrimSpace(string(head)))

	started := time.Now()
	gobin := filepath.Join(tmp, "bin")
	env := []string{"GOBIN=" + gobin, "GOWORK=off"}
	runIn(t, clone, env, "sh", "-c", install)
	out := runIn(t, clone, nil, filepath.Join(gobin, "kakao-sandbox"), "version")
	assert.Regexp(t, `^kakao-sandbox \S+\n$`, out)
	t.Logf("README's %q in a fresh clone: %s", install, time.Since(started).Round(time.Second))

	started = time.Now()
	app := filepath.Join(tmp, "app")
	require.NoError(t, os.Mkdir(app, 0o755))
	gomod = "module example.com/app\n\ngo 1.26\n\n" + replaceTarget.ReplaceAllString(gomod, "${1}"+clone)
	require.NoError(t, os.WriteFile(filepath.Join(app, "go.mod"), []byte(gomod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(app, "kit_test.go"), []byte(kitTest), 0o644))
	// -mod=mod fills in the kit's own requirements, as go mod tidy would,
	// from the module cache or GOPROXY as the environment has them.
	out = runIn(t, app, append(env, "GOFLAGS=-mod=mod"), "go", "test", "-count=1", "-v", "./...")
	assert.Contains(t, out, "--- PASS: TestKit")
	t.Logf("the test kit from docs/testing.md's go.mod lines: %s", time.Since(started).Round(time.Second))
}

const kitTest = `package app

import (
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func TestKit(t *testing.T) {
	sb := sandboxtest.New(t)
	va := sb.IssueVirtualAccount("sandbox-biz-alice", 10001, 300000, "88")
	if va.AccountNumber == "" {
		t.Fatal("no account number")
	}
}
`

// installLine is the README's `go install` line, its comment cut.
func installLine(t *testing.T, readme string) string {
	t.Helper()
	m := regexp.MustCompile("(?m)^go install [^#\n]*").FindString(readme)
	require.NotEmpty(t, m, "README.md shows no `go install` line")
	return strings.TrimSpace(m)
}

// replaceTarget is the path of the replace directive of the kit's snippet.
var replaceTarget = regexp.MustCompile(`(?m)^(replace github\.com/kakao-sandbox/kakao-sandbox => )\S+$`)

// kitGoMod is the fenced block of docs/testing.md that holds the replace.
func kitGoMod(t *testing.T, doc string) string {
	t.Helper()
	for _, block := range strings.Split(doc, "```")[1:] {
		if replaceTarget.MatchString(block) {
			_, body, _ := strings.Cut(block, "\n") // the info string
			require.Contains(t, body, "require github.com/kakao-sandbox/kakao-sandbox ")
			return body
		}
	}
	t.Fatal("docs/testing.md shows no go.mod lines with a replace of github.com/kakao-sandbox/kakao-sandbox")
	return ""
}

// runIn runs a command in dir with env added and returns its stdout,
// failing the test with its output when it fails.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s in %s:\n%s%s", cmd, dir, out, stderr.String())
	return string(out)
}
