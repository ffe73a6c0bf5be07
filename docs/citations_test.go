package docs_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestCitations keeps every reference in the repository resolvable from a
// fresh clone:
//   - no file cites a document that lives outside the repository (the rule
//     books the project started from);
//   - every "docs/<name>.md §N" (or "§N.N") names a document here and a
//     heading in it that starts with that number; in a document whose
//     headings are numbered, a bare "§N" names its own heading;
//   - every "docs/<name>.md" a file mentions exists;
//   - every relative Markdown link in README.md, CONTRIBUTING.md and
//     docs/*.md points to a file that exists, and its #anchor, if it has
//     one and points into Markdown, to a heading there (GitHub's slugs).
func TestCitations(t *testing.T) {
	r, err := checkCitations("..")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("outside_documents", func(t *testing.T) {
		for _, p := range r.outside {
			t.Error(p)
		}
	})
	t.Run("sections", func(t *testing.T) {
		for _, p := range r.sections {
			t.Error(p)
		}
	})
	t.Run("links", func(t *testing.T) {
		for _, p := range r.links {
			t.Error(p)
		}
	})
	if r.files < 100 {
		t.Errorf("walked only %d files from the repository root", r.files)
	}
}

// TestCitationsCatch proves the checks can fail: a small repository with
// one of each mistake, and look-alikes that are not mistakes, yields exactly
// the expected problems.
func TestCitationsCatch(t *testing.T) {
	root := t.TempDir()
	rulebook := "RUL" + "ES.md" // spelled apart so that this file does not cite it
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/a.md", "# A\n\n## 1. First\n\n### 1.1 Sub `code` (x + y)\n\nSee §1.1 and §3.\n\n## Plain heading\n\n## Plain heading\n")
	write("docs/b.md", "# B\n\nNo numbers: §7 is someone else's.\n")
	write("README.md", strings.Join([]string{
		"[ok](docs/a.md) [ok](docs/a.md#11-sub-code-x--y) [ok](docs/a.md#plain-heading-1) [ok](#readme)",
		"[ok](https://example.com/missing.md) [ok](docs/) ![img](docs/a.md)",
		"[missing](docs/missing.md) [bad anchor](docs/a.md#nowhere) [bad local](#nowhere)",
		"`[in code](docs/not-checked.md)`",
		"```sh",
		"[in a fence](docs/not-checked.md)",
		"```",
		"<a id=\"readme\"></a>",
		"[ref]: docs/gone.md",
	}, "\n"))
	write("x.go", strings.Join([]string{
		"// docs/a.md §1.1, §1 and docs/a.md §1.1 conflict are fine.",
		"// docs/a.md §2 has no heading; docs/c.md §1 has no document.",
		"// docs/d.md is not there.",
		"// see " + rulebook + ", and ../sha" + "red/x and /work/sha" + "red/y",
		"// file-backed or shared (the executable); shared with the control plane",
		"// TestRules/W01_delete_requires_off; rule W06; fuzz seeds from the library",
	}, "\n"))
	write("internal/x/testdata/fuzz/FuzzX/1", "go test fuzz v1\nstring(\""+rulebook+"\")\n")
	write("node_modules/m/README.md", rulebook)
	write("bin/tool", "\x00\x01"+rulebook)

	r, err := checkCitations(root)
	if err != nil {
		t.Fatal(err)
	}
	want := report{
		outside: []string{
			"x.go:4: cites " + rulebook + ", a document outside the repository",
			"x.go:4: cites ../sha" + "red, a document outside the repository",
			"x.go:4: cites /sha" + "red/, a document outside the repository",
		},
		sections: []string{
			"docs/a.md:7: §3: docs/a.md has no heading that starts with 3",
			"x.go:2: docs/a.md §2: docs/a.md has no heading that starts with 2",
			"x.go:2: docs/c.md §1: no such document",
			"x.go:3: docs/d.md: no such document",
		},
		links: []string{
			"README.md:3: [missing](docs/missing.md): docs/missing.md does not exist",
			"README.md:3: [bad anchor](docs/a.md#nowhere): docs/a.md has no heading or anchor #nowhere",
			"README.md:3: [bad local](#nowhere): README.md has no heading or anchor #nowhere",
			"README.md:9: [ref]: docs/gone.md: docs/gone.md does not exist",
		},
	}
	check := func(what string, got, want []string) {
		t.Helper()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got  %q\n want %q", what, got, want)
		}
	}
	check("outside", r.outside, want.outside)
	check("sections", r.sections, want.sections)
	check("links", r.links, want.links)
}

