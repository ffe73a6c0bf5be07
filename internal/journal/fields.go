package journal

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
)

// A POST's journal entry read its body's fields into maps and kept them
// in a map of its own: with a ring of 10,000 such entries for the
// collector to mark, a tenth of the call's CPU in process (rule D06,
// docs/performance.md). An entry now keeps its body's few bytes, and reads
// its fields the first time the journal is read; or, for a body that may
// hold a secret or is long, reads them at once, and keeps them packed in
// one string.

// kept is an entry as the ring holds it: Fields and FieldsFrom nil, its
// fields packed, or still in body, unread.
type kept struct {
	Entry
	fields packed
	body   string
}

// maxLazy is the longest body kept whole until read: no larger than the
// fields it stands for may be (maxFields of maxField each).
const maxLazy = 1024

// lazy says whether an entry may keep body and read its fields later: a
// short JSON object without any secret key's name in it (a secret is never
// kept in clear, rule R08), and without escapes, which could spell one.
func lazy(body []byte) bool {
	if len(body) == 0 || len(body) > maxLazy || body[0] != '{' || bytes.IndexByte(body, '\\') >= 0 {
		return false
	}
	for _, k := range secretKeyNames {
		if bytes.Contains(body, []byte(k)) {
			return false
		}
	}
	return true
}

var secretKeyNames = strings.Split(secretKeys, "|")

// read reads an unread body's fields.
func (k *kept) read() {
	if k.body != "" {
		k.fields, k.body = packFields(nil, []byte(k.body)), ""
	}
}

// entry is the entry as it was added, its fields a map (nil when none).
func (k *kept) entry() Entry {
	e := k.Entry
	e.Fields = k.fields.unpack()
	return e
}

// packFields packs fields, or body's (FieldsOf) when fields is nil, within
// an entry's limits and with secrets masked.
func packFields(fields map[string]string, body []byte) packed {
	if fields == nil {
		fields = FieldsOf(body)
	}
	if len(fields) == 0 || len(fields) > maxFields {
		return ""
	}
	var b []byte
	for k, v := range fields {
		if len(k) > maxField {
			continue
		}
		v = truncate(redactField(k, v), maxField)
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	return packed(b)
}

// FieldsOf is a JSON object body's top-level scalar fields, as an entry
// keeps them (Scalars); none for any other body.
func FieldsOf(body []byte) map[string]string {
	var m map[string]any
	if len(body) == 0 || json.Unmarshal(body, &m) != nil {
		return Scalars(nil)
	}
	return Scalars(m)
}

// Scalars keeps the top-level fields a journal filter can compare: strings
// as they are, numbers and booleans as JSON writes them, each trimmed.
func Scalars(m map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[k] = strings.TrimSpace(v)
		case float64, bool:
			b, _ := json.Marshal(v)
			out[k] = strings.TrimSpace(string(b))
		}
	}
	return out
}

// packed is a set of fields, each a key and a value, each length-prefixed
// (uvarint): one object for the collector, where a map was many.
type packed string

// each calls fn with each field in turn, until it returns false.
func (p packed) each(fn func(k, v string) bool) {
	s := string(p)
	next := func() string {
		n, w := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		v := s[w : w+int(n)]
		s = s[w+int(n):]
		return v
	}
	for s != "" {
		k := next()
		if !fn(k, next()) {
			return
		}
	}
}

func (p packed) get(key string) (value string, ok bool) {
	p.each(func(k, v string) bool {
		if k == key {
			value, ok = v, true
		}
		return !ok
	})
	return value, ok
}

func (p packed) unpack() map[string]string {
	if p == "" {
		return nil
	}
	m := map[string]string{}
	p.each(func(k, v string) bool {
		m[k] = v
		return true
	})
	return m
}
