package interop_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zitadel/oidc/v3/pkg/client/rp"
	httphelper "github.com/zitadel/oidc/v3/pkg/http"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/kakao"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestRealClients signs in with real client libraries, unmodified, against
// the sandbox: authorize driven as a browser would (with sandbox_user), the
// token, the ID token verified through discovery, and the user info. Only
// the URLs are the sandbox's. The sandbox's clock runs at the wall clock's
// time here, as relying parties check exp and iat against their own clock.
func TestRealClients(t *testing.T) {
	t.Parallel()
	clients := []struct {
		name string
		run  func(t *testing.T, sb *sandboxtest.Sandbox, user string)
	}{
		{"golang.org/x/oauth2 with its kakao endpoint and PKCE", signInWithOAuth2Kakao},
		{"coreos/go-oidc with discovery", signInWithGoOIDC},
		{"zitadel/oidc relying party with PKCE and user info", signInWithZitadelRP},
	}
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sb, ada := oidcSandbox(t, func(cfg *sandbox.Config) { cfg.Clock = time.Now() })
			c.run(t, sb, fmt.Sprint(ada))
		})
	}
}

// browse follows authorize like a browser, as ada, and answers the query
// the sandbox redirected to the app with.
func browse(t *testing.T, authURL string) url.Values {
	t.Helper()
	resp, err := noRedirects.Get(authURL + "&sandbox_user=ada")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return loc.Query()
}

// signInWithOAuth2Kakao uses golang.org/x/oauth2/kakao's endpoint with only
// its host changed. It leaves the auth style to the library, which tries
// HTTP Basic first and, on the sandbox's KOE010, the form: sign-in works.
func signInWithOAuth2Kakao(t *testing.T, sb *sandboxtest.Sandbox, user string) {
	ctx := context.Background()
	ep := kakao.Endpoint
	ep.AuthURL = strings.Replace(ep.AuthURL, "https://kauth.kakao.com", sb.URL, 1)
	ep.TokenURL = strings.Replace(ep.TokenURL, "https://kauth.kakao.com", sb.URL, 1)
	conf := &oauth2.Config{ClientID: oidcKey, ClientSecret: oidcSecret, Endpoint: ep, RedirectURL: callbackURI,
		Scopes: []string{"profile_nickname", "account_email"}}
	verifier := oauth2.GenerateVerifier()
	got := browse(t, conf.AuthCodeURL("st-9", oauth2.S256ChallengeOption(verifier)))
	assert.Equal(t, "st-9", got.Get("state"))

	tok, err := conf.Exchange(ctx, got.Get("code"), oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Operation: "issueToken", Status: 401}), 1, "Basic first: KOE010, then the form")
	assert.Equal(t, "profile_nickname account_email", tok.Extra("scope"))
	assert.WithinDuration(t, time.Now().Add(21599*time.Second), tok.Expiry, time.Minute)

	resp, err := conf.Client(ctx, tok).Get(sb.URL + "/v1/user/access_token_info")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "%s", body)
	assert.Contains(t, string(body), `"id":`+user)

	fresh, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	require.NoError(t, err)
	assert.NotEqual(t, tok.AccessToken, fresh.AccessToken)
}

