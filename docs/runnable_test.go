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
//     kakao-sandbox) as a newcomer starts it, with no flags but a free
//     127.0.0.1 port, started before the first block.
//   - The session runs the whole file twice in a row (runs), the second
//     time in the same temp dir, so what the first run left in /tmp/ is
//     still there, with the sandbox started again as the page says: a
//     newcomer runs a page again. A failure of the second run says so.
//   - A block whose first command starts the server (`go run
//     ./cmd/kakao-sandbox` or `kakao-sandbox`, optionally `serve`, then only
//     flags, optionally `&`) stops the sandbox and starts a new one with
//     those flags plus the runner's --addr, and no --data of the runner's
//     own: without one the binary's default is what a newcomer gets. The
//     block goes on once /_sandbox/health answers. Its own output is empty
//     (the server's log goes to the failure message). KAKAO_SANDBOX_ADDR,
//     _ADMIN_TOKEN and _TLS are exported to match, and _DATA when the start
//     gives --data, so `kakao-sandbox healthcheck`, `check`, `snapshot`
//     reach it.
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
	awayFromTheHour(t, time.Now, time.Sleep)
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
			t.Logf("%s: ran %d runnable blocks, %d commands, %d of them judged, %d times", name, res.blocks, res.commands, res.judged, runs)
			for _, f := range res.failures {
				t.Error(f.msg)
			}
		})
	}
	if ran == 0 {
		t.Logf("no ```sh runnable blocks in README.md or docs/*.md: nothing run")
	}
}

// hourMargin is how long before the hour TestDocsRun waits for it to pass:
// longer than the pages take to run twice (under a minute, race detector on).
const hourMargin = 2 * time.Minute

// awayFromTheHour waits, when the next hour is less than hourMargin away,
// until it has passed. The pages run on real time, and from the first hour
// after a start the demo's ads spend every hour (docs/ads.md): a page run
// across the hour would see balances no reader sees in the first hour.
func awayFromTheHour(t *testing.T, now func() time.Time, sleep func(time.Duration)) {
	n := now()
	next := n.Truncate(time.Hour).Add(time.Hour)
	if left := next.Sub(n); left < hourMargin {
		t.Logf("waiting %s for the hour to pass: the demo's ads spend from the next hour", left+time.Second)
		sleep(left + time.Second)
	}
}

// TestRunnerCatchesWrongOutput runs the runner on documents of its own:
// exactly the commands marked "# must fail" on their line may fail, on the
// first run of the file and again on the second; those marked "# must fail
// on the second run" fail only on the second.
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
			var want [runs][]int
			ends := false // a failure that ends the session: no second run
			for _, c := range cmds {
				switch {
				case strings.Contains(c.text, "# must fail on the second run"):
					want[1] = append(want[1], c.line)
				case strings.Contains(c.text, "# must fail"):
					want[0] = append(want[0], c.line)
					want[1] = append(want[1], c.line)
					ends = ends || strings.Contains(c.text, "ends the session")
				}
			}
			if ends {
				want[1] = nil
			}
			res := runDoc(t, path, filepath.Base(path), 5*time.Second) // hang.md hangs
			var got [runs][]int
			for _, f := range res.failures {
				got[f.run-1] = append(got[f.run-1], f.line)
				assert.Contains(t, f.msg, fmt.Sprintf("%s:%d: ", filepath.Base(path), f.line))
				if f.run == 2 {
					assert.Contains(t, f.msg, "on the second run")
				}
				t.Logf("a failure, as a doc writer sees it:\n%s", f.msg)
			}
			for r := range runs {
				assert.Equal(t, want[r], got[r], "the failing commands' lines on run %d", r+1)
			}
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
	run  int // 1 or 2: which run of the file
	msg  string
}

