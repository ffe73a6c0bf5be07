package httpapi

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
)

// answered tells the pipeline the scenario already dealt with the
// connection (dropped it, or the client went away during a delay).
type answered struct{}

func (answered) Error() string { return "answered by a scenario" }

// applyScenario decides whether an active scenario applies to the request
// and carries out what must happen before the handler: a delay, a dropped
// connection, an error, or a swallowed call. What changes the answer itself
// is left on the call for respond.
func (s *Server) applyScenario(c *gin.Context, cl *call) error {
	named := c.GetHeader("X-Sandbox-Scenario")
	if s.Scenarios == nil || cl.op.ScenarioProof || !s.Scenarios.MayApply(named != "") {
		return nil // the common case: nothing active, nothing asked for
	}
	tok, _ := bearer(c.Request.Header.Get("Authorization"))
	adAccount := cl.adAccountID
	if id, err := strconv.ParseUint(cl.pathParams["adAccountId"], 10, 64); err == nil {
		adAccount = id
	}
	req := scenarios.Request{Named: cl.op.Source == openapi.SourceSandbox, Operation: cl.op.ID, Method: c.Request.Method, Path: c.Request.URL.Path,
		Query: c.Request.URL.Query(), Header: c.Request.Header, Body: cl.fields()}
	ctx := scenarios.Context{Token: tok, AdAccount: adAccount, HeaderKey: c.GetHeader("X-Sandbox-Scenario-Key")}
	if named != "" {
		ctx.Header = splitList(named)
	}
	applied, ok, err := s.Scenarios.Decide(req, ctx)
	if err != nil || !ok {
		return err
	}
	cl.scenario = &applied
	s.Metrics.ScenarioHit(applied.Name, cl.op.ID)
	c.Header("X-Sandbox-Scenario-Applied", applied.Name)
	if !s.wait(c, applied.Delay) {
		return answered{}
	}
	switch {
	case applied.Drop:
		cl.warnings = append(cl.warnings, "connection dropped by scenario "+applied.Name)
		if conn, _, err := c.Writer.Hijack(); err == nil {
			conn.Close()
		}
		return answered{}
	case applied.KakaoError() != nil:
		return applied.KakaoError()
	case applied.Swallow:
		s.respond(c, http.StatusAccepted, rawBody{})
		return answered{}
	}
	return nil
}

// wait sleeps for a duration in r, unless the client goes away first. The
// connection's write deadline moves out by as much: a scenario's delay is
// on top of --write-timeout, never cut short by it.
func (s *Server) wait(c *gin.Context, r scenarios.Range) bool {
	if r.IsZero() {
		return true
	}
	d := r.Min
	if r.Max > r.Min {
		d += time.Duration(rand.Int64N(int64(r.Max - r.Min)))
	}
	if s.WriteTimeout > 0 {
		// Not every writer can (a test's recorder); then there is no deadline to move.
		_ = http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(d + s.WriteTimeout))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.Request.Context().Done():
		return false
	}
}

// writeMangled writes an answer the way the applied scenario says: late,
// empty, cut in half, or trickled.
func (s *Server) writeMangled(c *gin.Context, o *scenarios.Applied, status int, contentType string, data []byte) {
	if !s.wait(c, o.FirstByteDelay) {
		return
	}
	switch o.Body {
	case scenarios.BodyEmpty:
		data = nil
	case scenarios.BodyMalformed:
		data = data[:len(data)/2]
	}
	if o.Trickle.IsZero() {
		write(c, status, contentType, data)
		return
	}
	if contentType != "" {
		c.Header("Content-Type", contentType)
	}
	c.Header("Content-Length", strconv.Itoa(len(data)))
	c.Status(status)
	for len(data) > 0 {
		n := min(16, len(data))
		if _, err := c.Writer.Write(data[:n]); err != nil {
			return
		}
		c.Writer.Flush()
		data = data[n:]
		if len(data) > 0 && !s.wait(c, o.Trickle) {
			return
		}
	}
}

// topLevel reads a JSON object body's top-level fields, for matching and
// for the journal; anything else gives none.
func topLevel(body []byte) map[string]any {
	var m map[string]any
	if len(body) == 0 || json.Unmarshal(body, &m) != nil {
		return nil
	}
	return m
}
