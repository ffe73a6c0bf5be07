package kakao

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVAT(t *testing.T) {
	for supply, want := range map[int64]int64{0: 0, 9: 0, 10: 1, 19: 1, 12345: 1234, 13579: 1357, 1_000_000_000_000: 100_000_000_000} {
		assert.Equal(t, want, VAT(supply), "VAT(%d): 10%%, rounded down", supply)
	}
}
