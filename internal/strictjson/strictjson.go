// Package strictjson checks JSON the way the sandbox wants client JSON read:
// no object gives a key twice, and nothing nests deeper than MaxDepth. Both
// places that take JSON from clients use it: the request validator
// (internal/openapi: every request body, through Check) and the fixture
// fast path (internal/strictyaml: documents of 100k entries, through Plain).
//
// Plain is the quick walk both share, and it answers true only when sure;
// each caller leaves every other document to a slower reader whose verdict
// and words count: encoding/json's tokens in Check, yaml.v3 in strictyaml.
// So Plain changes speed only, never a verdict. Describe words what
// encoding/json found wrong, for the places that decode client JSON.
//
// It uses the standard library only.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxDepth is how deeply a document may nest; no Kakao body needs more.
const MaxDepth = 32

// maxKeys is how many keys Plain keeps track of at once (those of every
// open object): finding a repeat is a walk over its object's keys, so a
// hostile object of 100k keys would cost billions of comparisons. No
// request body or fixture entry comes near it; a document that does is the
// slower reader's.
const maxKeys = 64

// Check rejects what encoding/json would silently accept: a key given twice
// in one object (the last would win) and data after the value. It also
// bounds nesting, so a hostile body cannot recurse deep.
//
// Every request body passes here, and nearly all are plain: json.Valid and
// one walk over the bytes (Plain) clear those without allocating. The rest
// take the decoder, which finds and words what is wrong.
func Check(data []byte) error {
	if json.Valid(data) && Plain(data, nil) {
		return nil
	}
	return checkDecoded(data)
}

// checkDecoded is Check by json.Decoder's tokens: slow, but it says where
// the trouble is.
func checkDecoded(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := checkValue(dec, "", 0); errors.Is(err, errMalformed) {
		return errors.New(malformedAt(data, err))
	} else if err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// errMalformed marks a token checkValue could not read; checkDecoded
// words it (malformedAt).
var errMalformed = errors.New("malformed JSON")

func malformedToken(err error) error { return fmt.Errorf("%w: %w", errMalformed, err) }

func checkValue(dec *json.Decoder, path string, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("nested more than %d levels deep", MaxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return malformedToken(err)
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
				return malformedToken(err)
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
		return malformedToken(err)
	}
	return nil
}

func orRoot(path string) string {
	if path == "" {
		return "the body"
	}
	return path[1:]
}

// Scan is what Plain learnt on its way through a document, for a reader
// that wants to prepare: the fixture fast path makes room for each list at
// once, and skips the walk for long strings when none can be.
type Scan struct {
	// Longest is the longest string's length in bytes as written (keys
	// included): never less than decoded, as an escape is longer written.
	Longest int
	// Lists holds the elements of each list that is a value of the
	// top-level object, by key ([] counts as one); nil when there is none.
	Lists map[string]int
}

// Plain reports that data, one JSON value between JSON white space, is
// valid UTF-8, nests at most MaxDepth levels, and gives no key twice in one
// object, and fills scan if it is not nil. It only says true when sure: a
// key with an escape (whose decoded form may equal another's), more keys
// open at once than it keeps track of, brackets that do not match, data
// after the value's closing bracket, or a string holding a character YAML
// reads otherwise than JSON (closingQuote) answer false, and leave the
// verdict to the caller's slower reader.
//
// Plain does not check the grammar between brackets and quotes (numbers,
// colons, commas, literals): each caller pairs it with a reader that does
// (json.Valid in Check; the decoder in strictyaml). Without a scan it
// allocates nothing: every request body passes here, and a 100k-entry
// fixture has 400k objects.
func Plain(data []byte, scan *Scan) bool {
	data = bytes.Trim(data, " \t\r\n")
	if !utf8.Valid(data) {
		return false
	}
	type frame struct {
		object bool
		keys   int // where the object's keys start in keys
		items  int // the commas of a list: its elements, less one
	}
	var stackBuf [MaxDepth]frame
	var keysBuf [maxKeys][]byte
	stack, keys := stackBuf[:0], keysBuf[:0]
	var topKey []byte // the last key of the top-level object
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
			if len(stack) == 0 || stack[len(stack)-1].object != (c == '}') {
				return false
			}
			f := stack[len(stack)-1]
			if scan != nil && c == ']' && len(stack) == 2 && stack[0].object {
				if scan.Lists == nil {
					scan.Lists = map[string]int{}
				}
				scan.Lists[string(topKey)] = f.items + 1
			}
			keys = keys[:f.keys]
			stack = stack[:len(stack)-1]
			expectKey = false // a ',' or a close comes next
			if len(stack) == 0 {
				return i == len(data)-1 // one value, nothing after it
			}
		case ',':
			if len(stack) == 0 {
				return false
			}
			f := &stack[len(stack)-1]
			f.items++
			expectKey = f.object
		case '"':
			end := closingQuote(data, i+1)
			if end < 0 {
				return false
			}
			if scan != nil {
				scan.Longest = max(scan.Longest, end-i-1)
			}
			key := data[i+1 : end]
			i = end
			if !expectKey {
				continue
			}
			expectKey = false
			if bytes.IndexByte(key, '\\') >= 0 || len(keys) == cap(keys) {
				return false
			}
			for _, k := range keys[stack[len(stack)-1].keys:] {
				if bytes.Equal(k, key) {
					return false
				}
			}
			keys = append(keys, key)
			if len(stack) == 1 {
				topKey = key
			}
		}
	}
	return len(stack) == 0 // a lone scalar; an open bracket is not plain
}

// closingQuote finds the quote that ends the string starting at from, or
// -1 if there is none, or if the string holds a character that a YAML
// reader would refuse or read as a line break, though a JSON one takes it
// as it is: a raw control character (JSON wants it escaped; jsoniter takes
// it), DEL, a C1 control (NEL among them), U+2028, U+2029, U+FEFF, U+FFFE
// or U+FFFF. data is valid UTF-8.
func closingQuote(data []byte, from int) int {
	for i := from; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\\':
			i++
		case c == '"':
			return i
		case c < 0x20, c == 0x7f:
			return -1
		case c == 0xc2:
			if data[i+1] < 0xa0 {
				return -1
			}
		case c == 0xe2:
			if data[i+1] == 0x80 && (data[i+2] == 0xa8 || data[i+2] == 0xa9) {
				return -1
			}
		case c == 0xef:
			if data[i+1] == 0xbb && data[i+2] == 0xbf || data[i+1] == 0xbf && data[i+2] >= 0xbe {
				return -1
			}
		}
	}
	return -1
}
