package journal

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRecentNewestFirst(t *testing.T) {
	j := New(3, false)
	for i := range 5 {
		j.Add(Entry{Path: fmt.Sprint(i)})
	}
	var paths []string
	for _, e := range j.Recent(10) {
		paths = append(paths, e.Path)
	}
	assert.Equal(t, []string{"4", "3", "2"}, paths)
	assert.Len(t, j.Recent(1), 1)
}

// TestMemoryIsBounded: 100k requests with long paths and many warnings keep
// the journal at its ceiling.
func TestMemoryIsBounded(t *testing.T) {
	j := New(1000, true)
	long := strings.Repeat("x", 1000)
	var before, after runtime.MemStats
	fill := func() {
		for i := range 100_000 {
			j.Add(Entry{Path: long + fmt.Sprint(i), Warnings: []string{long, long, long, long, long, long},
				Body: long + long + long, Response: long + long + long, Fields: map[string]string{"bankCode": long}})
		}
	}
	fill()
	runtime.GC()
	runtime.ReadMemStats(&before)
	fill()
	runtime.GC()
	runtime.ReadMemStats(&after)
	assert.Len(t, j.Recent(5000), 1000)
	assert.LessOrEqual(t, len(j.Recent(1)[0].Path), maxPath+len("…"))
	assert.Len(t, j.Recent(1)[0].Warnings, maxWarnings)
	assert.LessOrEqual(t, len(j.Recent(1)[0].Body), MaxBody+len("…"))
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	assert.Less(t, grown, int64(4<<20), "another 100k requests must not grow the heap (grew %d bytes)", grown)
}

func TestFindFiltersAndCounts(t *testing.T) {
	j := New(100, false)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10 {
		bank := "04"
		if i%3 == 0 {
			bank = "88"
		}
		j.Add(Entry{Time: t0.Add(time.Duration(i) * time.Minute), OperationID: "createVirtualAccount", Status: 200, UserID: uint64(1 + i%2),
			AdAccountID: 10001, Fields: map[string]string{"bankCode": bank}})
	}
	j.Add(Entry{Time: t0.Add(time.Hour), OperationID: "getAdAccountBalance", Status: 400, Code: -813, UserID: 1})
	_, n := j.Find(Filter{Operation: "createVirtualAccount", Fields: map[string]string{"bankCode": "88"}}, 0)
	assert.Equal(t, 4, n)
	got, n := j.Find(Filter{UserID: 2}, 2)
	assert.Equal(t, 5, n)
	assert.Len(t, got, 2)
	assert.Equal(t, t0.Add(9*time.Minute), got[0].Time, "newest first")
	_, n = j.Find(Filter{Code: -813, Status: 400}, 10)
	assert.Equal(t, 1, n)
	_, n = j.Find(Filter{Since: t0.Add(8 * time.Minute)}, 10)
	assert.Equal(t, 3, n)
	assert.Equal(t, 11, j.Clear())
	assert.Empty(t, j.Recent(10))
}
