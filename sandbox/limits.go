package sandbox

import (
	"fmt"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/ratelimit"
)

// rateLimits is the limit table the document sets (x-kakao-rate-limit),
// with the --rate-limit overrides applied in order. An override must name an
// operation that has a limit of its own: one that shares another's bucket
// (x-kakao-rate-limit-bucket) is limited by setting that one.
func rateLimits(spec *openapi.Spec, overrides []string) (ratelimit.Table, error) {
	table := ratelimit.Table{}
	ops := map[string]*openapi.Operation{}
	for _, op := range spec.Operations {
		ops[op.ID] = op
		if op.RateLimit == "" {
			continue
		}
		l, err := ratelimit.ParseLimit(op.RateLimit)
		if err != nil {
			return nil, fmt.Errorf("openapi: %s x-kakao-rate-limit %q: %w", op.ID, op.RateLimit, err)
		}
		table[op.ID] = l
	}
	for _, o := range overrides {
		if id, _, _ := strings.Cut(strings.TrimSpace(o), "="); id != "off" {
			op, ok := ops[id]
			switch {
			case !ok:
				return nil, fmt.Errorf("--rate-limit %q: no operation %q in the OpenAPI document", o, id)
			case op.RateBucket != op.ID:
				return nil, fmt.Errorf("--rate-limit %q: %s counts against %s's limit; set that one", o, id, op.RateBucket)
			}
		}
		if err := table.Parse(o); err != nil {
			return nil, fmt.Errorf("--rate-limit: %w", err)
		}
	}
	return table, nil
}
