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
	User    uint64
	Event   string // added | blocked
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

func checkChannelEvent(event string) error {
	if event != "added" && event != "blocked" {
		return kakao.Invalid("event", "must be added or blocked")
	}
	return nil
}

// findChannel resolves a channel by key or id: a 404 when there is none.
func findChannel(tx *store.Tx, ref string) (wallet.Channel, error) {
	id, ok, err := tx.Resolve(wallet.Channels, ref)
	if err != nil {
		return wallet.Channel{}, err
	}
	if !ok {
		return wallet.Channel{}, kakao.ErrNotFound.With("no Talk Channel %q", ref)
	}
	return wallet.GetChannel(tx, id)
}

// TriggerChannelEvent queues the channel webhook to every app the channel is
// connected to that has the webhook set; it answers the deliveries.
func (s *Service) TriggerChannelEvent(e ChannelEvent) ([]uint64, error) {
	if err := checkChannelEvent(e.Event); err != nil {
		return nil, err
	}
	var will bool
	if err := s.read(func(tx *store.Tx) error {
		ch, err := findChannel(tx, e.Channel)
		if err != nil {
			return err
		}
		if _, err := auth.GetUser(tx, e.User); err != nil {
			return err
		}
		return auth.EachApp(tx, func(a auth.App) error {
			will = will || connectedTo(a, ch) && a.Webhooks.URL(webhook.KindChannel) != ""
			return nil
		})
	}); err != nil {
		return nil, err
	}
	fault, err := s.Fault(webhook.KindChannel, will)
	if err != nil {
		return nil, err
	}
	var out []uint64
	err = s.db.Update(func(tx *store.Tx) error {
		out = nil // a batch may run this again
		ch, err := findChannel(tx, e.Channel)
		if err != nil {
			return err
		}
		u, err := auth.GetUser(tx, e.User)
		if err != nil {
			return err // a 404, as the other triggers answer an unknown user
		}
		return auth.EachApp(tx, func(a auth.App) error {
			if !connectedTo(a, ch) || a.Webhooks.URL(webhook.KindChannel) == "" {
				return nil
			}
			why := fmt.Sprintf("channel %s %s by user %d", PublicID(ch), e.Event, u.ID)
			rs, err := channelRequests(tx, a, ch, u.ID, e.Event, fault, why)
			if err != nil {
				return err
			}
			ids, err := s.queue(tx, a, rs)
			out = append(out, ids...)
			return err
		})
	})
	return out, err
}

// channelRequests are the deliveries of one channel event to one app: the
// webhook, or as a scenario corrupts or repeats it (a duplicate is the same
// delivery again: the same X-Kakao-Resource-ID).
func channelRequests(tx *store.Tx, a auth.App, ch wallet.Channel, userID uint64, event string, fault *scenarios.Webhook, why string) ([]webhook.Request, error) {
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
	r := webhook.Request{AppID: a.ID, Kind: webhook.KindChannel, Method: "POST", URL: a.Webhooks.URL(webhook.KindChannel),
		Body: raw, Cause: why, Header: webhook.Headers(a.AdminKey, map[string]string{
			"Content-Type": "application/json", "X-Kakao-Resource-ID": resourceID(), "User-Agent": "KakaoOpenAPI/1.0"})}
	return Faulty(r, fault), nil
}

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
