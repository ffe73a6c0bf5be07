package docs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The repository's root, seen from this package's directory.
const root = ".."

// A rule of rules.md: one row of a group's table.
type rule struct {
	id        string
	line      int
	planned   bool
	selectors []string // the go test commands of its test cell
}

var (
	ruleRow = regexp.MustCompile(`^\| ([A-Z]\d{2}) \|`)
	// A command in backquotes: go test, perhaps after a cd into a nested module.
	selector = regexp.MustCompile("`((?:cd [^ `]+ && )?go test [^`]+)`")
	command  = regexp.MustCompile(`^(?:cd ([^ ]+) && )?go test ((?:\./[^ ]*\s+)+)-run '([^']+)'$`)
	// A subtest named after a rule, wherever it is: a string literal that
	// starts with a rule id and an underscore, in a test file.
	subtestID = regexp.MustCompile(`"([A-Z]\d{2})_`)
	// A literal subtest name that starts with a rule id.
	subtestName = regexp.MustCompile(`t\.Run\("([A-Z]\d{2})_([^"]*)"`)
	// Citations: the word rule or rules before an id, a list of ids or a
	// range of them (with an en dash), and subtests of TestRules by id.
	citation  = regexp.MustCompile(`(?i:\brules?)\s+([A-Z]\d{2}(?:\s*(?:,|–|-|/|and|or)\s*[A-Z]\d{2})*)\b`)
	citedID   = regexp.MustCompile(`[A-Z]\d{2}(?:\s*[–-]\s*[A-Z]\d{2})?`)
	testRules = regexp.MustCompile(`TestRules/([A-Z]\d{2})_`)
)

// readRules reads docs/rules.md's tables.
func readRules(t *testing.T) []rule {
	t.Helper()
	data, err := os.ReadFile("rules.md")
	if err != nil {
		t.Fatal(err)
	}
	var rules []rule
	for i, line := range strings.Split(string(data), "\n") {
		m := ruleRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 4 {
			t.Errorf("rules.md:%d: %s has %d cells, want 4 (id, rule, source, test)", i+1, m[1], len(cells))
			continue
		}
		r := rule{id: m[1], line: i + 1, planned: strings.HasPrefix(cells[3], "planned (")}
		for _, s := range selector.FindAllStringSubmatch(cells[3], -1) {
			r.selectors = append(r.selectors, s[1])
		}
		rules = append(rules, r)
	}
	if len(rules) == 0 {
		t.Fatal("rules.md has no rule rows")
	}
	return rules
}

