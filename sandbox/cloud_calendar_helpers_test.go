package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// calendarFixture: one organisation whose admin "ada" is in every group, a
// Billing Manager "min" and a Billing Viewer "vic" in some, and one group
// for each way of paying (rule B03) or not (B01); and a second
// organisation whose main group has no payment method.
const calendarFixture = `
users:
  - {key: ada, name: 안다은}
  - {key: min, name: 민지호}
  - {key: vic, name: 변이찬}
apps: [{key: app, name: App, restApiKey: cloud-key, clientSecret: s, redirectUris: ["http://localhost/cb"], bizApp: true, consentItems: [moment_management]}]
tokens:
  - {token: cloud-admin, user: ada, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cloud-manager, user: min, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cloud-viewer, user: vic, app: app, type: business, scopes: [moment_management], expiresIn: 0}
cloud:
  organizations:
    - key: co
      name: 구름상사
      memberType: BUSINESS
      businessRegistrationNumber: "220-81-12345"
      members: [{user: ada, role: BILLING_ADMIN}, {user: min, role: BILLING_MANAGER}, {user: vic, role: BILLING_VIEWER}]
      billingGroups:
        - {key: main, main: true, name: 기본 결제 그룹, members: [ada, min, vic],
           paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000005", ownerType: NAMED_CORPORATE}}
        - {key: nopay, name: 결제 수단 없음, members: [ada, min]}
        - {key: declined, name: 거절되는 카드, members: [ada],
           paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000013", ownerType: NAMED_CORPORATE}}
        - {key: dedi, name: 전용 계좌, members: [ada], paymentMethod: {type: DEDICATED_ACCOUNT}}
      projects:
        - {key: web, name: web, billingGroup: main}
        - {key: ads, name: ads, billingGroup: nopay}
        - {key: ml, name: ml, billingGroup: declined}
        - {key: erp, name: erp, billingGroup: dedi}
        - {key: api, name: api, billingGroup: main}
    - key: bare
      name: 빈손상사
      memberType: INDIVIDUAL
      members: [{user: ada, role: BILLING_ADMIN}]
      billingGroups: [{key: main, main: true, name: 기본 결제 그룹, members: [ada]}]
      projects: [{key: app, name: app, billingGroup: main}]
`

// Tokens, groups and projects of calendarFixture.
const (
	calAdmin   = "cloud-admin"
	calManager = "cloud-manager"
	calViewer  = "cloud-viewer"

	calMain      = 1 // card ...0005
	calNoPay     = 2 // a sub-group without a payment method
	calDeclined  = 3 // card ...0013, declined
	calDedicated = 4 // dedicated account
	calBareMain  = 5 // organisation "bare"'s main group, no payment method
)

func newCalendarSandbox(t *testing.T, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	return sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithFixtures([]byte(calendarFixture)), sandboxtest.NoRateLimits}, opts...)...)
}

func calendarReq(method, path, token string, body any) req {
	return req{Method: method, Path: "/console/cloud/v1" + path, Token: token, Body: body}
}

type cloudInvoice struct {
	BillingGroupID int64  `json:"billingGroupId"`
	Month          string `json:"month"`
	Status         string `json:"status"`
	UsageAmount    int64  `json:"usageAmount"`
	CreditsUsed    int64  `json:"creditsUsed"`
	SupplyAmount   int64  `json:"supplyAmount"`
	VAT            int64  `json:"vat"`
	LateFee        int64  `json:"lateFee"`
	TotalAmount    int64  `json:"totalAmount"`
	Projects       []struct {
		ProjectID   int64 `json:"projectId"`
		UsageAmount int64 `json:"usageAmount"`
		CreditsUsed int64 `json:"creditsUsed"`
	} `json:"projects"`
	LateFees []struct {
		InvoiceMonth string    `json:"invoiceMonth"`
		Amount       int64     `json:"amount"`
		AccruedAt    time.Time `json:"accruedAt"`
	} `json:"lateFees"`
	IssuedAt    time.Time `json:"issuedAt"`
	DueAt       time.Time `json:"dueAt"`
	PaidAt      time.Time `json:"paidAt"`
	PaidBy      string    `json:"paidBy"`
	CardCharges []struct {
		At        time.Time `json:"at"`
		CardLast4 string    `json:"cardLast4"`
		Amount    int64     `json:"amount"`
		Result    string    `json:"result"`
	} `json:"cardCharges"`
	SalesSlip *struct {
		ApprovalNumber string    `json:"approvalNumber"`
		CardLast4      string    `json:"cardLast4"`
		Amount         int64     `json:"amount"`
		ApprovedAt     time.Time `json:"approvedAt"`
	} `json:"salesSlip"`
	TaxInvoice *struct {
		IssuedAt     time.Time `json:"issuedAt"`
		SupplyAmount int64     `json:"supplyAmount"`
		VAT          int64     `json:"vat"`
	} `json:"taxInvoice"`
}

func addCalendarUsageCall(sb *sandboxtest.Sandbox, project, month string, amount, credits int64) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/_sandbox/cloud/usage",
		Body: map[string]any{"project": project, "month": month, "amount": amount, "credits": credits}})
}

// addUsage adds usage and returns the group's running usage for the month.
func addCalendarUsage(t *testing.T, sb *sandboxtest.Sandbox, project, month string, amount, credits int64) map[string]any {
	t.Helper()
	r := addCalendarUsageCall(sb, project, month, amount, credits)
	require.Equal(t, 201, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func calendarInvoices(t *testing.T, sb *sandboxtest.Sandbox, token string, group int) []cloudInvoice {
	t.Helper()
	r := sb.Do(calendarReq("GET", fmt.Sprintf("/billing-groups/%d/invoices", group), token, nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out struct {
		Invoices []cloudInvoice `json:"invoices"`
	}
	r.Decode(t, &out)
	return out.Invoices
}

func calendarInvoice(t *testing.T, sb *sandboxtest.Sandbox, group int, month string) cloudInvoice {
	t.Helper()
	r := sb.Do(calendarReq("GET", fmt.Sprintf("/billing-groups/%d/invoices/%s", group, month), calAdmin, nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var inv cloudInvoice
	r.Decode(t, &inv)
	return inv
}

func calendarDepositCall(sb *sandboxtest.Sandbox, group int, month string, amount int64) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/cloud/billing-groups/%d/invoices/%s/deposits", group, month),
		Body: map[string]any{"amount": amount}})
}

// advanceTo moves the clock to an RFC 3339 time and reports what happened.
func advanceCalendarTo(t *testing.T, sb *sandboxtest.Sandbox, to string) sandboxtest.Advanced {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"to": to}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var a sandboxtest.Advanced
	r.Decode(t, &a)
	return a
}

// kst reads a KST wall time like "2026-02-01 00:00".
func kstTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, kakao.KST)
	require.NoError(t, err)
	return at
}

// ran lists what happened as "kind ref", in order.
func ranEffects(a sandboxtest.Advanced) []string {
	out := make([]string, 0, len(a.Happened))
	for _, h := range a.Happened {
		out = append(out, h.Kind+" "+h.Ref)
	}
	return out
}
