// Package httpapi is the sandbox's HTTP surface: a Gin engine whose routes are
// the operations of the OpenAPI document, one request pipeline, one error
// renderer, and thin handlers that bind, call one domain function, and respond.
//
// Each surface (the operation's tag in the document: moment, kauth, kapi,
// console, control, contract, metrics) has a file of handlers with its route table
// (momentRoutes, …) and a file of wire types with the converters from domain
// values (moment_wire.go, …). Nothing stored is ever encoded as a response:
// renaming a field on the wire never touches the data file.
//
// Pages (HTML) come in the same way as JSON: the page is an operation of the
// document whose response is text/html, its handler returns s.page(status,
// "name.html", view), and the template is a file in pages/, embedded. So a
// page passes the whole pipeline and its answer is validated like any other.
//
// It sits above the domain packages; no business rule lives here.
package httpapi

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/callbacks"
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/metrics"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/ratelimit"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/snapshot"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Admin is what the control plane needs from the composition root.
type Admin interface {
	// Reset and LoadFixtures stop, changing nothing, when ctx ends (a
	// *store.Stopped); a reset stops the loads running.
	// withIDs asks for the ids of what a reset loaded.
	Reset(ctx context.Context, fixtures string, withIDs bool) (ResetReport, error)
	LoadFixtures(ctx context.Context, doc *fixtures.Document, replace bool) (fixtures.IDs, error)
	Version() string
	// NotApplied lists the start-up settings the data file did not take.
	NotApplied() []NotApplied
	// Degraded says why the sandbox cannot do all of its work (a full
	// disk), or "" when it can; health reports it.
	Degraded() string
	// Snapshot writes the whole state; Restore replaces it, all or nothing.
	Snapshot(w io.Writer) error
	Restore(ctx context.Context, doc *snapshot.Document) (RestoreReport, error)
	// SnapshotBinary answers a consistent copy of the data file, and its
	// size; RestoreBinary swaps a checked one in (rule D04).
	SnapshotBinary() (io.ReadCloser, int64, error)
	RestoreBinary(ctx context.Context, r io.Reader) (RestoreReport, error)
}

// NotApplied is a start-up setting an existing data file did not take
// (--clock, --fixtures), why, and how to apply it.
type NotApplied struct {
	Setting, Reason, Fix string
}

// Deps are everything the HTTP surface calls into.
type Deps struct {
	Spec    *openapi.Spec
	Auth    *auth.Service
	Wallets *wallet.Service
	Moment  *moment.Service
	Ads     *ads.Service
	Cloud   *cloud.Service
	Reviews *review.Registry
	Clock   *clock.Clock
	Limiter *ratelimit.Limiter
	Journal *journal.Journal
	// Scenarios decides failures; nil runs none.
	Scenarios *scenarios.Registry
	// Callbacks triggers Kakao-side events that call apps back.
	Callbacks *callbacks.Service
	// Metrics counts what the pipeline sees and serves GET /metrics; nil
	// counts nothing.
	Metrics *metrics.Metrics
	Admin   Admin
	Logger  *slog.Logger

	// Strict validates every response against the document; a response that
	// breaks it becomes a logged 500. Always on in tests.
	Strict bool
	// AdminToken, when set, guards /_sandbox with Authorization: Bearer.
	AdminToken string
	// BusinessTokenRefresh gives business tokens expires_in and a refresh
	// token, for clients that expect them (docs/kakao-api.md §5.1).
	BusinessTokenRefresh bool
	// HeaderTokenOnly refuses a kapi token sent as ?access_token=, which is
	// taken by default when there is no Authorization header, as Kakao
	// takes it from passport-kakao (T11); Kakao documents only the header.
	HeaderTokenOnly bool
	// Issuer is the OpenID Connect issuer; "" derives it from the request
	// (see issuer in oidc.go).
	Issuer string
	// MaxBody caps request bodies unless an operation sets x-max-body-bytes.
	MaxBody int64
	// WriteTimeout is the server's; a scenario's delays extend the write
	// deadline by as much (0: the server sets none).
	WriteTimeout time.Duration
	// AllowedHosts are Host names answered besides those the sandbox always
	// serves ("*": any); AllowedOrigins are the web origins that may drive
	// the control plane from a browser (site.go, rule R12).
	AllowedHosts, AllowedOrigins []string
	// MaxAdvanceEffects caps the effects one clock advance runs (rule R09).
	MaxAdvanceEffects int
	// Webhooks is the outbox the calls Kakao's side makes queue in.
	Webhooks *webhook.Service
}

