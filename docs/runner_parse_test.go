package docs_test

import (
	"regexp"
	"strconv"
	"strings"
)

// The parser of runnable doc blocks: a document's ```sh runnable fences,
// cut into commands, each with the output the doc shows for it. The
// conventions it implements are in runnable_test.go's comment.

// docCommand is one command of a runnable block, as the doc writes it.
type docCommand struct {
	line   int      // of its first line in the document, from 1
	text   string   // its lines, verbatim
	expect []string // expected stdout lines, continuations joined; nil: unchecked
	exit   int      // the exit status a "# (exit N)" note asks for
	// checked: its exit status must be exit (it has expected lines or an
	// exit note); a command without either is run and not judged.
	checked bool
	// start: it is the block's first command and starts the server; args
	// are the flags it gives, verbatim (quotes kept, "&" and comment cut).
	start bool
	args  string
}

// runnableFence opens a block the runner runs: "sh" then "runnable" among
// the info string's words.
func runnableFence(line string) (isFence, runnable bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "```")
	if !ok {
		return false, false
	}
	words := strings.Fields(rest)
	return true, len(words) > 1 && words[0] == "sh" && containsWord(words[1:], "runnable")
}

func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

// parseDoc returns the commands of every runnable block of a Markdown
// document, in order, and how many blocks there were.
func parseDoc(doc string) (cmds []docCommand, blocks int) {
	var block []string // lines of the open runnable block
	first := 0         // line number of block[0]
	inFence, runnable := false, false
	for i, line := range strings.Split(doc, "\n") {
		isFence, run := runnableFence(line)
		switch {
		case !inFence && isFence:
			inFence, runnable, block, first = true, run, nil, i+2
		case inFence && strings.TrimSpace(line) == "```":
			if runnable {
				blocks++
				cmds = append(cmds, parseBlock(block, first)...)
			}
			inFence = false
		case inFence && runnable:
			block = append(block, line)
		}
	}
	return cmds, blocks
}

// comment tells a line at column 0 that starts with "#": a command's
// expected output or prose. An indented "#" belongs to the command.
func comment(line string) bool { return strings.HasPrefix(line, "#") }

func blank(line string) bool { return strings.TrimSpace(line) == "" }

// parseBlock cuts a block's lines into commands: a command is a maximal run
// of non-blank, non-comment lines; the comment lines right after it are its
// expected output. Comments at the block's start or after a blank line are
// prose.
func parseBlock(lines []string, first int) []docCommand {
	var cmds []docCommand
	var cur *docCommand // the command whose expectations are being read
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch {
		case blank(line):
			cur = nil
		case comment(line):
			if cur != nil {
				cur.addExpected(line)
			}
		default:
			j := i
			for j+1 < len(lines) && !blank(lines[j+1]) && !comment(lines[j+1]) {
				j++
			}
			cmds = append(cmds, docCommand{line: first + i, text: strings.Join(lines[i:j+1], "\n")})
			cur = &cmds[len(cmds)-1]
			i = j
		}
	}
	if len(cmds) > 0 {
		cmds[0].args, cmds[0].start = serverStart(cmds[0].text)
	}
	return cmds
}

var exitNote = regexp.MustCompile(`^\(exit (\d+)\)$`)

// addExpected reads one "# …" line after the command.
func (c *docCommand) addExpected(line string) {
	if rest, ok := strings.CutPrefix(line, "#  "); ok && len(c.expect) > 0 {
		c.expect[len(c.expect)-1] += strings.TrimLeft(rest, " ")
		return
	}
	text := strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ")
	if m := exitNote.FindStringSubmatch(text); m != nil {
		c.exit, _ = strconv.Atoi(m[1])
		c.checked = true
		return
	}
	if strings.HasPrefix(text, "(") && strings.HasSuffix(text, ")") {
		return // a note for the reader
	}
	c.expect = append(c.expect, strings.TrimLeft(text, " "))
	c.checked = true
}

// serverStart tells whether a command starts the server: the binary with
// no subcommand (or "serve") and only flags, perhaps in the background.
// It returns the flags.
func serverStart(cmd string) (args string, ok bool) {
	if strings.Contains(cmd, "\n") && !strings.Contains(cmd, "\\\n") {
		return "", false // several commands
	}
	cmd = strings.ReplaceAll(cmd, "\\\n", " ")
	if i := strings.Index(cmd, " #"); i >= 0 {
		cmd = cmd[:i]
	}
	cmd = strings.TrimSpace(cmd)
	cmd = strings.TrimSpace(strings.TrimSuffix(cmd, "&"))
	for _, bin := range []string{"go run ./cmd/kakao-sandbox", "kakao-sandbox"} {
		rest, found := strings.CutPrefix(cmd, bin)
		if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if r, serve := strings.CutPrefix(rest, "serve"); serve && (r == "" || r[0] == ' ' || r[0] == '\t') {
			rest = strings.TrimSpace(r)
		}
		if rest == "" || strings.HasPrefix(rest, "-") {
			return rest, true
		}
	}
	return "", false
}

// rewriter makes a document's text run here: the documented address is the
// runner's, `go run ./cmd/kakao-sandbox` the built binary on PATH, /tmp/ the
// file's own directory. It applies to commands and expected lines alike.
type rewriter struct {
	addr   string // the runner's host:port
	port   string
	repo   string // the repository root, absolute
	tmp    string // the file's temp dir, absolute
	others []string
	r      *strings.Replacer
}

func newRewriter(addr, repo, tmp string) *rewriter {
	rw := &rewriter{addr: addr, repo: repo, tmp: tmp}
	rw.port = addr[strings.LastIndex(addr, ":")+1:]
	rw.alsoAddr("127.0.0.1:8080")
	return rw
}

// alsoAddr adds an address a doc starts the server on (its --addr), which
// then means the runner's address too, as does localhost on its port.
func (rw *rewriter) alsoAddr(addr string) {
	port := addr[strings.LastIndex(addr, ":")+1:]
	rw.others = append(rw.others, addr, rw.addr, "localhost:"+port, "localhost:"+rw.port)
	pairs := []string{"go run ./cmd/kakao-sandbox", "kakao-sandbox", "./cmd/kakao-sandbox", rw.repo + "/cmd/kakao-sandbox"}
	pairs = append(pairs, rw.others...)
	rw.r = strings.NewReplacer(append(pairs, "/tmp/", rw.tmp+"/")...)
}

func (rw *rewriter) rewrite(s string) string { return rw.r.Replace(s) }

// addrFlag is the --addr a server start gives, if any.
var addrFlag = regexp.MustCompile(`(?:^|\s)--?addr[= ]\s*['"]?([^\s'"]+:\d+)`)

// rewriteAll rewrites every command in order; a server start's --addr
// joins the rewrites from that command on.
func (rw *rewriter) rewriteAll(cmds []docCommand) []docCommand {
	out := make([]docCommand, len(cmds))
	for i, c := range cmds {
		if m := addrFlag.FindStringSubmatch(c.args); c.start && m != nil {
			rw.alsoAddr(m[1])
		}
		c.text, c.args = rw.rewrite(c.text), rw.rewrite(c.args)
		c.expect = append([]string(nil), c.expect...)
		for j := range c.expect {
			c.expect[j] = rw.rewrite(c.expect[j])
		}
		out[i] = c
	}
	return out
}
