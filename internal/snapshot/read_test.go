package snapshot

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The fast reader takes what the strict one takes, with the same result,
// and leaves every document it cannot take to the strict one, whose
// messages the refusals tests (rule D02) check.
func TestReadFastReadsAsStrictDoes(t *testing.T) {
	schema := strconv.Itoa(store.SchemaVersion)
	good := `{"format":"kakao-sandbox.snapshot","version":1,"schema":` + schema + `,"buckets":[
{"name":"meta","entries":[{"key":"clock","value":{"frozen":true,"at":"2026-01-01T09:00:00+09:00"}}]},
{"name":"users","sequence":2,"entries":[{"hex":"0000000000000001","value":{"name":"제이"}},{"hex":"0000000000000002","value":[1, 2]}]}]}`
	fast, ok := readFast([]byte(good))
	require.True(t, ok)
	strict, err := readStrict([]byte(good))
	require.NoError(t, err)
	assert.Equal(t, strict, fast)

	for _, bad := range []string{
		`{`,
		`{"format":"kakao-sandbox.snapshot","version":2,"schema":` + schema + `,"buckets":[]}`,
		`{"format":"kakao-sandbox.snapshot","version":"1","schema":` + schema + `,"buckets":[]}`,
		`{"format":"kakao-sandbox.snapshot","schema":` + schema + `,"buckets":[]}`,
		`{"format":"kakao-sandbox.snapshot","version":1,"schema":` + schema + `,"buckets":[],"extra":1}`,
		`{"format":"kakao-sandbox.snapshot","version":1,"schema":` + schema + `,"buckets":[{"name":"a","entries":[{"key":"k","value":{}, "more":1}]}]}`,
	} {
		_, ok := readFast([]byte(bad))
		assert.False(t, ok, bad)
	}
}
