package clock

import (
	"errors"
	"log/slog"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

type numbered struct {
	N int `json:"n"`
}

func (n numbered) String() string { return "" }

// r05TimeNeverGoesBackAndEveryEffectRunsOnceInOrder (TestRules/R05_time_never_goes_back_and_every_effect_runs_once_in_order) drives a clock with
// random advances (zero, a nanosecond, years, to dates before, inside and
// past the range) and random effects (already due, due soon, due after
// MaxTime, far past year 2262 where nanoseconds since 1970 overflow), on a
// running clock whose wall time also jumps. Time never goes back, every
// advance outside the range is refused, and every effect due by the end ran
// exactly once, each advance running its effects in due order at their due
// time.
func r05TimeNeverGoesBackAndEveryEffectRunsOnceInOrder(t *testing.T) {
	for _, frozen := range []bool{true, false} {
		t.Run(map[bool]string{true: "frozen", false: "running"}[frozen], func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(5, 7))
			start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
			wall := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			db, err := store.Open(t.TempDir()+"/p.db", store.Options{NoSync: true})
			require.NoError(t, err)
			defer db.Close()
			var clockStart time.Time
			if frozen {
				clockStart = start
			}
			c := New(db, clockStart, func() time.Time { return wall }, slog.New(slog.DiscardHandler))
			db.SetClock(c.Now)
			var runs []ran
			dues := map[int]time.Time{}
			kind := Register(c, "test.numbered", numbered.String, func(tx *store.Tx, p numbered) (string, error) {
				runs = append(runs, ran{p.N, tx.Now()})
				return "ran", nil
			})
			require.NoError(t, db.UpdateAlone(c.Init))
			require.NoError(t, c.Load())

			randomTime := func(now time.Time) time.Time {
				switch rng.IntN(6) {
				case 0:
					return now.Add(-time.Duration(rng.Int64N(int64(240 * time.Hour))))
				case 1:
					return now.Add(time.Duration(rng.Int64N(int64(time.Hour))))
				case 2:
					return now.AddDate(rng.IntN(400), rng.IntN(12), rng.IntN(31))
				case 3:
					return MaxTime.Add(-time.Duration(rng.Int64N(int64(1000 * time.Hour))))
				case 4:
					return MaxTime.AddDate(0, 0, 1+rng.IntN(1000))
				}
				return now.AddDate(1000+rng.IntN(6000), 0, 0)
			}
			prev := c.Now()
			next := 0
			for range 300 {
				now := c.Now()
				switch rng.IntN(4) {
				case 0, 1:
					due := randomTime(now)
					n := next
					next++
					require.NoError(t, db.Update(func(tx *store.Tx) error { return kind.Schedule(tx, due, numbered{n}) }))
					dues[n] = due
				case 2:
					step := Step{Days: rng.IntN(3) * rng.IntN(200_000), Rest: time.Duration(rng.Int64N(int64(48 * time.Hour)))}
					if rng.IntN(4) == 0 {
						step = Step{Rest: time.Duration(rng.IntN(2))} // 0s and 1ns
					}
					before := len(runs)
					_, err := c.AdvanceBy(step)
					if step.From(now).After(MaxTime) {
						require.ErrorIs(t, err, ErrOutOfRange)
					} else {
						require.NoError(t, err)
					}
					assertInOrder(t, runs[before:])
				case 3:
					to := randomTime(now)
					before := len(runs)
					_, err := c.Advance(to)
					switch {
					case to.After(MaxTime):
						require.ErrorIs(t, err, ErrOutOfRange)
					case to.Before(now):
						require.True(t, errors.Is(err, ErrBackward), "%v", err)
					default:
						require.NoError(t, err)
					}
					assertInOrder(t, runs[before:])
				}
				if !frozen {
					wall = wall.Add(time.Duration(rng.Int64N(int64(time.Hour))))
				}
				require.False(t, c.Now().Before(prev), "time went back from %s to %s", prev, c.Now())
				prev = c.Now()
				require.NoError(t, InRange(c.Now()))
			}
			_, err = c.Advance(MaxTime)
			require.NoError(t, err)
			counted := map[int]int{}
			for _, r := range runs {
				counted[r.n]++
				assert.True(t, r.due.Equal(dues[r.n]), "effect %d ran at %s, due %s", r.n, r.due, dues[r.n])
			}
			for n, due := range dues {
				if due.After(MaxTime) {
					assert.Zero(t, counted[n], "effect %d is due after the end of time", n)
				} else {
					assert.Equal(t, 1, counted[n], "effect %d due %s", n, due)
				}
			}
			assert.Greater(t, len(runs), 50, "the walk ran a good share of effects")
		})
	}
}

// ran is one effect run: which, and the time its transaction saw.
type ran struct {
	n   int
	due time.Time
}

func assertInOrder(t *testing.T, runs []ran) {
	t.Helper()
	assert.True(t, slices.IsSortedFunc(runs, func(a, b ran) int { return a.due.Compare(b.due) }), "one advance runs its effects in due order")
}
