package webhook

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Config is the sender's policy. Kakao documents none of it but the 3 s
// answer (§10.0); the rest is the sandbox's guess (docs/guesses.md).
type Config struct {
	// Attempts is how many times a delivery is tried in all (≥ 1).
	Attempts int
	// RetryDelay is the wait, in real time, before the second attempt;
	// each later wait is ten times the one before (1 s, 10 s, 100 s…).
	RetryDelay time.Duration
	// Timeout bounds one attempt: Kakao wants the answer within 3 s.
	Timeout time.Duration
	// Concurrency bounds the calls in flight at once.
	Concurrency int
	// DisableAfter is how many deliveries of one webhook fail in a row
	// before it is disabled (Kakao's [일시 중지]); 0 never disables.
	DisableAfter int
}

// The defaults: the sandbox's guesses (docs/guesses.md).
const (
	DefaultAttempts     = 3
	DefaultRetryDelay   = time.Second
	DefaultTimeout      = 3 * time.Second // Kakao's: §10.0
	DefaultConcurrency  = 4
	DefaultDisableAfter = 10
)

// DefaultConfig is the sandbox's guess at Kakao's policy.
func DefaultConfig() Config {
	return Config{
		Attempts:     DefaultAttempts,
		RetryDelay:   DefaultRetryDelay,
		Timeout:      DefaultTimeout,
		Concurrency:  DefaultConcurrency,
		DisableAfter: DefaultDisableAfter,
	}
}

// Service is the outbox and its sender.
type Service struct {
	db  *store.DB
	cfg Config

	// OnOutcome, when set, counts a delivery reaching an outcome (metrics).
	OnOutcome func(k Kind, o Outcome)

	wake   chan struct{}
	stop   context.CancelFunc
	loop   sync.WaitGroup
	client *http.Client
}

// New is the service over db; Start starts its sender.
func New(db *store.DB, cfg Config) *Service {
	return &Service{db: db, cfg: cfg, wake: make(chan struct{}, 1)}
}

// Wake makes the sender look at the outbox now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Service) counted(k Kind, o Outcome) {
	if s.OnOutcome != nil {
		s.OnOutcome(k, o)
	}
}
