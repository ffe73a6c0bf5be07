package httpapi

import (
	"fmt"
	"testing"
	"time"
)

// TestRequestIDLikeFmt: requestID writes what fmt's "sbx-%x-%06d" wrote.
func TestRequestIDLikeFmt(t *testing.T) {
	for _, sec := range []int64{0, 1, -26, 1764000000, 1 << 40} {
		for _, seq := range []uint64{0, 1, 9, 10, 99999, 100000, 999999, 1000000, 123456789, 1<<64 - 1} {
			now := time.Unix(sec, 0)
			if got, want := requestID(now, seq), fmt.Sprintf("sbx-%x-%06d", now.Unix(), seq); got != want {
				t.Errorf("requestID(%d, %d) = %q, want %q", sec, seq, got, want)
			}
		}
	}
}
