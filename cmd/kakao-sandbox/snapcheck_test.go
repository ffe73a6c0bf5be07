package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// Rule R10: kakao-sandbox check reads every stored value as the sandbox
// does. A data file an older build's snapshot load left with an ad account
// that is a string and a wallet sequence below its ids passed check and
// start-up, then answered 500 for good.
func r10CheckListsValuesTheSandboxCannotServe(t *testing.T) {
	t.Parallel()
	path := realDataFile(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr syncBuffer
	require.NoError(t, run(ctx, []string{"check", "--data", path}, noEnv, &stdout, &stderr), "%s", stderr.String())

	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("moment.adAccounts")).Put([]byte{0, 0, 0, 0, 0, 0, 0x27, 0x11}, []byte(`"garbage"`)); err != nil {
			return err
		}
		return tx.Bucket([]byte("wallet.wallets")).SetSequence(1)
	}))
	require.NoError(t, db.Close())

	stdout = syncBuffer{}
	err = run(ctx, []string{"check", "--data", path}, noEnv, &stdout, &stderr)
	require.Error(t, err, "check fails on it")
	assert.Contains(t, err.Error(), "2 stored values cannot be served")
	assert.Contains(t, stdout.String(), `UNREADABLE bucket "moment.adAccounts" key 0000000000002711: json: cannot unmarshal string`)
	assert.Contains(t, stdout.String(), `UNREADABLE bucket "wallet.wallets": id 9 is above the sequence 1`)

	err = run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", path}, noEnv, &stdout, &stderr)
	require.Error(t, err, "the sandbox does not serve it")
	assert.Contains(t, err.Error(), filepath.Base(path))
	assert.Contains(t, err.Error(), `bucket "moment.adAccounts" key 0000000000002711`)
}
