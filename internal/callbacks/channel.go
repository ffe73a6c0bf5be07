package callbacks

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// The Talk Channel webhook (H04, docs/kakao-api.md §10.3): a user adding or
// blocking a channel is sent to every app the channel is connected to (the
// app's channels list). The sandbox keeps no friendship state: no API it
// serves reads it.

// ChannelEvent is a POST /_sandbox/channels/{channelId}/friends.
type ChannelEvent struct {
	Channel string // the channel's key or id
	User    string // key or id
	Event   string // added | blocked
	App     string // webhook-test only: the one app to send to
}

// ChannelBody is the channel webhook's JSON body (§10.3).
type ChannelBody struct {
	Event           string `json:"event"`
	ID              string `json:"id"`
	IDType          string `json:"id_type"`
	ChannelPublicID string `json:"channel_public_id"`
	ChannelUUID     string `json:"channel_uuid"`
	UpdatedAt       string `json:"updated_at"`
}

// PublicID is a channel's public (profile) id. Kakao publishes no format;
// the sandbox writes the channel's id, as Moment's talkChannelProfileId does
// (docs/guesses.md).
func PublicID(ch wallet.Channel) string { return strconv.FormatUint(ch.ID, 10) }

// searchID is the channel's search id (channel_uuid, "@…"): "@" and its
// fixture key, or its id when it has none (docs/guesses.md).
func searchID(ch wallet.Channel) string {
	if ch.Key != "" {
		return "@" + ch.Key
	}
	return "@" + PublicID(ch)
}

// connectedTo reports whether the app's channels list names the channel, by
// public id or fixture key.
func connectedTo(a auth.App, ch wallet.Channel) bool {
	return slices.Contains(a.Channels, PublicID(ch)) || ch.Key != "" && slices.Contains(a.Channels, ch.Key)
}

// TriggerChannelEvent queues the channel webhook to every app the channel is
// connected to and has the webhook set; it answers the deliveries. A test
// (e.App set) sends to that app only.
func (s *Service) TriggerChannelEvent(e ChannelEvent) ([]uint64, error) {
	if e.Event != "added" && e.Event != "blocked" {
		return nil, kakao.Invalid("event", "must be added or blocked")
	}
	fault, err := s.Fault(webhook.KindChannel)
	if err != nil {
		return nil, err
	}
	var out []uint64
	err = s.db.Update(func(tx *store.Tx) error {
		id, ok, err := tx.Resolve(wallet.Channels, e.Channel)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("no Talk Channel %q", e.Channel)
		}
		ch, err := wallet.GetChannel(tx, id)
		if err != nil {
			return err
		}
		u, err := auth.FindUser(tx, e.User)
		if err != nil {
			return kakao.Invalid("userId", "no user %q", e.User)
		}
		apps, err := s.channelApps(tx, ch, e.App)
		if err != nil {
			return err
		}
		for _, a := range apps {
			ids, err := s.queueChannel(tx, a, ch, u.ID, e.Event, fault, e.App != "")
			if err != nil {
				return err
			}
			out = append(out, ids...)
		}
		return nil
	})
	return out, err
}

// channelApps are the apps to tell: the test's app, or every app
// connected to the channel with the webhook set.
func (s *Service) channelApps(tx *store.Tx, ch wallet.Channel, test string) ([]auth.App, error) {
	if test != "" {
		a, err := auth.FindApp(tx, test)
		if err != nil {
			return nil, kakao.Invalid("appId", "no app %q", test)
		}
		if a.Webhooks.URL(webhook.KindChannel) == "" {
			return nil, kakao.Invalid("kind", "app %q has no channel webhook set (PUT /_sandbox/apps/{appId}/webhooks)", a.Name)
		}
		return []auth.App{a}, nil
	}
	var out []auth.App
	err := auth.EachApp(tx, func(a auth.App) error {
		if connectedTo(a, ch) && a.Webhooks.URL(webhook.KindChannel) != "" {
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

func (s *Service) queueChannel(tx *store.Tx, a auth.App, ch wallet.Channel, userID uint64, event string, fault *scenarios.Webhook, test bool) ([]uint64, error) {
	body := ChannelBody{Event: event, ChannelPublicID: PublicID(ch), ChannelUUID: searchID(ch),
		UpdatedAt: tx.Now().UTC().Format(time.RFC3339)}
	// Kakao sends the app user id when the user agreed to the channel
	// consent item; the sandbox takes a user linked to the app as agreed
	// (docs/guesses.md).
	if auth.Connected(tx, a.ID, userID) {
		body.ID, body.IDType = strconv.FormatUint(userID, 10), "app_user_id"
	} else {
		body.ID, body.IDType = openID(ch.ID, userID), "open_id"
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	key := a.AdminKey
	if fault != nil && fault.Corrupt == scenarios.CorruptWrongAdminKey {
		key = WrongAdminKey
	}
	why := fmt.Sprintf("channel %s %s by user %d", PublicID(ch), event, userID)
	if test {
		why = "webhook test: " + why
	}
	var ids []uint64
	copies := 1
	if fault != nil {
		copies += fault.Duplicates
	}
	resourceID := resourceID()
	for range copies { // duplicates are the same delivery again: same resource id
		id, err := s.hooks.Queue(tx, a.Webhooks, webhook.Request{AppID: a.ID, Kind: webhook.KindChannel, Method: "POST",
			URL: a.Webhooks.Channel.URL, Body: raw, Cause: why, Header: map[string]string{
				"Authorization": "KakaoAK " + key, "Content-Type": "application/json",
				"X-Kakao-Resource-ID": resourceID, "User-Agent": "KakaoOpenAPI/1.0"}})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// WrongAdminKey is what the wrong-admin-key scenario sends instead of the
// app's key.
const WrongAdminKey = "sandbox-wrong-admin-key"

// openID stands for the user to a channel when the app may not know them:
// stable per channel and user, and not their id (docs/guesses.md).
func openID(channelID, userID uint64) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "open_id|%d|%d", channelID, userID))
	return hex.EncodeToString(sum[:12])
}

// resourceID is a delivery's X-Kakao-Resource-ID: unique, 24 characters
// like Kakao's example (Rvy1c2dkzBAZ5hGD3rqYbxvr).
func resourceID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
