package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// handleUserMe handles GET and POST /v2/user/me (T07): its parameters come
// in the query, or in a POST's form.
func (s *Server) handleUserMe(c *gin.Context) (int, any, error) {
	params, err := callParams(c)
	if err != nil {
		return 0, nil, err
	}
	keys, err := parsePropertyKeys(params.Get("property_keys"))
	if err != nil {
		return 0, nil, err
	}
	id, err := s.caller(c, params)
	if err != nil {
		return 0, nil, err
	}
	info, err := s.Auth.UserInfo(id, params.Get("secure_resource") == "true")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newUserMeBody(info, keys), nil
}

// callParams are a call's parameters: the query, and a POST's form on top.
func callParams(c *gin.Context) (url.Values, error) {
	params := c.Request.URL.Query()
	if c.Request.Method == http.MethodPost && len(callOf(c).body) > 0 {
		form, err := url.ParseQuery(string(callOf(c).body))
		if err != nil {
			return nil, kakao.Invalid("body", "the form cannot be parsed: %v", err)
		}
		for k, vs := range form {
			params[k] = vs
		}
	}
	return params, nil
}

// propertyKeys are the keys property_keys may name; id and connected_at
// always come, so naming them changes nothing.
var propertyKeys = []string{
	"id", "connected_at",
	"properties.nickname", "properties.profile_image", "properties.thumbnail_image",
	"kakao_account.profile", "kakao_account.email", "kakao_account.phone_number", "kakao_account.birthyear",
	"kakao_account.birthday", "kakao_account.gender", "kakao_account.age_range",
}

// parsePropertyKeys reads property_keys, a JSON array of keys (Kakao's
// form); nil when absent, which answers every key.
func parsePropertyKeys(raw string) (map[string]bool, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return nil, kakao.Invalid("property_keys", `must be a JSON array of keys as text, e.g. ["kakao_account.email"]`)
	}
	keys := map[string]bool{}
	for _, k := range list {
		if !slices.Contains(propertyKeys, k) {
			return nil, kakao.ErrPropertyKey.With("property_keys: %q is not a key of the user info; the sandbox knows %s", k, strings.Join(propertyKeys, ", "))
		}
		keys[k] = true
	}
	return keys, nil
}

// handleLogout handles POST /v1/user/logout: with a token, the token's
// user; with the admin key, target_id's, on every device (H01).
func (s *Server) handleLogout(c *gin.Context) (int, any, error) {
	if app := callOf(c).admin; app != nil {
		user, err := adminTargetID(c)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, userIDBody{ID: user}, s.Auth.AdminLogout(*app, user)
	}
	id := identity(c)
	return http.StatusOK, userIDBody{ID: id.UserID}, s.Auth.Logout(id)
}

// handleUnlink handles POST /v1/user/unlink, like handleLogout.
func (s *Server) handleUnlink(c *gin.Context) (int, any, error) {
	if app := callOf(c).admin; app != nil {
		user, err := adminTargetID(c)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, userIDBody{ID: user}, s.Auth.AdminUnlink(*app, user)
	}
	id := identity(c)
	return http.StatusOK, userIDBody{ID: id.UserID}, s.Auth.Unlink(id)
}
