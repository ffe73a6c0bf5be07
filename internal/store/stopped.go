package store

import (
	"context"
	"fmt"
)

// Stopped is the error of a long write whose context ended before it was
// done (rule R09): its client went away, its time ran out or a reset came.
// Like any error in a transaction, it leaves the transaction to roll back,
// so nothing of the write remains.
type Stopped struct {
	Done, Total int   // entries put (and rolled back) of those to put
	Cause       error // context.Cause of the write's context
}

func (s *Stopped) Error() string {
	return fmt.Sprintf("stopped after %d of %d entries: %v", s.Done, s.Total, s.Cause)
}

func (s *Stopped) Unwrap() error { return s.Cause }

// StopCheck is how many entries a long write puts between looks at its
// context: often enough to stop within milliseconds, rarely enough to cost
// nothing.
const StopCheck = 256

// StoppedIf is a *Stopped once ctx has ended, else nil.
func StoppedIf(ctx context.Context, done, total int) error {
	if ctx.Err() == nil {
		return nil
	}
	return &Stopped{Done: done, Total: total, Cause: context.Cause(ctx)}
}
