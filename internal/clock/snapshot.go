package clock

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// StateMeta names the meta value holding the clock's state, which a
// snapshot carries like any other value but for the two changes below.
const StateMeta = stateKey

// Portable is the clock's stored state as a snapshot holds it: a running
// clock is written as the time it shows at the wall instant real, without
// the wall instant, so a load resumes from that time (Resume) instead of
// jumping ahead by however long the snapshot was kept. A frozen clock is
// written as it is.
func Portable(raw []byte, real time.Time) ([]byte, error) {
	var s state
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("clock: stored state: %w", err)
	}
	if !s.Frozen {
		s = state{At: s.now(real).In(kakao.KST)}
	}
	return json.Marshal(s)
}

// Resume checks the clock state a snapshot wrote into tx and starts a
// running clock at the wall instant real. Load (or Restart) then reads it.
func Resume(tx *store.Tx, real time.Time) error {
	var s state
	ok, err := tx.GetMeta(stateKey, &s)
	switch {
	case err != nil:
		return fmt.Errorf("the clock (%s/%s) is not a clock state: %v", store.MetaBucket, stateKey, err)
	case !ok:
		return fmt.Errorf("there is no clock: the %s bucket needs a %q entry like {\"frozen\":true,\"at\":\"2026-01-01T09:00:00+09:00\"}", store.MetaBucket, stateKey)
	}
	if err := InRange(s.At); err != nil {
		return fmt.Errorf("the clock's time: %w", err)
	}
	if !s.Frozen && s.Since.IsZero() {
		s.Since = real
	}
	return tx.SetMeta(stateKey, s)
}
