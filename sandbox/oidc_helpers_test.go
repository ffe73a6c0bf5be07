package sandbox_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The OpenID Connect app and user the T08–T10 tests add to the rules data.
const (
	oidcKey      = "oidc-rest-api-key"
	oidcSecret   = "oidc-secret"
	oidcFixtures = `
apps: [{key: oidc, name: OIDC App, restApiKey: oidc-rest-api-key, clientSecret: oidc-secret, redirectUris: ['http://localhost:4000/cb'], bizApp: false, openIdConnect: true}]
users: [{key: ada, name: 강에이다, profile: {nickname: 에이다, profileImageUrl: 'https://img.example/ada.png', email: ada@example.com, gender: female, birthyear: '1990', birthday: '0315', phoneNumber: '+82 10-1234-5678'}}]
`
)

// oidcSandbox is the rules data with the OpenID Connect app; it answers
// ada's user id.
func oidcSandbox(t *testing.T, opts ...sandboxtest.Option) (*sandboxtest.Sandbox, int64) {
	t.Helper()
	sb := newSandbox(t, opts...)
	ids := sb.LoadFixtures([]byte(oidcFixtures))
	return sb, ids["users"]["ada"]
}

// oidcQuery is an authorize query of the OIDC app as ada.
func oidcQuery(scope string, extra ...string) url.Values {
	return authQuery(scope, append([]string{"client_id", oidcKey, "sandbox_user", "ada"}, extra...)...)
}

// oidcCode runs authorize for the OIDC app and answers the code.
func oidcCode(t *testing.T, sb *sandboxtest.Sandbox, scope string, extra ...string) string {
	t.Helper()
	got := authorize(t, sb, "/oauth/authorize", oidcQuery(scope, extra...))
	require.NotEmpty(t, got.Get("code"), "%v", got)
	return got.Get("code")
}

// oidcExchange is the token call for a code of the OIDC app.
func oidcExchange(sb *sandboxtest.Sandbox, code string, extra ...string) sandboxtest.Response {
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {oidcKey}, "client_secret": {oidcSecret},
		"redirect_uri": {callbackURI}, "code": {code}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return tokenCall(sb, "/oauth/token", form)
}

// s256 is PKCE's S256 challenge of a verifier.
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// sandboxNow is the sandbox's clock, which ID tokens are stamped with.
func sandboxTime(t *testing.T, sb *sandboxtest.Sandbox) time.Time {
	t.Helper()
	var c struct {
		Now time.Time `json:"now"`
	}
	sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).Decode(t, &c)
	return c.Now
}

// jwtPart decodes a JWT's header (0) or payload (1), unverified.
func jwtPart(t *testing.T, jwt string, i int) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	b, err := base64.RawURLEncoding.DecodeString(parts[i])
	require.NoError(t, err)
	return string(b)
}
