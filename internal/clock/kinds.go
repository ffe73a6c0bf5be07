package clock

import "sort"

// Kinds are the registered effect kinds, sorted: the values /metrics
// counts effects under, besides "unknown" for a kind no one registered.
func (c *Clock) Kinds() []string {
	kinds := make([]string, 0, len(c.handlers))
	for k := range c.handlers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// Outcomes are what OnEffect may report an effect became.
var Outcomes = []string{EffectApplied, EffectMoot, EffectFailed}
