package kakao

import "net/http"

// -101: the user is not linked to the app (docs/kakao-api.md §10.4), for an
// unlink Kakao's side makes of a user who is not connected.
var ErrUserNotLinked = kakaoErr(http.StatusBadRequest, -101, "the user is not linked to the app")

func webhooksCatalogue() map[string]*Error {
	return map[string]*Error{"ErrUserNotLinked": ErrUserNotLinked}
}
