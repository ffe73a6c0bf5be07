package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func adAccountList(t *testing.T, sb *sandboxtest.Sandbox, token, query string) sandboxtest.Response {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts" + query, Token: token})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return r
}

func TestMomentFirstReads(t *testing.T) {
	t.Parallel()

	t.Run("adAccounts_list_is_the_pages_content_unpaged", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		r := adAccountList(t, sb, master, "")
		assert.Equal(t, []string{"content"}, keys(r.JSON(t)), "no paging fields")
		assert.Equal(t, pages(t, sb, master, "?size=1000")["content"], r.JSON(t)["content"], "the same accounts as /pages")
		assert.Equal(t, []float64{20001, 20003, 20004, 20005}, ids(r.JSON(t)), "ON and OFF by default, in id order")
		assert.Equal(t, "true", r.Header.Get("Deprecation"), "Kakao announces its end (V07)")

		assert.Equal(t, []float64{20005}, ids(adAccountList(t, sb, master, "?config=OFF").JSON(t)))
		assert.Equal(t, "MEMBER", adAccountList(t, sb, member, "").JSON(t)["content"].([]any)[0].(map[string]any)["memberType"])
		assert.Equal(t, `{"content":[]}`, string(adAccountList(t, sb, outsider, "").Body), "an empty list, not null")
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts?config=PAUSED", Token: master}), 400, -2, 0)

		limited := businessToken(t, sb, "master", "moment_management,moment_create", "resource_ids", "moment:20001")["access_token"].(string)
		assert.Equal(t, []float64{20001}, ids(adAccountList(t, sb, limited, "").JSON(t)), "resource_ids limit it as they limit /pages")
		r = sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts", Token: masterLogin})
		assert.Equal(t, "target biz token is not supplied.", kakaoError(t, r, 401, -401, 0))
	})

	t.Run("an_unemulated_path_answers_the_sandboxs_own_404_code", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		moment := sb.Do(req{Method: "GET", Path: "/openapi/v4/customerFiles", Token: master}) // Kakao has it; the sandbox does not
		msg := kakaoError(t, moment, 404, -9404, 0)
		assert.Contains(t, msg, "kakao-sandbox does not emulate")
		assert.Contains(t, moment.JSON(t), "extras", "Moment's shape under /openapi/")
		kakaoError(t, sb.Do(req{Method: "GET", Path: "/v1/api/talk/profile", Token: masterLogin}), 404, -9404, 0)
		kakaoError(t, sb.Do(req{Method: "DELETE", Path: "/openapi/v4/adAccounts", Token: master}), 405, -9405, 0)
		oauth := sb.Do(req{Method: "GET", Path: "/oauth/nothing"})
		require.Equal(t, 404, oauth.Status)
		assert.Equal(t, "invalid_request", oauth.JSON(t)["error"], "kauth's shape under /oauth/: %s", oauth.Body)
		assert.NotEqual(t, -3.0, oauth.JSON(t)["code"])
	})
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
