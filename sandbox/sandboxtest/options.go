package sandboxtest

import "github.com/kakao-sandbox/kakao-sandbox/sandbox"

// Option changes the sandbox's Config before it opens. Any
// func(*sandbox.Config) is one, so a test may set a field the kit has no
// option for:
//
//	sandboxtest.New(t, func(c *sandbox.Config) { c.JournalBodies = true })
type Option func(*sandbox.Config)

// WithFixtures fills the new sandbox with a fixture document of the test's
// own (YAML or JSON, the fixture format of docs/control-plane.md) instead of the embedded demo
// data; a reset to "startup" (or with no body) loads it again. Without it a sandbox holds the demo
// data, which docs/test-data.md lists.
func WithFixtures(data []byte) Option {
	return func(c *sandbox.Config) { c.Fixtures = data }
}

// NoRateLimits turns every rate limit off, for tests about other rules.
func NoRateLimits(c *sandbox.Config) { c.RateLimits = append(c.RateLimits, "off") }

// RateLimit applies one --rate-limit value over the limits the OpenAPI
// document sets (and over earlier RateLimit options):
// "createVirtualAccount=3/s" (also N/m, N/h, N/5s), "createVirtualAccount=off",
// or "off". A spec the sandbox cannot apply fails New (or Open) and says why.
func RateLimit(spec string) Option {
	return func(c *sandbox.Config) { c.RateLimits = append(c.RateLimits, spec) }
}

// WithAdsSeed sets the seed of the ads' delivery figures
// (sandbox.Config.AdsSeed), so a test may compare exact figures: the same
// seed, fixtures and clock give the same reports.
func WithAdsSeed(seed uint64) Option {
	return func(c *sandbox.Config) { c.AdsSeed = seed }
}
