package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// demoAlice is the demo's business token (docs/test-data.md), which the
// document's examples use; this test alone runs on the demo data.
const demoAlice = "sandbox-biz-alice"

// demoLoginAlice is the demo's Kakao Login token, for the operations that
// take only login tokens (Kakao Login's user APIs).
const demoLoginAlice = "sandbox-login-alice"

// codeFrom names where the token endpoints' examples get a real code.
var codeFrom = map[string]string{"issueBusinessToken": "/oauth/business/authorize", "issueToken": "/oauth/authorize"}

// prepareFor makes what an operation's examples need beyond the demo data.
var prepareFor = map[string]func(*testing.T, *sandboxtest.Sandbox){
	// Every demo billing group has projects or is a main group, so
	// deleteBillingGroup's example deletes a sub-group made here: 6.
	"deleteBillingGroup": func(t *testing.T, sb *sandboxtest.Sandbox) {
		r := sb.Do(sandboxtest.Request{Method: "POST", Path: "/console/cloud/v1/billing-groups", Token: demoAlice, Body: map[string]any{"name": "임시팀"}})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		assert.EqualValues(t, 6, r.JSON(t)["id"])
	},
}

// tokenFor is the business token an operation's example is sent with,
// where the demo's own (demoAlice) lacks a consent item it needs: the walks
// mint it (exampleSandbox).
var tokenFor = map[string]sandboxtest.TokenParams{}

// noRedirects answers a redirect instead of following it.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestContractEveryOperation walks every operation in the document, sends the
// request its own examples describe, and checks the answer is a success (a
// redirect, for authorize) that validates against the document on the client
// side as well. Examples that stop working, or an operation without them,
// fail here.
func TestContractEveryOperation(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Default()
	require.NoError(t, err)
	require.NotEmpty(t, spec.Operations)
	for _, op := range spec.Operations {
		t.Run(op.ID, func(t *testing.T) {
			t.Parallel()
			sb := exampleSandbox(t, op.ID)
			code := ""
			if from, ok := codeFrom[op.ID]; ok {
				code = authorizationCode(t, sb, from)
			}
			r, pathParams := exampleRequest(t, sb.URL, op, code)
			resp, err := noRedirects.Do(r)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			require.True(t, resp.StatusCode >= 200 && resp.StatusCode < 400, "%s answered %d: %s", op.ID, resp.StatusCode, body)
			r.Body = io.NopCloser(bytes.NewReader(nil))
			assert.NoError(t, op.ValidateResponse(context.Background(), r, pathParams, resp.StatusCode, resp.Header, body))
		})
	}
}

// exampleSandbox is a sandbox on the demo data with what operation opID's
// examples need beyond it, for every walk that sends them.
func exampleSandbox(t *testing.T, opID string) *sandboxtest.Sandbox {
	t.Helper()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	// Examples refer to the first virtual account (98800000000001:
	// 1,000,000 KRW at 신한), so make it.
	sb.IssueVirtualAccount(demoAlice, 10001, 1000000, "88")
	if tok, ok := tokenFor[opID]; ok {
		sb.MintToken(tok)
	}
	if prepare, ok := prepareFor[opID]; ok {
		prepare(t, sb)
	}
	return sb
}

// exampleRequest builds a request from an operation's examples.
func exampleRequest(t *testing.T, base string, op *openapi.Operation, code string) (*http.Request, map[string]string) {
	t.Helper()
	spec := op.Spec()
	path, query, header := op.Path, url.Values{}, http.Header{}
	pathParams := map[string]string{}
	for _, ref := range spec.Parameters {
		p := ref.Value
		require.NotNil(t, p.Example, "parameter %s of %s needs an example", p.Name, op.ID)
		v, ok := p.Example.(string) // as written, even with quotes inside (property_keys)
		if !ok {
			v = mustJSON(t, p.Example)
		}
		switch p.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", v)
			pathParams[p.Name] = v
		case "query":
			query.Set(p.Name, v)
		case "header":
			header.Set(p.Name, v)
		}
	}
	var body io.Reader
	if rb := spec.RequestBody; rb != nil {
		if mt := rb.Value.Content.Get("application/x-www-form-urlencoded"); mt != nil {
			example, ok := mt.Example.(map[string]any)
			require.True(t, ok, "the form of %s needs an example", op.ID)
			form := url.Values{}
			for k, v := range example {
				form.Set(k, v.(string))
			}
			if code != "" {
				form.Set("code", code)
			}
			body = strings.NewReader(form.Encode())
			header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			mt := rb.Value.Content.Get("application/json")
			require.NotNil(t, mt, "%s needs a JSON request body", op.ID)
			example := mt.Example
			if example == nil {
				example = firstExample(mt.Examples)
			}
			require.NotNil(t, example, "the request body of %s needs an example", op.ID)
			body = strings.NewReader(mustJSON(t, example))
			header.Set("Content-Type", "application/json")
		}
	}
	switch op.TokenType {
	case "":
		if op.AdminKey {
			header.Set("Authorization", "KakaoAK sandbox-admin-key")
		}
	case "login":
		header.Set("Authorization", "Bearer "+demoLoginAlice)
	default:
		tok := demoAlice
		if p, ok := tokenFor[op.ID]; ok {
			tok = p.Token
		}
		header.Set("Authorization", "Bearer "+tok)
	}
	u := base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	r, err := http.NewRequest(op.Method, u, body)
	require.NoError(t, err)
	r.Header = header
	return r, pathParams
}

// authorizationCode runs an authorize endpoint headless as alice.
func authorizationCode(t *testing.T, sb *sandboxtest.Sandbox, path string) string {
	t.Helper()
	q := url.Values{"client_id": {"sandbox-rest-api-key"}, "redirect_uri": {"http://localhost:3000/callback"},
		"response_type": {"code"}, "scope": {"moment_management"}, "sandbox_user": {"alice"}}
	resp, err := noRedirects.Get(sb.URL + path + "?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.NotEmpty(t, loc.Query().Get("code"), "%s", loc)
	return loc.Query().Get("code")
}

func firstExample(examples openapi3.Examples) any {
	for _, e := range examples {
		if e != nil && e.Value != nil {
			return e.Value.Value
		}
	}
	return nil
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return string(data)
}
