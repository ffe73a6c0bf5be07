// Package openapi is the sandbox's contract: the embedded OpenAPI document,
// loaded and validated once at start, with one ready route per operation so
// requests and responses can be checked against it without routing twice.
//
// It uses kin-openapi, ratelimit to read the limits it declares, and
// strictjson to refuse a body that repeats a key; it must not import Gin or
// any domain package.
package openapi

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ratelimit"
	"github.com/kakao-sandbox/kakao-sandbox/internal/strictjson"
)

// Embedded is the document shipped in the binary.
//
//go:embed openapi.yaml
var Embedded []byte

// Spec is a loaded, validated document.
type Spec struct {
	Raw        []byte
	Operations []*Operation // sorted by path, then method
	// prefixes are the paths each surface owns (x-sandbox-path-prefix on its
	// tag), so a request no operation matches still gets its surface's shape.
	prefixes map[string]string // path prefix → surface
}

// SurfaceOf is the surface whose paths path falls under, or "".
func (s *Spec) SurfaceOf(path string) string {
	for prefix, surface := range s.prefixes {
		if strings.HasPrefix(path, prefix) {
			return surface
		}
	}
	return ""
}

// Operation is one method on one path, ready to validate against, with the
// policy the document sets for it. Every per-operation rule is read here,
// once, so no Go table keyed by operationId or path prefix repeats it.
type Operation struct {
	ID      string
	Method  string
	Path    string // as in the document: /x/{id}
	GinPath string // as Gin routes it: /x/:id
	// Surface is the operation's tag: moment, kauth, kapi, control or
	// contract. It picks the handler table and the error body's shape.
	Surface string
	// Source is x-kakao-source: kakao (a published Kakao API), console (a
	// web-console action modelled by the sandbox) or sandbox (its own).
	Source string
	// Public exempts a sandbox operation from the admin token
	// (x-sandbox-public): the contract is readable by anyone.
	Public bool
	// ScenarioProof keeps every failure scenario away from the operation
	// (x-sandbox-scenario-proof): health, reset and scenario activation
	// must answer whatever is active (rule R06).
	ScenarioProof bool
	TokenType     string // the x-token-type of its security scheme; "" when it needs none
	// AdminKey: the operation also takes (or, with no TokenType, takes only)
	// the app's admin key, Authorization: KakaoAK (a scheme with x-token-type admin).
	AdminKey bool
	Consent  []string // x-kakao-consent: business consent items the token must hold
	Warning  string   // x-sandbox-warning: recorded in the journal for every call
	MaxBody  int64    // x-max-body-bytes: a larger body limit than the default
	// ClientAuth is x-kakao-client-auth, how a token endpoint takes the
	// client's credentials: client_secret_post (form fields only, T10).
	ClientAuth string
	// RateLimit is x-kakao-rate-limit, Kakao's limit per user ("1/s"); nil
	// for none. RateBucket is whose limit a call counts against: its own
	// id, or the operation named by x-kakao-rate-limit-bucket (the GET form
	// of the virtual-account call is the same call).
	RateLimit  *ratelimit.Limit
	RateBucket string
	// RatePerAdAccount is x-kakao-rate-limit-per: adAccount: the limit
	// counts a user's calls on each ad account (the adAccountId header)
	// apart, as clients read Kakao's ads pages; otherwise per user. A
	// shared bucket takes its owner's.
	RatePerAdAccount bool
	// RateAppWhenMulti is x-kakao-rate-limit-per: adAccountOrApp (Moment's
	// reports): per ad account for a single-account call, per app (over
	// its users) for a call naming several ad accounts (httpapi decides
	// which a call is).
	RateAppWhenMulti bool
	route            *routers.Route // the operation as in the document
	// checked is route without its security requirements: what requests
	// and responses are validated against (newOperation says why).
	checked *routers.Route
}

// Sources an operation may declare in x-kakao-source.
const (
	SourceKakao   = "kakao"
	SourceConsole = "console"
	SourceSandbox = "sandbox"
)

