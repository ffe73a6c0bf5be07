package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// webhookSettingsBody is an app's webhooks on the wire, as Kakao's console
// names them (issue 23): PUT's body, and GET's answer with its app.
type webhookSettingsBody struct {
	Unlink        *unlinkSettingBody        `json:"unlink,omitempty"`
	AccountStatus *accountStatusSettingBody `json:"accountStatus,omitempty"`
	Channel       *channelSettingBody       `json:"channel,omitempty"`
}

type unlinkSettingBody struct {
	URL    string `json:"url"`
	Method string `json:"method"`
}

type accountStatusSettingBody struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

type channelSettingBody struct {
	URL string `json:"url"`
}

func (b webhookSettingsBody) settings() webhook.Settings {
	var s webhook.Settings
	if u := b.Unlink; u != nil {
		s.Unlink = &webhook.UnlinkSetting{URL: u.URL, Method: u.Method}
	}
	if a := b.AccountStatus; a != nil {
		s.AccountStatus = &webhook.AccountStatusSetting{URL: a.URL, Events: nonNil(a.Events)}
	}
	if c := b.Channel; c != nil {
		s.Channel = &webhook.ChannelSetting{URL: c.URL}
	}
	return s
}

type webhooksBody struct {
	AppID uint64 `json:"appId"`
	webhookSettingsBody
	// Disabled are the webhooks disabled after failures, until saved again.
	Disabled []string `json:"disabled"`
}

func newWebhooksBody(app uint64, s webhook.Settings, disabled []webhook.Kind) webhooksBody {
	b := webhooksBody{AppID: app, Disabled: []string{}}
	if u := s.Unlink; u != nil {
		b.Unlink = &unlinkSettingBody{URL: u.URL, Method: u.Method}
	}
	if a := s.AccountStatus; a != nil {
		b.AccountStatus = &accountStatusSettingBody{URL: a.URL, Events: nonNil(a.Events)}
	}
	if c := s.Channel; c != nil {
		b.Channel = &channelSettingBody{URL: c.URL}
	}
	for _, k := range disabled {
		b.Disabled = append(b.Disabled, string(k))
	}
	return b
}

type kakaoUnlinkBody struct {
	UserID uint64 `json:"userId"`
	AppID  uint64 `json:"appId"`
	// Deliveries are the ids of the deliveries queued, in the delivery log.
	Deliveries []uint64 `json:"deliveries"`
}

type webhookTestBody struct {
	// Sent is false when the app has no such webhook set: the request is
	// only previewed, as Kakao's console does.
	Sent       bool     `json:"sent"`
	DeliveryID *uint64  `json:"deliveryId,omitempty"`
	Request    sentBody `json:"request"`
}

type deliveriesBody struct {
	Deliveries []deliveryBody `json:"deliveries"`
}

type deliveryBody struct {
	ID       uint64        `json:"id"`
	AppID    uint64        `json:"appId"`
	Kind     string        `json:"kind"`
	Cause    string        `json:"cause"`
	Test     bool          `json:"test,omitempty"`
	QueuedAt time.Time     `json:"queuedAt"`
	Request  sentBody      `json:"request"`
	Attempts []attemptBody `json:"attempts"`
	Outcome  string        `json:"outcome"`
}

type sentBody struct {
	Method string            `json:"method"`
	URL    string            `json:"url"`
	Header map[string]string `json:"header"`
	Body   string            `json:"body"`
}

type attemptBody struct {
	At        time.Time `json:"at"`
	Status    int       `json:"status"`
	LatencyMS int64     `json:"latencyMs"`
	Error     string    `json:"error,omitempty"`
}

func newSentBody(r webhook.Sent) sentBody {
	h := r.Header
	if h == nil {
		h = map[string]string{}
	}
	return sentBody{Method: r.Method, URL: r.URL, Header: h, Body: r.Body}
}

func newDeliveryBody(d webhook.Delivery) deliveryBody {
	return deliveryBody{
		ID: d.ID, AppID: d.AppID, Kind: string(d.Kind), Cause: d.Cause, Test: d.Test, QueuedAt: d.QueuedAt,
		Request: newSentBody(d.Request), Outcome: string(d.Standing()),
		Attempts: mapSlice(d.Attempts, func(a webhook.Attempt) attemptBody {
			return attemptBody{At: a.At, Status: a.Status, LatencyMS: a.LatencyMS, Error: a.Error}
		}),
	}
}
