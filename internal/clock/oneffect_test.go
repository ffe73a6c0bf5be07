package clock

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// TestOnEffectReportsEveryOutcome: the hook /metrics counts through learns
// each effect the clock runs, by kind, with what became of it, including the
// ones that no longer apply (no Happened for them) and the ones set aside.
func TestOnEffectReportsEveryOutcome(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	kind := Register(c, "test.outcome", invoice.String, func(_ *store.Tx, p invoice) (string, error) {
		switch p.Month {
		case "bad":
			return "", fmt.Errorf("no such group")
		case "paid":
			return "", nil
		}
		return "ran", nil
	})
	var ran []string
	c.OnEffect(func(kind, outcome string) { ran = append(ran, kind+" "+outcome) })
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		for i, month := range []string{"bad", "paid", "good"} {
			if err := kind.Schedule(tx, start.Add(time.Duration(i+1)*time.Hour), invoice{Month: month}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, c.Load())
	happened, err := c.Advance(start.Add(4 * time.Hour))
	require.NoError(t, err)
	assert.Len(t, happened, 2)
	assert.Equal(t, []string{"test.outcome failed", "test.outcome moot", "test.outcome applied"}, ran)
}
