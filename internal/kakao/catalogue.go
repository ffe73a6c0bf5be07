package kakao

import "net/http"

// The catalogue: every error the sandbox can return. Handlers and domain code
// return these (optionally refined with With); one renderer writes them.
//
// Sandbox-assigned Moment detail codes live in 99001–99999 so that they can
// never be mistaken for Kakao's own.

func kakaoErr(status, code int, msg string) *Error {
	return &Error{Status: status, Code: code, Msg: msg, Source: SourceKakao}
}

func momentErr(source Source, detailCode int, detailMsg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: -813, Msg: "KakaoMomentException",
		DetailCode: detailCode, DetailMsg: detailMsg, Source: source}
}

func sandboxErr(status, code int, msg string) *Error {
	return &Error{Status: status, Code: code, Msg: msg, Source: SourceSandbox}
}

// Common and Moment codes (docs/kakao-api.md §2.1, §2.2).
var (
	ErrInternal     = kakaoErr(http.StatusInternalServerError, -1, "internal error in the sandbox; this is a bug, please report it")
	ErrInvalidParam = kakaoErr(http.StatusBadRequest, -2, "invalid parameter")
	ErrMaintenance  = kakaoErr(http.StatusServiceUnavailable, -9798, "service under maintenance")

	// T02: unknown, expired, missing or malformed token.
	ErrTokenNotFound = kakaoErr(http.StatusUnauthorized, -401, "this access token does not exist").
				WithHeader("WWW-Authenticate", "Bearer error=invalid_token")
	ErrTokenExpired = kakaoErr(http.StatusUnauthorized, -401, "this access token is already expired").
			WithHeader("WWW-Authenticate", "Bearer error=invalid_token")
	// T03: a Kakao Login token on a Moment endpoint.
	ErrNotBizToken = kakaoErr(http.StatusUnauthorized, -401, "target biz token is not supplied.").
			WithHeader("WWW-Authenticate", "Bearer error=invalid_token")
	// T07: a business token on Kakao Login's user APIs; Kakao's code, the sandbox's words.
	ErrNotLoginToken = kakaoErr(http.StatusUnauthorized, -401, "a business token cannot call Kakao Login's user APIs; use a Kakao Login access token").
				WithHeader("WWW-Authenticate", "Bearer error=invalid_token")
	// T07: property_keys names a key the user info does not have (Kakao Login's -201).
	ErrPropertyKey = kakaoErr(http.StatusBadRequest, -201, "invalid property key")

	// V05
	ErrAdAccountNotFound = momentErr(SourceKakao, 21006, "존재하지 않는 광고계정입니다.")
	ErrNoPermission      = momentErr(SourceKakao, 9004, "권한이 없습니다.")
	// PUT adAccounts/onOff with config DEL (docs/kakao-api.md §9.6).
	ErrAdAccountStatusFixed = momentErr(SourceKakao, 21500, "광고계정의 상태를 변경할 수 없습니다.")

	// V06: Kakao documents 429 with -813; the detail code is not published.
	ErrRateLimited = &Error{Status: http.StatusTooManyRequests, Code: -813, Msg: "KakaoMomentException",
		DetailCode: 99429, DetailMsg: "허용된 호출 횟수를 초과했습니다.", Source: SourceSandbox}
)

// Sandbox-assigned transport errors: Kakao does not publish these bodies.
// A path or method the sandbox does not emulate gets a code of the sandbox's
// own (-9404, -9405), never one Kakao gives a meaning: Kakao's -3 says a
// feature is not enabled for the app, and clients read it so.
var (
	ErrNoSuchAPI        = sandboxErr(http.StatusNotFound, -9404, "kakao-sandbox does not emulate this API")
	ErrMethodNotAllowed = sandboxErr(http.StatusMethodNotAllowed, -9405, "kakao-sandbox does not emulate this method on this path")
	ErrBodyTooLarge     = sandboxErr(http.StatusRequestEntityTooLarge, -2, "request body too large")
	ErrAdminToken       = sandboxErr(http.StatusUnauthorized, -401, "the control plane needs Authorization: Bearer <admin token>").
				WithHeader("WWW-Authenticate", "Bearer error=invalid_token")
	ErrNotFound = sandboxErr(http.StatusNotFound, -2, "not found")
	// R12: a Host the sandbox does not serve (DNS rebinding), a control
	// call from another site's page, a control body a browser sent as a form.
	ErrUnknownHost = sandboxErr(http.StatusMisdirectedRequest, -9421, "kakao-sandbox does not answer for this host; see --allowed-host")
	ErrCrossSite   = sandboxErr(http.StatusForbidden, -9403, "the control plane refuses requests from other sites' pages; see --allowed-origin")
	ErrBrowserBody = sandboxErr(http.StatusUnsupportedMediaType, -9415, "a browser sent a control body that is not declared JSON; send Content-Type: application/json")
	ErrConflict    = sandboxErr(http.StatusConflict, -2, "already exists")
	// R04: as many snapshot exports run as there can be at once.
	ErrSnapshotBusy = sandboxErr(http.StatusTooManyRequests, -2, "too many snapshot exports at once")
)

