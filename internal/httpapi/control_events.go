package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/callbacks"
)

// Kakao-side events that call an app back (H03, H04; docs/webhooks.md):
// an account event and a Talk Channel added or blocked.

func (s *Server) eventControlRoutes() routes {
	return routes{
		"triggerAccountEvent": s.handleAccountEvent,
		"triggerChannelEvent": s.handleChannelEvent,
	}
}

// sentBody answers a trigger: what was sent, by delivery id in the log.
type sentBody struct {
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
		App: strconv.FormatUint(req.AppID, 10), Event: req.Event, Issuer: s.issuer(c)})
	return http.StatusOK, sentBody{Event: string(sent.Event), URI: sent.URI, Deliveries: orEmpty(sent.Deliveries)}, err
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
		User: strconv.FormatUint(req.UserID, 10), Event: req.Event})
	return http.StatusOK, sentBody{Event: req.Event, Deliveries: orEmpty(ids)}, err
}

func orEmpty(ids []uint64) []uint64 {
	if ids == nil {
		return []uint64{}
	}
	return ids
}
