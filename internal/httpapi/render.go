package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

const jsonContentType = "application/json;charset=UTF-8"

// rawBody is a response that is not JSON: the OpenAPI document, a page, a
// redirect or an empty body.
type rawBody struct {
	contentType string
	data        []byte
	// bare sends no Content-Type at all, as Kakao's redirects do.
	bare bool
}

// streamBody is a large answer sent from a reader (a snapshot export)
// rather than held in memory; done runs once it is sent, or not sent.
type streamBody struct {
	contentType string
	filename    string // the file a browser saves it as; "" none
	r           io.Reader
	size        int64
	done        func()
}

// apiError is the kapi and Moment error body (docs/errors.md).
type apiError struct {
	Code           int      `json:"code"`
	Msg            string   `json:"msg"`
	Extras         *extras  `json:"extras,omitempty"`
	RequiredScopes []string `json:"required_scopes,omitempty"`
}

type extras struct {
	DetailCode int    `json:"detailCode,omitempty"`
	DetailMsg  string `json:"detailMsg,omitempty"`
}

// authError is kauth's error body.
type authError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCode        string `json:"error_code,omitempty"`
}

// fail renders any error. A catalogue error is written as Kakao would;
// anything else is a sandbox bug: logged, and answered as the internal error.
func (s *Server) fail(c *gin.Context, err error) {
	ke, ok := kakao.As(err)
	switch {
	case ok:
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		// Not a bug: the machine's disk is full (rule R13).
		s.Logger.Error("the disk holding the data file is full", "err", err, "path", c.Request.URL.Path, "request_id", callOf(c).requestID)
		ke = kakao.ErrDiskFull
	default:
		s.Logger.Error("internal error", "err", err, "path", c.Request.URL.Path, "request_id", callOf(c).requestID)
		ke = kakao.ErrInternal
	}
	surface := s.surfaceOf(c)
	if surface == surfaceMoment {
		ke = ke.InMoment()
	}
	callOf(c).code = ke.Code
	for k, vs := range ke.Header {
		for _, v := range vs {
			c.Writer.Header().Set(k, v)
		}
	}
	s.respond(c, ke.Status, errorBody(ke, surface))
}

// surfaceOf is the surface of the request's operation or, when none
// matched, of the paths it falls under.
func (s *Server) surfaceOf(c *gin.Context) string {
	if op := callOf(c).op; op != nil {
		return op.Surface
	}
	return s.Spec.SurfaceOf(c.Request.URL.Path)
}

// errorBody writes an error in the shape of a surface; kapi's by default.
func errorBody(ke *kakao.Error, surface string) any {
	switch {
	case surface == surfaceKauth && ke.Shape == kakao.ShapeAuth:
		return authError{Error: ke.OAuthError, ErrorDescription: ke.Msg, ErrorCode: ke.KOE}
	case surface == surfaceKauth: // kauth speaks OAuth even for a bad parameter
		return authError{Error: "invalid_request", ErrorDescription: ke.Msg}
	case ke.Shape == kakao.ShapeAuth:
		// A kauth error elsewhere (a scenario may answer one on any call)
		// keeps its words in the surface's own shape.
		code := kakao.ErrInvalidParam.Code
		if ke.Status == http.StatusUnauthorized {
			code = kakao.ErrTokenNotFound.Code
		}
		ke = &kakao.Error{Status: ke.Status, Code: code, Msg: strings.TrimSpace(ke.KOE + " " + ke.OAuthError + ": " + ke.Msg)}
	}
	body := apiError{Code: ke.Code, Msg: ke.Msg, RequiredScopes: ke.RequiredScopes}
	// Moment's ad APIs carry extras even when empty (docs/kakao-api.md §1.1).
	if ke.DetailCode != 0 || surface == surfaceMoment {
		body.Extras = &extras{DetailCode: ke.DetailCode, DetailMsg: ke.DetailMsg}
	}
	return body
}

// respond writes a response: the one place bodies are encoded, and where
// --strict (always on in tests) checks them against the document.
func (s *Server) respond(c *gin.Context, status int, body any) {
	cl := callOf(c)
	contentType := jsonContentType
	var data []byte
	var err error
	if st, ok := body.(streamBody); ok {
		defer st.done()
		if st.filename != "" {
			c.Writer.Header().Set("Content-Disposition", `attachment; filename="`+st.filename+`"`)
		}
		if !s.Strict && cl.scenario == nil { // sent as it is read
			c.Writer.Header().Set("Content-Type", st.contentType)
			c.Writer.Header().Set("Content-Length", strconv.FormatInt(st.size, 10))
			c.Writer.WriteHeader(status)
			_, _ = io.Copy(c.Writer, st.r)
			return
		}
		var all []byte // checked or mangled whole
		all, err = io.ReadAll(st.r)
		body = rawBody{contentType: st.contentType, data: all} // an error answers the internal error below
	}
	if raw, ok := body.(rawBody); ok {
		contentType, data = raw.contentType, raw.data
		if contentType == "" && !raw.bare {
			contentType = jsonContentType // an empty body says nothing, but says it as Kakao does
		}
	} else {
		data, err = encode(body)
	}
	if err == nil && s.Strict && cl.op != nil {
		if contentType != "" {
			c.Writer.Header().Set("Content-Type", contentType)
		}
		err = cl.op.ValidateResponse(c.Request.Context(), c.Request, cl.pathParams, status, c.Writer.Header(), data)
	}
	if err != nil {
		if status == kakao.ErrInternal.Status {
			err = errors.Join(err, errors.New("while answering an internal error"))
		}
		s.Logger.Error("response breaks the contract", "err", err, "request_id", cl.requestID)
		cl.code = kakao.ErrInternal.Code
		data, _ = encode(errorBody(kakao.ErrInternal, s.surfaceOf(c)))
		status, contentType = kakao.ErrInternal.Status, jsonContentType
	}
	cl.response = data
	if cl.scenario != nil {
		s.writeMangled(c, cl.scenario, status, contentType, data)
		return
	}
	write(c, status, contentType, data)
}

// write sends an answer; without a content type and a body it sends the
// status alone, and net/http adds Content-Length: 0.
func write(c *gin.Context, status int, contentType string, data []byte) {
	if contentType == "" && len(data) == 0 {
		c.Status(status)
		c.Writer.WriteHeaderNow()
		return
	}
	c.Data(status, contentType, data)
}

// encode writes JSON without escaping <, > and &, as Kakao's bodies do.
func encode(v any) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, 512)) // most answers fit, so the buffer is made once
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
