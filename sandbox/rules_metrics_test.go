package sandbox_test

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// r04MetricSeriesAreBounded (rule R04): every label of /metrics takes its
// values from a bounded set, so the series set cannot grow with what clients
// send. 500 custom scenarios, fresh names every round with a reset between,
// each loaded and hit once, and snapshots whose queued effects have kinds no
// one registered, leave the same number of series after the last round as
// after the second, well under 200.
func r04MetricSeriesAreBounded(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits) // the demo data
	const rounds, perRound = 5, 100
	var counts []int
	for round := range rounds {
		for i := range perRound {
			name := fmt.Sprintf("bounded-r%d-s%d", round, i)
			r := sb.Do(req{Method: "POST", Path: "/_sandbox/scenarios", Body: map[string]any{
				"name": name, "description": "d", "match": map[string]any{"operation": "getAdAccount"}, "respond": map[string]any{"error": "ErrNoPermission"}}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			hit := sb.Do(req{Method: "GET", Path: "/openapi/v4/adAccounts/10001", Token: "sandbox-biz-bob", Header: map[string]string{"X-Sandbox-Scenario": name}})
			require.Equal(t, name, hit.Header.Get("X-Sandbox-Scenario-Applied"), "%s", hit.Body)
		}
		require.Equal(t, 200, sb.Do(req{Method: "POST", Path: "/_sandbox/reset"}).Status)
		counts = append(counts, len(scrape(t, sb, "")))
	}
	assert.Equal(t, counts[1], counts[rounds-1], "series after each round: %v", counts)
	series := scrape(t, sb, "")
	assert.Equal(t, float64(rounds*perRound), series[`kakao_sandbox_scenario_hits_total{operation="getAdAccount",scenario="custom"}`])

	// A snapshot may carry queued effects of any kind; whether PUT refuses
	// them or the clock sets them aside, no kind beyond the registered ones
	// shows up as a label.
	setAside := 0
	for round := range 2 {
		doc := withUnknownEffects(t, getSnapshot(t, sb), fmt.Sprintf("injected.r%d.", round), perRound)
		if r := putSnapshot(sb, doc); r.Status == 200 {
			sb.Advance("1s")
			setAside += perRound
		} else {
			require.Equal(t, 400, r.Status, "%s", r.Body)
		}
	}
	series = scrape(t, sb, "")
	var injected []string
	for s := range series {
		if strings.Contains(s, "injected.") {
			injected = append(injected, s)
		}
	}
	assert.Empty(t, len(injected), "an unregistered effect kind is no label: %.200v", injected)
	assert.Equal(t, float64(setAside), series[`kakao_sandbox_clock_effects_total{kind="unknown",outcome="failed"}`], "counted, under one label")
	assert.Less(t, len(series), 200, "series: %v", counts)
}

// withUnknownEffects adds n clock effects of kinds prefix0, prefix1, … to
// the snapshot doc, due at its clock's time.
func withUnknownEffects(t *testing.T, doc []byte, prefix string, n int) []byte {
	t.Helper()
	type entry struct {
		Key   string          `json:"key,omitempty"`
		Hex   string          `json:"hex,omitempty"`
		Value json.RawMessage `json:"value"`
	}
	var snap map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc, &snap))
	var buckets []struct {
		Name    string  `json:"name"`
		Entries []entry `json:"entries"`
	}
	require.NoError(t, json.Unmarshal(snap["buckets"], &buckets))
	var at time.Time
	for _, b := range buckets {
		for _, e := range b.Entries {
			if b.Name == "meta" && e.Key == "clock" {
				var c struct{ At time.Time }
				require.NoError(t, json.Unmarshal(e.Value, &c))
				at = c.At
			}
		}
	}
	require.False(t, at.IsZero(), "the snapshot has a clock")
	for i, b := range buckets {
		if b.Name != "clock.effects" {
			continue
		}
		for j := range n {
			k := make([]byte, 20) // as the clock keys its queue: due seconds, nanoseconds, sequence
			binary.BigEndian.PutUint64(k, uint64(at.Unix())^1<<63)
			binary.BigEndian.PutUint64(k[12:], uint64(1_000_000+j))
			buckets[i].Entries = append(buckets[i].Entries, entry{Hex: hex.EncodeToString(k), Value: json.RawMessage(`{"k":"` + prefix + fmt.Sprint(j) + `","p":{}}`)})
		}
	}
	raw, err := json.Marshal(buckets)
	require.NoError(t, err)
	snap["buckets"] = raw
	out, err := json.Marshal(snap)
	require.NoError(t, err)
	require.True(t, strings.Contains(string(out), prefix+"0"), "the snapshot has a clock.effects bucket")
	return out
}
