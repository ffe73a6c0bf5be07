// Package httpapi is the sandbox's HTTP surface: a Gin engine whose routes are
// the operations of the OpenAPI document, one request pipeline, one error
// renderer, and thin handlers that bind, call one domain function, and respond.
//
// It sits above the domain packages; no business rule lives here.
package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/auth"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/journal"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/moment"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/ratelimit"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/scenarios"
)

// Admin is what the control plane needs from the composition root.
type Admin interface {
	Reset(fixture string) (fixtures.IDs, error)
	LoadFixtures(doc *fixtures.Document, replace bool) (fixtures.IDs, error)
	Version() string
}

// Deps are everything the HTTP surface calls into.
type Deps struct {
	Spec    *openapi.Spec
	Auth    *auth.Service
	Wallets *wallet.Service
	Moment  *moment.Service
	Clock   *clock.Clock
	Limiter *ratelimit.Limiter
	Journal *journal.Journal
	// Scenarios decides failures; nil runs none.
	Scenarios *scenarios.Registry
	Admin     Admin
	Logger    *slog.Logger

	// Strict validates every response against the document; a response that
	// breaks it becomes a logged 500. Always on in tests.
	Strict bool
	// AdminToken, when set, guards /_sandbox with Authorization: Bearer.
	AdminToken string
	// BusinessTokenRefresh gives business tokens expires_in and a refresh
	// token, for clients that expect them (KAKAO-API.md §5.1).
	BusinessTokenRefresh bool
	// MaxBody caps request bodies unless an operation sets x-max-body-bytes.
	MaxBody int64
}

// Server holds the engine and its dependencies.
type Server struct {
	Deps
	engine *gin.Engine
}

func init() { gin.SetMode(gin.ReleaseMode) }

// New builds the engine: one route per operation in the document, each with
// the full pipeline in front of its handler.
func New(d Deps) (*Server, error) {
	if d.MaxBody <= 0 {
		d.MaxBody = 1 << 20
	}
	s := &Server{Deps: d}
	e := gin.New()
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(s.begin, s.recoverPanic, s.runDueEffects)
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, kakao.ErrNoSuchAPI.With("no such API: %s %s", c.Request.Method, c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		s.fail(c, kakao.ErrMethodNotAllowed.With("%s is not allowed on %s", c.Request.Method, c.Request.URL.Path))
	})
	handlers := s.handlers()
	for _, op := range d.Spec.Operations {
		h, ok := handlers[op.ID]
		if !ok {
			return nil, fmt.Errorf("httpapi: operation %s in the document has no handler", op.ID)
		}
		delete(handlers, op.ID)
		e.Handle(op.Method, op.GinPath, s.pipeline(op, h))
	}
	for id := range handlers {
		return nil, fmt.Errorf("httpapi: handler %s has no operation in the document", id)
	}
	s.engine = e
	return s, nil
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }

// handler does one operation: bind, call one domain function, return what
// to send. A returned error is rendered by the one renderer.
type handler func(c *gin.Context) (status int, body any, err error)

func (s *Server) handlers() map[string]handler {
	return map[string]handler{
		"createVirtualAccount":        s.handleCreateVirtualAccount,
		"createVirtualAccountWithGet": s.handleCreateVirtualAccount,
		"getAdAccountBalance":         s.handleGetAdAccountBalance,
		"getAdAccountPages":           s.handleGetAdAccountPages,
		"getAdAccount":                s.handleGetAdAccount,
		"getAdAccountBizRight":        s.handleGetAdAccountBizRight,
		"updateAdAccountOnOff":        s.handleUpdateAdAccountOnOff,
		"authorizeBusiness":           s.handleAuthorize(true),
		"authorizeLogin":              s.handleAuthorize(false),
		"issueBusinessToken":          s.handleToken(true),
		"issueToken":                  s.handleToken(false),
		"getBusinessTokenInfo":        s.handleTokenInfo,
		"getAccessTokenInfo":          s.handleTokenInfo,
		"getHealth":                   s.handleHealth,
		"resetSandbox":                s.handleReset,
		"loadFixtures":                s.handleLoadFixtures,
		"getClock":                    s.handleGetClock,
		"advanceClock":                s.handleAdvanceClock,
		"mintToken":                   s.handleMintToken,
		"getVirtualAccount":           s.handleGetVirtualAccount,
		"depositToVirtualAccount":     s.handleDeposit,
		"spendAdAccount":              s.handleSpend,
		"sanctionWallet":              s.handleSanction,
		"grantFreeCash":               s.handleGrantFreeCash,
		"listRequests":                s.handleListRequests,
		"clearRequests":               s.handleClearRequests,
		"listScenarios":               s.handleListScenarios,
		"loadScenario":                s.handleLoadScenario,
		"activateScenario":            s.handleActivateScenario,
		"deactivateScenario":          s.handleDeactivateScenario,
		"getOpenAPIDocument":          s.handleOpenAPIDocument,
	}
}

func isControl(path string) bool { return strings.HasPrefix(path, "/_sandbox/") }
