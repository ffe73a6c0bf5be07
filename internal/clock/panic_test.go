package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// TestPanickingEffectIsSetAside: the background ticker's step (RunDue) must
// survive a handler that panics, a sandbox bug: the effect fails, what it
// wrote is rolled back, it is set aside naming its kind, and the effects
// behind it still run.
func TestPanickingEffectIsSetAside(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	boom := Register(c, "test.boom", invoice.String, func(tx *store.Tx, p invoice) (string, error) {
		if err := tx.SetMeta("touched-"+p.Month, true); err != nil {
			return "", err
		}
		if p.Month == "bad" {
			panic("a handler's bug")
		}
		return "ran " + p.Month, nil
	})
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		if err := boom.Schedule(tx, start, invoice{Month: "bad"}); err != nil {
			return err
		}
		return boom.Schedule(tx, start, invoice{Month: "good"})
	}))
	require.NoError(t, c.Load())

	var happened []Happened
	require.NotPanics(t, func() {
		var err error
		happened, err = c.RunDue()
		require.NoError(t, err)
	})
	require.Len(t, happened, 2)
	assert.True(t, happened[0].Failed)
	assert.Contains(t, happened[0].Description, "sandbox bug: the test.boom effect panicked")
	assert.Equal(t, "ran good", happened[1].Description)
	assert.False(t, c.HasDue())
	aside := rolledBackAndSetAside(t, db)
	assert.Equal(t, "test.boom", aside.Kind)
	assert.Contains(t, aside.Error, "a handler's bug")
}
