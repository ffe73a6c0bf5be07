package ads

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The memo answers from the bytes stored now: a changed entity is decoded
// again, and one no hour used is dropped.
func TestMemoFollowsTheStoredBytes(t *testing.T) {
	var m memo[Campaign]
	m.hour = 1
	c, err := m.decode(7, []byte(`{"id":7,"name":"봄","config":"ON"}`))
	require.NoError(t, err)
	assert.Equal(t, "봄", c.Name)
	c, err = m.decode(7, []byte(`{"id":7,"name":"봄","config":"ON"}`))
	require.NoError(t, err)
	assert.Equal(t, "봄", c.Name)
	c, err = m.decode(7, []byte(`{"id":7,"name":"여름","config":"OFF"}`))
	require.NoError(t, err)
	assert.Equal(t, "여름", c.Name)
	assert.Equal(t, Config("OFF"), c.Config)
	_, err = m.decode(8, []byte(`{"id":8,"nope":1}`))
	assert.Error(t, err, "decoded strictly, as the store's checks read it")

	got, ok := m.get(7)
	assert.True(t, ok)
	assert.Equal(t, "여름", got.Name)
	m.hour = 2
	_, ok = m.get(7)
	assert.False(t, ok, "not read this hour")
	m.drop()
	assert.Empty(t, m.m)
}
