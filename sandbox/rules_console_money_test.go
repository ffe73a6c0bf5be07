package sandbox_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The console's charges, refund account and refunds (rule W02, W08, W09,
// W11, W12, W14, W15, B10), on testdata/rules.yaml: wallet 1 healthy-w
// (500,000 paid, 10,000 free, refund account of (주)하늘테크, company 하늘테크 with
// representative 한하늘), 2 personal-w of 오세아 (30,000), 3 SUSPENDED (주식회사
// 멈춤상사, 120,000), 4 OFF (꺼짐푸드, 80,000), 5 empty; none but 1 has a refund
// account.

const (
	personalWallet = 2
	offWallet      = 4
	emptyWallet    = 5

	goodCard     = "9410000000000005"
	declinedCard = "9410000000000013"
)

type chargeView struct {
	ID             int64  `json:"id"`
	WalletID       int64  `json:"walletId"`
	Method         string `json:"method"`
	Amount         int64  `json:"amount"`
	Refunded       int64  `json:"refunded"`
	CardLast4      string `json:"cardLast4"`
	VirtualAccount string `json:"virtualAccount"`
	ChargedAt      string `json:"chargedAt"`
}

type refundPartView struct {
	ChargeID int64  `json:"chargeId"`
	Method   string `json:"method"`
	Amount   int64  `json:"amount"`
}

type refundView struct {
	ID            int64            `json:"id"`
	WalletID      int64            `json:"walletId"`
	Amount        *int64           `json:"amount"`
	Status        string           `json:"status"`
	RequestedBy   int64            `json:"requestedBy"`
	RequestedAt   time.Time        `json:"requestedAt"`
	ConfirmAt     time.Time        `json:"confirmAt"`
	ConfirmedAt   *time.Time       `json:"confirmedAt"`
	Refunded      int64            `json:"refunded"`
	Parts         []refundPartView `json:"parts"`
	FailureReason string           `json:"failureReason"`
	RefundAccount map[string]any   `json:"refundAccount"`
}

func walletPath(wallet int, rest string) string {
	return fmt.Sprintf("/console/v1/wallets/%d%s", wallet, rest)
}

func chargeReq(token string, wallet int, amount int64, card string) req {
	return req{Method: "POST", Path: walletPath(wallet, "/charges"), Token: token, Body: map[string]any{"amount": amount, "cardNumber": card}}
}

// refundReq asks for amount back; 0 asks for a full refund.
func refundReq(token string, wallet int, amount int64) req {
	body := map[string]any{}
	if amount != 0 {
		body["amount"] = amount
	}
	return req{Method: "POST", Path: walletPath(wallet, "/refunds"), Token: token, Body: body}
}

func refundAccountReq(token string, wallet int, bank, holder string) req {
	return req{Method: "PUT", Path: walletPath(wallet, "/refund-account"), Token: token,
		Body: map[string]any{"bankCode": bank, "accountNumber": "110-555-123456", "holderName": holder}}
}

// charge charges by card and returns the charge; it must succeed.
func charge(t *testing.T, sb *sandboxtest.Sandbox, token string, wallet int, amount int64) chargeView {
	t.Helper()
	r := sb.Do(chargeReq(token, wallet, amount, goodCard))
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var out struct {
		Charge chargeView     `json:"charge"`
		Wallet map[string]any `json:"wallet"`
	}
	r.Decode(t, &out)
	return out.Charge
}

// requestRefund asks for a refund; it must be accepted.
func requestRefund(t *testing.T, sb *sandboxtest.Sandbox, token string, wallet int, amount int64) refundView {
	t.Helper()
	r := sb.Do(refundReq(token, wallet, amount))
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var out refundView
	r.Decode(t, &out)
	return out
}

func setRefundAccount(t *testing.T, sb *sandboxtest.Sandbox, token string, wallet int, holder string) {
	t.Helper()
	r := sb.Do(refundAccountReq(token, wallet, "88", holder))
	require.Equal(t, 200, r.Status, "%s", r.Body)
}

