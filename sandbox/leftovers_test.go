package sandbox_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestStartRemovesWhatAKilledSandboxLeft: a sandbox killed while serving
// leaves its start-up copy, a restore or a download being written, or the
// file a swap replaced, beside the data file, each as large as it. The next
// start on that file removes them, and nothing else: not the file a swap
// cut short renamed away, which may be the only copy of a state.
func TestStartRemovesWhatAKilledSandboxLeft(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "s.db")
	sb, err := sandbox.Open(sandbox.Config{DataPath: data, Clock: sandboxtest.Start(), NoSync: true})
	require.NoError(t, err)
	require.NoError(t, sb.Close())

	left := []string{".s.db.startup-123/startup.db", "s.db.reset-1", "s.db.restore-456", "s.db.save-789"}
	kept := []string{"s.db.replaced", "s.db.load-1", "other.db", "other.db.restore-1", ".other.db.startup-2/startup.db"}
	for _, name := range append(left, kept...) {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
		require.NoError(t, os.WriteFile(path, []byte("left"), 0o600))
	}
	sb, err = sandbox.Open(sandbox.Config{DataPath: data, Clock: sandboxtest.Start(), NoSync: true})
	require.NoError(t, err)
	defer sb.Close()
	for _, name := range left {
		assert.NoFileExists(t, filepath.Join(dir, name), "left by the killed sandbox")
	}
	assert.NoDirExists(t, filepath.Join(dir, ".s.db.startup-123"))
	for _, name := range kept {
		assert.FileExists(t, filepath.Join(dir, name), "not the sandbox's own")
	}
}
