package sandbox_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Snapshots (rule D02): the whole state out as one document and back in,
// over HTTP and offline, losslessly, and refused whole when it is wrong.

// busySandbox is a sandbox that has done a bit of everything: an unpaid and
// a paid virtual account, a pending refund, a loaded and activated
// scenario, time advanced, an OIDC signing key, KakaoCloud usage. It
// answers the sandbox and its JWKS.
func busySandbox(t *testing.T, opts ...sandboxtest.Option) (*sandboxtest.Sandbox, string) {
	t.Helper()
	sb, _ := oidcSandbox(t, append([]sandboxtest.Option{sandboxtest.NoRateLimits}, opts...)...)
	sb.LoadFixtures([]byte(cloudGroupsFixture))
	sb.Deposit(issue(sb, master, healthyAds, 30000), 30000)
	issue(sb, master, healthyAds, 70000) // left to expire
	sb.Advance("10m")
	assert.Equal(t, "PENDING", requestRefund(t, sb, master, healthyWallet, 45000).Status)
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: map[string]any{
		"name": "mine", "description": "d", "match": map[string]any{"operation": "getAdAccount"}, "respond": map[string]any{"error": "ErrNoPermission"}}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	sb.ActivateScenario("mine", sandboxtest.ScenarioScope{Scope: "adAccount", AdAccountID: healthyAds})
	require.Equal(t, 200, oidcExchange(sb, oidcCode(t, sb, "openid")).Status)
	addCalendarUsage(t, sb, "biz/batch", "2026-01", 50000, 0)
	return sb, string(sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Body)
}

func getSnapshot(t *testing.T, sb *sandboxtest.Sandbox) []byte {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/snapshot"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.Body
}

func putSnapshot(sb *sandboxtest.Sandbox, doc []byte) sandboxtest.Response {
	return sb.Do(req{Method: "PUT", Path: "/_sandbox/snapshot", Header: map[string]string{"Content-Type": "application/json"}, Body: string(doc)})
}

// behavesAsBusy checks that a sandbox loaded from busySandbox's snapshot
// goes on as the original would.
func behavesAsBusy(t *testing.T, sb *sandboxtest.Sandbox, jwks string) {
	t.Helper()
	kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/20001", Token: master}), 400, -813, 9004) // the scenario fires
	assert.JSONEq(t, jwks, string(sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Body), "the signing key came along")
	completed := false
	for _, h := range sb.Advance("1h").Happened {
		completed = completed || strings.Contains(h.Description, "completed")
	}
	assert.True(t, completed, "the pending refund confirms on advance")
	assert.Equal(t, "COMPLETED", listRefunds(t, sb, master, healthyWallet)[0].Status)
	sb.RequireLedger()
}

func d02SnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	busy, jwks := busySandbox(t)
	doc := getSnapshot(t, busy)
	require.Contains(t, string(doc), `"format":"kakao-sandbox.snapshot","version":1,`)
	assert.Equal(t, doc, getSnapshot(t, busy), "the same state gives the same bytes")

	t.Run("over_http", func(t *testing.T) {
		t.Parallel()
		sb := sandboxtest.New(t) // the demo data, replaced whole
		r := putSnapshot(sb, doc)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "2026-01-01T09:10:00+09:00", r.JSON(t)["now"], "the clock is the snapshot's")
		assert.Equal(t, string(doc), string(getSnapshot(t, sb)), "export, load, export gives the same document")
		sb.Restart() // and the file holds it, not only the memory
		assert.Equal(t, string(doc), string(getSnapshot(t, sb)))
		behavesAsBusy(t, sb, jwks)
	})

	t.Run("offline", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "loaded.db")
		_, err := sandbox.LoadSnapshot(path, doc)
		require.NoError(t, err)
		var again bytes.Buffer
		require.NoError(t, sandbox.SaveSnapshot(path, &again))
		assert.Equal(t, string(doc), again.String())
		report, err := sandbox.Check(path)
		require.NoError(t, err)
		assert.True(t, report.OK(), "%v", report.Mismatches)
		assert.Positive(t, report.Wallets)

		sb := sandboxtest.New(t, func(c *sandbox.Config) { c.DataPath = path })
		behavesAsBusy(t, sb, jwks)
	})
}

