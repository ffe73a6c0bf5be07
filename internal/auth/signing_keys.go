package auth

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"fmt"

	"github.com/go-jose/go-jose/v4"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// ID tokens are signed with an RSA key made once per data file, on its first
// need, and kept in the file, so tokens verify across restarts (T08). A reset
// keeps it too: relying parties cache the JWKS, and a reset is about data,
// not about the sandbox's identity. Rotation keeps the previous keys in the
// JWKS, so tokens signed before it still verify.
//
// The private key is stored in clear: unlike tokens and secrets (rule R08)
// it must be usable, and it signs only sandbox ID tokens.

// SigningKeysMeta names the keys in the data file's meta; the reset keeps it.
const SigningKeysMeta = "auth.oidcSigningKeys"

// keptPreviousKeys bounds the JWKS: the current key and two before it.
const keptPreviousKeys = 2

type signingKeys struct {
	Current  jose.JSONWebKey   `json:"current"`
	Previous []jose.JSONWebKey `json:"previous,omitempty"`
}

// PublicKey is a verification key of the JWKS.
type PublicKey struct {
	KeyID string
	Key   *rsa.PublicKey
}

func newSigningKey() (jose.JSONWebKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	jwk := jose.JSONWebKey{Key: k, Algorithm: string(jose.RS256), Use: "sig"}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	jwk.KeyID = hex.EncodeToString(tp[:15]) // 30 hex digits, as Kakao's kids look
	return jwk, nil
}

// keysIn reads the keys inside tx, making the first one if there is none.
func keysIn(tx *store.Tx) (signingKeys, error) {
	var ks signingKeys
	ok, err := tx.GetMeta(SigningKeysMeta, &ks)
	if err != nil || ok {
		return ks, err
	}
	if ks.Current, err = newSigningKey(); err != nil {
		return ks, err
	}
	return ks, tx.SetMeta(SigningKeysMeta, ks)
}

// VerificationKeys are the JWKS: the current key first, then the previous.
func (s *Service) VerificationKeys() ([]PublicKey, error) {
	var ks signingKeys
	var ok bool
	err := s.db.View(func(tx *store.Tx) (err error) {
		ok, err = tx.GetMeta(SigningKeysMeta, &ks)
		return err
	})
	if err == nil && !ok { // a data file's first look: make its key
		err = s.db.Update(func(tx *store.Tx) (err error) {
			ks, err = keysIn(tx)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	return publicKeys(ks)
}

// RotateSigningKey makes a new signing key; the current one stays in the
// JWKS for verification. It answers the new JWKS.
func (s *Service) RotateSigningKey() ([]PublicKey, error) {
	next, err := newSigningKey() // outside the transaction: it takes a while
	if err != nil {
		return nil, err
	}
	var ks signingKeys
	err = s.db.Update(func(tx *store.Tx) (err error) {
		if ks, err = keysIn(tx); err != nil {
			return err
		}
		ks.Previous = append([]jose.JSONWebKey{ks.Current}, ks.Previous...)
		ks.Previous = ks.Previous[:min(len(ks.Previous), keptPreviousKeys)]
		ks.Current = next
		return tx.SetMeta(SigningKeysMeta, ks)
	})
	if err != nil {
		return nil, err
	}
	return publicKeys(ks)
}

func publicKeys(ks signingKeys) ([]PublicKey, error) {
	out := make([]PublicKey, 0, 1+len(ks.Previous))
	for _, k := range append([]jose.JSONWebKey{ks.Current}, ks.Previous...) {
		priv, ok := k.Key.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("auth: signing key %s is not an RSA key", k.KeyID)
		}
		out = append(out, PublicKey{KeyID: k.KeyID, Key: &priv.PublicKey})
	}
	return out, nil
}
