package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Where serve keeps its state (rule D06): the --data file, kept and fsynced
// at every commit; or, without --data, a file of its own in a new temporary
// directory, filled afresh, committed without fsync (nothing keeps it), and
// removed with its directory when serve returns: at a normal exit, SIGINT,
// SIGTERM, or a failed start. Tools like this one start fresh unless asked
// to persist, and every example in the docs assumes the demo data as new.

// freshDataName is the temporary data file's name inside its directory.
const freshDataName = "kakao-sandbox.db"

// freshMessage is serve's first log line without --data.
const freshMessage = "fresh state: a temporary data file, removed at exit; keep state with --data FILE"

// freshData makes the temporary data file's directory under TMPDIR (the
// system's temporary directory when unset) and returns the file's path and
// a function that removes them both.
func freshData(getenv func(string) string) (path string, remove func() error, err error) {
	dir, err := os.MkdirTemp(getenv("TMPDIR"), "kakao-sandbox-")
	if err != nil {
		return "", nil, fmt.Errorf("a temporary data file: %w (set TMPDIR to a directory you can write, or keep state with --data FILE)", err)
	}
	return filepath.Join(dir, freshDataName), func() error { return os.RemoveAll(dir) }, nil
}

// useFreshData points sc at a temporary data file when --data is empty, and
// logs so first. The returned function removes the file; it is a no-op for
// a --data file.
func useFreshData(sc *serveConfig, getenv func(string) string) (remove func(), err error) {
	if sc.cfg.DataPath != "" {
		return func() {}, nil
	}
	path, removeAll, err := freshData(getenv)
	if err != nil {
		return nil, err
	}
	sc.cfg.DataPath, sc.cfg.NoSync = path, true
	sc.logger.Info(freshMessage, "data", path)
	return func() {
		if err := removeAll(); err != nil {
			sc.logger.Warn("the temporary data file was not removed", "data", path, "err", err)
		}
	}, nil
}

// caDir is where the local CA of --tls lives: beside the --data file, or,
// with a temporary data file, in the user's configuration directory
// ($XDG_CONFIG_HOME/kakao-sandbox, else os.UserConfigDir's), so a CA trusted
// once stays trusted across fresh starts.
func caDir(data string, getenv func(string) string) (caHome, error) {
	if data != "" {
		return caHome{dir: filepath.Dir(data)}, nil
	}
	base := getenv("XDG_CONFIG_HOME")
	if base == "" {
		var err error
		if base, err = os.UserConfigDir(); err != nil {
			return caHome{}, fmt.Errorf("the sandbox's CA: no configuration directory to keep it in (%w): set XDG_CONFIG_HOME, or give --data, beside which the CA is kept", err)
		}
	}
	return caHome{dir: filepath.Join(base, "kakao-sandbox"), config: true}, nil
}

// needsData is what check and snapshot say without --data, on stderr,
// before they exit 2: they read a kept file, and a fresh sandbox keeps none.
func needsData(cmd string, stderr io.Writer) error {
	fmt.Fprintf(stderr, "kakao-sandbox: %s needs --data FILE: the data file of a sandbox started with --data FILE (without --data the sandbox runs on a temporary file, removed at exit)\n", cmd)
	return errUsage
}
