package interop_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// TestGoOAuth2Client drives the whole dance with golang.org/x/oauth2, as an
// integration would, changing nothing but the URLs.
func TestGoOAuth2Client(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	conf := &oauth2.Config{
		ClientID: restKey, ClientSecret: secret, RedirectURL: callbackURI, Scopes: []string{"moment_management"},
		Endpoint: oauth2.Endpoint{AuthURL: sb.URL + "/oauth/business/authorize", TokenURL: sb.URL + "/oauth/business/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	resp, err := noRedirects.Get(conf.AuthCodeURL("state-42") + "&sandbox_user=member")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "state-42", loc.Query().Get("state"))

	ctx := context.Background()
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"))
	require.NoError(t, err)
	assert.True(t, tok.Expiry.IsZero(), "a business token has no expiry")
	client := conf.Client(ctx, tok)
	req, _ := http.NewRequest("GET", sb.URL+"/openapi/v4/adAccounts/balance", nil)
	req.Header.Set("adAccountId", fmt.Sprint(healthyAds))
	resp, err = client.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "%s", body)
	assert.Contains(t, string(body), `"cash":500000`)

	_, err = conf.Exchange(ctx, loc.Query().Get("code"))
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "invalid_grant", re.ErrorCode)

	login := *conf
	login.Endpoint.AuthURL, login.Endpoint.TokenURL = sb.URL+"/oauth/authorize", sb.URL+"/oauth/token"
	resp, err = noRedirects.Get(login.AuthCodeURL("s") + "&sandbox_user=master")
	require.NoError(t, err)
	resp.Body.Close()
	loc, _ = url.Parse(resp.Header.Get("Location"))
	lt, err := login.Exchange(ctx, loc.Query().Get("code"))
	require.NoError(t, err)
	require.NotEmpty(t, lt.RefreshToken)
	fresh, err := login.TokenSource(ctx, &oauth2.Token{RefreshToken: lt.RefreshToken}).Token()
	require.NoError(t, err)
	assert.NotEqual(t, lt.AccessToken, fresh.AccessToken)
}

// TestGoOAuth2ClientWithKakaoURLs runs the business dance with Kakao's own
// URLs: only the *http.Client is the sandbox's (sandboxtest Client).
func TestGoOAuth2ClientWithKakaoURLs(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	conf := &oauth2.Config{
		ClientID: restKey, ClientSecret: secret, RedirectURL: callbackURI, Scopes: []string{"moment_management"},
		Endpoint: oauth2.Endpoint{AuthURL: "https://kauth.kakao.com/oauth/business/authorize",
			TokenURL: "https://kauth.kakao.com/oauth/business/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	browser := sb.Client()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := browser.Get(conf.AuthCodeURL("state-7") + "&sandbox_user=member")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)

	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, sb.Client())
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"))
	require.NoError(t, err)
	req, _ := http.NewRequest("GET", "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", nil)
	req.Header.Set("adAccountId", fmt.Sprint(healthyAds))
	resp, err = conf.Client(ctx, tok).Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "%s", body)
	assert.Contains(t, string(body), `"cash":500000`)
	assert.Len(t, sb.Requests(sandboxtest.RequestFilter{Operation: "issueBusinessToken"}), 1, "the exchange reached the sandbox")
}

// TestPassportKakaoStyleFlow drives sign-in the way passport-kakao does
// (passport-oauth2 underneath): the consent page, the token with client_id
// and client_secret in the form, then user info, first with the token in
// the query (node-oauth's default for GET: taken unless the sandbox takes
// only the header), then in the header.
func TestPassportKakaoStyleFlow(t *testing.T) {
	t.Parallel()
	for _, headerOnly := range []bool{false, true} {
		sb := newSandbox(t, func(c *sandbox.Config) { c.HeaderTokenOnly = headerOnly })
		conf := &oauth2.Config{ClientID: restKey, ClientSecret: secret, RedirectURL: callbackURI,
			Scopes:   []string{"profile_nickname", "account_email"},
			Endpoint: oauth2.Endpoint{AuthURL: sb.URL + "/oauth/authorize", TokenURL: sb.URL + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams}}
		resp, page := rawGet(t, conf.AuthCodeURL("passport-state"))
		require.Equal(t, 200, resp.StatusCode, "%s", page)
		resp, body := rawGet(t, sb.URL+consentLink(t, string(page), "윤하린"))
		loc := requireBareRedirect(t, resp, body)
		require.Equal(t, "passport-state", loc.Query().Get("state"))
		tok, err := conf.Exchange(context.Background(), loc.Query().Get("code"))
		require.NoError(t, err)

		inQuery := sb.Do(req{Method: "GET", Path: "/v2/user/me?access_token=" + url.QueryEscape(tok.AccessToken)})
		if headerOnly {
			kakaoError(t, inQuery, 401, -401)
		} else {
			require.Equal(t, 200, inQuery.Status, "%s", inQuery.Body)
		}

		r := sb.Do(req{Method: "GET", Path: "/v2/user/me", Token: tok.AccessToken})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var profile struct { // what passport-kakao reads
			ID         int64 `json:"id"`
			Properties struct {
				Nickname string `json:"nickname"`
			} `json:"properties"`
			KakaoAccount struct {
				Email string `json:"email"`
			} `json:"kakao_account"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &profile))
		assert.EqualValues(t, 2, profile.ID)
		assert.Equal(t, "윤하린", profile.Properties.Nickname, "passport-kakao's displayName")
		assert.Equal(t, "member@example.com", profile.KakaoAccount.Email)
	}
}
