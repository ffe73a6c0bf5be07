package sandbox_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The fuzz targets of this package drive the real handler over real HTTP
// (rule R01): whatever arrives, the answer is a success or a Kakao-format
// 4xx, never a 5xx or a dropped connection, and a refused request writes
// nothing. Each has a committed corpus under testdata/fuzz/<target>; CI runs
// each for a few seconds (.ci/run) and `make fuzz-long` for ten minutes.
//
//	go test ./sandbox -run '^$' -fuzz '^FuzzCreateVirtualAccount$' -fuzztime 60s

// The corpora's regression-KBn-* inputs are the minimised reproducers of
// four bugs the long runs found, all fixed: a time past year 9999 (KB1), a
// scenario body match JSON cannot show (KB2), a kauth error answered on a
// Moment call (KB3), and a YAML document that made yaml.v3 panic (KB4).

// fuzzSandbox starts a sandbox on the rule tests' data for a fuzz target. It
// uses Open rather than New: a sandbox from New reports through the
// *testing.F it was given, which must not be used inside the fuzz function.
// Under Open a failing helper (RequireLedger, Restart) panics instead, and
// the fuzzer records that as a failure with its input.
func fuzzSandbox(f *testing.F, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	f.Helper()
	sb, err := sandboxtest.Open(append([]sandboxtest.Option{sandboxtest.WithFixtures(rulesFixture)}, opts...)...)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() {
		if err := sb.Close(); err != nil {
			f.Error(err)
		}
	})
	return sb
}

