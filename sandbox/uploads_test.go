package sandbox_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestYAMLUploads: fixtures and scenarios take YAML under each of its usual
// content types, and under curl's default form type (what `curl
// --data-binary @my.yaml` sends) or none, read as YAML with a warning in the
// journal, as a JSON body sent that way is read as JSON.
func TestYAMLUploads(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	fixture := func(i int) string { return fmt.Sprintf("users: [{key: upload-%d, name: 홍길동}]\n", i) }
	scenario := func(i int) string {
		return fmt.Sprintf("name: upload-%d\ndescription: Balance calls fail.\nmatch: {operation: getAdAccountBalance}\nrespond: {error: ErrMaintenance}\n", i)
	}
	send := func(t *testing.T, path, contentType, body string) (int, string) {
		t.Helper()
		r, err := http.NewRequest("POST", sb.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(data)
	}
	i := 0
	for _, op := range []struct {
		id, path string
		doc      func(int) string
	}{{"loadFixtures", "/_sandbox/fixtures", fixture}, {"loadScenario", "/_sandbox/scenarios", scenario}} {
		for _, tc := range []struct {
			contentType, readAs string // readAs: what a warning says it was read as, if any
		}{
			{"application/yaml", ""},
			{"application/x-yaml", ""},
			{"text/yaml", ""},
			{"text/yaml; charset=utf-8", ""},
			{"application/x-www-form-urlencoded", "application/yaml"},
			{"", "application/yaml"},
		} {
			t.Run(op.id+"/"+tc.contentType, func(t *testing.T) {
				i++
				status, body := send(t, op.path, tc.contentType, op.doc(i))
				require.Equal(t, 201, status, "%s", body)
				entries := sb.Requests(sandboxtest.RequestFilter{Operation: op.id, Limit: 1})
				require.Len(t, entries, 1)
				if tc.readAs == "" {
					assert.Empty(t, entries[0].Warnings)
				} else {
					assert.Contains(t, strings.Join(entries[0].Warnings, "\n"), "was read as "+tc.readAs)
				}
			})
		}
	}

	t.Run("flow_style_YAML_with_the_form_type", func(t *testing.T) {
		status, body := send(t, "/_sandbox/fixtures", "application/x-www-form-urlencoded", "{users: [{key: flow, name: 홍길동}]}")
		require.Equal(t, 201, status, "%s", body)
	})
	t.Run("JSON_with_the_form_type", func(t *testing.T) {
		status, body := send(t, "/_sandbox/fixtures", "application/x-www-form-urlencoded", `{"users":[{"key":"json-form","name":"홍길동"}]}`)
		require.Equal(t, 201, status, "%s", body)
		entries := sb.Requests(sandboxtest.RequestFilter{Operation: "loadFixtures", Limit: 1})
		require.Len(t, entries, 1)
		assert.Contains(t, strings.Join(entries[0].Warnings, "\n"), "was read as application/json")
	})
	t.Run("bad_YAML_with_the_form_type_names_the_problem", func(t *testing.T) {
		status, body := send(t, "/_sandbox/fixtures", "application/x-www-form-urlencoded", "users: [{key: x, nmae: y}]\n")
		assert.Equal(t, 400, status)
		assert.Contains(t, body, "nmae")
	})
	t.Run("another_type_is_refused_naming_the_ones_taken", func(t *testing.T) {
		status, body := send(t, "/_sandbox/fixtures", "text/plain", fixture(99))
		assert.Equal(t, 400, status)
		assert.Contains(t, body, "send Content-Type: application/json or application/x-yaml or application/yaml or text/yaml")
	})
}

// TestDocsCustomScenario runs docs/scenarios.md's own custom scenario as the
// document shows it: loaded as YAML, activated globally, it fails the balance
// call twice and lets the third through; a reset deletes it.
func TestDocsCustomScenario(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../docs/scenarios.md")
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(readme), "say `my-outage.yaml`:\n\n```yaml\n")
	require.True(t, ok, "docs/scenarios.md's custom scenario")
	doc, _, _ := strings.Cut(after, "```")

	sb := sandboxtest.New(t, sandboxtest.NoRateLimits) // the demo data the document runs on
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Header: map[string]string{"Content-Type": "application/yaml"}, Body: doc})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	require.Equal(t, 200, sb.Do(req{Method: "PUT", Path: "/_sandbox/scenarios/my-outage/activation", Body: map[string]any{"scope": "global"}}).Status)
	var statuses []int
	for range 3 {
		statuses = append(statuses, raw(t, sb, balanceReq("sandbox-biz-alice", 10001, "")).Status)
	}
	assert.Equal(t, []int{503, 503, 200}, statuses)

	require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/reset"}).Status)
	assert.NotContains(t, string(sb.Do(req{Method: "GET", Path: "/_sandbox/scenarios"}).Body), `"my-outage"`, "a reset deletes loaded scenarios")
}