// TestCitationsSlug checks the anchor rule against headings as GitHub
// renders them.
func TestCitationsSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"## 5. Tokens": "5-tokens",
		"### 5.1 Business token (current Moment auth)":      "51-business-token-current-moment-auth",
		"### 1.1 kapi / apis.moment style (`code` + `msg`)": "11-kapi--apismoment-style-code--msg",
		"## 6. Wallet (월렛 / 비즈월렛) behaviour":                "6-wallet-월렛--비즈월렛-behaviour",
		"## Use [the kit](testing.md) **now**":              "use-the-kit-now",
		"### snake_case and CamelCase":                      "snake_case-and-camelcase",
	} {
		if got := slug(strings.TrimLeft(heading, "# ")); got != want {
			t.Errorf("slug(%q) = %q, want %q", heading, got, want)
		}
	}
}

// report is what checkCitations found, one line per problem.
type report struct {
	outside, sections, links []string
	files                    int
}

// outsideDoc matches a citation of a document kept outside the repository:
// the rule book (by name, or as "<that name> X00"), the API notes, the
// design and style notes, and the folders they were kept in. Each pattern
// is written so that it does not match its own source text, so this file
// needs no exemption. The two folder names count only as path segments,
// never as words ("shared with the control plane", "fuzz seeds").
var outsideDoc = regexp.MustCompile(`\bRULES(?:\.md\b| [A-Z]\d\d\b)` +
	`|\bKAKAO[-]API\b|\bDESIGN\.md\b|\bSTYLE\.md\b` +
	`|\.\./shared\b|(?:^|[^\w-])shared[/]` +
	`|(?:^|[^\w/.-])seeds[/]|seeds[/]\d{3}_[0-9a-f]{8}`)

// docCite matches "<path>.md §N", with any further ", §N" / " and §N"
// that follow it.
var docCite = regexp.MustCompile(`([\w./-]*[\w-]+\.md)((?:(?:,| and| or|;)? ?§\d+(?:\.\d+)*)+)`)

// section finds the numbers in docCite's second group, and bare ones.
var section = regexp.MustCompile(`§(\d+(?:\.\d+)*)`)

// docMention matches a path "docs/<name>.md" that does not continue a longer path.
var docMention = regexp.MustCompile(`(?:^|[^\w./-])(docs/[\w-]+\.md)\b`)

