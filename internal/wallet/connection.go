package wallet

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A wallet pays for the channels and ad accounts connected to it (rule W04).
// The connection is the one record of that link: moment finds an ad
// account's wallet here, and free cash granted through a connection is
// reclaimed when it ends (W07).

const (
	connectionsBucket = "wallet.connections" // walletID + connectionID → Connection
	connectedBucket   = "wallet.connected"   // target → walletID + connectionID
)

// Connection links a wallet to one channel or one ad account.
type Connection struct {
	ID          uint64    `json:"id"`
	WalletID    uint64    `json:"walletId"`
	ChannelID   uint64    `json:"channelId,omitempty"`
	AdAccountID uint64    `json:"adAccountId,omitempty"`
	ConnectedAt time.Time `json:"connectedAt"`
}

func channelTarget(id uint64) []byte   { return store.Keys([]byte("c"), store.Key(id)) }
func adAccountTarget(id uint64) []byte { return store.Keys([]byte("a"), store.Key(id)) }

func (c Connection) target() []byte {
	if c.AdAccountID != 0 {
		return adAccountTarget(c.AdAccountID)
	}
	return channelTarget(c.ChannelID)
}

func (c Connection) key() []byte { return store.Keys(store.Key(c.WalletID), store.Key(c.ID)) }

// connectedTo finds the connection of a target, if it has one.
func connectedTo(tx *store.Tx, target []byte) (Connection, bool, error) {
	var key []byte
	ok, err := tx.Get(connectedBucket, target, &key)
	if err != nil || !ok {
		return Connection{}, false, err
	}
	var c Connection
	ok, err = tx.Get(connectionsBucket, key, &c)
	return c, ok, err
}

// connect links a wallet to c's target, which has no other wallet; linking
// it again to the same wallet changes nothing.
func connect(tx *store.Tx, c Connection) (Connection, error) {
	old, ok, err := connectedTo(tx, c.target())
	if err != nil {
		return c, err
	}
	if ok && old.WalletID == c.WalletID {
		return old, nil
	}
	if ok {
		return c, kakao.ErrAlreadyConnected.With("이미 월렛 %d에 연결되어 있습니다. 먼저 연결을 해제하세요.", old.WalletID)
	}
	if c.ID, err = tx.NextID(connectionsBucket); err != nil {
		return c, err
	}
	c.ConnectedAt = tx.Now()
	if err := tx.Put(connectionsBucket, c.key(), c); err != nil {
		return c, err
	}
	return c, tx.Put(connectedBucket, c.target(), c.key())
}

// unlink removes a connection, nothing more (see Service.Disconnect for the
// console's, which reclaims free cash).
func unlink(tx *store.Tx, c Connection) error {
	if err := tx.Delete(connectionsBucket, c.key()); err != nil {
		return err
	}
	return tx.Delete(connectedBucket, c.target())
}

// Connections lists a wallet's connections, oldest first.
func Connections(tx *store.Tx, walletID uint64) ([]Connection, error) {
	var out []Connection
	err := tx.Scan(connectionsBucket, store.Key(walletID), func(_, v []byte) (bool, error) {
		var c Connection
		if err := unmarshal(v, &c); err != nil {
			return false, err
		}
		out = append(out, c)
		return true, nil
	})
	return out, err
}

// AdAccountWallet finds the wallet connected to an ad account; ok is false
// when it has none.
func AdAccountWallet(tx *store.Tx, adAccountID uint64) (w Wallet, ok bool, err error) {
	c, ok, err := connectedTo(tx, adAccountTarget(adAccountID))
	if err != nil || !ok {
		return Wallet{}, false, err
	}
	w, err = GetWallet(tx, c.WalletID)
	return w, err == nil, err
}

// ConnectAdAccount links an ad account to a wallet, replacing any wallet it
// had, for fixtures: the console's connect goes through moment, which checks
// the ad account's side, and then ConnectAdAccountAs.
func ConnectAdAccount(tx *store.Tx, walletID, adAccountID uint64) error {
	old, ok, err := connectedTo(tx, adAccountTarget(adAccountID))
	if err != nil {
		return err
	}
	if ok && old.WalletID != walletID {
		if err := unlink(tx, old); err != nil {
			return err
		}
	}
	if walletID == 0 {
		return nil
	}
	if _, err := GetWallet(tx, walletID); err != nil {
		return err
	}
	_, err = connect(tx, Connection{WalletID: walletID, AdAccountID: adAccountID})
	return err
}
