package docs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunnerParse(t *testing.T) {
	doc := "Intro.\n" +
		"```sh\n" + // not runnable
		"curl -s http://127.0.0.1:8080/x\n" +
		"# {}\n" +
		"```\n" +
		"```sh runnable\n" + // line 6
		"# prose at the start\n" +
		"go run ./cmd/kakao-sandbox --clock 2026-01-01T09:00:00+09:00 &   # start\n" +
		"```\n" +
		"```sh runnable\n" + // line 10
		"S=http://127.0.0.1:8080\n" +
		"\n" +
		"# prose after a blank line\n" +
		"curl -s $S/a \\\n" +
		"  -d '{}'\n" +
		"# {\"a\":1,\n" +
		"#   \"b\":2}\n" +
		"# (a note)\n" +
		"# …\n" +
		"for i in 1 2; do\n" +
		"  # an indented comment is the command's\n" +
		"  echo $i\n" +
		"done\n" +
		"# (exit 3)\n" +
		"ls /tmp/x   # trailing note\n" +
		"```\n" +
		"```go\n" +
		"x := 1\n" +
		"```\n"
	cmds, blocks := parseDoc(doc)
	assert.Equal(t, 2, blocks)
	require.Len(t, cmds, 5)

	assert.Equal(t, docCommand{line: 8, text: "go run ./cmd/kakao-sandbox --clock 2026-01-01T09:00:00+09:00 &   # start",
		start: true, args: "--clock 2026-01-01T09:00:00+09:00"}, cmds[0])
	assert.Equal(t, docCommand{line: 11, text: "S=http://127.0.0.1:8080"}, cmds[1])
	assert.Equal(t, docCommand{line: 14, text: "curl -s $S/a \\\n  -d '{}'",
		expect: []string{`{"a":1,"b":2}`, "…"}, checked: true}, cmds[2])
	assert.Equal(t, docCommand{line: 20, text: "for i in 1 2; do\n  # an indented comment is the command's\n  echo $i\ndone",
		exit: 3, checked: true}, cmds[3])
	assert.Equal(t, docCommand{line: 25, text: "ls /tmp/x   # trailing note"}, cmds[4])
}

func TestRunnerServerStart(t *testing.T) {
	for cmd, want := range map[string]string{
		"go run ./cmd/kakao-sandbox":                        "",
		"kakao-sandbox --data /tmp/ci.db &   # in a script": "--data /tmp/ci.db",
		"kakao-sandbox serve --admin-token s3cret":          "--admin-token s3cret",
		"kakao-sandbox --tls \\\n  --addr 127.0.0.1:8443 &": "--tls    --addr 127.0.0.1:8443",
	} {
		args, ok := serverStart(cmd)
		assert.True(t, ok, cmd)
		assert.Equal(t, want, args, cmd)
	}
	for _, cmd := range []string{
		"kakao-sandbox healthcheck --wait 10s",
		"kakao-sandbox scenarios",
		"go run ./cmd/kakao-sandbox scenarios",
		"kakao-sandbox-ca > x",
		"curl -s http://127.0.0.1:8080/_sandbox/health",
		"kakao-sandbox --data x &\ncurl -s x",
	} {
		_, ok := serverStart(cmd)
		assert.False(t, ok, cmd)
	}
}

func TestRunnerRewrite(t *testing.T) {
	rw := newRewriter("127.0.0.1:40001", "/repo", "/tmp/run1")
	cmds := rw.rewriteAll([]docCommand{
		{text: "curl http://127.0.0.1:8080/x > /tmp/out; go run ./cmd/kakao-sandbox scenarios; go vet ./cmd/kakao-sandbox",
			expect: []string{"url=http://127.0.0.1:8080 data=/tmp/a.db"}},
		{start: true, args: "--tls --addr 127.0.0.1:8443", text: "kakao-sandbox --tls --addr 127.0.0.1:8443"},
		{text: "curl https://localhost:8443/ https://127.0.0.1:8443/ localhost:8080"},
	})
	assert.Equal(t, "curl http://127.0.0.1:40001/x > /tmp/run1/out; kakao-sandbox scenarios; go vet /repo/cmd/kakao-sandbox", cmds[0].text)
	assert.Equal(t, []string{"url=http://127.0.0.1:40001 data=/tmp/run1/a.db"}, cmds[0].expect)
	assert.Equal(t, "--tls --addr 127.0.0.1:40001", cmds[1].args)
	assert.Equal(t, "curl https://localhost:40001/ https://127.0.0.1:40001/ localhost:40001", cmds[2].text)
}

func TestRunnerMatch(t *testing.T) {
	for _, c := range []struct {
		expect, actual []string
		ok             bool
	}{
		{nil, nil, true},
		{nil, []string{"x"}, false},
		{[]string{"a"}, nil, false},
		{[]string{`{"id":1,…,"status":"PAID"}`}, []string{`{"id":1,"a":2,"status":"PAID"}`}, true},
		{[]string{`{"id":1,…,"status":"PAID"}`}, []string{`{"id":2,"a":2,"status":"PAID"}`}, false},
		{[]string{`token <anything> here`}, []string{`token abc def here`}, true},
		{[]string{`a.b*c`}, []string{`aXb*c`}, false}, // literal, not a pattern
		{[]string{"…"}, nil, true},
		{[]string{"…"}, []string{"x", "y"}, true},
		{[]string{"first", "…", "last"}, []string{"first", "last"}, true},
		{[]string{"first", "…", "last"}, []string{"first", "1", "2", "last"}, true},
		{[]string{"first", "…", "last"}, []string{"first", "1", "2"}, false},
		{[]string{"a", "b"}, []string{"a"}, false}, // a missing line
		{[]string{"a"}, []string{"a", "b"}, false}, // an extra line
	} {
		assert.Equal(t, c.ok, matchLines(c.expect, c.actual), "%q against %q", c.expect, c.actual)
	}
	assert.Equal(t, []string{"{}", "", "x"}, outputLines("{}\n\n  x  \n\n"))
	assert.Empty(t, outputLines(""))
}

// TestAwayFromTheHour: the doc run waits out an hour that would pass while
// it runs, and only then.
func TestAwayFromTheHour(t *testing.T) {
	at := func(s string) func() time.Time {
		return func() time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	}
	var slept time.Duration
	sleep := func(d time.Duration) { slept = d }
	awayFromTheHour(t, at("2026-12-07T02:58:30Z"), sleep)
	assert.Equal(t, 91*time.Second, slept, "90 s to the hour, and a second more")
	slept = 0
	awayFromTheHour(t, at("2026-12-07T02:30:00Z"), sleep)
	assert.Zero(t, slept, "half an hour is room enough")
}
