package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
)

const serveUsage = `Usage: kakao-sandbox [serve] [flags]

Serves Kakao Moment, token and wallet APIs, the control plane (/_sandbox) and
the OpenAPI document (/openapi.yaml) on one address. Without --data every
start is fresh: a temporary data file with the demo data (or --fixtures),
removed at exit. A new --data file is filled the same way; an existing one
keeps its state.

Examples:
  kakao-sandbox                                   demo data on 127.0.0.1:8080
  kakao-sandbox --data /tmp/ci.db --clock 2026-01-01T09:00:00+09:00 --strict
  kakao-sandbox --rate-limit createVirtualAccount=5/s
  kakao-sandbox --rate-limit off --fixtures ./my-fixtures.yaml
  kakao-sandbox --scenario recover-after-failures
  kakao-sandbox --tls --addr 127.0.0.1:8443       HTTPS; trust 'kakao-sandbox ca'
`

// defaultMemoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT
// sets one (docs/performance.md).
const defaultMemoryLimit = 40 << 20

type serveConfig struct {
	addr   string
	cfg    sandbox.Config
	logger *slog.Logger
	// The connection limits of rule R04: every connection has a read, a
	// write and an idle limit, and only so many are served at once.
	readTimeout, writeTimeout, idleTimeout time.Duration
	maxConnections                         int
	tls                                    tlsSettings
}

// Connection limits (docs/configuration.md says why these).
const (
	defaultReadTimeout    = 30 * time.Second
	defaultWriteTimeout   = 30 * time.Second
	defaultIdleTimeout    = 60 * time.Second
	defaultMaxConnections = 1024
	// maxHeaderTime is how long a client may take over a request's headers,
	// unless --read-timeout is shorter.
	maxHeaderTime = 10 * time.Second
)

// The ranges of the numeric flags (docs/configuration.md). Those of the
// flags that set a sandbox.Config field are sandbox's, checked by
// sandbox.Config.Validate; here they are for the help.

// monthDays is the range of a day-of-month flag that sets field.
func monthDays(field string) ints {
	return ints{1, sandbox.MaxDayOfMonth, "a day", "every month has it", field}
}

const (
	maxTimeout     = 24 * time.Hour
	maxConnections = 100_000
)

func parseServe(args []string, getenv func(string) string, stdout, stderr io.Writer) (*serveConfig, error) {
	return parseServeFlags(newFlags("serve", serveUsage+otherCommands(), args, getenv, stdout, stderr), args, stderr)
}

