package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookScenariosAreChecked: a webhook outcome goes with webhook
// operations only, and each fault with the kinds that have what it corrupts.
func TestWebhookScenariosAreChecked(t *testing.T) {
	bad := map[string]string{
		`{name: s, description: d, match: {operation: getUserMe}, respond: {webhook: {duplicates: 1}}}`:                  "respond.webhook",
		`{name: s, description: d, match: {operation: webhook.channel}, respond: {error: ErrMaintenance}}`:               "respond",
		`{name: s, description: d, match: {operation: webhook.channel}, respond: {webhook: {corrupt: unsigned}}}`:        "respond.webhook.corrupt",
		`{name: s, description: d, match: {operation: webhook.unlink}, respond: {webhook: {corrupt: rotten}}}`:           "respond.webhook.corrupt",
		`{name: s, description: d, match: {operation: webhook.unlink}, respond: {webhook: {duplicates: 21}}}`:            "respond.webhook.duplicates",
		`{name: s, description: d, match: {operation: webhook.unlink}, respond: {webhook: {}}}`:                          "respond.webhook",
		`{name: s, description: d, match: {operation: webhook.logout}, respond: {webhook: {duplicates: 1}}}`:             "match.operation",
		`{name: s, description: d, match: {operation: "webhook.unlink,getUserMe"}, respond: {webhook: {duplicates: 1}}}`: "match",
		`{name: s, description: d, match: {operation: webhook.unlink, path: "/x"}, respond: {webhook: {duplicates: 1}}}`: "match",
		`{name: s, description: d, match: {operation: webhook.unlink}, respond: {webhook: {duplicates: 1}, delay: 1s}}`:  "respond",
	}
	for doc, field := range bad {
		_, err := Parse([]byte(doc))
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), field, doc)
	}
	for _, doc := range []string{
		`{name: s, description: d, match: {operation: webhook.accountStatus}, respond: {webhook: {corrupt: replayed-jti, duplicates: 2}}}`,
		`{name: s, description: d, match: {operation: "webhook.unlink,webhook.channel,webhook.accountStatus"}, respond: {webhook: {corrupt: wrong-admin-key}}}`,
		`{name: s, description: d, match: {operation: webhook.channel}, steps: [{pass: true, times: 1}, {webhook: {duplicates: 1}}]}`,
	} {
		_, err := Parse([]byte(doc))
		assert.NoError(t, err, doc)
	}
}

// TestWebhookOperationsMatchNoRequest: a webhook scenario never catches a
// request to the sandbox, named or not.
func TestWebhookOperationsMatchNoRequest(t *testing.T) {
	s, err := Parse([]byte(`{name: s, description: d, match: {operation: webhook.channel}, respond: {webhook: {duplicates: 1}}}`))
	require.NoError(t, err)
	assert.False(t, s.Match.Matches(Request{Operation: "getUserMe", Method: "GET", Path: "/v2/user/me"}))
	assert.False(t, s.Match.Matches(Request{Named: true, Operation: "triggerChannelEvent"}))
	assert.True(t, s.Match.Matches(Request{Named: true, Operation: WebhookOperation("channel")}))
	assert.False(t, s.Match.Matches(Request{Named: true, Operation: WebhookOperation("unlink")}))
}
