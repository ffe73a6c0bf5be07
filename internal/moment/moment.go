// Package moment owns Kakao Moment's ad accounts, their members, business
// right, channel profiles and Pixel & SDK trackers, and the virtual accounts
// that charge an ad account's wallet by bank transfer. A deposit credits the
// wallet through package wallet, inside the same transaction.
//
// It uses wallet, store, clock and kakao; it must not import Gin, kin-openapi
// or httpapi.
package moment

import (
	"strconv"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

const (
	adAccountsBucket      = "moment.adAccounts"
	membersBucket         = "moment.members"     // adAccountID + userID → role
	membershipsBucket     = "moment.memberships" // userID + adAccountID → role
	virtualAccountsBucket = "moment.virtualAccounts"
	bizRightsSeq          = "moment.bizRights" // the sequence business right ids come from
)

// Config is ON, OFF or DEL, as Moment reports it.
type Config string

const (
	ConfigOn  Config = "ON"
	ConfigOff Config = "OFF"
	ConfigDel Config = "DEL"
)

// Role is a user's role on an ad account.
type Role string

const (
	RoleMaster Role = "MASTER"
	RoleMember Role = "MEMBER"
)

// BizRight is the business right (영업권) granted to an agency. Its id is
// kept with it, so it stays the same across restarts and snapshots.
type BizRight struct {
	ID         uint64 `json:"id,omitempty" yaml:"id"` // 0 in a fixture: assigned
	AgencyName string `json:"agencyName" yaml:"agencyName"`
}

// Tracker is a Pixel & SDK tracker (픽셀 & SDK) of an ad account.
type Tracker struct {
	TrackID string `json:"trackId" yaml:"trackId"`
	Name    string `json:"name" yaml:"name"`
}

// AdAccount is a Moment ad account; its money lives in its wallet.
type AdAccount struct {
	ID          uint64    `json:"id"`
	Key         string    `json:"key,omitempty"`
	Name        string    `json:"name"`
	CompanyID   uint64    `json:"companyId,omitempty"`
	Config      Config    `json:"config"`
	IsAdminStop bool      `json:"isAdminStop"`
	BizRight    *BizRight `json:"bizRight,omitempty"`
	// ChannelIDs are its Kakao Talk channels (wallet's channels), in the
	// fixture's order: the first is its talkChannelProfileId.
	ChannelIDs  []uint64  `json:"channelIds,omitempty"`
	Trackers    []Tracker `json:"trackers,omitempty"`
	CreditLimit int64     `json:"creditLimit,omitempty"`
}

// EntityRef gives Save the ad account's key and id.
func (a *AdAccount) EntityRef() (string, *uint64) { return a.Key, &a.ID }

// Member is a user's role on an ad account.
type Member struct {
	UserID uint64 `json:"userId"`
	Role   Role   `json:"role"`
}

// Service runs Moment operations, each in one transaction.
type Service struct {
	db       *store.DB
	wallets  *wallet.Service
	users    wallet.Users
	validity time.Duration
	expiry   clock.Kind[accountNumber]
}

// DefaultValidity is how long a virtual account takes deposits (rule V03).
const DefaultValidity = 7 * 24 * time.Hour

// NewService makes the Moment service and registers its clock effects.
// validity is how long a virtual account accepts its deposit (sandbox.Open
// checks it and fills in DefaultValidity); users finds
// the users that ad accounts name as members.
func NewService(db *store.DB, c *clock.Clock, wallets *wallet.Service, users wallet.Users, validity time.Duration) *Service {
	return &Service{
		db: db, wallets: wallets, users: users, validity: validity,
		expiry: clock.Register(c, "moment.virtualAccountExpiry", accountNumber.String, expireVirtualAccount),
	}
}

// authorize applies rule V05: the ad account exists and the user is one of
// its members; and the token's resource_ids reach it (else 9004 too). It runs
// inside the transaction that acts on the account.
func authorize(tx *store.Tx, c Caller, adAccountID uint64) (AdAccount, Role, error) {
	a, err := getAdAccount(tx, adAccountID)
	if err != nil {
		return a, "", err
	}
	var role Role
	ok, err := tx.Get(membersBucket, store.Keys(store.Key(adAccountID), store.Key(c.UserID)), &role)
	if err != nil {
		return a, "", err
	}
	if !ok {
		return a, "", kakao.ErrNoPermission
	}
	if !c.mayTouch(adAccountID) {
		return a, "", kakao.ErrNoPermission.With("이 토큰의 resource_ids에 광고계정 %d이 없습니다.", adAccountID)
	}
	return a, role, nil
}

func getAdAccount(tx *store.Tx, id uint64) (AdAccount, error) {
	var a AdAccount
	ok, err := tx.Get(adAccountsBucket, store.Key(id), &a)
	if err == nil && (!ok || a.Config == ConfigDel) {
		err = kakao.ErrAdAccountNotFound
	}
	return a, err
}

// Balance is the real-time balance of an ad account's wallet.
type Balance struct {
	AdAccountID uint64
	WalletID    uint64
	PaidCash    int64 // 유상캐시
	FreeCash    int64 // 무상캐시, activated or not
}

// Balance reads the balance of an ad account the user belongs to.
func (s *Service) Balance(c Caller, adAccountID uint64) (Balance, error) {
	var b Balance
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, adAccountID)
		if err != nil {
			return err
		}
		w, err := walletOf(tx, a)
		if err != nil {
			return err
		}
		b = Balance{AdAccountID: a.ID, WalletID: w.ID, PaidCash: w.PaidCash, FreeCash: w.FreeCash}
		return nil
	})
	return b, err
}

// walletOf is the wallet connected to an ad account (rule W04).
func walletOf(tx *store.Tx, a AdAccount) (wallet.Wallet, error) {
	w, ok, err := wallet.AdAccountWallet(tx, a.ID)
	if err == nil && !ok {
		err = kakao.ErrNoWallet.With("광고계정 %d에 연결된 월렛이 없습니다.", a.ID)
	}
	return w, err
}

// Spend simulates ad spend on an ad account's wallet (control plane).
func (s *Service) Spend(adAccountID uint64, amount int64) (wallet.Spent, error) {
	var out wallet.Spent
	err := s.db.Update(func(tx *store.Tx) error {
		a, err := getAdAccount(tx, adAccountID)
		if err != nil {
			return err
		}
		w, err := walletOf(tx, a)
		if err != nil {
			return err
		}
		out, err = s.wallets.Spend(tx, w.ID, amount, "adAccount:"+strconv.FormatUint(a.ID, 10))
		return err
	})
	return out, err
}
