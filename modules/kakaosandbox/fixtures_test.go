package kakaosandbox

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The fixture document the container test loads, loaded here into the
// in-process sandbox of this checkout, and reached through HTTPClient: what
// TestRunInAContainer expects of it holds without a container runtime too.
func TestFixturesTheContainerTestLoads(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("testdata/fixtures.yaml")
	require.NoError(t, err)
	sb := sandboxtest.New(t, sandboxtest.WithFixtures(doc))
	u, err := url.Parse(sb.URL)
	require.NoError(t, err)
	c := &Container{endpoint: func(context.Context) (string, error) { return u.Host, nil }}
	t.Cleanup(func() { c.transport.(*http.Transport).CloseIdleConnections() })

	status, body := get(t, c.HTTPClient(), "https://kapi.kakao.com/v2/user/me", fixtureToken)
	assert.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, fixtureNickname)

	status, body = get(t, c.HTTPClient(), "https://kapi.kakao.com/v2/user/me", "sandbox-biz-alice")
	assert.Equal(t, http.StatusUnauthorized, status, "the demo data is not loaded: %s", body)
}

const (
	fixtureToken    = "tc-login-token"
	fixtureNickname = "컨테이너"
)

func get(t *testing.T, client *http.Client, u, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}