// HTML pages (the consent page) are validated as plain text; text/yaml, a
// common name for YAML that kin-openapi does not know, as YAML.
func init() {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/yaml", openapi3filter.YamlBodyDecoder)
}

var validation = &openapi3filter.Options{
	AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc, // identity is checked by the sandbox, with Kakao's errors
	SkipSettingDefaults:   true,                                  // the request body reaches handlers exactly as sent
	IncludeResponseStatus: true,
}

// Load parses and validates a document and prepares its operations.
func Load(data []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("openapi: parse: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: invalid document: %w", err)
	}
	// An absolute server URL would make every other host fail to match.
	doc.Servers = nil
	s := &Spec{Raw: data, prefixes: map[string]string{}}
	for _, tag := range doc.Tags {
		if prefix := stringExt(tag.Extensions, "x-sandbox-path-prefix"); prefix != "" {
			s.prefixes[prefix] = tag.Name
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o, err := newOperation(doc, path, item, method, op)
			if err != nil {
				return nil, err
			}
			if surface := s.SurfaceOf(path); surface != "" && surface != o.Surface {
				return nil, fmt.Errorf("openapi: %s: %s is under the %s surface's paths, but the operation is tagged %s", o.ID, path, surface, o.Surface)
			}
			s.Operations = append(s.Operations, o)
		}
	}
	sort.Slice(s.Operations, func(i, j int) bool {
		a, b := s.Operations[i], s.Operations[j]
		return a.Path < b.Path || a.Path == b.Path && a.Method < b.Method
	})
	return s, checkRateBuckets(s.Operations)
}

func newOperation(doc *openapi3.T, path string, item *openapi3.PathItem, method string, op *openapi3.Operation) (*Operation, error) {
	if op.OperationID == "" {
		return nil, fmt.Errorf("openapi: %s %s has no operationId", method, path)
	}
	o := &Operation{
		ID: op.OperationID, Method: method, Path: path, GinPath: ginPath(path),
		Source:           stringExt(op.Extensions, "x-kakao-source"),
		Public:           op.Extensions["x-sandbox-public"] == true,
		ScenarioProof:    op.Extensions["x-sandbox-scenario-proof"] == true,
		TokenType:        tokenType(doc, op, userToken),
		AdminKey:         tokenType(doc, op, adminKey) != "",
		Consent:          stringsExt(op.Extensions, "x-kakao-consent"),
		Warning:          stringExt(op.Extensions, "x-sandbox-warning"),
		ClientAuth:       stringExt(op.Extensions, "x-kakao-client-auth"),
		MaxBody:          int64Ext(op.Extensions, "x-max-body-bytes"),
		RateBucket:       stringExt(op.Extensions, "x-kakao-rate-limit-bucket"),
		RatePerAdAccount: strings.HasPrefix(stringExt(op.Extensions, "x-kakao-rate-limit-per"), "adAccount"),
		RateAppWhenMulti: stringExt(op.Extensions, "x-kakao-rate-limit-per") == "adAccountOrApp",
		route:            &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
	}
	switch o.Source {
	case SourceKakao, SourceConsole, SourceSandbox:
	default:
		return nil, fmt.Errorf("openapi: %s needs x-kakao-source kakao, console or sandbox", o.ID)
	}
	if (o.Public || o.ScenarioProof) && o.Source != SourceSandbox {
		return nil, fmt.Errorf("openapi: %s: x-sandbox-public and x-sandbox-scenario-proof are for the sandbox's own operations", o.ID)
	}
	if len(op.Tags) != 1 || doc.Tags.Get(op.Tags[0]) == nil {
		return nil, fmt.Errorf("openapi: %s needs exactly one tag, declared in tags, naming its surface", o.ID)
	}
	o.Surface = op.Tags[0]
	// kin-openapi's security check cannot fail here: the document is valid,
	// so every scheme is declared, and AuthenticationFunc accepts anything
	// (the sandbox checks identity itself, with Kakao's errors). Yet it reads
	// and copies the request body to give each scheme a fresh one. So the
	// route validated against has no security requirements to check.
	unsecured := *op
	unsecured.Security = &openapi3.SecurityRequirements{}
	checked := *o.route
	checked.Operation = &unsecured
	o.checked = &checked
	if per := stringExt(op.Extensions, "x-kakao-rate-limit-per"); per != "" && (per != "adAccount" && per != "adAccountOrApp" || stringExt(op.Extensions, "x-kakao-rate-limit") == "") {
		return nil, fmt.Errorf("openapi: %s: x-kakao-rate-limit-per %q: only adAccount or adAccountOrApp, beside x-kakao-rate-limit", o.ID, per)
	}
	return o, o.readRateLimit(stringExt(op.Extensions, "x-kakao-rate-limit"))
}

