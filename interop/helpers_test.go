package interop_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The few helpers these tests need, written small: the sandbox package's
// own test helpers are not importable from here.

// The rule tests' data of the sandbox package, read where it lives.
const rulesFixture = "../sandbox/testdata/rules.yaml"

// The app, user and ad account of the rules data these tests use.
const (
	restKey     = "test-rest-api-key" // app "rules"
	secret      = "test-secret"
	callbackURI = "http://localhost:4000/cb"
	healthyAds  = 20001 // business wallet ON, 500,000 paid
)

// The OpenID Connect app and user the OIDC tests add to the rules data.
const (
	oidcKey      = "oidc-rest-api-key"
	oidcSecret   = "oidc-secret"
	oidcFixtures = `
apps: [{key: oidc, name: OIDC App, restApiKey: oidc-rest-api-key, clientSecret: oidc-secret, redirectUris: ['http://localhost:4000/cb'], bizApp: false, openIdConnect: true}]
users: [{key: ada, name: 강에이다, profile: {nickname: 에이다, profileImageUrl: 'https://img.example/ada.png', email: ada@example.com, gender: female, birthyear: '1990', birthday: '0315', phoneNumber: '+82 10-1234-5678'}}]
`
)

type req = sandboxtest.Request

// noRedirects is a client that answers a redirect as it came.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// newSandbox starts a sandbox on the rules data.
func newSandbox(t testing.TB, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	data, err := os.ReadFile(rulesFixture)
	require.NoError(t, err)
	return sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithFixtures(data)}, opts...)...)
}

// oidcSandbox is the rules data with the OpenID Connect app; it answers
// ada's user id.
func oidcSandbox(t *testing.T, opts ...sandboxtest.Option) (*sandboxtest.Sandbox, int64) {
	t.Helper()
	sb := newSandbox(t, opts...)
	ids := sb.LoadFixtures([]byte(oidcFixtures))
	return sb, ids["users"]["ada"]
}

// kakaoError asserts a kapi error's status and code.
func kakaoError(t *testing.T, r sandboxtest.Response, status, code int) {
	t.Helper()
	require.Equal(t, status, r.Status, "%s", r.Body)
	require.EqualValues(t, code, r.JSON(t)["code"], "%s", r.Body)
}

// rawGet answers a GET as it came, without following a redirect.
func rawGet(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := noRedirects.Get(u)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	return resp, body
}

// authorize calls an authorize endpoint without following its redirect and
// answers the query it redirected to the app with.
func authorize(t *testing.T, sb *sandboxtest.Sandbox, path string, q url.Values) url.Values {
	t.Helper()
	resp, body := rawGet(t, sb.URL+path+"?"+q.Encode())
	require.Equal(t, http.StatusFound, resp.StatusCode, "%s", body)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "localhost:4000", loc.Host, "back to the app's redirect URI")
	return loc.Query()
}

// oidcCode runs Kakao Login's authorize for the OIDC app as ada, with the
// consent items of scope (comma-separated) and extra query pairs, and
// answers the code.
func oidcCode(t *testing.T, sb *sandboxtest.Sandbox, scope string, extra ...string) string {
	t.Helper()
	q := url.Values{"client_id": {oidcKey}, "redirect_uri": {callbackURI}, "response_type": {"code"}, "scope": {scope},
		"state": {"st-1"}, "sandbox_user": {"ada"}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	got := authorize(t, sb, "/oauth/authorize", q)
	require.NotEmpty(t, got.Get("code"), "%v", got)
	return got.Get("code")
}

func tokenCall(sb *sandboxtest.Sandbox, form url.Values) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/oauth/token", Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, Body: form.Encode()})
}

// oidcExchange is the token call for a code of the OIDC app.
func oidcExchange(sb *sandboxtest.Sandbox, code string) sandboxtest.Response {
	return tokenCall(sb, url.Values{"grant_type": {"authorization_code"}, "client_id": {oidcKey}, "client_secret": {oidcSecret},
		"redirect_uri": {callbackURI}, "code": {code}})
}

// refreshOf refreshes the OIDC app's tokens.
func refreshOf(t *testing.T, sb *sandboxtest.Sandbox, rt string) map[string]any {
	t.Helper()
	r := tokenCall(sb, url.Values{"grant_type": {"refresh_token"}, "client_id": {oidcKey}, "client_secret": {oidcSecret}, "refresh_token": {rt}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r.JSON(t)
}

// sandboxTime is the sandbox's clock, which ID tokens are stamped with.
func sandboxTime(t *testing.T, sb *sandboxtest.Sandbox) time.Time {
	t.Helper()
	var c struct {
		Now time.Time `json:"now"`
	}
	sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).Decode(t, &c)
	return c.Now
}

// verifierAt is go-oidc's verifier through discovery against the sandbox,
// with the relying party's clock at now.
func verifierAt(t *testing.T, sb *sandboxtest.Sandbox, now func() time.Time) *oidc.IDTokenVerifier {
	t.Helper()
	p, err := oidc.NewProvider(context.Background(), sb.URL)
	require.NoError(t, err)
	return p.Verifier(&oidc.Config{ClientID: oidcKey, Now: now})
}

// verifierFor verifies tokens of issuer with the sandbox's current JWKS,
// for a sandbox whose URL changed (a restart).
func verifierFor(sb *sandboxtest.Sandbox, issuer string, now time.Time) *oidc.IDTokenVerifier {
	keys := oidc.NewRemoteKeySet(context.Background(), sb.URL+"/.well-known/jwks.json")
	return oidc.NewVerifier(issuer, keys, &oidc.Config{ClientID: oidcKey, Now: func() time.Time { return now }})
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

// kidOf is the key id in a JWT's header.
func kidOf(t *testing.T, jwt string) string {
	t.Helper()
	var h struct{ Kid string }
	require.NoError(t, json.Unmarshal([]byte(jwtPart(t, jwt, 0)), &h))
	return h.Kid
}

// consentLink finds a link of the consent page by its text.
func consentLink(t *testing.T, page, text string) string {
	t.Helper()
	m := regexp.MustCompile(`href="([^"]*)"[^>]*>` + regexp.QuoteMeta(text)).FindStringSubmatch(page)
	require.NotNil(t, m, "no link %q on the consent page", text)
	return html.UnescapeString(m[1])
}

// requireBareRedirect asserts a 302 as Kakao sends it: a Location, no
// body, Content-Length: 0 and no Content-Type.
func requireBareRedirect(t *testing.T, resp *http.Response, body []byte) *url.URL {
	t.Helper()
	require.Equal(t, http.StatusFound, resp.StatusCode, "%s", body)
	assert.Empty(t, body)
	assert.Equal(t, "0", resp.Header.Get("Content-Length"))
	assert.NotContains(t, resp.Header, "Content-Type", "no JSON content type on a redirect")
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return loc
}
