package kakao

// KakaoCloud billing console errors: modelled like the wallet console's
// (Kakao publishes no billing API), in the console shape, with sandbox
// detail codes from 99200.

// Roles and groups (B01, B02, B08).
var (
	ErrNoBillingGroup     = consoleErr(-5, 99200, "no permission", "결제 그룹에 등록되지 않은 사용자는 결제 메뉴를 쓸 수 없습니다. (B02)")
	ErrNotBillingAdmin    = consoleErr(-5, 99201, "no permission", "Billing Admin만 할 수 있습니다. (B02)")
	ErrBillingRole        = consoleErr(-5, 99202, "no permission", "이 역할로는 청구서를 볼 수 없습니다. Billing Admin 또는 Billing Manager만 볼 수 있습니다. (B02)")
	ErrOrganizationNeeded = consoleErr(-2, 99203, "invalid parameter", "여러 조직에 속한 사용자는 organizationId를 지정하세요.")
	ErrMainGroupNoPayment = consoleErr(-6, 99210, "the organization is restricted", "기본 결제 그룹에 결제 수단이 없어 서비스가 제한되었습니다. 하위 결제 그룹을 만들 수 없습니다. (B01)")
	ErrTooManySubGroups   = consoleErr(-6, 99211, "not allowed", "하위 결제 그룹은 30개까지 만들 수 있습니다. (B08)")
	ErrMainGroupDelete    = consoleErr(-6, 99212, "not allowed", "기본 결제 그룹은 삭제할 수 없습니다. (B08)")
	ErrGroupHasProjects   = consoleErr(-6, 99213, "not allowed", "프로젝트가 있는 결제 그룹은 삭제할 수 없습니다. 프로젝트를 다른 그룹으로 옮기세요. (B08)")
)

// Payment methods (B04, B06, B07; cards: catalogue_console.go).
var (
	ErrPhoneVerification = consoleErr(-2, 99220, "verification failed", "휴대폰 인증번호가 일치하지 않습니다. 샌드박스의 인증번호는 000000입니다. (B04)")
	ErrCardBusinessNo    = consoleErr(-2, 99221, "verification failed", "사업자등록번호가 조직의 사업자등록번호와 다릅니다. (B04)")
	ErrCardOwnerType     = consoleErr(-2, 99222, "invalid parameter", "이 회원 유형은 이 카드 유형을 등록할 수 없습니다. (B04)")
	ErrDedicatedPending  = consoleErr(-6, 99223, "a request is pending", "전용 계좌 신청이 이미 검토 중입니다. (B07)")
)

// Invoices (B03, B09).
var (
	ErrCloudInvoicePaid   = consoleErr(-6, 99230, "already paid", "이미 납부된 청구서입니다.")
	ErrCloudDepositAmount = consoleErr(-2, 99231, "invalid amount", "입금액이 청구 금액과 다릅니다.")
	ErrUsageInvoiced      = consoleErr(-6, 99232, "not allowed", "이미 청구서가 발행된 달의 사용량은 추가할 수 없습니다. (B09)")
	ErrNotDedicated       = consoleErr(-6, 99233, "not allowed", "전용 계좌로 납부하는 결제 그룹이 아닙니다. (B03)")
)

func cloudCatalogue() map[string]*Error {
	return map[string]*Error{
		"ErrNoBillingGroup": ErrNoBillingGroup, "ErrNotBillingAdmin": ErrNotBillingAdmin, "ErrBillingRole": ErrBillingRole,
		"ErrOrganizationNeeded": ErrOrganizationNeeded, "ErrMainGroupNoPayment": ErrMainGroupNoPayment,
		"ErrTooManySubGroups": ErrTooManySubGroups, "ErrMainGroupDelete": ErrMainGroupDelete, "ErrGroupHasProjects": ErrGroupHasProjects,
		"ErrPhoneVerification": ErrPhoneVerification, "ErrCardBusinessNo": ErrCardBusinessNo, "ErrCardOwnerType": ErrCardOwnerType,
		"ErrDedicatedPending": ErrDedicatedPending, "ErrCloudInvoicePaid": ErrCloudInvoicePaid,
		"ErrCloudDepositAmount": ErrCloudDepositAmount, "ErrUsageInvoiced": ErrUsageInvoiced, "ErrNotDedicated": ErrNotDedicated,
	}
}