// mdLink matches an inline link or image, [text](target "title"); refDef a
// reference definition, [label]: target.
var (
	mdLink = regexp.MustCompile(`(!?\[[^\]]*\])\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	refDef = regexp.MustCompile(`^ {0,3}(\[[^\]]+\]):\s*(\S+)`)
	scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
)

// self is this file: the outside-document check reads it like any other,
// the others skip it.
const self = "docs/citations_test.go"

// checkCitations walks the repository at root.
func checkCitations(root string) (report, error) {
	var r report
	texts := map[string]string{} // slash path → text, for the files read
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" || strings.HasSuffix(rel, "testdata/fuzz") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == ".git" || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			return nil // binary
		}
		r.files++
		texts[rel] = string(data)
		return nil
	})
	if err != nil {
		return r, err
	}
	headings := map[string][]string{} // slash path of a .md → its heading texts
	headingsOf := func(rel string) ([]string, bool) {
		if h, ok := headings[rel]; ok {
			return h, true
		}
		text, ok := texts[rel]
		if !ok {
			return nil, false
		}
		headings[rel] = markdownHeadings(text)
		return headings[rel], true
	}
	for rel, text := range texts {
		r.outside = append(r.outside, checkOutside(rel, text)...)
		if rel == self {
			continue // its examples of mistakes are meant to be mistakes
		}
		r.sections = append(r.sections, checkSections(rel, text, headingsOf)...)
		if isLinkChecked(rel) {
			r.links = append(r.links, checkLinks(root, rel, text, headingsOf)...)
		}
	}
	return r, nil
}

func checkOutside(rel, text string) []string {
	var out []string
	for i, line := range strings.Split(text, "\n") {
		for _, m := range outsideDoc.FindAllString(line, -1) {
			m = strings.TrimLeftFunc(m, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '/' })
			out = append(out, fmt.Sprintf("%s:%d: cites %s, a document outside the repository", rel, i+1, m))
		}
	}
	return out
}

// checkSections checks "<doc>.md §N" citations, mentions of docs/<name>.md,
// and, in a Markdown file with numbered headings, its bare "§N".
func checkSections(rel, text string, headingsOf func(string) ([]string, bool)) []string {
	var out []string
	lines := strings.Split(text, "\n")
	mentions := lines // where docs/<name>.md mentions are looked for
	var own []string
	isMarkdown := strings.HasSuffix(rel, ".md")
	if isMarkdown {
		own, _ = headingsOf(rel)
		// Links are checkLinks' business, and examples in code are not mentions.
		mentions = proseLines(text)
		for i, line := range mentions {
			mentions[i] = refDef.ReplaceAllString(mdLink.ReplaceAllString(line, ""), "")
		}
	}
	numbered := isMarkdown && slices.ContainsFunc(own, func(h string) bool { return h != "" && unicode.IsDigit(rune(h[0])) })
	for i, line := range lines {
		at := func(format string, a ...any) {
			out = append(out, fmt.Sprintf("%s:%d: ", rel, i+1)+fmt.Sprintf(format, a...))
		}
		cited := map[int]bool{} // starts of the § signs docCite took
		for _, m := range docCite.FindAllStringSubmatchIndex(line, -1) {
			doc := resolveDoc(rel, line[m[2]:m[3]])
			for _, s := range section.FindAllStringSubmatchIndex(line[m[4]:m[5]], -1) {
				cited[m[4]+s[0]] = true
				if doc == "" {
					continue // not a repository path (a URL, a file name elsewhere)
				}
				n := line[m[4]+s[2] : m[4]+s[3]]
				hs, ok := headingsOf(doc)
				switch {
				case !ok:
					at("%s §%s: no such document", line[m[2]:m[3]], n)
				case !hasSection(hs, n):
					at("%s §%s: %s has no heading that starts with %s", line[m[2]:m[3]], n, doc, n)
				}
			}
		}
		for _, m := range docMention.FindAllStringSubmatch(mentions[i], -1) {
			if _, ok := headingsOf(m[1]); !ok && !docCite.MatchString(line[max(strings.Index(line, m[1]), 0):]) {
				at("%s: no such document", m[1])
			}
		}
		if !numbered {
			continue
		}
		for _, s := range section.FindAllStringSubmatchIndex(line, -1) {
			if n := line[s[2]:s[3]]; !cited[s[0]] && !hasSection(own, n) {
				at("§%s: %s has no heading that starts with %s", n, rel, n)
			}
		}
	}
	return out
}

// resolveDoc turns the path of a citation in file rel into a slash path
// from the repository root: docs/… from the root, anything else from rel's
// directory. It returns "" for what is not a path in the repository.
func resolveDoc(rel, cited string) string {
	switch {
	case strings.Contains(cited, "//"):
		return ""
	case strings.HasPrefix(cited, "docs/"):
		return cited
	}
	p := path.Join(path.Dir(rel), cited)
	if strings.HasPrefix(p, "../") {
		return ""
	}
	return p
}

// hasSection reports whether a heading starts with the number n: "5" is
// "5. Tokens" or "5 Tokens", never "5.1 …".
func hasSection(headings []string, n string) bool {
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(n) + `\.?(?:\s|$)`)
	return slices.ContainsFunc(headings, re.MatchString)
}

func isLinkChecked(rel string) bool {
	return rel == "README.md" || rel == "CONTRIBUTING.md" || (path.Dir(rel) == "docs" && strings.HasSuffix(rel, ".md"))
}

// checkLinks checks the relative links of a Markdown file, outside code.
func checkLinks(root, rel, text string, headingsOf func(string) ([]string, bool)) []string {
	var out []string
	for i, line := range proseLines(text) {
		var found [][]string
		for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
			found = append(found, []string{m[0], m[2]})
		}
		if m := refDef.FindStringSubmatch(line); m != nil {
			found = append(found, []string{m[1] + ": " + m[2], m[2]})
		}
		for _, f := range found {
			if p := checkTarget(root, rel, f[1], headingsOf); p != "" {
				out = append(out, fmt.Sprintf("%s:%d: %s: %s", rel, i+1, f[0], p))
			}
		}
	}
	return out
}

// checkTarget says what is wrong with one link target, or "".
func checkTarget(root, rel, target string, headingsOf func(string) ([]string, bool)) string {
	if scheme.MatchString(target) || strings.HasPrefix(target, "//") {
		return "" // a URL: not this test's business
	}
	p, anchor, _ := strings.Cut(target, "#")
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	doc := rel
	if p != "" {
		if strings.HasPrefix(p, "/") {
			doc = path.Clean(strings.TrimPrefix(p, "/"))
		} else {
			doc = path.Join(path.Dir(rel), p)
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(doc))); err != nil {
			return doc + " does not exist"
		}
	}
	if anchor == "" || !strings.HasSuffix(doc, ".md") {
		return ""
	}
	hs, _ := headingsOf(doc)
	if !slices.Contains(anchors(hs), strings.ToLower(anchor)) {
		return fmt.Sprintf("%s has no heading or anchor #%s", doc, anchor)
	}
	return ""
}

// proseLines are a Markdown file's lines with fenced code blanked and
// inline code removed, so examples of links and citations in code are not
// taken for real ones. Line numbers are kept.
func proseLines(text string) []string {
	lines := strings.Split(text, "\n")
	fence := ""
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" ") == "" {
				fence = ""
			}
			lines[i] = ""
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
			for _, c := range trimmed[3:] {
				if c != rune(fence[0]) {
					break
				}
				fence += fence[:1]
			}
			lines[i] = ""
		default:
			lines[i] = inlineCode.ReplaceAllString(line, "")
		}
	}
	return lines
}

var inlineCode = regexp.MustCompile("(`+)[^`]*?(?:`+)")

