package webhook

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

func TestValidateNamesTheField(t *testing.T) {
	ok := Settings{
		Unlink:        &UnlinkSetting{URL: "http://127.0.0.1:3000/unlink?k=v", Method: "GET"},
		AccountStatus: &AccountStatusSetting{URL: "https://app.example/sse", Events: []string{"user-unlinked", "user-profile-changed"}},
		Channel:       &ChannelSetting{URL: "http://localhost/ch"},
	}
	require.NoError(t, ok.Validate())
	require.NoError(t, Settings{}.Validate())
	for field, s := range map[string]Settings{
		"webhooks.unlink.url":    {Unlink: &UnlinkSetting{URL: "", Method: "GET"}},
		"webhooks.unlink.method": {Unlink: &UnlinkSetting{URL: "http://x/", Method: "get"}},
		"webhooks.channel.url":   {Channel: &ChannelSetting{URL: "http://user:pw@x/"}},
		"webhooks.unlink.url: \"http://127.0.0.1:99999/u\": the port": {Unlink: &UnlinkSetting{URL: "http://127.0.0.1:99999/u", Method: "GET"}},
		"webhooks.channel.url: \"http://x/c?q=a b\" is not a URL":     {Channel: &ChannelSetting{URL: "http://x/c?q=a b"}},
		"webhooks.accountStatus.url":                                  {AccountStatus: &AccountStatusSetting{URL: "mailto:a@b"}},
		"webhooks.accountStatus.events":                               {AccountStatus: &AccountStatusSetting{URL: "http://x/", Events: []string{"tokens-revoked", "tokens-revoked"}}},
	} {
		err := s.Validate()
		ke, isKakao := kakao.As(err)
		require.True(t, isKakao, "%s: %v", field, err)
		assert.Equal(t, -2, ke.Code)
		assert.Contains(t, ke.Msg, field)
	}
	uri, known := EventURI("user-profile-changed")
	assert.True(t, known)
	assert.Equal(t, "https://schemas.kakao.com/platevent/kakao/event-type/user-profile-changed", uri)
}

func TestSuccessPerKind(t *testing.T) {
	assert.True(t, Success(KindUnlink, 200))
	assert.False(t, Success(KindUnlink, 204))
	assert.True(t, Success(KindChannel, 204))
	assert.False(t, Success(KindChannel, 302))
	assert.True(t, Success(KindAccountStatus, 202))
	assert.False(t, Success(KindAccountStatus, 200))
}

// TestQueueCallsOnlyTheSettingsURL: Queue refuses a request to any URL but
// the app's setting for its kind (its query a GET adds aside), in the
// caller's transaction, which then stores nothing.
func TestQueueCallsOnlyTheSettingsURL(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "w.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	s := New(db, DefaultConfig())
	set := Settings{Unlink: &UnlinkSetting{URL: "http://127.0.0.1:1/unlink?k=v", Method: "GET"}}
	good := UnlinkRequest(set, 7, "key", 3, "ACCOUNT_DELETE", "test")
	assert.Equal(t, "http://127.0.0.1:1/unlink?app_id=7&k=v&referrer_type=ACCOUNT_DELETE&user_id=3", good.URL)
	for name, r := range map[string]Request{
		"another host":   {AppID: 7, Kind: KindUnlink, Method: "GET", URL: "http://127.0.0.2:1/unlink?k=v"},
		"another path":   {AppID: 7, Kind: KindUnlink, Method: "GET", URL: "http://127.0.0.1:1/other?k=v"},
		"the query lost": {AppID: 7, Kind: KindUnlink, Method: "GET", URL: "http://127.0.0.1:1/unlink"},
		"a kind not set": {AppID: 7, Kind: KindChannel, Method: "POST", URL: "http://127.0.0.1:1/unlink?k=v"},
		"no app":         {Kind: KindUnlink, Method: "GET", URL: good.URL},
		"a method":       {AppID: 7, Kind: KindUnlink, Method: http.MethodPut, URL: good.URL},
	} {
		err := db.Update(func(tx *store.Tx) error { _, err := s.Queue(tx, set, r); return err })
		assert.Error(t, err, name)
	}
	var id uint64
	require.NoError(t, db.Update(func(tx *store.Tx) (err error) { id, err = s.Queue(tx, set, good); return err }))
	ds, err := s.Deliveries(Filter{})
	require.NoError(t, err)
	require.Len(t, ds, 1, "only the good request was stored")
	assert.Equal(t, id, ds[0].ID)
	assert.Equal(t, OutcomeQueued, ds[0].Standing())
	assert.Equal(t, "KakaoAK ***", ds[0].Request.Header["Authorization"])
}

