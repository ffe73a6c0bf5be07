package moment

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/wallet"
)

// Caller is who acts on Moment: a user, through a token that may be limited
// to some ad accounts by its resource_ids.
type Caller struct {
	UserID      uint64
	ResourceIDs []string // moment:<adAccountId> or moment:*; empty means every account
}

// mayTouch applies the token's resource_ids.
func (c Caller) mayTouch(adAccountID uint64) bool {
	if len(c.ResourceIDs) == 0 {
		return true
	}
	return slices.Contains(c.ResourceIDs, "moment:*") || slices.Contains(c.ResourceIDs, "moment:"+strconv.FormatUint(adAccountID, 10))
}

// Company is how Moment shows a company.
type Company struct {
	BusinessRegistrationNumber string `json:"businessRegistrationNumber"`
	Name                       string `json:"name"`
}

// Detail is an ad account as GET /adAccounts/{id} shows it.
type Detail struct {
	ID                uint64   `json:"id"`
	Name              string   `json:"name"`
	OwnerCompany      *Company `json:"ownerCompany"`
	Advertiser        *Company `json:"advertiser"`
	Type              string   `json:"type"`
	Config            Config   `json:"config"`
	IsAdminStop       bool     `json:"isAdminStop"`
	IsOutOfBalance    bool     `json:"isOutOfBalance"`
	StatusDescription string   `json:"statusDescription"`
	BizWalletID       uint64   `json:"bizWalletId,omitempty"`
}

// statusDescription says in Korean why an ad account does or does not run.
func statusDescription(a AdAccount, outOfBalance bool) string {
	switch {
	case a.Config == ConfigDel:
		return "삭제"
	case a.IsAdminStop:
		return "관리자 정지"
	case a.Config == ConfigOff:
		return "광고계정 OFF"
	case outOfBalance:
		return "잔액 부족"
	}
	return "운영중"
}

// outOfBalance: nothing left to spend, paid or usable free cash.
func outOfBalance(tx *store.Tx, a AdAccount, now time.Time) (bool, error) {
	if a.WalletID == 0 {
		return true, nil
	}
	left, err := wallet.Spendable(tx, a.WalletID, now)
	return left <= 0, err
}

// AdAccount reads an ad account the caller may see.
func (s *Service) AdAccount(c Caller, id uint64) (Detail, error) {
	var d Detail
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, id)
		if err != nil {
			return err
		}
		out, err := outOfBalance(tx, a, s.clock.Now())
		if err != nil {
			return err
		}
		d = Detail{ID: a.ID, Name: a.Name, Type: "BUSINESS", Config: a.Config, IsAdminStop: a.IsAdminStop,
			IsOutOfBalance: out, StatusDescription: statusDescription(a, out), BizWalletID: a.WalletID}
		if a.CompanyID != 0 {
			co, err := wallet.GetCompany(tx, a.CompanyID)
			if err != nil {
				return err
			}
			d.OwnerCompany = &Company{BusinessRegistrationNumber: co.BusinessRegistrationNumber, Name: co.Name}
			d.Advertiser = d.OwnerCompany
		}
		return nil
	})
	return d, err
}

// Summary is an ad account in a page of them.
type Summary struct {
	ID         uint64 `json:"id"`
	Name       string `json:"name"`
	MemberType Role   `json:"memberType"`
	Config     Config `json:"config"`
}

// Page is one page of ad accounts.
type Page struct {
	Content       []Summary `json:"content"`
	Number        int       `json:"number"`
	Size          int       `json:"size"`
	TotalElements int       `json:"totalElements"`
	TotalPages    int       `json:"totalPages"`
}

// Pages lists the ad accounts the caller belongs to whose config is one of
// configs, in id order.
func (s *Service) Pages(c Caller, configs []Config, page, size int) (Page, error) {
	var all []Summary
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(membershipsBucket, store.Key(c.UserID), func(k, v []byte) (bool, error) {
			id := store.ID(k[8:])
			if !c.mayTouch(id) {
				return true, nil
			}
			var a AdAccount
			if _, err := tx.Get(adAccountsBucket, store.Key(id), &a); err != nil {
				return false, err
			}
			if !slices.Contains(configs, a.Config) {
				return true, nil
			}
			var role Role
			if err := json.Unmarshal(v, &role); err != nil {
				return false, err
			}
			all = append(all, Summary{ID: a.ID, Name: a.Name, MemberType: role, Config: a.Config})
			return true, nil
		})
	})
	p := Page{Content: []Summary{}, Number: page, Size: size, TotalElements: len(all), TotalPages: (len(all) + size - 1) / size}
	if from := page * size; from < len(all) {
		p.Content = all[from:min(from+size, len(all))]
	}
	return p, err
}

// ParseConfigs reads Moment's config filter: a comma list of ON, OFF, DEL.
func ParseConfigs(s string) ([]Config, error) {
	if s == "" {
		return []Config{ConfigOn, ConfigOff}, nil
	}
	var out []Config
	for _, part := range strings.Split(s, ",") {
		c := Config(strings.TrimSpace(part))
		if c != ConfigOn && c != ConfigOff && c != ConfigDel {
			return nil, kakao.Invalid("query config", "%q is not ON, OFF or DEL", part)
		}
		out = append(out, c)
	}
	return out, nil
}

// BizRightView is the business right of an ad account, as Moment shows it.
type BizRightView struct {
	ID                  uint64 `json:"id"`
	BizRightCompanyName string `json:"bizRightCompanyName"`
}

// BizRight reads which agency holds the business right. The agency is not
// modelled as a company of its own, so its id is 0, as in the one real
// response seen (KAKAO-API.md §4.2).
func (s *Service) BizRight(c Caller, id uint64) (BizRightView, error) {
	var v BizRightView
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, id)
		if err == nil && a.BizRight != nil {
			v.BizRightCompanyName = a.BizRight.AgencyName
		}
		return err
	})
	return v, err
}

// SetConfig switches an ad account ON or OFF; only its MASTER may.
func (s *Service) SetConfig(c Caller, id uint64, config Config) error {
	if config != ConfigOn && config != ConfigOff {
		return kakao.Invalid("body.config", "must be ON or OFF")
	}
	return s.db.Update(func(tx *store.Tx) error {
		a, role, err := authorize(tx, c, id)
		if err != nil {
			return err
		}
		if role != RoleMaster {
			return kakao.ErrNoPermission.With("광고계정 %d의 ON/OFF는 마스터만 변경할 수 있습니다.", id)
		}
		a.Config = config
		return tx.Put(adAccountsBucket, store.Key(a.ID), a)
	})
}
