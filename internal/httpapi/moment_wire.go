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

// pageBody is Kakao's page envelope; Kakao's page lists both number and
// page (docs/kakao-api.md §9.1), the same value.
type pageBody struct {
	Content       []adAccountSummaryBody `json:"content"`
	Number        int                    `json:"number"`
	Page          int                    `json:"page"`
	Size          int                    `json:"size"`
	TotalElements int                    `json:"totalElements"`
	TotalPages    int                    `json:"totalPages"`
}

func newPageBody(p moment.Page) pageBody {
	return pageBody{Content: newAdAccountSummaries(p.Memberships), Number: p.Number, Page: p.Number, Size: p.Size, TotalElements: p.Total, TotalPages: p.Pages()}
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
	ID                   uint64        `json:"id"`
	Name                 string        `json:"name"`
	OwnerCompany         *companyBody  `json:"ownerCompany"`
	Advertiser           *companyBody  `json:"advertiser"`
	Type                 string        `json:"type"`
	Config               moment.Config `json:"config"`
	IsAdminStop          bool          `json:"isAdminStop"`
	IsOutOfBalance       bool          `json:"isOutOfBalance"`
	StatusDescription    string        `json:"statusDescription"`
	TalkChannelProfileID *string       `json:"talkChannelProfileId"`
	BizRightID           *uint64       `json:"bizRightId"`
	BizRightStatus       *string       `json:"bizRightStatus"`
	CreditLimit          int64         `json:"creditLimit"`
	BizWalletID          *uint64       `json:"bizWalletId"`
}

// bizRightHeld is the bizRightStatus of a held business right: Kakao
// publishes no values, so this one is the sandbox's (docs/guesses.md).
const bizRightHeld = "APPROVED"

// newAdAccountBody shows an ad account as Moment does. The sandbox models
// only business ad accounts, advertised by their owner. What it does not
// have (a channel, a business right, a wallet) is null.
func newAdAccountBody(st moment.Standing) adAccountBody {
	b := adAccountBody{ID: st.ID, Name: st.Name, OwnerCompany: newCompanyBody(st.Owner), Advertiser: newCompanyBody(st.Owner),
		Type: "BUSINESS", Config: st.Config, IsAdminStop: st.IsAdminStop, IsOutOfBalance: st.OutOfBalance,
		StatusDescription: st.Description(), CreditLimit: st.CreditLimit}
	if p := st.TalkChannelProfileID(); p != "" {
		b.TalkChannelProfileID = &p
	}
	if st.BizRight != nil {
		id, status := st.BizRight.ID, bizRightHeld
		b.BizRightID, b.BizRightStatus = &id, &status
	}
	if st.WalletID != 0 {
		b.BizWalletID = &st.WalletID
	}
	return b
}

func newCompanyBody(c *wallet.Company) *companyBody {
	if c == nil {
		return nil
	}
	return &companyBody{BusinessRegistrationNumber: c.BusinessRegistrationNumber, Name: c.Name}
}

// bizRightBody is empty ({}) when no agency holds the right: Kakao's answer
// then is not published (docs/guesses.md).
type bizRightBody struct {
	ID                  uint64 `json:"id,omitempty"`
	BizRightCompanyName string `json:"bizRightCompanyName,omitempty"`
}

func newBizRightBody(b *moment.BizRight) bizRightBody {
	if b == nil {
		return bizRightBody{}
	}
	return bizRightBody{ID: b.ID, BizRightCompanyName: b.AgencyName}
}

// channelProfileBody is a Kakao Talk channel as the ad account's profile
// list shows it; Kakao publishes no fields, so these are the sandbox's
// (docs/guesses.md).
type channelProfileBody struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
}

func newChannelProfileBodies(chs []wallet.Channel) []channelProfileBody {
	out := []channelProfileBody{}
	for _, ch := range chs {
		out = append(out, channelProfileBody{ID: ch.ID, Name: ch.Name})
	}
	return out
}

// trackerBody is a Pixel & SDK tracker; fields the sandbox's (docs/guesses.md).
type trackerBody struct {
	TrackID string `json:"trackId"`
	Name    string `json:"name"`
}

func newTrackerBodies(ts []moment.Tracker) []trackerBody {
	out := []trackerBody{}
	for _, t := range ts {
		out = append(out, trackerBody{TrackID: t.TrackID, Name: t.Name})
	}
	return out
}
