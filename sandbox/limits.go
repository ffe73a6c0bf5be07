package sandbox

import (
	"fmt"

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
		if op.RateLimit != nil {
			table[op.ID] = *op.RateLimit
		}
	}
	for _, o := range overrides {
		bucket, err := table.Parse(o)
		if err != nil {
			return nil, fmt.Errorf("--rate-limit: %w", err)
		}
		if bucket == "" { // "off"
			continue
		}
		switch op, ok := ops[bucket]; {
		case !ok:
			return nil, fmt.Errorf("--rate-limit %q: no operation %q in the OpenAPI document", o, bucket)
		case op.RateBucket != op.ID:
			return nil, fmt.Errorf("--rate-limit %q: %s counts against %s's limit; set that one", o, bucket, op.RateBucket)
		case op.TokenType == "":
			return nil, fmt.Errorf("--rate-limit %q: %s takes no token, and limits are per user", o, bucket)
		}
	}
	return table, nil
}
