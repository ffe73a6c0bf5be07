package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestBodiesMustBeUTF8: a JSON body that is not valid UTF-8, or escapes
// half a UTF-16 surrogate pair, is refused naming the byte, as fixtures
// refuse it, instead of being stored as U+FFFD; a whole pair, or a
// backslash that is text, is a name like any other.
func TestBodiesMustBeUTF8(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t) // the demo: dana's campaign 20003
	put := func(body string) sandboxtest.Response {
		return sb.Do(req{Method: "PUT", Path: "/openapi/v4/campaigns", Token: demoDana,
			Header: map[string]string{"adAccountId": "10002", "Content-Type": "application/json"}, Body: body})
	}
	name := func() string { return demoGet(t, sb, demoDana, 10002, "/campaigns/20003")["name"].(string) }
	before := name()
	for body, want := range map[string]string{
		`{"id":20003,"name":"` + "\xff" + `"}`:       "body: not valid UTF-8 (byte 21)",
		`{"id":20003,"name":"ab` + "\xe3\x81" + `"}`: "body: not valid UTF-8 (byte 23)",
		`{"id":20003,"name":"\ud800"}`:               `body: not valid UTF-8 (byte 21): \ud800 is half a UTF-16 surrogate pair`,
		`{"id":20003,"name":"a\uDFFF"}`:              `body: not valid UTF-8 (byte 22): \uDFFF is half`,
		`{"id":20003,"name":"\ud83d\u0041"}`:         `body: not valid UTF-8 (byte 21): \ud83d is half`,
		`{"id":20003,"name":"\\\ud83d"}`:             `body: not valid UTF-8 (byte 23): \ud83d is half`,
		`{"id":20003,"name":"x"}` + "\x80":           "body: not valid UTF-8 (byte 24)",
	} {
		contains(t, kakaoError(t, put(body), 400, -2, 0), want)
	}
	assert.Equal(t, before, name(), "nothing refused was stored")

	for body, stored := range map[string]string{
		`{"id":20003,"name":"\ud83d\ude00 클래스"}`: "😀 클래스",
		`{"id":20003,"name":"\\ud800"}`:          `\ud800`, // text: a backslash, then "ud800"
	} {
		r := put(body)
		require.Equal(t, 200, r.Status, "%q: %s", body, r.Body)
		assert.Equal(t, stored, name())
	}
}
