package journal

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// r08JournalMasksSecrets (TestRules/R08_journal_masks_secrets): whatever the body's format, secrets are
// masked and everything else is kept.
func r08JournalMasksSecrets(t *testing.T) {
	for in, want := range map[string]string{
		`grant_type=authorization_code&client_id=k&client_secret=s3cret&code=Zx9_-q&redirect_uri=http%3A%2F%2Fx`: `grant_type=authorization_code&client_id=k&client_secret=***&code=***&redirect_uri=http%3A%2F%2Fx`,
		`{"access_token":"q2kAAA","token_type":"bearer","refresh_token":"r3f","scope":"a b"}`:                    `{"access_token":"***","token_type":"bearer","refresh_token":"***","scope":"a b"}`,
		`{"code":-401,"msg":"this access token does not exist"}`:                                                 `{"code":-401,"msg":"this access token does not exist"}`,
		`{"adAccountId":1,"bankCode":"88","detailCode":99001}`:                                                   `{"adAccountId":1,"bankCode":"88","detailCode":99001}`,
		`{"user":"alice","token":"my-fixed-token","type":"business"}`:                                            `{"user":"alice","token":"***","type":"business"}`,
		"apps: [{key: demo, clientSecret: sandbox-secret}]\ntokens: [{token: sandbox-biz-alice}]":                "apps: [{key: demo, clientSecret: ***}]\ntokens: [{token: ***}]",
		`{"paymentMethod":{"cardNumber":"9410000000000005"}}`:                                                    `{"paymentMethod":{"cardNumber":"************0005"}}`,
		`{"amount":1000,"cardNumber":"9410 0000 0000 0005"}`:                                                     `{"amount":1000,"cardNumber":"***************0005"}`,
		`{"cardNumber":"9410000000000005","verificationCode":"000000"}`:                                          `{"cardNumber":"************0005","verificationCode":"***"}`,
		`{"access_token":"abcdefgh`:                                                                              `{"access_token":"***`,
		// an admin key quoted in a body (a snapshot's delivery log), and one in a YAML block scalar
		`{"header":{"Authorization":"KakaoAK sandbox-admin-key","Content-Type":"x"}}`:      `{"header":{"Authorization":"KakaoAK ***","Content-Type":"x"}}`,
		"apps:\n  - key: a\n    adminKey: >-\n      z-secret-admin-key-789\n    name: A\n": "apps:\n  - key: a\n    adminKey: ***\n      ***\n    name: A\n",
		"apps:\n  - adminKey: |\n      line-one\n      line-two\n":                         "apps:\n  - adminKey: ***\n      ***\n",
	} {
		assert.Equal(t, want, redact(in), in)
	}
	assert.Equal(t, "***", redactField("client_secret", "s3cret"))
	assert.Equal(t, "88", redactField("bankCode", "88"))
	assert.Equal(t, "************0005", redactField("card_number", "9410000000000005"))
}

func r08AddMasksBodiesAndFields(t *testing.T) {
	j := New(10, true)
	j.Add(Entry{Path: "/oauth/token", Body: "client_secret=s3cret&code=c0de", Response: `{"access_token":"tok"}`,
		Fields: map[string]string{"token": "abc", "amount": "1000"}})
	got, _ := j.Find(Filter{}, 1)
	assert.Equal(t, "client_secret=***&code=***", got[0].Body)
	assert.Equal(t, `{"access_token":"***"}`, got[0].Response)
	assert.Equal(t, map[string]string{"token": "***", "amount": "1000"}, got[0].Fields)
}
