package wallet

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// Functions here take a *store.Tx and run inside the caller's transaction, so
// a fixture load creates many entities atomically. References to users are
// already resolved to ids: wallet does not know the auth package.

func assignID(tx *store.Tx, bucket string, id *uint64) error {
	if *id != 0 {
		return tx.BumpID(bucket, *id)
	}
	next, err := tx.NextID(bucket)
	*id = next
	return err
}

func nameIt(tx *store.Tx, kind, key string, id uint64) error {
	if key == "" {
		return nil
	}
	return tx.SetName(kind, key, id)
}

// PutCompany creates c, or replaces the company with the same id.
func PutCompany(tx *store.Tx, c *Company) error {
	if strings.TrimSpace(c.Name) == "" {
		return kakao.Invalid("name", "a company needs a name")
	}
	if err := assignID(tx, companiesBucket, &c.ID); err != nil {
		return err
	}
	if err := nameIt(tx, "company", c.Key, c.ID); err != nil {
		return err
	}
	return tx.Put(companiesBucket, store.Key(c.ID), c)
}

// PutChannel creates ch, or replaces the channel with the same id.
func PutChannel(tx *store.Tx, ch *Channel) error {
	if ch.Type != ChannelBusiness && ch.Type != ChannelGeneral {
		return kakao.Invalid("type", "must be BUSINESS or GENERAL")
	}
	if err := assignID(tx, channelsBucket, &ch.ID); err != nil {
		return err
	}
	if err := nameIt(tx, "channel", ch.Key, ch.ID); err != nil {
		return err
	}
	return tx.Put(channelsBucket, store.Key(ch.ID), ch)
}

// GetCompany loads a company by id.
func GetCompany(tx *store.Tx, id uint64) (Company, error) {
	var c Company
	ok, err := tx.Get(companiesBucket, store.Key(id), &c)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no company %d", id)
	}
	return c, err
}

// Find resolves a fixture key or decimal id of kind (company, channel,
// wallet) to an id.
func Find(tx *store.Tx, kind, ref string) (uint64, error) {
	bucket := map[string]string{"company": companiesBucket, "channel": channelsBucket, "wallet": walletsBucket}[kind]
	if id, ok, err := tx.LookupName(kind, ref); ok || err != nil {
		return id, err
	}
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil && tx.Has(bucket, store.Key(id)) {
		return id, nil
	}
	return 0, kakao.ErrNotFound.With("no %s %q", kind, ref)
}

// PutWalletParams describe a wallet as a fixture states it.
type PutWalletParams struct {
	Wallet     Wallet // descriptive fields; balances are ignored
	PaidCash   int64
	FreeCash   []GrantParams
	MasterName string // the master's own name, for a personal refund account (W11)
}

// PutWallet creates a wallet, or makes the wallet with the same id look as
// the params say. Every balance difference goes through the ledger, so a
// replaced wallet's ledger still sums to its balance.
func (s *Service) PutWallet(tx *store.Tx, p PutWalletParams, now time.Time) (Wallet, error) {
	w := p.Wallet
	if err := s.checkWallet(tx, w, p); err != nil {
		return Wallet{}, err
	}
	var old Wallet
	replacing := false
	if w.ID != 0 {
		var err error
		replacing, err = tx.Get(walletsBucket, store.Key(w.ID), &old)
		if err != nil {
			return Wallet{}, err
		}
	}
	if err := assignID(tx, walletsBucket, &w.ID); err != nil {
		return Wallet{}, err
	}
	if err := nameIt(tx, "wallet", w.Key, w.ID); err != nil {
		return Wallet{}, err
	}
	w.PaidCash, w.FreeCash = old.PaidCash, old.FreeCash
	if err := saveWallet(tx, &w); err != nil {
		return Wallet{}, err
	}
	if replacing {
		if err := reclaimGrants(tx, &w, now); err != nil {
			return Wallet{}, err
		}
	}
	if diff := p.PaidCash - w.PaidCash; diff != 0 {
		kind := EntryOpening
		if replacing {
			kind = EntryAdjust
		}
		if err := post(tx, &w, Entry{At: now, Kind: kind, Paid: diff, Ref: "fixture"}); err != nil {
			return Wallet{}, err
		}
	}
	for i, g := range p.FreeCash {
		if _, err := s.grant(tx, &w, g, now); err != nil {
			if ke, ok := kakao.As(err); ok {
				return Wallet{}, kakao.ErrInvalidParam.With("freeCash[%d].%s", i, ke.Msg)
			}
			return Wallet{}, err
		}
	}
	return w, nil
}

func (s *Service) checkWallet(tx *store.Tx, w Wallet, p PutWalletParams) error {
	if !slices.Contains([]Status{StatusOn, StatusOff, StatusSuspended}, w.Status) {
		return kakao.Invalid("status", "must be ON, OFF or SUSPENDED")
	}
	if p.PaidCash < 0 {
		return kakao.Invalid("paidCash", "must not be negative")
	}
	var company *Company
	switch w.Type {
	case TypeBusiness:
		if w.CompanyID == 0 {
			return kakao.Invalid("company", "a BUSINESS wallet belongs to a company with a business registration number")
		}
		c, err := GetCompany(tx, w.CompanyID)
		if err != nil {
			return err
		}
		if c.BusinessRegistrationNumber == "" {
			return kakao.Invalid("company", "%q has no business registration number, so it can only have a PERSONAL wallet", c.Name)
		}
		company = &c
	case TypePersonal:
		if w.CompanyID != 0 {
			return kakao.Invalid("company", "a PERSONAL wallet has no business registration number; leave company out")
		}
	default:
		return kakao.Invalid("type", "must be BUSINESS or PERSONAL")
	}
	for _, chID := range w.ChannelIDs {
		var ch Channel
		if _, err := tx.Get(channelsBucket, store.Key(chID), &ch); err != nil {
			return err
		}
		if w.Type == TypeBusiness && ch.Type != ChannelBusiness { // W05
			return kakao.Invalid("connections", "channel %q is a GENERAL channel; a BUSINESS wallet connects to business channels only (W05)", ch.Name)
		}
	}
	if w.RefundAccount != nil {
		return CheckRefundHolder(w.RefundAccount.HolderName, company, p.MasterName)
	}
	return nil
}

// CheckRefundHolder applies RULES W11: the refund account is in the business's
// or its representative's name, or, without a business, the master's own.
// "(주)" and "주식회사" are ignored when names are compared.
func CheckRefundHolder(holder string, company *Company, masterName string) error {
	allowed := []string{masterName}
	if company != nil {
		allowed = []string{company.Name, company.RepresentativeName}
	}
	for _, name := range allowed {
		if name != "" && normalizeHolder(name) == normalizeHolder(holder) {
			return nil
		}
	}
	return kakao.Invalid("refundAccount.holderName", "%q is not the wallet's business or representative name (W11)", holder)
}

func normalizeHolder(name string) string {
	name = strings.NewReplacer("(주)", "", "㈜", "", "주식회사", "", " ", "").Replace(name)
	return strings.ToLower(name)
}
