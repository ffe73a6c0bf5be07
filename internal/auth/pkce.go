package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// PKCE (RFC 7636). Kakao's discovery document lists S256 as the only
// code_challenge_method, so plain is refused at authorize, and a challenge
// without a method (plain, by the RFC's default) is too.

// PKCEMethod is the one code_challenge_method Kakao supports.
const PKCEMethod = "S256"

// pkce is the challenge an authorization code was issued with.
type pkce struct {
	Challenge string `json:"codeChallenge,omitempty"`
}

// checkChallenge applies the authorize side: a challenge needs method S256
// and the form an S256 challenge has (43 characters of base64url).
func checkChallenge(challenge, method string) error {
	if challenge == "" && method == "" {
		return nil
	}
	if challenge == "" {
		return kakao.AuthInvalid("code_challenge_method %q was sent without code_challenge", method)
	}
	if method != PKCEMethod {
		return kakao.AuthInvalid("code_challenge_method %q is not supported: send code_challenge_method=S256 (Kakao supports only S256)", method)
	}
	if b, err := base64.RawURLEncoding.DecodeString(challenge); err != nil || len(b) != sha256.Size {
		return kakao.AuthInvalid("code_challenge is not an S256 challenge: BASE64URL(SHA256(code_verifier)) without padding, 43 characters")
	}
	return nil
}

// verify applies the token side (T09): a code issued with a challenge needs
// the verifier that hashes to it; a code issued without one takes no
// verifier at all, so a verifier cannot pretend to match (a PKCE downgrade).
func (p pkce) verify(verifier string) error {
	switch {
	case p.Challenge == "" && verifier != "":
		return kakao.ErrKOE320PKCE.With("code_verifier was sent, but the authorization code was issued without code_challenge")
	case p.Challenge == "":
		return nil
	case verifier == "":
		return kakao.ErrKOE320PKCE.With("the authorization code was issued with code_challenge: send its code_verifier")
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(p.Challenge)) != 1 {
		return kakao.ErrKOE320PKCE
	}
	return nil
}
