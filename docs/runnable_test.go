package docs_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocsRun runs every ```sh runnable block of README.md and docs/*.md
// against a fresh sandbox and compares each command's output with the doc,
// so a documented command can't rot. The conventions, as implemented:
//
//   - Only a fence whose info string is "sh" with the word "runnable" runs.
//   - One bash session per file runs all its runnable blocks in order
//     (variables persist), cwd a temp dir of the file's own, against one
//     sandbox: the release binary (built once per test run, on PATH as
//     kakao-sandbox) with demo data, real clock, a temp data file and a free
//     127.0.0.1 port, started before the first block.
//   - A block whose first command starts the server (`go run
//     ./cmd/kakao-sandbox` or `kakao-sandbox`, optionally `serve`, then only
//     flags, optionally `&`) stops the sandbox and starts a fresh one with
//     those flags, plus the runner's --addr and, unless given, a new temp
//     --data; the block goes on once /_sandbox/health answers. Its own
//     output is empty (the server's log goes to the failure message).
//     KAKAO_SANDBOX_ADDR, _DATA, _ADMIN_TOKEN and _TLS are exported to match,
//     so `kakao-sandbox healthcheck`, `check`, `snapshot` reach it.
//   - Rewrites, in commands and expected lines: 127.0.0.1:8080 (and a
//     start's --addr) → the runner's address, localhost:PORT likewise;
//     `go run ./cmd/kakao-sandbox` → kakao-sandbox, other ./cmd/kakao-sandbox
//     → the repository's; /tmp/ → the file's temp dir.
//   - A command is a maximal run of non-blank lines not starting with "#"
//     at column 0 (an indented "#" is the command's, as is a trailing
//     "# note"). The "# " lines right after it are its expected stdout, one
//     per line; "#  " (two spaces) continues the previous expected line with
//     nothing between. "# (…)" is a note, except "# (exit N)", which says
//     the command exits N. Comments at a block's start or after a blank
//     line are prose.
//   - Matching: line by line, blanks at a line's ends and trailing empty
//     lines ignored; "…" or "<anything>" in a line matches any text; a line
//     "# …" matches any number of lines. A command with expected lines must
//     match them and exit 0 (or its "(exit N)"); one with only "(exit N)" is
//     judged by its status; one with neither is run and not judged.
//   - Each command has cmdTimeout and each file fileTimeout.
func TestDocsRun(t *testing.T) {
	files, err := filepath.Glob("*.md")
	require.NoError(t, err)
	files = append([]string{"../README.md"}, files...)
	ran := 0
	for _, path := range files {
		name := strings.TrimPrefix(path, "../")
		if !strings.HasPrefix(path, "../") {
			name = "docs/" + path
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		if _, blocks := parseDoc(string(data)); blocks == 0 {
			t.Logf("%s: no ```sh runnable blocks", name)
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := runDoc(t, path, name, cmdTimeout)
			t.Logf("%s: ran %d runnable blocks, %d commands, %d of them judged", name, res.blocks, res.commands, res.judged)
			for _, f := range res.failures {
				t.Error(f.msg)
			}
		})
	}
	if ran == 0 {
		t.Logf("no ```sh runnable blocks in README.md or docs/*.md: nothing run")
	}
}

// TestRunnerCatchesWrongOutput runs the runner on documents of its own:
// exactly the commands marked "# must fail" on their line may fail.
func TestRunnerCatchesWrongOutput(t *testing.T) {
	files, err := filepath.Glob("testdata/runner/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			cmds, _ := parseDoc(string(data))
			var want []int
			for _, c := range cmds {
				if strings.Contains(c.text, "# must fail") {
					want = append(want, c.line)
				}
			}
			res := runDoc(t, path, filepath.Base(path), 5*time.Second) // hang.md hangs
			var got []int
			for _, f := range res.failures {
				got = append(got, f.line)
				assert.Contains(t, f.msg, fmt.Sprintf("%s:%d: ", filepath.Base(path), f.line))
				t.Logf("a failure, as a doc writer sees it:\n%s", f.msg)
			}
			assert.Equal(t, want, got, "the failing commands' lines")
		})
	}
}

const (
	cmdTimeout  = 30 * time.Second
	fileTimeout = 3 * time.Minute
)

// sandboxBin builds the release binary once per test run, into a directory
// put first on the sessions' PATH.
var sandboxBin = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kakao-sandbox-docrun")
	if err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-trimpath", "-tags", "timetzdata", "-o", filepath.Join(dir, "kakao-sandbox"), "./cmd/kakao-sandbox")
	build.Dir = ".."
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s: %w\n%s", build, err, out)
	}
	return dir, nil
})

// needTools skips a test that would run docs where the shell tools the docs
// use are missing, or in -short mode.
func needTools(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the release binary and runs the docs' commands")
	}
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the docs' runnable blocks need %s, which is not on PATH", tool)
		}
	}
	dir, err := sandboxBin()
	require.NoError(t, err)
	return dir
}

