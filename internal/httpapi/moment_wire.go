package httpapi

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// Kakao Moment's wire types (docs/kakao-api.md §4): the field names are Kakao's.

type virtualAccountBody struct {
	AccountNumber    string `json:"accountNumber"`
	AccountOwnerName string `json:"accountOwnerName"`
	Amount           int64  `json:"amount"`
	BankCode         string `json:"bankCode"`
	BankName         string `json:"bankName"`
	ExpireDttm       string `json:"expireDttm"`
}

func newVirtualAccountBody(va moment.VirtualAccount) virtualAccountBody {
	bank, _ := kakao.BankByCode(va.BankCode)
	return virtualAccountBody{AccountNumber: va.AccountNumber, AccountOwnerName: va.AccountOwnerName, Amount: va.Amount,
		BankCode: va.BankCode, BankName: bank.ShortName, ExpireDttm: kakao.FormatDttm(va.ExpiresAt)}
}

type balanceBody struct {
	ID          uint64 `json:"id"`   // the ad account
	Cash        int64  `json:"cash"` // paid cash
	FreeCash    int64  `json:"freeCash"`
	BizWalletID uint64 `json:"bizWalletId"`
}

func newBalanceBody(b moment.Balance) balanceBody {
	return balanceBody{ID: b.AdAccountID, Cash: b.PaidCash, FreeCash: b.FreeCash, BizWalletID: b.WalletID}
}

type adAccountSummaryBody struct {
	ID         uint64        `json:"id"`
	Name       string        `json:"name"`
	MemberType moment.Role   `json:"memberType"`
	Config     moment.Config `json:"config"`
}

type pageBody struct {
	Content       []adAccountSummaryBody `json:"content"`
	Number        int                    `json:"number"`
	Size          int                    `json:"size"`
	TotalElements int                    `json:"totalElements"`
	TotalPages    int                    `json:"totalPages"`
}

func newPageBody(p moment.Page) pageBody {
	return pageBody{Content: newAdAccountSummaries(p.Memberships), Number: p.Number, Size: p.Size, TotalElements: p.Total, TotalPages: p.Pages()}
}

// adAccountListBody is the unpaged list: the page's content alone.
type adAccountListBody struct {
	Content []adAccountSummaryBody `json:"content"`
}

func newAdAccountListBody(ms []moment.Membership) adAccountListBody {
	return adAccountListBody{Content: newAdAccountSummaries(ms)}
}

func newAdAccountSummaries(ms []moment.Membership) []adAccountSummaryBody {
	out := []adAccountSummaryBody{} // [] rather than null when there are none
	for _, m := range ms {
		out = append(out, adAccountSummaryBody{ID: m.ID, Name: m.Name, MemberType: m.Role, Config: m.Config})
	}
	return out
}

type companyBody struct {
	BusinessRegistrationNumber string `json:"businessRegistrationNumber"`
	Name                       string `json:"name"`
}

type adAccountBody struct {
	ID                uint64        `json:"id"`
	Name              string        `json:"name"`
	OwnerCompany      *companyBody  `json:"ownerCompany"`
	Advertiser        *companyBody  `json:"advertiser"`
	Type              string        `json:"type"`
	Config            moment.Config `json:"config"`
	IsAdminStop       bool          `json:"isAdminStop"`
	IsOutOfBalance    bool          `json:"isOutOfBalance"`
	StatusDescription string        `json:"statusDescription"`
	BizWalletID       uint64        `json:"bizWalletId,omitempty"`
}

// newAdAccountBody shows an ad account as Moment does. The sandbox models
// only business ad accounts, advertised by their owner.
func newAdAccountBody(st moment.Standing) adAccountBody {
	return adAccountBody{ID: st.ID, Name: st.Name, OwnerCompany: newCompanyBody(st.Owner), Advertiser: newCompanyBody(st.Owner),
		Type: "BUSINESS", Config: st.Config, IsAdminStop: st.IsAdminStop, IsOutOfBalance: st.OutOfBalance,
		StatusDescription: st.Description(), BizWalletID: st.WalletID}
}

func newCompanyBody(c *wallet.Company) *companyBody {
	if c == nil {
		return nil
	}
	return &companyBody{BusinessRegistrationNumber: c.BusinessRegistrationNumber, Name: c.Name}
}

type bizRightBody struct {
	ID                  uint64 `json:"id"`
	BizRightCompanyName string `json:"bizRightCompanyName"`
}

// newBizRightBody: the agency is not modelled as a company of its own, so
// its id is 0, as in the one real response seen (docs/kakao-api.md §4.2); no
// agency is an empty name.
func newBizRightBody(b *moment.BizRight) bizRightBody {
	if b == nil {
		return bizRightBody{}
	}
	return bizRightBody{BizRightCompanyName: b.AgencyName}
}
