package auth

import (
	"slices"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Functions here take a *store.Tx and run inside the caller's transaction, so
// a fixture load can create many entities atomically.

// Users and Apps are the entity kinds auth owns, for keys and references.
var (
	Users = store.Kind{Name: "user", Bucket: usersBucket}
	Apps  = store.Kind{Name: "app", Bucket: appsBucket}
)

// restAPIKeys names apps by their REST API key, the client_id of kauth.
const restAPIKeys = "app.restApiKey"

// UserParams describe a user to create: a fixture's users entry.
type UserParams struct {
	Key              string `json:"key" yaml:"key"`
	ID               uint64 `json:"id,omitempty" yaml:"id"` // 0: assigned
	Name             string `json:"name" yaml:"name"`
	IdentityVerified bool   `json:"identityVerified" yaml:"identityVerified"`
	PhoneVerified    bool   `json:"phoneVerified" yaml:"phoneVerified"`
	// Profile is what Kakao Login tells apps; left out, demo defaults are made up.
	Profile *Profile `json:"profile,omitempty" yaml:"profile"`
}

// PutUser creates a user, or replaces the user with the same id.
func PutUser(tx *store.Tx, p UserParams) (User, error) {
	u := User{ID: p.ID, Key: p.Key, Name: p.Name, IdentityVerified: p.IdentityVerified, PhoneVerified: p.PhoneVerified}
	if p.Profile != nil {
		u.Profile = *p.Profile
	}
	err := tx.Save(Users, &u)
	return u, err
}

// AppParams describe a Kakao Developers app: a fixture's apps entry.
type AppParams struct {
	Key          string   `json:"key" yaml:"key"`
	ID           uint64   `json:"id,omitempty" yaml:"id"` // 0: assigned
	Name         string   `json:"name" yaml:"name"`
	RestAPIKey   string   `json:"restApiKey" yaml:"restApiKey"`
	ClientSecret string   `json:"clientSecret,omitempty" yaml:"clientSecret"`
	RedirectURIs []string `json:"redirectUris,omitempty" yaml:"redirectUris"`
	BizApp       bool     `json:"bizApp" yaml:"bizApp"`
	ConsentItems []string `json:"consentItems,omitempty" yaml:"consentItems"`
	// OpenIDConnect switches OpenID Connect on for the app (T08).
	OpenIDConnect bool `json:"openIdConnect,omitempty" yaml:"openIdConnect"`
	// AdminKey is the app's primary admin key, for admin-key calls and the
	// Authorization header of its webhooks; unique across apps.
	AdminKey string `json:"adminKey,omitempty" yaml:"adminKey"`
	// Channels are the public ids of the Talk Channels connected to the app.
	Channels []string `json:"channels,omitempty" yaml:"channels"`
	// Webhooks are the app's webhook settings, checked as Kakao's console would.
	Webhooks webhook.Settings `json:"webhooks,omitzero" yaml:"webhooks"`
}

// PutApp creates an app, or replaces the app with the same id.
func PutApp(tx *store.Tx, p AppParams) (App, error) {
	if p.RestAPIKey == "" {
		return App{}, kakao.Invalid("restApiKey", "an app needs a REST API key")
	}
	a := App{ID: p.ID, Key: p.Key, Name: p.Name, RestAPIKey: p.RestAPIKey,
		RedirectURIs: p.RedirectURIs, BizApp: p.BizApp, ConsentItems: p.ConsentItems, OpenIDConnect: p.OpenIDConnect,
		AdminKey: p.AdminKey, Channels: p.Channels, Webhooks: p.Webhooks}
	if err := checkAppKeys(tx, a); err != nil {
		return App{}, err
	}
	if p.ClientSecret != "" {
		a.SecretHash = string(hashToken(p.ClientSecret)) // stored like tokens, never in clear
	}
	if err := tx.Save(Apps, &a); err != nil {
		return App{}, err
	}
	if a.AdminKey != "" {
		if err := tx.SetName(adminKeys, string(hashToken(a.AdminKey)), a.ID); err != nil {
			return App{}, err
		}
	}
	return a, tx.SetName(restAPIKeys, a.RestAPIKey, a.ID)
}

// LookupUser finds a user by fixture key or id, and reports whether there is one.
func LookupUser(tx *store.Tx, ref string) (User, bool, error) {
	var u User
	id, ok, err := tx.Resolve(Users, ref)
	if err == nil && ok {
		ok, err = tx.Get(usersBucket, store.Key(id), &u)
	}
	return u, ok, err
}

// FindUser is LookupUser for a user that must exist.
func FindUser(tx *store.Tx, ref string) (User, error) {
	u, ok, err := LookupUser(tx, ref)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no user %q", ref)
	}
	return u, err
}

