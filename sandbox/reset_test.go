package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// countsOf is the loaded counts a reset to data answers.
func countsOf(t *testing.T, data []byte) map[string]any {
	t.Helper()
	doc, err := fixtures.Parse(data)
	require.NoError(t, err)
	out := map[string]any{}
	for list, n := range doc.Counts() {
		out[list] = float64(n)
	}
	return out
}

// TestResetSaysWhatItMeans: POST /_sandbox/reset names its three fixture
// sets, answers counts and ids only when asked, and refuses the spelling of
// earlier versions, whose {"fixture":"demo"} loaded the --fixtures document
// rather than the demo (issue 20).
func TestResetSaysWhatItMeans(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits) // started with rulesFixture, not the demo
	demoAnswers := func() int { return sb.Do(balanceReq("sandbox-biz-alice", 10001, "")).Status }
	rulesAnswers := func() int { return sb.Do(balanceReq(master, healthyAds, "")).Status }
	reset := func(path string, body any) map[string]any {
		t.Helper()
		r := sb.Do(req{Method: "POST", Path: path, Body: body})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Less(t, len(r.Body), 1024, "small: %s", r.Body)
		return r.JSON(t)
	}

	got := reset("/_sandbox/reset", `{"fixtures":"builtin-demo"}`)
	assert.Equal(t, "builtin-demo", got["fixtures"])
	assert.Equal(t, countsOf(t, fixtures.Demo), got["loaded"])
	assert.NotContains(t, got, "ids", "ids only when asked")
	assert.Equal(t, 200, demoAnswers(), "the embedded demo, whatever the sandbox started with")
	assert.Equal(t, 401, rulesAnswers())

	for _, body := range []any{`{"fixtures":"startup"}`, nil, `{}`} {
		got = reset("/_sandbox/reset", body)
		assert.Equal(t, "startup", got["fixtures"], "body %v", body)
		assert.Equal(t, countsOf(t, rulesFixture), got["loaded"])
		assert.Equal(t, 200, rulesAnswers(), "what the sandbox started with")
		assert.Equal(t, 401, demoAnswers())
	}

	got = reset("/_sandbox/reset", `{"fixtures":"empty"}`)
	assert.Equal(t, "empty", got["fixtures"])
	for list, n := range got["loaded"].(map[string]any) {
		assert.Zero(t, n, list)
	}
	assert.Equal(t, 401, rulesAnswers())

	r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset?ids=true", Body: `{"fixtures":"startup"}`})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	ids := r.JSON(t)["ids"].(map[string]any)
	assert.Equal(t, float64(healthyAds), ids["adAccounts"].(map[string]any)["healthy-ads"])
	r = sb.Do(req{Method: "POST", Path: "/_sandbox/reset?ids=true", Body: `{"fixtures":"empty"}`})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, map[string]any{}, r.JSON(t)["ids"], "asked for, ids are there even when none")
	reset("/_sandbox/reset", nil)

	for _, old := range []string{`{"fixture":"demo"}`, `{"fixture":"empty"}`, `{"fixture":null}`} {
		msg := kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/reset", Body: old}), 400, -2, 0)
		contains(t, msg, "fixture", `use {"fixtures":"builtin-demo"}`, `{"fixtures":"startup"}`)
	}
	for _, bad := range []string{`{"fixtures":"demo"}`, `{"fixtures":""}`} {
		msg := kakaoError(t, sb.Do(req{Method: "POST", Path: "/_sandbox/reset", Body: bad}), 400, -2, 0)
		contains(t, msg, "fixtures", "builtin-demo", "startup", "empty")
	}
	assert.Equal(t, 200, rulesAnswers(), "a refused call resets nothing")
}

// TestResetForgetsRateLimits: a reset puts back the state at start-up, and
// the calls counted before it count against nothing after it, so a script
// that resets between cases is not refused for its previous case's calls.
func TestResetForgetsRateLimits(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	require.Equal(t, 200, onOff(sb, master, healthyAds, "OFF").Status)
	kakaoError(t, onOff(sb, master, healthyAds, "OFF"), 429, -813, 99429) // the wall clock stands still
	require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/reset"}).Status)
	r := onOff(sb, master, healthyAds, "OFF")
	assert.Equal(t, 200, r.Status, "limited by a call made before the reset: %s", r.Body)
}
