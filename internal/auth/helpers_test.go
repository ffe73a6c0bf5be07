package auth

import (
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// newService is the auth service over a new data file, its clock begun at
// 2026-01-01 09:00 KST; the file closes with the test.
func newService(t *testing.T) (*store.DB, *Service) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "a.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	c := clock.New(db, time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST), time.Now, slog.New(slog.DiscardHandler))
	db.SetClock(c.Now)
	s := NewService(db, c)
	require.NoError(t, db.UpdateAlone(c.Init))
	return db, s
}
