package sandbox_test

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestFootprint reports what a stored virtual account costs in data file:
// it issues N of them over HTTP, closes the file and divides its size. It is
// a measurement, not a test: it runs only when asked.
//
//	KAKAO_SANDBOX_FOOTPRINT=100000 go test ./sandbox -run TestFootprint -v
func TestFootprint(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("KAKAO_SANDBOX_FOOTPRINT"))
	if n == 0 {
		t.Skip("set KAKAO_SANDBOX_FOOTPRINT=N to measure")
	}
	sb := newSandbox(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.NoSync = true })
	path := sb.Config.DataPath
	empty := fileSize(t, path)
	var wg sync.WaitGroup
	const workers = 8
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				sb.IssueVirtualAccount(master, healthyAds, int64(1000+i), "88")
			}
		}()
	}
	wg.Wait()
	sb.Stop()
	full := fileSize(t, path)
	t.Logf("%d virtual accounts: data file %d bytes (empty %d): %.0f bytes each", n, full, empty, float64(full-empty)/float64(n))
	fmt.Printf("footprint: %.0f bytes per virtual account at %d\n", float64(full-empty)/float64(n), n)
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		fmt.Printf("pages: %d of %d bytes; free %d\n", tx.Size()/int64(db.Info().PageSize), db.Info().PageSize, db.Stats().FreePageN)
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			st := b.Stats()
			fmt.Printf("  %-24s keys %7d  leaf %9d in use of %9d  branch %8d of %8d\n", name, st.KeyN, st.LeafInuse, st.LeafAlloc, st.BranchInuse, st.BranchAlloc)
			return nil
		})
	}))
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Size()
}
