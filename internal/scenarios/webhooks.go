package scenarios

import (
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Scenarios for the webhooks the sandbox sends (issue 23, docs/webhooks.md
// "Scenarios"): a scenario whose match names webhook operations
// ("webhook.accountStatus", "webhook.channel", "webhook.unlink") applies to
// the deliveries of those kinds as they are queued, and its outcome says how
// the delivery goes wrong, so an app's verification and idempotency can be
// tested. No request to the sandbox has such an operation, so a webhook
// scenario never touches one; only activations (global) apply.

// WebhookOperation is the operation a scenario matches a webhook kind by.
func WebhookOperation(kind string) string { return "webhook." + kind }

// Webhook is what a scenario does to a delivery.
type Webhook struct {
	// Corrupt names the fault: see the Corrupt… constants.
	Corrupt string `yaml:"corrupt,omitempty" json:"corrupt,omitempty"`
	// Duplicates is how many extra, identical deliveries follow it.
	Duplicates int `yaml:"duplicates,omitempty" json:"duplicates,omitempty"`
}

// The faults a webhook scenario can put in a delivery.
const (
	CorruptUnsigned      = "unsigned"        // the SET with alg none and no signature
	CorruptBadSignature  = "bad-signature"   // the SET with a signature that does not verify
	CorruptMalformed     = "malformed"       // the SET cut in half: not a JWS
	CorruptReplayedJTI   = "replayed-jti"    // a second, validly signed SET with the first one's jti
	CorruptWrongAdminKey = "wrong-admin-key" // Authorization carries a key that is not the app's
)

// setFaults only make sense in a Security Event Token.
var setFaults = []string{CorruptUnsigned, CorruptBadSignature, CorruptMalformed, CorruptReplayedJTI}

// MaxDuplicates bounds a burst: each copy is one more delivery in the log.
const MaxDuplicates = 20

// webhookKinds are the operations' kinds a scenario may name.
var webhookKinds = []string{"unlink", "accountStatus", "channel"}

// webhookKindsOf lists the webhook kinds the match names; ok is false when
// it names none. A match naming a webhook and anything else is refused.
func (m Match) webhookKindsOf() (kinds []string, ok bool, err error) {
	if m.Operation == "" {
		return nil, false, nil
	}
	ops := strings.Split(m.Operation, ",")
	for _, op := range ops {
		if k, isHook := strings.CutPrefix(op, "webhook."); isHook {
			if !slices.Contains(webhookKinds, k) {
				return nil, false, kakao.Invalid("match.operation", "%q: webhook operations are webhook.unlink, webhook.accountStatus and webhook.channel", op)
			}
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return nil, false, nil
	}
	if len(kinds) != len(ops) || m.Method != "" || m.Path != "" || len(m.Query) > 0 || len(m.Headers) > 0 || len(m.Body) > 0 {
		return nil, false, kakao.Invalid("match", "a webhook scenario matches webhook operations only: no other operation, method, path, query, headers or body")
	}
	return kinds, true, nil
}

// checkWebhooks keeps webhook outcomes to webhook scenarios, and their
// faults to the kinds that have what they corrupt.
func (s *Scenario) checkWebhooks() error {
	kinds, hook, err := s.Match.webhookKindsOf()
	if err != nil {
		return err
	}
	return s.eachOutcome(func(field string, o *Outcome) error {
		if !hook {
			if o.Webhook != nil {
				return kakao.Invalid(field+".webhook", "applies to webhook operations only (match.operation: webhook.accountStatus, …)")
			}
			return nil
		}
		if o.Pass {
			return nil
		}
		if o.Webhook == nil || o.Error != "" || o.Status != 0 || o.Drop || o.Swallow || o.Body != "" ||
			!o.Trickle.IsZero() || !o.Delay.IsZero() || !o.FirstByteDelay.IsZero() {
			return kakao.Invalid(field, "a webhook scenario's outcome is webhook (or pass), and nothing else")
		}
		return o.Webhook.check(field+".webhook", kinds)
	})
}

func (w Webhook) check(field string, kinds []string) error {
	if w.Corrupt == "" && w.Duplicates == 0 {
		return kakao.Invalid(field, "says nothing happens; give corrupt or duplicates")
	}
	if w.Duplicates < 0 || w.Duplicates > MaxDuplicates {
		return kakao.Invalid(field+".duplicates", "must be 0 to %d", MaxDuplicates)
	}
	switch {
	case w.Corrupt == "":
	case slices.Contains(setFaults, w.Corrupt):
		if slices.ContainsFunc(kinds, func(k string) bool { return k != "accountStatus" }) {
			return kakao.Invalid(field+".corrupt", "%q corrupts a Security Event Token: only webhook.accountStatus sends one", w.Corrupt)
		}
	case w.Corrupt == CorruptWrongAdminKey: // every kind sends the admin key
	default:
		return kakao.Invalid(field+".corrupt", "%q is not one of unsigned, bad-signature, malformed, replayed-jti, wrong-admin-key", w.Corrupt)
	}
	return nil
}

// DecideWebhook is the fault, if any, the active scenarios put in the next
// delivery of kind. It counts the match, so it runs once per delivery and
// outside any transaction (counting writes the data file).
func (r *Registry) DecideWebhook(kind string) (*Webhook, error) {
	if r == nil {
		return nil, nil
	}
	a, ok, err := r.Decide(Request{Named: true, Operation: WebhookOperation(kind)}, Context{})
	if err != nil || !ok || a.Webhook == nil {
		return nil, err
	}
	w := *a.Webhook
	return &w, nil
}
