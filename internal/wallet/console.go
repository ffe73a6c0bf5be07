package wallet

import (
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The wallet console's own operations: a wallet's life, its members and its
// connections. Each is one transaction, acting as the user the token names.

// MyWallets lists every wallet the user is master or manager of (W03).
func (s *Service) MyWallets(userID uint64) ([]Wallet, error) {
	var out []Wallet
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(walletsBucket, nil, func(_, v []byte) (bool, error) {
			var w Wallet
			if err := unmarshal(v, &w); err != nil {
				return false, err
			}
			if w.IsMember(userID) {
				out = append(out, w)
			}
			return true, nil
		})
	})
	return out, err
}

// Detail is a wallet with its connections, as its members see it.
type Detail struct {
	Wallet
	Connections []Connection
}

// WalletOf reads a wallet the user is master or manager of.
func (s *Service) WalletOf(userID, walletID uint64) (Detail, error) {
	var d Detail
	err := s.db.View(func(tx *store.Tx) (err error) {
		if d.Wallet, err = asMember(tx, userID, walletID); err != nil {
			return err
		}
		d.Connections, err = Connections(tx, walletID)
		return err
	})
	return d, err
}

// CreateParams describe a wallet made in the console.
type CreateParams struct {
	Type      Type
	CompanyID uint64         // a registered business, for a BUSINESS wallet
	Company   *CompanyParams // or one to register
	ChannelID uint64         // connect at once; 0: none
}

// CreateWallet makes a wallet whose master is the user (W04): a BUSINESS one
// for a business (W05), a PERSONAL one only after identity verification (W08).
func (s *Service) CreateWallet(userID uint64, p CreateParams) (Detail, error) {
	var d Detail
	err := s.db.Update(func(tx *store.Tx) error {
		w := Wallet{Type: p.Type, MasterID: userID, Status: StatusOn, CreatedAt: tx.Now()}
		switch p.Type {
		case TypePersonal:
			if p.CompanyID != 0 || p.Company != nil {
				return kakao.Invalid("company", "a PERSONAL wallet has no business; leave companyId and company out")
			}
			if err := s.verified(tx, userID, "개인 월렛 만들기"); err != nil {
				return err
			}
		case TypeBusiness:
			id, err := s.businessOf(tx, p)
			if err != nil {
				return err
			}
			w.CompanyID = id
		default:
			return kakao.Invalid("type", "must be BUSINESS or PERSONAL")
		}
		if err := tx.Save(Wallets, &w); err != nil {
			return err
		}
		d.Wallet = w
		if p.ChannelID == 0 {
			return nil
		}
		c, err := connectChannel(tx, userID, w, p.ChannelID)
		d.Connections = []Connection{c}
		return err
	})
	return d, err
}

// businessOf finds or registers the business of a new BUSINESS wallet.
func (s *Service) businessOf(tx *store.Tx, p CreateParams) (uint64, error) {
	switch {
	case p.CompanyID != 0 && p.Company != nil:
		return 0, kakao.Invalid("company", "give companyId or company, not both")
	case p.CompanyID != 0:
		c, err := GetCompany(tx, p.CompanyID)
		if err == nil && c.BusinessRegistrationNumber == "" {
			err = kakao.Invalid("companyId", "%q has no business registration number, so it can only have a PERSONAL wallet", c.Name)
		}
		return c.ID, err
	case p.Company != nil:
		c, err := PutCompany(tx, *p.Company)
		return c.ID, err
	}
	return 0, kakao.Invalid("companyId", "a BUSINESS wallet needs a business: companyId, or company to register one")
}

// SetStatus turns a wallet ON or OFF (W12); only its master may, and a
// suspended wallet only Kakao changes (W02).
func (s *Service) SetStatus(userID, walletID uint64, status Status) (Wallet, error) {
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		if w, err = asMaster(tx, userID, walletID, "월렛을 켜고 끌"); err != nil {
			return err
		}
		if status != StatusOn && status != StatusOff {
			return kakao.Invalid("status", "must be ON or OFF")
		}
		if w.Status == StatusSuspended {
			return kakao.ErrWalletStatusLocked
		}
		w.Status = status
		return saveWallet(tx, &w)
	})
	return w, err
}

