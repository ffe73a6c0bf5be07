package auth

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Authorization codes are single-use and live CodeLifetime of sandbox time.
// An unused one is deleted by a clock effect when it expires, and no more
// than MaxPendingCodes wait at once, so authorize calls cannot grow the data
// file without bound (rule R04).

// MaxPendingCodes caps the codes issued and not yet exchanged or expired.
const MaxPendingCodes = 10_000

const (
	codesBucket     = "auth.codes"
	pendingCodesKey = "auth.pendingCodes"
)

// grant is what a user consented to: it goes from the authorization code
// to the tokens issued for it, and on to their refresh token.
type grant struct {
	Business    bool     `json:"business"`
	AppID       uint64   `json:"appId"`
	UserID      uint64   `json:"userId"`
	Scopes      []string `json:"scopes,omitempty"`
	ResourceIDs []string `json:"resourceIds,omitempty"`
	// AuthTime is when the user signed in and consented: the ID token's
	// auth_time, kept through refreshes.
	AuthTime time.Time `json:"authTime,omitzero"`
	// Session names the sign-in: every access and refresh token issued from
	// one authorization code, through refreshes, carries it, so a logout
	// with one of them ends that sign-in only.
	Session string `json:"session,omitempty"`
}

// code is an authorization code, stored under its hash until used.
type code struct {
	grant
	pkce
	RedirectURI string    `json:"redirectUri"`
	Nonce       string    `json:"nonce,omitempty"` // for the ID token (T08)
	ExpiresAt   time.Time `json:"expiresAt"`
}

// codeHash names a code in the store and in its expiry effect.
type codeHash struct {
	Hash string `json:"h"`
}

func (h codeHash) String() string { return "code " + h.Hash[:8] }

func (s *Service) registerCodeExpiry(c *clock.Clock) {
	s.codeExpiry = clock.Register(c, "auth.codeExpiry", codeHash.String, func(tx *store.Tx, h codeHash) (string, error) {
		return "", dropCode(tx, []byte(h.Hash)) // silent: an unused code is no news
	})
}

// putCode stores a new code and queues its expiry.
func (s *Service) putCode(tx *store.Tx, text string, c code) error {
	var pending int
	if _, err := tx.GetMeta(pendingCodesKey, &pending); err != nil {
		return err
	}
	if pending >= s.maxPendingCodes {
		return kakao.ErrTooManyCodes
	}
	hash := hashToken(text)
	if err := tx.Put(codesBucket, hash, c); err != nil {
		return err
	}
	if err := tx.SetMeta(pendingCodesKey, pending+1); err != nil {
		return err
	}
	return s.codeExpiry.Schedule(tx, c.ExpiresAt, codeHash{string(hash)})
}

// dropCode deletes a code, used or expired, if it is still there.
func dropCode(tx *store.Tx, hash []byte) error {
	if !tx.Has(codesBucket, hash) {
		return nil
	}
	var pending int
	if _, err := tx.GetMeta(pendingCodesKey, &pending); err != nil {
		return err
	}
	if err := tx.Delete(codesBucket, hash); err != nil {
		return err
	}
	return tx.SetMeta(pendingCodesKey, max(pending-1, 0))
}