// Server holds the engine and its dependencies.
type Server struct {
	Deps
	engine *gin.Engine
	// cookieKey keys the admin cookie's HMAC of the token: new with each
	// process, so a cookie copied out of a browser dies with it.
	cookieKey [32]byte
	// exports holds a token per snapshot export running (maxExports).
	exports chan struct{}
}

func init() { gin.SetMode(gin.ReleaseMode) }

// handler does one operation: bind, call one domain function, return what
// to send. A returned error is rendered by the one renderer.
type handler func(c *gin.Context) (status int, body any, err error)

// routes is one surface's handlers, by operationId.
type routes map[string]handler

// The surfaces, as the document's tags name them.
const (
	surfaceMoment   = "moment"
	surfaceKauth    = "kauth"
	surfaceKapi     = "kapi"
	surfaceConsole  = "console"
	surfaceControl  = "control"
	surfaceContract = "contract"
	surfaceMetrics  = "metrics"
)

// surfaces are the route tables, by surface.
func (s *Server) surfaces() map[string]routes {
	return map[string]routes{
		surfaceMoment:   merged(s.momentRoutes(), s.adsRoutes(), s.reportRoutes()),
		surfaceKauth:    s.kauthRoutes(),
		surfaceKapi:     s.kapiRoutes(),
		surfaceConsole:  s.consoleRoutes(),
		surfaceControl:  merged(s.controlRoutes(), s.adsControlRoutes(), s.controlWebhookRoutes()),
		surfaceContract: s.contractRoutes(),
		surfaceMetrics:  s.metricsRoutes(),
	}
}

// New builds the engine: one route per operation in the document, each with
// the full pipeline in front of its handler. Every operation must have a
// handler in its surface's table, and every handler an operation.
func New(d Deps) (*Server, error) {
	if d.MaxBody <= 0 {
		d.MaxBody = 1 << 20
	}
	s := &Server{Deps: d, exports: make(chan struct{}, maxExports)}
	if _, err := rand.Read(s.cookieKey[:]); err != nil {
		return nil, fmt.Errorf("httpapi: the admin cookie's key: %w", err)
	}
	e := gin.New()
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(s.begin, s.recoverPanic, s.guardSite)
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, kakao.ErrNoSuchAPI.With("kakao-sandbox does not emulate %s %s (-9404 is the sandbox's own code)", c.Request.Method, c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		s.fail(c, kakao.ErrMethodNotAllowed.With("kakao-sandbox does not emulate %s on %s (-9405 is the sandbox's own code)", c.Request.Method, c.Request.URL.Path))
	})
	surfaces := s.surfaces()
	for _, op := range d.Spec.Operations {
		h, ok := surfaces[op.Surface][op.ID]
		if !ok {
			return nil, fmt.Errorf("httpapi: operation %s in the document has no handler on the %s surface", op.ID, op.Surface)
		}
		delete(surfaces[op.Surface], op.ID)
		e.Handle(op.Method, op.GinPath, s.pipeline(op, h))
	}
	for surface, rs := range surfaces {
		for id := range rs {
			return nil, fmt.Errorf("httpapi: %s handler %s has no operation in the document", surface, id)
		}
	}
	s.engine = e
	return s, nil
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }
