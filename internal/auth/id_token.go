package auth

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// KakaoIssuer is Kakao's own issuer, for an ID token minted without a
// request to take the sandbox's URL from.
const KakaoIssuer = "https://kauth.kakao.com"

// idTokenFor is what an ID token takes beyond the grant.
type idTokenFor struct {
	Issuer string
	Nonce  string // as sent to authorize; "" on a refresh
	Now    time.Time
}

// idTokenClaims is Kakao's ID token payload: the standard claims and the
// profile claims the consent allows (nickname, picture, email).
type idTokenClaims struct {
	Iss      string `json:"iss"`
	Aud      string `json:"aud"`
	Sub      string `json:"sub"`
	Iat      int64  `json:"iat"`
	Exp      int64  `json:"exp"`
	AuthTime int64  `json:"auth_time"`
	Nonce    string `json:"nonce,omitempty"`
	Nickname string `json:"nickname,omitempty"`
	Picture  string `json:"picture,omitempty"`
	Email    string `json:"email,omitempty"`
}

// idToken signs an ID token for a Kakao Login of an app with OpenID Connect
// on and openid in the scope (T08), and answers "" otherwise. It lives as
// long as the access token issued with it, as Kakao's does.
func (s *Service) idToken(tx *store.Tx, app App, g grant, f idTokenFor) (string, error) {
	if g.Business || !app.OpenIDConnect || !slices.Contains(g.Scopes, "openid") {
		return "", nil
	}
	var u User
	if _, err := tx.Get(usersBucket, store.Key(g.UserID), &u); err != nil {
		return "", err
	}
	ks, err := keysIn(tx)
	if err != nil {
		return "", err
	}
	authTime := g.AuthTime
	if authTime.IsZero() {
		authTime = f.Now
	}
	c := idTokenClaims{Iss: f.Issuer, Aud: app.RestAPIKey, Sub: strconv.FormatUint(u.ID, 10),
		Iat: f.Now.Unix(), Exp: f.Now.Add(AccessLifetime).Unix(), AuthTime: authTime.Unix(), Nonce: f.Nonce}
	if c.Iss == "" {
		c.Iss = KakaoIssuer
	}
	seen := disclose(u, g.Scopes, f.Now)
	c.Nickname, c.Picture, c.Email = seen.Profile.Nickname, seen.Profile.ProfileImageURL, seen.Profile.Email
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: ks.Current}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}
