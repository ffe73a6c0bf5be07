// Package ratelimit enforces Kakao's per-second limits, keyed by (user, ad
// account, bucket), on golang.org/x/time/rate; ad account 0 is a user's
// limit over all of them, and AllowApp's (app, bucket) an app's over its
// users (Moment's multi-account reports). A bucket is named by the operation
// whose limit it is; which limit an operation has, and whose bucket it counts
// against, the OpenAPI document says. Limits use real time, never the
// sandbox clock: advancing the clock must not refill a bucket.
//
// It imports nothing from the sandbox.
package ratelimit

import (
	"fmt"
	"hash/maphash"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limit is Burst calls, refilled at Every per call.
type Limit struct {
	Burst int
	Every time.Duration // one call per Every
}

func (l Limit) String() string {
	window := l.Every * time.Duration(l.Burst)
	unit := map[time.Duration]string{time.Second: "s", time.Minute: "m", time.Hour: "h"}[window]
	if unit == "" {
		unit = window.String()
	}
	return fmt.Sprintf("%d/%s", l.Burst, unit)
}

// Table maps a bucket (the operationId whose limit it is) to its limit.
// Buckets not listed are unlimited.
type Table map[string]Limit

// Parse applies one --rate-limit value to t and says which bucket it set:
// "off" removes every limit (and names none), "op=N/s" (or N/m, N/h, N/5s)
// sets one, "op=off" removes one.
func (t Table) Parse(spec string) (bucket string, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "off" {
		clear(t)
		return "", nil
	}
	op, value, ok := strings.Cut(spec, "=")
	if !ok || op == "" {
		return "", fmt.Errorf("rate limit %q: want operationId=N/s or off", spec)
	}
	if value == "off" {
		delete(t, op)
		return op, nil
	}
	l, err := ParseLimit(value)
	if err != nil {
		return "", fmt.Errorf("rate limit %q: %w", spec, err)
	}
	t[op] = l
	return op, nil
}

// ParseLimit reads "N/s", "N/m", "N/h" or "N/<duration>" (N/5s).
func ParseLimit(v string) (Limit, error) {
	n, per, ok := strings.Cut(v, "/")
	count, err := strconv.Atoi(n)
	if !ok || err != nil || count < 1 {
		return Limit{}, fmt.Errorf("want N/unit with N ≥ 1, like 5/s")
	}
	var window time.Duration
	switch per {
	case "s":
		window = time.Second
	case "m":
		window = time.Minute
	case "h":
		window = time.Hour
	default:
		if window, err = time.ParseDuration(per); err != nil || window <= 0 {
			return Limit{}, fmt.Errorf("unit %q: want s, m, h or a duration like 5s", per)
		}
	}
	return Limit{Burst: count, Every: window / time.Duration(count)}, nil
}

// String lists the table as flags would set it.
func (t Table) String() string {
	var parts []string
	for op, l := range t {
		parts = append(parts, op+"="+l.String())
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

const shards = 64

// Limiter holds one token bucket per (user, ad account, bucket) in use. A bucket that
// has refilled completely carries no state, so it is dropped: memory follows
// the users active in the last few seconds, not every user ever seen.
type Limiter struct {
	table  Table
	now    func() time.Time
	seed   maphash.Seed
	shards [shards]shard
}

type key struct {
	user, adAccount, app uint64 // app set: the app's limit, over its users
	bucket               string
}

type tokenBucket struct {
	lim     *rate.Limiter
	full    time.Time // when the bucket will have refilled completely
	refills time.Duration
}

type shard struct {
	mu        sync.Mutex
	buckets   map[key]*tokenBucket
	lastSweep time.Time
}

// New makes a limiter. now is the real clock (time.Now); tests inject one.
func New(t Table, now func() time.Time) *Limiter {
	l := &Limiter{table: t, now: now, seed: maphash.MakeSeed()}
	for i := range l.shards {
		l.shards[i].buckets = map[key]*tokenBucket{}
	}
	return l
}

// Limited reports whether bucket has a limit at all.
func (l *Limiter) Limited(bucket string) bool {
	_, ok := l.table[bucket]
	return ok
}

// Allow takes one call from user's share of bucket on adAccount (0: the
// user's over every ad account; Moment's ads limits count each apart).
// When it is empty it reports how long until the next call would be allowed.
func (l *Limiter) Allow(user, adAccount uint64, bucket string) (bool, time.Duration) {
	return l.allow(key{user: user, adAccount: adAccount, bucket: bucket})
}

// AllowApp takes one call from an app's share of bucket, over all its users
// and ad accounts (Moment's multi-account reports are limited per app).
func (l *Limiter) AllowApp(app uint64, bucket string) (bool, time.Duration) {
	return l.allow(key{app: app, bucket: bucket})
}

func (l *Limiter) allow(k key) (bool, time.Duration) {
	lim, ok := l.table[k.bucket]
	if !ok {
		return true, 0
	}
	now := l.now()
	sh := &l.shards[maphash.Comparable(l.seed, k)%shards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.sweep(now)
	b := sh.buckets[k]
	if b == nil {
		b = &tokenBucket{lim: rate.NewLimiter(rate.Every(lim.Every), lim.Burst), refills: lim.Every * time.Duration(lim.Burst)}
		sh.buckets[k] = b
	}
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	b.full = now.Add(b.refills)
	return true, 0
}

// sweep drops full buckets, at most once a second per shard.
func (sh *shard) sweep(now time.Time) {
	if now.Sub(sh.lastSweep) < time.Second {
		return
	}
	sh.lastSweep = now
	for k, b := range sh.buckets {
		if !now.Before(b.full) {
			delete(sh.buckets, k)
		}
	}
}

// Clear forgets every call counted so far: after a reset, each user starts
// with full buckets, as after a restart.
func (l *Limiter) Clear() {
	for i := range l.shards {
		l.shards[i].mu.Lock()
		clear(l.shards[i].buckets)
		l.shards[i].mu.Unlock()
	}
}

// Len is how many buckets are held, for tests and metrics.
func (l *Limiter) Len() int {
	n := 0
	for i := range l.shards {
		l.shards[i].mu.Lock()
		n += len(l.shards[i].buckets)
		l.shards[i].mu.Unlock()
	}
	return n
}