func d02SnapshotRefusals(t *testing.T) {
	t.Parallel()
	sb, _ := busySandbox(t)
	before := getSnapshot(t, sb)
	schema := `"schema":` + strings.Split(strings.Split(string(before), `"schema":`)[1], ",")[0]
	head := `{"format":"kakao-sandbox.snapshot","version":1,` + schema + `,"buckets":`
	clock := `{"name":"meta","entries":[{"key":"clock","value":{"frozen":true,"at":"2026-01-01T09:00:00+09:00"}}]}`
	for name, tc := range map[string]struct{ doc, want string }{
		"not_json":        {"{", "the JSON ends before it is complete"}, // the document's own check, before the handler
		"another_format":  {`{"format":"fixtures","version":1}`, `format is "fixtures"`},
		"no_version":      {`{"format":"kakao-sandbox.snapshot",` + schema + `,"buckets":[]}`, "no version"},
		"version_0":       {`{"format":"kakao-sandbox.snapshot","version":0,` + schema + `,"buckets":[]}`, "no version"},
		"newer_version":   {`{"format":"kakao-sandbox.snapshot","version":2,` + schema + `,"buckets":[],"more":1}`, "version 2 is newer than this build reads (version 1)"},
		"another_schema":  {`{"format":"kakao-sandbox.snapshot","version":1,"schema":1,"buckets":[]}`, "schema 1"},
		"no_clock":        {head + `[]}`, "there is no clock"},
		"clock_too_late":  {head + `[{"name":"meta","entries":[{"key":"clock","value":{"frozen":true,"at":"9999-01-01T00:00:00+09:00"}}]}]}`, "outside"},
		"unknown_field":   {head + `[` + clock + `],"extra":1}`, `unknown field "extra"`},
		"bad_hex":         {head + `[` + clock + `,{"name":"users","entries":[{"hex":"zz","value":{}}]}]}`, `bucket "users" entry 0: hex key "zz"`},
		"no_key":          {head + `[` + clock + `,{"name":"users","entries":[{"value":{}}]}]}`, "has no key"},
		"no_value":        {head + `[` + clock + `,{"name":"users","entries":[{"key":"a"}]}]}`, "not JSON"},
		"twice":           {head + `[` + clock + `,` + clock + `]}`, `bucket "meta" is there twice`},
		"schema_in_state": {head + `[{"name":"meta","entries":[{"key":"schemaVersion","value":3}]}]}`, "schema version"},
		"bad_scenario":    {head + `[` + clock + `,{"name":"scenarios.loaded","entries":[{"key":"x","value":"eHg="}]}]}`, "scenario"},
		// The first wallet's balance without its ledger: W15 refuses it.
		"balance_off_ledger": {strings.Replace(string(before), `"paidCash":`, `"paidCash":1`, 1), "do not match their ledger"},
	} {
		t.Run(name, func(t *testing.T) {
			msg := kakaoError(t, putSnapshot(sb, []byte(tc.doc)), 400, -2, 0)
			contains(t, msg, tc.want)
			assert.Equal(t, string(before), string(getSnapshot(t, sb)), "a refused snapshot changes nothing")
		})
	}

	t.Run("offline_refusal_leaves_no_file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		_, err := sandbox.LoadSnapshot(path, []byte(head+`[]}`))
		require.ErrorContains(t, err, "there is no clock")
		assert.NoFileExists(t, path)
	})
}

// A running clock is saved as the time it shows, and resumes from there:
// a snapshot kept for an hour does not come back an hour later.
func d02SnapshotRunningClock(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, func(c *sandbox.Config) { c.Clock = time.Time{} })
	doc := getSnapshot(t, sb)
	saved := sandboxTime(t, sb)
	require.Contains(t, string(doc), `{"key":"clock","value":{"frozen":false,"at":"`)
	assert.NotContains(t, string(doc), `"since"`)

	sb.Wall.Advance(time.Hour)
	require.True(t, sandboxTime(t, sb).Sub(saved) >= time.Hour)
	require.Equal(t, 200, putSnapshot(sb, doc).Status)
	now := sandboxTime(t, sb)
	assert.False(t, now.Before(saved), "%s", now)
	assert.Less(t, now.Sub(saved), time.Hour, "resumed from the snapshot's time, %s", now)
	sb.Wall.Advance(time.Minute)
	assert.GreaterOrEqual(t, sandboxTime(t, sb).Sub(now), time.Minute, "and runs on")
}