// markdownHeadings are the texts of a Markdown file's ATX headings, outside
// code, plus an entry "<a id>" for each HTML anchor.
func markdownHeadings(text string) []string {
	var hs []string
	lines := strings.Split(text, "\n")
	prose := proseLines(strings.Clone(text))
	for i, line := range prose {
		if line == "" {
			continue
		}
		if m := atxHeading.FindStringSubmatch(lines[i]); m != nil {
			hs = append(hs, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(m[1]), "#")))
		}
		for _, m := range htmlAnchor.FindAllStringSubmatch(lines[i], -1) {
			hs = append(hs, "<a>"+m[1])
		}
	}
	return hs
}

var (
	atxHeading = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*)$`)
	htmlAnchor = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
)

// anchors are the fragment ids GitHub gives headings (with -1, -2 … for
// repeats), and the HTML anchors.
func anchors(headings []string) []string {
	var out []string
	seen := map[string]int{}
	for _, h := range headings {
		if a, ok := strings.CutPrefix(h, "<a>"); ok {
			out = append(out, strings.ToLower(a))
			continue
		}
		s := slug(h)
		if n := seen[s]; n > 0 {
			out = append(out, s+"-"+strconv.Itoa(n))
		} else {
			out = append(out, s)
		}
		seen[s]++
	}
	return out
}

var linkText = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

// slug is GitHub's anchor for a heading: its text without markup, lower
// case, with everything but letters, digits, marks, spaces, hyphens and
// underscores dropped, and spaces turned into hyphens.
func slug(heading string) string {
	text := linkText.ReplaceAllString(heading, "$1")
	text = strings.NewReplacer("`", "", "*", "").Replace(text)
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
