package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

// envFlags is a FlagSet whose defaults come from KAKAO_SANDBOX_* variables,
// so a container is configured by its environment and a shell by its flags.
type envFlags struct {
	*flag.FlagSet
	getenv func(string) string
	errs   []error
	checks []func() error // each serve-only flag's range, checked after parsing
	// fields are the flags that set a sandbox.Config field, by field: they
	// only parse, and sandbox.Config.Validate checks them (validate).
	fields map[string]configFlag
}

// configFlag is a flag that sets a sandbox.Config field.
type configFlag struct {
	name string
	why  string // optional, said after the range
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
	f := &envFlags{FlagSet: fs, getenv: getenv, fields: map[string]configFlag{}}
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

// The one duration syntax of the sandbox, the clock API's ({"duration":"7d"}):
// time.ParseDuration's plus whole days in front.
const durationForm = "a duration like 7d, 1d12h, 90m or 30s"

// durationValue is a duration flag read as the clock API reads one.
type durationValue time.Duration

func (d *durationValue) String() string { return formatDuration(time.Duration(*d)) }
func (d *durationValue) Set(s string) error {
	v, err := parseDuration(s)
	*d = durationValue(v)
	return err
}

func parseDuration(s string) (time.Duration, error) {
	neg := strings.HasPrefix(s, "-")
	st, err := clock.ParseStep(strings.TrimPrefix(s, "-"))
	if err != nil || st.Days > maxFlagDays {
		return 0, errors.New("want " + durationForm)
	}
	d := time.Duration(st.Days)*24*time.Hour + st.Rest
	if neg { // refused by the range, with the range in the message
		d = -d
	}
	return d, nil
}

// maxFlagDays keeps a day count inside time.Duration (292 years).
const maxFlagDays = 100 * 365

// formatDuration writes a duration as people do: 168h is 7d, 1h0m0s is 1h.
func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d != 0 && d%day == 0 {
		return fmt.Sprintf("%dd", d/day)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Duration is a duration flag in the clock API's syntax, from lo to hi.
func (f *envFlags) Duration(name string, def, lo, hi time.Duration, usage string) *time.Duration {
	v := f.duration(name, &def, lo, hi, usage)
	f.checks = append(f.checks, func() error {
		if d := time.Duration(*v); d < lo || d > hi {
			return fmt.Errorf("--%s %s: want a duration from %s to %s (%s)", name, formatDuration(d), formatDuration(lo), formatDuration(hi), durationForm)
		}
		return nil
	})
	return &def
}

// ConfigDuration is a duration flag that sets the sandbox.Config field
// named: it only parses; validate checks it (lo and hi are for the help).
func (f *envFlags) ConfigDuration(name, field string, def, lo, hi time.Duration, usage string) *time.Duration {
	f.duration(name, &def, lo, hi, usage)
	f.fields[field] = configFlag{name: name, why: durationForm}
	return &def
}

func (f *envFlags) duration(name string, def *time.Duration, lo, hi time.Duration, usage string) *durationValue {
	v := (*durationValue)(def)
	if env := f.getenv(envName(name)); env != "" {
		if err := v.Set(env); err != nil {
			f.errs = append(f.errs, fmt.Errorf("$%s: %q: %w", envName(name), env, err))
		}
	}
	// The back-quoted word names the value in the help, as "duration".
	f.Var(v, name, fmt.Sprintf("%s, a `duration` like 7d, 1d12h or 30s, from %s to %s ($%s)", usage, formatDuration(lo), formatDuration(hi), envName(name)))
	return v
}

// ints is an integer flag's range and what its numbers are.
type ints struct {
	lo, hi int
	noun   string // "a day", "connections"
	why    string // optional, said after the range
	// field is the sandbox.Config field the flag sets, if it sets one: then
	// the flag only parses, validate checks the range, and lo, hi and noun
	// are for the help.
	field string
}

// intValue is an integer flag with a plain message for what is not a number.
type intValue int

func (n *intValue) String() string { return strconv.Itoa(int(*n)) }
func (n *intValue) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("want a whole number")
	}
	*n = intValue(v)
	return nil
}

