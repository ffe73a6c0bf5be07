package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/callbacks"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Kakao-side events that call an app back (H03, H04; docs/webhooks.md):
// an account event and a Talk Channel added or blocked.

func (s *Server) eventControlRoutes() routes {
	return routes{
		"triggerAccountEvent": s.handleAccountEvent,
		"triggerChannelEvent": s.handleChannelEvent,
	}
}

// eventSentBody answers a trigger: what was sent, by delivery id in the log.
type eventSentBody struct {
	Event      string   `json:"event"`
	URI        string   `json:"uri,omitempty"`
	Deliveries []uint64 `json:"deliveries"`
}

// handleAccountEvent handles POST /_sandbox/users/{userId}/account-events.
func (s *Server) handleAccountEvent(c *gin.Context) (int, any, error) {
	var req struct {
		AppID uint64 `json:"appId"`
		Event string `json:"event"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	sent, err := s.Callbacks.TriggerAccountEvent(callbacks.AccountEvent{User: c.Param("userId"),
		App: req.AppID, Event: req.Event, Issuer: s.issuer(c)})
	return http.StatusOK, eventSentBody{Event: string(sent.Event), URI: sent.URI, Deliveries: nonNil(sent.Deliveries)}, err
}

// handleChannelEvent handles POST /_sandbox/channels/{channelId}/friends.
func (s *Server) handleChannelEvent(c *gin.Context) (int, any, error) {
	var req struct {
		UserID uint64 `json:"userId"`
		Event  string `json:"event"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	ids, err := s.Callbacks.TriggerChannelEvent(callbacks.ChannelEvent{Channel: c.Param("channelId"),
		User: req.UserID, Event: req.Event})
	return http.StatusOK, eventSentBody{Event: req.Event, Deliveries: nonNil(ids)}, err
}

// testEventWebhook is webhook-test for the kinds of this part: a sample
// account-status SET or channel webhook, nothing changed (§10.5).
func (s *Server) testEventWebhook(c *gin.Context, app, user uint64, kind, event, channel string) (webhook.Request, uint64, error) {
	if kind == string(webhook.KindChannel) {
		return s.Callbacks.TestChannel(app, user, channel, event)
	}
	return s.Callbacks.TestAccountStatus(app, user, event, s.issuer(c))
}