// requireKakaoError fails t unless r is a Kakao error: not a 5xx, and a JSON
// body with a numeric code and a message.
func requireKakaoError(t *testing.T, what string, r sandboxtest.Response) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("%s answered %d: %s", what, r.Status, r.Body)
	}
	if r.Header.Get("Content-Type") != "application/json;charset=UTF-8" {
		t.Fatalf("%s answered %d without a Kakao JSON body (%q): %s", what, r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	var body struct {
		Code *int    `json:"code"`
		Msg  *string `json:"msg"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Code == nil || body.Msg == nil || *body.Msg == "" {
		t.Fatalf("%s answered %d without a code and a msg: %s", what, r.Status, r.Body)
	}
}

// dataSum fingerprints the data file: its size and its first 64 KiB. bbolt
// writes the file only when a transaction commits, and every commit rewrites
// one of the two meta pages at the file's start with a higher transaction id,
// so an unchanged sum means nothing was written, however large the file.
func dataSum(t testing.TB, sb *sandboxtest.Sandbox) [sha256.Size]byte {
	t.Helper()
	f, err := os.Open(sb.Config.DataPath)
	if err != nil {
		t.Fatalf("open the data file: %v", err)
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read the data file: %v", err)
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatalf("stat the data file: %v", err)
	}
	return sha256.Sum256(append(head[:n], strconv.FormatInt(info.Size(), 10)...))
}

// resetUnlessPassed resets the sandbox when t fails or skips midway, so
// that one such input does not leave state that fails the next.
func resetUnlessPassed(t *testing.T, sb *sandboxtest.Sandbox) {
	t.Cleanup(func() {
		if t.Failed() || t.Skipped() {
			if resp, err := http.Post(sb.URL+"/_sandbox/reset", "application/json", strings.NewReader(`{"fixtures":"startup"}`)); err == nil {
				resp.Body.Close()
			}
		}
	})
}

// resetTo puts the sandbox back to the rule tests' data, so a fuzz run that
// keeps succeeding does not pile up state.
func resetTo(t *testing.T, sb *sandboxtest.Sandbox) {
	t.Helper()
	r := sandboxtest.Do(t, sb.URL, req{Method: "POST", Path: "/_sandbox/reset", Body: `{"fixtures":"startup"}`})
	if r.Status != 200 {
		t.Fatalf("reset answered %d: %s", r.Status, r.Body)
	}
}

// FuzzCreateVirtualAccount throws arbitrary bodies, headers and methods at
// the request decoding and validation path over real HTTP. Whatever arrives,
// the answer is a Kakao-format 4xx or a success, never a 500 (rule R01), and
// in strict mode every answer matches the document. A refused request writes
// nothing; every answer leaves the balances equal to their ledger.
func FuzzCreateVirtualAccount(f *testing.F) {
	sb := fuzzSandbox(f, sandboxtest.NoRateLimits)
	f.Add(`{"adAccountId":20001,"amount":1000000,"bankCode":"88"}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":1000,"bankCode":"04"}`, "20001", "", true)
	f.Add(`{"adAccountId":20002,"amount":5000,"bankCode":"11"}`, "20002", "application/x-www-form-urlencoded", true)
	f.Add(`{"adAccountId":20001,"amount":1e3,"bankCode":"88"}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":-1,"bankCode":"88","x":{}}`, "1e3", "application/json", false)
	f.Add(`{"adAccountId":99999999999999999999,"amount":1,"bankCode":"88"}`, "99999999999999999999", "application/json", false)
	f.Add(`[{"a":[{"b":null}]}]`, "", "application/json; charset=utf-8", false)
	f.Add("\x00\xff{", "-1", "text/plain", true)
	f.Add(`{"adAccountId":20001,"amount":1000,"bankCode":"88","adAccountId":20003}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":20003,"amount":1000,"bankCode":"88"}`, "20003", "application/json", false)
	f.Add(`{"adAccountId":20004,"amount":999,"bankCode":"31"}`, "20004", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":1000000000000,"bankCode":"\u0038\u0038"}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":1000,"bankCode":"88"} {}`, "20001", "application/json", false)
	f.Add(`{"adAccountId":"20001","amount":"1000","bankCode":88}`, " 20001", "application/json", false)
	f.Add(`{"adAccountId":20001,"amount":1000.5,"bankCode":"88"}`, "020001", "application/yaml", false)
	created := 0
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
		before := dataSum(t, sb)
		r := sandboxtest.Do(t, sb.URL, sandboxtest.Request{Method: method, Path: vaPath, Header: header, Body: body})
		if r.Status >= 500 {
			t.Fatalf("%s %q with adAccountId %q answered %d: %s", method, body, adAccountID, r.Status, r.Body)
		}
		if r.Status != 200 {
			requireKakaoError(t, method+" virtualAccount", r)
			if dataSum(t, sb) != before {
				t.Fatalf("refused %s %q (%d) changed the data file", method, body, r.Status)
			}
		}
		sb.RequireLedger()
		if r.Status == 200 {
			if created++; created%1000 == 0 {
				resetTo(t, sb) // keep the file small over a long run
			}
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

// controlOps are the control plane's JSON operations; the fuzzer picks one
// and supplies its path parameter and body. "@va" in the parameter stands
// for a fresh unpaid virtual account of 300,000 at 20001.
var controlOps = []struct{ method, path string }{
	{"POST", "/_sandbox/tokens"},
	{"POST", "/_sandbox/clock/advance"},
	{"POST", "/_sandbox/virtual-accounts/%s/deposits"},
	{"POST", "/_sandbox/ad-accounts/%s/spend"},
	{"PUT", "/_sandbox/wallets/%s/sanction"},
	{"POST", "/_sandbox/wallets/%s/free-cash"},
	{"PUT", "/_sandbox/scenarios/%s/activation"},
	{"POST", "/_sandbox/reset"},
	{"PUT", "/_sandbox/clock"},
}

// FuzzControlJSON sends arbitrary JSON bodies and path parameters to the
// control plane's JSON operations, the other decoders a client reaches. Each
// answer is a success or a Kakao-format 4xx; a refused call writes nothing;
// the ledger holds after every call. After a success the sandbox is reset,
// so time and state stay where the seeds expect them.
func FuzzControlJSON(f *testing.F) {
	sb := fuzzSandbox(f, sandboxtest.NoRateLimits)
	f.Add(uint8(0), "", `{"user":"master","app":"rules","type":"business","scopes":["moment_management"]}`)
	f.Add(uint8(0), "", `{"user":"1","app":"test-rest-api-key","type":"login","expiresIn":3600,"token":"fuzz-token-0001"}`)
	f.Add(uint8(0), "", `{"user":"outsider","app":"rules","type":"business","resourceIds":["moment:*"],"scopes":["moment_create"]}`)
	f.Add(uint8(1), "", `{"duration":"7d"}`)
	f.Add(uint8(1), "", `{"duration":"1d12h30m"}`)
	f.Add(uint8(1), "", `{"to":"2026-03-01T00:00:00+09:00"}`)
	f.Add(uint8(1), "", `{"duration":"-1h"}`)
	f.Add(uint8(1), "", `{"to":"2999-12-31T23:59:59Z"}`)
	f.Add(uint8(2), "@va", `{"amount":300000}`)
	f.Add(uint8(2), "@va", `{"amount":299999}`)
	f.Add(uint8(2), "98800000000001", `{"amount":1000}`)
	f.Add(uint8(3), "20001", `{"amount":1000}`)
	f.Add(uint8(3), "20002", `{"amount":30001}`)
	f.Add(uint8(3), "-1", `{"amount":-5}`)
	f.Add(uint8(4), "3", `{"suspended":false}`)
	f.Add(uint8(4), "1", `{"suspended":true}`)
	f.Add(uint8(5), "1", `{"amount":5000,"expiresAt":"2026-12-31","activated":true}`)
	f.Add(uint8(5), "2", `{"amount":5000,"expiresAt":"2025-12-31","activated":false}`)
	f.Add(uint8(6), "kakao-maintenance", `{"scope":"token","token":"test-biz-member"}`)
	f.Add(uint8(6), "recover-after-failures", `{"scope":"adAccount","adAccountId":20001}`)
	f.Add(uint8(6), "no-such", `{"scope":"global"}`)
	f.Add(uint8(7), "", `{"fixtures":"empty"}`)
	f.Add(uint8(7), "", `{"fixtures":"builtin-demo","x":1}`)
	f.Add(uint8(8), "", `{"frozen":false}`)
	f.Add(uint8(8), "", `{"at":"2026-03-01T00:00:00+09:00","frozen":true}`)
	f.Add(uint8(8), "", `{"at":"2025-01-01T00:00:00+09:00","frozen":false}`)
	va := ""
	f.Fuzz(func(t *testing.T, op uint8, param, body string) {
		resetUnlessPassed(t, sb)
		t.Cleanup(func() {
			if t.Failed() {
				va = ""
			}
		})
		o := controlOps[int(op)%len(controlOps)]
		if param == "@va" {
			if va == "" {
				va = sb.IssueVirtualAccount(master, healthyAds, 300000, "88").AccountNumber
			}
			param = va
		}
		path := o.path
		if bytes.Contains([]byte(path), []byte("%s")) {
			if param == "" {
				param = "x"
			}
			path = string(bytes.Replace([]byte(path), []byte("%s"), []byte(url.PathEscape(param)), 1))
		}
		before := dataSum(t, sb)
		r := sandboxtest.Do(t, sb.URL, req{Method: o.method, Path: path, Header: map[string]string{"Content-Type": "application/json"}, Body: body})
		what := o.method + " " + path + " " + body
		if r.Status >= 300 {
			requireKakaoError(t, what, r)
			if dataSum(t, sb) != before {
				t.Fatalf("refused %s (%d) changed the data file: %s", what, r.Status, r.Body)
			}
		}
		sb.RequireLedger()
		if r.Status < 300 {
			resetTo(t, sb)
			va = ""
		}
	})
}
