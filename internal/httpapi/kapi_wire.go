package httpapi

import "github.com/kakao-sandbox/kakao-sandbox/internal/auth"

// tokenInfoBody is kapi's token info (T04).
type tokenInfoBody struct {
	ID        uint64 `json:"id"` // the user
	ExpiresIn int64  `json:"expires_in"`
	AppID     uint64 `json:"app_id"`
}

func newTokenInfoBody(id auth.Identity) tokenInfoBody {
	return tokenInfoBody{ID: id.UserID, ExpiresIn: id.ExpiresIn(), AppID: id.AppID}
}
