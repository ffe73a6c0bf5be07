package ads

// Views are what clients are answered: the stored entity and what follows
// from it at the transaction's time (status.go, rule M05). Nothing here is
// stored.

// CampaignView is a campaign with its derived state.
type CampaignView struct {
	Campaign
	Status                  []string // §9.7, most telling first
	StatusDescription       string   // Korean, as Moment shows it
	IsDailyBudgetAmountOver bool
	SpentToday              int64 // KST day's delivery cost so far
}

// AdGroupView is an ad group with its derived state and its campaign's.
type AdGroupView struct {
	AdGroup
	Campaign                CampaignView
	Status                  []string
	StatusDescription       string
	IsDailyBudgetAmountOver bool
	IsValidPeriod           bool // today (KST) is within its schedule
	CreativeCount           int  // creatives not deleted
	SpentToday              int64
}

// CreativeView is a creative with its derived state.
type CreativeView struct {
	Creative
	Status            []string // LIVE when it serves, else why not (§9.7)
	CreativeStatus    string   // §9.4: OPERATING, UNAPPROVED, INVALID_DATE, …
	StatusDescription string
	ReviewStatus      string // APPROVED, WAITING, REJECTED, MODIFICATION_…
	RejectedReason    string // the reviewer's note when rejected
}
