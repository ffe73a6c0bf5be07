package review

import "github.com/kakao-sandbox/kakao-sandbox/internal/store"

// What the reviews bucket holds, for the checks every door into the state
// passes (rule R10): snapshots and kakao-sandbox check.
func init() {
	store.RegisterShape(store.Entities(reviewsBucket, func(r *Review) uint64 { return r.ID }, func(r *Review) error {
		return store.OneOf("status", r.Status, Pending, Approved, Rejected)
	}))
}
