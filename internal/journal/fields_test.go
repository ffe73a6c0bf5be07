package journal

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPackedFieldsRoundTrip(t *testing.T) {
	m := map[string]string{"amount": "50000", "bankCode": "004", "": "", "empty": "", "long": strings.Repeat("가", 20)}
	p := packFields(m, nil)
	assert.Equal(t, m, p.unpack())
	for k, v := range m {
		got, ok := p.get(k)
		assert.True(t, ok, k)
		assert.Equal(t, v, got, k)
	}
	_, ok := p.get("amoun")
	assert.False(t, ok, "a key is matched whole")
	assert.Nil(t, packFields(nil, nil).unpack())
}

// An entry that keeps its body and reads its fields when the journal is
// read answers exactly as one whose fields were read at once, the limits
// and the masking included.
func TestFieldsReadLaterAsAtOnce(t *testing.T) {
	many := `{`
	for i := range 17 {
		many += `"k` + string(rune('a'+i)) + `":1,`
	}
	many = strings.TrimSuffix(many, ",") + `}`
	bodies := []string{
		`{"adAccountId":10001,"amount":50000,"bankCode":"004"}`,
		`{"a":" padded ","b":1.50,"c":1e3,"d":true,"e":null,"f":[1],"g":{"h":"i"},"l":"` + strings.Repeat("x", 100) + `"}`,
		`{"` + strings.Repeat("k", 70) + `":"long key"}`, many, `{"a":1}x`, `{"a":1E400}`, `[1]`, ``,
		`{"token":"abc","amount":"1000"}`, `{"code":"-401"}`, `{"cardNumber":"9410000000000054"}`, `{"bankCode":"` + strings.Repeat("9", 2000) + `"}`,
	}
	now, later := New(100, false), New(100, false)
	for _, b := range bodies {
		now.Add(Entry{Path: b, Fields: FieldsOf([]byte(b))})
		later.Add(Entry{Path: b, FieldsFrom: []byte(b)})
	}
	assert.True(t, lazy([]byte(bodies[0])), "a plain body is read later")
	assert.False(t, lazy([]byte(bodies[8])), "a body naming a secret key is read at once")
	assert.False(t, lazy([]byte(`{"tok\u0065n":"abc"}`)), "and one whose escapes may spell it")
	want, got := now.Recent(100), later.Recent(100)
	for i := range want {
		if len(want[i].Fields) == 0 {
			want[i].Fields = nil // an empty map reads back as none
		}
	}
	assert.Equal(t, want, got)
	for _, f := range []map[string]string{{"bankCode": "004"}, {"amount": "50000"}, {"token": "***"}, {"b": "1.5"}, {"a": "padded"}, {"nope": ""}} {
		_, n := now.Find(Filter{Fields: f}, 0)
		later2 := New(100, false)
		for _, b := range bodies {
			later2.Add(Entry{Path: b, FieldsFrom: []byte(b)})
		}
		_, l := later2.Find(Filter{Fields: f}, 0) // filtered before anything read them
		assert.Equal(t, n, l, f)
	}
}
