package sandbox_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

// consentLink finds a link of the consent page by its text.
func consentLink(t *testing.T, page, text string) string {
	t.Helper()
	m := regexp.MustCompile(`href="([^"]*)"[^>]*>` + regexp.QuoteMeta(text)).FindStringSubmatch(page)
	require.NotNil(t, m, "no link %q on the consent page", text)
	return html.UnescapeString(m[1])
}

func rulesLoginAuthorize(t *testing.T) {

	t.Run("T01_authorize_redirects_carry_no_body_and_no_content_type", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		for name, q := range map[string]url.Values{
			"code":          authQuery("profile_nickname", "sandbox_user", "member"),
			"error":         authQuery("profile_nickname", "response_type", "token"),
			"access_denied": authQuery("profile_nickname", "sandbox_cancel", "true"),
		} {
			resp, body := rawGet(t, sb.URL+"/oauth/authorize?"+q.Encode())
			loc := requireBareRedirect(t, resp, body)
			assert.Equal(t, "st-1", loc.Query().Get("state"), name)
		}
	})

	t.Run("T01_access_denied_when_the_user_cancels", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		for _, path := range []string{"/oauth/authorize", "/oauth/business/authorize"} {
			resp, page := rawGet(t, sb.URL+path+"?"+authQuery("moment_management").Encode())
			require.Equal(t, 200, resp.StatusCode, "%s", page)
			resp, body := rawGet(t, sb.URL+consentLink(t, string(page), "취소"))
			loc := requireBareRedirect(t, resp, body)
			assert.Equal(t, "localhost:4000", loc.Host, "back to the app's redirect URI")
			assert.Contains(t, loc.RawQuery, "error=access_denied")
			assert.Contains(t, loc.RawQuery, "error_description=User%20denied%20access", "Kakao's encoding")
			assert.Equal(t, "st-1", loc.Query().Get("state"))
			assert.Empty(t, loc.Query().Get("code"))
		}
		// Cancel never sends anyone to a redirect URI the app did not register.
		resp, body := rawGet(t, sb.URL+"/oauth/authorize?"+authQuery("", "redirect_uri", "https://evil.example/cb", "sandbox_cancel", "true").Encode())
		assert.Equal(t, 400, resp.StatusCode, "%s", body)
		assert.Empty(t, resp.Header.Get("Location"))
	})
}