// signInWithGoOIDC discovers the sandbox with coreos/go-oidc, signs in with
// golang.org/x/oauth2 on the endpoints discovery named, and verifies the ID
// token: good, with its nonce; expired when the relying party's clock has
// passed exp; and still good after the key was rotated.
func signInWithGoOIDC(t *testing.T, sb *sandboxtest.Sandbox, user string) {
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, sb.URL)
	require.NoError(t, err)
	conf := &oauth2.Config{ClientID: oidcKey, ClientSecret: oidcSecret, Endpoint: provider.Endpoint(), RedirectURL: callbackURI,
		Scopes: []string{oidc.ScopeOpenID, "profile_nickname", "profile_image"}}
	got := browse(t, conf.AuthCodeURL("st-1", oidc.Nonce("nonce-1")))
	tok, err := conf.Exchange(ctx, got.Get("code"))
	require.NoError(t, err)
	raw, ok := tok.Extra("id_token").(string)
	require.True(t, ok, "the token response carries id_token")

	verifier := provider.Verifier(&oidc.Config{ClientID: oidcKey})
	idToken, err := verifier.Verify(ctx, raw)
	require.NoError(t, err)
	assert.Equal(t, user, idToken.Subject)
	assert.Equal(t, "nonce-1", idToken.Nonce, "the app compares it with the nonce it sent")
	assert.NotEqual(t, "nonce-2", idToken.Nonce, "a token from another sign-in is told apart")
	var claims struct{ Nickname, Picture string }
	require.NoError(t, idToken.Claims(&claims))
	assert.Equal(t, "에이다", claims.Nickname)
	assert.Equal(t, "https://img.example/ada.png", claims.Picture)

	later := provider.Verifier(&oidc.Config{ClientID: oidcKey, Now: func() time.Time { return time.Now().Add(7 * time.Hour) }})
	_, err = later.Verify(ctx, raw)
	var expired *oidc.TokenExpiredError
	assert.ErrorAs(t, err, &expired, "six hours on, the ID token has expired with its access token")

	require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/oidc/rotate-key"}).Status)
	_, err = verifier.Verify(ctx, raw)
	assert.NoError(t, err, "a rotated key still verifies old tokens through the JWKS")

	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	require.NoError(t, err)
	assert.Equal(t, user, info.Subject)
}

// signInWithZitadelRP is a relying party in another style: zitadel/oidc's rp
// discovers the sandbox, keeps state and the PKCE verifier in cookies,
// exchanges the code, verifies the ID token with its nonce and calls the
// user info endpoint, all through its own HTTP handlers.
func signInWithZitadelRP(t *testing.T, sb *sandboxtest.Sandbox, user string) {
	ctx := context.Background()
	var app *httptest.Server
	done := make(chan *zoidc.UserInfo, 1)
	mux := http.NewServeMux()
	app = httptest.NewServer(mux)
	t.Cleanup(app.Close)
	sb.LoadFixtures([]byte(`apps: [{key: zitadel, name: Zitadel RP, restApiKey: zitadel-key, clientSecret: zitadel-secret, redirectUris: ['` + app.URL + `/cb'], openIdConnect: true}]`))

	cookies := httphelper.NewCookieHandler([]byte("0123456789abcdef0123456789abcdef"), []byte("0123456789abcdef"), httphelper.WithUnsecure())
	party, err := rp.NewRelyingPartyOIDC(ctx, sb.URL, "zitadel-key", "zitadel-secret", app.URL+"/cb",
		[]string{"openid", "profile_nickname", "account_email"}, rp.WithPKCE(cookies),
		rp.WithVerifierOpts(rp.WithNonce(func(context.Context) string { return "zitadel-nonce" })))
	require.NoError(t, err)
	mux.Handle("/login", rp.AuthURLHandler(func() string { return "st-z" }, party,
		rp.WithURLParam("nonce", "zitadel-nonce"), rp.WithURLParam("sandbox_user", "ada")))
	mux.Handle("/cb", rp.CodeExchangeHandler(rp.UserinfoCallback(
		func(w http.ResponseWriter, _ *http.Request, tokens *zoidc.Tokens[*zoidc.IDTokenClaims], _ string, _ rp.RelyingParty, info *zoidc.UserInfo) {
			assert.Equal(t, user, tokens.IDTokenClaims.Subject)
			done <- info
			fmt.Fprint(w, "signed in")
		}), party))

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar}
	resp, err := browser.Get(app.URL + "/login") // the app, kauth's authorize, and back to the app's callback
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode, "%s", body)
	assert.Equal(t, "signed in", string(body))
	info := <-done
	assert.Equal(t, user, info.Subject)
	assert.Equal(t, "에이다", info.UserInfoProfile.Nickname)
	assert.Equal(t, "ada@example.com", info.Email)
	assert.True(t, bool(info.EmailVerified))
	assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Operation: "getOIDCUserInfo"}), 1)
}
