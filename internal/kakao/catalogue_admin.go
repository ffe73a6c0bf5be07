package kakao

import "net/http"

// Admin-key calls (docs/kakao-api.md §10.4). Kakao documents -401 for "an
// invalid app key or access token" and -101 for "user not linked to the
// app" (ErrUserNotLinked); the messages are the sandbox's. A key of the wrong kind (an admin
// key where a user's token belongs, or a token where the admin key does) is
// refused with -401 too: to the call it is an invalid key or token, and
// Kakao's other candidate, -3, says a feature is off for the app.
var (
	ErrAdminKeyNotFound = kakaoErr(http.StatusUnauthorized, -401, "this admin key does not exist: send Authorization: KakaoAK <the app's admin key>").
				WithHeader("WWW-Authenticate", "KakaoAK")
	ErrAdminKeyRequired = kakaoErr(http.StatusUnauthorized, -401, "this call takes the app's admin key, not a user's token: send Authorization: KakaoAK <admin key>").
				WithHeader("WWW-Authenticate", "KakaoAK")
	ErrAdminKeyRefused = kakaoErr(http.StatusUnauthorized, -401, "this call takes a user's access token, not the app's admin key: send Authorization: Bearer <access token>").
				WithHeader("WWW-Authenticate", "Bearer error=invalid_token")
)

func adminCatalogue() map[string]*Error {
	return map[string]*Error{
		"ErrAdminKeyNotFound": ErrAdminKeyNotFound, "ErrAdminKeyRequired": ErrAdminKeyRequired,
		"ErrAdminKeyRefused": ErrAdminKeyRefused,
	}
}
