package moment

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
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

// Standing is an ad account with what decides whether it runs: its owner
// and whether it has anything left to spend through an ON wallet.
type Standing struct {
	AdAccount
	Owner        *wallet.Company // nil when no company owns it
	WalletID     uint64          // 0 when no wallet is connected
	OutOfBalance bool
	// Funds is the connected wallet's, read once for whoever spends from
	// it (ad delivery); zero when no wallet is connected.
	Funds wallet.Funds
}

// Serves says whether the ad account's ads may serve: the one definition,
// which ads' ADACCOUNT_UNAVAILABLE and the description both read.
func (st Standing) Serves() bool { return len(st.reasons()) == 0 }

// Description says in Korean why the ad account does or does not run: every
// reason, so OFF with no cash reads "광고계정 OFF, 잔액 부족" as Moment's
// "사용자OFF,잔액부족" does (docs/guesses.md).
func (st Standing) Description() string {
	if r := st.reasons(); len(r) > 0 {
		return strings.Join(r, ", ")
	}
	return "운영중"
}

func (st Standing) reasons() []string {
	if st.Config == ConfigDel {
		return []string{"삭제"}
	}
	var r []string
	if st.IsAdminStop {
		r = append(r, "관리자 정지")
	}
	if st.Config == ConfigOff {
		r = append(r, "광고계정 OFF")
	}
	if st.OutOfBalance {
		r = append(r, "잔액 부족")
	}
	if st.WalletID != 0 && st.Funds.Wallet.Status != wallet.StatusOn {
		r = append(r, "월렛 "+string(st.Funds.Wallet.Status))
	}
	return r
}

// standing adds to a what decides whether it runs: out of balance when its
// wallet has nothing left to spend, paid or usable free cash, or when it has
// no wallet.
func standing(tx *store.Tx, a AdAccount) (Standing, error) {
	st := Standing{AdAccount: a, OutOfBalance: true}
	f, ok, err := wallet.AdAccountFunds(tx, a.ID)
	if err != nil || !ok {
		return st, err
	}
	st.WalletID, st.Funds, st.OutOfBalance = f.Wallet.ID, f, f.Spendable <= 0
	return st, nil
}

// AdAccount reads an ad account the caller may see, with its standing.
func (s *Service) AdAccount(c Caller, id uint64) (Standing, error) {
	var st Standing
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, id)
		if err != nil {
			return err
		}
		if st, err = standing(tx, a); err != nil {
			return err
		}
		if a.CompanyID != 0 {
			co, err := wallet.GetCompany(tx, a.CompanyID)
			if err != nil {
				return err
			}
			st.Owner = &co
		}
		return nil
	})
	return st, err
}

// Membership is an ad account and the caller's role on it.
type Membership struct {
	AdAccount
	Role Role
}

// Page is one page of the caller's ad accounts.
type Page struct {
	Memberships  []Membership
	Number, Size int
	Total        int // memberships on every page
}

// Pages counts the pages that hold p.Total memberships.
func (p Page) Pages() int { return (p.Total + p.Size - 1) / p.Size }

// Pages lists the ad accounts the caller belongs to whose config is one of
// configs, in id order, a page at a time.
func (s *Service) Pages(c Caller, configs []Config, page, size int) (Page, error) {
	all, err := s.memberships(c, configs)
	p := Page{Number: page, Size: size, Total: len(all)}
	if from := page * size; from < len(all) {
		p.Memberships = all[from:min(from+size, len(all))]
	}
	return p, err
}

// ListLimit is how many ad accounts the unpaged list answers at most, as
// Kakao's does.
const ListLimit = 1500

// List is the unpaged list of the same ad accounts as Pages: the first
// ListLimit of them.
func (s *Service) List(c Caller, configs []Config) ([]Membership, error) {
	all, err := s.memberships(c, configs)
	return all[:min(len(all), ListLimit)], err
}

// memberships are the ad accounts the caller belongs to and may touch whose
// config is one of configs, in id order.
func (s *Service) memberships(c Caller, configs []Config) ([]Membership, error) {
	var all []Membership
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
			all = append(all, Membership{AdAccount: a, Role: role})
			return true, nil
		})
	})
	return all, err
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

// BizRight reads which agency holds the business right; nil when none does.
func (s *Service) BizRight(c Caller, id uint64) (*BizRight, error) {
	var b *BizRight
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, id)
		b = a.BizRight
		return err
	})
	return b, err
}

// SetConfig switches an ad account ON or OFF; only its MASTER may. DEL is
// a config Kakao shows but this call does not set: 21500.
func (s *Service) SetConfig(c Caller, id uint64, config Config) error {
	if config != ConfigOn && config != ConfigOff && config != ConfigDel {
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
		if config == ConfigDel {
			return kakao.ErrAdAccountStatusFixed.With("광고계정을 이 API로 삭제(DEL)할 수 없습니다. ON 또는 OFF만 가능합니다.")
		}
		a.Config = config
		return tx.Put(adAccountsBucket, store.Key(a.ID), a)
	})
}

// AgencyOf names the agency holding an ad account's business right (영업권),
// or "" when none does: what the wallet asks before it may be deleted
// (rule W01).
func AgencyOf(tx *store.Tx, adAccountID uint64) (string, error) {
	var a AdAccount
	ok, err := tx.Get(adAccountsBucket, store.Key(adAccountID), &a)
	if err != nil || !ok || a.BizRight == nil {
		return "", err
	}
	return a.BizRight.AgencyName, nil
}
