package auth

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEventsHaveKakaosURIs: every event the sandbox sends has a URI of
// §10.2's table, and a trigger may name it either way.
func TestEventsHaveKakaosURIs(t *testing.T) {
	for _, e := range triggered {
		uri := e.URI()
		assert.True(t, strings.HasPrefix(uri, "https://schemas.") && strings.HasSuffix(uri, "/"+string(e)), "%s: %q", e, uri)
		for _, name := range []string{string(e), uri} {
			got, ok := ParseAccountEvent(name)
			assert.True(t, ok, name)
			assert.Equal(t, e, got, name)
		}
	}
	for _, name := range []string{"", "account-purged", "https://schemas.openid.net/secevent/risc/event-type/", "ACCOUNT-DISABLED"} {
		_, ok := ParseAccountEvent(name)
		assert.False(t, ok, "%q is not an event the sandbox sends", name)
	}
}
