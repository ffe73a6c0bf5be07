package moment

import (
	"slices"
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
	Channels []string       `json:"channels,omitempty" yaml:"channels"` // channel keys or ids
	Trackers []Tracker      `json:"trackers,omitempty" yaml:"trackers"`
	// CreditLimit is what Kakao calls creditLimit; its meaning is not
	// published (docs/guesses.md), so it is only shown. Default 0.
	CreditLimit int64 `json:"creditLimit,omitempty" yaml:"creditLimit"`
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
	a := AdAccount{ID: p.ID, Key: p.Key, Name: p.Name, Config: p.Config, Trackers: p.Trackers, CreditLimit: p.CreditLimit}
	switch a.Config {
	case "":
		a.Config = ConfigOn
	case ConfigOn, ConfigOff, ConfigDel:
	default:
		return AdAccount{}, kakao.Invalid("config", "must be ON, OFF or DEL")
	}
	if p.CreditLimit < 0 {
		return AdAccount{}, kakao.Invalid("creditLimit", "must not be negative")
	}
	if err := checkTrackers(p.Trackers); err != nil {
		return AdAccount{}, err
	}
	var err error
	if a.ChannelIDs, err = channelIDs(tx, p.Channels); err != nil {
		return AdAccount{}, err
	}
	if a.BizRight, err = bizRight(tx, p); err != nil {
		return AdAccount{}, err
	}
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

// checkTrackers: every tracker has an id, unique in its ad account, and a name.
func checkTrackers(ts []Tracker) error {
	seen := map[string]bool{}
	for _, t := range ts {
		switch {
		case strings.TrimSpace(t.TrackID) == "":
			return kakao.Invalid("trackers.trackId", "is required")
		case strings.TrimSpace(t.Name) == "":
			return kakao.Invalid("trackers.name", "tracker %q needs a name", t.TrackID)
		case seen[t.TrackID]:
			return kakao.Invalid("trackers.trackId", "%q is given twice", t.TrackID)
		}
		seen[t.TrackID] = true
	}
	return nil
}

// channelIDs resolves an ad account's channels, each once.
func channelIDs(tx *store.Tx, refs []string) ([]uint64, error) {
	var ids []uint64
	for _, ref := range refs {
		id, err := wallet.Lookup(tx, wallet.Channels, "channels", ref)
		if err != nil {
			return nil, err
		}
		if slices.Contains(ids, id) {
			return nil, kakao.Invalid("channels", "channel %q is given twice", ref)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// bizRight gives a business right its id: the fixture's, else the one the
// ad account already had for the same agency (a fixture loaded again keeps
// it), else the next of the sequence.
func bizRight(tx *store.Tx, p AdAccountParams) (*BizRight, error) {
	if p.BizRight == nil {
		return nil, nil
	}
	b := *p.BizRight
	if strings.TrimSpace(b.AgencyName) == "" {
		return nil, kakao.Invalid("bizRight.agencyName", "is required")
	}
	if b.ID == 0 && p.ID != 0 {
		var old AdAccount
		ok, err := tx.Get(adAccountsBucket, store.Key(p.ID), &old)
		if err != nil {
			return nil, err
		}
		if ok && old.BizRight != nil && old.BizRight.AgencyName == b.AgencyName {
			b.ID = old.BizRight.ID
		}
	}
	return &b, tx.AssignID(bizRightsSeq, &b.ID)
}
