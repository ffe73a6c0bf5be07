package docs_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/kakao-sandbox/kakao-sandbox/"

// layers is the import graph's direction, as docs/architecture.md draws
// it: a package imports only packages of its own layer or a lower one.
var layers = map[string]int{
	"internal/kakao": 0, "internal/store": 0, "internal/journal": 0, "internal/metrics": 0,
	"internal/ratelimit": 0, "internal/fixtures/fixturestest": 0,
	"internal/strictyaml": 1, "internal/openapi": 1, "internal/clock": 1,
	"internal/auth": 2, "internal/review": 2, "internal/wallet": 2, "internal/moment": 2,
	"internal/cloud": 2, "internal/scenarios": 2, "internal/snapshot": 2,
	"internal/fixtures": 3, "internal/fixtures/generate": 3,
	"internal/httpapi":    4,
	"sandbox":             5,
	"sandbox/sandboxtest": 6, "cmd/kakao-sandbox": 6,
}

// TestImportsPointDown reads the imports of every non-test Go file of the
// main module and fails on an arrow up, or on a package the table above
// does not place.
func TestImportsPointDown(t *testing.T) {
	imports := moduleImports(t)
	require.NotEmpty(t, imports)
	for pkg, deps := range imports {
		layer, ok := layers[pkg]
		if !assert.True(t, ok, "package %s has no layer in layers_test.go and docs/architecture.md", pkg) {
			continue
		}
		for dep := range deps {
			assert.LessOrEqual(t, layers[dep], layer, "%s (layer %d) imports %s (layer %d): an arrow up", pkg, layer, dep, layers[dep])
		}
	}
}

// moduleImports maps each package directory of the main module to the
// module's packages its non-test files import. Nested modules (examples/go,
// interop) and docs itself are left out.
func moduleImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, "../"))
		if d.IsDir() {
			if path != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules" || isModule(path)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(rel, "docs/") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		if out[pkg] == nil {
			out[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			if dep, ok := strings.CutPrefix(strings.Trim(imp.Path.Value, `"`), module); ok {
				out[pkg][dep] = true
			}
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

// isModule reports whether dir holds a nested module of its own.
func isModule(dir string) bool {
	if dir == ".." {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}