// SetManager adds or removes a manager; only the master may.
func (s *Service) SetManager(userID, walletID, managerID uint64, add bool) (Wallet, error) {
	var w Wallet
	err := s.db.Update(func(tx *store.Tx) (err error) {
		if w, err = asMaster(tx, userID, walletID, "매니저를 바꿀"); err != nil {
			return err
		}
		if _, err := s.users.Person(tx, "userId", strconvID(managerID)); err != nil {
			return err
		}
		if managerID == w.MasterID {
			return kakao.Invalid("userId", "user %d is the wallet's master", managerID)
		}
		w.ManagerIDs = slices.DeleteFunc(w.ManagerIDs, func(id uint64) bool { return id == managerID })
		if add {
			w.ManagerIDs = append(w.ManagerIDs, managerID)
		}
		return saveWallet(tx, &w)
	})
	return w, err
}

// ConnectChannel connects a wallet to a channel: the user must be master of
// both (W04), and a business wallet serves business channels only (W05).
func (s *Service) ConnectChannel(userID, walletID, channelID uint64) (Connection, error) {
	var c Connection
	err := s.db.Update(func(tx *store.Tx) error {
		w, err := asMaster(tx, userID, walletID, "월렛을 연결할")
		if err != nil {
			return err
		}
		c, err = connectChannel(tx, userID, w, channelID)
		return err
	})
	return c, err
}

func connectChannel(tx *store.Tx, userID uint64, w Wallet, channelID uint64) (Connection, error) {
	ch, err := GetChannel(tx, channelID)
	if err != nil {
		return Connection{}, err
	}
	if ch.MasterID != userID {
		return Connection{}, kakao.ErrNotChannelMaster.With("채널 %q의 마스터만 월렛을 만들거나 연결할 수 있습니다. (W04)", ch.Name)
	}
	if err := mayConnect(w, ch); err != nil {
		return Connection{}, err
	}
	return connect(tx, Connection{WalletID: w.ID, ChannelID: ch.ID})
}

// ConnectAdAccountAs connects a wallet to an ad account for the user, who
// must be the wallet's master (W04); moment has checked the ad account's side.
func ConnectAdAccountAs(tx *store.Tx, userID, walletID, adAccountID uint64) (Connection, error) {
	w, err := asMaster(tx, userID, walletID, "월렛을 연결할")
	if err != nil {
		return Connection{}, err
	}
	return connect(tx, Connection{WalletID: w.ID, AdAccountID: adAccountID})
}

// Disconnected is what ending a connection did.
type Disconnected struct {
	Connection Connection
	Reclaimed  int64 // free cash granted through it, taken back (W07)
	Wallet     Wallet
}

// Disconnect ends a connection; only the wallet's master may. Free cash
// granted through it is reclaimed, with a ledger entry, and goes nowhere
// else (W07).
func (s *Service) Disconnect(userID, walletID, connectionID uint64) (Disconnected, error) {
	var out Disconnected
	err := s.db.Update(func(tx *store.Tx) error {
		w, err := asMaster(tx, userID, walletID, "월렛 연결을 해제할")
		if err != nil {
			return err
		}
		var c Connection
		ok, err := tx.Get(connectionsBucket, store.Keys(store.Key(walletID), store.Key(connectionID)), &c)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("wallet %d has no connection %d", walletID, connectionID)
		}
		if err := unlink(tx, c); err != nil {
			return err
		}
		out.Reclaimed, err = s.reclaim(tx, &w, func(g Grant) bool { return g.ConnectionID == c.ID })
		out.Connection, out.Wallet = c, w
		return err
	})
	return out, err
}

// ChannelView is a channel with the wallet it is connected to, if any.
type ChannelView struct {
	Channel
	Connection *Connection
}

// MyChannels lists the channels the user is master of.
func (s *Service) MyChannels(userID uint64) ([]ChannelView, error) {
	var out []ChannelView
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(channelsBucket, nil, func(_, v []byte) (bool, error) {
			var ch Channel
			if err := unmarshal(v, &ch); err != nil || ch.MasterID != userID {
				return err == nil, err
			}
			view := ChannelView{Channel: ch}
			c, ok, err := connectedTo(tx, channelTarget(ch.ID))
			if ok {
				view.Connection = &c
			}
			out = append(out, view)
			return true, err
		})
	})
	return out, err
}
