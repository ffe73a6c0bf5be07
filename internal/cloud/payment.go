package cloud

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Payment methods (rule B04, B06, B10) and dedicated-account requests (B07).
// What makes a card acceptable lives here once, for the console and for
// fixtures alike; only the act of verifying (a phone code, a business number)
// is the console's, since a fixture states a card already verified.

// SandboxPhoneCode is the mobile phone verification code that succeeds
// (docs/test-data.md); any other fails.
const SandboxPhoneCode = "000000"

// CardParams register a credit card through the console.
type CardParams struct {
	CardNumber string
	OwnerType  OwnerType
	// VerificationCode is the mobile phone code, for PERSONAL and
	// NAMED_CORPORATE cards.
	VerificationCode string
	// BusinessRegistrationNumber is the organisation's, for
	// ANONYMOUS_CORPORATE cards.
	BusinessRegistrationNumber string
}

// SetPaymentMethod registers a credit card for a group, replacing whatever it
// paid by before (B06): only the Billing Admin assigned to the group may
// (B02). A refused card leaves the group as it was and nothing of its number
// behind (B10).
func (s *Service) SetPaymentMethod(userID, groupID uint64, p CardParams) (BillingGroup, error) {
	var g BillingGroup
	err := s.db.Update(func(tx *store.Tx) error {
		var o Organization
		var role Role
		var err error
		if g, o, role, err = groupFor(tx, userID, groupID); err != nil {
			return err
		}
		if err := requireAdmin(role); err != nil {
			return err
		}
		pm, err := newCardMethod(tx, o, p.CardNumber, p.OwnerType)
		if err != nil {
			return err
		}
		if err := verifyCard(o, p); err != nil {
			return err
		}
		g.PaymentMethod = &pm
		return tx.Put(groupsBucket, store.Key(g.ID), g)
	})
	return g, err
}

// newCardMethod is the card a number names, as a group keeps it: brand and
// last four digits only. Test cards only (B10), credit cards only, of an
// owner type the organisation may register (B04).
func newCardMethod(tx *store.Tx, o Organization, number string, owner OwnerType) (PaymentMethod, error) {
	card, err := kakao.RegisterCard(number)
	if err != nil {
		return PaymentMethod{}, err
	}
	if err := checkOwnerType(o, owner); err != nil {
		return PaymentMethod{}, err
	}
	return PaymentMethod{Type: CreditCard, CardLast4: card.Last4(), CardBrand: card.Brand,
		Declines: card.Kind == kakao.CardDeclined, OwnerType: owner, ModifiedAt: tx.Now()}, nil
}

// checkOwnerType applies B04's table: a business registers personal, named
// corporate or anonymous corporate cards, the last only with a business
// registration number on file; an individual registers personal cards only
// (the sandbox's guess: the table lists business members only).
func checkOwnerType(o Organization, owner OwnerType) error {
	if !slices.Contains([]OwnerType{OwnerPersonal, OwnerNamedCorporate, OwnerAnonymousCorporate}, owner) {
		return kakao.Invalid("ownerType", "must be PERSONAL, NAMED_CORPORATE or ANONYMOUS_CORPORATE")
	}
	switch {
	case o.MemberType == MemberIndividual && owner != OwnerPersonal:
		return kakao.ErrCardOwnerType.With("개인 회원은 개인 카드(PERSONAL)만 등록할 수 있습니다. %s 카드는 사업자 회원만 등록할 수 있습니다. (B04)", owner)
	case owner == OwnerAnonymousCorporate && o.BusinessRegistrationNumber == "":
		return kakao.ErrCardBusinessNo.With("조직 %d에 사업자등록번호가 없어 무기명 법인카드를 등록할 수 없습니다. (B04)", o.ID)
	}
	return nil
}

// verifyCard is B04's authentication: a phone code for personal and named
// corporate cards, the organisation's business registration number for
// anonymous corporate ones.
func verifyCard(o Organization, p CardParams) error {
	if p.OwnerType == OwnerAnonymousCorporate {
		if digits(p.BusinessRegistrationNumber) != digits(o.BusinessRegistrationNumber) {
			return kakao.ErrCardBusinessNo
		}
		return nil
	}
	if p.VerificationCode != SandboxPhoneCode {
		return kakao.ErrPhoneVerification
	}
	return nil
}

// digits drops the dashes and spaces people write business numbers with.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// newDedicatedMethod opens the next dedicated account.
func newDedicatedMethod(tx *store.Tx) (PaymentMethod, error) {
	n, err := tx.NextID(dedicatedAccountsSeq)
	if err != nil {
		return PaymentMethod{}, err
	}
	return PaymentMethod{Type: DedicatedAccount, AccountNumber: DedicatedAccountNumber(n), ModifiedAt: tx.Now()}, nil
}

// Details are a payment method's masked payment information, all that is
// ever shown of it (B05): a card's brand and last four digits, or the
// dedicated account's number.
func (pm PaymentMethod) Details() string {
	if pm.Type == DedicatedAccount {
		return pm.AccountNumber
	}
	return pm.CardBrand + " **** **** **** " + pm.CardLast4
}

// dedicatedRequest asks the helpdesk for a dedicated account for a group.
type dedicatedRequest struct {
	GroupID uint64 `json:"groupId"`
	Reason  string `json:"reason,omitempty"`
}

// RequestDedicatedAccount files the helpdesk request for a group's dedicated
// account (B07): the Billing Admin assigned to the group may, one pending
// request per group. Approval through the control plane opens the account.
func (s *Service) RequestDedicatedAccount(userID, groupID uint64, reason string) (review.Review, error) {
	var rv review.Review
	err := s.db.Update(func(tx *store.Tx) error {
		g, _, role, err := groupFor(tx, userID, groupID)
		if err != nil {
			return err
		}
		if err := requireAdmin(role); err != nil {
			return err
		}
		pending, err := s.dedicated.Pending(tx)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(pending, func(r dedicatedRequest) bool { return r.GroupID == groupID }) {
			return kakao.ErrDedicatedPending.With("결제 그룹 %d의 전용 계좌 신청이 이미 검토 중입니다. (B07)", groupID)
		}
		rv, err = s.dedicated.Submit(tx, userID, fmt.Sprintf("billing group %d (%s), dedicated account", g.ID, g.Name),
			dedicatedRequest{GroupID: groupID, Reason: strings.TrimSpace(reason)})
		return err
	})
	return rv, err
}

// approveDedicated opens the account and makes it the group's payment
// method, replacing a card and its details (B06, B07).
func (s *Service) approveDedicated(tx *store.Tx, r dedicatedRequest) (string, error) {
	g, err := getGroup(tx, r.GroupID)
	if err != nil {
		return "", kakao.ErrNotFound.With("billing group %d no longer exists; reject the request", r.GroupID)
	}
	pm, err := newDedicatedMethod(tx)
	if err != nil {
		return "", err
	}
	// The outcome names no more of the old method than its type: its
	// details are gone (B06).
	replaced := ""
	if old := g.PaymentMethod; old != nil {
		replaced = ", replacing its " + string(old.Type)
	}
	g.PaymentMethod = &pm
	return fmt.Sprintf("billing group %d pays by dedicated account %s%s", g.ID, pm.AccountNumber, replaced),
		tx.Put(groupsBucket, store.Key(g.ID), g)
}
