// Package journal keeps the most recent requests the sandbox answered in a
// fixed-size ring, so tests can assert on what a client actually sent.
//
// It imports nothing from the sandbox.
package journal

import (
	"sync"
	"time"
)

// Entry is one answered request. Strings are truncated so an entry's size
// is bounded, and with it the journal's memory.
type Entry struct {
	Time        time.Time `json:"time"`
	RequestID   string    `json:"requestId,omitempty"`
	Method      string    `json:"method"`
	Path        string    `json:"path"`
	OperationID string    `json:"operationId,omitempty"`
	Status      int       `json:"status"`
	Code        int       `json:"code,omitempty"`
	LatencyMs   float64   `json:"latencyMs"`
	UserID      uint64    `json:"userId,omitempty"`
	AppID       uint64    `json:"appId,omitempty"`
	AdAccountID uint64    `json:"adAccountId,omitempty"`
	Warnings    []string  `json:"warnings,omitempty"`
}

const (
	maxPath     = 256
	maxWarnings = 4
	maxWarning  = 256
)

// Journal is a ring of the last Size entries.
type Journal struct {
	mu   sync.Mutex
	ring []Entry
	next int
	n    int
}

// DefaultSize is how many entries a journal keeps unless configured.
const DefaultSize = 10000

// New makes a journal that keeps the last size entries.
func New(size int) *Journal {
	if size < 1 {
		size = DefaultSize
	}
	return &Journal{ring: make([]Entry, size)}
}

// Add records e, evicting the oldest entry when full.
func (j *Journal) Add(e Entry) {
	e.Path = truncate(e.Path, maxPath)
	if len(e.Warnings) > maxWarnings {
		e.Warnings = e.Warnings[:maxWarnings]
	}
	for i, w := range e.Warnings {
		e.Warnings[i] = truncate(w, maxWarning)
	}
	j.mu.Lock()
	j.ring[j.next] = e
	j.next = (j.next + 1) % len(j.ring)
	j.n = min(j.n+1, len(j.ring))
	j.mu.Unlock()
}

// Recent returns up to limit entries, newest first.
func (j *Journal) Recent(limit int) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	limit = min(limit, j.n)
	out := make([]Entry, 0, limit)
	for i := 1; i <= limit; i++ {
		out = append(out, j.ring[(j.next-i+len(j.ring))%len(j.ring)])
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
