package auth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// An app replaced with another admin key frees its old one: the index may
// still name the app under the old key, but the app's own key decides.
func TestAdminKeyFollowsItsApp(t *testing.T) {
	db, s := newService(t)
	put := func(p AppParams) error {
		return db.Update(func(tx *store.Tx) error { _, err := PutApp(tx, p); return err })
	}
	require.NoError(t, put(AppParams{Key: "a", Name: "A", RestAPIKey: "ka", AdminKey: "admin-1"}))
	err := put(AppParams{Key: "b", Name: "B", RestAPIKey: "kb", AdminKey: "admin-1"})
	require.ErrorIs(t, err, kakao.ErrInvalidParam)
	assert.Contains(t, err.Error(), "adminKey")
	assert.NotContains(t, err.Error(), "admin-1", "an error never repeats a key")

	a, err := s.AuthenticateAdmin("admin-1")
	require.NoError(t, err)
	require.NoError(t, put(AppParams{ID: a.ID, Key: "a", Name: "A", RestAPIKey: "ka", AdminKey: "admin-2"}))
	_, err = s.AuthenticateAdmin("admin-1")
	require.ErrorIs(t, err, kakao.ErrAdminKeyNotFound, "the replaced key names nobody")
	require.NoError(t, put(AppParams{Key: "b", Name: "B", RestAPIKey: "kb", AdminKey: "admin-1"}), "and is free again")
	b, err := s.AuthenticateAdmin("admin-1")
	require.NoError(t, err)
	assert.Equal(t, "B", b.Name)
	a2, err := s.AuthenticateAdmin("admin-2")
	require.NoError(t, err)
	assert.Equal(t, a.ID, a2.ID)

	require.ErrorIs(t, put(AppParams{Key: "c", Name: "C", RestAPIKey: "kc", Channels: []string{"_x", "_x"}}), kakao.ErrInvalidParam)
	require.ErrorIs(t, put(AppParams{Key: "c", Name: "C", RestAPIKey: "kc", Channels: []string{""}}), kakao.ErrInvalidParam)
}
