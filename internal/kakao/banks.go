package kakao

// Bank is one of the banks that can issue a Moment virtual account (rule V02).
type Bank struct {
	Code      string
	ShortName string // bankName in the virtual-account response
	Name      string
}

// Banks lists Kakao's documented bank codes in documentation order. Only "신한"
// for 88 is a confirmed short name; the others follow it by analogy.
var Banks = []Bank{
	{"03", "기업", "기업은행 (IBK)"},
	{"04", "국민", "국민은행 (KB)"},
	{"11", "농협", "농협은행 (Nonghyup)"},
	{"81", "하나", "하나은행 (Hana)"},
	{"20", "우리", "우리은행 (Woori)"},
	{"88", "신한", "신한은행 (Shinhan)"},
	{"39", "경남", "경남은행 (Kyongnam)"},
	{"71", "우체국", "우체국 (Post Office)"},
	{"32", "부산", "부산은행 (Busan)"},
	{"31", "대구", "대구은행 (Daegu)"},
}

// BankByCode finds a bank by its two-digit code.
func BankByCode(code string) (Bank, bool) {
	for _, b := range Banks {
		if b.Code == code {
			return b, true
		}
	}
	return Bank{}, false
}