func listCharges(t *testing.T, sb *sandboxtest.Sandbox, token string, wallet int) []chargeView {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: walletPath(wallet, "/charges"), Token: token})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out struct {
		Charges []chargeView `json:"charges"`
	}
	r.Decode(t, &out)
	return out.Charges
}

func listRefunds(t *testing.T, sb *sandboxtest.Sandbox, token string, wallet int) []refundView {
	t.Helper()
	r := sb.Do(req{Method: "GET", Path: walletPath(wallet, "/refunds"), Token: token})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var out struct {
		Refunds []refundView `json:"refunds"`
	}
	r.Decode(t, &out)
	return out.Refunds
}

type ledgerEntryView struct {
	Kind     string `json:"kind"`
	PaidCash int64  `json:"paidCash"`
	FreeCash int64  `json:"freeCash"`
	Ref      string `json:"ref"`
}

// ledger reads a wallet's whole ledger a page of three at a time, newest
// first, and checks that it sums to the balance the pages show (rule W15).
func ledger(t *testing.T, sb *sandboxtest.Sandbox, token string, wallet int) (entries []ledgerEntryView, paid int64) {
	t.Helper()
	var sumPaid, sumFree int64
	for page := 0; ; page++ {
		r := sb.Do(req{Method: "GET", Path: walletPath(wallet, fmt.Sprintf("/cash?page=%d&size=3", page)), Token: token})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var p struct {
			Entries  []ledgerEntryView `json:"entries"`
			Total    int               `json:"total"`
			PaidCash int64             `json:"paidCash"`
			FreeCash int64             `json:"freeCash"`
		}
		r.Decode(t, &p)
		for _, e := range p.Entries {
			sumPaid += e.PaidCash
			sumFree += e.FreeCash
		}
		entries = append(entries, p.Entries...)
		if len(entries) >= p.Total {
			require.Equal(t, p.PaidCash, sumPaid, "paid cash is the sum of the ledger's pages")
			require.Equal(t, p.FreeCash, sumFree, "free cash is the sum of the ledger's pages")
			sb.RequireLedger()
			return entries, p.PaidCash
		}
		require.NotEmpty(t, p.Entries, "page %d of %d entries is empty", page, p.Total)
	}
}

func verifyIdentity(sb *sandboxtest.Sandbox, token, code string) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/console/v1/identity-verification", Token: token, Body: map[string]any{"code": code}})
}

