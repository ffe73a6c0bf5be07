package kakao

import "net/http"

// Console errors: the wallet console is modelled (Kakao exposes it only as web
// pages), so every detail code here is the sandbox's own. The body is kapi's,
// with a common code (-2 invalid, -5 no permission, -6 not allowed now) and
// extras naming the rule (docs/errors.md). When one of these surfaces on a
// Moment call, Moment's shape wraps it: 400, -813 KakaoMomentException, the
// same detail code.

func consoleErr(code, detailCode int, msg, detailMsg string) *Error {
	status := http.StatusForbidden // -5 and -6 (docs/kakao-api.md §2.1)
	if code == -2 {
		status = http.StatusBadRequest
	}
	return &Error{Status: status, Code: code, Msg: msg, DetailCode: detailCode, DetailMsg: detailMsg, Source: SourceSandbox}
}

// Charging, spending and wallet states (W02, W09, W12, W14, R03).
var (
	ErrBankTransferPersonal = consoleErr(-6, 99001, "not allowed for a personal wallet", "개인 월렛은 신용카드로만 충전할 수 있습니다. (W09)")
	ErrWalletSuspended      = consoleErr(-6, 99002, "the wallet is suspended", "정지된 월렛은 충전하거나 소진할 수 없습니다. 환불만 가능합니다. (W02)")
	ErrWalletOff            = consoleErr(-6, 99003, "the wallet is OFF", "사용중지(OFF)된 월렛에서는 캐시를 소진할 수 없습니다. (W12)")
	ErrChargeTooSmall       = consoleErr(-2, 99004, "invalid amount", "유상캐시는 1,000원 이상 1원 단위로 충전할 수 있습니다. (W14)")
	ErrInsufficientCash     = consoleErr(-6, 99005, "not enough cash", "캐시 잔액이 부족합니다. (R03)")
	ErrWalletStatusLocked   = consoleErr(-6, 99006, "the wallet is suspended", "정지된 월렛의 상태는 카카오만 바꿀 수 있습니다. (W02)")
	ErrNoWallet             = consoleErr(-6, 99014, "no wallet", "광고계정에 연결된 월렛이 없습니다.")
)

// Deleting a wallet: one code per unmet condition (W01).
var (
	ErrDeleteNotOff          = consoleErr(-6, 99031, "the wallet cannot be deleted", "월렛 상태가 OFF(사용중지)가 아닙니다. (W01)")
	ErrDeleteBizRight        = consoleErr(-6, 99032, "the wallet cannot be deleted", "영업권이 해제되지 않은 광고계정이 연결되어 있습니다. (W01)")
	ErrDeletePaidCash        = consoleErr(-6, 99033, "the wallet cannot be deleted", "유상캐시 잔액이 0원이 아닙니다. (W01)")
	ErrDeletePostpaid        = consoleErr(-6, 99034, "the wallet cannot be deleted", "후불 월렛은 삭제할 수 없습니다. (W01)")
	ErrDeletePendingRefund   = consoleErr(-6, 99035, "the wallet cannot be deleted", "처리 중인 환불 요청이 있습니다. (W01)")
	ErrDeleteUnissuedInvoice = consoleErr(-6, 99036, "the wallet cannot be deleted", "발행되지 않은 세금계산서가 있습니다. (W01)")
)

// Who may do what (W01, W03, W04).
var (
	ErrNotWalletMaster    = consoleErr(-5, 99040, "no permission", "월렛 마스터만 할 수 있습니다.")
	ErrNotWalletMember    = consoleErr(-5, 99041, "no permission", "이 월렛의 마스터 또는 매니저가 아닙니다. (W03)")
	ErrNotChannelMaster   = consoleErr(-5, 99042, "no permission", "채널 마스터만 채널의 월렛을 만들거나 연결할 수 있습니다. (W04)")
	ErrNotAdAccountMaster = consoleErr(-5, 99043, "no permission", "광고계정 마스터만 광고계정에 월렛을 연결할 수 있습니다. (W04)")
)

// Connections (W05).
var (
	ErrBusinessWalletChannel = consoleErr(-6, 99050, "not allowed for this channel", "사업자 월렛은 비즈니스 채널에만 만들거나 연결할 수 있습니다. 일반 채널은 개인 월렛만 쓸 수 있습니다. (W05)")
	ErrAlreadyConnected      = consoleErr(-6, 99051, "already connected", "이미 월렛이 연결되어 있습니다. 먼저 연결을 해제하세요.")
)

// Tax invoices (W06, W10).
var (
	ErrNoTaxInvoicePersonal = consoleErr(-6, 99060, "not allowed for a personal wallet", "개인 월렛은 세금계산서가 발행되지 않습니다. (W06)")
	ErrInvoiceNotIssued     = consoleErr(-6, 99061, "not allowed now", "아직 발행 시점이 되지 않은 세금계산서는 수정 요청할 수 없습니다. (W10)")
)

