package auth

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Lifetimes (docs/kakao-api.md §5).
const (
	CodeLifetime           = 10 * time.Minute
	AccessLifetime         = 21599 * time.Second   // REST API access token, about 6 hours
	RefreshLifetime        = 5183999 * time.Second // about 60 days
	RefreshRotationWindow  = 30 * 24 * time.Hour   // a refresh issues a new refresh token inside its last month
	NeverExpiresReportedAs = 315360000             // expires_in for a token that never expires: ten years
)

// AuthorizeRequest is the query of /oauth/authorize or /oauth/business/authorize.
type AuthorizeRequest struct {
	Business     bool
	ClientID     string
	RedirectURI  string
	ResponseType string
	Scopes       []string
	State        string
	ResourceIDs  []string
	// PKCE (T09) and OpenID Connect's nonce (T08).
	CodeChallenge       string
	CodeChallengeMethod string
	Nonce               string
}

// Authorization is a checked request: what the consent page shows.
type Authorization struct {
	AuthorizeRequest
	App App
}

// RedirectTrusted reports whether an error found while checking a request may
// be sent to its redirect_uri: not when the app is unknown or the URI is not
// the app's (KOE101, KOE028), or a stranger's site would receive it.
func RedirectTrusted(err error) bool {
	return !errors.Is(err, kakao.ErrKOE101UnknownApp) && !errors.Is(err, kakao.ErrKOE028RedirectURI)
}

// CheckAuthorize applies the authorize rules in Kakao's order.
func (s *Service) CheckAuthorize(r AuthorizeRequest) (Authorization, error) {
	var a Authorization
	err := s.db.View(func(tx *store.Tx) error {
		app, err := appByRestKey(tx, r.ClientID)
		if err != nil {
			return err
		}
		r.Scopes = askedItems(app, r)
		a = Authorization{AuthorizeRequest: r, App: app}
		return checkAuthorize(app, r)
	})
	return a, err
}

// askedItems are the consent items an authorize request asks for (T12): a
// listed scope asks for exactly those; an absent or empty one on Kakao
// Login asks for the items set up for the app, as Kakao's console does,
// except business items, which only a business authorization or a scope
// that lists them asks for.
func askedItems(app App, r AuthorizeRequest) []string {
	if r.Business || len(r.Scopes) > 0 {
		return r.Scopes
	}
	var items []string
	for _, it := range app.ConsentItems {
		if !slices.Contains(BusinessItems, it) {
			items = append(items, it)
		}
	}
	return items
}

func checkAuthorize(app App, r AuthorizeRequest) error {
	if !slices.Contains(app.RedirectURIs, r.RedirectURI) {
		return kakao.ErrKOE028RedirectURI.With("redirect_uri %q is not registered for app %q", r.RedirectURI, app.Name)
	}
	if r.ResponseType != "code" {
		return kakao.ErrKOE201ResponseType
	}
	if err := checkChallenge(r.CodeChallenge, r.CodeChallengeMethod); err != nil {
		return err
	}
	if !r.Business {
		return nil
	}
	if !app.BizApp {
		return kakao.ErrKOE123NotBizApp.With("app %q is not a Biz app, so it cannot ask for business consent", app.Name)
	}
	for _, sc := range r.Scopes {
		if !slices.Contains(app.ConsentItems, sc) {
			return kakao.ErrKOE232ConsentItem.With("consent item %q is not set up for app %q", sc, app.Name)
		}
	}
	if slices.Contains(r.Scopes, "moment_create") && len(r.ResourceIDs) == 0 {
		return kakao.ErrKOE233ResourceIDs
	}
	for _, id := range r.ResourceIDs {
		if !validResourceID(id) {
			return kakao.AuthInvalid("resource_ids: %q is not moment:<adAccountId> or moment:*", id)
		}
	}
	return nil
}

func validResourceID(id string) bool {
	rest, ok := strings.CutPrefix(id, "moment:")
	if !ok || rest == "" {
		return false
	}
	return rest == "*" || strings.Trim(rest, "0123456789") == ""
}

func appByRestKey(tx *store.Tx, restKey string) (App, error) {
	id, ok, err := tx.LookupName(restAPIKeys, restKey)
	if err != nil {
		return App{}, err
	}
	var a App
	if ok {
		ok, err = tx.Get(appsBucket, store.Key(id), &a)
	}
	if err == nil && !ok {
		err = kakao.ErrKOE101UnknownApp
	}
	return a, err
}

// Approve is the user's consent: it checks the request again, as the user
// signs in, and issues a single-use code.
func (s *Service) Approve(r AuthorizeRequest, userRef string) (string, error) {
	text := newTokenText()
	err := s.db.Update(func(tx *store.Tx) error {
		app, err := appByRestKey(tx, r.ClientID)
		if err != nil {
			return err
		}
		if err := checkAuthorize(app, r); err != nil {
			return err
		}
		r.Scopes = askedItems(app, r)
		u, err := FindUser(tx, userRef)
		if err != nil {
			return kakao.ErrSandboxNoSuchUser.With("sandbox_user %q names no user", userRef)
		}
		if err := refuseDisabled(tx, u.ID); err != nil {
			return err
		}
		if !r.Business {
			if err := connect(tx, app.ID, u.ID, r.Scopes); err != nil {
				return err
			}
		}
		g := grant{Business: r.Business, AppID: app.ID, UserID: u.ID, Scopes: r.Scopes, ResourceIDs: r.ResourceIDs, AuthTime: tx.Now(), Session: newTokenText()}
		c := code{grant: g, pkce: pkce{Challenge: r.CodeChallenge}, RedirectURI: r.RedirectURI, Nonce: r.Nonce, ExpiresAt: tx.Now().Add(CodeLifetime)}
		return s.putCode(tx, text, c)
	})
	return text, err
}

// ConsentUsers lists users to sign in as on the consent page, at most limit.
func (s *Service) ConsentUsers(limit int) ([]User, error) {
	var out []User
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(usersBucket, nil, func(_, v []byte) (bool, error) {
			var u User
			if err := json.Unmarshal(v, &u); err != nil {
				return false, err
			}
			out = append(out, u)
			return len(out) < limit, nil
		})
	})
	return out, err
}

// DeniedRedirect is where the consent page's Cancel sends the user: back
// to the app with Kakao's access_denied.
func DeniedRedirect(r AuthorizeRequest) string {
	return RedirectWith(r.RedirectURI, url.Values{"error": {"access_denied"}, "error_description": {"User denied access"}, "state": {r.State}})
}

// RedirectWith adds query parameters to a redirect URI, spaces as %20 as
// Kakao writes them (error_description=User%20denied%20access).
func RedirectWith(redirectURI string, params url.Values) string {
	u, err := url.Parse(redirectURI)
	if err != nil {
		return redirectURI
	}
	q := u.Query()
	for k, vs := range params {
		for _, v := range vs {
			if v != "" {
				q.Set(k, v)
			}
		}
	}
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20") // a literal + is %2B by then
	return u.String()
}