// parseServeFlags defines serve's flags on f and parses args; the flag
// table of docs/configuration.md is made from the same definitions.
func parseServeFlags(f *envFlags, args []string, stderr io.Writer) (*serveConfig, error) {
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on (the container uses :8080)")
	data := f.String("data", "", "keep state in this bbolt data file: created and filled with fixtures if new, an existing one keeps its state; none: a temporary file, removed at exit")
	fromSnapshot := f.String("from-snapshot", "", "start a new data file as a copy of this binary snapshot (GET /_sandbox/snapshot?format=bbolt, snapshot save --format bbolt), refused unless it passes the checks a start makes; a reset to startup goes back to it; with --data, that file must not exist yet")
	fixturesFlag := f.String("fixtures", "builtin-demo", "what a new data file (and a reset to startup) is filled with: builtin-demo (the embedded demo data; demo is its earlier name), empty, or a YAML/JSON file")
	clockFlag := f.String("clock", "", "freeze a new data file's clock at this RFC 3339 time (e.g. 2026-01-01T09:00:00+09:00); empty runs on real time")
	f.fields["Clock"] = configFlag{name: "clock"} // parsed below
	strict := f.Bool("strict", false, "validate every response against the OpenAPI document; a breach becomes a logged 500")
	limits := f.List("rate-limit", "override a rate limit: operationId=N/s (or N/m, N/h, N/5s), operationId=off, or off for none; repeatable")
	logLevel := f.String("log-level", "info", "debug, info, warn or error")
	logFormat := f.String("log-format", "text", "text or json")
	adminToken := f.String("admin-token", "", "require Authorization: Bearer <token> on /_sandbox (set it when the sandbox is reachable beyond localhost)")
	validity := f.ConfigDuration("virtual-account-validity", "VirtualAccountValidity", moment.DefaultValidity, sandbox.MinVirtualAccountValidity, sandbox.MaxVirtualAccountValidity, "how long a virtual account accepts its deposit")
	reviewDelay := f.ConfigDuration("creative-review-delay", "CreativeReviewDelay", ads.DefaultCreativeReviewDelay, 0, sandbox.MaxCreativeReviewDelay, "how long a new or changed creative waits for review before the sandbox approves it by itself; 0 never does (decide it through /_sandbox/reviews)")
	bizRefresh := f.Bool("business-token-refresh", false, "give business tokens expires_in (21599 s) and a refresh token, for clients that expect them; Kakao's business tokens have neither")
	queryToken := f.Bool("query-access-token", true, "take a kapi token sent as ?access_token= when there is no Authorization header (passport-kakao's default, which Kakao takes); false takes only the header, which is all Kakao documents")
	issuer := f.String("issuer", "", "OpenID Connect issuer, the base URL clients reach the sandbox at (e.g. https://sandbox.example.com); default: taken from each request's Host")
	scenarioFlag := f.List("scenario", "activate a failure scenario globally at start (see 'kakao-sandbox scenarios'); repeatable")
	journalBodies := f.Bool("journal-bodies", false, "keep request and response bodies (first 2 KiB) in the journal")
	journalSize := f.Int("journal-size", journal.DefaultSize, ints{1, sandbox.MaxJournalSize, "a number of requests", "each takes up to 5 KiB with --journal-bodies", "JournalSize"}, "how many recent requests GET /_sandbox/requests keeps")
	maxAdvance := f.Int("max-advance-effects", sandbox.DefaultMaxAdvanceEffects, ints{1, sandbox.MaxMaxAdvanceEffects, "effects", "each runs in its own transaction", "MaxAdvanceEffects"}, "most clock effects one POST /_sandbox/clock/advance runs; more due on the way is refused, naming how far one call may go")
	hookAttempts := f.Int("webhook-attempts", sandbox.DefaultWebhookAttempts, ints{1, sandbox.MaxWebhookAttempts, "attempts", "", "WebhookAttempts"}, "how many times a webhook delivery is tried before it is recorded as failed (the sandbox's guess; Kakao documents none)")
	hookDelay := f.ConfigDuration("webhook-retry-delay", "WebhookRetryDelay", sandbox.DefaultWebhookRetryDelay, sandbox.MinWebhookRetryDelay, sandbox.MaxWebhookRetryDelay, "real-time wait before a webhook delivery's second attempt; each later wait is ten times the one before")
	hookTimeout := f.ConfigDuration("webhook-timeout", "WebhookTimeout", sandbox.DefaultWebhookTimeout, sandbox.MinWebhookTimeout, sandbox.MaxWebhookTimeout, "longest a webhook receiver may take to answer one attempt (Kakao's is 3s)")
	hookDisable := f.Int("webhook-disable-after", sandbox.DefaultWebhookDisableAfter, ints{0, sandbox.MaxWebhookDisableAfter, "failed deliveries", "0 never disables", "WebhookDisableAfter"}, "failed deliveries in a row after which an app's webhook is disabled until its settings are saved again, as Kakao's [일시 중지] (the sandbox's guess); 0 never disables")
	readTimeout := f.Duration("read-timeout", defaultReadTimeout, time.Millisecond, maxTimeout, "longest a client may take to send a whole request, headers and body")
	writeTimeout := f.ConfigDuration("write-timeout", "WriteTimeout", defaultWriteTimeout, sandbox.MinWriteTimeout, sandbox.MaxWriteTimeout, "longest from the end of a request's headers to the end of its answer; a failure scenario's own delays come on top")
	idleTimeout := f.Duration("idle-timeout", defaultIdleTimeout, time.Millisecond, maxTimeout, "how long a keep-alive connection may wait for its next request")
	maxConns := f.Int("max-connections", defaultMaxConnections, ints{1, maxConnections, "connections", "every connection has its limits; each needs a file descriptor", ""}, "connections served at once; more wait to be accepted")
	invoiceDay := f.Int("tax-invoice-day", wallet.DefaultTaxInvoiceDay, monthDays("TaxInvoiceDay"), "day of the month (KST) on which the previous month's wallet tax invoices are issued")
	cloudDueDay := f.Int("cloud-due-day", cloud.DefaultDueDay, monthDays("CloudDueDay"), "day of the issue month (KST) before which a KakaoCloud invoice must be paid; unpaid, it is overdue from 00:00 that day")
	adsCorrection := f.Int("ads-correction-bp", ads.DefaultCorrectionBasisPoints, ints{0, sandbox.MaxAdsCorrectionBasisPoints, "basis points", "0% to 100%", "AdsCorrectionBasisPoints"}, "largest share of an ad's hourly clicks, and their cost, the 08:00 invalid-traffic correction removes from the day before and credits back to the wallet, in basis points (300 = 3%; 0: none)")
	adsSeed := f.Uint64("ads-seed", 0, "seed of the ads' delivery figures and corrections: the same seed, fixtures and clock give the same reports; 0: each data file draws its own at random")
	cloudLateFee := f.Int("cloud-late-fee-bp", cloud.DefaultLateFeeBasisPoints, ints{0, sandbox.MaxLateFeeBasisPoints, "basis points", "0% to 100%", "CloudLateFeeBasisPoints"}, "KakaoCloud late fee per overdue month, in basis points of the unpaid total (200 = 2%), for sub-groups without a payment method")
	tlsOn := f.Bool("tls", false, "serve HTTPS with a certificate for localhost, 127.0.0.1, ::1, kauth.kakao.com, kapi.kakao.com and apis.moment.kakao.com, signed by a local CA kept beside --data, without --data in the user's config directory (print it with 'kakao-sandbox ca')")
	tlsCert := f.String("tls-cert", "", "serve HTTPS with this PEM certificate (its chain after it) instead of one from the local CA; needs --tls-key, implies --tls")
	tlsKey := f.String("tls-key", "", "the PEM private key of --tls-cert")
	allowedHosts := f.List("allowed-host", "also answer requests whose Host is this name (a proxy's or a DNS name you reach the sandbox by; * for any); IP addresses, localhost, Kakao's hosts and one-label names such as kakao-sandbox are always answered; repeatable")
	allowedOrigins := f.List("allowed-origin", "let pages of this web origin (e.g. http://localhost:3000) call the control plane from a browser; other sites' pages are refused; repeatable")
	if err := f.parse(args); err != nil {
		return nil, err
	}
	if err := checkAddr(*addr); err != nil {
		return nil, err
	}
	sc := &serveConfig{addr: *addr, readTimeout: *readTimeout, writeTimeout: *writeTimeout, idleTimeout: *idleTimeout, maxConnections: *maxConns,
		tls: tlsSettings{on: *tlsOn, certFile: *tlsCert, keyFile: *tlsKey}}
	var err error
	if sc.logger, err = newLogger(*logLevel, *logFormat, stderr); err != nil {
		return nil, err
	}
	sc.cfg = sandbox.Config{
		DataPath: *data, FromSnapshot: *fromSnapshot, Strict: *strict, RateLimits: *limits, AdminToken: *adminToken,
		Logger: sc.logger, VirtualAccountValidity: typed(*validity), CreativeReviewDelay: new(*reviewDelay), JournalSize: typed(*journalSize),
		BusinessTokenRefresh: *bizRefresh, HeaderTokenOnly: !*queryToken, Issuer: *issuer, Scenarios: *scenarioFlag, JournalBodies: *journalBodies,
		WriteTimeout: typed(*writeTimeout), TaxInvoiceDay: typed(*invoiceDay), MaxAdvanceEffects: typed(*maxAdvance),
		CloudDueDay: typed(*cloudDueDay), CloudLateFeeBasisPoints: new(*cloudLateFee), AdsCorrectionBasisPoints: new(*adsCorrection), AdsSeed: *adsSeed, Progress: progressBar(stderr),
		AllowedHosts: *allowedHosts, AllowedOrigins: *allowedOrigins,
		WebhookAttempts: typed(*hookAttempts), WebhookRetryDelay: typed(*hookDelay), WebhookTimeout: typed(*hookTimeout), WebhookDisableAfter: new(*hookDisable),
	}
	if *clockFlag != "" {
		if sc.cfg.Clock, err = time.ParseInLocation(time.RFC3339, *clockFlag, kakao.KST); err != nil {
			return nil, fmt.Errorf("--clock %q: want an RFC 3339 time like 2026-01-01T09:00:00+09:00", *clockFlag)
		}
	}
	check := sc.cfg
	if check.DataPath == "" {
		check.DataPath = freshDataName // serve makes it (useFreshData)
	}
	if err := f.validate(check); err != nil {
		return nil, err
	}
	// The names are reset's ({"fixtures":"builtin-demo"}), so one learnt in
	// one place works in the other.
	switch *fixturesFlag {
	case sandbox.ResetBuiltinDemo, "demo":
	case sandbox.ResetEmpty:
		sc.cfg.Fixtures = []byte("{}")
	case sandbox.ResetStartup:
		return nil, errors.New("--fixtures startup: startup is what a reset goes back to, the set the sandbox started with; give builtin-demo, empty, or a YAML/JSON file")
	default:
		if sc.cfg.Fixtures, err = os.ReadFile(*fixturesFlag); err != nil {
			return nil, fmt.Errorf("--fixtures: %w (give builtin-demo, empty, or a YAML/JSON file)", err)
		}
	}
	return sc, nil
}

