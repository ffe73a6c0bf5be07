package sandbox_test

import (
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// FuzzCreateVirtualAccount throws arbitrary bodies, headers and methods at
// the request decoding and validation path over real HTTP. Whatever arrives,
// the answer is a Kakao-format 4xx or a success, never a 500 (RULES R01), and
// in strict mode every answer matches the document.
//
//	go test ./sandbox -run '^$' -fuzz FuzzCreateVirtualAccount -fuzztime 60s
func FuzzCreateVirtualAccount(f *testing.F) {
	sb := newSandbox(f, sandboxtest.NoRateLimits)
	f.Add(`{"adAccountId":20001,"amount":1000000,"bankCode":"88"}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":1000,"bankCode":"04"}`, "20001", "", true)
	f.Add(`{"adAccountId":20002,"amount":5000,"bankCode":"11"}`, "20002", "application/x-www-form-urlencoded", true)
	f.Add(`{"adAccountId":20001,"amount":1e3,"bankCode":"88"}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":-1,"bankCode":"88","x":{}}`, "1e3", "application/json", false)
	f.Add(`{"adAccountId":99999999999999999999,"amount":1,"bankCode":"88"}`, "99999999999999999999", "application/json", false)
	f.Add(`[{"a":[{"b":null}]}]`, "", "application/json; charset=utf-8", false)
	f.Add("\x00\xff{", "-1", "text/plain", true)
	f.Fuzz(func(t *testing.T, body, adAccountID, contentType string, get bool) {
		method := "POST"
		if get {
			method = "GET"
		}
		header := map[string]string{"Content-Type": contentType, "Authorization": "Bearer " + master}
		if adAccountID != "" && validHeaderValue(adAccountID) {
			header["adAccountId"] = adAccountID
		}
		if !validHeaderValue(contentType) {
			delete(header, "Content-Type")
		}
		r := sandboxtest.Do(t, sb.URL, sandboxtest.Request{Method: method, Path: vaPath, Header: header, Body: body})
		if r.Status >= 500 {
			t.Fatalf("%s %q with adAccountId %q answered %d: %s", method, body, adAccountID, r.Status, r.Body)
		}
		if r.Status != 200 && r.Header.Get("Content-Type") != "application/json;charset=UTF-8" {
			t.Fatalf("error without a Kakao JSON body: %d %s", r.Status, r.Body)
		}
	})
}

// validHeaderValue reports whether net/http would send v as a header value.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
