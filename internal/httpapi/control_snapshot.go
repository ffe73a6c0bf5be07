package httpapi

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/snapshot"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// snapshotRoutes export and replace the whole state (rule D02).
func (s *Server) snapshotRoutes() routes {
	return routes{"getSnapshot": s.handleGetSnapshot, "putSnapshot": s.handlePutSnapshot}
}

// Snapshot exports at once, and how long one waits for its turn (rule
// R04): each writes the whole state, so sixteen at once on a 54 MB state
// held 1.09 GB. Past the wait it is a 429 saying why, with Retry-After.
const (
	maxExports = 2
	exportWait = 2 * time.Second
)

// handleGetSnapshot handles GET /_sandbox/snapshot. The document is written
// whole from one read transaction into a spool file, then sent from there:
// the transaction is not held open by a slow client, and an export holds
// no more memory than its buffers. At most maxExports run at once.
func (s *Server) handleGetSnapshot(c *gin.Context) (int, any, error) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "bbolt" {
		return 0, nil, kakao.Invalid("format", "%q is neither json (the default) nor bbolt", format)
	}
	release, err := s.exportTurn(c)
	if err != nil {
		return 0, nil, err
	}
	if format == "bbolt" {
		return s.streamBinary(release)
	}
	f, size, err := s.spool()
	if err != nil {
		release()
		return 0, nil, err
	}
	return http.StatusOK, streamBody{contentType: jsonContentType, r: f, size: size, done: func() { f.Close(); release() }}, nil
}

// exportTurn waits up to exportWait for an export's turn.
func (s *Server) exportTurn(c *gin.Context) (release func(), err error) {
	t := time.NewTimer(exportWait)
	defer t.Stop()
	select {
	case s.exports <- struct{}{}:
		return func() { <-s.exports }, nil
	case <-t.C:
	case <-c.Request.Context().Done():
	}
	return nil, kakao.ErrSnapshotBusy.With("%d snapshot exports are running, the most at once (rule R04); retry when one is done", maxExports).
		WithHeader("Retry-After", strconv.Itoa(int(exportWait/time.Second)))
}

// spool writes the snapshot to a temporary file, removed as soon as it is
// open where the system allows, and returns it read from the start.
func (s *Server) spool() (*spoolFile, int64, error) {
	f, err := os.CreateTemp("", "kakao-sandbox-export-*.json")
	if err != nil {
		return nil, 0, err
	}
	sf := &spoolFile{File: f, removed: os.Remove(f.Name()) == nil}
	w := bufio.NewWriterSize(f, 256<<10)
	err = s.Admin.Snapshot(w)
	if err == nil {
		err = w.Flush()
	}
	var size int64
	if err == nil {
		size, err = f.Seek(0, io.SeekCurrent)
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		sf.Close()
		return nil, 0, err
	}
	return sf, size, nil
}

// spoolFile is a spooled export; closing it removes it.
type spoolFile struct {
	*os.File
	removed bool
}

func (f *spoolFile) Close() error {
	err := f.File.Close()
	if !f.removed {
		os.Remove(f.Name())
	}
	return err
}

// handlePutSnapshot handles PUT /_sandbox/snapshot: a JSON document, or a
// binary snapshot, told by its Content-Type or bbolt's magic number.
func (s *Server) handlePutSnapshot(c *gin.Context) (int, any, error) {
	cl := callOf(c)
	body := cl.body
	switch {
	case cl.stream != nil:
		if err := refuseBinaryEarly(body); err != nil {
			return 0, nil, err
		}
		return s.restoreBinary(c, cl.stream)
	case store.Magic(body): // sent as JSON
		return s.restoreBinary(c, bytes.NewReader(body))
	}
	doc, err := snapshot.Read(body)
	var r RestoreReport
	if err == nil {
		ctx, cancel := s.untilWriteTimeout(c)
		defer cancel()
		r, err = s.Admin.Restore(ctx, doc)
	}
	return restored(c, r, err)
}

// restored answers a snapshot load, JSON or binary: what it put in place,
// or why nothing changed (a refused snapshot is a 400 saying why).
func restored(c *gin.Context, r RestoreReport, err error) (int, any, error) {
	if err == nil {
		return http.StatusOK, restoreBody{Buckets: r.Buckets, Entries: r.Entries, Now: r.Now.In(kakao.KST).Format(time.RFC3339)}, nil
	}
	err = stoppedLoad(c, err, "the snapshot load stopped: %s; nothing was changed")
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

// binaryContentType is a binary snapshot's (rule D04).
const binaryContentType = "application/octet-stream"

// streamBinary answers a binary snapshot: the data file copied from one
// read transaction into a spool file and sent from it as it is written, so
// a slow client does not hold the transaction (Admin.SnapshotBinary).
func (s *Server) streamBinary(release func()) (int, any, error) {
	r, size, err := s.Admin.SnapshotBinary()
	if err != nil {
		release()
		return 0, nil, err
	}
	done := func() {
		if err := r.Close(); err != nil { // the client got fewer bytes than promised
			s.Logger.Error("binary snapshot cut short", "err", err)
		}
		release()
	}
	return http.StatusOK, streamBody{contentType: binaryContentType, filename: "kakao-sandbox.db", r: r, size: size, done: done}, nil
}

// restoreBinary swaps a binary snapshot in, once checked.
func (s *Server) restoreBinary(c *gin.Context, body io.Reader) (int, any, error) {
	ctx, cancel := s.untilWriteTimeout(c)
	defer cancel()
	r, err := s.Admin.RestoreBinary(ctx, body)
	if failed := bodyFailure(body); failed != nil {
		return 0, nil, failed
	}
	return restored(c, r, err)
}
