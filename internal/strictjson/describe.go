package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"strings"
)

// Mistake is what encoding/json found wrong with a client's document, in
// the client's words: the place, by its JSON names ("company.name"), and
// what belongs there. encoding/json's own message names Go types
// ("cannot unmarshal number 1e3 into Go struct field GrantParams.amount of
// type int64"), which mean nothing to a client (issue 20).
type Mistake struct {
	Path   string // "" for the document itself
	Reason string // "must be a whole number", "must be text", …
}

// String is the mistake as a message says it: "company.name: must be text".
func (m Mistake) String() string {
	if m.Path == "" {
		return m.Reason
	}
	return m.Path + ": " + m.Reason
}

// WholeNumber is the phrase a whole-number Reason holds, for a caller that
// names the unit ("a whole number of won").
const WholeNumber = "a whole number"

// Describe turns an error of encoding/json's Decode into a Mistake; ok is
// false for any other error.
func Describe(err error) (m Mistake, ok bool) {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return Mistake{Path: te.Field, Reason: wrongKind(te.Value, te.Type)}, true
	}
	if name, found := strings.CutPrefix(err.Error(), "json: unknown field "); found {
		return Mistake{Reason: "unknown field " + name}, true // encoding/json does not say where
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		return Mistake{Reason: malformed(err)}, true
	}
	return Mistake{}, false
}

// malformed words a syntax error of encoding/json (its own, "unexpected
// EOF", says nothing to a client whose body was cut short): the JSON ends
// too soon, or the byte where it stops being JSON.
func malformed(err error) string {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &se) && se.Error() == "unexpected end of JSON input":
		return "the JSON ends before it is complete"
	case errors.As(err, &se):
		return fmt.Sprintf("malformed JSON at byte %d", se.Offset)
	}
	return "malformed JSON"
}

// malformedAt words err, json.Decoder's error on a token of data, as
// malformed does. Its tokens count the bytes to a syntax error one way or
// another (from 0 or from 1 at the first byte), by the error; its scanner
// (json.Valid's) always from 1, as encoding/json does elsewhere, so the
// place is the scanner's.
func malformedAt(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if scanned := json.Unmarshal(data, new(json.RawMessage)); errors.As(scanned, &se) {
			return malformed(se)
		}
	}
	return malformed(err)
}

// wrongKind says what belongs where got (encoding/json's "number 1e3",
// "string", "object", …) was given instead.
func wrongKind(got string, t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return wholeNumber(got, t)
	case reflect.Float32, reflect.Float64:
		return "must be a number"
	case reflect.String:
		return "must be text"
	case reflect.Bool:
		return "must be true or false"
	case reflect.Slice, reflect.Array:
		return "must be a list"
	case reflect.Map, reflect.Struct:
		return "must be an object"
	}
	return "is not what belongs here"
}

// wholeNumber explains a number that does not fit a whole-number field:
// a fraction, a value past the field's range, or a whole one written with
// an exponent (1e3), which Kakao's fields take in digits only.
func wholeNumber(got string, t reflect.Type) string {
	digits, isNumber := strings.CutPrefix(got, "number ")
	if !isNumber {
		return "must be " + WholeNumber
	}
	f, _, err := big.ParseFloat(digits, 10, 256, big.ToNearestEven)
	if err != nil || !f.IsInt() {
		return "must be " + WholeNumber
	}
	n, _ := f.Int(nil)
	if reason, out := OutOfRange(n, t); out {
		return reason
	}
	return fmt.Sprintf("must be %s, written in digits (%s, not %s)", WholeNumber, n, digits)
}

// OutOfRange says why n does not fit the whole-number type t, if it does
// not: "is too large: a whole number here is from 0 to 18446744073709551615".
func OutOfRange(n *big.Int, t reflect.Type) (string, bool) {
	lo, hi := rangeOf(t)
	switch {
	case n.Cmp(lo) < 0:
		return fmt.Sprintf("is too small: %s here is from %s to %s", WholeNumber, lo, hi), true
	case n.Cmp(hi) > 0:
		return fmt.Sprintf("is too large: %s here is from %s to %s", WholeNumber, lo, hi), true
	}
	return "", false
}

// rangeOf is the smallest and largest value a whole-number type holds.
func rangeOf(t reflect.Type) (lo, hi *big.Int) {
	bits := uint(t.Bits())
	one := big.NewInt(1)
	if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr {
		hi = new(big.Int).Sub(new(big.Int).Lsh(one, bits), one)
		return big.NewInt(0), hi
	}
	hi = new(big.Int).Sub(new(big.Int).Lsh(one, bits-1), one)
	return new(big.Int).Neg(new(big.Int).Lsh(one, bits-1)), hi
}
