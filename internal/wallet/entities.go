package wallet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Functions here take a *store.Tx and run inside the caller's transaction, so
// a fixture load creates many entities atomically. Wallet does not know the
// auth package: users are found through the Users the service was given.

// The entity kinds wallet owns, for keys and references.
var (
	Companies = store.Kind{Name: "company", Bucket: companiesBucket}
	Channels  = store.Kind{Name: "channel", Bucket: channelsBucket}
	Wallets   = store.Kind{Name: "wallet", Bucket: walletsBucket}
)

// Person is a user as wallet needs one: who, by what name (rule W11), and
// whether they have verified their identity (W08).
type Person struct {
	ID               uint64
	Name             string
	IdentityVerified bool
}

// Users finds the user a reference (fixture key or id) names, and reports
// whether there is one. Package auth knows users; the composition root
// passes its lookup in, so wallet and moment need not import auth.
type Users func(tx *store.Tx, ref string) (Person, bool, error)

// Person resolves a required user reference; errors name field.
func (u Users) Person(tx *store.Tx, field, ref string) (Person, error) {
	if ref == "" {
		return Person{}, kakao.Invalid(field, "is required")
	}
	p, ok, err := u(tx, ref)
	if err == nil && !ok {
		err = kakao.Invalid(field, "no user %q", ref)
	}
	return p, err
}

// Lookup resolves a reference to an entity of kind k, which must exist; the
// error names field.
func Lookup(tx *store.Tx, k store.Kind, field, ref string) (uint64, error) {
	id, ok, err := tx.Resolve(k, ref)
	if err == nil && !ok {
		err = kakao.Invalid(field, "no %s %q", k.Name, ref)
	}
	return id, err
}

// CompanyParams describe a business: a fixture's companies entry.
type CompanyParams struct {
	Key                        string `json:"key" yaml:"key"`
	ID                         uint64 `json:"id,omitempty" yaml:"id"` // 0: assigned
	Name                       string `json:"name" yaml:"name"`
	BusinessRegistrationNumber string `json:"businessRegistrationNumber" yaml:"businessRegistrationNumber"`
	RepresentativeName         string `json:"representativeName,omitempty" yaml:"representativeName"`
	// Closed (휴·폐업) is for fixtures; the control plane closes a business
	// with PUT /_sandbox/companies/{id}/closure.
	Closed bool `json:"-" yaml:"closed"`
}

// PutCompany creates a company, or replaces the company with the same id.
func PutCompany(tx *store.Tx, p CompanyParams) (Company, error) {
	if strings.TrimSpace(p.Name) == "" {
		return Company{}, kakao.Invalid("name", "a company needs a name")
	}
	c := Company{ID: p.ID, Key: p.Key, Name: p.Name, BusinessRegistrationNumber: p.BusinessRegistrationNumber,
		RepresentativeName: p.RepresentativeName, Closed: p.Closed}
	err := tx.Save(Companies, &c)
	return c, err
}

// ChannelParams describe a Kakao Talk channel: a fixture's channels entry.
type ChannelParams struct {
	Key    string      `json:"key" yaml:"key"`
	ID     uint64      `json:"id,omitempty" yaml:"id"` // 0: assigned
	Name   string      `json:"name" yaml:"name"`
	Type   ChannelType `json:"type" yaml:"type"`
	Master string      `json:"master" yaml:"master"` // user key or id
}

// PutChannel creates a channel, or replaces the channel with the same id.
func (s *Service) PutChannel(tx *store.Tx, p ChannelParams) (Channel, error) {
	if p.Type != ChannelBusiness && p.Type != ChannelGeneral {
		return Channel{}, kakao.Invalid("type", "must be BUSINESS or GENERAL")
	}
	master, err := s.users.Person(tx, "master", p.Master)
	if err != nil {
		return Channel{}, err
	}
	ch := Channel{ID: p.ID, Key: p.Key, Name: p.Name, Type: p.Type, MasterID: master.ID}
	err = tx.Save(Channels, &ch)
	return ch, err
}

// GetChannel loads a channel by id.
func GetChannel(tx *store.Tx, id uint64) (Channel, error) {
	var ch Channel
	ok, err := tx.Get(channelsBucket, store.Key(id), &ch)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no channel %d", id)
	}
	return ch, err
}