// Refunds (W11, W14).
var (
	ErrNoRefundAccount      = consoleErr(-6, 99070, "no refund account", "환불 계좌를 먼저 등록하세요. (W14)")
	ErrRefundPending        = consoleErr(-6, 99071, "a refund is pending", "처리 중인 환불 요청이 있습니다. 확정된 뒤에 다시 요청하세요. (W14)")
	ErrRefundAmount         = consoleErr(-2, 99072, "invalid amount", "환불 요청 금액이 유상캐시 잔액보다 큽니다. (W14)")
	ErrRefundNegative       = consoleErr(-6, 99073, "not allowed now", "캐시 잔액이 마이너스인 월렛은 환불할 수 없습니다. (W14)")
	ErrRefundTransferFailed = consoleErr(-6, 99074, "refund transfer failed", "환불 계좌로 이체하지 못했습니다. 계좌 정보를 확인하세요.")
	ErrRefundHolder         = consoleErr(-2, 99075, "refund account holder mismatch", "환불 계좌의 예금주가 월렛의 사업자명, 대표자명 또는 마스터 본인 이름과 일치하지 않습니다. (W11)")
)

// Identity verification (W08).
var (
	ErrIdentityNotVerified = consoleErr(-6, 99080, "identity verification required", "본인인증이 필요합니다. POST /console/v1/identity-verification 으로 인증하세요. (W08)")
	ErrVerificationCode    = consoleErr(-2, 99081, "wrong verification code", "인증번호가 일치하지 않습니다. 샌드박스의 인증번호는 000000입니다. (W08)")
)

// Free cash (W13).
var ErrGrantNotActivatable = consoleErr(-6, 99090, "not allowed now", "이미 사용을 시작했거나 만료된 무상캐시입니다. (W13)")

// Cards: only the sandbox's test cards (docs/test-data.md; B04, B10).
var (
	ErrCardNotTest  = consoleErr(-2, 99100, "not a test card", "샌드박스 테스트 카드 번호가 아닙니다. docs/test-data.md의 테스트 카드를 쓰세요. (B10)")
	ErrCardDebit    = consoleErr(-2, 99101, "card refused", "체크카드는 등록할 수 없습니다. 신용카드만 쓸 수 있습니다. (B04)")
	ErrCardPrepaid  = consoleErr(-2, 99102, "card refused", "선불카드는 등록할 수 없습니다. 신용카드만 쓸 수 있습니다. (B04)")
	ErrCardGift     = consoleErr(-2, 99103, "card refused", "기프트카드는 등록할 수 없습니다. 신용카드만 쓸 수 있습니다. (B04)")
	ErrCardExpired  = consoleErr(-2, 99104, "card refused", "유효기간이 지난 카드입니다.")
	ErrCardDeclined = consoleErr(-6, 99105, "card declined", "카드 승인이 거절되었습니다. (한도 초과 또는 잔액 부족)")
)

// Reviews (W10, B07).
var ErrReviewDecided = consoleErr(-6, 99110, "already decided", "이미 승인 또는 반려된 요청입니다.")

func consoleCatalogue() map[string]*Error {
	return map[string]*Error{
		"ErrBankTransferPersonal": ErrBankTransferPersonal, "ErrWalletSuspended": ErrWalletSuspended,
		"ErrWalletOff": ErrWalletOff, "ErrChargeTooSmall": ErrChargeTooSmall, "ErrInsufficientCash": ErrInsufficientCash,
		"ErrWalletStatusLocked": ErrWalletStatusLocked, "ErrNoWallet": ErrNoWallet,
		"ErrDeleteNotOff": ErrDeleteNotOff, "ErrDeleteBizRight": ErrDeleteBizRight, "ErrDeletePaidCash": ErrDeletePaidCash,
		"ErrDeletePostpaid": ErrDeletePostpaid, "ErrDeletePendingRefund": ErrDeletePendingRefund,
		"ErrDeleteUnissuedInvoice": ErrDeleteUnissuedInvoice,
		"ErrNotWalletMaster":       ErrNotWalletMaster, "ErrNotWalletMember": ErrNotWalletMember,
		"ErrNotChannelMaster": ErrNotChannelMaster, "ErrNotAdAccountMaster": ErrNotAdAccountMaster,
		"ErrBusinessWalletChannel": ErrBusinessWalletChannel, "ErrAlreadyConnected": ErrAlreadyConnected,
		"ErrNoTaxInvoicePersonal": ErrNoTaxInvoicePersonal, "ErrInvoiceNotIssued": ErrInvoiceNotIssued,
		"ErrNoRefundAccount": ErrNoRefundAccount, "ErrRefundPending": ErrRefundPending, "ErrRefundAmount": ErrRefundAmount,
		"ErrRefundNegative": ErrRefundNegative, "ErrRefundTransferFailed": ErrRefundTransferFailed,
		"ErrRefundHolder":        ErrRefundHolder,
		"ErrIdentityNotVerified": ErrIdentityNotVerified, "ErrVerificationCode": ErrVerificationCode,
		"ErrGrantNotActivatable": ErrGrantNotActivatable,
		"ErrCardNotTest":         ErrCardNotTest, "ErrCardDebit": ErrCardDebit, "ErrCardPrepaid": ErrCardPrepaid,
		"ErrCardGift": ErrCardGift, "ErrCardExpired": ErrCardExpired, "ErrCardDeclined": ErrCardDeclined,
		"ErrReviewDecided": ErrReviewDecided,
	}
}
