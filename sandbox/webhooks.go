package sandbox

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/metrics"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// newWebhooks is the webhook outbox and sender over db, with cfg's policy
// (defaults filled in), counting deliveries in m.
func newWebhooks(db *store.DB, cfg Config, m *metrics.Metrics) *webhook.Service {
	w := webhook.New(db, webhook.Config{
		Attempts:     cfg.WebhookAttempts,
		RetryDelay:   cfg.WebhookRetryDelay,
		Timeout:      cfg.WebhookTimeout,
		Concurrency:  webhook.DefaultConcurrency,
		DisableAfter: *cfg.WebhookDisableAfter,
	})
	w.OnOutcome = func(k webhook.Kind, o webhook.Outcome) { m.WebhookDelivery(string(k), string(o)) }
	return w
}

// webhookLabels are the values the webhook counter's labels take.
func webhookLabels() (kinds, outcomes []string) {
	for _, k := range webhook.Kinds {
		kinds = append(kinds, string(k))
	}
	for _, o := range webhook.Outcomes {
		outcomes = append(outcomes, string(o))
	}
	return kinds, outcomes
}
