// Package wallet owns the advertiser's money (월렛): companies, channels,
// wallets, free-cash grants and the append-only ledger whose sum is always
// the balance (rule W15). Every rule about charging and spending lives here.
//
// It uses store, clock and kakao; it must not import Gin, kin-openapi, httpapi
// or moment (moment uses wallet, not the other way round).
package wallet

import (
	"slices"
	"time"
)

const (
	companiesBucket = "wallet.companies"
	channelsBucket  = "wallet.channels"
	walletsBucket   = "wallet.wallets"
	grantsBucket    = "wallet.grants" // walletID + grantID
	ledgerBucket    = "wallet.ledger" // walletID + seq
)

// Type is fixed at creation (docs/kakao-api.md §6).
type Type string

const (
	TypeBusiness Type = "BUSINESS" // 사업자 월렛: business number, bank transfer, tax invoices
	TypePersonal Type = "PERSONAL" // 개인 월렛: credit card only
)

// Status is a wallet's state (rule W12).
type Status string

const (
	StatusOn        Status = "ON"        // 사용중: charge, spend, refund
	StatusOff       Status = "OFF"       // 사용중지: charge and refund, no spend
	StatusSuspended Status = "SUSPENDED" // 정지: refund only
)

// ChargeMethod is how paid cash arrives.
type ChargeMethod string

const (
	BankTransfer ChargeMethod = "BANK_TRANSFER" // 무통장입금, through a virtual account
	CreditCard   ChargeMethod = "CREDIT_CARD"
)

// Company is a business as registered with Kakao Business.
type Company struct {
	ID                         uint64 `json:"id"`
	Key                        string `json:"key,omitempty"`
	Name                       string `json:"name"`
	BusinessRegistrationNumber string `json:"businessRegistrationNumber"`
	RepresentativeName         string `json:"representativeName,omitempty"`
	// Closed (휴·폐업): its wallets' tax invoices fail to issue (W06).
	Closed bool `json:"closed"`
}

// EntityRef gives Save the company's key and id.
func (c *Company) EntityRef() (string, *uint64) { return c.Key, &c.ID }

// ChannelType says whether a Kakao Talk channel is a business channel.
type ChannelType string

const (
	ChannelBusiness ChannelType = "BUSINESS"
	ChannelGeneral  ChannelType = "GENERAL"
)

// Channel is a Kakao Talk channel that a wallet can be connected to.
type Channel struct {
	ID       uint64      `json:"id"`
	Key      string      `json:"key,omitempty"`
	Name     string      `json:"name"`
	Type     ChannelType `json:"type"`
	MasterID uint64      `json:"masterId"`
}

// EntityRef gives Save the channel's key and id.
func (ch *Channel) EntityRef() (string, *uint64) { return ch.Key, &ch.ID }

// RefundAccount is where refunds go (rule W11).
type RefundAccount struct {
	BankCode      string `json:"bankCode" yaml:"bankCode"`
	AccountNumber string `json:"accountNumber" yaml:"accountNumber"`
	HolderName    string `json:"holderName" yaml:"holderName"`
}

// Wallet holds paid and free cash. PaidCash and FreeCash are kept in the same
// transaction as every ledger entry, and always equal the ledger's sums.
type Wallet struct {
	ID              uint64         `json:"id"`
	Key             string         `json:"key,omitempty"`
	Type            Type           `json:"type"`
	CompanyID       uint64         `json:"companyId,omitempty"`
	MasterID        uint64         `json:"masterId"`
	ManagerIDs      []uint64       `json:"managerIds,omitempty"`
	Status          Status         `json:"status"`
	StatusBeforeBan Status         `json:"statusBeforeSuspension,omitempty"`
	Postpaid        bool           `json:"postpaid"`
	PaidCash        int64          `json:"paidCash"`
	FreeCash        int64          `json:"freeCash"`
	RefundAccount   *RefundAccount `json:"refundAccount,omitempty"`
	CreatedAt       time.Time      `json:"createdAt"`
}

// IsMember reports whether the user is the wallet's master or a manager (W03).
func (w Wallet) IsMember(userID uint64) bool {
	return w.MasterID == userID || slices.Contains(w.ManagerIDs, userID)
}

// EntityRef gives Save the wallet's key and id.
func (w *Wallet) EntityRef() (string, *uint64) { return w.Key, &w.ID }

// Grant is free cash (무상캐시) given to a wallet: spendable once activated,
// until the end of its expiry day (rule W13).
type Grant struct {
	ID        uint64    `json:"id"`
	WalletID  uint64    `json:"walletId"`
	Amount    int64     `json:"amount"`
	Remaining int64     `json:"remaining"`
	ExpiresOn string    `json:"expiresOn"` // KST date, inclusive
	ExpiresAt time.Time `json:"expiresAt"` // the first instant it is no longer usable
	Activated bool      `json:"activated"`
	// ConnectionID is the connection it was granted through; disconnecting
	// reclaims it (W07). 0: granted to the wallet itself.
	ConnectionID uint64 `json:"connectionId,omitempty"`
}

// Usable reports whether the grant can pay for spend at now.
func (g Grant) Usable(now time.Time) bool {
	return g.Activated && g.Remaining > 0 && now.Before(g.ExpiresAt)
}

// Entry is one ledger line. Paid and Free are signed deltas.
type Entry struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Paid    int64     `json:"paid"`
	Free    int64     `json:"free"`
	GrantID uint64    `json:"grantId,omitempty"`
	Ref     string    `json:"ref,omitempty"`
}

// Ledger entry kinds.
const (
	EntryOpening     = "OPENING"      // a fixture's starting balance
	EntryAdjust      = "ADJUST"       // a replacing fixture's new balance
	EntryCharge      = "CHARGE"       // paid cash in
	EntrySpend       = "SPEND"        // ad spend, free cash first
	EntryRefund      = "REFUND"       // paid cash back to the refund account
	EntryFreeGrant   = "FREE_GRANT"   // free cash granted
	EntryFreeExpire  = "FREE_EXPIRE"  // free cash past its date
	EntryFreeReclaim = "FREE_RECLAIM" // free cash taken back
	// EntryAdCorrection is ad spend given back as paid cash by the
	// sandbox's invalid-traffic correction (the sandbox's own kind).
	EntryAdCorrection = "AD_CORRECTION"
)

// EntryKinds are every ledger entry kind, the values /metrics counts them under.
var EntryKinds = []string{EntryOpening, EntryAdjust, EntryCharge, EntrySpend, EntryRefund, EntryFreeGrant, EntryFreeExpire, EntryFreeReclaim, EntryAdCorrection}
