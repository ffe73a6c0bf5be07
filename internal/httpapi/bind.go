package httpapi

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/strictjson"
)

// bind decodes the (already validated) JSON body into v. An empty body
// leaves v as it is, for operations whose body is optional.
// It is the one place a request body becomes Go values, so every mistake
// in one reads alike.
func bind(c *gin.Context, v any) error {
	body := callOf(c).body
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// The body passed the OpenAPI document, so what is left is a value
		// the document allows and Go does not hold (1e3 in an integer).
		if m, ok := strictjson.Describe(err); ok {
			return invalidField(strings.TrimSuffix("body."+m.Path, "."), m.Reason)
		}
		return kakao.Invalid("body", "cannot be read as this request's JSON")
	}
	return nil
}

// invalidField is the -2 for one field, in words rather than types: every
// refused request value passes here, whether the OpenAPI document
// (kin-openapi's reasons) or bind refused it, so they read alike.
func invalidField(field, reason string) error {
	for _, r := range plainReasons {
		reason = r.re.ReplaceAllString(reason, r.with)
	}
	reason = strings.ReplaceAll(reason, strictjson.WholeNumber, kakao.WholeNumber(field))
	return kakao.Invalid(listIndex.ReplaceAllString(field, "[$1]"), "%s", reason)
}

// listIndex is a list element in kin-openapi's place ("body.scopes.0"),
// written as documents write it ("body.scopes[0]").
var listIndex = regexp.MustCompile(`\.([0-9]+)\b`)

// plainReasons reword kin-openapi's reasons that name a type or a Go
// parser ("an invalid integer invalid syntax") in the words bind uses.
var plainReasons = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^value must be an integer$|^cannot be parsed: an invalid integer invalid syntax$`), "must be " + strictjson.WholeNumber},
	{regexp.MustCompile(`^cannot be parsed: an invalid number invalid syntax$`), "must be a number"},
	{regexp.MustCompile(`^cannot be parsed: an invalid (integer|number) value out of range$`), "is too large: " + strictjson.WholeNumber + " here is from -9223372036854775808 to 9223372036854775807"},
	{regexp.MustCompile(`^integer doesn't match the format "u?int(32|64)" \(value should be between (\S+) and (\S+)\)$`), "is too large: " + strictjson.WholeNumber + " here is from $2 to $3"},
	{regexp.MustCompile(`^value must be a string$`), "must be text"},
	{regexp.MustCompile(`^value must be a boolean$|^cannot be parsed: an invalid boolean.*$`), "must be true or false"},
	{regexp.MustCompile(`^value must be an array$`), "must be a list"},
	{regexp.MustCompile(`^value must be an object$`), "must be an object"},
	{regexp.MustCompile(`^Value is not nullable$`), "must not be null"},
	// the format's pattern is a page of regular expression; an example says it
	{regexp.MustCompile(`^string doesn't match the format "date-time".*$`), "must be a date and time like 2026-01-01T09:00:00+09:00"},
	{regexp.MustCompile(`^string doesn't match the format "date".*$`), "must be a date like 2026-01-31"},
}

// queryInt reads an integer query parameter (already validated).
func queryInt(c *gin.Context, name string, def int) int {
	if n, err := strconv.Atoi(c.Query(name)); err == nil {
		return n
	}
	return def
}

// pathID parses a numeric path parameter.
func pathID(c *gin.Context, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Param(name), 10, 64)
	if err != nil {
		return 0, invalidField("path "+name, "must be a whole number from 1")
	}
	return id, nil
}

// identity is the caller of an operation that needs a token.
func identity(c *gin.Context) auth.Identity { return *callOf(c).identity }

// caller is the identity as Moment sees it.
func caller(c *gin.Context) moment.Caller {
	id := identity(c)
	return moment.Caller{UserID: id.UserID, ResourceIDs: id.ResourceIDs}
}
