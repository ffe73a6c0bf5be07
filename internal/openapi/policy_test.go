package openapi_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
)

func operation(t *testing.T, spec *openapi.Spec, id string) *openapi.Operation {
	t.Helper()
	for _, op := range spec.Operations {
		if op.ID == id {
			return op
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

// TestBankEnumIsTheBankTable: the banks a virtual account may name are listed
// in kakao.Banks, in the document's enum and in its description; they must
// say the same thing.
func TestBankEnumIsTheBankTable(t *testing.T) {
	spec, err := openapi.Default()
	require.NoError(t, err)
	for _, id := range []string{"createVirtualAccount", "createVirtualAccountWithGet"} {
		schema := operation(t, spec, id).Spec().RequestBody.Value.Content.Get("application/json").Schema.Value
		bankCode := schema.Properties["bankCode"].Value
		var codes, described []string
		for _, b := range kakao.Banks {
			codes = append(codes, b.Code)
			described = append(described, b.Code+" "+b.ShortName)
		}
		var enum []string
		for _, v := range bankCode.Enum {
			enum = append(enum, fmt.Sprint(v))
		}
		assert.Equal(t, codes, enum, "%s bankCode enum", id)
		assert.Equal(t, strings.Join(described, ", "), strings.TrimSpace(bankCode.Description), "%s bankCode description", id)
	}
}

// TestPolicyComesFromTheDocument: the per-operation policy the pipeline
// applies is what the document says.
func TestPolicyComesFromTheDocument(t *testing.T) {
	spec, err := openapi.Default()
	require.NoError(t, err)
	va := operation(t, spec, "createVirtualAccount")
	require.NotNil(t, va.RateLimit)
	assert.Equal(t, "1/s", va.RateLimit.String())
	assert.Equal(t, "createVirtualAccount", va.RateBucket)
	get := operation(t, spec, "createVirtualAccountWithGet")
	assert.Nil(t, get.RateLimit)
	assert.Equal(t, "createVirtualAccount", get.RateBucket, "V08: the GET form is the same call, in the same bucket")
	assert.Equal(t, "1/s", operation(t, spec, "updateAdAccountOnOff").RateLimit.String())
	assert.Nil(t, operation(t, spec, "getAdAccountBalance").RateLimit)

	assert.True(t, operation(t, spec, "getOpenAPIDocument").Public, "the contract is readable without the admin token")
	for _, id := range []string{"getHealth", "resetSandbox", "activateScenario", "deactivateScenario"} {
		assert.True(t, operation(t, spec, id).ScenarioProof, "R06: %s answers whatever scenario is active", id)
	}
	for _, op := range spec.Operations {
		assert.Contains(t, []string{"moment", "kauth", "kapi", "console", "control", "contract", "metrics"}, op.Surface, op.ID)
		if op.Surface == "console" {
			assert.Equal(t, openapi.SourceConsole, op.Source, "%s: the console is modelled, and says so", op.ID)
		}
		if op.Source == openapi.SourceSandbox {
			assert.Contains(t, []string{"control", "contract", "metrics"}, op.Surface, "%s: the sandbox's own operations are its control plane, contract or metrics", op.ID)
		}
		if op.Public {
			assert.Equal(t, openapi.SourceSandbox, op.Source, op.ID)
		}
	}
}

// TestLoadRefusesBadPolicy: a document whose policy cannot be applied is
// refused at start, naming the operation.
func TestLoadRefusesBadPolicy(t *testing.T) {
	doc := func(source, tag, ext string) []byte {
		security := "      security: [{bt: []}]\n"
		if rest, ok := strings.CutPrefix(ext, "no token"); ok {
			security, ext = "", rest
		}
		return []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: moment}]
components:
  securitySchemes:
    bt: {type: http, scheme: bearer, x-token-type: business}
paths:
  /a:
    get:
      operationId: opA
      tags: [` + tag + `]
      x-kakao-source: ` + source + `
` + security + ext + `
      responses: {"200": {description: ok}}
`)
	}
	_, err := openapi.Load(doc("kakao", "moment", ""))
	require.NoError(t, err)
	for name, tt := range map[string]struct{ source, tag, ext, want string }{
		"unknown source":     {"elsewhere", "moment", "", "opA needs x-kakao-source"},
		"public kakao":       {"kakao", "moment", "      x-sandbox-public: true", "are for the sandbox's own operations"},
		"proof kakao":        {"kakao", "moment", "      x-sandbox-scenario-proof: true", "are for the sandbox's own operations"},
		"bucket of nobody":   {"kakao", "moment", "      x-kakao-rate-limit-bucket: opB", "names no operation with x-kakao-rate-limit"},
		"limit and a bucket": {"kakao", "moment", "      x-kakao-rate-limit: 1/s\n      x-kakao-rate-limit-bucket: opA", "both x-kakao-rate-limit and x-kakao-rate-limit-bucket"},
		"undeclared tag":     {"kakao", "billing", "", "opA needs exactly one tag"},
		"two tags":           {"kakao", "moment, moment", "", "opA needs exactly one tag"},
		"bad limit":          {"kakao", "moment", "      x-kakao-rate-limit: 1/x", `x-kakao-rate-limit "1/x"`},
		"limit, no token":    {"kakao", "moment", "no token      x-kakao-rate-limit: 1/s", "needs a token"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := openapi.Load(doc(tt.source, tt.tag, tt.ext))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestReasonsNeverNameGoTypes: a number too large for a float64 is refused
// in the client's words, not kin-openapi's (issue 8, finding 7).
func TestReasonsNeverNameGoTypes(t *testing.T) {
	spec, err := openapi.Default()
	require.NoError(t, err)
	op := operation(t, spec, "createVirtualAccount")
	for _, body := range []string{
		`{"adAccountId": 1, "amount": 1e400, "bankCode": "88"}`,
		`{"adAccountId": 1e400, "amount": 1000, "bankCode": "88"}`,
	} {
		r := httptest.NewRequest("POST", "/openapi/v4/billing/virtualAccount", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("adAccountId", "1")
		r.Header.Set("Authorization", "Bearer x")
		err := op.ValidateRequest(context.Background(), r, nil, []byte(body))
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), "too large", body)
		assert.NotContains(t, err.Error(), "json.Number", body)
		assert.NotContains(t, err.Error(), "float64", body)
	}
}

// TestEveryOperationSaysWhoMayCallAndHowItFails keeps, without npm, what the
// OpenAPI linters in .ci/lint ask of every operation: a description, a
// security requirement (security: [] when it takes no credentials) and at
// least one 4xx answer. The control plane declares the admin token, which is
// not a Kakao token: it gives the operation no token type.
func TestEveryOperationSaysWhoMayCallAndHowItFails(t *testing.T) {
	spec, err := openapi.Default()
	require.NoError(t, err)
	for _, op := range spec.Operations {
		s := op.Spec()
		assert.NotEmpty(t, strings.TrimSpace(s.Description), "%s needs a description", op.ID)
		if !assert.NotNil(t, s.Security, "%s needs security, or security: [] when it takes no credentials", op.ID) {
			continue
		}
		has4xx := false
		for code := range s.Responses.Map() {
			has4xx = has4xx || strings.HasPrefix(code, "4")
		}
		assert.True(t, has4xx, "%s needs its 4xx answers", op.ID)
		var schemes []string
		for _, req := range *s.Security {
			for name := range req {
				schemes = append(schemes, name)
			}
		}
		switch {
		case op.Public:
			assert.Empty(t, schemes, "%s is x-sandbox-public: security: []", op.ID)
		case op.Source == openapi.SourceSandbox:
			assert.Contains(t, schemes, "adminToken", "%s is guarded by --admin-token", op.ID)
			assert.Empty(t, op.TokenType, "%s takes the admin token, not a Kakao token", op.ID)
		}
	}
}
