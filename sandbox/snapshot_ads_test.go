package sandbox_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// Rule R10 for the ads tree: a snapshot or a data file whose campaigns, ad
// groups and creatives break what the API would refuse, or whose
// references do not hold, is refused or reported, not served (a 500, a
// clock stuck at the next hour, dana's ad paid from acme's wallet).

func rulesAdsIntegrity(t *testing.T) {
	t.Run("R10_a_snapshot_s_ads_are_checked_like_the_api_s", r10SnapshotAdsAreChecked)
	t.Run("R10_check_reports_a_broken_ads_tree", r10CheckReportsABrokenAdsTree)
}

// setField sets field of the entity with id in bucket to value (JSON).
func setField(t *testing.T, d *snapDoc, bucket string, id uint64, field, value string) {
	t.Helper()
	for i, e := range d.bucket(bucket).Entries {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(e.Value, &m))
		if string(m["id"]) != fmt.Sprint(id) {
			continue
		}
		m[field] = json.RawMessage(value)
		out, err := json.Marshal(m)
		require.NoError(t, err)
		d.bucket(bucket).Entries[i].Value = out
		return
	}
	t.Fatalf("no %d in %s", id, bucket)
}

// indexKey is a parent→child index entry's key as a snapshot writes it,
// taken from an entry already there (as hex or as text).
func indexEntry(t *testing.T, d *snapDoc, bucket string, parent, child uint64) snapEntry {
	t.Helper()
	b := d.bucket(bucket)
	require.NotEmpty(t, b.Entries)
	k := fmt.Sprintf("%016x%016x", parent, child)
	if b.Entries[0].Hex != "" {
		return snapEntry{Hex: k, Value: json.RawMessage(`true`)}
	}
	return snapEntry{Key: k, Value: json.RawMessage(`true`)}
}

