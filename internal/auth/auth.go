// Package auth owns users, apps and tokens: who is calling, through which app,
// with which consent items, until when. Tokens are stored only as hashes.
//
// It uses store, clock and kakao; it must not import Gin, kin-openapi or httpapi.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

const (
	usersBucket  = "auth.users"
	appsBucket   = "auth.apps"
	tokensBucket = "auth.tokens"
)

// User is a Kakao account.
type User struct {
	ID               uint64  `json:"id"`
	Key              string  `json:"key,omitempty"`
	Name             string  `json:"name"`
	IdentityVerified bool    `json:"identityVerified"`
	PhoneVerified    bool    `json:"phoneVerified"`
	Profile          Profile `json:"profile"`
}

// Profile is what Kakao Login's user info and ID token can tell an app about
// a user, each field gated by a consent item (profile_nickname,
// profile_image, account_email, phone_number, birthday, gender, age_range).
type Profile struct {
	Nickname        string `json:"nickname,omitempty" yaml:"nickname"`
	ProfileImageURL string `json:"profileImageUrl,omitempty" yaml:"profileImageUrl"`
	Email           string `json:"email,omitempty" yaml:"email"`
	PhoneNumber     string `json:"phoneNumber,omitempty" yaml:"phoneNumber"` // Kakao's form: "+82 10-1234-5678"
	Birthyear       string `json:"birthyear,omitempty" yaml:"birthyear"`     // YYYY
	Birthday        string `json:"birthday,omitempty" yaml:"birthday"`       // MMDD
	Gender          string `json:"gender,omitempty" yaml:"gender"`           // female | male
	AgeRange        string `json:"ageRange,omitempty" yaml:"ageRange"`       // "20~29"
}

// EntityRef gives Save the user's key and id.
func (u *User) EntityRef() (string, *uint64) { return u.Key, &u.ID }

// App is a Kakao Developers app.
type App struct {
	ID         uint64 `json:"id"`
	Key        string `json:"key,omitempty"`
	Name       string `json:"name"`
	RestAPIKey string `json:"restApiKey"`
	// SecretHash is the SHA-256 of the client secret (rule R08); "" when
	// the app has none and the token endpoint asks for none.
	SecretHash   string   `json:"clientSecretHash,omitempty"`
	RedirectURIs []string `json:"redirectUris,omitempty"`
	BizApp       bool     `json:"bizApp"`
	ConsentItems []string `json:"consentItems,omitempty"`
	// OpenIDConnect is the app's "OpenID Connect 활성화" switch: with it on,
	// a Kakao Login with openid in its scope gets an ID token (T08).
	OpenIDConnect bool `json:"openIdConnect,omitempty"`
	// AdminKey is the app's primary admin key (대표 어드민 키, docs/kakao-api.md
	// §10.4), "" when the app has none. Unlike the client secret and tokens
	// (rule R08) it is kept in clear, like the signing keys: the sandbox must
	// send it back in every webhook's Authorization header (§10.1, §10.3),
	// and a hash cannot be sent.
	AdminKey string `json:"adminKey,omitempty"`
	// Channels are the public ids of the Kakao Talk Channels connected to the
	// app: the channel webhook covers only those (§10.3).
	Channels []string `json:"channels,omitempty"`
	// Webhooks are the app's webhook settings (§10.1–§10.3).
	Webhooks webhook.Settings `json:"webhooks,omitzero"`
}

// EntityRef gives Save the app's key and id.
func (a *App) EntityRef() (string, *uint64) { return a.Key, &a.ID }

// TokenType separates business tokens (Moment) from Kakao Login tokens.
type TokenType string

const (
	Business TokenType = "business"
	Login    TokenType = "login"
)

