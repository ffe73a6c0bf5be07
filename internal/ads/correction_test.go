package ads

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// TestRemovedClicksAreBoundedAndReproducible: a record loses at most its
// share (rounded up), the same seed and key give the same loss, and over
// many records the loss averages half the largest share.
func TestRemovedClicksAreBoundedAndReproducible(t *testing.T) {
	hour := time.Date(2026, 1, 1, 10, 0, 0, 0, kakao.KST)
	const maxShare = float64(DefaultCorrectionBasisPoints) / 10000
	var clicks, removed int64
	for i := range uint64(2000) {
		key := deliveryKey(10001, hour.Add(time.Duration(i%24)*time.Hour), 40000+i)
		c := int64(i % 60)
		n := removedClicks(42, key, c, DefaultCorrectionBasisPoints)
		assert.Equal(t, n, removedClicks(42, key, c, DefaultCorrectionBasisPoints), "reproducible")
		assert.GreaterOrEqual(t, n, int64(0))
		assert.LessOrEqual(t, float64(n), float64(c)*maxShare+1, "%d of %d clicks", n, c)
		clicks, removed = clicks+c, removed+n
	}
	share := float64(removed) / float64(clicks)
	assert.InDelta(t, maxShare/2, share, maxShare/6, "removed %d of %d", removed, clicks)
	assert.Zero(t, removedClicks(42, []byte("k"), 0, DefaultCorrectionBasisPoints))
	assert.Zero(t, removedClicks(42, deliveryKey(10001, hour, 40001), 50, 0), "0 basis points: no correction")
}
