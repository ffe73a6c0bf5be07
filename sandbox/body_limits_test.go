package sandbox_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOversizedBodiesAreRefusedUpFront: a body whose Content-Length is over
// the operation's cap is refused before it is read (413), and a binary
// snapshot that does not begin as a bbolt file before it is written to disk
// (400): the answer comes while the client is still sending, after at most
// the quarter mebibyte Go's server reads of an unread body to keep the
// connection, not after the gibibytes the client said it would send.
func TestOversizedBodiesAreRefusedUpFront(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	for _, tc := range []struct {
		name, contentType, length, head string
		status                          int
	}{
		{"json over its cap", "application/json", "1099511627776", `{"a":`, 413},
		{"binary over its cap", "application/octet-stream", "17179869185", "", 413},
		{"binary that is no bbolt file", "application/octet-stream", "1073741824", strings.Repeat("\x00", 64), 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(sb.URL, "http://"))
			require.NoError(t, err)
			defer conn.Close()
			require.NoError(t, conn.SetDeadline(time.Now().Add(20*time.Second)))
			_, err = conn.Write([]byte("PUT /_sandbox/snapshot HTTP/1.1\r\nHost: x\r\nContent-Type: " + tc.contentType +
				"\r\nContent-Length: " + tc.length + "\r\n\r\n" + tc.head))
			require.NoError(t, err)
			go func() { // the rest of the body, as a client sends it, up to 32 MiB
				chunk := make([]byte, 64<<10)
				for range 512 {
					if _, err := conn.Write(chunk); err != nil {
						return
					}
				}
			}()
			r, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err, "answered while the body is being sent")
			defer r.Body.Close()
			msg, _ := io.ReadAll(r.Body)
			assert.Equal(t, tc.status, r.StatusCode, "%s", msg)
			assert.Contains(t, r.Header.Get("Content-Type"), "json", "a Kakao-format error")
		})
	}
}