func newLogger(level, format string, w io.Writer) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

// serve runs the sandbox until ctx is cancelled (SIGINT or SIGTERM), then
// drains requests and closes the data file.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	started := time.Now()
	sc, err := parseServe(args, getenv, stdout, stderr)
	if err != nil {
		return err
	}
	kept := sc.cfg.DataPath // "" without --data
	removeFresh, err := useFreshData(sc, getenv)
	if err != nil {
		return err
	}
	defer removeFresh() // after the file is closed: the deferred calls below run first
	// Before the data file, so a bad certificate leaves nothing behind.
	tlsConfig, tlsLog, err := serverTLS(sc.tls, kept, getenv)
	if err != nil {
		return err
	}
	// A failed start leaves no new data file behind: the next start would
	// take it for one with data of its own, and ignore --clock and --fixtures.
	_, statErr := os.Stat(sc.cfg.DataPath)
	discard := func(err error) error {
		if errors.Is(statErr, fs.ErrNotExist) {
			_ = os.Remove(sc.cfg.DataPath)
		}
		return err
	}
	sb, err := sandbox.Open(sc.cfg)
	if err != nil {
		return discard(err)
	}
	// Loading a large fixture leaves gigabytes of garbage whose pages the
	// runtime would otherwise keep resident for minutes: give them back, while
	// serving (it took 0.36 s after a 100k load, rule D03). Then keep the heap
	// near a soft limit (GOMEMLIMIT overrides it): the live heap is about
	// 15 MB, and without a limit the collector lets it double before it looks.
	go debug.FreeOSMemory()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	// Listen before serving, so "address in use" is an error, not a log line.
	ln, err := net.Listen("tcp", sc.addr)
	if errors.Is(err, syscall.EACCES) { // 443 above all, for Kakao's URLs as written
		err = fmt.Errorf("%w: a port below 1024 needs privileges: run as root, give the binary the right once (sudo setcap cap_net_bind_service=+ep kakao-sandbox), or choose a port above 1023", err)
	}
	if errors.Is(err, syscall.EADDRINUSE) {
		err = fmt.Errorf("%w: another program (another sandbox?) listens there: stop it, or choose another port with --addr", err)
	}
	if err != nil {
		sb.Close()
		return discard(err)
	}
	defer sb.Close()
	// Connections beyond the cap and its reserve wait in the kernel's queue
	// until one ends; the reserve serves health and reset (conns.go).
	limited := newConnLimiter(ln, sc.maxConnections)
	srv := &http.Server{
		Handler:           limited.handler(sb.Handler()),
		ConnContext:       connContext,
		ConnState:         limited.connState,
		ReadHeaderTimeout: min(maxHeaderTime, sc.readTimeout),
		ReadTimeout:       sc.readTimeout,
		WriteTimeout:      sc.writeTimeout,
		IdleTimeout:       sc.idleTimeout,
		TLSConfig:         tlsConfig,
		ErrorLog:          log.New(newServerErrorLog(sc.logger), "", 0),
	}
	srv.RegisterOnShutdown(sb.Stopping) // a running clock advance stops and answers, not waits out the drain
	served := make(chan error, 1)
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
		go func() { served <- srv.ServeTLS(limited, "", "") }()
		sc.logger.Info("serving HTTPS", tlsLog...)
	} else {
		go func() { served <- srv.Serve(limited) }()
	}
	// state says what the data file held at start: a user who restarts with
	// --data sees at once whether yesterday's state is still there.
	state := "kept: an existing data file, its state as it was"
	switch {
	case kept == "":
		state = "fresh: a temporary data file, removed at exit"
	case errors.Is(statErr, fs.ErrNotExist):
		state = "new: a data file filled with the fixtures, kept at exit"
	}
	sc.logger.Info("kakao-sandbox listening", "url", scheme+"://"+ln.Addr().String(), "data", sc.cfg.DataPath, "state", state, "fsync", sb.Synced(),
		"sandbox_time", sb.Now().Format(time.RFC3339), "rate_limits", sb.RateLimits(),
		"strict", sc.cfg.Strict, "startup_ms", time.Since(started).Milliseconds(), "version", sandbox.Version)
	warnIfExposed(sc.logger, ln.Addr(), sc.cfg.AdminToken)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sc.logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		// A client still reading (a stalled download) is cut, not waited for:
		// the stop asked for is done, so it is no failure to exit with.
		sc.logger.Warn("requests still running after the drain were cut", "drain", drainTimeout.String())
		err = srv.Close()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// drainTimeout is how long a stop waits for the requests in flight.
const drainTimeout = 10 * time.Second

// warnIfExposed warns when the sandbox listens beyond loopback with its
// control plane open: anyone who reaches the address can reset it, move its
// clock and put money into its wallets.
func warnIfExposed(logger *slog.Logger, addr net.Addr, adminToken string) {
	if adminToken != "" {
		return
	}
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return
	}
	logger.Warn("listening beyond loopback with no --admin-token: anyone who can reach this address can reset the sandbox, move its clock and change its money through /_sandbox; set --admin-token (KAKAO_SANDBOX_ADMIN_TOKEN)",
		"addr", addr.String())
}

// listenURL turns a listen address into one a client on this host can reach.
func listenURL(scheme, addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return scheme + "://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}
