package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures/fixturestest"
)

// startServe runs the program on 127.0.0.1:0 with args and returns its URL
// and its log; the sandbox stops when the test ends.
func startServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "scale.db"), "--rate-limit", "off"}, args...),
			noEnv, &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(15 * time.Second):
			t.Error("the sandbox did not shut down")
		}
	})
	return waitForURL(t, &stderr, done), &stderr
}

// usable checks ad account i of a bulk document answers its balance and
// issues a virtual account, with its own token.
func usable(t *testing.T, base string, i int) {
	t.Helper()
	id := fmt.Sprint(1000001 + i)
	ad := map[string]string{"adAccountId": id}
	status, bal := call(t, "GET", base+"/openapi/v4/adAccounts/balance", fixturestest.Token(i), ad, "")
	require.Equal(t, http.StatusOK, status, "%v", bal)
	assert.EqualValues(t, 100000+i%1000*100, bal["cash"])
	status, va := call(t, "POST", base+"/openapi/v4/billing/virtualAccount", fixturestest.Token(i), ad, `{"adAccountId":`+id+`,"amount":1000000,"bankCode":"88"}`)
	require.Equal(t, http.StatusOK, status, "%v", va)
}

// d03TwoThousandAdAccountsThroughFixturesFlag (TestRules/D03_two_thousand_ad_accounts_through_fixtures_flag) starts a new data file
// from a 2,000-ad-account document given to --fixtures; with its log in a
// pipe, the load's progress comes as slog lines.
func d03TwoThousandAdAccountsThroughFixturesFlag(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bulk.json")
	require.NoError(t, os.WriteFile(file, fixturestest.Bulk(2000, fixturestest.JSON), 0o600))
	base, log := startServe(t, "--fixtures", file)
	usable(t, base, 0)
	usable(t, base, 1999)
	assert.Contains(t, log.String(), `msg="loading fixtures" entries=8041`)
	assert.Contains(t, log.String(), `msg="fixtures loaded" entries=8041`)
	assert.Contains(t, log.String(), `next="writing them to the data file"`, "what the seconds after it are")
}

// d03TwoThousandAdAccountsThroughPost (TestRules/D03_two_thousand_ad_accounts_through_post) loads the same document, as YAML,
// on top of the demo data; the answer says what was loaded and how long it
// took, and the log says it too.
func d03TwoThousandAdAccountsThroughPost(t *testing.T) {
	base, log := startServe(t)
	resp, err := http.Post(base+"/_sandbox/fixtures", "application/yaml", bytes.NewReader(fixturestest.Bulk(2000, fixturestest.YAML)))
	require.NoError(t, err)
	var body struct {
		IDs       map[string]map[string]int64 `json:"ids"`
		Loaded    map[string]int              `json:"loaded"`
		ElapsedMs *int64                      `json:"elapsedMs"`
	}
	require.NoError(t, jsonDecode(resp.Body, &body))
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, map[string]int{"users": 2000, "apps": 1, "companies": 20, "channels": 20, "wallets": 2000, "adAccounts": 2000,
		"tokens": 2000, "cloud.organizations": 0, "campaigns": 0, "adGroups": 0, "creatives": 0}, body.Loaded)
	require.NotNil(t, body.ElapsedMs)
	assert.EqualValues(t, 1002000, body.IDs["adAccounts"][fixturestest.AdAccountKey(1999)])
	usable(t, base, 1999)
	assert.Contains(t, log.String(), `msg="fixtures loaded" entries=8041`)
}
