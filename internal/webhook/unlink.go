package webhook

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// ReferrerTypes are why Kakao unlinks a user from an app (§10.1).
var ReferrerTypes = []string{"ACCOUNT_DELETE", "FORCED_ACCOUNT_DELETE", "UNLINK_FROM_APPS", "UNLINK_FROM_ADMIN", "INCOMPLETE_SIGN_UP"}

// TestReferrerType is the reason a sample unlink or user-unlinked SET gives
// when none is asked for: Kakao's commonest (a user disconnecting the app).
const TestReferrerType = "UNLINK_FROM_APPS"

// CheckReferrerType refuses a referrer type Kakao does not send, naming field.
func CheckReferrerType(field, t string) error {
	if slices.Contains(ReferrerTypes, t) {
		return nil
	}
	return kakao.Invalid(field, "%q is none of %s", t, strings.Join(ReferrerTypes, ", "))
}

// UnlinkRequest is the unlink webhook of app for user, as Kakao sends it
// (§10.1): app_id, user_id and referrer_type in the query (GET) or a form
// (POST), with the app's primary admin key.
func UnlinkRequest(s Settings, appID uint64, adminKey string, userID uint64, referrer, cause string) Request {
	form := url.Values{
		"app_id":        {strconv.FormatUint(appID, 10)},
		"user_id":       {strconv.FormatUint(userID, 10)},
		"referrer_type": {referrer},
	}
	r := Request{AppID: appID, Kind: KindUnlink, Method: s.Unlink.Method, URL: s.Unlink.URL, Header: Headers(adminKey, map[string]string{}), Cause: cause}
	if r.Method == http.MethodGet {
		r.URL = withQuery(r.URL, form)
	} else {
		r.Header["Content-Type"] = "application/x-www-form-urlencoded;charset=utf-8"
		r.Body = []byte(form.Encode())
	}
	return r
}

// Headers are a delivery's headers: the kind's own, and the app's primary
// admin key, which Kakao sends with its webhooks (§10.1, §10.3; the
// account-status SET carries it too, though §10.2's sample shows only
// Content-Type and Accept: docs/guesses.md). An app without an admin key
// sends none (Kakao's apps always have one).
func Headers(adminKey string, own map[string]string) map[string]string {
	if adminKey != "" {
		own["Authorization"] = "KakaoAK " + adminKey
	}
	return own
}

// withQuery adds q to the query raw already has.
func withQuery(raw string, q url.Values) string {
	u, err := url.Parse(raw)
	if err != nil { // Validate took the URL
		return raw
	}
	all := u.Query()
	for k, vs := range q {
		all[k] = append(all[k], vs...)
	}
	u.RawQuery = all.Encode()
	return u.String()
}
