package sandbox

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// leftoverPrefixes name what a sandbox writes beside its data file while it
// serves and removes itself: the start-up copy's directory (reset_copy.go),
// a restore or a download being written, the file a swap replaced. A
// sandbox killed (kill -9, a power cut) leaves them, each as large as the
// data file. The offline `snapshot load`'s file (".load-") is not one: that
// tool runs beside no sandbox and cleans up after itself.
var leftoverPrefixes = []string{".%s.startup-", "%s.restore-", "%s.save-", "%s.replaced"}

// removeLeftovers deletes what an earlier sandbox on the data file at path
// left beside it. Called with the file open: its lock says no other
// sandbox serves it, so nothing there is in use.
func removeLeftovers(path string, logger *slog.Logger) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		for _, p := range leftoverPrefixes {
			if strings.HasPrefix(e.Name(), strings.Replace(p, "%s", base, 1)) {
				err := os.RemoveAll(filepath.Join(dir, e.Name()))
				logger.Info("removed what a stopped sandbox left beside the data file", "path", filepath.Join(dir, e.Name()), "err", err)
				break
			}
		}
	}
}
