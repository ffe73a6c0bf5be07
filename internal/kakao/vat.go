package kakao

// VAT is the value-added tax on a supply amount in won: 10%, rounded down
// to the won, as Korean tax invoices drop fractions of a won (the sandbox's
// guess at how Kakao rounds). Wallet tax invoices (rule W06) and KakaoCloud
// invoices (B09) both bill with it.
func VAT(supply int64) int64 { return supply / 10 }
