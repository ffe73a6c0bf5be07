package httpapi

import (
	"encoding/json"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// The control plane's wire types: the sandbox's own, so the names are ours
// (camelCase, domain words), and each is built from domain values here.

type healthBody struct {
	Status     string           `json:"status"`
	Version    string           `json:"version"`
	NotApplied []notAppliedBody `json:"notApplied"`
	Reason     string           `json:"reason,omitempty"` // why the status is degraded
}

type notAppliedBody struct {
	Setting string `json:"setting"`
	Reason  string `json:"reason"`
	Fix     string `json:"fix"`
}

func newHealthBody(version string, notApplied []NotApplied, degraded string) healthBody {
	b := healthBody{Status: "ok", Version: version, NotApplied: []notAppliedBody{}}
	if degraded != "" {
		b.Status, b.Reason = "degraded", degraded
	}
	for _, n := range notApplied {
		b.NotApplied = append(b.NotApplied, notAppliedBody(n))
	}
	return b
}

type idsBody struct {
	IDs fixtures.IDs `json:"ids"` // kind → key → id
}

func newIDsBody(ids fixtures.IDs) idsBody {
	if ids == nil {
		ids = fixtures.IDs{}
	}
	return idsBody{IDs: ids}
}

// loadBody answers a fixture load: the ids, and how much was loaded in how
// long, so a client loading 100k entries sees what it got (rule D03).
type loadBody struct {
	idsBody
	Loaded    map[string]int `json:"loaded"` // list → entries
	ElapsedMs int64          `json:"elapsedMs"`
}

type clockBody struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
}

type happenedBody struct {
	At          time.Time `json:"at"`
	Kind        string    `json:"kind"`
	Ref         string    `json:"ref"`
	Description string    `json:"description"`
}

type advanceBody struct {
	clockBody
	Happened []happenedBody `json:"happened"`
	Stopped  *stoppedBody   `json:"stopped,omitempty"`
}

// stoppedBody says why an advance stopped short of its target; now is how
// far it got (rules R09 and R11).
type stoppedBody struct {
	Reason  string    `json:"reason"` // cap, cancelled, timeout, reset or shutdown
	Target  time.Time `json:"target"`
	Effects int       `json:"effects"` // the effects it ran
	Message string    `json:"message"`
}

func newHappenedBodies(hs []clock.Happened) []happenedBody {
	out := make([]happenedBody, 0, len(hs))
	for _, h := range hs {
		out = append(out, happenedBody{At: h.At, Kind: h.Kind, Ref: h.Ref, Description: h.Description})
	}
	return out
}

type refundAccountBody struct {
	BankCode      string `json:"bankCode"`
	AccountNumber string `json:"accountNumber"`
	HolderName    string `json:"holderName"`
}

type walletBody struct {
	ID                     uint64             `json:"id"`
	Key                    string             `json:"key,omitempty"`
	Type                   wallet.Type        `json:"type"`
	CompanyID              uint64             `json:"companyId,omitempty"`
	MasterID               uint64             `json:"masterId"`
	ManagerIDs             []uint64           `json:"managerIds,omitempty"`
	Status                 wallet.Status      `json:"status"`
	StatusBeforeSuspension wallet.Status      `json:"statusBeforeSuspension,omitempty"` // what lifting a sanction restores
	Postpaid               bool               `json:"postpaid"`
	PaidCash               int64              `json:"paidCash"`
	FreeCash               int64              `json:"freeCash"`
	RefundAccount          *refundAccountBody `json:"refundAccount,omitempty"`
	CreatedAt              time.Time          `json:"createdAt"`
	Connections            []connectionBody   `json:"connections,omitempty"` // the console's wallet detail only
}

type connectionBody struct {
	ID          uint64    `json:"id"`
	ChannelID   uint64    `json:"channelId,omitempty"`
	AdAccountID uint64    `json:"adAccountId,omitempty"`
	ConnectedAt time.Time `json:"connectedAt"`
}

func newConnectionBody(c wallet.Connection) connectionBody {
	return connectionBody{ID: c.ID, ChannelID: c.ChannelID, AdAccountID: c.AdAccountID, ConnectedAt: c.ConnectedAt}
}

func newWalletBody(w wallet.Wallet) walletBody {
	b := walletBody{ID: w.ID, Key: w.Key, Type: w.Type, CompanyID: w.CompanyID, MasterID: w.MasterID, ManagerIDs: w.ManagerIDs,
		Status: w.Status, StatusBeforeSuspension: w.StatusBeforeBan, Postpaid: w.Postpaid, PaidCash: w.PaidCash,
		FreeCash: w.FreeCash, CreatedAt: w.CreatedAt}
	if r := w.RefundAccount; r != nil {
		b.RefundAccount = &refundAccountBody{BankCode: r.BankCode, AccountNumber: r.AccountNumber, HolderName: r.HolderName}
	}
	return b
}