func rulesConsoleMoney(t *testing.T) {

	t.Run("W08_identity_verified_before_charge_and_refund", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		ids := sb.LoadFixtures([]byte(`
wallets:
  - {key: outsider-w, type: BUSINESS, company: sky, master: outsider, paidCash: 40000,
     refundAccount: {bankCode: "04", accountNumber: "220111222333", holderName: 한하늘}}
`))
		w := int(ids["wallets"]["outsider-w"])
		contains(t, kakaoError(t, sb.Do(chargeReq(outsider, w, 10000, goodCard)), 403, -6, kakao.ErrIdentityNotVerified.DetailCode), "충전", "본인인증")
		contains(t, kakaoError(t, sb.Do(refundReq(outsider, w, 10000)), 403, -6, kakao.ErrIdentityNotVerified.DetailCode), "환불", "본인인증")
		assert.Empty(t, listCharges(t, sb, outsider, w), "a refused charge stores nothing")
		assert.Empty(t, listRefunds(t, sb, outsider, w), "a refused refund stores nothing")

		kakaoError(t, verifyIdentity(sb, outsider, "123456"), 400, -2, kakao.ErrVerificationCode.DetailCode)
		kakaoError(t, sb.Do(chargeReq(outsider, w, 10000, goodCard)), 403, -6, kakao.ErrIdentityNotVerified.DetailCode)
		r := verifyIdentity(sb, outsider, "000000")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, true, r.JSON(t)["identityVerified"])

		assert.EqualValues(t, 10000, charge(t, sb, outsider, w, 10000).Amount)
		assert.Equal(t, "PENDING", requestRefund(t, sb, outsider, w, 5000).Status)
	})

	t.Run("W03_members_charge_and_refund_others_cannot", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		c := charge(t, sb, member, healthyWallet, 20000) // a manager may
		assert.Equal(t, "CREDIT_CARD", c.Method)
		r := requestRefund(t, sb, member, healthyWallet, 20000)
		assert.EqualValues(t, 2, r.RequestedBy)
		kakaoError(t, sb.Do(chargeReq(outsider, healthyWallet, 20000, goodCard)), 403, -5, kakao.ErrNotWalletMember.DetailCode)
		kakaoError(t, sb.Do(refundReq(outsider, healthyWallet, 1000)), 403, -5, kakao.ErrNotWalletMember.DetailCode)
		kakaoError(t, sb.Do(req{Method: "GET", Path: walletPath(healthyWallet, "/charges"), Token: outsider}), 403, -5, kakao.ErrNotWalletMember.DetailCode)
		kakaoError(t, sb.Do(req{Method: "GET", Path: walletPath(healthyWallet, "/refunds"), Token: personal}), 403, -5, kakao.ErrNotWalletMember.DetailCode)
		kakaoError(t, sb.Do(refundAccountReq(member, healthyWallet, "88", "하늘테크")), 403, -5, kakao.ErrNotWalletMaster.DetailCode)
	})

	t.Run("W09_personal_wallet_charges_by_card", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		c := charge(t, sb, personal, personalWallet, 15000)
		assert.Equal(t, "CREDIT_CARD", c.Method)
		assert.Equal(t, "0005", c.CardLast4)
		assert.Equal(t, []chargeView{c}, listCharges(t, sb, personal, personalWallet))
		_, paid := ledger(t, sb, personal, personalWallet)
		assert.EqualValues(t, 45000, paid)
	})

	t.Run("W11_refund_account_holder_is_the_business_or_the_master", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		for _, holder := range []string{"하늘테크", "주식회사 하늘테크", "㈜ 하늘 테크", "한하늘"} {
			r := sb.Do(refundAccountReq(master, healthyWallet, "88", holder))
			require.Equal(t, 200, r.Status, "%s: %s", holder, r.Body)
			assert.Equal(t, holder, r.JSON(t)["refundAccount"].(map[string]any)["holderName"])
		}
		msg := kakaoError(t, sb.Do(refundAccountReq(master, healthyWallet, "04", "김철수")), 400, -2, kakao.ErrRefundHolder.DetailCode)
		contains(t, msg, "김철수", "W11")
		contains(t, kakaoError(t, sb.Do(refundAccountReq(master, healthyWallet, "99", "한하늘")), 400, -2, 0), "bankCode", "99")
		w := sb.Do(req{Method: "GET", Path: walletPath(healthyWallet, ""), Token: master}).JSON(t)
		assert.Equal(t, map[string]any{"bankCode": "88", "accountNumber": "110-555-123456", "holderName": "한하늘"}, w["refundAccount"],
			"a refused account is not stored: the one before stays")

		// A wallet without a business: the master's own name only.
		kakaoError(t, sb.Do(refundAccountReq(personal, personalWallet, "04", "하늘테크")), 400, -2, kakao.ErrRefundHolder.DetailCode)
		kakaoError(t, sb.Do(refundAccountReq(personal, personalWallet, "04", "세아")), 400, -2, kakao.ErrRefundHolder.DetailCode)
		_, hasAccount := sb.Do(req{Method: "GET", Path: walletPath(personalWallet, ""), Token: personal}).JSON(t)["refundAccount"]
		assert.False(t, hasAccount)
		setRefundAccount(t, sb, personal, personalWallet, "오세아")
	})

	t.Run("W14_minimum_charge_and_a_refund_account_first", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		for _, amount := range []int64{999, 0, -1000} {
			kakaoError(t, sb.Do(chargeReq(master, healthyWallet, amount, goodCard)), 400, -2, kakao.ErrChargeTooSmall.DetailCode)
		}
		assert.EqualValues(t, 1000, charge(t, sb, master, healthyWallet, 1000).Amount)
		kakaoError(t, sb.Do(refundReq(master, emptyWallet, 0)), 403, -6, kakao.ErrNoRefundAccount.DetailCode)
		kakaoError(t, sb.Do(refundReq(master, healthyWallet, 501001)), 400, -2, kakao.ErrRefundAmount.DetailCode)
		assert.Empty(t, listRefunds(t, sb, master, healthyWallet))
	})

	t.Run("W14_refund_confirmed_after_an_hour_latest_charges_first", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		first := charge(t, sb, master, healthyWallet, 10000)
		acct := issue(sb, master, healthyAds, 30000)
		sb.Deposit(acct, 30000) // a bank transfer is a charge too
		latest := charge(t, sb, member, healthyWallet, 20000)
		cs := listCharges(t, sb, master, healthyWallet)
		require.Len(t, cs, 3)
		transfer := cs[1]
		assert.Equal(t, []int64{latest.ID, transfer.ID, first.ID}, []int64{cs[0].ID, cs[1].ID, cs[2].ID}, "newest first")
		assert.Equal(t, "BANK_TRANSFER", transfer.Method)
		assert.Equal(t, acct, transfer.VirtualAccount)

		r := requestRefund(t, sb, master, healthyWallet, 45000)
		assert.Equal(t, "PENDING", r.Status)
		require.NotNil(t, r.Amount)
		assert.EqualValues(t, 45000, *r.Amount)
		assert.Equal(t, time.Hour, r.ConfirmAt.Sub(r.RequestedAt))
		assert.Equal(t, "(주)하늘테크", r.RefundAccount["holderName"], "the account is copied at the request")
		kakaoError(t, sb.Do(refundReq(member, healthyWallet, 1000)), 403, -6, kakao.ErrRefundPending.DetailCode)
		setRefundAccount(t, sb, master, healthyWallet, "한하늘")

		assert.Empty(t, sb.Advance("59m").Happened)
		assert.Equal(t, "PENDING", listRefunds(t, sb, master, healthyWallet)[0].Status)
		_, paid := ledger(t, sb, master, healthyWallet)
		assert.EqualValues(t, 560000, paid, "nothing moves before confirmation")

		happened := sb.Advance("1m").Happened
		require.Len(t, happened, 1)
		contains(t, happened[0].Description, "completed", "45000")
		done := listRefunds(t, sb, master, healthyWallet)[0]
		assert.Equal(t, "COMPLETED", done.Status)
		assert.EqualValues(t, 45000, done.Refunded)
		assert.Equal(t, r.ConfirmAt, *done.ConfirmedAt)
		assert.Equal(t, "(주)하늘테크", done.RefundAccount["holderName"])
		assert.Equal(t, []refundPartView{{latest.ID, "CREDIT_CARD", 20000}, {transfer.ID, "BANK_TRANSFER", 25000}}, done.Parts)
		cs = listCharges(t, sb, master, healthyWallet)
		assert.Equal(t, []int64{20000, 25000, 0}, []int64{cs[0].Refunded, cs[1].Refunded, cs[2].Refunded})
		entries, paid := ledger(t, sb, master, healthyWallet)
		assert.EqualValues(t, 515000, paid)
		assert.Equal(t, ledgerEntryView{Kind: "REFUND", PaidCash: -45000, Ref: fmt.Sprintf("refund:%d", r.ID)}, entries[0])

		// Past the charges, the rest is the opening balance.
		r = requestRefund(t, sb, member, healthyWallet, 30000)
		sb.Advance("1h")
		done = listRefunds(t, sb, master, healthyWallet)[0]
		assert.Equal(t, r.ID, done.ID)
		assert.Equal(t, []refundPartView{{transfer.ID, "BANK_TRANSFER", 5000}, {first.ID, "CREDIT_CARD", 10000}, {0, "BALANCE", 15000}}, done.Parts)
		_, paid = ledger(t, sb, master, healthyWallet)
		assert.EqualValues(t, 485000, paid)
	})

	t.Run("W14_full_refund_amount_fixed_at_confirmation", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		setRefundAccount(t, sb, master, offWallet, "유꺼짐")
		r := requestRefund(t, sb, master, offWallet, 0)
		assert.Nil(t, r.Amount, "a full refund has no amount until it is confirmed")
		c := charge(t, sb, master, offWallet, 5000)
		sb.Advance("1h")
		done := listRefunds(t, sb, master, offWallet)[0]
		assert.Equal(t, "COMPLETED", done.Status)
		assert.EqualValues(t, 85000, done.Refunded, "the paid cash at confirmation")
		assert.Equal(t, []refundPartView{{c.ID, "CREDIT_CARD", 5000}, {0, "BALANCE", 80000}}, done.Parts)
		_, paid := ledger(t, sb, master, offWallet)
		assert.Zero(t, paid)
		requestRefund(t, sb, master, offWallet, 0) // nothing left: accepted, and fails when confirmed
		contains(t, sb.Advance("1h").Happened[0].Description, "failed", "nothing to refund")
		assert.Equal(t, "FAILED", listRefunds(t, sb, master, offWallet)[0].Status)

		// Spent below the amount meanwhile: it fails, nothing moves.
		setRefundAccount(t, sb, personal, personalWallet, "오세아")
		requestRefund(t, sb, personal, personalWallet, 10000)
		sb.Spend(personalAds, 25000)
		contains(t, sb.Advance("1h").Happened[0].Description, "failed")
		failed := listRefunds(t, sb, personal, personalWallet)[0]
		assert.Equal(t, "FAILED", failed.Status)
		contains(t, failed.FailureReason, "5000", "10000")
		_, paid = ledger(t, sb, personal, personalWallet)
		assert.EqualValues(t, 5000, paid)
	})

	t.Run("W14_refund_fails_when_the_balance_went_negative", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		ids := sb.LoadFixtures([]byte(`
companies: [{key: later, name: 외상상사, businessRegistrationNumber: "604-81-45678", representativeName: 구외상}]
wallets:
  - {key: later-w, type: BUSINESS, company: later, master: master, postpaid: true, paidCash: 20000,
     refundAccount: {bankCode: "04", accountNumber: "220333444555", holderName: 외상상사}}
adAccounts:
  - {key: later-ads, id: 20009, name: 외상 광고계정, company: later, wallet: later-w, config: ON, members: [{user: master, role: MASTER}]}
`))
		w, ads := int(ids["wallets"]["later-w"]), ids["adAccounts"]["later-ads"]
		requestRefund(t, sb, master, w, 10000)
		sb.Spend(ads, 25000) // postpaid: paid cash goes to -5,000
		happened := sb.Advance("1h").Happened
		require.Len(t, happened, 1)
		contains(t, happened[0].Description, "failed", "balance negative")
		failed := listRefunds(t, sb, master, w)[0]
		assert.Equal(t, "FAILED", failed.Status)
		contains(t, failed.FailureReason, "balance negative")
		assert.Empty(t, failed.Parts)
		assert.NotNil(t, failed.ConfirmedAt)
		_, paid := ledger(t, sb, master, w)
		assert.EqualValues(t, -5000, paid, "nothing moved")

		kakaoError(t, sb.Do(refundReq(master, w, 1000)), 403, -6, kakao.ErrRefundNegative.DetailCode)
		kakaoError(t, sb.Do(refundReq(master, w, 0)), 403, -6, kakao.ErrRefundNegative.DetailCode)
	})

	t.Run("W12_suspended_refunds_only_off_charges_and_refunds", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		kakaoError(t, sb.Do(chargeReq(master, suspendedWallet, 10000, goodCard)), 403, -6, kakao.ErrWalletSuspended.DetailCode)
		setRefundAccount(t, sb, master, suspendedWallet, "멈춤상사")
		assert.Equal(t, "PENDING", requestRefund(t, sb, master, suspendedWallet, 20000).Status)
		sb.Advance("1h")
		assert.Equal(t, "COMPLETED", listRefunds(t, sb, master, suspendedWallet)[0].Status)
		_, paid := ledger(t, sb, master, suspendedWallet)
		assert.EqualValues(t, 100000, paid)

		assert.EqualValues(t, 3000, charge(t, sb, master, offWallet, 3000).Amount)
		setRefundAccount(t, sb, master, offWallet, "꺼짐푸드")
		requestRefund(t, sb, master, offWallet, 3000)
		sb.Advance("1h")
		assert.Equal(t, "COMPLETED", listRefunds(t, sb, master, offWallet)[0].Status)
		_, paid = ledger(t, sb, master, offWallet)
		assert.EqualValues(t, 80000, paid)
	})

	t.Run("B10_test_cards_only_and_never_stored", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, func(c *sandbox.Config) { c.JournalBodies = true })
		refused := map[string]*kakao.Error{
			declinedCard:          kakao.ErrCardDeclined,
			"9410000000000021":    kakao.ErrCardDebit,
			"9410000000000039":    kakao.ErrCardPrepaid,
			"9410000000000047":    kakao.ErrCardGift,
			"9410000000000054":    kakao.ErrCardExpired,
			"4111111111111111":    kakao.ErrCardNotTest,
			"5500 0000 0000 0004": kakao.ErrCardNotTest,
		}
		for number, want := range refused {
			kakaoError(t, sb.Do(chargeReq(master, healthyWallet, 10000, number)), want.Status, want.Code, want.DetailCode)
		}
		c := charge(t, sb, master, healthyWallet, 10000)
		assert.Equal(t, "0005", c.CardLast4)
		r := sb.Do(chargeReq(master, healthyWallet, 10000, "9410-0000-0000-0005")) // dashes and spaces are ignored
		require.Equal(t, 201, r.Status, "%s", r.Body)

		cs := listCharges(t, sb, master, healthyWallet)
		require.Len(t, cs, 2, "refused cards store no charge")
		entries, paid := ledger(t, sb, master, healthyWallet)
		assert.EqualValues(t, 520000, paid)
		assert.Len(t, entries, 4, "opening, free grant and two charges: refused cards reach no ledger")

		// The journal (bodies on) shows no more of a card number than its last four digits.
		var journal struct {
			Requests []struct {
				Fields map[string]string `json:"fields"`
				Body   string            `json:"body"`
			} `json:"requests"`
		}
		sb.Do(req{Method: "GET", Path: "/_sandbox/requests?operation=chargeWallet"}).Decode(t, &journal)
		require.Len(t, journal.Requests, len(refused)+2)
		masked := regexp.MustCompile(`^\*+\d{4}$`)
		for _, e := range journal.Requests {
			var body struct {
				CardNumber string `json:"cardNumber"`
			}
			require.NoError(t, json.Unmarshal([]byte(e.Body), &body), e.Body)
			assert.Regexp(t, masked, body.CardNumber, "body %s", e.Body)
			assert.Regexp(t, masked, e.Fields["cardNumber"])
		}
	})

	t.Run("W15_ledger_pages_sum_to_the_balance", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		charge(t, sb, master, healthyWallet, 7000)
		sb.Spend(healthyAds, 12000) // 10,000 free, then 2,000 paid
		requestRefund(t, sb, member, healthyWallet, 4000)
		charge(t, sb, member, healthyWallet, 3000)
		sb.Advance("1h")
		requestRefund(t, sb, master, healthyWallet, 0)
		sb.Spend(healthyAds, 1500)
		sb.Advance("1h")
		entries, paid := ledger(t, sb, master, healthyWallet)
		assert.Zero(t, paid, "the full refund took everything left")
		kinds := make([]string, len(entries))
		for i, e := range entries {
			kinds[i] = e.Kind
		}
		assert.Equal(t, []string{"REFUND", "SPEND", "REFUND", "CHARGE", "SPEND", "CHARGE", "FREE_GRANT", "OPENING"}, kinds)
	})
}