func TestBackoffGrowsTenfold(t *testing.T) {
	s := New(nil, Config{RetryDelay: time.Second})
	assert.Equal(t, []time.Duration{time.Second, 10 * time.Second, 100 * time.Second, 24 * time.Hour},
		[]time.Duration{s.backoff(1), s.backoff(2), s.backoff(3), s.backoff(9)})
}

// TestTheLogKeepsTheLastLogSize: a new delivery forgets the one LogSize
// before it once it has ended.
func TestTheLogKeepsTheLastLogSize(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "w.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	s := New(db, DefaultConfig())
	set := Settings{Channel: &ChannelSetting{URL: "http://127.0.0.1:1/ch"}}
	r := Request{AppID: 1, Kind: KindChannel, Method: "POST", URL: "http://127.0.0.1:1/ch"}
	require.NoError(t, db.Update(func(tx *store.Tx) error {
		for range LogSize + 1 {
			id, err := s.Queue(tx, set, r)
			if err == nil {
				err = s.record(tx, id, Attempt{Status: 204})
			}
			if err != nil {
				return err
			}
		}
		return nil
	}))
	ds, err := s.Deliveries(Filter{Outcome: OutcomeDelivered})
	require.NoError(t, err)
	assert.Len(t, ds, LogSize)
	assert.EqualValues(t, LogSize+1, ds[0].ID)
	assert.EqualValues(t, 2, ds[len(ds)-1].ID)
}

// TestTheLogForgetsADeliveryThatWasQueuedWhenItsTurnCame: a delivery still
// queued when the one LogSize after it is queued stays until it ends, and
// is forgotten after (found by the outside check hostile23: it stayed for
// good, so a burst against a slow receiver grew the log past LogSize).
func TestTheLogForgetsADeliveryThatWasQueuedWhenItsTurnCame(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "w.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	s := New(db, DefaultConfig())
	set := Settings{Channel: &ChannelSetting{URL: "http://127.0.0.1:1/ch"}}
	r := Request{AppID: 1, Kind: KindChannel, Method: "POST", URL: "http://127.0.0.1:1/ch"}
	var slow uint64
	require.NoError(t, db.Update(func(tx *store.Tx) (err error) {
		if slow, err = s.Queue(tx, set, r); err != nil {
			return err
		}
		for range LogSize {
			id, err := s.Queue(tx, set, r)
			if err == nil {
				err = s.record(tx, id, Attempt{Status: 204})
			}
			if err != nil {
				return err
			}
		}
		return nil
	}))
	all, err := s.Deliveries(Filter{})
	require.NoError(t, err)
	assert.Equal(t, LogSize+1, len(all), "the queued one stays while queued")
	require.NoError(t, db.Update(func(tx *store.Tx) error { return s.record(tx, slow, Attempt{Status: 204}) }))
	require.NoError(t, db.Update(func(tx *store.Tx) error {
		id, err := s.Queue(tx, set, r)
		if err == nil {
			err = s.record(tx, id, Attempt{Status: 204})
		}
		return err
	}))
	all, err = s.Deliveries(Filter{})
	require.NoError(t, err)
	assert.Equal(t, LogSize, len(all), "once ended, it goes with the next delivery queued")
	assert.EqualValues(t, LogSize+2, all[0].ID)
	assert.EqualValues(t, 3, all[len(all)-1].ID)
}

// A stray outbox entry of a delivery that has ended (a hand-edited or old
// snapshot's) is dropped, not sent: the sender once called the app in a
// loop for one, the log showing a single attempt.
func TestAStrayOutboxEntryOfAnEndedDeliveryIsDropped(t *testing.T) {
	var calls atomic.Int64
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { calls.Add(1) }))
	defer app.Close()
	db, err := store.Open(filepath.Join(t.TempDir(), "w.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	s := New(db, DefaultConfig())
	set := Settings{Channel: &ChannelSetting{URL: app.URL + "/ch"}}
	require.NoError(t, db.Update(func(tx *store.Tx) error {
		id, err := s.Queue(tx, set, Request{AppID: 1, Kind: KindChannel, Method: "POST", URL: app.URL + "/ch"})
		if err == nil {
			err = s.record(tx, id, Attempt{Status: 204})
		}
		if err == nil {
			err = tx.Put(outboxBucket, store.Key(id), &due{At: time.Now().Add(-time.Second)})
		}
		return err
	}))
	outbox := func() (n int) {
		require.NoError(t, db.View(func(tx *store.Tx) error {
			return tx.Scan(outboxBucket, nil, func(_, _ []byte) (bool, error) { n++; return true, nil })
		}))
		return n
	}
	require.Equal(t, 1, outbox())
	s.Start()
	require.Eventually(t, func() bool { return outbox() == 0 }, 5*time.Second, 10*time.Millisecond, "the stray entry is dropped")
	s.Close()
	assert.Zero(t, calls.Load(), "an ended delivery is never sent again")
}
