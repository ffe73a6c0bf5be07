package interop_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRules holds the rule tests that need a relying party's library: the
// ID token of rule T08 verified with coreos/go-oidc, through discovery and
// the JWKS, as an app would. The rest of T08 is in the sandbox package.
func TestRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("T11_passport_kakao_default_flow_signs_in", t11PassportKakao)
	t.Run("T12_authjs_kakao_provider_signs_in_with_empty_scope", t12AuthJS)
	rulesWebhookReceiver(t) // webhook_receiver_test.go: H03, H04

	t.Run("T08_id_token_claims_and_signature", func(t *testing.T) {
		t.Parallel()
		sb, ada := oidcSandbox(t)
		code := oidcCode(t, sb, "openid,profile_nickname,profile_image", "nonce", "n-42")
		r := oidcExchange(sb, code)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		body := r.JSON(t)
		assert.Equal(t, "openid profile_nickname profile_image", body["scope"])
		idToken := body["id_token"].(string)
		assert.Contains(t, jwtPart(t, idToken, 0), `"alg":"RS256"`)
		assert.Contains(t, jwtPart(t, idToken, 0), `"kid":"`)

		now := sandboxTime(t, sb)
		tok, err := verifierAt(t, sb, func() time.Time { return now }).Verify(ctx, idToken)
		require.NoError(t, err, "verified with the JWKS that discovery names")
		var claims map[string]any
		require.NoError(t, tok.Claims(&claims))
		assert.Equal(t, sb.URL, claims["iss"], "the issuer is the sandbox as the client reached it")
		assert.Equal(t, oidcKey, claims["aud"])
		assert.Equal(t, fmt.Sprint(ada), claims["sub"])
		assert.Equal(t, "n-42", claims["nonce"])
		assert.EqualValues(t, now.Unix(), claims["iat"])
		assert.EqualValues(t, now.Unix(), claims["auth_time"])
		assert.EqualValues(t, now.Add(21599*time.Second).Unix(), claims["exp"], "as long as the access token")
		assert.Equal(t, "에이다", claims["nickname"])
		assert.Equal(t, "https://img.example/ada.png", claims["picture"])
		assert.NotContains(t, claims, "email", "no account_email consent")

		sb.Advance("1h")
		refreshed := refreshOf(t, sb, body["refresh_token"].(string))
		var again map[string]any
		require.NoError(t, json.Unmarshal([]byte(jwtPart(t, refreshed["id_token"].(string), 1)), &again))
		assert.Equal(t, claims["sub"], again["sub"])
		assert.Equal(t, claims["auth_time"], again["auth_time"], "the sign-in time survives a refresh")
		assert.NotContains(t, again, "nonce", "a refresh has no authorize request to take a nonce from")
	})

	t.Run("T08_wrong_nonce_is_the_clients_to_see", func(t *testing.T) {
		t.Parallel()
		sb, _ := oidcSandbox(t)
		r := oidcExchange(sb, oidcCode(t, sb, "openid", "nonce", "sent-nonce"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		now := sandboxTime(t, sb)
		tok, err := verifierAt(t, sb, func() time.Time { return now }).Verify(ctx, r.JSON(t)["id_token"].(string))
		require.NoError(t, err)
		assert.Equal(t, "sent-nonce", tok.Nonce)
		assert.NotEqual(t, "another-nonce", tok.Nonce, "a replayed token carries another login's nonce")
	})

	t.Run("T08_key_survives_restart_and_reset", func(t *testing.T) {
		t.Parallel()
		sb, _ := oidcSandbox(t)
		r := oidcExchange(sb, oidcCode(t, sb, "openid"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		idToken, issuer := r.JSON(t)["id_token"].(string), sb.URL
		jwks := string(sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Body)
		now := sandboxTime(t, sb)

		sb.Restart()
		assert.JSONEq(t, jwks, string(sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Body), "the key is kept in the data file")
		_, err := verifierFor(sb, issuer, now).Verify(ctx, idToken)
		assert.NoError(t, err, "a token from before the restart verifies")

		require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/reset", Body: map[string]any{"fixtures": "empty"}}).Status)
		assert.JSONEq(t, jwks, string(sb.Do(req{Method: "GET", Path: "/.well-known/jwks.json"}).Body), "a reset keeps the key too")
	})

	t.Run("T08_rotation_keeps_old_tokens_verifiable", func(t *testing.T) {
		t.Parallel()
		sb, _ := oidcSandbox(t)
		old := oidcExchange(sb, oidcCode(t, sb, "openid")).JSON(t)["id_token"].(string)
		oldKid := kidOf(t, old)
		now := sandboxTime(t, sb)
		v := verifierAt(t, sb, func() time.Time { return now })
		_, err := v.Verify(ctx, old)
		require.NoError(t, err)

		r := sb.Do(req{Method: "POST", Path: "/_sandbox/oidc/rotate-key"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var set struct {
			Keys []struct{ Kid string } `json:"keys"`
		}
		r.Decode(t, &set)
		require.Len(t, set.Keys, 2)
		assert.Equal(t, oldKid, set.Keys[1].Kid, "the previous key stays, for verification")

		fresh := oidcExchange(sb, oidcCode(t, sb, "openid")).JSON(t)["id_token"].(string)
		assert.Equal(t, set.Keys[0].Kid, kidOf(t, fresh), "new tokens are signed with the new key")
		for _, tok := range []string{old, fresh} {
			_, err := v.Verify(ctx, tok)
			assert.NoError(t, err, "the same verifier, through the JWKS, takes both")
		}
		for range 2 {
			require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/oidc/rotate-key"}).Status)
		}
		_, err = verifierAt(t, sb, func() time.Time { return now }).Verify(ctx, old)
		assert.Error(t, err, "three rotations later the first key is gone: the JWKS keeps two previous keys")
	})
	t.Run("R12_a_real_browser_page_cannot_drive_the_control_plane", r12RealBrowser)
}