// repoFiles walks the repository (nested modules included) and returns its
// files whose names end in one of exts, as slash paths from the root.
func repoFiles(t *testing.T, exts ...string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		for _, ext := range exts {
			if strings.HasSuffix(path, ext) {
				rel, err := filepath.Rel(root, path)
				if err != nil {
					return err
				}
				files = append(files, filepath.ToSlash(rel))
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func read(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// testedIn maps each rule id that names a subtest to the directories of the
// test files that hold one.
func testedIn(t *testing.T) map[string][]string {
	t.Helper()
	tested := map[string][]string{}
	for _, file := range repoFiles(t, "_test.go") {
		text := read(t, file)
		for _, m := range subtestID.FindAllStringSubmatch(text, -1) {
			dir := filepath.ToSlash(filepath.Dir(file))
			if !slices.Contains(tested[m[1]], dir) {
				tested[m[1]] = append(tested[m[1]], dir)
			}
		}
		for _, m := range subtestName.FindAllStringSubmatch(text, -1) {
			if strings.ToLower(m[2]) != m[2] {
				t.Errorf("%s: subtest %q: only its rule id may be upper case, so that -run 'TestRules/%c' selects exactly the %c rules", file, m[1]+"_"+m[2], m[1][0], m[1][0])
			}
		}
	}
	return tested
}

// expand turns "X01–X03" into X01, X02, X03.
func expand(id string) []string {
	from, to, ok := strings.Cut(strings.ReplaceAll(strings.ReplaceAll(id, " ", ""), "–", "-"), "-")
	if !ok {
		return []string{id}
	}
	a, _ := strconv.Atoi(from[1:])
	b, _ := strconv.Atoi(to[1:])
	if from[0] != to[0] || b < a {
		return []string{from, to}
	}
	var ids []string
	for n := a; n <= b; n++ {
		ids = append(ids, from[:1]+strconv.Itoa(n/10)+strconv.Itoa(n%10))
	}
	return ids
}

// TestRuleBook keeps rules.md and the code in step: every rule that is
// built has a test named after it and a command that runs it, and every rule
// the code cites or tests is in the document.
func TestRuleBook(t *testing.T) {
	rules := readRules(t)
	tested := testedIn(t)
	documented := map[string]bool{}
	for _, r := range rules {
		if documented[r.id] {
			t.Errorf("rules.md:%d: %s is there twice", r.line, r.id)
		}
		documented[r.id] = true
	}

	t.Run("every_group_is_numbered_from_01_without_gaps", func(t *testing.T) {
		last := map[byte]int{}
		for _, r := range rules {
			n, _ := strconv.Atoi(r.id[1:])
			if n != last[r.id[0]]+1 {
				t.Errorf("rules.md:%d: %s follows %c%02d", r.line, r.id, r.id[0], last[r.id[0]])
			}
			last[r.id[0]] = n
		}
	})

	t.Run("every_built_rule_has_a_test_and_its_command", func(t *testing.T) {
		for _, r := range rules {
			switch {
			case r.planned && len(tested[r.id]) > 0:
				t.Errorf("rules.md:%d: %s is marked planned, but %v hold a %q subtest: give its command instead", r.line, r.id, tested[r.id], r.id+"_")
			case r.planned:
			case len(tested[r.id]) == 0:
				t.Errorf("rules.md:%d: %s is not marked planned, but no test file holds a subtest named %q", r.line, r.id, r.id+"_…")
			case len(r.selectors) == 0:
				t.Errorf("rules.md:%d: %s gives no go test command for its test", r.line, r.id)
			}
		}
	})

	t.Run("every_command_names_packages_that_hold_the_test", func(t *testing.T) {
		for _, r := range rules {
			for _, s := range r.selectors {
				m := command.FindStringSubmatch(s)
				if m == nil {
					t.Errorf("rules.md:%d: %s: %q is not `[cd DIR && ]go test ./PKG... -run 'TestRules/%s_'`", r.line, r.id, s, r.id)
					continue
				}
				if !strings.HasPrefix(m[3], "TestRules/"+r.id+"_") {
					t.Errorf("rules.md:%d: %s: %q runs %q, not TestRules/%s_…", r.line, r.id, s, m[3], r.id)
				}
				holds := false
				for _, pkg := range strings.Fields(m[2]) {
					dir := filepath.ToSlash(filepath.Join(m[1], strings.TrimSuffix(pkg, "/...")))
					if info, err := os.Stat(filepath.Join(root, dir)); err != nil || !info.IsDir() {
						t.Errorf("rules.md:%d: %s: %q names %s, which is no directory of the repository", r.line, r.id, s, dir)
						continue
					}
					for _, in := range tested[r.id] {
						if in == dir || strings.HasSuffix(pkg, "/...") && (dir == "." || strings.HasPrefix(in, dir+"/")) {
							holds = true
						}
					}
				}
				if !holds && len(tested[r.id]) > 0 {
					t.Errorf("rules.md:%d: %s: %q runs none of its tests, which are in %v", r.line, r.id, s, tested[r.id])
				}
			}
		}
	})

	t.Run("every_rule_the_tests_name_is_documented", func(t *testing.T) {
		var missing []string
		for id, dirs := range tested {
			if !documented[id] {
				missing = append(missing, id+" (tested in "+strings.Join(dirs, ", ")+")")
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("rules.md lacks %s", m)
		}
	})

	t.Run("every_rule_the_code_and_docs_cite_is_documented", func(t *testing.T) {
		for _, file := range repoFiles(t, ".go", ".md", ".yaml", ".yml") {
			for i, line := range strings.Split(read(t, file), "\n") {
				var ids []string
				for _, m := range citation.FindAllStringSubmatch(line, -1) {
					for _, id := range citedID.FindAllString(m[1], -1) {
						ids = append(ids, expand(id)...)
					}
				}
				for _, m := range testRules.FindAllStringSubmatch(line, -1) {
					ids = append(ids, m[1])
				}
				for _, id := range ids {
					if !documented[id] {
						t.Errorf("%s:%d cites %s, which rules.md lacks", file, i+1, id)
					}
				}
			}
		}
	})
}
