package kakao

import "net/http"

// Sandbox-assigned capacity errors (rule R13): what the machine under the
// sandbox runs out of, said plainly, never as a sandbox bug.
var (
	// A write met a full disk (ENOSPC, or a spent quota): nothing was written.
	ErrDiskFull = sandboxErr(http.StatusInsufficientStorage, -9507,
		"the disk holding the data file is full: free space on it, then retry; nothing was written")
	// Every connection the sandbox serves at once (--max-connections) is
	// taken; the reserve beyond them is kept for health and reset.
	ErrConnectionsFull = sandboxErr(http.StatusServiceUnavailable, -9503,
		"every connection the sandbox serves at once is taken (--max-connections); retry shortly").
		WithHeader("Retry-After", "1")
	// A fixture load (or a reset's fill) stopped before it was done (rule
	// R09): its client went away, the write timeout neared or a reset came.
	// It rolled back. The control plane says which and how far it got.
	ErrLoadStopped = sandboxErr(http.StatusServiceUnavailable, -9509,
		"the load stopped before it was done; nothing was loaded; load a smaller document or raise --write-timeout")
)

func capacityCatalogue() map[string]*Error {
	return map[string]*Error{"ErrDiskFull": ErrDiskFull, "ErrConnectionsFull": ErrConnectionsFull,
		"ErrLoadStopped": ErrLoadStopped}
}
