package kakao

import (
	"errors"
	"fmt"
	"net/http"
)

// Shape names the error body a surface uses (docs/errors.md).
type Shape int

const (
	// ShapeAPI is kapi's and Moment's `{"code","msg"}` body; Moment adds `extras`.
	ShapeAPI Shape = iota
	// ShapeAuth is kauth's `{"error","error_description","error_code"}` body.
	ShapeAuth
)

// Source says who defined an error: Kakao's documentation, or the sandbox
// where Kakao is silent. Sandbox-assigned errors are listed as such in docs/errors.md.
type Source string

const (
	SourceKakao   Source = "kakao"
	SourceSandbox Source = "sandbox"
)

// Error is one entry of the catalogue, optionally with a request-specific
// message. It is a value: With returns a copy, the catalogue never changes.
type Error struct {
	Status     int
	Code       int
	Msg        string
	DetailCode int    // Moment's extras.detailCode; 0 when absent
	DetailMsg  string // Moment's extras.detailMsg
	Source     Source
	Shape      Shape
	// kauth fields
	OAuthError string // "invalid_grant", …
	KOE        string // "KOE322", …

	// RequiredScopes lists missing consent items for -402.
	RequiredScopes []string
	// Header holds response headers the error needs (WWW-Authenticate, Retry-After).
	Header http.Header

	entry *Error // the catalogue entry this error was refined from
}

func (e *Error) Error() string {
	if e.root() == ErrInvalidParam {
		// a client's mistake, as the answer words it; a CLI prints it for
		// a --fixtures document, where "kakao -2" says nothing
		return e.Msg
	}
	if e.DetailCode != 0 {
		return fmt.Sprintf("kakao %d/%d: %s", e.Code, e.DetailCode, e.DetailMsg)
	}
	if e.Shape == ShapeAuth {
		return fmt.Sprintf("kakao %s: %s", e.KOE, e.Msg)
	}
	return fmt.Sprintf("kakao %d: %s", e.Code, e.Msg)
}

// Is makes errors.Is match the catalogue entry an error was refined from.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.root() == e.root()
}

func (e *Error) root() *Error {
	if e.entry != nil {
		return e.entry
	}
	return e
}

func (e *Error) refine() *Error {
	c := *e
	c.entry = e.root()
	return &c
}

// With returns a copy whose message says what exactly went wrong. For Moment
// business errors (with a detail code) the detail message carries it.
func (e *Error) With(format string, args ...any) *Error {
	c := e.refine()
	msg := fmt.Sprintf(format, args...)
	if c.DetailCode != 0 {
		c.DetailMsg = msg
	} else {
		c.Msg = msg
	}
	return c
}

// WithHeader returns a copy that also sets a response header.
func (e *Error) WithHeader(key, value string) *Error {
	c := e.refine()
	c.Header = c.Header.Clone()
	if c.Header == nil {
		c.Header = http.Header{}
	}
	c.Header.Set(key, value)
	return c
}

// As returns the catalogue error inside err, if there is one.
func As(err error) (*Error, bool) {
	var ke *Error
	ok := errors.As(err, &ke)
	return ke, ok
}

// Invalid is the -2 error for one field: the message names the field.
func Invalid(field, format string, args ...any) *Error {
	return ErrInvalidParam.With("%s: %s", field, fmt.Sprintf(format, args...))
}

// InMoment is the error as a Moment call answers it: a wallet rule broken on
// a Moment call (a virtual account for a suspended wallet) is Moment's
// business error, 400 -813 KakaoMomentException, with the same detail.
func (e *Error) InMoment() *Error {
	if e.DetailCode == 0 || e.Code == -813 {
		return e
	}
	c := e.refine()
	c.Status, c.Code, c.Msg = http.StatusBadRequest, -813, "KakaoMomentException"
	return c
}

// Words is an error's most specific words, for a message that wraps it
// (a fixture entry, a field): the detail message, else the message, and for
// an error outside the catalogue its text.
func Words(err error) string {
	ke, ok := As(err)
	switch {
	case !ok:
		return err.Error()
	case ke.DetailMsg != "":
		return ke.DetailMsg
	}
	return ke.Msg
}