type failure struct {
	line int // of the command in the document
	msg  string
}

type docResult struct {
	blocks, commands, judged int
	failures                 []failure
}

// runDoc runs one document's runnable blocks in one bash session, each
// command cut off after timeout.
func runDoc(t *testing.T, path, name string, timeout time.Duration) docResult {
	bin := needTools(t)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	cmds, blocks := parseDoc(string(data))
	res := docResult{blocks: blocks, commands: len(cmds)}
	if len(cmds) == 0 {
		return res
	}
	repo, err := filepath.Abs("..")
	require.NoError(t, err)
	work, run := t.TempDir(), t.TempDir() // the doc's files; the runner's
	addr := freeAddr(t)
	rw := newRewriter(addr, repo, work)
	runnable := rw.rewriteAll(cmds)
	script := sessionScript(runnable, addr, run)
	require.NoError(t, os.WriteFile(filepath.Join(run, "session.sh"), []byte(script), 0o600))

	s := runSession(t, filepath.Join(run, "session.sh"), work, bin, timeout)
	// Matched as run; reported as the doc writes it, to paste back.
	back := strings.NewReplacer(addr, "127.0.0.1:8080", "localhost:"+rw.port, "localhost:8080", work+"/", "/tmp/")
	for i, c := range cmds {
		n := i + 1
		out, ok := s.ended[n]
		switch {
		case ok && !c.checked:
			continue
		case ok:
			res.judged++
			if out.rc == c.exit && (len(c.expect) == 0 || matchLines(runnable[i].expect, outputLines(out.stdout))) {
				continue
			}
			actual := outputLines(back.Replace(out.stdout))
			why := fmt.Sprintf("the output differs (exit status %d)", out.rc)
			if out.rc != c.exit {
				why = fmt.Sprintf("exit status %d, want %d", out.rc, c.exit)
			}
			res.failures = append(res.failures, failure{c.line, failureReport(name, c, why, c.expect, actual, readStderr(run, n))})
		default:
			why := "the session ended during this command"
			switch {
			case s.timedOut == n:
				why = fmt.Sprintf("no answer within %s", timeout)
			case s.err != nil:
				why += fmt.Sprintf(" (%v)", s.err)
			}
			if _, started := s.started[n]; !started {
				why = "the session ended before this command"
			}
			stderr := readStderr(run, n)
			if _, ok := s.ended[0]; !ok { // the runner's own first sandbox
				why, stderr = "the runner's sandbox did not start", readStderr(run, 0)
			}
			res.failures = append(res.failures, failure{c.line, failureReport(name, c, why, c.expect, outputLines(back.Replace(s.started[n])), stderr)})
			return res // later commands did not run
		}
	}
	return res
}

// failureReport is a failure as a doc writer needs it: where, what, the
// difference.
func failureReport(name string, c docCommand, why string, expect, actual []string, stderr string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s\n  $ %s\n", name, c.line, why, strings.ReplaceAll(c.text, "\n", "\n  > "))
	if len(expect) > 0 {
		fmt.Fprintf(&b, "expected:\n%s\n", indent("# ", strings.Join(expect, "\n")))
	}
	fmt.Fprintf(&b, "actual stdout (addresses and temp dir as the doc writes them):\n%s\n", indent("# ", strings.Join(actual, "\n")))
	if stderr != "" {
		fmt.Fprintf(&b, "stderr:\n%s\n", indent("  ", stderr))
	}
	return b.String()
}

func indent(prefix, s string) string {
	if s == "" {
		return "  (nothing)"
	}
	return "  " + prefix + strings.ReplaceAll(s, "\n", "\n  "+prefix)
}

