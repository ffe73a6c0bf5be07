package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// lockout are scenarios that, activated globally, once answered 503 on the
// control plane too: there was then no way out but deleting the data file.
var lockout = map[string]string{
	"everything-fails": `{"name": "everything-fails", "description": "an empty match", "match": {}, "respond": {"status": 503, "code": -9798, "msg": "down"}}`,
	"control-fails":    `{"name": "control-fails", "description": "a path pattern", "match": {"path": "/_sandbox/*"}, "respond": {"status": 503, "code": -9798, "msg": "down"}}`,
	"names-the-door":   `{"name": "names-the-door", "description": "names the proof operations", "match": {"operation": "getHealth,resetSandbox,activateScenario,deactivateScenario"}, "respond": {"status": 503, "code": -9798, "msg": "down"}}`,
}

// r06NoScenarioLocksTheControlPlane (TestRules/R06_no_scenario_locks_the_control_plane): whatever is active, health, reset
// and activation answer, across a restart; scenarios reach other control
// operations only when they name them, and Kakao's operations as before.
func r06NoScenarioLocksTheControlPlane(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	for name, doc := range lockout {
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: doc})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		sb.ActivateScenario(name, sandboxtest.ScenarioScope{Scope: "global"})
	}
	named := `{"name": "journal-fails", "description": "names a control operation", "match": {"operation": "listRequests"}, "respond": {"status": 503, "code": -9798, "msg": "down"}}`
	require.Equal(t, 201, sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: named}).Status)
	sb.ActivateScenario("journal-fails", sandboxtest.ScenarioScope{Scope: "global"})

	check := func() {
		t.Helper()
		assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/_sandbox/health"}).Status, "health")
		assert.Equal(t, 200, sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).Status, "a control operation no scenario names")
		assert.Equal(t, 503, raw(t, sb, req{Method: "GET", Path: "/_sandbox/requests"}).Status, "a control operation a scenario names")
		assert.Equal(t, 503, raw(t, sb, balanceReq(master, healthyAds, "")).Status, "Kakao's operations, as before")
	}
	check()
	sb.Restart()
	check()

	for name := range lockout {
		r := sb.Do(req{Method: "DELETE", Path: "/_sandbox/scenarios/" + name + "/activation"})
		assert.Equal(t, 200, r.Status, "a bad activation can always be removed: %s", r.Body)
	}
	assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "")).Status)

	sb.ActivateScenario("everything-fails", sandboxtest.ScenarioScope{Scope: "global"})
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset"})
	require.Equal(t, 200, r.Status, "reset answers: %s", r.Body)
	assert.Equal(t, 200, sb.Do(balanceReq(master, healthyAds, "")).Status, "and clears what was active")
}

// TestAKauthErrorOnAMomentCallKeepsMomentsShape: a scenario may answer a
// kauth catalogue error on any call; off kauth it takes the surface's shape
// instead of breaking the contract with a 500 (found by FuzzLoadScenario).
func TestAKauthErrorOnAMomentCallKeepsMomentsShape(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	doc := `{"name": "koe-everywhere", "description": "d", "match": {}, "respond": {"error": "ErrKOE322RefreshToken"}}`
	require.Equal(t, 201, sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: doc}).Status)
	msg := kakaoError(t, sb.Do(balanceReq(master, healthyAds, "koe-everywhere")), 400, -2, 0)
	contains(t, msg, "KOE322", "invalid_grant")
	r := sb.Do(balanceReq(master, healthyAds, "koe-everywhere"))
	assert.Contains(t, r.JSON(t), "extras", "Moment's body: %s", r.Body)
}
