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
const secretKeys = `access_token|refresh_token|id_token|client_secret|code_verifier|clientSecret|code|verificationCode|token|cardNumber|card_number|adminKey|admin_key`

var (
	secretField = regexp.MustCompile(`\b(` + secretKeys + `)("?\s*[:=]\s*"?)([^"&,}\s]+(?: [^"&,}\s]+)*)`)
	// secretBlock heads a YAML block scalar (adminKey: >-, the key on the
	// lines below it): maskBlocks masks those lines.
	secretBlock = regexp.MustCompile(`\b(` + secretKeys + `)[ \t]*:[ \t]*[|>][-+0-9]*[ \t]*\n`)
	// adminKeyHeader is an Authorization header's admin key quoted in a body
	// (a snapshot's delivery log, a webhook request as sent).
	adminKeyHeader = regexp.MustCompile(`(KakaoAK[ \t]+)[^"\s&,}\\]+`)
	wholeSecretKey = regexp.MustCompile(`^(` + secretKeys + `)$`)
	integer        = regexp.MustCompile(`^-?\d+$`)
)

// hints are in every secret key: a body with none of them has no secret,
// and skips the (much slower) patterns.
var hints = []string{"token", "ecret", "code", "card", "dminKey", "dmin_key", "KakaoAK"}

// redact masks every secret in a body.
func redact(body string) string {
	if !slices.ContainsFunc(hints, func(h string) bool { return strings.Contains(body, h) }) {
		return body
	}
	body = maskBlocks(body)
	body = adminKeyHeader.ReplaceAllString(body, "${1}***")
	return secretField.ReplaceAllStringFunc(body, func(m string) string {
		p := secretField.FindStringSubmatch(m)
		return p[1] + p[2] + mask(p[1], p[3])
	})
}

// maskBlocks masks the lines of each YAML block scalar under a secret key:
// those indented deeper than the key itself.
func maskBlocks(body string) string {
	var b strings.Builder
	last := 0
	for _, m := range secretBlock.FindAllStringIndex(body, -1) {
		if m[0] < last {
			continue
		}
		col := m[0] - strings.LastIndexByte(body[:m[0]], '\n') - 1
		end := m[1]
		for end < len(body) {
			line, _, _ := strings.Cut(body[end:], "\n")
			if indent := len(line) - len(strings.TrimLeft(line, " \t")); indent <= col || strings.TrimSpace(line) == "" {
				break
			}
			end += len(line) + 1
		}
		if end == m[1] {
			continue
		}
		b.WriteString(body[last:m[1]])
		b.WriteString(strings.Repeat(" ", col+2) + "***")
		if end <= len(body) && body[min(end, len(body))-1] == '\n' {
			b.WriteString("\n")
		}
		last = min(end, len(body))
	}
	return b.String() + body[last:]
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
