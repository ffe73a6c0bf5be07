package sandboxtest

import "time"

// The helpers' results mirror the sandbox's answers field for field
// (internal/openapi/openapi.yaml); the schema each mirrors is named in its comment.

// TokenParams is what MintToken asks POST /_sandbox/tokens for.
type TokenParams struct {
	User        string   `json:"user"`                  // a user's key or id
	App         string   `json:"app"`                   // an app's key, id or REST API key
	Type        string   `json:"type"`                  // "business" or "login"
	Scopes      []string `json:"scopes,omitempty"`      // consent items, e.g. moment_management
	ResourceIDs []string `json:"resourceIds,omitempty"` // "moment:10001" or "moment:*"; none: every ad account of the user
	ExpiresIn   int64    `json:"expiresIn,omitempty"`   // seconds of sandbox time; 0 never expires
	Token       string   `json:"token,omitempty"`       // fixed token text (8 to 200 characters); random when empty
}

// VirtualAccount is Kakao's answer to a virtual-account request (schema
// VirtualAccount).
type VirtualAccount struct {
	AccountNumber    string `json:"accountNumber"`
	AccountOwnerName string `json:"accountOwnerName"` // the wallet's business name
	Amount           int64  `json:"amount"`
	BankCode         string `json:"bankCode"`
	BankName         string `json:"bankName"`   // the short name: 88 is 신한
	ExpireDttm       string `json:"expireDttm"` // KST without a zone: 2006-01-02T15:04:05.000
}

// SandboxVirtualAccount is the sandbox's full record of a virtual account
// (schema SandboxVirtualAccount).
type SandboxVirtualAccount struct {
	AccountNumber    string    `json:"accountNumber"`
	AccountOwnerName string    `json:"accountOwnerName"`
	Amount           int64     `json:"amount"`
	BankCode         string    `json:"bankCode"`
	AdAccountID      int64     `json:"adAccountId"`
	WalletID         int64     `json:"walletId"`
	UserID           int64     `json:"userId"` // who asked for it
	CreatedAt        time.Time `json:"createdAt"`
	ExpiresAt        time.Time `json:"expiresAt"`
	Status           string    `json:"status"` // WAITING, PAID or EXPIRED
	PaidAt           time.Time `json:"paidAt"` // zero until paid
}

// Wallet is a wallet as the control plane shows it (schema Wallet).
type Wallet struct {
	ID                     int64          `json:"id"`
	Key                    string         `json:"key"` // its fixture key, if it came from one
	Type                   string         `json:"type"`
	CompanyID              int64          `json:"companyId"`
	MasterID               int64          `json:"masterId"`
	ManagerIDs             []int64        `json:"managerIds"`
	Status                 string         `json:"status"` // ON, OFF or SUSPENDED
	StatusBeforeSuspension string         `json:"statusBeforeSuspension"`
	Postpaid               bool           `json:"postpaid"`
	PaidCash               int64          `json:"paidCash"` // 유상캐시
	FreeCash               int64          `json:"freeCash"` // 무상캐시, activated or not
	RefundAccount          *RefundAccount `json:"refundAccount"`
	CreatedAt              time.Time      `json:"createdAt"`
	Connections            []Connection   `json:"connections"` // filled by the console's wallet detail only
}

// Connection links a wallet to the channel or ad account it pays for.
type Connection struct {
	ID          int64     `json:"id"`
	ChannelID   int64     `json:"channelId"`
	AdAccountID int64     `json:"adAccountId"`
	ConnectedAt time.Time `json:"connectedAt"`
}

// RefundAccount is where a wallet's refunds go.
type RefundAccount struct {
	BankCode      string `json:"bankCode"`
	AccountNumber string `json:"accountNumber"`
	HolderName    string `json:"holderName"`
}

// Deposit is what a simulated bank transfer did: the virtual account, now
// PAID, and the wallet it credited.
type Deposit struct {
	VirtualAccount SandboxVirtualAccount `json:"virtualAccount"`
	Wallet         Wallet                `json:"wallet"`
}

// Spent is how a simulated ad spend was paid for: free cash first, then paid
// cash.
type Spent struct {
	Wallet       Wallet `json:"wallet"`
	FromFreeCash int64  `json:"fromFreeCash"`
	FromPaidCash int64  `json:"fromPaidCash"`
}

// FreeCashGrant is free cash (무상캐시) given to a wallet (schema Grant).
type FreeCashGrant struct {
	ID        int64     `json:"id"`
	WalletID  int64     `json:"walletId"`
	Amount    int64     `json:"amount"`
	Remaining int64     `json:"remaining"`
	ExpiresOn string    `json:"expiresOn"` // the last KST day it can be spent
	ExpiresAt time.Time `json:"expiresAt"` // the first instant it no longer can
	Activated bool      `json:"activated"`
	// ConnectionID is the connection it came through; disconnecting reclaims it.
	ConnectionID int64 `json:"connectionId"`
}

// Grant is what GrantFreeCash did: the grant, and the wallet after it.
type Grant struct {
	FreeCashGrant `json:"grant"`
	Wallet        Wallet `json:"wallet"`
}

// Advanced is the sandbox time after Advance and what happened on the way.
type Advanced struct {
	Now      time.Time  `json:"now"` // in KST
	Frozen   bool       `json:"frozen"`
	Happened []Happened `json:"happened"` // in time order
}

// Happened is one effect that fell due: a virtual account expiring unpaid,
// free cash expiring.
type Happened struct {
	At          time.Time `json:"at"`
	Kind        string    `json:"kind"`
	Ref         string    `json:"ref"` // what it applied to, e.g. an account number
	Description string    `json:"description"`
}

// ScenarioScope says where ActivateScenario switches a failure scenario on.
// The zero value is global; for one request, send the X-Sandbox-Scenario
// header instead.
type ScenarioScope struct {
	Scope       string `json:"scope,omitempty"`       // "global", "token" or "adAccount"
	Token       string `json:"token,omitempty"`       // with Scope "token"
	AdAccountID int64  `json:"adAccountId,omitempty"` // with Scope "adAccount"
}

// RequestFilter selects journal entries for Requests; empty fields select
// everything.
type RequestFilter struct {
	Operation string            // an operationId, e.g. createVirtualAccount
	Status    int               // the HTTP status answered
	Code      int               // the Kakao code answered, e.g. -813
	User      int64             // the user's id
	AdAccount int64             // the ad account acted on
	Since     time.Time         // wall-clock time, not sandbox time
	Body      map[string]string // top-level fields of the JSON request body
	Limit     int               // at most this many, newest first; 0: the sandbox's default of 100
}

// JournalEntry is one request the sandbox received (schema JournalEntry).
type JournalEntry struct {
	Time        time.Time         `json:"time"` // wall-clock time
	RequestID   string            `json:"requestId"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	OperationID string            `json:"operationId"`
	Status      int               `json:"status"` // 0: the connection was dropped
	Code        int               `json:"code"`
	LatencyMs   float64           `json:"latencyMs"`
	UserID      int64             `json:"userId"`
	AppID       int64             `json:"appId"`
	AdAccountID int64             `json:"adAccountId"`
	Scenario    string            `json:"scenario"` // the failure scenario applied
	Warnings    []string          `json:"warnings"`
	Fields      map[string]string `json:"fields"`   // the JSON body's top-level scalar fields
	Body        string            `json:"body"`     // only with Config.JournalBodies
	Response    string            `json:"response"` // only with Config.JournalBodies
}
