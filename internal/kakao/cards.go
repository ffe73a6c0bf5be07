package kakao

import "strings"

// CardKind is what a test card behaves as (docs/test-data.md).
type CardKind string

const (
	CardCredit   CardKind = "CREDIT"
	CardDeclined CardKind = "CREDIT_DECLINED" // registers, but every charge is declined
	CardDebit    CardKind = "DEBIT"
	CardPrepaid  CardKind = "PREPAID"
	CardGift     CardKind = "GIFT"
	CardExpired  CardKind = "CREDIT_EXPIRED"
)

// TestCard is one of the sandbox's test card numbers. Kakao publishes none:
// these are the sandbox's own, and every other number is refused (rule B10),
// so a real card number is never stored.
type TestCard struct {
	Number string
	Kind   CardKind
	Brand  string
}

// TestCards lists every card number the sandbox accepts, in docs/test-data.md's order.
var TestCards = []TestCard{
	{"9410000000000005", CardCredit, "SANDBOX VISA"},
	{"9410000000000013", CardDeclined, "SANDBOX VISA"},
	{"9410000000000021", CardDebit, "SANDBOX CHECK"},
	{"9410000000000039", CardPrepaid, "SANDBOX PREPAID"},
	{"9410000000000047", CardGift, "SANDBOX GIFT"},
	{"9410000000000054", CardExpired, "SANDBOX VISA"},
}

// Last4 is what may be shown or stored of a card number.
func (c TestCard) Last4() string { return c.Number[len(c.Number)-4:] }

// RegisterCard finds the test card a number names and refuses what cannot be
// registered: a number that is not a test card, and anything but an
// unexpired credit card (rule B04, B10). Spaces and dashes are ignored.
func RegisterCard(number string) (TestCard, error) {
	n := strings.NewReplacer(" ", "", "-", "").Replace(number)
	for _, c := range TestCards {
		if c.Number != n {
			continue
		}
		switch c.Kind {
		case CardDebit:
			return c, ErrCardDebit
		case CardPrepaid:
			return c, ErrCardPrepaid
		case CardGift:
			return c, ErrCardGift
		case CardExpired:
			return c, ErrCardExpired
		}
		return c, nil
	}
	return TestCard{}, ErrCardNotTest
}

// ChargeCard registers the card and charges it: a declining card is refused
// here, so nothing of a declined charge is stored.
func ChargeCard(number string) (TestCard, error) {
	c, err := RegisterCard(number)
	if err == nil && c.Kind == CardDeclined {
		err = ErrCardDeclined
	}
	return c, err
}
