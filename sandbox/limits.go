package sandbox

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/ratelimit"
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
			return nil, unknownLimit(o, bucket, spec)
		case op.RateBucket != op.ID:
			return nil, fmt.Errorf("--rate-limit %q: %s counts against %s's limit; set that one", o, bucket, op.RateBucket)
		case op.TokenType == "":
			return nil, fmt.Errorf("--rate-limit %q: %s takes no token, and limits are per user", o, bucket)
		}
	}
	return table, nil
}

// unknownLimit refuses a --rate-limit that names no operation, suggesting
// the nearest one that can have a limit (a typo is the usual cause).
func unknownLimit(flag, name string, spec *openapi.Spec) error {
	var limited, limitable []string
	for _, op := range spec.Operations {
		if op.RateBucket == op.ID && op.TokenType != "" {
			limitable = append(limitable, op.ID)
			if op.RateLimit != nil {
				limited = append(limited, op.ID)
			}
		}
	}
	slices.Sort(limited)
	msg := fmt.Sprintf("--rate-limit %q: no operation %q in the OpenAPI document", flag, name)
	if near := nearest(name, limitable); near != "" {
		msg += fmt.Sprintf("; did you mean %s?", near)
	}
	list := strings.Join(limited, ", ")
	if n := len(limited); n > 1 {
		list = strings.Join(limited[:n-1], ", ") + " and " + limited[n-1]
	}
	return fmt.Errorf("%s (Kakao limits %s; any operation that takes a token may be given a limit)", msg, list)
}

// nearest is the candidate within a few edits of name (case ignored), or "".
func nearest(name string, candidates []string) string {
	best, bestDist := "", max(2, len(name)/5)+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is Levenshtein's: insertions, deletions and substitutions.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