// Int is an integer flag within r.
func (f *envFlags) Int(name string, def int, r ints, usage string) *int {
	v := (*intValue)(&def)
	if env := f.getenv(envName(name)); env != "" {
		if err := v.Set(env); err != nil {
			f.errs = append(f.errs, fmt.Errorf("$%s: %q is not a number", envName(name), env))
		}
	}
	f.Var(v, name, fmt.Sprintf("%s, a `number` from %d to %d ($%s)", usage, r.lo, r.hi, envName(name)))
	if r.field != "" {
		f.fields[r.field] = configFlag{name: name, why: r.why}
		return &def
	}
	f.checks = append(f.checks, func() error {
		if n := int(*v); n < r.lo || n > r.hi {
			msg := fmt.Sprintf("--%s %d: want %s from %d to %d", name, n, r.noun, r.lo, r.hi)
			if r.why != "" {
				msg += " (" + r.why + ")"
			}
			return errors.New(msg)
		}
		return nil
	})
	return &def
}

// uint64Value is an unsigned flag with a plain message for what is not a
// number; a negative one is kept for the range check (bad).
type uint64Value struct {
	v   *uint64
	bad string
}

func (n *uint64Value) String() string {
	if n.v == nil {
		return "0"
	}
	return strconv.FormatUint(*n.v, 10)
}

func (n *uint64Value) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err == nil {
		*n.v, n.bad = v, ""
		return nil
	}
	if _, ierr := strconv.ParseInt(s, 10, 64); ierr == nil {
		n.bad = s
		return nil
	}
	return fmt.Errorf("want a whole number from 0 to %d", uint64(math.MaxUint64))
}

// Uint64 is an unsigned 64-bit flag: any whole number from 0 is in range.
func (f *envFlags) Uint64(name string, def uint64, usage string) *uint64 {
	v := &uint64Value{v: &def}
	if env := f.getenv(envName(name)); env != "" {
		if err := v.Set(env); err != nil {
			f.errs = append(f.errs, fmt.Errorf("$%s: %q is not a number", envName(name), env))
		}
	}
	f.Var(v, name, fmt.Sprintf("%s, a `number` from 0 to %d ($%s)", usage, uint64(math.MaxUint64), envName(name)))
	f.checks = append(f.checks, func() error {
		if v.bad != "" {
			return fmt.Errorf("--%s %s: want a number from 0 to %d", name, v.bad, uint64(math.MaxUint64))
		}
		return nil
	})
	return &def
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
	for _, check := range f.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// validate checks cfg as sandbox.Open will (sandbox.Config.Validate, the one
// place the ranges are checked), and names the flag, with the value it was
// given, for a field out of range.
func (f *envFlags) validate(cfg sandbox.Config) error {
	err := cfg.Validate()
	var ce *sandbox.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	cf, ok := f.fields[ce.Field]
	if !ok {
		return err
	}
	msg := fmt.Sprintf("--%s %s: want %s from %s to %s", cf.name, f.Lookup(cf.name).Value, ce.Noun, show(ce.Min), show(ce.Max))
	if cf.why != "" {
		msg += " (" + cf.why + ")"
	}
	return errors.New(msg)
}

// show writes a range's end as a flag takes it.
func show(v any) string {
	if d, ok := v.(time.Duration); ok {
		return formatDuration(d)
	}
	return fmt.Sprint(v)
}

// typed is a number given for a sandbox.Config field whose 0 means "the
// default". A flag's default is written out, so a 0 was typed, and is a
// value no such field takes: it goes on as -1, which Validate refuses (the
// message shows the 0 typed).
func typed[N ~int | ~int64](n N) N {
	if n == 0 {
		return -1
	}
	return n
}
