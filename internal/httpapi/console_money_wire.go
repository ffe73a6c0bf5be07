package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// Wire types of the console's charges and refunds.

type chargeBody struct {
	ID             uint64              `json:"id"`
	WalletID       uint64              `json:"walletId"`
	Method         wallet.ChargeMethod `json:"method"`
	Amount         int64               `json:"amount"`
	Refunded       int64               `json:"refunded"`
	CardLast4      string              `json:"cardLast4,omitempty"`
	VirtualAccount string              `json:"virtualAccount,omitempty"`
	ChargedAt      time.Time           `json:"chargedAt"`
}

func newChargeBody(c wallet.ChargeRecord) chargeBody {
	return chargeBody{ID: c.ID, WalletID: c.WalletID, Method: c.Method, Amount: c.Amount, Refunded: c.Refunded,
		CardLast4: c.CardLast4, VirtualAccount: c.VirtualAccount, ChargedAt: c.ChargedAt}
}

type chargesBody struct {
	Charges []chargeBody `json:"charges"`
}

type chargedBody struct {
	Charge chargeBody `json:"charge"`
	Wallet walletBody `json:"wallet"`
}

type refundPartBody struct {
	ChargeID uint64              `json:"chargeId,omitempty"` // absent: paid cash no charge explains
	Method   wallet.ChargeMethod `json:"method"`
	Amount   int64               `json:"amount"`
}

type refundBody struct {
	ID            uint64              `json:"id"`
	WalletID      uint64              `json:"walletId"`
	Amount        int64               `json:"amount,omitempty"` // absent: a full refund
	Status        wallet.RefundStatus `json:"status"`
	RequestedBy   uint64              `json:"requestedBy"`
	RequestedAt   time.Time           `json:"requestedAt"`
	ConfirmAt     time.Time           `json:"confirmAt"`
	ConfirmedAt   time.Time           `json:"confirmedAt,omitzero"`
	Refunded      int64               `json:"refunded,omitempty"`
	Parts         []refundPartBody    `json:"parts,omitempty"`
	FailureReason string              `json:"failureReason,omitempty"`
	RefundAccount refundAccountBody   `json:"refundAccount"`
}

func newRefundBody(r wallet.Refund) refundBody {
	b := refundBody{ID: r.ID, WalletID: r.WalletID, Amount: r.Amount, Status: r.Status, RequestedBy: r.RequestedBy,
		RequestedAt: r.RequestedAt, ConfirmAt: r.ConfirmAt, ConfirmedAt: r.ConfirmedAt, Refunded: r.Refunded,
		FailureReason: r.FailureReason, RefundAccount: refundAccountBody(r.Account)}
	if len(r.Parts) > 0 {
		b.Parts = mapSlice(r.Parts, func(p wallet.RefundPart) refundPartBody { return refundPartBody(p) })
	}
	return b
}

type refundsBody struct {
	Refunds []refundBody `json:"refunds"`
}
