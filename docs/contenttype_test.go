package docs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCurlsSendContentType: every curl the docs show with a JSON body says
// so (-H 'Content-Type: application/json', or --json). Without it curl
// sends application/x-www-form-urlencoded, which the sandbox accepts but
// notes in the journal, and a reader copying the line into another tool
// gets a form.
func TestCurlsSendContentType(t *testing.T) {
	files, err := filepath.Glob("*.md")
	require.NoError(t, err)
	checked := 0
	for _, path := range append([]string{"../README.md"}, files...) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, c := range jsonCurls(string(data)) {
			checked++
			assert.True(t, c.contentType, "%s:%d: a curl with a JSON body and no -H 'Content-Type: application/json':\n  %s", path, c.line, c.text)
		}
	}
	assert.NotZero(t, checked, "no curl with a JSON body found: the scan is broken")
}

func TestJSONCurlsScan(t *testing.T) {
	doc := "```sh\n" +
		"J='Content-Type: application/json'; F='{\"a\":1}'\n" +
		"curl -s -X POST $S/a -d '{\"amount\":1}'\n" + // 2: no header
		"curl -s -X POST $S/a -H \"$J\" \\\n  -d '{\"amount\":1}' | jq .\n" + // 3: by variable
		"curl -s $S/a -d \"$F\"; curl -s $S/b -H 'content-type: application/json' --data-binary @x.json\n" + // 5: the first lacks it
		"curl -s $S/token -d grant_type=code -d code=x\n" + // a form: not checked
		"curl -s $S/a --json '{}'\n" +
		"curl -s $S/s -H 'Content-Type: application/yaml' --data-binary @s.yaml\n" + // not JSON
		"```\n" +
		"```go\ncurl -d '{}'\n```\n"
	var got []string
	for _, c := range jsonCurls(doc) {
		got = append(got, regexp.MustCompile(`\$S/\w+`).FindString(c.text)+map[bool]string{true: " ok", false: " missing"}[c.contentType])
		assert.NotZero(t, c.line)
	}
	assert.Equal(t, []string{"$S/a missing", "$S/a ok", "$S/a missing", "$S/b ok", "$S/a ok"}, got)
}

// jsonCurl is a curl of a shell block that sends a JSON body.
type jsonCurl struct {
	line        int
	text        string
	contentType bool
}

var assignment = regexp.MustCompile(`(?:^|[\s;])([A-Za-z_][A-Za-z0-9_]*)=(?:'([^']*)'|"([^"]*)")`)

// jsonCurls finds the curls with a JSON body (a literal {…} or […], a
// variable set to one in the same document, or @file.json) in the shell
// blocks of a Markdown document.
func jsonCurls(doc string) []jsonCurl {
	type logical struct {
		line int
		text string
	}
	var lines []logical
	vars := map[string]string{}
	inShell, inFence := false, false
	var cur *logical
	for i, l := range strings.Split(doc, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "```"); ok {
			if !inFence {
				words := strings.Fields(rest)
				inShell = len(words) > 0 && (words[0] == "sh" || words[0] == "bash" || words[0] == "shell")
			}
			inFence, cur = !inFence, nil
			continue
		}
		if !inFence || !inShell || strings.HasPrefix(l, "#") {
			continue
		}
		for _, m := range assignment.FindAllStringSubmatch(l, -1) {
			vars[m[1]] = m[2] + m[3]
		}
		if cur != nil {
			cur.text += " " + strings.TrimSpace(strings.TrimSuffix(l, "\\"))
		} else {
			lines = append(lines, logical{i + 1, strings.TrimSuffix(l, "\\")})
			cur = &lines[len(lines)-1]
		}
		if !strings.HasSuffix(l, "\\") {
			cur = nil
		}
	}
	var out []jsonCurl
	for _, l := range lines {
		for _, seg := range strings.Split(l.text, "curl ")[1:] {
			args := shellWords(seg, vars)
			c := jsonCurl{line: l.line, text: "curl " + strings.Join(args, " ")}
			body := false
			for j, a := range args {
				next := ""
				if j+1 < len(args) {
					next = args[j+1]
				}
				switch a {
				case "-d", "--data", "--data-raw", "--data-binary":
					body = body || isJSON(next)
				case "-H", "--header":
					c.contentType = c.contentType || strings.HasPrefix(strings.ToLower(next), "content-type: application/json")
				case "--json":
					body, c.contentType = true, true
				}
			}
			if body {
				out = append(out, c)
			}
		}
	}
	return out
}

func isJSON(body string) bool {
	return strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") ||
		(strings.HasPrefix(body, "@") && strings.HasSuffix(body, ".json"))
}

// shellWords splits one curl's arguments as a shell would, enough for the
// docs: quotes, $NAME and "$NAME" from vars; it stops at an unquoted |, ;,
// & or >, which ends the command.
func shellWords(s string, vars map[string]string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	expand := func(i int) int { // s[i] == '$': appends the value, returns the end
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		if v, ok := vars[s[i+1:j]]; ok && j > i+1 {
			w.WriteString(v)
		} else {
			w.WriteString(s[i:j])
		}
		return j
	}
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
			i++
		case c == '|' || c == ';' || c == '&' || c == '>':
			i = len(s)
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				end = len(s) - i - 1
			}
			w.WriteString(s[i+1 : i+1+end])
			inWord, i = true, i+end+2
		case c == '"':
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '$' {
					i = expand(i)
					continue
				}
				w.WriteByte(s[i])
				i++
			}
			inWord, i = true, i+1
		case c == '$':
			inWord, i = true, expand(i)
		default:
			w.WriteByte(c)
			inWord, i = true, i+1
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}
