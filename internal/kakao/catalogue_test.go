package kakao

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocsListEveryError keeps docs/errors.md's error tables in step with the
// catalogue: every entry has a row with its status, code and detail code,
// marked as Kakao's or the sandbox's.
func TestDocsListEveryError(t *testing.T) {
	readme, err := os.ReadFile("../../docs/errors.md")
	require.NoError(t, err)
	var rows []string
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| 4") || strings.HasPrefix(line, "| 5") {
			rows = append(rows, line)
		}
	}
	for name, e := range Catalogue() {
		prefix := fmt.Sprintf("| %d | %d | ", e.Status, e.Code)
		if e.DetailCode != 0 {
			prefix += fmt.Sprint(e.DetailCode)
		}
		if e.Shape == ShapeAuth { // kauth's table: | HTTP | error | error_code |
			prefix = fmt.Sprintf("| %d | %s | %s |", e.Status, e.OAuthError, e.KOE)
		}
		found := false
		for _, row := range rows {
			cells := strings.Split(strings.TrimSuffix(row, "|"), "|")
			source := cells[len(cells)-1]
			if strings.HasPrefix(row, prefix) && (e.Source == SourceKakao || strings.Contains(source, "sandbox")) {
				found = true
			}
		}
		assert.True(t, found, "docs/errors.md has no row %q for %s (source %s)", prefix, name, e.Source)
	}
}

func TestIsMatchesTheCatalogueEntry(t *testing.T) {
	refined := ErrTokenExpired.With("something else")
	assert.ErrorIs(t, refined, ErrTokenExpired)
	assert.NotErrorIs(t, refined, ErrTokenNotFound, "same code and status, different entry")
	assert.Equal(t, "Bearer error=invalid_token", refined.Header.Get("WWW-Authenticate"))
	assert.Equal(t, "this access token is already expired", ErrTokenExpired.Msg, "refining never changes the catalogue")
}
