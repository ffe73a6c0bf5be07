package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// envFlags is a FlagSet whose defaults come from KAKAO_SANDBOX_* variables,
// so a container is configured by its environment and a shell by its flags.
type envFlags struct {
	*flag.FlagSet
	getenv func(string) string
	errs   []error
}

// newFlags makes a flag set. Asked-for help goes to stdout; usage printed
// because of a mistake goes to stderr.
func newFlags(name, usage string, args []string, getenv func(string) string, stdout, stderr io.Writer) *envFlags {
	out := stderr
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			out = stdout
		}
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	f := &envFlags{FlagSet: fs, getenv: getenv}
	fs.Usage = func() {
		fmt.Fprint(out, usage)
		fmt.Fprintln(out, "\nFlags:")
		fs.PrintDefaults()
	}
	return f
}

func envName(flagName string) string {
	return "KAKAO_SANDBOX_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *envFlags) String(name, def, usage string) *string {
	if v := f.getenv(envName(name)); v != "" {
		def = v
	}
	return f.FlagSet.String(name, def, usage+" ($"+envName(name)+")")
}

func (f *envFlags) Bool(name string, def bool, usage string) *bool {
	if v := f.getenv(envName(name)); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("$%s: %q is not true or false", envName(name), v))
		}
		def = b
	}
	return f.FlagSet.Bool(name, def, usage+" ($"+envName(name)+")")
}

func (f *envFlags) Duration(name string, def time.Duration, usage string) *time.Duration {
	if v := f.getenv(envName(name)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("$%s: %q is not a duration like 168h", envName(name), v))
		}
		def = d
	}
	return f.FlagSet.Duration(name, def, usage+" ($"+envName(name)+")")
}

func (f *envFlags) Int(name string, def int, usage string) *int {
	if v := f.getenv(envName(name)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("$%s: %q is not a number", envName(name), v))
		}
		def = n
	}
	return f.FlagSet.Int(name, def, usage+" ($"+envName(name)+")")
}

// list is a repeatable flag; its variable holds comma-separated values.
type list []string

func (l *list) String() string { return strings.Join(*l, ",") }
func (l *list) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func (f *envFlags) List(name, usage string) *list {
	l := &list{}
	if v := f.getenv(envName(name)); v != "" {
		for _, part := range strings.Split(v, ",") {
			*l = append(*l, strings.TrimSpace(part))
		}
	}
	f.Var(l, name, usage+" ($"+envName(name)+", comma-separated)")
	return l
}

// parse parses args, reporting the first bad environment variable too.
func (f *envFlags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		return err
	}
	if len(f.errs) > 0 {
		return f.errs[0]
	}
	if f.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", f.Arg(0))
	}
	return nil
}
