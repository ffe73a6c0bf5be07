package kakao

import "net/http"

// H03: a Kakao account disabled on Kakao's side (an account-disabled event)
// cannot sign in. Kakao documents no code for it; KOE026 ("account not
// eligible", docs/kakao-api.md §2.4) is the closest it publishes, so the
// code is Kakao's and its use here the sandbox's guess (docs/guesses.md).
var ErrKOE026AccountDisabled = authErr(http.StatusForbidden, "access_denied", "KOE026",
	"the Kakao account is disabled; it can sign in again once it is enabled (POST /_sandbox/users/{userId}/account-events with account-enabled)", SourceSandbox)

func eventsCatalogue() map[string]*Error {
	return map[string]*Error{"ErrKOE026AccountDisabled": ErrKOE026AccountDisabled}
}
