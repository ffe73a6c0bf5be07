package moment

import (
	"fmt"
	"strconv"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the Moment buckets hold, for the checks every door into the state
// passes (rule R10): snapshots and kakao-sandbox check.
func init() {
	store.RegisterShape(store.Entities(adAccountsBucket, func(a *AdAccount) uint64 { return a.ID }, func(a *AdAccount) error {
		return store.OneOf("config", a.Config, ConfigOn, ConfigOff, ConfigDel)
	}))
	role := func(_ []byte, r *Role) error { return store.OneOf("role", *r, RoleMaster, RoleMember) }
	store.RegisterShape(store.Values(membersBucket, 16, -1, role))
	store.RegisterShape(store.Values(membershipsBucket, 16, -1, role))
	va := store.Values(virtualAccountsBucket, 0, -1, func(key []byte, v *storedVA) error {
		if _, ok := vaSeq(key); !ok {
			return fmt.Errorf("%q is not a virtual account number: 9, the bank code, then 11 digits", key)
		}
		return store.OneOf("status", v.Status, AwaitingDeposit, Paid, Expired)
	})
	va.IDOf = vaSeq
	store.RegisterShape(va)
	store.RegisterShape(store.Sequence(bizRightsSeq))
}

// vaSeq reads the sequence number a virtual account number ends with.
func vaSeq(key []byte) (uint64, bool) {
	if len(key) < 13 || key[0] != '9' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(key[len(key)-11:]), 10, 64)
	return n, err == nil
}
