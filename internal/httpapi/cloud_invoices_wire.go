package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
)

type cloudInvoiceBody struct {
	BillingGroupID uint64                `json:"billingGroupId"`
	Month          string                `json:"month"`
	Status         cloud.InvoiceStatus   `json:"status"`
	UsageAmount    int64                 `json:"usageAmount"`
	CreditsUsed    int64                 `json:"creditsUsed"`
	SupplyAmount   int64                 `json:"supplyAmount"`
	VAT            int64                 `json:"vat"`
	LateFee        int64                 `json:"lateFee"`
	TotalAmount    int64                 `json:"totalAmount"`
	Projects       []cloudUsageLineBody  `json:"projects"`
	LateFees       []cloudLateFeeBody    `json:"lateFees"`
	IssuedAt       time.Time             `json:"issuedAt"`
	DueAt          time.Time             `json:"dueAt"`
	PaidAt         time.Time             `json:"paidAt,omitzero"`
	PaidBy         cloud.MethodType      `json:"paidBy,omitempty"`
	CardCharges    []cloudCardChargeBody `json:"cardCharges"`
	SalesSlip      *cloudSalesSlipBody   `json:"salesSlip,omitempty"`
	TaxInvoice     *cloudTaxInvoiceBody  `json:"taxInvoice,omitempty"`
}

type cloudUsageLineBody struct {
	ProjectID   uint64 `json:"projectId"`
	UsageAmount int64  `json:"usageAmount"`
	CreditsUsed int64  `json:"creditsUsed"`
}

type cloudLateFeeBody struct {
	InvoiceMonth string    `json:"invoiceMonth"`
	Amount       int64     `json:"amount"`
	AccruedAt    time.Time `json:"accruedAt"`
}

type cloudCardChargeBody struct {
	At        time.Time          `json:"at"`
	CardLast4 string             `json:"cardLast4"`
	Amount    int64              `json:"amount"`
	Result    cloud.ChargeResult `json:"result"`
}

type cloudSalesSlipBody struct {
	ApprovalNumber string    `json:"approvalNumber"`
	CardLast4      string    `json:"cardLast4"`
	Amount         int64     `json:"amount"`
	ApprovedAt     time.Time `json:"approvedAt"`
}

type cloudTaxInvoiceBody struct {
	IssuedAt     time.Time `json:"issuedAt"`
	SupplyAmount int64     `json:"supplyAmount"`
	VAT          int64     `json:"vat"`
}

func newCloudInvoiceBody(inv cloud.Invoice) cloudInvoiceBody {
	b := cloudInvoiceBody{BillingGroupID: inv.GroupID, Month: inv.Month, Status: inv.Status,
		UsageAmount: inv.Usage, CreditsUsed: inv.Credits, SupplyAmount: inv.Supply, VAT: inv.VAT, LateFee: inv.LateFee, TotalAmount: inv.Total,
		Projects: mapSlice(inv.Projects, newCloudUsageLineBody), LateFees: mapSlice(inv.LateFees, newCloudLateFeeBody),
		IssuedAt: inv.IssuedAt, DueAt: inv.DueAt, PaidAt: inv.PaidAt, PaidBy: inv.PaidBy,
		CardCharges: mapSlice(inv.CardCharges, newCloudCardChargeBody)}
	if sl := inv.SalesSlip; sl != nil {
		b.SalesSlip = &cloudSalesSlipBody{ApprovalNumber: sl.ApprovalNumber, CardLast4: sl.CardLast4, Amount: sl.Amount, ApprovedAt: sl.ApprovedAt}
	}
	if ti := inv.TaxInvoice; ti != nil {
		b.TaxInvoice = &cloudTaxInvoiceBody{IssuedAt: ti.IssuedAt, SupplyAmount: ti.SupplyAmount, VAT: ti.VAT}
	}
	return b
}

func newCloudUsageLineBody(l cloud.UsageLine) cloudUsageLineBody {
	return cloudUsageLineBody{ProjectID: l.ProjectID, UsageAmount: l.Amount, CreditsUsed: l.Credits}
}

func newCloudLateFeeBody(f cloud.LateFee) cloudLateFeeBody {
	return cloudLateFeeBody{InvoiceMonth: f.ForMonth, Amount: f.Amount, AccruedAt: f.AccruedAt}
}

func newCloudCardChargeBody(c cloud.CardCharge) cloudCardChargeBody {
	return cloudCardChargeBody{At: c.At, CardLast4: c.CardLast4, Amount: c.Amount, Result: c.Result}
}

type cloudInvoicesBody struct {
	Invoices []cloudInvoiceBody `json:"invoices"`
}

type cloudUsageBody struct {
	BillingGroupID uint64               `json:"billingGroupId"`
	Month          string               `json:"month"`
	UsageAmount    int64                `json:"usageAmount"`
	CreditsUsed    int64                `json:"creditsUsed"`
	Projects       []cloudUsageLineBody `json:"projects"`
	InvoiceIssueAt time.Time            `json:"invoiceIssueAt"`
}

func newCloudUsageBody(mu cloud.MonthUsage) cloudUsageBody {
	return cloudUsageBody{BillingGroupID: mu.GroupID, Month: mu.Month, UsageAmount: mu.Usage, CreditsUsed: mu.Credits,
		Projects: mapSlice(mu.Projects, newCloudUsageLineBody), InvoiceIssueAt: mu.IssueAt}
}
