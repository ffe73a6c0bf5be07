package sandbox_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// headlessCode runs the headless authorize of the rules app for a user and
// returns the code the redirect carries.
func headlessCode(sb *sandboxtest.Sandbox, business bool) (string, error) {
	path, scope, user := "/oauth/authorize", "profile_nickname", "member"
	if business {
		path, scope, user = "/oauth/business/authorize", "moment_management", "master"
	}
	resp, err := noRedirects.Get(sb.URL + path + "?" + authQuery(scope, "sandbox_user", user).Encode())
	if err != nil {
		return "", err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return "", fmt.Errorf("authorize answered %d without a code: %s", resp.StatusCode, body)
	}
	return loc.Query().Get("code"), nil
}

// refreshToken exchanges a fresh code for tokens and returns the refresh token.
func refreshToken(sb *sandboxtest.Sandbox, business bool) (string, error) {
	code, err := headlessCode(sb, business)
	if err != nil {
		return "", err
	}
	path := "/oauth/token"
	if business {
		path = "/oauth/business/token"
	}
	r := sb.Do(req{Method: "POST", Path: path, Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		Body: url.Values{"grant_type": {"authorization_code"}, "client_id": {restKey}, "client_secret": {secret},
			"redirect_uri": {callbackURI}, "code": {code}}.Encode()})
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal(r.Body, &tok); err != nil || tok.RefreshToken == "" {
		return "", fmt.Errorf("no refresh token: %d %s", r.Status, r.Body)
	}
	return tok.RefreshToken, nil
}

// FuzzKauthToken sends arbitrary form bodies and content types to POST
// /oauth/token and /oauth/business/token through the real handler, on a
// sandbox with and one without --business-token-refresh. In the form, "@code"
// stands for a fresh authorization code of the endpoint's own flow and
// "@refresh" for a live refresh token (login, or business where the sandbox
// issues them), so the fuzzer reaches the success paths too. Every answer is
// a 200 with a token or a 4xx in kauth's shape (error, error_description),
// never a 5xx or a dropped connection (rule R01, T06).
func FuzzKauthToken(f *testing.F) {
	plain := fuzzSandbox(f)
	refreshing := fuzzSandbox(f, func(c *sandbox.Config) { c.BusinessTokenRefresh = true })
	type flow struct {
		sb       *sandboxtest.Sandbox
		business bool
	}
	refresh := map[flow]string{}
	for _, fl := range []flow{{plain, false}, {refreshing, false}, {refreshing, true}} {
		rt, err := refreshToken(fl.sb, fl.business)
		if err != nil {
			f.Fatal(err)
		}
		refresh[fl] = rt
	}
	const form = "application/x-www-form-urlencoded"
	good := "grant_type=authorization_code&client_id=test-rest-api-key&client_secret=test-secret&redirect_uri=http%3A%2F%2Flocalhost%3A4000%2Fcb&code=@code"
	f.Add(false, false, form, good)
	f.Add(true, false, form, good)
	f.Add(true, true, form, good)
	f.Add(false, false, form, "grant_type=refresh_token&client_id=test-rest-api-key&client_secret=test-secret&refresh_token=@refresh")
	f.Add(true, true, form, "grant_type=refresh_token&client_id=test-rest-api-key&client_secret=test-secret&refresh_token=@refresh")
	f.Add(true, false, form, "grant_type=refresh_token&client_id=test-rest-api-key&refresh_token=@refresh")
	f.Add(false, false, form, "grant_type=authorization_code&client_id=test-rest-api-key&client_secret=wrong&redirect_uri=http%3A%2F%2Flocalhost%3A4000%2Fcb&code=@code")
	f.Add(false, false, form, "grant_type=authorization_code&client_id=test-rest-api-key&client_secret=test-secret&redirect_uri=http%3A%2F%2Fevil%2Fcb&code=@code")
	f.Add(false, false, form, "grant_type=authorization_code&client_id=test-rest-api-key&client_secret=test-secret&code=@code&code=@code")
	f.Add(true, false, form, "grant_type=password&client_id=test-rest-api-key")
	f.Add(false, false, form, "grant_type=authorization_code&client_id=nobody")
	f.Add(false, false, form, "client_id=test-rest-api-key")
	f.Add(false, false, form, "grant_type=authorization_code&client_id=test-rest-api-key&scope=openid")
	f.Add(false, false, form, "grant_type=%zz&client_id=%")
	f.Add(true, false, form, "grant_type=authorization_code;client_id=x")
	f.Add(true, false, form, "a[0]=1&a[1]=2&b.c=3")
	f.Add(false, false, form+"; charset=utf-8", "grant_type=refresh_token&client_id=test-rest-api-key&refresh_token=%00%FF")
	f.Add(false, false, "application/json", `{"grant_type":"authorization_code","client_id":"test-rest-api-key"}`)
	f.Add(true, false, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nauthorization_code\r\n--x--\r\n")
	f.Add(true, false, "", "")
	f.Add(false, false, "text/plain", "\x00\xff=&&=")
	f.Fuzz(func(t *testing.T, business, refreshable bool, contentType, body string) {
		fl := flow{plain, business}
		if refreshable {
			fl.sb = refreshing
		}
		if strings.Contains(body, "@code") {
			code, err := headlessCode(fl.sb, business)
			if err != nil {
				t.Fatal(err)
			}
			body = strings.ReplaceAll(body, "@code", code)
		}
		if rt, ok := refresh[fl]; ok {
			body = strings.ReplaceAll(body, "@refresh", rt)
		}
		path := "/oauth/token"
		if business {
			path = "/oauth/business/token"
		}
		header := map[string]string{}
		if validHeaderValue(contentType) {
			header["Content-Type"] = contentType
		}
		r := sandboxtest.Do(t, fl.sb.URL, req{Method: "POST", Path: path, Header: header, Body: body})
		what := fmt.Sprintf("POST %s %q (%q)", path, body, contentType)
		if r.Header.Get("Content-Type") != "application/json;charset=UTF-8" {
			t.Fatalf("%s answered %d without a JSON body (%q): %s", what, r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		switch {
		case r.Status == 200:
			var tok struct {
				AccessToken string `json:"access_token"`
				TokenType   string `json:"token_type"`
			}
			if err := json.Unmarshal(r.Body, &tok); err != nil || tok.AccessToken == "" || tok.TokenType != "bearer" {
				t.Fatalf("%s answered 200 without a token: %s", what, r.Body)
			}
		case r.Status >= 400 && r.Status < 500:
			var e struct {
				Error            string `json:"error"`
				ErrorDescription string `json:"error_description"`
			}
			if err := json.Unmarshal(r.Body, &e); err != nil || e.Error == "" || e.ErrorDescription == "" {
				t.Fatalf("%s answered %d not in kauth's shape: %s", what, r.Status, r.Body)
			}
		default:
			t.Fatalf("%s answered %d: %s", what, r.Status, r.Body)
		}
	})
}
