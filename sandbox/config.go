package sandbox

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/httpapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// The ranges Config's numbers take besides 0, which is always the default.
// Validate (run first by Open) is the one place they are checked;
// cmd/kakao-sandbox shows them in its flags' help.
const (
	// MaxDayOfMonth bounds TaxInvoiceDay and CloudDueDay (from 1): every
	// month has a 28th.
	MaxDayOfMonth = 28
	// MaxLateFeeBasisPoints bounds CloudLateFeeBasisPoints (from 0): 100%.
	MaxLateFeeBasisPoints = 10_000
	// MaxJournalSize bounds JournalSize (from 1): each entry takes up to
	// 5 KiB with JournalBodies.
	MaxJournalSize = 100_000
	// MinVirtualAccountValidity and MaxVirtualAccountValidity bound
	// VirtualAccountValidity, so an expiry computed from any sandbox time
	// stays a time the data file can hold.
	MinVirtualAccountValidity = time.Second
	MaxVirtualAccountValidity = 366 * 24 * time.Hour
	// MaxAdsCorrectionBasisPoints bounds AdsCorrectionBasisPoints (from 0): all clicks.
	MaxAdsCorrectionBasisPoints = 10000
	// MaxCreativeReviewDelay bounds CreativeReviewDelay (from 0, never).
	MaxCreativeReviewDelay = 366 * 24 * time.Hour
	// DefaultMaxAdvanceEffects is MaxAdvanceEffects when 0: a few seconds
	// of effects, each in its own transaction.
	DefaultMaxAdvanceEffects = 5_000
	// MaxMaxAdvanceEffects bounds MaxAdvanceEffects (from 1).
	MaxMaxAdvanceEffects = 1_000_000
	// MinWriteTimeout and MaxWriteTimeout bound WriteTimeout.
	MinWriteTimeout = time.Millisecond
	MaxWriteTimeout = 24 * time.Hour

	// The webhook sender's defaults and ranges (docs/webhooks.md "Retries
	// and disabling"): the sandbox's guesses but the 3 s.
	DefaultWebhookAttempts     = webhook.DefaultAttempts
	DefaultWebhookRetryDelay   = webhook.DefaultRetryDelay
	DefaultWebhookTimeout      = webhook.DefaultTimeout
	DefaultWebhookDisableAfter = webhook.DefaultDisableAfter
	MaxWebhookAttempts         = 10
	MinWebhookRetryDelay       = time.Millisecond
	MaxWebhookRetryDelay       = time.Hour
	MinWebhookTimeout          = time.Millisecond
	MaxWebhookTimeout          = time.Minute
	MaxWebhookDisableAfter     = 10_000
)

// ConfigError is a Config field Open refuses: it names the field, what it
// held and the range it takes.
type ConfigError struct {
	Field    string // the Config field, "TaxInvoiceDay"
	Value    any    // what it held: an int, a time.Duration, an RFC 3339 time
	Noun     string // what the field counts, "a day"
	Min, Max any    // the range it takes, of Value's type
	Zero     string // what its zero value means, "0 is the default, 1"
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("sandbox: Config.%s %v: want %s from %v to %v (%s)", e.Field, e.Value, e.Noun, e.Min, e.Max, e.Zero)
}

