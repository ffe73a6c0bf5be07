package sandbox

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What a sandbox writes beside its data file while it serves, and removes
// itself: the start-up copy's directory (reset_copy.go), a reset's or a
// restore's file being written, a download's copy. Each is as large as the
// data file; a sandbox killed (kill -9, a power cut) leaves them.
const (
	sideStartup = "startup"
	sideReset   = "reset"
	sideRestore = "restore"
	sideSave    = "save"
)

var sides = []string{sideStartup, sideReset, sideRestore, sideSave}

// sidePattern names one beside the data file at path, as os.CreateTemp
// and os.MkdirTemp take it; the start-up copy's directory is hidden.
func sidePattern(path, side string) string {
	p := filepath.Base(path) + "." + side + "-*"
	if side == sideStartup {
		p = "." + p
	}
	return p
}

// removeLeftovers deletes what an earlier sandbox on the data file at path
// left beside it (sides). Called with the file open: its lock says no
// other sandbox serves it, so nothing there is in use. The offline
// `snapshot load`'s file is not one: that tool runs beside no sandbox.
func removeLeftovers(path string, logger *slog.Logger) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if e.Name() == base+store.ReplacedSuffix { // kept for a person to look at
			logger.Warn("a snapshot load or reset was cut between its renames: the data file before it is kept here; rename it over the data file to go back to it", "path", name)
			continue
		}
		for _, side := range sides {
			if strings.HasPrefix(e.Name(), strings.TrimSuffix(sidePattern(path, side), "*")) {
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
