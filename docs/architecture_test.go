package docs_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/kakao-sandbox/kakao-sandbox/"

// TestArchitectureImportGraph keeps the import table of docs/architecture.md
// true, and the graph's direction: every package of the module is in the
// table with exactly the module packages it imports (tests aside), and
// every import goes to a lower layer, never up or sideways.
func TestArchitectureImportGraph(t *testing.T) {
	doc, err := os.ReadFile("architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	layer, drawn := importTable(string(doc))
	if len(layer) == 0 {
		t.Fatal("docs/architecture.md has no import table (| `package` | layer | imports |)")
	}
	actual, err := moduleImports("..")
	if err != nil {
		t.Fatal(err)
	}
	for pkg, imports := range actual {
		want, ok := drawn[pkg]
		if !ok {
			t.Errorf("docs/architecture.md's import table has no row for %s (imports: %s)", pkg, strings.Join(imports, ", "))
			continue
		}
		if !slices.Equal(imports, want) {
			t.Errorf("%s imports %v; docs/architecture.md says %v", pkg, imports, want)
		}
		for _, imp := range imports {
			if l, ok := layer[imp]; ok && l >= layer[pkg] {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports go to a lower layer only", pkg, layer[pkg], imp, l)
			}
		}
	}
	for pkg := range drawn {
		if _, ok := actual[pkg]; !ok {
			t.Errorf("docs/architecture.md's import table has a row for %s, which is not a package of the module", pkg)
		}
	}
}

var importRow = regexp.MustCompile("^\\| `([\\w/.-]+)` \\| (\\d+) \\| (.*) \\|$")

// importTable reads the rows of the import table: each package's layer and
// imports, sorted.
func importTable(doc string) (map[string]int, map[string][]string) {
	layer, imports := map[string]int{}, map[string][]string{}
	for _, line := range strings.Split(doc, "\n") {
		m := importRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		layer[m[1]], _ = strconv.Atoi(m[2])
		list := []string{}
		for _, imp := range strings.Split(m[3], ",") {
			if imp = strings.TrimSpace(imp); imp != "" && imp != "–" {
				list = append(list, imp)
			}
		}
		slices.Sort(list)
		imports[m[1]] = list
	}
	return layer, imports
}

// moduleImports reads the import lines of every non-test Go file of the
// module at root (not the nested modules, not testdata, not the docs
// package, which has no code): for each package directory, the module
// packages it imports, sorted.
func moduleImports(root string) (map[string][]string, error) {
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || isModule(p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		if pkg == "docs" {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = []string{}
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if inner, ok := strings.CutPrefix(path, module); ok && !slices.Contains(out[pkg], inner) {
				out[pkg] = append(out[pkg], inner)
			}
		}
		slices.Sort(out[pkg])
		return nil
	})
	return out, err
}

// isModule reports whether dir holds a go.mod of its own.
func isModule(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}
