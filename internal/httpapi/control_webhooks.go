package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// controlWebhookRoutes play Kakao's side of the webhooks (docs/webhooks.md):
// an app's settings as its console sets them, an unlink Kakao makes, the
// console's test tool, and the log of what was sent.
func (s *Server) controlWebhookRoutes() routes {
	return routes{
		"getAppWebhooks":        s.handleGetAppWebhooks,
		"setAppWebhooks":        s.handleSetAppWebhooks,
		"kakaoUnlinkUser":       s.handleKakaoUnlink,
		"testAppWebhook":        s.handleTestWebhook,
		"listWebhookDeliveries": s.handleListDeliveries,
		"dashboardWebhooks":     s.handleDashboardWebhooks,
	}
}

// handleGetAppWebhooks handles GET /_sandbox/apps/{appId}/webhooks.
func (s *Server) handleGetAppWebhooks(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "appId")
	if err != nil {
		return 0, nil, err
	}
	set, disabled, err := s.Callbacks.Settings(id)
	return http.StatusOK, newWebhooksBody(id, set, disabled), err
}

// handleSetAppWebhooks handles PUT /_sandbox/apps/{appId}/webhooks: the
// whole settings, replaced; a webhook left out is no longer set.
func (s *Server) handleSetAppWebhooks(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "appId")
	if err != nil {
		return 0, nil, err
	}
	var req webhookSettingsBody
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	if err := s.Callbacks.SaveSettings(id, req.settings()); err != nil {
		return 0, nil, err
	}
	return s.handleGetAppWebhooks(c)
}

// handleKakaoUnlink handles POST /_sandbox/users/{userId}/unlink.
func (s *Server) handleKakaoUnlink(c *gin.Context) (int, any, error) {
	user, err := pathID(c, "userId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		AppID        uint64 `json:"appId"`
		ReferrerType string `json:"referrerType"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	queued, err := s.Callbacks.KakaoUnlink(user, req.AppID, req.ReferrerType, s.issuer(c))
	return http.StatusOK, kakaoUnlinkBody{UserID: user, AppID: req.AppID, Deliveries: nonNil(queued)}, err
}

// handleTestWebhook handles POST /_sandbox/apps/{appId}/webhook-test.
func (s *Server) handleTestWebhook(c *gin.Context) (int, any, error) {
	app, err := pathID(c, "appId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Kind         string `json:"kind"`
		UserID       uint64 `json:"userId"`
		ReferrerType string `json:"referrerType"`
		Event        string `json:"event"`     // accountStatus, channel (control_events.go)
		ChannelID    string `json:"channelId"` // channel
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	var r webhook.Request
	var id uint64
	if req.Kind == string(webhook.KindUnlink) {
		r, id, err = s.Callbacks.TestUnlink(app, req.UserID, req.ReferrerType)
	} else {
		r, id, err = s.testEventWebhook(c, app, req.UserID, req.Kind, req.Event, req.ChannelID)
	}
	if err != nil {
		return 0, nil, err
	}
	out := webhookTestBody{Sent: id != 0, Request: newSentBody(webhook.Preview(r))}
	if id != 0 {
		out.DeliveryID = &id
	}
	return http.StatusOK, out, nil
}

// handleListDeliveries handles GET /_sandbox/webhooks/deliveries.
func (s *Server) handleListDeliveries(c *gin.Context) (int, any, error) {
	ds, err := s.Webhooks.Deliveries(deliveryFilter(c, queryInt(c, "limit", 100)))
	return http.StatusOK, deliveriesBody{Deliveries: mapSlice(ds, newDeliveryBody)}, err
}

// deliveryFilter reads the log's filters (the document has checked them).
func deliveryFilter(c *gin.Context, limit int) webhook.Filter {
	f := webhook.Filter{Kind: webhook.Kind(c.Query("kind")), Outcome: webhook.Outcome(c.Query("outcome")), Limit: limit}
	f.AppID, _ = strconv.ParseUint(c.Query("appId"), 10, 64)
	return f
}

// handleDashboardWebhooks handles GET /_sandbox/ui/webhooks.
func (s *Server) handleDashboardWebhooks(c *gin.Context) (int, any, error) {
	f := deliveryFilter(c, 0)
	ds, err := s.Webhooks.Deliveries(f)
	if err != nil {
		return 0, nil, err
	}
	rows := mapSlice(ds[:min(len(ds), dashboardRows)], newDeliveryBody)
	return s.dashPage("webhooks", "웹훅 Webhooks", struct {
		AppID    string
		Kind     string
		Outcome  string
		Kinds    []webhook.Kind
		Outcomes []webhook.Outcome
		List     listed[deliveryBody]
	}{c.Query("appId"), string(f.Kind), string(f.Outcome), webhook.Kinds, webhook.Outcomes, listed[deliveryBody]{rows, len(ds)}})
}
