package clock

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the clock's buckets and meta value hold, for the checks every door
// into the state passes (rule R10): snapshots and kakao-sandbox check.
// Which effect kinds there are is this Clock's to say: CheckEffects.
func init() {
	store.RegisterShape(store.Values[queued](effectsBucket, 20, 12, nil))
	store.RegisterShape(store.Values[setAside](failedBucket, 20, -1, nil))
	store.RegisterMeta(stateKey, func(v []byte) error {
		var s state
		if err := store.Decode(v, &s); err != nil {
			return err
		}
		return InRange(s.At)
	})
}

// CheckEffects refuses a queued effect of a kind no package registered, or
// whose payload is not its kind's (rule R10): such an effect would fail
// when it falls due, or count a kind no sandbox has.
func (c *Clock) CheckEffects(tx *store.Tx) error {
	return tx.Scan(effectsBucket, nil, func(k, v []byte) (bool, error) {
		var e queued
		if err := store.Decode(v, &e); err != nil {
			return false, fmt.Errorf("bucket %q key %x: %v", effectsBucket, k, err)
		}
		h, ok := c.handlers[e.Kind]
		if !ok {
			return false, fmt.Errorf("bucket %q key %x: %q is not an effect kind of this build", effectsBucket, k, e.Kind)
		}
		if err := h.check(e.Payload); err != nil {
			return false, fmt.Errorf("bucket %q key %x: the %s payload: %v", effectsBucket, k, e.Kind, err)
		}
		return true, nil
	})
}
