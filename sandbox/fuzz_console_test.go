package sandbox_test

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// consoleOps are the wallet console's operations with a JSON body; the
// fuzzer picks one, a wallet (or other path parameter) and a body.
var consoleOps = []struct{ method, path string }{
	{"POST", "/console/v1/wallets"},
	{"PUT", "/console/v1/wallets/%s/status"},
	{"POST", "/console/v1/wallets/%s/managers"},
	{"POST", "/console/v1/wallets/%s/connections"},
	{"POST", "/console/v1/wallets/%s/charges"},
	{"PUT", "/console/v1/wallets/%s/refund-account"},
	{"POST", "/console/v1/wallets/%s/refunds"},
	{"POST", "/console/v1/wallets/%s/tax-invoices/2026-01/corrections"},
	{"POST", "/console/v1/wallets/%s/business-info-changes"},
	{"POST", "/console/v1/identity-verification"},
}

// FuzzConsoleJSON sends arbitrary bodies and path parameters to the wallet
// console as the master of wallets 1, 3, 4 and 5. Each answer is a success
// or a Kakao-format 4xx, never a 500; a refused call writes nothing; the
// ledger holds after every call (rule W15, R01).
func FuzzConsoleJSON(f *testing.F) {
	sb := fuzzSandbox(f, sandboxtest.NoRateLimits)
	f.Add(uint8(0), "", `{"type":"BUSINESS","companyId":1}`)
	f.Add(uint8(0), "", `{"type":"PERSONAL","company":{"name":"x","businessRegistrationNumber":"111-22-33333","representativeName":"y"}}`)
	f.Add(uint8(1), "1", `{"status":"OFF"}`)
	f.Add(uint8(1), "3", `{"status":"ON"}`)
	f.Add(uint8(2), "1", `{"userId":4}`)
	f.Add(uint8(3), "5", `{"channelId":1}`)
	f.Add(uint8(3), "5", `{"adAccountId":20005}`)
	f.Add(uint8(4), "1", `{"amount":50000,"cardNumber":"9410000000000005"}`)
	f.Add(uint8(4), "1", `{"amount":999,"cardNumber":"9410000000000013"}`)
	f.Add(uint8(4), "3", `{"amount":5000,"cardNumber":"4111-1111-1111-1111"}`)
	f.Add(uint8(5), "1", `{"bankCode":"04","accountNumber":"220987654321","holderName":"주식회사 하늘테크"}`)
	f.Add(uint8(5), "4", `{"bankCode":"99","accountNumber":"1","holderName":""}`)
	f.Add(uint8(6), "1", `{"amount":10000}`)
	f.Add(uint8(6), "1", `{}`)
	f.Add(uint8(6), "1", `{"amount":99999999999}`)
	f.Add(uint8(7), "1", `{"reason":"정정"}`)
	f.Add(uint8(8), "1", `{"name":"(주)하늘테크놀로지"}`)
	f.Add(uint8(9), "", `{"code":"000000"}`)
	f.Add(uint8(9), "", `{"code":123456}`)
	f.Fuzz(func(t *testing.T, op uint8, param, body string) {
		resetUnlessPassed(t, sb)
		o := consoleOps[int(op)%len(consoleOps)]
		path := o.path
		if bytes.Contains([]byte(path), []byte("%s")) {
			if param == "" {
				param = "x"
			}
			path = string(bytes.Replace([]byte(path), []byte("%s"), []byte(url.PathEscape(param)), 1))
		}
		before := dataSum(t, sb)
		r := sandboxtest.Do(t, sb.URL, req{Method: o.method, Path: path, Token: master,
			Header: map[string]string{"Content-Type": "application/json"}, Body: body})
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
		}
	})
}