// Token is an access token, stored under the SHA-256 of its text.
type Token struct {
	Type        TokenType `json:"type"`
	UserID      uint64    `json:"userId"`
	AppID       uint64    `json:"appId"`
	Scopes      []string  `json:"scopes,omitempty"`
	ResourceIDs []string  `json:"resourceIds,omitempty"` // moment:<adAccountId> or moment:*
	IssuedAt    time.Time `json:"issuedAt"`
	ExpiresAt   time.Time `json:"expiresAt,omitzero"` // zero: never
	Session     string    `json:"session,omitempty"`  // the sign-in it came from (grant.Session); none for a fixture's
}

// Expired reports whether the token is past its lifetime at now.
func (t Token) Expired(now time.Time) bool { return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt) }

// Identity is who a request acts as, as of the time it was authenticated.
type Identity struct {
	Token
	User User
	At   time.Time // the sandbox time of authentication
	key  []byte    // the token's key in the store; nil for an admin key's target
}

// ExpiresIn is how many seconds the token has left (T04); a token that never
// expires reports ten years, as Kakao's long-lived tokens do.
func (id Identity) ExpiresIn() int64 {
	if id.ExpiresAt.IsZero() {
		return NeverExpiresReportedAs
	}
	return int64(id.ExpiresAt.Sub(id.At).Seconds())
}

// CheckSecret checks a client secret against the app's (KOE010), in
// constant time.
func (a App) CheckSecret(secret string) error {
	if a.SecretHash != "" && subtle.ConstantTimeCompare(hashToken(secret), []byte(a.SecretHash)) != 1 {
		return kakao.ErrKOE010ClientSecret
	}
	return nil
}

// Any is an operation's token type when any token will do.
const Any TokenType = "any"

// Require checks that the token is of the type an operation needs (T03):
// Moment takes business tokens, Kakao Login's user APIs login tokens.
func (id Identity) Require(t TokenType) error {
	if t == Business && id.Type != Business {
		return kakao.ErrNotBizToken
	}
	if t == Login && id.Type != Login {
		return kakao.ErrNotLoginToken
	}
	return nil
}

func hashToken(text string) []byte {
	sum := sha256.Sum256([]byte(text))
	return []byte(hex.EncodeToString(sum[:]))
}

func newTokenText() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// Service answers questions about tokens against the store.
type Service struct {
	db              *store.DB
	codeExpiry      clock.Kind[codeHash]
	maxPendingCodes int
}

// NewService makes the auth service and registers its clock effects.
func NewService(db *store.DB, c *clock.Clock) *Service {
	s := &Service{db: db, maxPendingCodes: MaxPendingCodes}
	s.registerCodeExpiry(c)
	return s
}

// Authenticate finds the identity behind a bearer token's text (T02).
func (s *Service) Authenticate(text string) (Identity, error) {
	var id Identity
	id.key = hashToken(text)
	err := s.db.View(func(tx *store.Tx) error {
		ok, err := tx.Get(tokensBucket, id.key, &id.Token)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrTokenNotFound
		}
		id.At = tx.Now()
		if id.Expired(id.At) {
			return kakao.ErrTokenExpired
		}
		ok, err = tx.Get(usersBucket, store.Key(id.UserID), &id.User)
		if err != nil {
			return err
		}
		if !ok { // the user was replaced away; the token no longer names anyone
			return kakao.ErrTokenNotFound
		}
		return nil
	})
	return id, err
}

// MintToken creates a token on its own, for the control plane.
func (s *Service) MintToken(p MintParams) (Issued, error) {
	var out Issued
	err := s.db.Update(func(tx *store.Tx) (err error) {
		out, err = Mint(tx, p)
		return err
	})
	return out, err
}

// RequireConsent checks the token holds every consent item an API needs (T05).
func (id Identity) RequireConsent(items []string) error {
	var missing []string
	for _, item := range items {
		if !slices.Contains(id.Scopes, item) {
			missing = append(missing, item)
		}
	}
	if len(missing) > 0 {
		return kakao.MissingScopes(missing)
	}
	return nil
}
