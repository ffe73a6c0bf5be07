package httpapi

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
)

// bind decodes the (already validated) JSON body into v. An empty body
// leaves v as it is, for operations whose body is optional.
func bind(c *gin.Context, v any) error {
	body := callOf(c).body
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return kakao.Invalid("body", "%v", err)
	}
	return nil
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
		return 0, kakao.Invalid("path "+name, "must be a positive integer")
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
