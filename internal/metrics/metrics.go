// Package metrics is the sandbox's Prometheus metrics, on the official client
// library: the one place their names and labels are declared (docs/control-plane.md
// "Metrics"). Each sandbox has its own registry, never the library's global
// one, so sandboxes side by side in one test binary count apart.
//
// The request pipeline (httpapi) counts requests, rate-limit refusals and
// scenario hits; the composition root counts ledger entries and clock effects
// through the hooks wallet and clock offer, so no domain package imports
// this one.
//
// Every label takes its values from a set fixed when the sandbox opens
// (Labels), so the number of series is bounded whatever clients send, load
// or restore (rule R04): a value outside its set counts under a fixed one.
package metrics

import (
	"bytes"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// The values a label takes when what it counts is outside its set.
const (
	// NoOperation labels a request that matched no operation of the
	// document (the sandbox's -9404 and -9405).
	NoOperation = "none"
	// CustomScenario labels a hit of a loaded scenario: their names are the
	// clients' own, without end across loads and resets.
	CustomScenario = "custom"
	// Unknown labels an effect kind, outcome or ledger kind the sandbox does
	// not register, as a restored snapshot may hold.
	Unknown = "unknown"
	// OtherStatus labels a status outside 0 and 100–599.
	OtherStatus = "other"
)

// Labels are the values each label may take; anything else counts under
// the fixed value each field names.
type Labels struct {
	Operations     []string // the document's operationIds; else NoOperation
	Scenarios      []string // the shipped scenarios' names; else CustomScenario
	EffectKinds    []string // the registered clock-effect kinds; else Unknown
	EffectOutcomes []string // what became of an effect (applied, moot, failed); else Unknown
	LedgerKinds    []string // the wallet's ledger entry kinds; else Unknown
	WebhookKinds   []string // the webhook kinds (unlink, accountStatus, channel); else Unknown
	WebhookEnds    []string // what became of a delivery (queued, delivered, …); else Unknown
}

// set is a label's allowed values.
type set map[string]struct{}

func newSet(values []string) set {
	s := make(set, len(values))
	for _, v := range values {
		s[v] = struct{}{}
	}
	return s
}

// or is v when the set holds it, else other.
func (s set) or(v, other string) string {
	if _, ok := s[v]; ok {
		return v
	}
	return other
}

// Metrics are one sandbox's counters. A nil *Metrics counts nothing.
type Metrics struct {
	operations, scenarios, effectKinds, outcomes, ledgerKinds set
	webhookKinds, webhookEnds                                 set

	registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	refusals      *prometheus.CounterVec
	scenarioHits  *prometheus.CounterVec
	ledgerEntries *prometheus.CounterVec
	clockEffects  *prometheus.CounterVec
	webhooks      *prometheus.CounterVec
}

// New registers the counters in a registry of their own; each label takes
// values from l only.
func New(l Labels) *Metrics {
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "kakao_sandbox", Name: name, Help: help}, labels)
	}
	m := &Metrics{
		operations: newSet(l.Operations), scenarios: newSet(l.Scenarios),
		effectKinds: newSet(l.EffectKinds), outcomes: newSet(l.EffectOutcomes), ledgerKinds: newSet(l.LedgerKinds),
		webhookKinds: newSet(l.WebhookKinds), webhookEnds: newSet(l.WebhookEnds),
		registry:      prometheus.NewRegistry(),
		requests:      counter("requests_total", "Requests answered, by operationId (none: no operation matched) and HTTP status (0: dropped by a scenario).", "operation", "status"),
		refusals:      counter("rate_limit_refusals_total", "Calls refused by a rate limit (429), by operationId.", "operation"),
		scenarioHits:  counter("scenario_hits_total", "Calls a failure scenario applied to, by scenario (custom: a loaded one) and operationId.", "scenario", "operation"),
		ledgerEntries: counter("ledger_entries_total", "Wallet ledger entries committed, by kind (CHARGE, SPEND, REFUND, FREE_GRANT, ...; unknown: any other).", "kind"),
		clockEffects:  counter("clock_effects_total", "Clock effects run, by kind (unknown: one no one registered) and outcome (applied, moot: no longer applied, failed: set aside).", "kind", "outcome"),
		webhooks:      counter("webhook_deliveries_total", "Webhook deliveries, by kind (unlink, accountStatus, channel) and outcome: queued when queued, then delivered, failed or disabled when it ends.", "kind", "outcome"),
	}
	m.registry.MustRegister(m.requests, m.refusals, m.scenarioHits, m.ledgerEntries, m.clockEffects, m.webhooks)
	return m
}

// status is code's label: itself, or OtherStatus.
func (m *Metrics) status(code int) string {
	if code == 0 || code >= 100 && code <= 599 {
		return strconv.Itoa(code)
	}
	return OtherStatus
}

// Request counts one answered request; operation "" matched none.
func (m *Metrics) Request(operation string, status int) {
	if m != nil {
		m.requests.WithLabelValues(m.operations.or(operation, NoOperation), m.status(status)).Inc()
	}
}

// RateLimited counts one call a rate limit refused.
func (m *Metrics) RateLimited(operation string) {
	if m != nil {
		m.refusals.WithLabelValues(m.operations.or(operation, NoOperation)).Inc()
	}
}

// ScenarioHit counts one call a failure scenario applied to: a shipped one
// by name, a loaded one as CustomScenario.
func (m *Metrics) ScenarioHit(scenario, operation string) {
	if m != nil {
		m.scenarioHits.WithLabelValues(m.scenarios.or(scenario, CustomScenario), m.operations.or(operation, NoOperation)).Inc()
	}
}

// LedgerEntry counts one committed ledger entry: wallet.Config.Posted.
func (m *Metrics) LedgerEntry(kind string) {
	if m != nil {
		m.ledgerEntries.WithLabelValues(m.ledgerKinds.or(kind, Unknown)).Inc()
	}
}

// ClockEffect counts one effect the clock ran: clock.Clock.OnEffect. A kind
// no one registered (a restored snapshot may queue one) counts as Unknown.
func (m *Metrics) ClockEffect(kind, outcome string) {
	if m != nil {
		m.clockEffects.WithLabelValues(m.effectKinds.or(kind, Unknown), m.outcomes.or(outcome, Unknown)).Inc()
	}
}

// WebhookDelivery counts a webhook delivery queued or ended (webhook.Service.OnOutcome).
func (m *Metrics) WebhookDelivery(kind, outcome string) {
	if m != nil {
		m.webhooks.WithLabelValues(m.webhookKinds.or(kind, Unknown), m.webhookEnds.or(outcome, Unknown)).Inc()
	}
}

// ContentType is the Prometheus text exposition format's.
var ContentType = string(expfmt.NewFormat(expfmt.TypeTextPlain))

// Exposition writes every counter in the Prometheus text format.
func (m *Metrics) Exposition() ([]byte, error) {
	if m == nil {
		return nil, nil
	}
	families, err := m.registry.Gather()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}
