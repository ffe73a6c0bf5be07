package sandboxtest

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/ratelimit"
)

// Option changes the sandbox's Config before it opens. Any
// func(*sandbox.Config) is one, so a test may set a field the kit has no
// option for:
//
//	sandboxtest.New(t, func(c *sandbox.Config) { c.JournalBodies = true })
type Option func(*sandbox.Config)

// WithFixtures fills the new sandbox with a fixture document of the test's
// own (YAML or JSON, the README's fixture format) instead of the embedded demo
// data; a reset to "demo" loads it again. Without it a sandbox holds the demo
// data, which the README's "Test data" lists.
func WithFixtures(data []byte) Option {
	return func(c *sandbox.Config) { c.Fixtures = data }
}

// NoRateLimits turns every rate limit off, for tests about other rules.
func NoRateLimits(c *sandbox.Config) { applyRateLimit(c, "off") }

// RateLimit applies one --rate-limit value over Kakao's default limits (and
// over earlier RateLimit options): "createVirtualAccount=3/s" (also N/m, N/h,
// N/5s), "createVirtualAccount=off", or "off". A malformed spec is a bug in
// the test and panics here, as regexp.MustCompile does.
func RateLimit(spec string) Option {
	if err := (ratelimit.Table{}).Parse(spec); err != nil {
		panic(fmt.Sprintf("sandboxtest: RateLimit: %v", err))
	}
	return func(c *sandbox.Config) { applyRateLimit(c, spec) }
}

// applyRateLimit is the one place the kit touches Config.RateLimits.
func applyRateLimit(c *sandbox.Config, spec string) {
	if c.RateLimits == nil {
		c.RateLimits = ratelimit.Defaults()
	}
	if err := c.RateLimits.Parse(spec); err != nil {
		panic(fmt.Sprintf("sandboxtest: rate limit: %v", err))
	}
}
