package sandbox_test

import "github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"

// The ads operations' examples name the demo's campaign 20001, ad group
// 30001 and creative 40001 (docs/test-data.md "Ads"), so they need nothing
// made beyond the demo but this token for the deletes.

// exampleDeleteToken is alice's with moment_delete, which the demo's
// business tokens lack on purpose (M02: a delete needs the consent item
// asked for); the demo app may ask for it, so the walks mint it.
var exampleDeleteToken = sandboxtest.TokenParams{Token: "example-biz-alice-delete", User: "alice", App: "demo", Type: "business",
	Scopes: []string{"moment_management", "moment_delete"}}

func init() {
	for _, op := range []string{"deleteCampaign", "deleteAdGroup", "deleteCreative"} {
		tokenFor[op] = exampleDeleteToken
	}
}
