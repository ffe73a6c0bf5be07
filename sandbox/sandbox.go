// Package sandbox is the composition root: Open wires the store, clock,
// domain services, rate limiter, journal and HTTP surface from a Config, and
// Handler serves them. It is what cmd/kakao-sandbox runs and what Go test
// suites embed (see sandboxtest).
//
// This package and sandbox/sandboxtest are kakao-sandbox's public Go API:
// open, configure and serve a sandbox here, test against one there. Every
// package under internal/ is the implementation, not API; it may change in
// any release, and Go does not let other modules import it. The layers and
// how a request goes through them are in docs/architecture.md.
package sandbox

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/callbacks"
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/httpapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/metrics"
	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/ratelimit"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Version is set at build time with -ldflags "-X …/sandbox.Version=…".
var Version = "0.1.0-dev"

// Config is everything the sandbox can be told; cmd/kakao-sandbox fills it
// from flags and KAKAO_SANDBOX_* variables. The zero value of every field is
// its default, so Config{DataPath: path} is a sandbox as the binary starts
// one; Open checks every field first (Validate) and refuses one out of range
// with a *ConfigError.
type Config struct {
	DataPath string // the bbolt file; the one field that must be set
	// Fixtures is the document loaded into an empty data file and by a
	// "demo" reset; nil means the embedded demo data.
	Fixtures []byte
	// Clock freezes a new data file's clock at this instant, from 1970 to
	// 9001; zero runs on real time.
	Clock time.Time
	// Strict validates every response against the OpenAPI document.
	Strict bool
	// RateLimits are --rate-limit values ("createVirtualAccount=5/s",
	// "updateAdAccountOnOff=off", "off"), applied in order over the limits
	// the document sets (x-kakao-rate-limit).
	RateLimits []string
	AdminToken string
	Logger     *slog.Logger // nil discards the log
	// Progress hears how far a fixture load has come (a progress bar on a
	// terminal); nil logs it to Logger (progress.go).
	Progress func(Progress)
	// BusinessTokenRefresh makes /oauth/business/token answer expires_in and
	// a refresh token too; by default business tokens have neither.
	BusinessTokenRefresh bool
	// HeaderTokenOnly refuses a kapi token sent as ?access_token= with no
	// Authorization header (passport-kakao's default, which Kakao takes and
	// the sandbox takes by default, noting it in the journal); Kakao
	// documents only the header (rule T11).
	HeaderTokenOnly bool
	// Issuer is the OpenID Connect issuer (the ID token's iss and the
	// discovery document's issuer); "" derives it from each request's Host.
	Issuer string
	// VirtualAccountValidity is how long a virtual account takes its
	// deposit, from MinVirtualAccountValidity to MaxVirtualAccountValidity;
	// 0 is 7 days (rule V03).
	VirtualAccountValidity time.Duration
	// CreativeReviewDelay is how long a new or changed creative waits
	// before the sandbox approves its review by itself (rule M04), up to
	// MaxCreativeReviewDelay: nil is an hour, new(time.Duration(0)) never
	// approves by itself (decide through /_sandbox/reviews).
	CreativeReviewDelay *time.Duration
	// AdsCorrectionBasisPoints is the largest share of a creative-hour's
	// clicks the 08:00 invalid-traffic correction removes (rule P03), from
	// 0 to MaxAdsCorrectionBasisPoints: nil is 300 (3%), new(0) none.
	AdsCorrectionBasisPoints *int
	// AdsSeed is the seed of the ads' delivery figures and corrections
	// (rule M08): the same seed, fixtures and clock give the same figures.
	// 0 keeps each data file's own, drawn at random when it first delivers.
	AdsSeed uint64
	// TaxInvoiceDay is the day of the month (1 to MaxDayOfMonth, KST) the
	// previous month's wallet tax invoices are issued (rule W06); 0 is the
	// 1st.
	TaxInvoiceDay int
	// CloudDueDay is KakaoCloud's guessed payment deadline, a day of the
	// issue month (1 to MaxDayOfMonth, KST); 0 is the 25th (rule B01).
	CloudDueDay int
	// CloudLateFeeBasisPoints is KakaoCloud's guessed late fee per overdue
	// month, in basis points of the unpaid total (0 to
	// MaxLateFeeBasisPoints): nil is 200 (2%), new(0) charges none.
	CloudLateFeeBasisPoints *int
	// NoSync commits without fsync (rule D06): much faster, and a machine
	// crash, though not a process crash, may lose the last commits. For
	// files nobody keeps: serve's temporary one and the test kit's. false
	// fsyncs every commit (bbolt's default).
	NoSync bool
	// JournalSize is how many recent requests the journal keeps (1 to
	// MaxJournalSize); 0 is 10000.
	JournalSize int
	// JournalBodies keeps request and response bodies (truncated) in the journal.
	JournalBodies bool
	// MaxAdvanceEffects caps the effects one clock advance runs (1 to
	// MaxMaxAdvanceEffects; rule R09): more queued on the way is refused up
	// front, and an advance whose effects repeat stops at the cap. 0 is
	// DefaultMaxAdvanceEffects.
	MaxAdvanceEffects int
	// WriteTimeout is the server's (MinWriteTimeout to MaxWriteTimeout; 0
	// is none); a failure scenario's delays extend a connection's write
	// deadline by as much, so they are not cut short.
	WriteTimeout time.Duration
	// Scenarios are activated globally at start (and again after a reset).
	Scenarios []string
	// AllowedHosts are Host names answered besides those always served
	// (IP addresses, localhost, Kakao's hosts, one-label names such as
	// kakao-sandbox, *.internal, the host of Issuer); "*" answers any.
	// Others get 421, against DNS rebinding (rule R12, docs/security.md).
	AllowedHosts []string
	// AllowedOrigins are web origins (scheme://host[:port]) whose pages may
	// call the control plane; a browser's request from any other site is
	// refused with 403 (rule R12). nil allows none.
	AllowedOrigins []string
	// FromSnapshot starts a new data file as a copy of this binary snapshot
	// (rule D04), once it passes the checks a start makes; a reset to the
	// start-up state goes back to it. DataPath must not exist yet.
	FromSnapshot string
	// Now is the real clock; tests may inject one. nil is time.Now.
	Now func() time.Time

	// The webhook sender (docs/webhooks.md "Retries and disabling"; the
	// sandbox's guesses, Kakao documents only the 3 s). WebhookAttempts is
	// how many times a delivery is tried (1 to MaxWebhookAttempts; 0 is 3).
	WebhookAttempts int
	// WebhookRetryDelay is the real-time wait before the second attempt,
	// each later one ten times longer (MinWebhookRetryDelay to
	// MaxWebhookRetryDelay; 0 is 1 s).
	WebhookRetryDelay time.Duration
	// WebhookTimeout bounds one attempt (MinWebhookTimeout to
	// MaxWebhookTimeout; 0 is Kakao's 3 s).
	WebhookTimeout time.Duration
	// WebhookDisableAfter is how many deliveries of one app's webhook fail
	// in a row before it is disabled, until its settings are saved again
	// (0 to MaxWebhookDisableAfter): nil is 10, new(0) never disables.
	WebhookDisableAfter *int
}

