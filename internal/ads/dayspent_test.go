package ads

import (
	"encoding/json"
	"testing"

	jsoniter "github.com/json-iterator/go"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// TestDaySpentEncoding keeps daySpent's own encoder byte for byte what the
// store's codec wrote before it, sorted keys included, and decodable.
func TestDaySpentEncoding(t *testing.T) {
	codec := jsoniter.Config{EscapeHTML: true, SortMapKeys: true, ValidateJsonRawMessage: true, CaseSensitive: true}.Froze() // the store's
	for _, d := range []daySpent{
		{Campaigns: map[uint64]int64{}, AdGroups: map[uint64]int64{}},
		{Total: 1234, Campaigns: map[uint64]int64{9: 1, 10: 2, 1: 3, 100: -4}, AdGroups: map[uint64]int64{18446744073709551615: 7}},
		{Total: -5},
	} {
		type plain daySpent // the codec's reflection, without MarshalJSON
		want, err := codec.Marshal(plain(d))
		require.NoError(t, err)
		std, err := json.Marshal(plain(d))
		require.NoError(t, err)
		require.Equal(t, string(want), string(std))
		wrapped, err := codec.Marshal(d) // as the store puts it: through MarshalJSON
		require.NoError(t, err)
		require.Equal(t, string(want), string(wrapped))
		got, err := d.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
		var back daySpent
		require.NoError(t, store.Decode(got, &back))
		require.Equal(t, d, back)
	}
}
