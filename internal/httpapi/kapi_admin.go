package httpapi

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Admin-key calls (docs/kakao-api.md §10.4, rule H01): the pipeline has
// resolved Authorization: KakaoAK to callOf(c).admin; these read the user
// the call names.

// caller is who a user call acts on: the token's user, or, with the admin
// key, the user target_id names, with their connection's consent items.
func (s *Server) caller(c *gin.Context, params url.Values) (auth.Identity, error) {
	cl := callOf(c)
	if cl.admin == nil {
		return identity(c), nil
	}
	user, err := targetID(params)
	if err != nil {
		return auth.Identity{}, err
	}
	cl.target = user
	return s.Auth.AdminTarget(*cl.admin, user)
}

// adminTargetID reads target_id_type and target_id from the call.
func adminTargetID(c *gin.Context) (uint64, error) {
	params, err := callParams(c)
	if err != nil {
		return 0, err
	}
	user, err := targetID(params)
	callOf(c).target = user
	return user, err
}

// targetID reads target_id_type (only user_id, Kakao's fixed value) and
// target_id, a user id.
func targetID(params url.Values) (uint64, error) {
	if t := params.Get("target_id_type"); t != "user_id" {
		return 0, kakao.Invalid("target_id_type", "must be user_id with the admin key, not %q", t)
	}
	raw := params.Get("target_id")
	id, err := strconv.ParseUint(raw, 10, 64)
	if err != nil || id == 0 {
		return 0, kakao.Invalid("target_id", "must be the user's id (회원번호), a positive whole number, not %q", raw)
	}
	return id, nil
}

// userIDsBody answers GET /v1/user/ids.
type userIDsBody struct {
	Elements  []uint64 `json:"elements"`
	BeforeURL *string  `json:"before_url"`
	AfterURL  *string  `json:"after_url"`
}

// handleUserIDs handles GET /v1/user/ids: the ids of the users connected to
// the admin key's app, a page at a time.
func (s *Server) handleUserIDs(c *gin.Context) (int, any, error) {
	// The document has checked them: limit 1–100, from_id ≥ 1, order asc or desc.
	limit := queryInt(c, "limit", 100)
	from, _ := strconv.ParseUint(c.Query("from_id"), 10, 64)
	order, back := "asc", "desc"
	if c.Query("order") == "desc" {
		order, back = back, order
	}
	page, err := s.Auth.UserIDs(*callOf(c).admin, from, order == "desc", limit)
	if err != nil {
		return 0, nil, err
	}
	// The pages around this one, as URLs on the host the call came to: the
	// one before is read in the other order, so that it ends next to this one.
	link := func(from uint64, order string) *string {
		if from == 0 {
			return nil
		}
		v := url.Values{"limit": {strconv.Itoa(limit)}, "order": {order}, "from_id": {strconv.FormatUint(from, 10)}}
		u := requestOrigin(c) + c.Request.URL.Path + "?" + v.Encode()
		return &u
	}
	return http.StatusOK, userIDsBody{Elements: nonNil(page.IDs), BeforeURL: link(page.Before, back), AfterURL: link(page.After, order)}, nil
}
