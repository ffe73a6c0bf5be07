package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

const snapshotUsage = `Usage: kakao-sandbox snapshot save FILE --data DB [--format json|bbolt]
       kakao-sandbox snapshot load FILE --data DB [--format json|bbolt]

save writes the whole state of the data file DB to FILE as one JSON
document (docs/control-plane.md, "Snapshots"); load replaces the whole state of DB
with FILE's, all or nothing, creating DB if it is missing. FILE "-" is
standard output or input. Stop the sandbox first: a serving sandbox holds
the file's lock (while it serves, use GET and PUT /_sandbox/snapshot).

--format bbolt saves a binary snapshot instead: a copy of DB itself, fast at
any size, checked as a start checks a data file; load copies one over DB once
it passes the same checks (a refused one leaves DB as it was). Start a new
sandbox from one with serve --from-snapshot FILE.
`

// snapshotCmd runs "snapshot save|load FILE --data DB".
func snapshotCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("snapshot", snapshotUsage, args, getenv, stdout, stderr)
	data := f.String("data", "", "the data file of a sandbox started with --data FILE")
	format := f.String("format", "json", "json (a versioned document, for diffs) or bbolt (a copy of the data file itself, for speed)")
	verb, file, err := snapshotArgs(f, args)
	if err != nil {
		return err
	}
	if *data == "" {
		return needsData("snapshot "+verb, stderr)
	}
	switch *format {
	case "json":
	case "bbolt":
		return binarySnapshot(verb, *data, file, stdout)
	default:
		return fmt.Errorf("snapshot %s: --format %q: want json or bbolt", verb, *format)
	}
	switch verb {
	case "save":
		return saveSnapshot(*data, file, stdout)
	case "load":
		return loadSnapshot(*data, file, stdout)
	}
	return nil
}

// snapshotArgs reads the verb, FILE and the flags, which may come before
// FILE or after it.
func snapshotArgs(f *envFlags, args []string) (verb, file string, err error) {
	switch {
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		if err := f.parse(args); err != nil { // -h, or a flag alone
			return "", "", err
		}
		f.Usage()
		return "", "", errUsage
	case args[0] != "save" && args[0] != "load":
		fmt.Fprintf(f.Output(), "kakao-sandbox snapshot: %q is neither save nor load\n\n", args[0])
		f.Usage()
		return "", "", errUsage
	}
	verb = args[0]
	if err := f.Parse(args[1:]); err != nil {
		return "", "", err
	}
	if f.NArg() == 0 {
		f.Usage()
		return "", "", fmt.Errorf("snapshot %s: name the snapshot FILE (- for standard %s)", verb, map[string]string{"save": "output", "load": "input"}[verb])
	}
	file = f.Arg(0)
	return verb, file, f.parse(f.Args()[1:])
}

// saveSnapshot writes to a temporary file beside FILE and renames it, so a
// failed save never leaves half a snapshot under FILE's name.
func saveSnapshot(data, file string, stdout io.Writer) error {
	if file == "-" {
		return sandbox.SaveSnapshot(data, stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", file, err)
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	err = sandbox.SaveSnapshot(data, tmp)
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "saved %s to %s\n", data, file)
	return err
}

func loadSnapshot(data, file string, stdout io.Writer) error {
	var doc []byte
	var err error
	if file == "-" {
		doc, err = io.ReadAll(os.Stdin)
	} else {
		doc, err = os.ReadFile(file)
	}
	if err != nil {
		return fmt.Errorf("cannot read the snapshot: %w", err)
	}
	r, err := sandbox.LoadSnapshot(data, doc)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "loaded %s into %s: %d buckets, %d entries; sandbox time %s\n", file, data, r.Buckets, r.Entries, r.Now.Format(time.RFC3339))
	return err
}

// binarySnapshot saves or loads a binary snapshot (rule D04): a copy of the
// data file, checked as a start checks one, written under a temporary name
// and renamed, so FILE or DB is never half written.
func binarySnapshot(verb, data, file string, stdout io.Writer) error {
	if verb == "load" {
		load := func() (sandbox.RestoreReport, error) { return sandbox.LoadBinary(file, data) }
		if file == "-" {
			load = func() (sandbox.RestoreReport, error) { return sandbox.LoadBinaryFrom(os.Stdin, data) }
		}
		r, err := load()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "loaded %s into %s: %d buckets, %d entries\n", file, data, r.Buckets, r.Entries)
		return err
	}
	dir := filepath.Dir(file)
	if file == "-" {
		dir = ""
	}
	tmp, err := os.CreateTemp(dir, "kakao-sandbox-snapshot.*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", file, err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	r, err := sandbox.SaveBinary(data, tmp.Name())
	if err != nil {
		return err
	}
	if file == "-" {
		f, err := os.Open(tmp.Name())
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(stdout, f)
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "saved %s to %s: %d buckets, %d entries\n", data, file, r.Buckets, r.Entries)
	return err
}
