package moment

import (
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// AdAccounts is the entity kind moment owns, for keys and references.
var AdAccounts = store.Kind{Name: "adAccount", Bucket: adAccountsBucket}

// AdAccountParams describe an ad account: a fixture's adAccounts entry.
type AdAccountParams struct {
	Key      string         `json:"key" yaml:"key"`
	ID       uint64         `json:"id,omitempty" yaml:"id"` // 0: assigned
	Name     string         `json:"name" yaml:"name"`
	Company  string         `json:"company,omitempty" yaml:"company"` // company key or id
	Wallet   string         `json:"wallet,omitempty" yaml:"wallet"`   // wallet key or id
	Config   Config         `json:"config,omitempty" yaml:"config"`   // default ON
	Members  []MemberParams `json:"members,omitempty" yaml:"members"`
	BizRight *BizRight      `json:"bizRight,omitempty" yaml:"bizRight"`
}

// MemberParams give a user a role on an ad account.
type MemberParams struct {
	User string `json:"user" yaml:"user"` // user key or id
	Role Role   `json:"role" yaml:"role"`
}

// PutAdAccount creates an ad account with its members, or replaces the one
// with the same id, inside the caller's transaction (fixture loads).
func (s *Service) PutAdAccount(tx *store.Tx, p AdAccountParams) (AdAccount, error) {
	if strings.TrimSpace(p.Name) == "" {
		return AdAccount{}, kakao.Invalid("name", "an ad account needs a name")
	}
	a := AdAccount{ID: p.ID, Key: p.Key, Name: p.Name, Config: p.Config, BizRight: p.BizRight}
	switch a.Config {
	case "":
		a.Config = ConfigOn
	case ConfigOn, ConfigOff, ConfigDel:
	default:
		return AdAccount{}, kakao.Invalid("config", "must be ON, OFF or DEL")
	}
	var err error
	if p.Company != "" {
		if a.CompanyID, err = wallet.Lookup(tx, wallet.Companies, "company", p.Company); err != nil {
			return AdAccount{}, err
		}
	}
	var walletID uint64
	if p.Wallet != "" {
		if walletID, err = wallet.Lookup(tx, wallet.Wallets, "wallet", p.Wallet); err != nil {
			return AdAccount{}, err
		}
	}
	members := make([]Member, 0, len(p.Members))
	for _, m := range p.Members {
		u, err := s.users.Person(tx, "members.user", m.User)
		if err != nil {
			return AdAccount{}, err
		}
		if m.Role != RoleMaster && m.Role != RoleMember {
			return AdAccount{}, kakao.Invalid("members.role", "must be MASTER or MEMBER")
		}
		members = append(members, Member{UserID: u.ID, Role: m.Role})
	}
	if err := tx.Save(AdAccounts, &a); err != nil {
		return AdAccount{}, err
	}
	if err := wallet.ConnectAdAccount(tx, walletID, a.ID); err != nil {
		return AdAccount{}, err
	}
	if err := clearMembers(tx, a.ID); err != nil {
		return AdAccount{}, err
	}
	for _, m := range members {
		if err := tx.Put(membersBucket, store.Keys(store.Key(a.ID), store.Key(m.UserID)), m.Role); err != nil {
			return AdAccount{}, err
		}
		if err := tx.Put(membershipsBucket, store.Keys(store.Key(m.UserID), store.Key(a.ID)), m.Role); err != nil {
			return AdAccount{}, err
		}
	}
	return a, nil
}

func clearMembers(tx *store.Tx, adAccountID uint64) error {
	var users []uint64
	if err := tx.Scan(membersBucket, store.Key(adAccountID), func(k, _ []byte) (bool, error) {
		users = append(users, store.ID(k[8:]))
		return true, nil
	}); err != nil {
		return err
	}
	for _, u := range users {
		if err := tx.Delete(membersBucket, store.Keys(store.Key(adAccountID), store.Key(u))); err != nil {
			return err
		}
		if err := tx.Delete(membershipsBucket, store.Keys(store.Key(u), store.Key(adAccountID))); err != nil {
			return err
		}
	}
	return nil
}
