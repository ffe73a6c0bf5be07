package sandbox

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// leftoverPrefixes name what a sandbox writes beside its data file while it
// serves and removes itself: the start-up copy's directory (reset_copy.go),
// a restore or a download being written. A sandbox killed (kill -9, a power
// cut) leaves them, each as large as the data file. The offline `snapshot
// load`'s file (".load-") is not one: that tool runs beside no sandbox.
var leftoverPrefixes = []string{".%s.startup-", "%s.restore-", "%s.save-"}

// replacedSuffix is the data file a swap renamed away (store.DB.Replace).
// Left behind, a swap was cut between its two renames: it may be the only
// copy of the state before it, so it is kept for a person to look at.
const replacedSuffix = ".replaced"

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
		name := filepath.Join(dir, e.Name())
		if e.Name() == base+replacedSuffix {
			logger.Warn("a snapshot load or reset was cut between its renames: the data file before it is kept here; rename it over the data file to go back to it", "path", name)
			continue
		}
		for _, p := range leftoverPrefixes {
			if strings.HasPrefix(e.Name(), strings.Replace(p, "%s", base, 1)) {
				if err := os.RemoveAll(name); err != nil {
					logger.Warn("could not remove what a stopped sandbox left beside the data file", "path", name, "err", err)
				} else {
					logger.Info("removed what a stopped sandbox left beside the data file", "path", name)
				}
				break
			}
		}
	}
}
