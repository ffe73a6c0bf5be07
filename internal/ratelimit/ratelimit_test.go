package ratelimit

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestParse(t *testing.T) {
	tests := []struct {
		spec    string
		want    string
		wantErr bool
	}{
		{"createVirtualAccount=5/s", "createVirtualAccount=5/s,updateAdAccountOnOff=1/s", false},
		{"createVirtualAccount=10/m", "createVirtualAccount=10/m,updateAdAccountOnOff=1/s", false},
		{"createVirtualAccount=1/5s", "createVirtualAccount=1/5s,updateAdAccountOnOff=1/s", false},
		{"createVirtualAccount=off", "updateAdAccountOnOff=1/s", false},
		{"off", "", false},
		{"createVirtualAccount", "", true},
		{"createVirtualAccount=0/s", "", true},
		{"createVirtualAccount=5/fortnight", "", true},
		{"=5/s", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			table := kakaoLimits()
			_, err := table.Parse(tt.spec)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, table.String())
		})
	}
}

func TestLimiterKeysByUserAndOperation(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	l := New(kakaoLimits(), clk.now)
	ok, _ := l.Allow(1, 0, "createVirtualAccount")
	require.True(t, ok)
	ok, wait := l.Allow(1, 0, "createVirtualAccount")
	assert.False(t, ok)
	assert.Equal(t, time.Second, wait)
	ok, _ = l.Allow(2, 0, "createVirtualAccount")
	assert.True(t, ok, "another user has a bucket of their own")
	ok, _ = l.Allow(1, 0, "updateAdAccountOnOff")
	assert.True(t, ok, "another operation has a bucket of its own")
	ok, _ = l.Allow(1, 0, "getAdAccountBalance")
	assert.True(t, ok, "unlisted buckets are unlimited")
	clk.advance(time.Second)
	ok, _ = l.Allow(1, 0, "createVirtualAccount")
	assert.True(t, ok)
}

// TestLimiterKeysByAdAccount: Moment counts a user's calls on each ad
// account apart, and a limit may span seconds (1/5s, the ad groups').
func TestLimiterKeysByAdAccount(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	table := kakaoLimits()
	_, err := table.Parse("createAdGroup=1/5s")
	require.NoError(t, err)
	l := New(table, clk.now)
	ok, _ := l.Allow(1, 10001, "createAdGroup")
	require.True(t, ok)
	ok, wait := l.Allow(1, 10001, "createAdGroup")
	assert.False(t, ok)
	assert.Equal(t, 5*time.Second, wait)
	ok, _ = l.Allow(1, 10002, "createAdGroup")
	assert.True(t, ok, "the same user on another ad account has a bucket of its own")
	ok, _ = l.Allow(2, 10001, "createAdGroup")
	assert.True(t, ok, "another user on the same ad account too")
	clk.advance(4 * time.Second)
	ok, _ = l.Allow(1, 10001, "createAdGroup")
	assert.False(t, ok, "within the 5 seconds")
	clk.advance(time.Second)
	ok, _ = l.Allow(1, 10001, "createAdGroup")
	assert.True(t, ok, "5 seconds on")
}

func TestLimiterKeysByApp(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	table := Table{"getAdAccountReport": {Burst: 1, Every: 5 * time.Second}}
	l := New(table, clk.now)
	ok, _ := l.AllowApp(7, "getAdAccountReport")
	require.True(t, ok)
	ok, wait := l.AllowApp(7, "getAdAccountReport")
	assert.False(t, ok, "the app's second call within 5 s, whoever its user")
	assert.Equal(t, 5*time.Second, wait)
	ok, _ = l.AllowApp(8, "getAdAccountReport")
	assert.True(t, ok, "another app has its own")
	ok, _ = l.Allow(7, 0, "getAdAccountReport")
	assert.True(t, ok, "a user numbered like the app is not the app")
	clk.advance(5 * time.Second)
	ok, _ = l.AllowApp(7, "getAdAccountReport")
	assert.True(t, ok)
}

// TestLimiterEvictsIdleBuckets: 100k users each calling once leave 100k
// buckets; once they have refilled, the next calls sweep them away.
func TestLimiterEvictsIdleBuckets(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	l := New(kakaoLimits(), clk.now)
	for u := range uint64(100_000) {
		ok, _ := l.Allow(u, 0, "createVirtualAccount")
		require.True(t, ok)
	}
	require.Equal(t, 100_000, l.Len())
	clk.advance(2 * time.Second)
	// 5,000 new users reach every one of the 64 shards (a miss has odds
	// of about e^-78), and each shard sweeps on its first call.
	for u := range uint64(5000) {
		l.Allow(1_000_000+u, 0, "createVirtualAccount")
	}
	assert.LessOrEqual(t, l.Len(), 5000, "only the buckets just used remain")
}

// kakaoLimits is the table the document sets (x-kakao-rate-limit).
func kakaoLimits() Table {
	return Table{"createVirtualAccount": {Burst: 1, Every: time.Second}, "updateAdAccountOnOff": {Burst: 1, Every: time.Second}}
}
