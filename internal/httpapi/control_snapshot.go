package httpapi

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/snapshot"
)

// snapshotRoutes export and replace the whole state (rule D02).
func (s *Server) snapshotRoutes() routes {
	return routes{"getSnapshot": s.handleGetSnapshot, "putSnapshot": s.handlePutSnapshot}
}

// handleGetSnapshot handles GET /_sandbox/snapshot. The document is built
// whole before it is sent: --strict checks it like any answer, and the read
// transaction it comes from is not held open by a slow client.
func (s *Server) handleGetSnapshot(*gin.Context) (int, any, error) {
	var buf bytes.Buffer
	if err := s.Admin.Snapshot(&buf); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rawBody{contentType: jsonContentType, data: buf.Bytes()}, nil
}

// handlePutSnapshot handles PUT /_sandbox/snapshot.
func (s *Server) handlePutSnapshot(c *gin.Context) (int, any, error) {
	doc, err := snapshot.Read(callOf(c).body)
	if err == nil {
		var r RestoreReport
		if r, err = s.Admin.Restore(doc); err == nil {
			return http.StatusOK, restoreBody{Buckets: r.Buckets, Entries: r.Entries, Now: r.Now.In(kakao.KST).Format(time.RFC3339)}, nil
		}
	}
	var refused *snapshot.Refused
	if errors.As(err, &refused) {
		return 0, nil, kakao.Invalid("snapshot", "%s", refused.Why)
	}
	return 0, nil, err
}

// RestoreReport is what a snapshot load put in place.
type RestoreReport struct {
	Buckets, Entries int
	Now              time.Time // the sandbox time it resumed at
}

type restoreBody struct {
	Buckets int    `json:"buckets"`
	Entries int    `json:"entries"`
	Now     string `json:"now"`
}