func r10SnapshotAdsAreChecked(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t) // the demo
	before := getSnapshot(t, sb)
	for name, tc := range map[string]struct {
		edit func(d *snapDoc)
		want []string
	}{
		// GET /adGroups/30003 answered 500: status.go found no ad account.
		"campaign_in_no_ad_account": {func(d *snapDoc) { setField(t, d, "ads.campaigns", 20003, "adAccountId", "99999") },
			[]string{"campaign 20003: its ad account 99999 does not exist"}},
		"ad_group_under_another_account_s_campaign": {func(d *snapDoc) { setField(t, d, "ads.adGroups", 30003, "campaignId", "20001") },
			[]string{"ad group 30003: its ad account is 10002, but its campaign 20001's is 10001"}},
		// dana's ad would be paid from acme's wallet.
		"creative_in_another_ad_account": {func(d *snapDoc) { setField(t, d, "ads.creatives", 40004, "adAccountId", "10001") },
			[]string{"creative 40004: its campaign and ad account are 20003 and 10001, but its ad group 30003's are 20003 and 10002"}},
		"creative_of_no_ad_group": {func(d *snapDoc) { setField(t, d, "ads.creatives", 40004, "adGroupId", "39999") },
			[]string{"creative 40004: its ad group 39999 does not exist"}},
		"index_entry_of_no_creative": {func(d *snapDoc) {
			b := d.bucket("ads.adGroupCreatives")
			b.Entries = append(b.Entries, indexEntry(t, d, "ads.adGroupCreatives", 30003, 49999))
		}, []string{`bucket "ads.adGroupCreatives"`, "creative 49999 is not one of 30003's"}},
		"creative_missing_from_its_index": {func(d *snapDoc) {
			b := d.bucket("ads.adGroupCreatives")
			b.Entries = b.Entries[:len(b.Entries)-1]
		}, []string{`bucket "ads.adGroupCreatives": 3 entries for 4 creatives`}},
		"campaign_type_unknown": {func(d *snapDoc) { setField(t, d, "ads.campaigns", 20003, "type", `"BOGUS"`) },
			[]string{`bucket "ads.campaigns" key 0000000000004e23`, "BOGUS × CONVERSION"}},
		"campaign_type_goal_not_creatable": {func(d *snapDoc) { setField(t, d, "ads.campaigns", 20003, "goal", `"REACH"`) },
			[]string{`bucket "ads.campaigns" key 0000000000004e23`, "DISPLAY × REACH"}},
		"campaign_without_a_name": {func(d *snapDoc) { setField(t, d, "ads.campaigns", 20003, "name", `""`) },
			[]string{`bucket "ads.campaigns" key 0000000000004e23`, "name: must not be empty"}},
		"campaign_budget_out_of_range": {func(d *snapDoc) { setField(t, d, "ads.campaigns", 20003, "dailyBudget", "7") },
			[]string{`bucket "ads.campaigns" key 0000000000004e23`, "dailyBudgetAmount: 7원"}},
		"ad_group_bid_negative": {func(d *snapDoc) { setField(t, d, "ads.adGroups", 30003, "bidAmount", "-100000") },
			[]string{`bucket "ads.adGroups" key 0000000000007533`, "bidAmount: -100000원"}},
		"ad_group_budget_negative": {func(d *snapDoc) { setField(t, d, "ads.adGroups", 30003, "dailyBudget", "-5") },
			[]string{`bucket "ads.adGroups" key 0000000000007533`, "dailyBudgetAmount: -5원"}},
		"ad_group_schedule_not_a_date": {func(d *snapDoc) { setField(t, d, "ads.adGroups", 30003, "schedule", `{"beginDate":"today"}`) },
			[]string{`bucket "ads.adGroups" key 0000000000007533`, `schedule.beginDate: "today"`}},
		"creative_format_unknown": {func(d *snapDoc) { setField(t, d, "ads.creatives", 40004, "format", `"HOLOGRAM"`) },
			[]string{`bucket "ads.creatives" key 0000000000009c44`, `format: "HOLOGRAM"`}},
	} {
		t.Run(name, func(t *testing.T) {
			msg := kakaoError(t, putSnapshot(sb, edited(t, before, tc.edit)), 400, -2, 0)
			contains(t, msg, tc.want...)
			assert.Equal(t, string(before), string(getSnapshot(t, sb)), "a refused snapshot changes nothing")
		})
	}
	// What was served before is served still: dana's ad group reads, and
	// the clock passes the next hours, which spend on the ads.
	demoGet(t, sb, demoDana, 10002, "/adGroups/30003")
	sb.Advance("3h")
	demoGet(t, sb, demoDana, 10002, "/adGroups/30003")

	t.Run("offline_load_checks_the_same", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		_, err := sandbox.LoadSnapshot(path, edited(t, before, func(d *snapDoc) { setField(t, d, "ads.adGroups", 30003, "campaignId", "20001") }))
		require.ErrorContains(t, err, "ad group 30003: its ad account is 10002, but its campaign 20001's is 10001")
		assert.NoFileExists(t, path)
	})
}

// A data file whose ads tree was broken by writing straight into bbolt (as
// an older build's snapshot load could): check reports it, and the sandbox
// refuses to start on it.
func r10CheckReportsABrokenAdsTree(t *testing.T) {
	t.Parallel()
	path := damagedDemoFile(t, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("ads.adGroups"))
		k := []byte{0, 0, 0, 0, 0, 0, 0x75, 0x33} // 30003
		var g map[string]any
		if err := json.Unmarshal(b.Get(k), &g); err != nil {
			return err
		}
		g["campaignId"] = 20001
		v, err := json.Marshal(g)
		if err != nil {
			return err
		}
		return b.Put(k, v)
	})

	report, err := sandbox.Check(path)
	require.NoError(t, err)
	assert.False(t, report.OK())
	require.Len(t, report.Problems, 1, "%v", report.Problems)
	contains(t, report.Problems[0], "ad group 30003: its ad account is 10002, but its campaign 20001's is 10001")

	_, err = sandbox.Open(sandbox.Config{DataPath: path})
	require.Error(t, err, "the start-up check refuses it")
	contains(t, err.Error(), path, "ad group 30003", "kakao-sandbox check --data")
}
