package moment

import (
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// PutAdAccount creates an ad account with its members, or replaces the one
// with the same id, inside the caller's transaction (fixture loads).
func PutAdAccount(tx *store.Tx, a *AdAccount, members []Member) error {
	if strings.TrimSpace(a.Name) == "" {
		return kakao.Invalid("name", "an ad account needs a name")
	}
	switch a.Config {
	case "":
		a.Config = ConfigOn
	case ConfigOn, ConfigOff, ConfigDel:
	default:
		return kakao.Invalid("config", "must be ON, OFF or DEL")
	}
	if a.ID == 0 {
		id, err := tx.NextID(adAccountsBucket)
		if err != nil {
			return err
		}
		a.ID = id
	} else if err := tx.BumpID(adAccountsBucket, a.ID); err != nil {
		return err
	}
	if err := clearMembers(tx, a.ID); err != nil {
		return err
	}
	for _, m := range members {
		if m.Role != RoleMaster && m.Role != RoleMember {
			return kakao.Invalid("members.role", "must be MASTER or MEMBER")
		}
		if err := tx.Put(membersBucket, store.Keys(store.Key(a.ID), store.Key(m.UserID)), m.Role); err != nil {
			return err
		}
		if err := tx.Put(membershipsBucket, store.Keys(store.Key(m.UserID), store.Key(a.ID)), m.Role); err != nil {
			return err
		}
	}
	if a.Key != "" {
		if err := tx.SetName("adAccount", a.Key, a.ID); err != nil {
			return err
		}
	}
	return tx.Put(adAccountsBucket, store.Key(a.ID), a)
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

// HasAdAccount reports whether an ad account id is taken.
func HasAdAccount(tx *store.Tx, id uint64) bool { return tx.Has(adAccountsBucket, store.Key(id)) }