// runs is how many times a document's session runs, in the same temp dir.
const runs = 2

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
	for r := range runs {
		base := r * (len(cmds) + 1) // the step of this run's own start
		again := ""
		if r > 0 {
			again = "on the second run of the file (same temp dir, sandbox started again: a page must work twice in a row; remove what it writes to /tmp/ first, and give --data only where state must persist): "
		}
		fail := func(c docCommand, why string, actual []string, stderr string) {
			res.failures = append(res.failures, failure{c.line, r + 1, failureReport(name, c, again+why, c.expect, actual, stderr)})
		}
		for i, c := range cmds {
			n := base + i + 1
			out, ok := s.ended[n]
			switch {
			case ok && !c.checked:
				continue
			case ok:
				if r == 0 {
					res.judged++
				}
				if out.rc == c.exit && (len(c.expect) == 0 || matchLines(runnable[i].expect, outputLines(out.stdout))) {
					continue
				}
				why := fmt.Sprintf("the output differs (exit status %d)", out.rc)
				if out.rc != c.exit {
					why = fmt.Sprintf("exit status %d, want %d", out.rc, c.exit)
				}
				fail(c, why, outputLines(back.Replace(out.stdout)), readStderr(run, n))
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
				if _, ok := s.ended[base]; !ok { // the runner's own first sandbox
					why, stderr = "the runner's sandbox did not start", readStderr(run, base)
				}
				fail(c, why, outputLines(back.Replace(s.started[n])), stderr)
				return res // later commands did not run
			}
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
// doc's, with the runner's address and the doc's flags, nothing else; its
// temporary files go to the runner's dir, not the doc's /tmp/.
const sessionPrelude = `__ks_pid=
__ks_stop() {
  if [ -n "$__ks_pid" ]; then kill "$__ks_pid" 2>/dev/null; wait "$__ks_pid" 2>/dev/null; __ks_pid=; fi
}
__ks_start() {
  __ks_stop
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
  echo "--- kakao-sandbox $* --addr $__ks_addr" >>"$__ks_run/sandbox.log"
  env -u KAKAO_SANDBOX_ADDR -u KAKAO_SANDBOX_DATA -u KAKAO_SANDBOX_ADMIN_TOKEN -u KAKAO_SANDBOX_TLS TMPDIR="$__ks_run" \
    kakao-sandbox "$@" --addr "$__ks_addr" >>"$__ks_run/sandbox.log" 2>&1 </dev/null &
  __ks_pid=$!
  export KAKAO_SANDBOX_ADDR=$__ks_addr
  if [ -n "$data" ]; then export KAKAO_SANDBOX_DATA=$data; else unset KAKAO_SANDBOX_DATA; fi
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

// sessionScript is the bash script of one document, run runs times: each
// command between markers (\036S n, \036E n status) that cut stdout per
// command, its stderr in the runner's stderr.n. Step 0 is the runner's own
// start, then command i is step i; the second run's steps follow, from
// len(cmds)+1 (its own start) on.
func sessionScript(cmds []docCommand, addr, run string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "__ks_addr=%s __ks_run=%s\n%s", strconv.Quote(addr), strconv.Quote(run), sessionPrelude)
	step := func(n int, text string) {
		// The blank line ends a trailing backslash; the group keeps the
		// session's variables.
		fmt.Fprintf(&b, "printf '\\036S %d\\n'\n{ %s\n\n} 2>\"$__ks_run/stderr.%d\"\nprintf '\\036E %d %%d\\n' $?\n", n, text, n, n)
	}
	for r := range runs {
		base := r * (len(cmds) + 1)
		if len(cmds) == 0 || !cmds[0].start {
			step(base, "__ks_start") // also stops the first run's sandbox
		} else {
			fmt.Fprintf(&b, "printf '\\036S %d\\n\\036E %d 0\\n'\n", base, base)
		}
		for i, c := range cmds {
			if c.start {
				step(base+i+1, "__ks_start "+c.args)
			} else {
				step(base+i+1, c.text)
			}
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
	// The user's config dir (where a CA may be kept) is the session's own.
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "TMPDIR="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(filepath.Dir(script), "config"))
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
