package store

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// ErrCorrupt marks damaged data: a file refused at open, or a read or write
// that met a broken page while serving. bbolt answers a broken page with a
// panic, or, when a page points outside the file, a memory fault; the store
// turns both into errors wrapping ErrCorrupt (rule R07).
var ErrCorrupt = errors.New("the data file is damaged")

// faultAddr is what a memory fault panics with once debug.SetPanicOnFault
// is on: a runtime error carrying the faulting address.
type faultAddr interface{ Addr() uintptr }

// guard runs fn with memory faults turned into panics, and turns a panic
// that came from bbolt, or a fault on the mapped file, into an error
// wrapping ErrCorrupt. Any other panic is a bug of ours and goes on up, to
// be logged with its stack like any other.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			if _, fault := p.(faultAddr); !fault && !panickedInBolt() {
				panic(p)
			}
			err = corruptPanic(p)
		}
	}()
	return fn()
}

// guardAll is guard for code that runs only bbolt (opening the file, a
// batch's commit): every panic there is damaged data.
func guardAll(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = corruptPanic(p)
		}
	}()
	return fn()
}

// corruption is damaged data met by bbolt: what it panicked with.
type corruption struct{ panicked any }

func (c corruption) Error() string { return ErrCorrupt.Error() + ": " + detail(c) }
func (c corruption) Unwrap() error { return ErrCorrupt }

func corruptPanic(p any) error { return corruption{p} }

// detail says what bbolt met, for a message that has already said the file is damaged.
func detail(err error) string {
	var c corruption
	if errors.As(err, &c) {
		return fmt.Sprintf("bbolt failed reading it (%v)", c.panicked)
	}
	return err.Error()
}

// panickedInBolt reports whether the panic being recovered was raised in
// bbolt's code. Called from a deferred function, it finds the panicking
// frame just below runtime.gopanic.
func panickedInBolt() bool {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inPanic = true
		case inPanic && !strings.HasPrefix(f.Function, "runtime."):
			return strings.HasPrefix(f.Function, "go.etcd.io/bbolt")
		}
		if !more {
			return false
		}
	}
}
