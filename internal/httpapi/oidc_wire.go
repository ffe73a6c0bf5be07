package httpapi

import (
	"encoding/base64"
	"math/big"
	"strconv"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
)

// discoveryBody is Kakao's /.well-known/openid-configuration, field for
// field, with the URLs pointing at the sandbox.
type discoveryBody struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	RequestURIParameterSupported      bool     `json:"request_uri_parameter_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
}

func newDiscoveryBody(issuer string) discoveryBody {
	userinfo := issuer + "/v1/oidc/userinfo"
	if issuer == auth.KakaoIssuer { // Kakao's user info is on kapi, not kauth
		userinfo = "https://kapi.kakao.com/v1/oidc/userinfo"
	}
	return discoveryBody{
		Issuer: issuer, AuthorizationEndpoint: issuer + "/oauth/authorize", TokenEndpoint: issuer + "/oauth/token",
		UserinfoEndpoint: userinfo, JWKSURI: issuer + "/.well-known/jwks.json",
		TokenEndpointAuthMethodsSupported: []string{"client_secret_post"}, SubjectTypesSupported: []string{"public"},
		IDTokenSigningAlgValuesSupported: []string{"RS256"}, ResponseTypesSupported: []string{"code"},
		ResponseModesSupported: []string{"query"}, GrantTypesSupported: []string{"authorization_code", "refresh_token"},
		CodeChallengeMethodsSupported: []string{auth.PKCEMethod},
		ClaimsSupported:               []string{"iss", "aud", "sub", "auth_time", "exp", "iat", "nonce", "nickname", "picture", "email"},
	}
}

// jwksBody is the JWKS: RSA public keys, as Kakao's.
type jwksBody struct {
	Keys []jwkBody `json:"keys"`
}

type jwkBody struct {
	Kid string `json:"kid"`
	Kty string `json:"kty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func newJWKSBody(keys []auth.PublicKey) jwksBody {
	return jwksBody{Keys: mapSlice(keys, func(k auth.PublicKey) jwkBody {
		return jwkBody{Kid: k.KeyID, Kty: "RSA", Alg: "RS256", Use: "sig",
			N: base64.RawURLEncoding.EncodeToString(k.Key.N.Bytes()),
			E: base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.Key.E)).Bytes())}
	})}
}

// oidcUserInfoBody is /v1/oidc/userinfo: OpenID Connect's standard claims,
// each present only with its consent item and a value.
type oidcUserInfoBody struct {
	Sub                 string `json:"sub"`
	Name                string `json:"name,omitempty"`
	Nickname            string `json:"nickname,omitempty"`
	Picture             string `json:"picture,omitempty"`
	Email               string `json:"email,omitempty"`
	EmailVerified       *bool  `json:"email_verified,omitempty"`
	Gender              string `json:"gender,omitempty"`
	Birthdate           string `json:"birthdate,omitempty"`
	PhoneNumber         string `json:"phone_number,omitempty"`
	PhoneNumberVerified *bool  `json:"phone_number_verified,omitempty"`
}

func newOIDCUserInfoBody(info auth.UserInfo) oidcUserInfoBody {
	p, verified := info.Profile, true
	b := oidcUserInfoBody{Sub: strconv.FormatUint(info.ID, 10), Name: info.Name, Nickname: p.Nickname,
		Picture: p.ProfileImageURL, Gender: p.Gender}
	if p.Email != "" {
		b.Email, b.EmailVerified = p.Email, &verified
	}
	if p.PhoneNumber != "" {
		b.PhoneNumber, b.PhoneNumberVerified = p.PhoneNumber, &verified
	}
	b.Birthdate = birthdate(p)
	return b
}

// birthdate is OpenID Connect's YYYY-MM-DD, with 0000 for an unknown year
// and the year alone without the day.
func birthdate(p auth.Profile) string {
	y := "0000"
	if p.Birthyear != "" {
		y = p.Birthyear
	}
	if len(p.Birthday) != 4 {
		if y == "0000" {
			return ""
		}
		return y
	}
	return y + "-" + p.Birthday[:2] + "-" + p.Birthday[2:]
}
