package auth

import (
	"slices"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// Functions here take a *store.Tx and run inside the caller's transaction, so
// a fixture load can create many entities atomically.

// PutUser creates u, or replaces the user with the same id. A zero id is assigned.
func PutUser(tx *store.Tx, u *User) error {
	if err := assignID(tx, usersBucket, &u.ID); err != nil {
		return err
	}
	if u.Key != "" {
		if err := tx.SetName("user", u.Key, u.ID); err != nil {
			return err
		}
	}
	return tx.Put(usersBucket, store.Key(u.ID), u)
}

// PutApp creates a, or replaces the app with the same id.
func PutApp(tx *store.Tx, a *App) error {
	if err := assignID(tx, appsBucket, &a.ID); err != nil {
		return err
	}
	if a.Key != "" {
		if err := tx.SetName("app", a.Key, a.ID); err != nil {
			return err
		}
	}
	if err := tx.SetName("app.restApiKey", a.RestAPIKey, a.ID); err != nil {
		return err
	}
	return tx.Put(appsBucket, store.Key(a.ID), a)
}

func assignID(tx *store.Tx, bucket string, id *uint64) error {
	if *id != 0 {
		return tx.BumpID(bucket, *id)
	}
	next, err := tx.NextID(bucket)
	*id = next
	return err
}

// FindUser resolves a user by fixture key or id.
func FindUser(tx *store.Tx, ref string) (User, error) {
	var u User
	id, ok, err := resolve(tx, "user", usersBucket, ref)
	if err == nil && ok {
		_, err = tx.Get(usersBucket, store.Key(id), &u)
	}
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no user %q", ref)
	}
	return u, err
}

// GetUser loads a user by id.
func GetUser(tx *store.Tx, id uint64) (User, bool, error) {
	var u User
	ok, err := tx.Get(usersBucket, store.Key(id), &u)
	return u, ok, err
}

// FindApp resolves an app by fixture key, id or REST API key.
func FindApp(tx *store.Tx, ref string) (App, error) {
	var a App
	id, ok, err := resolve(tx, "app", appsBucket, ref)
	if err == nil && !ok {
		id, ok, err = tx.LookupName("app.restApiKey", ref)
	}
	if err == nil && ok {
		_, err = tx.Get(appsBucket, store.Key(id), &a)
	}
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no app %q", ref)
	}
	return a, err
}

// MintParams describe a token to create. They are the fixture's token fields.
type MintParams struct {
	Token       string    `json:"token,omitempty"` // fixed text; empty: random
	User        string    `json:"user"`            // key or id
	App         string    `json:"app"`             // key or id
	Type        TokenType `json:"type"`
	Scopes      []string  `json:"scopes,omitempty"`
	ResourceIDs []string  `json:"resourceIds,omitempty"`
	ExpiresIn   int64     `json:"expiresIn"` // seconds; 0: never expires
}

// Minted is a token just created: the only time its text is known.
type Minted struct {
	Text string
	Token
}

// Mint creates a token inside tx.
func Mint(tx *store.Tx, p MintParams, now time.Time) (Minted, error) {
	if p.Type != Business && p.Type != Login {
		return Minted{}, kakao.Invalid("type", "must be %q or %q", Business, Login)
	}
	if p.ExpiresIn < 0 {
		return Minted{}, kakao.Invalid("expiresIn", "must not be negative (0 means never)")
	}
	u, err := FindUser(tx, p.User)
	if err != nil {
		return Minted{}, err
	}
	a, err := FindApp(tx, p.App)
	if err != nil {
		return Minted{}, err
	}
	if p.Type == Business {
		if !a.BizApp {
			return Minted{}, kakao.Invalid("app", "%q is not a Biz app, so it cannot hold business tokens", a.Name)
		}
		for _, s := range p.Scopes {
			if !slices.Contains(a.ConsentItems, s) {
				return Minted{}, kakao.Invalid("scopes", "%q is not a consent item of app %q (it has %s)", s, a.Name, strings.Join(a.ConsentItems, ", "))
			}
		}
	}
	text := p.Token
	if text == "" {
		text = newTokenText()
	}
	if tx.Has(tokensBucket, hashToken(text)) {
		return Minted{}, kakao.ErrConflict.With("token %q already exists", text)
	}
	t := Token{Type: p.Type, UserID: u.ID, AppID: a.ID, Scopes: p.Scopes, ResourceIDs: p.ResourceIDs, IssuedAt: now}
	if p.ExpiresIn > 0 {
		t.ExpiresAt = now.Add(time.Duration(p.ExpiresIn) * time.Second)
	}
	if err := tx.Put(tokensBucket, hashToken(text), t); err != nil {
		return Minted{}, err
	}
	return Minted{Text: text, Token: t}, nil
}

// ReplaceToken removes a token by its text, so a fixture can mint it again.
func ReplaceToken(tx *store.Tx, text string) error { return tx.Delete(tokensBucket, hashToken(text)) }
