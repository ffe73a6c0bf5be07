package httpapi

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
)

// call is the per-request state the pipeline builds up.
type call struct {
	start       time.Time
	requestID   string
	op          *openapi.Operation
	pathParams  map[string]string
	body        []byte
	stream      io.Reader // a binary snapshot's body, read by its handler (binary_body.go); body holds its head
	identity    *auth.Identity
	admin       *auth.App // the app an admin key named (KakaoAK), for admin-key calls
	target      uint64    // the user an admin-key call names (target_id)
	adAccountID uint64
	code        int // the Kakao code of the error answered, if any
	warnings    []string
	scenario    *scenarios.Applied // the failure scenario applied, if any
	response    []byte             // the answer's body, for a journal that keeps bodies
	topLevel    map[string]any     // the JSON body's top-level fields, once read
	readFields  bool
}

// fieldsMax is the largest body whose top-level fields are read: the limit
// of every body but a fixture document's or a snapshot's. Those hold no
// scalar worth journalling, and decoding tens of megabytes again, after the
// answer is made and before it is sent, could make it miss the write
// timeout (rule R09).
const fieldsMax = 1 << 20

// fields are the JSON body's top-level fields, read once for the scenario
// match and the journal; nil when the body is not a JSON object or is over
// fieldsMax.
func (cl *call) fields() map[string]any {
	if !cl.readFields {
		if len(cl.body) <= fieldsMax {
			cl.topLevel = topLevel(cl.body)
		}
		cl.readFields = true
	}
	return cl.topLevel
}

const callKey = "kakao-sandbox.call"

func callOf(c *gin.Context) *call { return c.MustGet(callKey).(*call) }

var requestSeq atomic.Uint64

// begin gives the request an id and, once answered, records it in the journal.
func (s *Server) begin(c *gin.Context) {
	start := time.Now()
	cl := &call{start: start, requestID: requestID(start, requestSeq.Add(1))}
	c.Set(callKey, cl)
	c.Header("X-Kakao-Request-Id", cl.requestID)
	c.Next()
	e := journal.Entry{
		Time: cl.start, RequestID: cl.requestID, Method: c.Request.Method, Path: c.Request.URL.Path,
		Status: c.Writer.Status(), Code: cl.code, LatencyMs: float64(time.Since(cl.start).Microseconds()) / 1000,
		AdAccountID: cl.adAccountID, Warnings: cl.warnings,
	}
	if cl.op != nil {
		e.OperationID = cl.op.ID
		if cl.readFields || len(cl.body) > fieldsMax {
			e.Fields = journal.Scalars(cl.fields())
		} else {
			e.FieldsFrom = cl.body // read when the journal is
		}
		if s.Journal.Bodies {
			e.Body, e.Response = string(cl.body), string(cl.response)
		}
	}
	if cl.scenario != nil {
		e.Scenario = cl.scenario.Name
		if cl.scenario.Drop {
			e.Status = 0
		}
	}
	if cl.identity != nil {
		e.UserID, e.AppID = cl.identity.UserID, cl.identity.AppID
	}
	if cl.admin != nil { // never the key itself: the journal keeps no header
		e.UserID, e.AppID = cl.target, cl.admin.ID
	}
	s.Journal.Add(e)
	s.Metrics.Request(e.OperationID, e.Status)
	if s.Logger.Enabled(c.Request.Context(), slog.LevelDebug) { // spares boxing the arguments when off
		s.Logger.Debug("request", "id", cl.requestID, "method", e.Method, "path", e.Path, "status", e.Status, "ms", e.LatencyMs)
	}
}

// requestID is "sbx-<Unix seconds in hex>-<sequence, at least six
// digits>", as fmt's "sbx-%x-%06d" would write it, without fmt's cost on
// every request.
func requestID(now time.Time, seq uint64) string {
	b := make([]byte, 0, 32)
	b = append(b, "sbx-"...)
	b = strconv.AppendInt(b, now.Unix(), 16)
	b = append(b, '-')
	for d := uint64(100000); d > 1 && seq < d; d /= 10 {
		b = append(b, '0')
	}
	return string(strconv.AppendUint(b, seq, 10))
}

// recoverPanic turns a panic into the catalogue's internal error: a bug,
// logged with its stack, never a dropped connection or a plain-text page.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p)
			}
			s.Logger.Error("panic", "panic", p, "stack", string(debug.Stack()))
			c.Abort()
			if !c.Writer.Written() {
				s.fail(c, fmt.Errorf("panic: %v", p))
			}
		}
	}()
	c.Next()
}

// runDueEffects lets effects that real time has reached (a virtual account
// expiring) happen before the request sees the state. The public operations
// (health, the document) read no state, so they never wait for a catch-up:
// a health check answers at once while a file that slept catches up.
func (s *Server) runDueEffects(op *openapi.Operation) {
	if !op.Public && s.Clock.HasDue() {
		if _, err := s.Clock.RunDue(); err != nil {
			s.Logger.Error("due effects", "err", err)
		}
	}
}

