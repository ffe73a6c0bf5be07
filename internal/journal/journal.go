// Package journal keeps the most recent requests the sandbox answered in a
// fixed-size ring, so tests can assert on what a client actually sent.
//
// It imports nothing from the sandbox.
package journal

import (
	"strings"
	"sync"
	"time"
)

// Entry is one answered request. Every string is truncated, so an entry's
// size, and with it the journal's memory, has a ceiling.
type Entry struct {
	Time        time.Time
	RequestID   string
	Method      string
	Path        string
	OperationID string
	Status      int // 0: the connection was dropped
	Code        int
	LatencyMs   float64
	UserID      uint64
	AppID       uint64
	AdAccountID uint64
	Scenario    string
	Warnings    []string
	Fields      map[string]string // the JSON body's top-level scalar fields
	// FieldsFrom is the request body, whose fields (FieldsOf) the journal
	// reads itself, in place of Fields: when the journal is read, if it can.
	FieldsFrom []byte
	Body       string // only with bodies on
	Response   string
}

// Limits on one entry.
const (
	maxPath     = 256
	maxWarnings = 4
	maxWarning  = 256
	maxFields   = 16
	maxField    = 64
	// MaxBody is how much of a request or response body is kept.
	MaxBody = 2048
)

// Journal is a ring of the last Size entries.
type Journal struct {
	mu   sync.Mutex
	ring []kept
	next int
	n    int
	// Bodies keeps request and response bodies (truncated).
	Bodies bool
}

// DefaultSize is how many entries a journal keeps unless configured.
const DefaultSize = 10000

// New makes a journal that keeps the last size entries.
func New(size int, bodies bool) *Journal {
	if size < 1 {
		size = DefaultSize
	}
	return &Journal{ring: make([]kept, size), Bodies: bodies}
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
	if !j.Bodies {
		e.Body, e.Response = "", ""
	}
	e.Body, e.Response = redact(truncate(e.Body, MaxBody)), redact(truncate(e.Response, MaxBody))
	k := kept{Entry: e}
	if e.Fields == nil && lazy(e.FieldsFrom) {
		k.body = string(e.FieldsFrom)
	} else if e.Fields != nil || e.FieldsFrom != nil {
		k.fields = packFields(e.Fields, e.FieldsFrom)
	}
	k.Fields, k.FieldsFrom = nil, nil
	j.mu.Lock()
	j.ring[j.next] = k
	j.next = (j.next + 1) % len(j.ring)
	j.n = min(j.n+1, len(j.ring))
	j.mu.Unlock()
}

// Filter selects entries; zero fields select everything.
type Filter struct {
	Operation string
	Status    int
	Code      int
	UserID    uint64
	AdAccount uint64
	Since     time.Time
	Fields    map[string]string // body field = value
}

func (f Filter) keeps(e *kept) bool {
	switch {
	case f.Operation != "" && e.OperationID != f.Operation,
		f.Status != 0 && e.Status != f.Status,
		f.Code != 0 && e.Code != f.Code,
		f.UserID != 0 && e.UserID != f.UserID,
		f.AdAccount != 0 && e.AdAccountID != f.AdAccount,
		!f.Since.IsZero() && e.Time.Before(f.Since):
		return false
	}
	for k, v := range f.Fields {
		if got, _ := e.fields.get(k); got != v {
			return false
		}
	}
	return true
}

// Find returns up to limit entries that f keeps, newest first, and how many
// it keeps in all.
func (j *Journal) Find(f Filter, limit int) ([]Entry, int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []Entry{}
	total := 0
	for i := 1; i <= j.n; i++ {
		e := &j.ring[(j.next-i+len(j.ring))%len(j.ring)]
		if len(f.Fields) > 0 {
			e.read()
		}
		if !f.keeps(e) {
			continue
		}
		total++
		if len(out) < limit {
			e.read()
			out = append(out, e.entry())
		}
	}
	return out, total
}

// Recent returns up to limit entries, newest first.
func (j *Journal) Recent(limit int) []Entry {
	out, _ := j.Find(Filter{}, limit)
	return out
}

// Clear forgets every entry and reports how many there were.
func (j *Journal) Clear() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := j.n
	clear(j.ring)
	j.next, j.n = 0, 0
	return n
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
