// Package snapshot writes the whole state of a data file as one versioned
// JSON document and writes such a document back (rule D02). A snapshot is
// every bbolt bucket as it is stored: values are the JSON the sandbox wrote,
// keys are text where they are printable and hex where they are binary (ids
// are big-endian numbers), so the format needs no knowledge of the domain
// and no change when a domain package adds a bucket. The one value changed
// on the way is the clock's (clock.Portable, clock.Resume).
//
// It uses store and clock only.
package snapshot

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Format names a snapshot document; Version is the layout of the document
// this build writes and the newest it reads.
const (
	Format  = "kakao-sandbox.snapshot"
	Version = 1
)

// Document is a snapshot as read.
type Document struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Schema  int      `json:"schema"` // the data file's store.SchemaVersion
	Buckets []Bucket `json:"buckets"`
}

// Bucket is one bbolt bucket: its name, its sequence (the last id handed
// out) and its entries in key order.
type Bucket struct {
	Name     string  `json:"name"`
	Sequence uint64  `json:"sequence,omitempty"`
	Entries  []Entry `json:"entries"`
}

// Entry is one key and value. The key is Key when it is printable text and
// Hex otherwise; exactly one is set.
type Entry struct {
	Key   string          `json:"key,omitempty"`
	Hex   string          `json:"hex,omitempty"`
	Value json.RawMessage `json:"value"`
}

// Write writes tx's whole state to w, one entry to a line, in
// bbolt's order, so the same state always gives the same bytes. real is the
// wall instant a running clock is read at.
func Write(tx *store.Tx, w io.Writer, real time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buckets, err := tx.Buckets()
	if err != nil {
		return err
	}
	bw.WriteString(`{"format":"` + Format + `","version":1,"schema":`)
	bw.WriteString(strconv.Itoa(store.SchemaVersion))
	bw.WriteString(`,"buckets":[` + "\n")
	for i, b := range buckets {
		if i > 0 {
			bw.WriteString(",\n")
		}
		name, _ := marshal(b.Name)
		bw.WriteString(`{"name":`)
		bw.Write(name)
		if b.Sequence != 0 {
			bw.WriteString(`,"sequence":` + strconv.FormatUint(b.Sequence, 10))
		}
		bw.WriteString(`,"entries":[` + "\n")
		first := true
		err := tx.ScanRaw(b.Name, func(k, v []byte) error {
			if b.Name == store.MetaBucket && string(k) == clock.StateMeta {
				var err error
				if v, err = clock.Portable(v, real); err != nil {
					return err
				}
			}
			line, err := marshal(entryOf(k, v))
			if err != nil {
				return err
			}
			if !first {
				bw.WriteString(",\n")
			}
			first = false
			_, err = bw.Write(line)
			return err
		})
		if err != nil {
			return err
		}
		bw.WriteString("]}")
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// entryOf names a key as text when it reads as such, and in hex otherwise.
func entryOf(k, v []byte) Entry {
	if printable(k) {
		return Entry{Key: string(k), Value: v}
	}
	return Entry{Hex: hex.EncodeToString(k), Value: v}
}

// printable is text a person can read back: valid UTF-8 with no control
// characters.
func printable(k []byte) bool {
	if !utf8.Valid(k) {
		return false
	}
	for _, r := range string(k) {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