// readRateLimit applies x-kakao-rate-limit and x-kakao-rate-limit-bucket.
// Limits are per user, so only an operation that takes a token has one.
func (o *Operation) readRateLimit(limit string) error {
	if limit != "" {
		l, err := ratelimit.ParseLimit(limit)
		if err != nil {
			return fmt.Errorf("openapi: %s x-kakao-rate-limit %q: %w", o.ID, limit, err)
		}
		o.RateLimit = &l
	}
	switch {
	case (o.RateLimit != nil || o.RateBucket != "") && o.TokenType == "":
		return fmt.Errorf("openapi: %s: a rate limit is per user, so the operation needs a token (security)", o.ID)
	case o.RateBucket == "":
		o.RateBucket = o.ID
	case o.RateLimit != nil:
		return fmt.Errorf("openapi: %s has both x-kakao-rate-limit and x-kakao-rate-limit-bucket; a shared bucket takes the other operation's limit", o.ID)
	}
	return nil
}

// checkRateBuckets makes sure every shared bucket is an operation's own.
func checkRateBuckets(ops []*Operation) error {
	own := map[string]*Operation{}
	for _, o := range ops {
		if o.RateLimit != nil {
			own[o.ID] = o
		}
	}
	for _, o := range ops {
		if o.RateBucket == o.ID {
			continue
		}
		owner := own[o.RateBucket]
		if owner == nil {
			return fmt.Errorf("openapi: %s: x-kakao-rate-limit-bucket %s names no operation with x-kakao-rate-limit", o.ID, o.RateBucket)
		}
		o.RatePerAdAccount, o.RateAppWhenMulti = owner.RatePerAdAccount, owner.RateAppWhenMulti
	}
	return nil
}

// Spec returns the kin-openapi operation, for tests that walk the document.
func (o *Operation) Spec() *openapi3.Operation { return o.route.Operation }

func stringExt(ext map[string]any, name string) string {
	s, _ := ext[name].(string)
	return s
}

func stringsExt(ext map[string]any, name string) []string {
	list, _ := ext[name].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// int64Ext reads a numeric extension, which the loader decodes as float64.
func int64Ext(ext map[string]any, name string) int64 {
	f, _ := ext[name].(float64)
	return int64(f)
}

func ginPath(p string) string {
	p = strings.ReplaceAll(p, "{", ":")
	return strings.ReplaceAll(p, "}", "")
}

// AdminKeyType is the x-token-type of the admin-key scheme (KakaoAK).
const AdminKeyType = "admin"

func userToken(t string) bool { return t != AdminKeyType }
func adminKey(t string) bool  { return t == AdminKeyType }

// tokenType is the x-token-type of the first scheme in op's security
// alternatives that want keeps: the user token it takes, or the admin key.
func tokenType(doc *openapi3.T, op *openapi3.Operation, want func(string) bool) string {
	if op.Security == nil {
		return ""
	}
	for _, req := range *op.Security {
		for name := range req {
			if ref := doc.Components.SecuritySchemes[name]; ref != nil && ref.Value != nil {
				if t, _ := ref.Value.Extensions["x-token-type"].(string); t != "" && want(t) {
					return t
				}
			}
		}
	}
	return ""
}

// ValidateRequest checks a request whose body has already been read into
// body. A failure is an error that names the offending field. The request's
// Body reads body again afterwards, for handlers that parse a form.
func (o *Operation) ValidateRequest(ctx context.Context, r *http.Request, pathParams map[string]string, body []byte) error {
	if len(body) > 0 && isJSON(r.Header.Get("Content-Type")) {
		if err := strictjson.Check(body); err != nil {
			return &FieldError{Field: "body", Reason: err.Error()}
		}
	}
	rd := bytes.NewReader(body)
	rc := io.NopCloser(rd)
	r.Body = rc
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams, Route: o.checked, Options: validation}
	err := openapi3filter.ValidateRequest(ctx, in)
	rd.Reset(body)
	r.Body = rc
	if err != nil {
		fe := describe(err)
		if strings.HasPrefix(fe.Reason, "header Content-Type has unexpected value") {
			fe.Reason += ": send Content-Type: " + strings.Join(o.requestTypes(), " or ")
		}
		return fe
	}
	return nil
}

