package snapshot

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	jsoniter "github.com/json-iterator/go"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/strictjson"
)

// Refused is a document that cannot be loaded, and why: nothing was changed.
type Refused struct{ Why string }

func (r *Refused) Error() string { return "snapshot: " + r.Why }

func refuse(format string, args ...any) error { return &Refused{Why: fmt.Sprintf(format, args...)} }

// Read parses a snapshot document, checking its header first, so a newer
// document is refused for its version rather than for a field this build
// does not know.
func Read(data []byte) (*Document, error) {
	if doc, ok := readFast(data); ok {
		return doc, nil
	}
	return readStrict(data)
}

// fastJSON reads what encoding/json reads, unknown fields refused, two to
// three times as fast (3.8 s against 1.2–1.8 s for 100k ad accounts' 140 MB).
var fastJSON = jsoniter.Config{DisallowUnknownFields: true}.Froze()

// readFast reads a document readStrict would take, and says whether it
// could; any document it cannot take is readStrict's to refuse and explain.
func readFast(data []byte) (*Document, bool) {
	var doc Document
	it := fastJSON.BorrowIterator(data)
	defer fastJSON.ReturnIterator(it)
	read := 0 // the header comes first in what Write writes: no need to read on
	it.ReadObjectCB(func(it *jsoniter.Iterator, field string) bool {
		switch field {
		case "format":
			doc.Format = it.ReadString()
		case "version":
			doc.Version = it.ReadInt()
		case "schema":
			doc.Schema = it.ReadInt()
		default:
			it.Skip()
			return it.Error == nil
		}
		read++
		return it.Error == nil && read < 3
	})
	if it.Error != nil || doc.Format != Format || doc.Version < 1 || doc.Version > Version || doc.Schema != store.SchemaVersion {
		return nil, false
	}
	doc = Document{}
	if err := fastJSON.Unmarshal(data, &doc); err != nil {
		return nil, false
	}
	return &doc, true
}

// readStrict reads a document with encoding/json, whose messages say what
// is wrong with it.
func readStrict(data []byte) (*Document, error) {
	var head struct {
		Format  string `json:"format"`
		Version *int   `json:"version"`
		Schema  *int   `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, refuse("%s; send what GET /_sandbox/snapshot or kakao-sandbox snapshot save wrote", plainly(err))
	}
	switch {
	case head.Format != Format:
		return nil, refuse("format is %q, not %q: send what GET /_sandbox/snapshot or kakao-sandbox snapshot save wrote", head.Format, Format)
	case head.Version == nil || *head.Version < 1:
		return nil, refuse("no version: a snapshot says \"version\": %d (the first version) or later", Version)
	case *head.Version > Version:
		return nil, refuse("version %d is newer than this build reads (version %d): load it with the kakao-sandbox that wrote it, or a newer one", *head.Version, Version)
	case head.Schema == nil:
		return nil, refuse("no schema: a snapshot says the data file schema it holds, \"schema\": %d for this build", store.SchemaVersion)
	case *head.Schema != store.SchemaVersion:
		return nil, refuse("it holds data file schema %d, and this build reads schema %d: load it with the kakao-sandbox that wrote it", *head.Schema, store.SchemaVersion)
	}
	var doc Document
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, refuse("%s", plainly(err))
	}
	return &doc, nil
}

// plainly says what encoding/json found, by its place in the document and
// in words, not Go types (strictjson.Describe).
func plainly(err error) string {
	if m, ok := strictjson.Describe(err); ok {
		return m.String()
	}
	return "not a JSON document: " + err.Error()
}

// Apply replaces everything tx holds with the document's buckets. It is
// one step of a transaction: whatever it refuses, the caller rolls back.
// Every entry is read as the package owning its bucket reads it (rule
// R10): a bucket this build does not keep, a value that does not decode
// into its type, an id above its bucket's sequence or a sequence past
// store.MaxSequence are refused, naming the bucket and key. When ctx ends,
// it stops within store.StopCheck entries with a *store.Stopped (rule R09).
func Apply(ctx context.Context, tx *store.Tx, doc *Document) error {
	if err := tx.Wipe(); err != nil {
		return err
	}
	done, total := 0, doc.entries()
	seen := map[string]bool{}
	for i, b := range doc.Buckets {
		if b.Name == "" {
			return refuse("buckets[%d] has no name", i)
		}
		if seen[b.Name] {
			return refuse("bucket %q is there twice", b.Name)
		}
		seen[b.Name] = true
		var c store.Checker
		unknown := c.Bucket(b.Name) // said after the entries' own form, which comes first
		if err := tx.SetSequence(b.Name, b.Sequence); err != nil {
			return err
		}
		for j, e := range b.Entries {
			if done%store.StopCheck == 0 {
				if err := store.StoppedIf(ctx, done, total); err != nil {
					return err
				}
			}
			done++
			k, err := keyOf(e)
			if err != nil {
				return refuse("bucket %q entry %d: %v", b.Name, j, err)
			}
			if err := tx.PutRaw(b.Name, k, e.Value); err != nil {
				return refuse("bucket %q entry %d (%s): %v", b.Name, j, e.Key+e.Hex, err)
			}
			if unknown != nil {
				return refuse("%v", unknown)
			}
			if err := c.Entry(k, e.Value); err != nil {
				return refuse("bucket %q key %s (entry %d): %s", b.Name, e.Key+e.Hex, j, plainly(err))
			}
		}
		if unknown != nil {
			return refuse("%v", unknown)
		}
		if err := c.Done(b.Sequence); err != nil {
			return refuse("bucket %q: %v", b.Name, err)
		}
	}
	return store.StoppedIf(ctx, done, total)
}

// entries counts the document's entries, over every bucket.
func (d *Document) entries() int {
	n := 0
	for _, b := range d.Buckets {
		n += len(b.Entries)
	}
	return n
}

// keyOf is an entry's key, from its text or its hex.
func keyOf(e Entry) ([]byte, error) {
	switch {
	case e.Key != "" && e.Hex != "":
		return nil, fmt.Errorf("has both a key and a hex key: give one")
	case e.Key != "":
		return []byte(e.Key), nil
	case e.Hex == "":
		return nil, fmt.Errorf("has no key: give \"key\" (text) or \"hex\" (bytes)")
	}
	k, err := hex.DecodeString(e.Hex)
	if err != nil {
		return nil, fmt.Errorf("hex key %q: %v", e.Hex, err)
	}
	return k, nil
}
