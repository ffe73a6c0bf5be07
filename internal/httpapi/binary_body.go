package httpapi

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A binary snapshot (rule D04) is the data file itself, hundreds of
// megabytes at 100k ad accounts: its body is not read into memory before
// the handler, as other bodies are, but streamed by the handler to a file
// beside the data file. It is told by its Content-Type, or, sent as curl
// sends files (a form, or no type), by bbolt's magic number.

// maxBinaryBody caps a binary snapshot: a data file far larger than any
// the sandbox writes (a million ad accounts), never memory.
const maxBinaryBody = 16 << 30

// magicLen is how much of a body store.Magic reads.
const magicLen = 20

// streamedBody leaves a binary snapshot's body to be streamed (cl.stream),
// its first bytes in cl.body for the request's validation, and says so; one
// whose Content-Length is over the cap is refused before it is read.
func (s *Server) streamedBody(c *gin.Context, cl *call) (bool, error) {
	rb := cl.op.Spec().RequestBody
	if rb == nil || rb.Value.Content.Get(binaryContentType) == nil {
		return false, nil
	}
	orig := c.Request.Body
	br := bufio.NewReaderSize(orig, 4096)
	c.Request.Body = struct {
		io.Reader
		io.Closer
	}{br, orig}
	head, _ := br.Peek(magicLen)
	ct := c.Request.Header.Get("Content-Type")
	sniffed := (ct == "" || strings.HasPrefix(ct, "application/x-www-form-urlencoded")) && store.Magic(head)
	if !strings.HasPrefix(ct, binaryContentType) && !sniffed {
		return false, nil
	}
	if c.Request.ContentLength > maxBinaryBody {
		return true, kakao.ErrBodyTooLarge.With("a binary snapshot is larger than %d bytes", int64(maxBinaryBody))
	}
	if sniffed {
		c.Request.Header.Set("Content-Type", binaryContentType)
		cl.warnings = append(cl.warnings, fmt.Sprintf("Content-Type %q was read as %s (a bbolt file): send Content-Type: %s", ct, binaryContentType, binaryContentType))
	}
	cl.body = append([]byte(nil), head...)
	cl.stream = &bodyReader{r: http.MaxBytesReader(c.Writer, c.Request.Body, maxBinaryBody)}
	return true, nil
}

// refuseBinaryEarly refuses a binary body whose first bytes (head) are not
// a bbolt file's, before any of it is written to disk.
func refuseBinaryEarly(head []byte) error {
	if !store.Magic(head) {
		return kakao.Invalid("snapshot", "the body is not a kakao-sandbox data file (it has no bbolt magic number at byte 16); a JSON snapshot goes with Content-Type: application/json")
	}
	return nil
}

// bodyReader remembers why reading a body failed, so the answer can blame
// the body (4xx) rather than the disk.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// bodyFailure is the answer for a body that could not be read whole, or nil.
func bodyFailure(r io.Reader) error {
	b, ok := r.(*bodyReader)
	if !ok || b.err == nil {
		return nil
	}
	var tooLarge *http.MaxBytesError
	if errors.As(b.err, &tooLarge) {
		return kakao.ErrBodyTooLarge.With("a binary snapshot is larger than %d bytes", int64(maxBinaryBody))
	}
	return kakao.Invalid("body", "could not be read: %v", b.err)
}