// pipeline is the per-operation chain: admin guard → body → identity →
// consent → validation → rate limit → scenario → handler → respond.
func (s *Server) pipeline(op *openapi.Operation, h handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		cl := callOf(c)
		cl.op = op
		s.runDueEffects(op)
		if len(c.Params) > 0 { // most operations have none, and nil reads as empty
			cl.pathParams = make(map[string]string, len(c.Params))
			for _, p := range c.Params {
				cl.pathParams[p.Key] = p.Value
			}
		}
		if err := s.admit(c, cl); err != nil {
			s.fail(c, err)
			return
		}
		if err := s.applyScenario(c, cl); err != nil {
			if _, done := err.(answered); !done {
				s.fail(c, err)
			}
			return
		}
		status, body, err := h(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.respond(c, status, body)
	}
}

// admit runs every check before the handler, in order, stopping at the first.
func (s *Server) admit(c *gin.Context, cl *call) error {
	if s.AdminToken != "" && cl.op.Source == openapi.SourceSandbox && !cl.op.Public {
		if err := s.admitAdmin(c); err != nil {
			return err
		}
	}
	if err := s.readBody(c, cl); err != nil {
		return err
	}
	if err := checkClientAuth(c, cl); err != nil {
		return err
	}
	if cl.op.Spec().Deprecated {
		c.Header("Deprecation", "true") // rule V07
	}
	if cl.op.TokenType != "" || cl.op.AdminKey {
		if err := s.identify(c, cl); err != nil {
			return err
		}
	}
	if cl.identity != nil {
		if err := cl.identity.RequireConsent(cl.op.Consent); err != nil { // T05
			return err
		}
	}
	if err := cl.op.ValidateRequest(c.Request.Context(), c.Request, cl.pathParams, cl.body); err != nil {
		var fe *openapi.FieldError
		if errors.As(err, &fe) {
			return invalidField(fe.Field, fe.Reason)
		}
		return kakao.Invalid("request", "%v", err)
	}
	if cl.op.Warning != "" {
		cl.warnings = append(cl.warnings, cl.op.Warning)
	}
	if cl.identity != nil && s.Limiter.Limited(cl.op.RateBucket) {
		var adAccount uint64 // 0: the limit is the user's, over every ad account
		if cl.op.RatePerAdAccount {
			adAccount = cl.adAccountID
		}
		allow := func() (bool, time.Duration) { return s.Limiter.Allow(cl.identity.UserID, adAccount, cl.op.RateBucket) }
		if cl.op.RateAppWhenMulti && multiAccount(c, cl) {
			allow = func() (bool, time.Duration) { return s.Limiter.AllowApp(cl.identity.AppID, cl.op.RateBucket) }
		}
		if ok, wait := allow(); !ok {
			s.Metrics.RateLimited(cl.op.ID)
			return kakao.ErrRateLimited.With("%s 호출은 허용된 횟수를 초과했습니다. %.1f초 후에 다시 시도하세요.", cl.op.ID, wait.Seconds()).
				WithHeader("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		}
	}
	return nil
}

// multiAccount: a report call without the adAccountId header, or naming
// several ad accounts in its query, is limited per app (docs/kakao-api.md §9.5).
func multiAccount(c *gin.Context, cl *call) bool {
	return cl.adAccountID == 0 || strings.Contains(strings.Join(c.QueryArray("adAccountId"), ","), ",")
}

// readBody reads the whole body under the operation's size limit. A JSON
// body sent with curl's default form content type, as Kakao's own sample
// does, is read as JSON with a warning rather than refused; a YAML one, where
// the operation takes YAML, as YAML (sniffedType). On the control plane only
// when no browser sent it (browserBody, rule R12).
func (s *Server) readBody(c *gin.Context, cl *call) error {
	if c.Request.ContentLength == 0 { // nothing to read (a chunked body says -1)
		return nil
	}
	if streamed, err := s.streamedBody(c, cl); streamed || err != nil {
		return err
	}
	limit := s.MaxBody
	if cl.op.MaxBody > 0 {
		limit = cl.op.MaxBody
	}
	if c.Request.ContentLength > limit { // said up front: refused before it is sent
		return kakao.ErrBodyTooLarge.With("request body is larger than %d bytes", limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return kakao.ErrBodyTooLarge.With("request body is larger than %d bytes", limit)
		}
		return kakao.Invalid("body", "could not be read: %v", err)
	}
	cl.body = body
	ct := c.Request.Header.Get("Content-Type")
	if as := sniffedType(ct, cl.op.Spec().RequestBody, body); as != "" {
		if cl.op.Source == openapi.SourceSandbox {
			if err := s.browserBody(c.Request, ct); err != nil {
				return err
			}
		}
		c.Request.Header.Set("Content-Type", as)
		cl.warnings = append(cl.warnings, fmt.Sprintf("Content-Type %q was read as %s: send Content-Type: %s", ct, as, as))
	}
	if c.Request.Method == http.MethodGet && cl.op.Spec().RequestBody == nil && len(body) > 0 {
		cl.body = nil // a stray body on a plain GET is ignored, as servers do
		return nil
	}
	if strings.Contains(strings.ToLower(c.Request.Header.Get("Content-Type")), "json") {
		return checkUTF8(body)
	}
	return nil
}

// checkUTF8 refuses a JSON body that is not valid UTF-8, or that escapes
// half a UTF-16 surrogate pair (\ud800 alone): the JSON decoder would store
// either as U+FFFD, a name the client never sent, where fixtures refuse it
// (rule R10). A whole pair (\ud83d\ude00, 😀) is text.
func checkUTF8(body []byte) error {
	if !utf8.Valid(body) {
		n := 0
		for n < len(body) {
			r, size := utf8.DecodeRune(body[n:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			n += size
		}
		return kakao.Invalid("body", "not valid UTF-8 (byte %d)", n+1) // from 1, as malformedAt counts
	}
	for i := 0; i+1 < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		i++ // the escaped character: a backslash escapes only one
		if body[i] != 'u' {
			continue
		}
		hi, ok := surrogate(body[i+1:])
		switch {
		case !ok:
		case hi && i+10 < len(body) && body[i+5] == '\\' && body[i+6] == 'u':
			if low, ok := surrogate(body[i+7:]); ok && !low {
				i += 10 // the pair's second half
				continue
			}
			fallthrough
		default:
			return kakao.Invalid("body", "not valid UTF-8 (byte %d): %s is half a UTF-16 surrogate pair", i, body[i-1:i+5])
		}
	}
	return nil
}

// surrogate reads the four hex digits after \u: whether they are a UTF-16
// surrogate (ok) and whether the high, first half of a pair (hi).
func surrogate(hex []byte) (hi, ok bool) {
	if len(hex) < 4 || hex[0]|0x20 != 'd' {
		return false, false
	}
	switch hex[1] | 0x20 {
	case '8', '9', 'a', 'b':
		return true, true
	case 'c', 'd', 'e', 'f':
		return false, true
	}
	return false, false
}

// identify resolves the bearer token to an identity (T02) of the type the
// operation needs (T03), and notes the adAccountId header for the journal.
func (s *Server) identify(c *gin.Context, cl *call) error {
	if v := c.Request.Header.Get("adAccountId"); v != "" {
		cl.adAccountID, _ = strconv.ParseUint(v, 10, 64)
	}
	if key, ok := kakaoAK(c.Request.Header.Get("Authorization")); ok || cl.op.TokenType == "" {
		return s.identifyAdmin(cl, key, ok)
	}
	tok, ok := bearer(c.Request.Header.Get("Authorization"))
	if q := c.Query("access_token"); !ok && q != "" {
		// passport-kakao's default on kapi, which Kakao takes; its
		// documents name only the header (T11). A header, when present, wins.
		if cl.op.Surface != surfaceKapi {
			return kakao.ErrTokenNotFound.With("this access token does not exist: the token came as ?access_token=, " +
				"which only kapi.kakao.com's calls take: send Authorization: Bearer <token>")
		}
		if s.HeaderTokenOnly {
			return kakao.ErrTokenNotFound.With("this access token does not exist: the token came as ?access_token=, and this sandbox runs with " +
				"--query-access-token=false, which takes only Authorization: Bearer <token> (passport-kakao: call strategy._oauth2.useAuthorizationHeaderforGET(true))")
		}
		tok, ok = q, true
		cl.warnings = append(cl.warnings, queryTokenWarning)
	}
	if !ok {
		return kakao.ErrTokenNotFound
	}
	id, err := s.Auth.Authenticate(tok)
	if err != nil {
		return err
	}
	cl.identity = &id
	if t := auth.TokenType(cl.op.TokenType); t != auth.Any {
		return id.Require(t)
	}
	return nil
}

// queryTokenWarning is the journal's note on a token taken from the query.
const queryTokenWarning = "the access token came as ?access_token=: Kakao takes it, but documents only Authorization: Bearer <token>"

// identifyAdmin resolves an admin key (KakaoAK, rule H01) to its app, on an
// operation that takes one; an admin-key-only operation given anything else
// says which key belongs there, and so does a user-token operation given an
// admin key.
func (s *Server) identifyAdmin(cl *call, key string, sent bool) error {
	switch {
	case !cl.op.AdminKey:
		return kakao.ErrAdminKeyRefused
	case !sent:
		return kakao.ErrAdminKeyRequired
	}
	app, err := s.Auth.AuthenticateAdmin(key)
	if err != nil {
		return err
	}
	cl.admin = &app
	return nil
}

// kakaoAK reads Authorization: KakaoAK <key>, Kakao's app-key scheme.
func kakaoAK(header string) (string, bool) { return authParam(header, "KakaoAK") }

func bearer(header string) (string, bool) { return authParam(header, "Bearer") }

// authParam is an Authorization header's credentials under scheme.
func authParam(header, scheme string) (string, bool) {
	got, cred, ok := strings.Cut(strings.TrimSpace(header), " ")
	cred = strings.TrimSpace(cred)
	return cred, ok && strings.EqualFold(got, scheme) && cred != ""
}