// readStderr is what command n wrote to stderr, at most its last 2 KB.
func readStderr(run string, n int) string {
	data, _ := os.ReadFile(filepath.Join(run, "stderr."+strconv.Itoa(n)))
	if len(data) > 2048 {
		data = append([]byte("…"), data[len(data)-2048:]...)
	}
	return strings.TrimSpace(string(data))
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// sessionPrelude defines the server start the runner substitutes for a
// doc's, with the runner's address and, unless given, a new data file.
const sessionPrelude = `__ks_n=0 __ks_pid=
__ks_stop() {
  if [ -n "$__ks_pid" ]; then kill "$__ks_pid" 2>/dev/null; wait "$__ks_pid" 2>/dev/null; __ks_pid=; fi
}
__ks_start() {
  __ks_stop
  __ks_n=$((__ks_n+1))
  local data= token= scheme=http prev= a
  for a in "$@"; do
    case $prev in --data|-data) data=$a;; --admin-token|-admin-token) token=$a;; esac
    case $a in
      --data=*|-data=*) data=${a#*=};;
      --admin-token=*|-admin-token=*) token=${a#*=};;
      --tls|-tls|--tls=true|-tls=true|--tls-cert|-tls-cert|--tls-cert=*|-tls-cert=*) scheme=https;;
    esac
    prev=$a
  done
  if [ -z "$data" ]; then data=$__ks_run/sandbox-$__ks_n.db; set -- "$@" --data "$data"; fi
  echo "--- kakao-sandbox $* --addr $__ks_addr" >>"$__ks_run/sandbox.log"
  env -u KAKAO_SANDBOX_ADDR -u KAKAO_SANDBOX_DATA -u KAKAO_SANDBOX_ADMIN_TOKEN -u KAKAO_SANDBOX_TLS \
    kakao-sandbox "$@" --addr "$__ks_addr" >>"$__ks_run/sandbox.log" 2>&1 </dev/null &
  __ks_pid=$!
  export KAKAO_SANDBOX_ADDR=$__ks_addr KAKAO_SANDBOX_DATA=$data
  if [ -n "$token" ]; then export KAKAO_SANDBOX_ADMIN_TOKEN=$token; else unset KAKAO_SANDBOX_ADMIN_TOKEN; fi
  if [ $scheme = https ]; then export KAKAO_SANDBOX_TLS=true; else unset KAKAO_SANDBOX_TLS; fi
  local i
  for i in $(seq 200); do
    curl -skf -o /dev/null "$scheme://$__ks_addr/_sandbox/health" && return 0
    kill -0 "$__ks_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the sandbox did not answer /_sandbox/health: kakao-sandbox $* --addr $__ks_addr; its log:" >&2
  tail -n 20 "$__ks_run/sandbox.log" >&2
  exit 97
}
trap __ks_stop EXIT
`

// sessionScript is the bash script of one document: each command between
// markers (\036S n, \036E n status) that cut stdout per command, its
// stderr in the runner's stderr.n. Command 0 is the runner's own start.
func sessionScript(cmds []docCommand, addr, run string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "__ks_addr=%s __ks_run=%s\n%s", strconv.Quote(addr), strconv.Quote(run), sessionPrelude)
	step := func(n int, text string) {
		// The blank line ends a trailing backslash; the group keeps the
		// session's variables.
		fmt.Fprintf(&b, "printf '\\036S %d\\n'\n{ %s\n\n} 2>\"$__ks_run/stderr.%d\"\nprintf '\\036E %d %%d\\n' $?\n", n, text, n, n)
	}
	if len(cmds) == 0 || !cmds[0].start {
		step(0, "__ks_start")
	} else {
		fmt.Fprintf(&b, "printf '\\036S 0\\n\\036E 0 0\\n'\n")
	}
	for i, c := range cmds {
		if c.start {
			step(i+1, "__ks_start "+c.args)
		} else {
			step(i+1, c.text)
		}
	}
	return b.String()
}

// session is what a bash session printed: each command's stdout by number.
type session struct {
	started  map[int]string // stdout of every command that began
	ended    map[int]commandOut
	timedOut int // the command that had no answer in time, or -1
	err      error
}

type commandOut struct {
	stdout string
	rc     int
}

// runSession runs the script in its own process group (so the sandboxes and
// anything a doc left in the background end with it), cutting any command
// off after timeout and the whole after fileTimeout.
func runSession(t *testing.T, script, dir, bin string, timeout time.Duration) session {
	ctx, cancel := context.WithTimeout(context.Background(), fileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "TMPDIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second // a background job may hold stdout
	out := &syncBuffer{}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	require.NoError(t, cmd.Start())
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }()

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	s := session{timedOut: -1}
	last, since := "", time.Now()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				s.err = err
			}
			s.started, s.ended = splitOutput(out.String())
			if ctx.Err() == context.DeadlineExceeded {
				s.err = fmt.Errorf("the file took over %s", fileTimeout)
			} else if s.err != nil && stderr.Len() > 0 {
				s.err = fmt.Errorf("%w: %s", s.err, strings.TrimSpace(stderr.String()))
			}
			return s
		case <-tick.C:
			m := lastMarker(out.String())
			if m != last {
				last, since = m, time.Now()
			}
			if strings.HasPrefix(m, "S ") && time.Since(since) > timeout {
				s.timedOut, _ = strconv.Atoi(m[2:])
				cancel()
			}
		}
	}
}

// lastMarker is the header of the last complete marker in the output.
func lastMarker(out string) string {
	i := strings.LastIndexByte(out, '\036')
	if i < 0 {
		return ""
	}
	header, _, complete := strings.Cut(out[i+1:], "\n")
	if !complete {
		return lastMarker(out[:i])
	}
	return header
}

// splitOutput cuts a session's stdout at its markers.
func splitOutput(out string) (started map[int]string, ended map[int]commandOut) {
	started, ended = map[int]string{}, map[int]commandOut{}
	for _, seg := range strings.Split(out, "\036")[1:] {
		header, body, _ := strings.Cut(seg, "\n")
		f := strings.Fields(header)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch {
		case f[0] == "S":
			started[n] = body
		case f[0] == "E" && len(f) == 3:
			rc, _ := strconv.Atoi(f[2])
			ended[n] = commandOut{stdout: started[n], rc: rc}
		}
	}
	return started, ended
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