// Validate checks every field of c that has a range, as Open does before
// anything else; a field out of range is a *ConfigError. The zero value of
// every field is its default, and valid. Rate limits, fixtures and
// scenarios are read, and refused, by Open itself.
func (c Config) Validate() error {
	if c.DataPath == "" {
		return errors.New("sandbox: no data file given")
	}
	if !c.Clock.IsZero() && clock.InRange(c.Clock) != nil {
		return &ConfigError{Field: "Clock", Value: c.Clock.In(kakao.KST).Format(time.RFC3339), Noun: "a time",
			Min: clock.MinTime.Format(time.RFC3339), Max: clock.MaxTime.Format(time.RFC3339), Zero: "zero is real time"}
	}
	for _, f := range []struct {
		field, noun, zero string
		set               bool // not the default: not 0 (nor nil, for the *int)
		v, lo, hi         int
	}{
		{"TaxInvoiceDay", "a day", fmt.Sprintf("0 is the default, %d", wallet.DefaultTaxInvoiceDay), c.TaxInvoiceDay != 0, c.TaxInvoiceDay, 1, MaxDayOfMonth},
		{"CloudDueDay", "a day", fmt.Sprintf("0 is the default, %d", cloud.DefaultDueDay), c.CloudDueDay != 0, c.CloudDueDay, 1, MaxDayOfMonth},
		{"CloudLateFeeBasisPoints", "basis points", fmt.Sprintf("nil is the default, %d; 0 charges none", cloud.DefaultLateFeeBasisPoints),
			c.CloudLateFeeBasisPoints != nil, deref(c.CloudLateFeeBasisPoints), 0, MaxLateFeeBasisPoints},
		{"AdsCorrectionBasisPoints", "basis points", fmt.Sprintf("nil is the default, %d; 0 corrects nothing", ads.DefaultCorrectionBasisPoints),
			c.AdsCorrectionBasisPoints != nil, deref(c.AdsCorrectionBasisPoints), 0, MaxAdsCorrectionBasisPoints},
		{"JournalSize", "a number of requests", fmt.Sprintf("0 is the default, %d", journal.DefaultSize), c.JournalSize != 0, c.JournalSize, 1, MaxJournalSize},
		{"MaxAdvanceEffects", "a number of effects", fmt.Sprintf("0 is the default, %d", DefaultMaxAdvanceEffects), c.MaxAdvanceEffects != 0, c.MaxAdvanceEffects, 1, MaxMaxAdvanceEffects},
		{"WebhookAttempts", "a number of attempts", fmt.Sprintf("0 is the default, %d", webhook.DefaultAttempts), c.WebhookAttempts != 0, c.WebhookAttempts, 1, MaxWebhookAttempts},
		{"WebhookDisableAfter", "a number of failed deliveries", fmt.Sprintf("nil is the default, %d; 0 never disables", webhook.DefaultDisableAfter),
			c.WebhookDisableAfter != nil, deref(c.WebhookDisableAfter), 0, MaxWebhookDisableAfter},
	} {
		if f.set && (f.v < f.lo || f.v > f.hi) {
			return &ConfigError{Field: f.field, Value: f.v, Noun: f.noun, Min: f.lo, Max: f.hi, Zero: f.zero}
		}
	}
	for _, f := range []struct {
		field, zero string
		v, lo, hi   time.Duration
	}{
		{"VirtualAccountValidity", fmt.Sprintf("0 is the default, %s", moment.DefaultValidity), c.VirtualAccountValidity, MinVirtualAccountValidity, MaxVirtualAccountValidity},
		{"WriteTimeout", "0 is none", c.WriteTimeout, MinWriteTimeout, MaxWriteTimeout},
		{"WebhookRetryDelay", fmt.Sprintf("0 is the default, %s", webhook.DefaultRetryDelay), c.WebhookRetryDelay, MinWebhookRetryDelay, MaxWebhookRetryDelay},
		{"WebhookTimeout", fmt.Sprintf("0 is the default, %s", webhook.DefaultTimeout), c.WebhookTimeout, MinWebhookTimeout, MaxWebhookTimeout},
	} {
		if f.v != 0 && (f.v < f.lo || f.v > f.hi) {
			return &ConfigError{Field: f.field, Value: f.v, Noun: "a duration", Min: f.lo, Max: f.hi, Zero: f.zero}
		}
	}
	if d := c.CreativeReviewDelay; d != nil && (*d < 0 || *d > MaxCreativeReviewDelay) {
		return &ConfigError{Field: "CreativeReviewDelay", Value: *d, Noun: "a duration", Min: time.Duration(0), Max: MaxCreativeReviewDelay,
			Zero: fmt.Sprintf("nil is the default, %s; 0 never approves by itself", ads.DefaultCreativeReviewDelay)}
	}
	for _, h := range c.AllowedHosts {
		if h != "*" && (h == "" || strings.ContainsAny(h, ":/ *@")) {
			return fmt.Errorf("sandbox: Config.AllowedHosts %q (--allowed-host): want a host name without scheme or port, like sandbox.example.com, or * for any", h)
		}
	}
	for _, o := range c.AllowedOrigins {
		if !httpapi.NormalOrigin(o) {
			return fmt.Errorf("sandbox: Config.AllowedOrigins %q (--allowed-origin): want a web origin, scheme://host[:port] with no path, like http://localhost:3000", o)
		}
	}
	return nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// withDefaults is c with each zero field set to its default: what the
// domain services, which trust their settings, are given.
func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Progress == nil {
		c.Progress = logProgress(c.Logger)
	}
	if c.TaxInvoiceDay == 0 {
		c.TaxInvoiceDay = wallet.DefaultTaxInvoiceDay
	}
	if c.CloudDueDay == 0 {
		c.CloudDueDay = cloud.DefaultDueDay
	}
	if c.CloudLateFeeBasisPoints == nil {
		c.CloudLateFeeBasisPoints = new(cloud.DefaultLateFeeBasisPoints)
	}
	if c.JournalSize == 0 {
		c.JournalSize = journal.DefaultSize
	}
	if c.MaxAdvanceEffects == 0 {
		c.MaxAdvanceEffects = DefaultMaxAdvanceEffects
	}
	if c.AdsCorrectionBasisPoints == nil {
		c.AdsCorrectionBasisPoints = new(ads.DefaultCorrectionBasisPoints)
	}
	if c.CreativeReviewDelay == nil {
		c.CreativeReviewDelay = new(ads.DefaultCreativeReviewDelay)
	}
	if c.VirtualAccountValidity == 0 {
		c.VirtualAccountValidity = moment.DefaultValidity
	}
	if c.WebhookAttempts == 0 {
		c.WebhookAttempts = webhook.DefaultAttempts
	}
	if c.WebhookRetryDelay == 0 {
		c.WebhookRetryDelay = webhook.DefaultRetryDelay
	}
	if c.WebhookTimeout == 0 {
		c.WebhookTimeout = webhook.DefaultTimeout
	}
	if c.WebhookDisableAfter == nil {
		c.WebhookDisableAfter = new(webhook.DefaultDisableAfter)
	}
	return c
}
