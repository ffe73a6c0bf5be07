package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxDepth is how deeply a request body may nest; no Kakao body needs more.
const MaxDepth = 32

// CheckJSON rejects what encoding/json would silently accept: a key given
// twice in one object (the last would win) and data after the value. It also
// bounds nesting, so a hostile body cannot recurse deep.
//
// Every request body passes here, and nearly all are plain: json.Valid and
// one walk over the bytes (plainJSON) clear those without allocating. The
// rest take the decoder, which finds and words what is wrong.
func CheckJSON(data []byte) error {
	if json.Valid(data) && plainJSON(data) {
		return nil
	}
	return checkDecoded(data)
}

// checkDecoded is CheckJSON by json.Decoder's tokens: slow, but it says
// where the trouble is.
func checkDecoded(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := checkValue(dec, "", 0); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func checkValue(dec *json.Decoder, path string, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("nested more than %d levels deep", MaxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("malformed JSON: %v", err)
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch delim {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return fmt.Errorf("malformed JSON: %v", err)
			}
			key, _ := keyTok.(string)
			if seen[key] {
				return fmt.Errorf("key %q appears twice in %s", key, orRoot(path))
			}
			seen[key] = true
			if err := checkValue(dec, path+"."+key, depth+1); err != nil {
				return err
			}
		}
	case '[':
		for i := 0; dec.More(); i++ {
			if err := checkValue(dec, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return fmt.Errorf("malformed JSON: %v", err)
	}
	return nil
}

func orRoot(path string) string {
	if path == "" {
		return "the body"
	}
	return path[1:]
}

// plainJSON reports, for valid JSON, that it nests at most MaxDepth levels
// and gives no key twice in one object. It only says true when sure: a key
// with an escape or a byte beyond ASCII (whose decoded form may equal
// another's), or more keys than it keeps track of, answer false and leave
// the verdict to checkDecoded.
func plainJSON(data []byte) bool {
	type frame struct {
		object bool
		keys   int // where the object's keys start in keys
	}
	var stackBuf [MaxDepth]frame
	var keysBuf [64][]byte
	stack, keys := stackBuf[:0], keysBuf[:0]
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			if len(stack) == MaxDepth {
				return false
			}
			stack = append(stack, frame{object: c == '{', keys: len(keys)})
			expectKey = c == '{'
		case '}', ']':
			keys = keys[:stack[len(stack)-1].keys]
			stack = stack[:len(stack)-1]
		case ',':
			expectKey = stack[len(stack)-1].object
		case '"':
			start := i + 1
			plain := true
			for i++; data[i] != '"'; i++ {
				if data[i] == '\\' {
					plain = false
					i++
				} else if data[i] >= utf8.RuneSelf {
					plain = false
				}
			}
			if !expectKey {
				continue
			}
			expectKey = false
			key := data[start:i]
			if !plain || len(keys) == cap(keys) {
				return false
			}
			for _, k := range keys[stack[len(stack)-1].keys:] {
				if bytes.Equal(k, key) {
					return false
				}
			}
			keys = append(keys, key)
		}
	}
	return true
}
