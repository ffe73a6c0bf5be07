// Package metrics is the sandbox's Prometheus metrics, on the official client
// library: the one place their names and labels are declared (docs/control-plane.md
// "Metrics"). Each sandbox has its own registry, never the library's global
// one, so sandboxes side by side in one test binary count apart.
//
// The request pipeline (httpapi) counts requests, rate-limit refusals and
// scenario hits; the composition root counts ledger entries and clock effects
// through the hooks wallet and clock offer, so no domain package imports
// this one.
package metrics

import (
	"bytes"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// noOperation labels a request that matched no operation of the document
// (the sandbox's -9404 and -9405).
const noOperation = "none"

// Metrics are one sandbox's counters. A nil *Metrics counts nothing.
type Metrics struct {
	registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	refusals      *prometheus.CounterVec
	scenarioHits  *prometheus.CounterVec
	ledgerEntries *prometheus.CounterVec
	clockEffects  *prometheus.CounterVec
}

// New registers the counters in a registry of their own.
func New() *Metrics {
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "kakao_sandbox", Name: name, Help: help}, labels)
	}
	m := &Metrics{
		registry:      prometheus.NewRegistry(),
		requests:      counter("requests_total", "Requests answered, by operationId (none: no operation matched) and HTTP status (0: dropped by a scenario).", "operation", "status"),
		refusals:      counter("rate_limit_refusals_total", "Calls refused by a rate limit (429), by operationId.", "operation"),
		scenarioHits:  counter("scenario_hits_total", "Calls a failure scenario applied to, by scenario and operationId.", "scenario", "operation"),
		ledgerEntries: counter("ledger_entries_total", "Wallet ledger entries committed, by kind (CHARGE, SPEND, REFUND, FREE_GRANT, ...).", "kind"),
		clockEffects:  counter("clock_effects_total", "Clock effects run, by kind and outcome (applied, moot: no longer applied, failed: set aside).", "kind", "outcome"),
	}
	m.registry.MustRegister(m.requests, m.refusals, m.scenarioHits, m.ledgerEntries, m.clockEffects)
	return m
}

// Request counts one answered request; operation "" matched none.
func (m *Metrics) Request(operation string, status int) {
	if operation == "" {
		operation = noOperation
	}
	if m != nil {
		m.requests.WithLabelValues(operation, strconv.Itoa(status)).Inc()
	}
}

// RateLimited counts one call a rate limit refused.
func (m *Metrics) RateLimited(operation string) {
	if m != nil {
		m.refusals.WithLabelValues(operation).Inc()
	}
}

// ScenarioHit counts one call a failure scenario applied to.
func (m *Metrics) ScenarioHit(scenario, operation string) {
	if m != nil {
		m.scenarioHits.WithLabelValues(scenario, operation).Inc()
	}
}

// LedgerEntry counts one committed ledger entry: wallet.Config.Posted.
func (m *Metrics) LedgerEntry(kind string) {
	if m != nil {
		m.ledgerEntries.WithLabelValues(kind).Inc()
	}
}

// ClockEffect counts one effect the clock ran: clock.Clock.OnEffect.
func (m *Metrics) ClockEffect(kind, outcome string) {
	if m != nil {
		m.clockEffects.WithLabelValues(kind, outcome).Inc()
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