type grantBody struct {
	ID        uint64    `json:"id"`
	WalletID  uint64    `json:"walletId"`
	Amount    int64     `json:"amount"`
	Remaining int64     `json:"remaining"`
	ExpiresOn string    `json:"expiresOn"` // the last KST day it can be spent
	ExpiresAt time.Time `json:"expiresAt"` // the first instant it cannot
	Activated bool      `json:"activated"`
	// ConnectionID is the connection it came through; disconnecting reclaims it (W07).
	ConnectionID uint64 `json:"connectionId,omitempty"`
}

func newGrantBody(g wallet.Grant) grantBody {
	return grantBody{ID: g.ID, WalletID: g.WalletID, Amount: g.Amount, Remaining: g.Remaining, ExpiresOn: g.ExpiresOn,
		ExpiresAt: g.ExpiresAt, Activated: g.Activated, ConnectionID: g.ConnectionID}
}

type grantedBody struct {
	Grant  grantBody  `json:"grant"`
	Wallet walletBody `json:"wallet"`
}

type spendBody struct {
	Wallet       walletBody `json:"wallet"`
	FromFreeCash int64      `json:"fromFreeCash"`
	FromPaidCash int64      `json:"fromPaidCash"`
}

// sandboxVirtualAccountBody is a virtual account as the control plane shows
// it: everything the sandbox knows, where Moment shows only what Kakao does.
type sandboxVirtualAccountBody struct {
	AccountNumber    string                      `json:"accountNumber"`
	AccountOwnerName string                      `json:"accountOwnerName"`
	Amount           int64                       `json:"amount"`
	BankCode         string                      `json:"bankCode"`
	AdAccountID      uint64                      `json:"adAccountId"`
	WalletID         uint64                      `json:"walletId"`
	UserID           uint64                      `json:"userId"`
	CreatedAt        time.Time                   `json:"createdAt"`
	ExpiresAt        time.Time                   `json:"expiresAt"`
	Status           moment.VirtualAccountStatus `json:"status"`
	PaidAt           time.Time                   `json:"paidAt,omitzero"`
}

func newSandboxVirtualAccountBody(va moment.VirtualAccount) sandboxVirtualAccountBody {
	return sandboxVirtualAccountBody{AccountNumber: va.AccountNumber, AccountOwnerName: va.AccountOwnerName, Amount: va.Amount,
		BankCode: va.BankCode, AdAccountID: va.AdAccountID, WalletID: va.WalletID, UserID: va.UserID,
		CreatedAt: va.CreatedAt, ExpiresAt: va.ExpiresAt, Status: va.Status, PaidAt: va.PaidAt}
}

type depositBody struct {
	VirtualAccount sandboxVirtualAccountBody `json:"virtualAccount"`
	Wallet         walletBody                `json:"wallet"`
}

type scopeBody struct {
	Kind        string `json:"kind"`
	TokenHash   string `json:"tokenHash,omitempty"`
	AdAccountID uint64 `json:"adAccountId,omitempty"`
}

func newScopeBody(sc scenarios.Scope) scopeBody {
	return scopeBody{Kind: sc.Kind, TokenHash: sc.TokenHash, AdAccountID: sc.AdAccount}
}

type activationBody struct {
	Name  string    `json:"name"`
	Scope scopeBody `json:"scope"`
}

// scenarioBody shows a scenario in the scenario file format's own spelling
// (match, respond and steps as written), with where it is active.
type scenarioBody struct {
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Match       scenarios.Match    `json:"match"`
	Respond     *scenarios.Outcome `json:"respond,omitempty"`
	Steps       []scenarios.Step   `json:"steps,omitempty"`
	Times       uint64             `json:"times,omitempty"`
	After       uint64             `json:"after,omitempty"`
	Every       uint64             `json:"every,omitempty"`
	Builtin     bool               `json:"builtin"`
}

func newScenarioBody(sc *scenarios.Scenario) scenarioBody {
	return scenarioBody{Name: sc.Name, Description: sc.Description, Match: sc.Match, Respond: sc.Respond, Steps: sc.Steps,
		Times: sc.Times, After: sc.After, Every: sc.Every, Builtin: sc.Builtin}
}

type scenarioListBody struct {
	Scenarios []listedScenarioBody `json:"scenarios"`
}

// listedScenarioBody is a scenario with where it is active, if nowhere.
type listedScenarioBody struct {
	scenarioBody
	Active []activeScopeBody `json:"active"`
}

