package callbacks

import (
	"encoding/base64"
	"maps"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// WrongAdminKey is what the wrong-admin-key scenario sends instead of the
// app's key.
const WrongAdminKey = "sandbox-wrong-admin-key"

// Faulty is r as a webhook scenario sends it: with a wrong admin key, and
// followed by its duplicates. The SET faults are signedSETs'.
func Faulty(r webhook.Request, fault *scenarios.Webhook) []webhook.Request {
	if fault == nil {
		return []webhook.Request{r}
	}
	out := []webhook.Request{wrongKey(r, fault)}
	for range fault.Duplicates {
		out = append(out, r)
	}
	return out
}

// wrongKey is r with the wrong-admin-key scenario's key when fault is it.
func wrongKey(r webhook.Request, fault *scenarios.Webhook) webhook.Request {
	if fault != nil && fault.Corrupt == scenarios.CorruptWrongAdminKey {
		r.Header = maps.Clone(r.Header)
		r.Header["Authorization"] = "KakaoAK " + WrongAdminKey
	}
	return r
}

// signedSETs are the bodies one SET is sent as: itself, or as a webhook
// scenario corrupts or repeats it.
func signedSETs(tx *store.Tx, set auth.SET, fault *scenarios.Webhook) ([]string, error) {
	compact, jti, err := auth.SignSET(tx, set)
	if err != nil {
		return nil, err
	}
	bodies := []string{compact}
	if fault == nil {
		return bodies, nil
	}
	switch fault.Corrupt {
	case scenarios.CorruptUnsigned:
		bodies[0] = unsigned(compact)
	case scenarios.CorruptBadSignature:
		bodies[0] = badSignature(compact)
	case scenarios.CorruptMalformed:
		bodies[0] = compact[:len(compact)/2]
	case scenarios.CorruptReplayedJTI:
		set.JTI = jti
		again, _, err := auth.SignSET(tx, set)
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, again)
	}
	for range fault.Duplicates {
		bodies = append(bodies, bodies[0])
	}
	return bodies, nil
}

// unsigned is the token with alg none and an empty signature (RFC 7519 §6).
func unsigned(compact string) string {
	parts := strings.SplitN(compact, ".", 3)
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"secevent+jwt"}`))
	return header + "." + parts[1] + "."
}

// badSignature flips bits of the signature: the token parses, and fails
// verification against every key.
func badSignature(compact string) string {
	parts := strings.SplitN(compact, ".", 3)
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) == 0 {
		return compact + "x"
	}
	for i := range sig {
		sig[i] ^= 0x5a
	}
	return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
}
