package sandbox_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// r08TheJournalShowsNoSecret (TestRules/R08_the_journal_shows_no_secret): with bodies kept, a whole Kakao Login
// dance and a mint leave no token, code or client secret in the journal.
func r08TheJournalShowsNoSecret(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.JournalBodies = true })
	tokens := loginTokens(t, sb)
	minted := sb.MintToken(sandboxtest.TokenParams{User: "master", App: "rules", Type: "business", Token: "fixed-secret-token-text"})

	r := sb.Do(req{Method: "GET", Path: "/_sandbox/requests?limit=100"})
	require.Equal(t, 200, r.Status)
	journal := string(r.Body)
	assert.True(t, strings.Contains(journal, "client_secret=***"), "the token call is there, masked: %s", journal)
	for _, secretText := range []string{secret, tokens["access_token"].(string), tokens["refresh_token"].(string), minted} {
		assert.NotContains(t, journal, secretText)
	}
}