// activeScopeBody is a scope a scenario is on in, with its counts (rule
// D08): the matches counted, and the matches it still acts on unless it
// has no end.
type activeScopeBody struct {
	scopeBody
	Matched   uint64  `json:"matched"`
	Remaining *uint64 `json:"remaining,omitempty"`
}

func newScenarioListBody(list []scenarios.Listed) scenarioListBody {
	out := scenarioListBody{Scenarios: []listedScenarioBody{}}
	for _, l := range list {
		b := listedScenarioBody{scenarioBody: newScenarioBody(l.Scenario), Active: []activeScopeBody{}}
		for _, a := range l.Active {
			ab := activeScopeBody{scopeBody: newScopeBody(a.Scope), Matched: a.Matched}
			if left, limited := l.Remaining(a.Matched); limited {
				ab.Remaining = &left
			}
			b.Active = append(b.Active, ab)
		}
		out.Scenarios = append(out.Scenarios, b)
	}
	return out
}

type journalEntryBody struct {
	Time        time.Time         `json:"time"`
	RequestID   string            `json:"requestId,omitempty"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	OperationID string            `json:"operationId,omitempty"`
	Status      int               `json:"status"` // 0: the connection was dropped
	Code        int               `json:"code,omitempty"`
	LatencyMs   float64           `json:"latencyMs"`
	UserID      uint64            `json:"userId,omitempty"`
	AppID       uint64            `json:"appId,omitempty"`
	AdAccountID uint64            `json:"adAccountId,omitempty"`
	Scenario    string            `json:"scenario,omitempty"`
	Warnings    []string          `json:"warnings,omitempty"`
	Fields      map[string]string `json:"fields,omitempty"` // the JSON body's top-level scalar fields
	Body        string            `json:"body,omitempty"`   // only with --journal-bodies
	Response    string            `json:"response,omitempty"`
}

type requestsBody struct {
	Requests []journalEntryBody `json:"requests"`
	Count    int                `json:"count"`
}

// countBody answers a journal query that asked only for the count.
type countBody struct {
	Count int `json:"count"`
}

func newRequestsBody(entries []journal.Entry, total int) requestsBody {
	out := requestsBody{Requests: make([]journalEntryBody, 0, len(entries)), Count: total}
	for _, e := range entries {
		out.Requests = append(out.Requests, journalEntryBody{Time: e.Time, RequestID: e.RequestID, Method: e.Method, Path: e.Path,
			OperationID: e.OperationID, Status: e.Status, Code: e.Code, LatencyMs: e.LatencyMs, UserID: e.UserID, AppID: e.AppID,
			AdAccountID: e.AdAccountID, Scenario: e.Scenario, Warnings: e.Warnings, Fields: e.Fields, Body: e.Body, Response: e.Response})
	}
	return out
}

type clearedBody struct {
	Cleared int `json:"cleared"`
}

// reviewBody is a request Kakao reviews; its request is the kind's own
// payload, a JSON object.
type reviewBody struct {
	ID          uint64          `json:"id"`
	Kind        string          `json:"kind"`
	Subject     string          `json:"subject"`
	Request     json.RawMessage `json:"request"`
	Status      review.Status   `json:"status"`
	RequestedBy uint64          `json:"requestedBy,omitempty"`
	RequestedAt time.Time       `json:"requestedAt"`
	DecidedAt   *time.Time      `json:"decidedAt,omitempty"`
	Note        string          `json:"note,omitempty"`
	Outcome     string          `json:"outcome,omitempty"`
}

func newReviewBody(rv review.Review) reviewBody {
	return reviewBody{ID: rv.ID, Kind: rv.Kind, Subject: rv.Subject, Request: rv.Request, Status: rv.Status,
		RequestedBy: rv.RequestedBy, RequestedAt: rv.RequestedAt, DecidedAt: rv.DecidedAt, Note: rv.Note, Outcome: rv.Outcome}
}

type reviewsBody struct {
	Reviews []reviewBody `json:"reviews"`
}

// sandboxCompanyBody is a company as the control plane shows it, closure
// and all; Moment shows less (moment_wire.go's companyBody).
type sandboxCompanyBody struct {
	ID                         uint64 `json:"id"`
	Key                        string `json:"key,omitempty"`
	Name                       string `json:"name"`
	BusinessRegistrationNumber string `json:"businessRegistrationNumber"`
	RepresentativeName         string `json:"representativeName,omitempty"`
	Closed                     bool   `json:"closed"`
}

func newSandboxCompanyBody(c wallet.Company) sandboxCompanyBody {
	return sandboxCompanyBody{ID: c.ID, Key: c.Key, Name: c.Name, BusinessRegistrationNumber: c.BusinessRegistrationNumber,
		RepresentativeName: c.RepresentativeName, Closed: c.Closed}
}
