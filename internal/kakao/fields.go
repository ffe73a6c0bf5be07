package kakao

import "strings"

// moneyFields are the names every API and document of the sandbox gives a
// field holding won: a message about one names the unit.
var moneyFields = map[string]bool{
	"amount": true, "credits": true, "usage": true, "cash": true, "paidCash": true, "freeCash": true, "supplyAmount": true,
	"dailyBudgetAmount": true, "bidAmount": true, // Moment's ads (docs/kakao-api.md §9.2, §9.3)
}

// WholeNumber is what a whole-number field holds, in the field's unit:
// "a whole number of won" for body.amount, "a whole number" for an id.
func WholeNumber(field string) string {
	name := field[strings.LastIndexAny(field, ". ")+1:]
	if moneyFields[name] {
		return "a whole number of won"
	}
	return "a whole number"
}