// requestTypes are the content types the operation's body may be sent as.
func (o *Operation) requestTypes() []string {
	rb := o.route.Operation.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(rb.Value.Content))
}

// ValidateResponse checks a response about to be sent.
func (o *Operation) ValidateResponse(ctx context.Context, r *http.Request, pathParams map[string]string, status int, header http.Header, body []byte) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams, Route: o.checked, Options: validation},
		Status:                 status,
		Header:                 header,
		Options:                validation,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		return fmt.Errorf("openapi: %s response %d breaks the contract: %w", o.ID, status, err)
	}
	return nil
}

func isJSON(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/json")
}

// FieldError is a request that breaks the contract, with the field it names.
type FieldError struct {
	Field  string // "body.bankCode", "header adAccountId", …
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// describe turns kin-openapi's error into one that names the field.
func describe(err error) *FieldError {
	fe := describeRequestError(err)
	fe.Reason = plainReason(fe.Reason)
	return fe
}

// goPhrases are kin-openapi reasons that speak of Go, in the client's words.
var goPhrases = strings.NewReplacer(
	"cannot convert json.Number to float64", "is a number too large to read",
	"cannot convert json.Number to int64", "is a number too large to read",
)

func plainReason(reason string) string { return goPhrases.Replace(reason) }

func describeRequestError(err error) *FieldError {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return &FieldError{Field: "request", Reason: err.Error()}
	}
	field := "body"
	if re.Parameter != nil {
		field = re.Parameter.In + " " + re.Parameter.Name
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		if ptr := se.JSONPointer(); len(ptr) > 0 {
			if re.Parameter != nil {
				field += "." + strings.Join(ptr, ".")
			} else {
				field = "body." + strings.Join(ptr, ".")
			}
		}
		return &FieldError{Field: field, Reason: schemaReason(se, re.Parameter)}
	}
	var pe *openapi3filter.ParseError
	if errors.As(re.Err, &pe) {
		reason := pe.Reason
		if cause := pe.RootCause(); cause != nil && cause != error(pe) {
			reason = strings.TrimSpace(reason + " " + cause.Error())
		}
		return &FieldError{Field: field, Reason: "cannot be parsed: " + reason}
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return &FieldError{Field: field, Reason: "is required"}
	}
	if re.Err != nil {
		return &FieldError{Field: field, Reason: re.Err.Error()}
	}
	return &FieldError{Field: field, Reason: re.Reason}
}

// schemaReason is kin-openapi's reason, but for a pattern: a regular
// expression is no answer to a client, the document's description of the
// value is.
func schemaReason(se *openapi3.SchemaError, p *openapi3.Parameter) string {
	if se.SchemaField != "pattern" {
		return se.Reason
	}
	desc := "see the pattern in /openapi.yaml"
	switch {
	case p != nil && p.Description != "":
		desc = p.Description
	case se.Schema != nil && se.Schema.Description != "":
		desc = se.Schema.Description
	}
	return fmt.Sprintf("%v is not a value it takes: %s", se.Value, desc)
}

// Default is the embedded document, loaded and validated once per process.
var Default = sync.OnceValues(func() (*Spec, error) { return Load(Embedded) })