// GetUser reads the user with id, by id only (LookupUser tries fixture
// keys first, and a key may be digits), or the not found naming it.
func GetUser(tx *store.Tx, id uint64) (User, error) {
	var u User
	ok, err := tx.Get(usersBucket, store.Key(id), &u)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no user %d", id)
	}
	return u, err
}

// FindApp resolves an app by fixture key, id or REST API key.
func FindApp(tx *store.Tx, ref string) (App, error) {
	var a App
	id, ok, err := tx.Resolve(Apps, ref)
	if err == nil && !ok {
		id, ok, err = tx.LookupName(restAPIKeys, ref)
	}
	if err == nil && ok {
		_, err = tx.Get(appsBucket, store.Key(id), &a)
	}
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no app %q", ref)
	}
	return a, err
}

// MintParams describe a token to create: a fixture's tokens entry.
type MintParams struct {
	Token       string    `json:"token,omitempty" yaml:"token"` // fixed text; empty: random
	User        string    `json:"user" yaml:"user"`             // key or id
	App         string    `json:"app" yaml:"app"`               // key, id or REST API key
	Type        TokenType `json:"type" yaml:"type"`
	Scopes      []string  `json:"scopes,omitempty" yaml:"scopes"`
	ResourceIDs []string  `json:"resourceIds,omitempty" yaml:"resourceIds"`
	ExpiresIn   int64     `json:"expiresIn" yaml:"expiresIn"` // seconds; 0: never expires
}

// Mint creates a token inside tx, and answers it as the token endpoint would.
func Mint(tx *store.Tx, p MintParams) (Issued, error) {
	now := tx.Now()
	if p.Type != Business && p.Type != Login {
		return Issued{}, kakao.Invalid("type", "must be %q or %q", Business, Login)
	}
	if p.ExpiresIn < 0 || p.ExpiresIn > NeverExpiresReportedAs {
		return Issued{}, kakao.Invalid("expiresIn", "must be 0 (never) to %d seconds (ten years)", NeverExpiresReportedAs)
	}
	u, err := FindUser(tx, p.User)
	if err != nil {
		return Issued{}, err
	}
	a, err := FindApp(tx, p.App)
	if err != nil {
		return Issued{}, err
	}
	if p.Type == Business {
		if !a.BizApp {
			return Issued{}, kakao.Invalid("app", "%q is not a Biz app, so it cannot hold business tokens", a.Name)
		}
		for _, s := range p.Scopes {
			if !slices.Contains(a.ConsentItems, s) {
				return Issued{}, kakao.Invalid("scopes", "%q is not a consent item of app %q (it has %s)", s, a.Name, strings.Join(a.ConsentItems, ", "))
			}
		}
	}
	text := p.Token
	if text == "" {
		text = newTokenText()
	}
	if tx.Has(tokensBucket, hashToken(text)) {
		return Issued{}, kakao.ErrConflict.With("token %q already exists", text)
	}
	if p.Type == Login { // a fixture's login token stands for an approval
		if err := connect(tx, a.ID, u.ID, p.Scopes); err != nil {
			return Issued{}, err
		}
	}
	t := Token{Type: p.Type, UserID: u.ID, AppID: a.ID, Scopes: p.Scopes, ResourceIDs: p.ResourceIDs, IssuedAt: now}
	out := Issued{AccessToken: text, Scopes: p.Scopes, ExpiresIn: p.ExpiresIn}
	if p.ExpiresIn > 0 {
		t.ExpiresAt = now.Add(time.Duration(p.ExpiresIn) * time.Second)
	}
	return out, tx.Put(tokensBucket, hashToken(text), t)
}

// ReplaceToken removes a token by its text, so a fixture can mint it again.
func ReplaceToken(tx *store.Tx, text string) error { return tx.Delete(tokensBucket, hashToken(text)) }
