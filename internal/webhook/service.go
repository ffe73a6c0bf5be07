package webhook

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Config is the sender's policy. Kakao documents none of it but the 3 s
// answer (§10.0); the rest is the sandbox's guess (docs/guesses.md).
type Config struct {
	// Attempts is how many times a delivery is tried in all (≥ 1).
	Attempts int
	// Backoff is the wait before the second, third… attempt, in real time;
	// the last value repeats when there are more attempts than values.
	Backoff []time.Duration
	// Timeout bounds one attempt: Kakao wants the answer within 3 s.
	Timeout time.Duration
	// Concurrency bounds the calls in flight at once.
	Concurrency int
	// DisableAfter is how many deliveries of one webhook fail in a row
	// before it is disabled (Kakao's [일시 중지]); 0 never disables.
	DisableAfter int
}

// DefaultConfig is the sandbox's guess at Kakao's policy.
func DefaultConfig() Config {
	return Config{
		Attempts:     3,
		Backoff:      []time.Duration{time.Second, 10 * time.Second},
		Timeout:      3 * time.Second,
		Concurrency:  4,
		DisableAfter: 10,
	}
}

// Service is the outbox and its sender.
type Service struct {
	db  *store.DB
	cfg Config

	// OnOutcome, when set, counts a delivery reaching an outcome (metrics).
	OnOutcome func(k Kind, o Outcome)

	wake chan struct{}
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
