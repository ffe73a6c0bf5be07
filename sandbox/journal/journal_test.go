package journal

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRecentNewestFirst(t *testing.T) {
	j := New(3)
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
	j := New(1000)
	long := strings.Repeat("x", 1000)
	var before, after runtime.MemStats
	fill := func() {
		for i := range 100_000 {
			j.Add(Entry{Path: long + fmt.Sprint(i), Warnings: []string{long, long, long, long, long, long}})
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
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	assert.Less(t, grown, int64(4<<20), "another 100k requests must not grow the heap (grew %d bytes)", grown)
}
