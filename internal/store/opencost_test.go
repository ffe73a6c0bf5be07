package store

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// The cost of checking a file at open is a measurement, not a test:
//
//	go test ./sandbox/store -run TestOpenCost -open-cost -v
var openCost = flag.Bool("open-cost", false, "measure what Open's check costs on a ~100 MB file (TestOpenCost)")

// TestOpenCost builds a file the size docs/performance.md's load report leaves
// (100,000 virtual accounts and their ledger, about 90 MB of it in use) and times Open
// with and without its check.
func TestOpenCost(t *testing.T) {
	if !*openCost {
		t.Skip("run with -open-cost")
	}
	path := filepath.Join(t.TempDir(), "big.db")
	db, err := Open(path, Options{NoSync: true})
	require.NoError(t, err)
	const n, perTx = 100_000, 20_000
	for start := 0; start < n; start += perTx {
		require.NoError(t, db.UpdateAlone(func(tx *Tx) error {
			for i := start; i < start+perTx; i++ {
				va := map[string]any{
					"id": i + 1, "adAccountId": 30001 + i%20000, "walletId": 20001 + i%20000,
					"accountNumber": fmt.Sprintf("5620%010d", i), "bankCode": "88", "amount": 1000 + i,
					"status": "ISSUED", "issuedAt": "2026-01-01T09:00:00+09:00", "expiresAt": "2026-01-08T09:00:00+09:00",
					"ownerName": "(주)카카오 샌드박스 광고주 " + fmt.Sprint(i),
					"memo":      fmt.Sprintf("%0400d", i), // the rest of a real account's history, in bulk
				}
				vaID, err := tx.NextID("virtualAccounts")
				if err != nil {
					return err
				}
				if err := tx.Put("virtualAccounts", Key(vaID), va); err != nil {
					return err
				}
				if err := tx.SetName("virtualAccount", fmt.Sprintf("va-%d", i), vaID); err != nil {
					return err
				}
				entry := map[string]any{"walletId": 20001 + i%20000, "kind": "CHARGE", "amount": 1000 + i, "at": "2026-01-01T09:00:00+09:00"}
				id, err := tx.NextID("ledger")
				if err != nil {
					return err
				}
				if err := tx.Put("ledger", Key(id), entry); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	require.NoError(t, db.Close())
	info, err := os.Stat(path)
	require.NoError(t, err)
	var inUse int
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	require.NoError(t, b.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, bk *bolt.Bucket) error {
			st := bk.Stats()
			inUse += st.BranchInuse + st.LeafInuse
			return nil
		})
	}))
	require.NoError(t, b.Close())
	t.Logf("file: %.1f MB, %.1f MB of it in use", float64(info.Size())/1e6, float64(inUse)/1e6)

	for round := range 3 {
		start := time.Now()
		b, err := bolt.Open(path, 0o600, &bolt.Options{FreelistType: bolt.FreelistMapType})
		require.NoError(t, err)
		bare := time.Since(start)
		require.NoError(t, b.Close())

		start = time.Now()
		db, err := Open(path, Options{})
		require.NoError(t, err)
		full := time.Since(start)

		var read, check time.Duration
		require.NoError(t, db.bolt.View(func(tx *bolt.Tx) error {
			s := time.Now()
			if err := readAll(path, tx); err != nil {
				return err
			}
			read = time.Since(s)
			s = time.Now()
			err := consistent(path, tx)
			check = time.Since(s)
			return err
		}))
		require.NoError(t, db.Close())
		t.Logf("round %d: bbolt open %v; store.Open %v (read every value %v, bbolt's check %v)", round, bare, full, read, check)
	}
}
