package review

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the reviews bucket holds, for the checks every door into the state
// passes (rule R10): snapshots and kakao-sandbox check.
func init() {
	store.RegisterShape(store.Entities(reviewsBucket, func(r *Review) uint64 { return r.ID }, func(r *Review) error {
		return store.OneOf("status", r.Status, Pending, Approved, Rejected)
	}))
}

// CheckReviews refuses a review of a kind no package registered, or whose
// request is not its kind's (rule R10): listing or deciding it would fail.
func (r *Registry) CheckReviews(tx *store.Tx) error {
	return scan(tx, func(rv Review) error {
		check, ok := r.checks[rv.Kind]
		if !ok {
			return fmt.Errorf("bucket %q key %016x: %q is not a review kind of this build", reviewsBucket, rv.ID, rv.Kind)
		}
		if err := check(rv.Request); err != nil {
			return fmt.Errorf("bucket %q key %016x: the %s request: %v", reviewsBucket, rv.ID, rv.Kind, err)
		}
		return nil
	})
}
