package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// Wire types of the wallet console. Wallet, Grant and Connection bodies are
// shared with the control plane (control_wire.go).

// mapSlice converts every element; an empty input gives an empty, not a
// null, JSON array.
func mapSlice[T, B any](in []T, conv func(T) B) []B {
	out := make([]B, len(in))
	for i, v := range in {
		out[i] = conv(v)
	}
	return out
}

type identityBody struct {
	UserID           uint64 `json:"userId"`
	IdentityVerified bool   `json:"identityVerified"`
}

type channelBody struct {
	ID           uint64             `json:"id"`
	Key          string             `json:"key,omitempty"`
	Name         string             `json:"name"`
	Type         wallet.ChannelType `json:"type"`
	MasterID     uint64             `json:"masterId"`
	WalletID     uint64             `json:"walletId,omitempty"`
	ConnectionID uint64             `json:"connectionId,omitempty"`
}

func newChannelBody(ch wallet.ChannelView) channelBody {
	b := channelBody{ID: ch.ID, Key: ch.Key, Name: ch.Name, Type: ch.Type, MasterID: ch.MasterID}
	if c := ch.Connection; c != nil {
		b.WalletID, b.ConnectionID = c.WalletID, c.ID
	}
	return b
}

type channelsBody struct {
	Channels []channelBody `json:"channels"`
}

type walletsBody struct {
	Wallets []walletBody `json:"wallets"`
}

func newWalletDetailBody(d wallet.Detail) walletBody {
	b := newWalletBody(d.Wallet)
	b.Connections = mapSlice(d.Connections, newConnectionBody)
	return b
}

type disconnectedBody struct {
	Connection        connectionBody `json:"connection"`
	ReclaimedFreeCash int64          `json:"reclaimedFreeCash"`
	Wallet            walletBody     `json:"wallet"`
}

type grantsBody struct {
	Grants []grantBody `json:"grants"`
}

type ledgerEntryBody struct {
	Seq      uint64    `json:"seq"`
	At       time.Time `json:"at"`
	Kind     string    `json:"kind"`
	PaidCash int64     `json:"paidCash"`
	FreeCash int64     `json:"freeCash"`
	GrantID  uint64    `json:"grantId,omitempty"`
	Ref      string    `json:"ref,omitempty"`
}

func newLedgerEntryBody(e wallet.Entry) ledgerEntryBody {
	return ledgerEntryBody{Seq: e.Seq, At: e.At, Kind: e.Kind, PaidCash: e.Paid, FreeCash: e.Free, GrantID: e.GrantID, Ref: e.Ref}
}

type ledgerPageBody struct {
	Entries  []ledgerEntryBody `json:"entries"`
	Page     int               `json:"page"`
	Size     int               `json:"size"`
	Total    int               `json:"total"`
	PaidCash int64             `json:"paidCash"`
	FreeCash int64             `json:"freeCash"`
}

func newLedgerPageBody(p wallet.LedgerPage) ledgerPageBody {
	return ledgerPageBody{Entries: mapSlice(p.Entries, newLedgerEntryBody), Page: p.Page, Size: p.Size, Total: p.Total,
		PaidCash: p.Wallet.PaidCash, FreeCash: p.Wallet.FreeCash}
}

type taxInvoiceBody struct {
	WalletID      uint64               `json:"walletId"`
	Month         string               `json:"month"`
	SupplyAmount  int64                `json:"supplyAmount"`
	VAT           int64                `json:"vat"`
	TotalAmount   int64                `json:"totalAmount"`
	Status        wallet.InvoiceStatus `json:"status"`
	IssueAt       time.Time            `json:"issueAt"`
	IssuedAt      time.Time            `json:"issuedAt,omitzero"`
	FailureReason string               `json:"failureReason,omitempty"`
	Corrections   int                  `json:"corrections"`
}

func newTaxInvoiceBody(inv wallet.TaxInvoice) taxInvoiceBody {
	return taxInvoiceBody{WalletID: inv.WalletID, Month: inv.Month, SupplyAmount: inv.SupplyAmount, VAT: inv.VAT(),
		TotalAmount: inv.Total(), Status: inv.Status, IssueAt: inv.IssueAt, IssuedAt: inv.IssuedAt,
		FailureReason: inv.FailureReason, Corrections: inv.Corrections}
}

type taxInvoicesBody struct {
	TaxInvoices []taxInvoiceBody `json:"taxInvoices"`
}