// mayConnect applies rule W05: a business wallet serves business channels
// only; a general channel may have a personal wallet only.
func mayConnect(w Wallet, ch Channel) error {
	if w.Type == TypeBusiness && ch.Type != ChannelBusiness {
		return kakao.ErrBusinessWalletChannel.With("채널 %q은 일반 채널입니다. 사업자 월렛은 비즈니스 채널에만 연결할 수 있고, 일반 채널은 개인 월렛만 쓸 수 있습니다. (W05)", ch.Name)
	}
	return nil
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

// WalletParams describe a wallet as a fixture states it.
type WalletParams struct {
	Key           string         `json:"key" yaml:"key"`
	ID            uint64         `json:"id,omitempty" yaml:"id"` // 0: assigned
	Type          Type           `json:"type" yaml:"type"`
	Company       string         `json:"company,omitempty" yaml:"company"` // company key or id; BUSINESS only
	Master        string         `json:"master" yaml:"master"`             // user key or id
	Managers      []string       `json:"managers,omitempty" yaml:"managers"`
	Status        Status         `json:"status,omitempty" yaml:"status"` // default ON
	PaidCash      int64          `json:"paidCash" yaml:"paidCash"`
	Postpaid      bool           `json:"postpaid" yaml:"postpaid"`
	FreeCash      []GrantParams  `json:"freeCash,omitempty" yaml:"freeCash"`
	RefundAccount *RefundAccount `json:"refundAccount,omitempty" yaml:"refundAccount"`
	Connections   []string       `json:"connections,omitempty" yaml:"connections"` // channel keys or ids
	// Charges are past card charges, added to the opening PaidCash.
	Charges []ChargeParams `json:"charges,omitempty" yaml:"charges"`
	// TaxInvoices replace the wallet's tax invoices (BUSINESS only, W06).
	TaxInvoices []TaxInvoiceParams `json:"taxInvoices,omitempty" yaml:"taxInvoices"`
}

// resolve turns the params' references into the wallet they describe, and
// the channels it connects to.
func (s *Service) resolve(tx *store.Tx, p WalletParams) (Wallet, Person, []uint64, error) {
	w := Wallet{ID: p.ID, Key: p.Key, Type: p.Type, Status: p.Status, Postpaid: p.Postpaid, RefundAccount: p.RefundAccount}
	if w.Status == "" {
		w.Status = StatusOn
	}
	master, err := s.users.Person(tx, "master", p.Master)
	if err != nil {
		return w, master, nil, err
	}
	w.MasterID = master.ID
	if p.Company != "" {
		if w.CompanyID, err = Lookup(tx, Companies, "company", p.Company); err != nil {
			return w, master, nil, err
		}
	}
	for _, ref := range p.Managers {
		m, err := s.users.Person(tx, "managers", ref)
		if err != nil {
			return w, master, nil, err
		}
		w.ManagerIDs = append(w.ManagerIDs, m.ID)
	}
	var channels []uint64
	for _, ref := range p.Connections {
		id, err := Lookup(tx, Channels, "channel", ref)
		if err != nil {
			return w, master, nil, err
		}
		channels = append(channels, id)
	}
	return w, master, channels, nil
}

// PutWallet creates a wallet, or makes the wallet with the same id look as
// the params say. Every balance difference goes through the ledger, so a
// replaced wallet's ledger still sums to its balance.
func (s *Service) PutWallet(tx *store.Tx, p WalletParams) (Wallet, error) {
	w, master, channels, err := s.resolve(tx, p)
	if err != nil {
		return Wallet{}, err
	}
	if err := checkWallet(tx, w, channels, p.PaidCash, master.Name); err != nil {
		return Wallet{}, err
	}
	var old Wallet
	replacing := false
	if w.ID != 0 {
		if replacing, err = tx.Get(walletsBucket, store.Key(w.ID), &old); err != nil {
			return Wallet{}, err
		}
	}
	// The balances stay as they were: only the ledger below changes them.
	w.PaidCash, w.FreeCash = old.PaidCash, old.FreeCash
	w.CreatedAt = old.CreatedAt
	if !replacing {
		w.CreatedAt = tx.Now()
	}
	if err := tx.Save(Wallets, &w); err != nil {
		return Wallet{}, err
	}
	if replacing {
		if _, err := s.reclaim(tx, &w, func(Grant) bool { return true }); err != nil {
			return Wallet{}, err
		}
		if err := unlinkChannels(tx, w.ID); err != nil {
			return Wallet{}, err
		}
	}
	for _, ch := range channels {
		if _, err := connect(tx, Connection{WalletID: w.ID, ChannelID: ch}); err != nil {
			return Wallet{}, kakao.Invalid("connections", "channel %d: %s", ch, kakao.Words(err))
		}
	}
	if diff := p.PaidCash - w.PaidCash; diff != 0 {
		kind := EntryOpening
		if replacing {
			kind = EntryAdjust
		}
		if err := s.post(tx, &w, Entry{At: tx.Now(), Kind: kind, Paid: diff, Ref: "fixture"}); err != nil {
			return Wallet{}, err
		}
	}
	for i, g := range p.FreeCash {
		if g.Via != "" {
			if g.ConnectionID, err = viaChannel(tx, w.ID, g.Via); err != nil {
				return Wallet{}, kakao.Invalid(fmt.Sprintf("freeCash[%d].via", i), "%s", kakao.Words(err))
			}
		}
		if _, err := s.grant(tx, &w, g); err != nil {
			if ke, ok := kakao.As(err); ok {
				return Wallet{}, kakao.ErrInvalidParam.With("freeCash[%d].%s", i, ke.Msg)
			}
			return Wallet{}, err
		}
	}
	if err := s.putCharges(tx, &w, p.Charges); err != nil {
		return Wallet{}, err
	}
	return w, s.putTaxInvoices(tx, w, p.TaxInvoices)
}

// viaChannel is the wallet's connection to the channel ref names.
func viaChannel(tx *store.Tx, walletID uint64, ref string) (uint64, error) {
	chID, err := Lookup(tx, Channels, "channel", ref)
	if err != nil {
		return 0, err
	}
	c, ok, err := connectedTo(tx, channelTarget(chID))
	if err == nil && (!ok || c.WalletID != walletID) {
		err = fmt.Errorf("channel %q is not among the wallet's connections", ref)
	}
	return c.ID, err
}

// unlinkChannels removes a wallet's channel connections, for a replacing
// fixture that lists them anew.
func unlinkChannels(tx *store.Tx, walletID uint64) error {
	conns, err := Connections(tx, walletID)
	for _, c := range conns {
		if c.ChannelID != 0 && err == nil {
			err = unlink(tx, c)
		}
	}
	return err
}

func checkWallet(tx *store.Tx, w Wallet, channels []uint64, paidCash int64, masterName string) error {
	if !slices.Contains([]Status{StatusOn, StatusOff, StatusSuspended}, w.Status) {
		return kakao.Invalid("status", "must be ON, OFF or SUSPENDED")
	}
	if paidCash < 0 {
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
	for _, chID := range channels {
		ch, err := GetChannel(tx, chID)
		if err != nil {
			return err
		}
		if err := mayConnect(w, ch); err != nil {
			return kakao.Invalid("connections", "channel %q: %s", ch.Name, kakao.Words(err))
		}
	}
	if w.RefundAccount != nil {
		if err := CheckRefundHolder(w.RefundAccount.HolderName, company, masterName); err != nil {
			return kakao.Invalid("refundAccount.holderName", "%s", kakao.Words(err))
		}
	}
	return nil
}

// CheckRefundHolder applies rule W11: the refund account is in the business's
// or its representative's name, or, without a business, the master's own.
// "(주)", "㈜", "주식회사" and spaces are ignored when names are compared.
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
	if company != nil {
		return kakao.ErrRefundHolder.With("예금주 %q은 사업자명 %q 또는 대표자명 %q과 일치하지 않습니다. (W11)", holder, company.Name, company.RepresentativeName)
	}
	return kakao.ErrRefundHolder.With("사업자가 없는 월렛의 환불 계좌는 마스터 본인 명의여야 합니다. 예금주 %q은 마스터 이름 %q과 일치하지 않습니다. (W11)", holder, masterName)
}

// holderNoise is built once: a replacer built per call cost a 100k fixture
// load 0.2 GB of allocations (rule D03).
var holderNoise = strings.NewReplacer("(주)", "", "㈜", "", "주식회사", "", " ", "")

func normalizeHolder(name string) string {
	name = holderNoise.Replace(name)
	return strings.ToLower(name)
}
