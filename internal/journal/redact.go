package journal

import (
	"regexp"
	"slices"
	"strings"
)

// Secrets never reach the journal in clear (rule R08): tokens, codes,
// client secrets and admin keys (a fixture's adminKey, H01) are masked, card
// numbers keep their last four digits. One pattern serves JSON,
// form-encoded and YAML bodies alike, and still masks a value cut short by
// truncation. A value may hold single spaces: a card number written in
// groups of four is masked whole (rule B10).
var secretField = regexp.MustCompile(`\b(access_token|refresh_token|id_token|client_secret|code_verifier|clientSecret|code|verificationCode|token|cardNumber|card_number|adminKey|admin_key)("?\s*[:=]\s*"?)([^"&,}\s]+(?: [^"&,}\s]+)*)`)

var (
	wholeSecretKey = regexp.MustCompile(`^(access_token|refresh_token|id_token|client_secret|code_verifier|clientSecret|code|verificationCode|token|cardNumber|card_number|adminKey|admin_key)$`)
	integer        = regexp.MustCompile(`^-?\d+$`)
)

// hints are in every secret key: a body with none of them has no secret,
// and skips the (much slower) pattern.
var hints = []string{"token", "ecret", "code", "card", "dminKey", "dmin_key"}

// redact masks every secret in a body.
func redact(body string) string {
	if !slices.ContainsFunc(hints, func(h string) bool { return strings.Contains(body, h) }) {
		return body
	}
	return secretField.ReplaceAllStringFunc(body, func(m string) string {
		p := secretField.FindStringSubmatch(m)
		return p[1] + p[2] + mask(p[1], p[3])
	})
}

// redactField masks a body field's value when its key names a secret.
func redactField(key, value string) string {
	if !wholeSecretKey.MatchString(key) {
		return value
	}
	return mask(key, value)
}

func mask(key, value string) string {
	switch {
	case strings.EqualFold(key, "code") && integer.MatchString(value):
		return value // Kakao's error codes (-401) are not secrets
	case strings.Contains(strings.ToLower(key), "card"):
		if len(value) > 4 {
			return strings.Repeat("*", len(value)-4) + value[len(value)-4:]
		}
	}
	return "***"
}
