package sandboxtest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

// TestRules holds every rule test of this package, one subtest per test,
// named <ID>_<what> after the rule it checks (docs/rules.md).
func TestRules(t *testing.T) {
	t.Run("D06_test_kit_commits_without_fsync", d06TestKitCommitsWithoutFsync)
}

// d06TestKitCommitsWithoutFsync reads the open bbolt file's own setting:
// a test's file is thrown away, so fsync would only slow it; an option
// turns it back on.
func d06TestKitCommitsWithoutFsync(t *testing.T) {
	s := New(t)
	assert.False(t, s.sb.Synced(), "New's file commits without fsync")
	s.Restart()
	assert.False(t, s.sb.Synced(), "and so after a restart")
	synced := New(t, func(c *sandbox.Config) { c.NoSync = false })
	assert.True(t, synced.sb.Synced(), "an option turns fsync back on")
	opened, err := Open()
	if assert.NoError(t, err) {
		assert.False(t, opened.sb.Synced(), "Open's file commits without fsync")
		assert.NoError(t, opened.Close())
	}
}