// Sandbox-assigned Moment business errors (Kakao enforces these rules but does
// not publish the detail codes).
var (
	ErrVirtualAccountNone   = momentErr(SourceSandbox, 99010, "존재하지 않는 가상계좌입니다.")
	ErrVirtualAccountExpiry = momentErr(SourceSandbox, 99011, "입금 기한이 지난 가상계좌입니다. (V10)")
	ErrVirtualAccountPaid   = momentErr(SourceSandbox, 99012, "이미 입금이 완료된 가상계좌입니다. (V10)")
	ErrDepositAmount        = momentErr(SourceSandbox, 99013, "입금액이 가상계좌 발급 금액과 다릅니다. (V10)")
	ErrBankMaintenance      = momentErr(SourceSandbox, 99020, "은행 점검 시간에는 가상계좌를 발급할 수 없습니다.")
)

// Catalogue lists every entry, for docs/errors.md's table and its test.
func Catalogue() map[string]*Error {
	all := map[string]*Error{
		"ErrInternal": ErrInternal, "ErrInvalidParam": ErrInvalidParam, "ErrMaintenance": ErrMaintenance,
		"ErrTokenNotFound": ErrTokenNotFound, "ErrTokenExpired": ErrTokenExpired, "ErrNotBizToken": ErrNotBizToken,
		"ErrNotLoginToken": ErrNotLoginToken, "ErrPropertyKey": ErrPropertyKey,
		"ErrAdAccountNotFound": ErrAdAccountNotFound, "ErrNoPermission": ErrNoPermission, "ErrRateLimited": ErrRateLimited,
		"ErrNoSuchAPI": ErrNoSuchAPI, "ErrMethodNotAllowed": ErrMethodNotAllowed, "ErrBodyTooLarge": ErrBodyTooLarge,
		"ErrAdminToken": ErrAdminToken, "ErrNotFound": ErrNotFound, "ErrConflict": ErrConflict, "ErrSnapshotBusy": ErrSnapshotBusy,
		"ErrUnknownHost": ErrUnknownHost, "ErrCrossSite": ErrCrossSite, "ErrBrowserBody": ErrBrowserBody,
		"ErrVirtualAccountNone": ErrVirtualAccountNone, "ErrVirtualAccountExpiry": ErrVirtualAccountExpiry,
		"ErrVirtualAccountPaid": ErrVirtualAccountPaid, "ErrDepositAmount": ErrDepositAmount, "ErrBankMaintenance": ErrBankMaintenance,
		"ErrInsufficientScope": ErrInsufficientScope, "ErrKOE101UnknownApp": ErrKOE101UnknownApp,
		"ErrKOE028RedirectURI": ErrKOE028RedirectURI, "ErrKOE123NotBizApp": ErrKOE123NotBizApp,
		"ErrKOE201ResponseType": ErrKOE201ResponseType, "ErrKOE232ConsentItem": ErrKOE232ConsentItem,
		"ErrKOE233ResourceIDs": ErrKOE233ResourceIDs, "ErrKOE320CodeNotFound": ErrKOE320CodeNotFound,
		"ErrKOE010ClientSecret": ErrKOE010ClientSecret, "ErrKOE303RedirectMismatch": ErrKOE303RedirectMismatch,
		"ErrKOE322RefreshToken": ErrKOE322RefreshToken, "ErrUnsupportedGrantType": ErrUnsupportedGrantType,
		"ErrAuthInvalidRequest": ErrAuthInvalidRequest, "ErrSandboxNoSuchUser": ErrSandboxNoSuchUser,
		"ErrTooManyCodes": ErrTooManyCodes, "ErrKOE320PKCE": ErrKOE320PKCE, "ErrKOE010BasicAuth": ErrKOE010BasicAuth,
		"ErrAuthFormOnly": ErrAuthFormOnly,
	}
	for name, e := range consoleCatalogue() {
		all[name] = e
	}
	for name, e := range cloudCatalogue() {
		all[name] = e
	}
	for name, e := range capacityCatalogue() {
		all[name] = e
	}
	for name, e := range adsCatalogue() {
		all[name] = e
	}
	for name, e := range eventsCatalogue() {
		all[name] = e
	}
	for name, e := range adminCatalogue() {
		all[name] = e
	}
	for name, e := range webhooksCatalogue() {
		all[name] = e
	}
	return all
}