// Sandbox is one running sandbox over one data file.
type Sandbox struct {
	cfg      Config
	db       *store.DB
	clock    *clock.Clock
	domain   domain
	registry *scenarios.Registry
	limits   ratelimit.Table
	limiter  *ratelimit.Limiter // cleared by a reset
	handler  http.Handler
	stop     context.CancelFunc
	ticking  sync.WaitGroup
	logger   *slog.Logger
	// initial is the document a new file and a "startup" reset hold, kept as
	// text: parsed, a large fixture would stay in memory for good.
	initial []byte
	// notApplied are the start-up settings the data file did not take.
	notAppliedMu sync.Mutex
	notApplied   []httpapi.NotApplied
	// loads are the fixture loads running, which a reset stops.
	loads loads
	// webhooks is the outbox and its sender, stopped before the file closes.
	webhooks *webhook.Service
	// swaps serialises binary restores and resets from the start-up copy.
	swaps sync.Mutex
	// startup is the copy of the start-up state a reset restores (reset_copy.go).
	startup startupCopy
	// served are the digests of the binary snapshots this sandbox saved (snapshot_binary.go).
	served servedSnapshots
}

// Open opens (or creates) the data file and prepares the HTTP surface. A new
// data file is filled with cfg.Fixtures, or the demo data.
func Open(cfg Config) (*Sandbox, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	spec, err := openapi.Default()
	if err != nil {
		return nil, err
	}
	limits, err := rateLimits(spec, cfg.RateLimits)
	if err != nil {
		return nil, err
	}
	initial := cfg.Fixtures
	if initial == nil {
		initial = fixtures.Demo
	}
	// Parse now even when the file exists, so a bad --fixtures fails at start
	// rather than at the first reset.
	initialDoc, err := fixtures.Parse(initial)
	if err != nil {
		return nil, fmt.Errorf("sandbox: fixtures: %w", err)
	}
	if cfg.FromSnapshot != "" {
		if err := startFromSnapshot(cfg.FromSnapshot, cfg.DataPath); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(cfg.DataPath, store.Options{NoSync: cfg.NoSync, Large: len(initial) > largeFixtures})
	if err != nil {
		return nil, err
	}
	removeLeftovers(cfg.DataPath, cfg.Logger)
	c := clock.New(db, cfg.Clock, cfg.Now, cfg.Logger)
	db.SetClock(c.Now) // every transaction reads sandbox time, once, as it begins
	// The metrics are made once the domain has registered every effect kind,
	// their labels' values; nothing posts a ledger entry before.
	var m *metrics.Metrics
	d := newDomain(db, c, cfg, func(kind string) { m.LedgerEntry(kind) })
	if m, err = newMetrics(spec, c); err != nil {
		db.Close()
		return nil, err
	}
	c.OnEffect(m.ClockEffect)
	s := &Sandbox{cfg: cfg, db: db, clock: c, domain: d, limits: limits, logger: cfg.Logger, initial: initial}
	s.webhooks = newWebhooks(db, cfg, m)
	err = s.checkAtStart()
	var filled bool
	if err == nil {
		filled, err = s.initialize(initialDoc)
	}
	if err == nil && (filled || cfg.FromSnapshot != "") {
		if !filled { // the snapshot is the start-up state: it loaded no fixtures
			s.startup.counts = (&fixtures.Document{}).Counts()
		}
		err = s.keepStartup() // before the scenarios named at start are switched on, as a reset has it
	}
	if err != nil {
		s.startup.remove()
		db.Close()
		return nil, err
	}
	if !filled {
		s.notApplied = s.notAppliedAtStart()
	}
	if s.registry, err = scenarios.Open(db); err == nil {
		err = s.activateConfigured()
	}
	if err != nil {
		s.startup.remove()
		db.Close()
		return nil, err
	}
	s.limiter = ratelimit.New(limits, cfg.Now)
	srv, err := httpapi.New(httpapi.Deps{
		Spec: spec, Auth: s.domain.auth, Wallets: s.domain.wallets, Moment: s.domain.moment, Ads: s.domain.ads, Cloud: s.domain.cloud, Reviews: s.domain.reviews, Clock: c,
		Limiter: s.limiter, Journal: journal.New(cfg.JournalSize, cfg.JournalBodies), Scenarios: s.registry, Metrics: m,
		Admin: s, Logger: cfg.Logger, Strict: cfg.Strict, AdminToken: cfg.AdminToken,
		BusinessTokenRefresh: cfg.BusinessTokenRefresh, HeaderTokenOnly: cfg.HeaderTokenOnly, Issuer: cfg.Issuer, WriteTimeout: cfg.WriteTimeout,
		AllowedHosts: cfg.AllowedHosts, AllowedOrigins: cfg.AllowedOrigins,
		MaxAdvanceEffects: cfg.MaxAdvanceEffects,
		Webhooks:          s.webhooks,
		Callbacks:         callbacks.New(db, s.webhooks, s.registry),
	})
	if err != nil {
		s.startup.remove()
		db.Close()
		return nil, err
	}
	s.handler = srv.Handler()
	s.startTicker()
	s.webhooks.Start() // sends what the outbox holds: what a crash left, too
	return s, nil
}

// startTicker runs effects that real time reaches even when no request
// arrives. A frozen clock only moves by Advance, which runs them itself.
func (s *Sandbox) startTicker() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.ticking.Add(1)
	go func() {
		defer s.ticking.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		// At once first: a file that slept (or demo data dated in the past)
		// catches up in the background while the first requests come in.
		for {
			s.tick()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// tick runs the effects real time reached. The clock sets aside an effect
// whose handler panics; a panic anywhere else in the run is a sandbox bug
// too, logged, and the ticker keeps going rather than kill the process.
func (s *Sandbox) tick() {
	defer func() {
		if p := recover(); p != nil {
			s.logger.Error("sandbox bug: running due effects panicked", "panic", p)
		}
	}()
	if !s.clock.Frozen() && s.clock.HasDue() {
		if _, err := s.clock.RunDue(); err != nil {
			s.logger.Error("due effects", "err", err)
		}
	}
}

// Handler serves the sandbox.
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Stopping tells the sandbox its server is shutting down: a running clock
// advance stops after its current effect and answers how far it got, and
// later ones stop at once, so a drain never waits for one (rule R09).
func (s *Sandbox) Stopping() { s.clock.Stop() }

// Close stops background work and closes the data file.
func (s *Sandbox) Close() error {
	s.stop()
	s.ticking.Wait()
	s.webhooks.Close()
	s.startup.remove()
	return s.db.Close()
}

// Version reports the build's version.
func (s *Sandbox) Version() string { return Version }

// Degraded says why the sandbox cannot do all of its work, or "": health
// reports it (rule R13). A full disk is one reason, until a write succeeds.
func (s *Sandbox) Degraded() string {
	if s.db.DiskFull() != nil {
		return "the disk holding the data file " + s.db.Path() + " is full: every write answers 507 until space is freed there; reads still answer"
	}
	return ""
}

// Now is the sandbox time.
func (s *Sandbox) Now() time.Time { return s.clock.Now() }

// RateLimits are the limits in force, as --rate-limit would set them.
func (s *Sandbox) RateLimits() string { return s.limits.String() }

// Synced reports whether the data file fsyncs every commit, as read from
// the open file; false under Config.NoSync (rule D06).
func (s *Sandbox) Synced() bool { return s.db.Synced() }

// Check verifies every wallet's balance against its ledger while serving.
func (s *Sandbox) Check() (CheckReport, error) {
	var r CheckReport
	var err error
	r.Wallets, r.Mismatches, err = s.domain.wallets.Verify()
	return r, err
}
