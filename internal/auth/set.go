package auth

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/go-jose/go-jose/v4"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Security Event Tokens (RFC 8417) as Kakao's account-status webhook sends
// them (H03, docs/kakao-api.md §10.2): a compact JWS, RS256, signed with the
// key of the JWKS that signs ID tokens, header typ secevent+jwt and kid.

// SETType is the typ header of a Security Event Token.
const SETType = "secevent+jwt"

// AccountEvent is an account-status event by its short name: the last
// segment of its URI, which the sandbox's settings and triggers take.
type AccountEvent string

// The events the sandbox sends (a subset of §10.2's table).
const (
	EventAccountDisabled  AccountEvent = "account-disabled"
	EventAccountEnabled   AccountEvent = "account-enabled"
	EventTokensRevoked    AccountEvent = "tokens-revoked"
	EventSessionsRevoked  AccountEvent = "sessions-revoked"
	EventCredentialChange AccountEvent = "credential-change"
	EventProfileChanged   AccountEvent = "user-profile-changed"
	EventUserUnlinked     AccountEvent = "user-unlinked"
)

// triggered are the events the sandbox sends; webhook.EventURI knows
// every URI, for settings too.
var triggered = []AccountEvent{EventAccountDisabled, EventAccountEnabled, EventTokensRevoked,
	EventSessionsRevoked, EventCredentialChange, EventProfileChanged, EventUserUnlinked}

// URI is the event's URI in a SET's events claim.
func (e AccountEvent) URI() string {
	u, _ := webhook.EventURI(string(e))
	return u
}

// ParseAccountEvent takes a short name or a full URI of an event the
// sandbox sends.
func ParseAccountEvent(s string) (AccountEvent, bool) {
	for _, e := range triggered {
		if s == string(e) || s == e.URI() {
			return e, true
		}
	}
	return "", false
}

// SET is what one Security Event Token says.
type SET struct {
	Issuer string // the sandbox's kauth issuer, as ID tokens carry
	App    App    // aud is its REST API key
	UserID uint64
	Event  AccountEvent
	Reason string // user-unlinked's reason (the unlink's referrer type)
	// JTI is the token's id; "" makes a fresh one. A scenario sets it to
	// replay an earlier token's.
	JTI string
}

type setSubject struct {
	Sub         string `json:"sub"`
	SubjectType string `json:"subject_type"`
	Iss         string `json:"iss"`
}

type setEvent struct {
	Subject setSubject `json:"subject"`
	Reason  string     `json:"reason,omitempty"`
}

type setClaims struct {
	Iss    string              `json:"iss"`
	Aud    string              `json:"aud"`
	Sub    string              `json:"sub"`
	Iat    int64               `json:"iat"`
	Jti    string              `json:"jti"`
	Events map[string]setEvent `json:"events"`
}

// NewJTI is a fresh token id: 128 random bits in hex.
func NewJTI() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// SignSET signs the token with the current signing key, at the sandbox
// time of tx; it answers the compact JWS and its jti.
func SignSET(tx *store.Tx, s SET) (compact, jti string, err error) {
	ks, err := keysIn(tx)
	if err != nil {
		return "", "", err
	}
	payload, jti, err := setPayload(tx, s)
	if err != nil {
		return "", "", err
	}
	opts := (&jose.SignerOptions{}).WithType(SETType)
	opts = opts.WithHeader(jose.HeaderKey("kid"), ks.Current.KeyID)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: ks.Current}, opts)
	if err != nil {
		return "", "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", "", err
	}
	compact, err = jws.CompactSerialize()
	return compact, jti, err
}

// setPayload is the token's claims as JSON, and its jti.
func setPayload(tx *store.Tx, s SET) ([]byte, string, error) {
	iss := s.Issuer
	if iss == "" {
		iss = KakaoIssuer
	}
	jti := s.JTI
	if jti == "" {
		jti = NewJTI()
	}
	sub := strconv.FormatUint(s.UserID, 10)
	ev := setEvent{Subject: setSubject{Sub: sub, SubjectType: "iss-sub", Iss: iss}}
	if s.Event == EventUserUnlinked {
		ev.Reason = s.Reason
	}
	c := setClaims{Iss: iss, Aud: s.App.RestAPIKey, Sub: sub, Iat: tx.Now().Unix(), Jti: jti,
		Events: map[string]setEvent{s.Event.URI(): ev}}
	payload, err := json.Marshal(c)
	return payload, jti, err
}
