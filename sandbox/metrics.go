package sandbox

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/metrics"
	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// newMetrics makes this sandbox's own metrics registry, each label bounded
// to what this build knows (rule R04): the document's operationIds, the
// shipped scenarios, the effect kinds c has registered and the wallet's
// ledger kinds. Loaded scenarios, unknown paths and whatever kinds a
// restored snapshot holds count under fixed values, so /metrics does not
// grow with what clients send.
func newMetrics(spec *openapi.Spec, c *clock.Clock) (*metrics.Metrics, error) {
	ops := make([]string, 0, len(spec.Operations))
	for _, op := range spec.Operations {
		ops = append(ops, op.ID)
	}
	shipped, err := scenarios.Library()
	if err != nil {
		return nil, err
	}
	hookKinds, hookEnds := webhookLabels()
	return metrics.New(metrics.Labels{
		Operations: ops, Scenarios: scenarios.Names(shipped),
		EffectKinds: c.Kinds(), EffectOutcomes: clock.Outcomes, LedgerKinds: wallet.EntryKinds,
		WebhookKinds: hookKinds, WebhookEnds: hookEnds,
	}), nil
}
