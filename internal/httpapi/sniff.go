package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// sniffedType is the content type a body sent with curl's default form type
// (or with none) is read as: curl -d and --data-binary send every file as a
// form, so a JSON body goes to JSON, and anything else to YAML where the
// operation takes YAML (fixtures, scenarios). "" leaves the type alone: the
// operation takes forms, or the body fits nothing it takes.
func sniffedType(contentType string, rb *openapi3.RequestBodyRef, body []byte) string {
	if rb == nil || len(body) == 0 || (contentType != "" && !strings.HasPrefix(contentType, "application/x-www-form-urlencoded")) {
		return ""
	}
	takes := func(t string) bool { return rb.Value.Content.Get(t) != nil }
	jsonLike := bytes.HasPrefix(bytes.TrimSpace(body), []byte("{"))
	switch {
	case takes("application/yaml") && !(jsonLike && json.Valid(body)):
		return "application/yaml" // YAML's flow style starts with { too
	case takes("application/json") && jsonLike:
		return "application/json"
	}
	return ""
}
