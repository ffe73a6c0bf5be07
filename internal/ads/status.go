package ads

import (
	"slices"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Status values (docs/kakao-api.md §9.7, §9.4).
const (
	StatusLive                 = "LIVE"
	StatusReady                = "READY"
	StatusFinished             = "FINISHED"
	StatusOff                  = "OFF"
	StatusDeleted              = "DELETED"
	StatusAdminStop            = "ADMIN_STOP"
	StatusExternalServiceStop  = "SYSTEM_CONFIG_EXTERNAL_SERVICE_STOP"
	StatusExceedDailyBudget    = "EXCEED_DAILY_BUDGET"
	StatusNoAvailableCreative  = "NO_AVAILABLE_CREATIVE"
	StatusAdAccountUnavailable = "ADACCOUNT_UNAVAILABLE"
	StatusCampaignUnavailable  = "CAMPAIGN_UNAVAILABLE"
	StatusAdGroupUnavailable   = "ADGROUP_UNAVAILABLE"
	StatusUnapproved           = "UNAPPROVED"
	StatusInvalidDate          = "INVALID_DATE"
	CreativeOperating          = "OPERATING"
)

var descriptions = map[string]string{
	StatusLive: "운영중", StatusReady: "집행 예정", StatusFinished: "집행 완료", StatusOff: "사용자 OFF",
	StatusDeleted: "삭제", StatusAdminStop: "관리자 정지", StatusExternalServiceStop: "연동 서비스 제한",
	StatusExceedDailyBudget: "일예산 초과", StatusNoAvailableCreative: "운영 가능한 소재 없음",
	StatusCampaignUnavailable: "캠페인 운영불가", StatusAdGroupUnavailable: "광고그룹 운영불가",
	StatusUnapproved: "심사 미승인", StatusInvalidDate: "집행 기간 아님",
}

// world is what every status depends on, read at one instant inside one
// transaction: the one place statuses are worked out (rule M05). It caches
// what it has read, so a list or an hour of delivery reads each ad account,
// campaign and ad group once.
type world struct {
	tx        *store.Tx
	now       time.Time
	day       string // KST date of now
	accounts  map[uint64]*account
	campaigns map[uint64]*CampaignView
	adGroups  map[uint64]*AdGroupView // by id<<1, | 1 with its creatives read
	// memo, for the hourly delivery: entities decoded in earlier hours.
	memo *memos
	// brief leaves out the Korean descriptions, which delivery never reads.
	brief bool
}

// account is an ad account as its ads see it.
type account struct {
	standing  moment.Standing
	available bool
	why       string // why not available, in Korean
	wallet    uint64
	spent     daySpent
}

func newWorld(tx *store.Tx) *world {
	now := tx.Now().In(kakao.KST)
	return &world{tx: tx, now: now, day: now.Format(kakao.DateLayout),
		accounts: map[uint64]*account{}, campaigns: map[uint64]*CampaignView{}, adGroups: map[uint64]*AdGroupView{}}
}

// account reads an ad account's standing, with the one definition of out of
// balance moment uses (rule M07): its ads serve only while it is ON, not
// stopped by an administrator, not out of balance and its wallet is ON.
func (w *world) account(id uint64) (*account, error) {
	if a, ok := w.accounts[id]; ok {
		return a, nil
	}
	st, ok, err := moment.StandingIn(w.tx, id)
	if err != nil {
		return nil, err
	}
	a := &account{standing: st, wallet: st.WalletID, available: ok && st.Serves()}
	switch {
	case !ok:
		a.why = "광고계정 없음"
	case !a.available:
		a.why = st.Description()
	}
	if a.spent, err = readDaySpent(w.tx, id, w.now); err != nil {
		return nil, err
	}
	w.accounts[id] = a
	return a, nil
}

func (w *world) getCampaign(id uint64) (Campaign, error) {
	if w.memo == nil {
		return getCampaign(w.tx, id)
	}
	if c, ok := w.memo.campaigns.get(id); ok {
		return c, nil
	}
	return getCampaign(w.tx, id) // its not-found error
}

func (w *world) getAdGroup(id uint64) (AdGroup, error) {
	if w.memo == nil {
		return getAdGroup(w.tx, id)
	}
	if g, ok := w.memo.adGroups.get(id); ok {
		return g, nil
	}
	return getAdGroup(w.tx, id)
}

func over(budget *int64, spent int64) bool { return budget != nil && spent >= *budget }

// campaign works out a campaign's status.
func (w *world) campaign(c Campaign) (*CampaignView, error) {
	if v, ok := w.campaigns[c.ID]; ok {
		return v, nil
	}
	a, err := w.account(c.AdAccountID)
	if err != nil {
		return nil, err
	}
	v := &CampaignView{Campaign: c, SpentToday: a.spent.Campaigns[c.ID]}
	v.IsDailyBudgetAmountOver = over(c.DailyBudget, v.SpentToday)
	var st []string
	if c.Config == moment.ConfigDel {
		st = []string{StatusDeleted}
	} else {
		st = systemStatus(c.SystemConfig, st)
		if c.Config == moment.ConfigOff {
			st = append(st, StatusOff)
		}
		if !a.available {
			st = append(st, StatusAdAccountUnavailable)
		}
		if v.IsDailyBudgetAmountOver {
			st = append(st, StatusExceedDailyBudget)
		}
	}
	v.Status, v.StatusDescription = w.finish(st, a)
	w.campaigns[c.ID] = v
	return v, nil
}

func systemStatus(sc SystemConfig, st []string) []string {
	switch sc {
	case SystemAdminStop:
		return append(st, StatusAdminStop)
	case SystemExternalServiceStop:
		return append(st, StatusExternalServiceStop)
	}
	return st
}

// live is a brief world's LIVE: shared, as the delivery changes no view.
var live = []string{StatusLive}

// finish makes an empty list LIVE and describes the list in Korean.
func (w *world) finish(st []string, a *account) ([]string, string) {
	if w.brief {
		if len(st) == 0 {
			st = live
		}
		return st, ""
	}
	if len(st) == 0 {
		st = []string{StatusLive}
	}
	words := make([]string, len(st))
	for i, s := range st {
		words[i] = descriptions[s]
		if s == StatusAdAccountUnavailable {
			words[i] = "광고계정 운영불가(" + a.why + ")"
		}
	}
	return st, strings.Join(words, ", ")
}

// inPeriod says where day falls against a schedule: -1 before it, 0 in it,
// 1 after it. yyyy-MM-dd compares as text.
func inPeriod(s Schedule, day string) int {
	switch {
	case day < s.BeginDate:
		return -1
	case s.EndDate != "" && day > s.EndDate:
		return 1
	}
	return 0
}

// adGroup works out an ad group's status under its campaign.
func (w *world) adGroup(g AdGroup) (*AdGroupView, error) {
	return w.adGroupWith(g, true)
}

// adGroupWith works out an ad group's status; without creatives it leaves
// out NO_AVAILABLE_CREATIVE and CreativeCount, which no creative's status
// depends on, so an hour of delivery reads each creative once.
func (w *world) adGroupWith(g AdGroup, creatives bool) (*AdGroupView, error) {
	key := g.ID << 1
	if creatives {
		key |= 1
	}
	if v, ok := w.adGroups[key]; ok {
		return v, nil
	}
	c, err := w.getCampaign(g.CampaignID)
	if err != nil {
		return nil, err
	}
	cv, err := w.campaign(c)
	if err != nil {
		return nil, err
	}
	a := w.accounts[g.AdAccountID]
	v := &AdGroupView{AdGroup: g, Campaign: *cv, SpentToday: a.spent.AdGroups[g.ID]}
	v.IsDailyBudgetAmountOver = over(g.DailyBudget, v.SpentToday)
	period := inPeriod(g.Schedule, w.day)
	v.IsValidPeriod = period == 0
	serving := 0
	if creatives {
		if err := eachCreativeOf(w.tx, g.ID, func(cr Creative) error {
			if cr.Config == moment.ConfigDel {
				return nil
			}
			v.CreativeCount++
			rs, _, err := reviewStatus(w.tx, cr.Review)
			if cr.Config == moment.ConfigOn && rs == ReviewApproved {
				serving++
			}
			return err
		}); err != nil {
			return nil, err
		}
	}
	var st []string
	if g.Config == moment.ConfigDel {
		st = []string{StatusDeleted}
	} else {
		if slices.ContainsFunc(cv.Status, func(s string) bool { return s != StatusLive && s != StatusAdAccountUnavailable }) {
			st = append(st, StatusCampaignUnavailable)
		}
		st = systemStatus(g.SystemConfig, st)
		if g.Config == moment.ConfigOff {
			st = append(st, StatusOff)
		}
		switch period {
		case -1:
			st = append(st, StatusReady)
		case 1:
			st = append(st, StatusFinished)
		}
		if !a.available {
			st = append(st, StatusAdAccountUnavailable)
		}
		if v.IsDailyBudgetAmountOver {
			st = append(st, StatusExceedDailyBudget)
		}
		if serving == 0 && creatives {
			st = append(st, StatusNoAvailableCreative)
		}
	}
	v.Status, v.StatusDescription = w.finish(st, a)
	w.adGroups[key] = v
	return v, nil
}

// creative works out a creative's status under its ad group. It serves
// exactly when its Status is [LIVE] (serves).
func (w *world) creative(cr Creative) (CreativeView, error) {
	v := CreativeView{Creative: cr}
	var err error
	if v.ReviewStatus, v.RejectedReason, err = reviewStatus(w.tx, cr.Review); err != nil {
		return v, err
	}
	gv, ok := w.adGroups[cr.AdGroupID<<1]
	if !ok {
		g, err := w.getAdGroup(cr.AdGroupID)
		if err != nil {
			return v, err
		}
		if gv, err = w.adGroupWith(g, false); err != nil {
			return v, err
		}
	}
	a := w.accounts[cr.AdAccountID]
	var st []string
	if cr.Config == moment.ConfigDel {
		st = []string{StatusDeleted}
	} else {
		if v.ReviewStatus != ReviewApproved {
			st = append(st, StatusUnapproved)
		}
		if cr.Config == moment.ConfigOff {
			st = append(st, StatusOff)
		}
		if slices.ContainsFunc(gv.Status, func(s string) bool {
			return !slices.Contains([]string{StatusLive, StatusAdAccountUnavailable, StatusNoAvailableCreative, StatusReady, StatusFinished}, s)
		}) {
			st = append(st, StatusAdGroupUnavailable)
		}
		if !gv.IsValidPeriod {
			st = append(st, StatusInvalidDate)
		}
		if !a.available {
			st = append(st, StatusAdAccountUnavailable)
		}
	}
	v.Status, v.StatusDescription = w.finish(st, a)
	v.CreativeStatus = v.Status[0]
	switch v.CreativeStatus {
	case StatusLive:
		v.CreativeStatus = CreativeOperating
	case StatusAdAccountUnavailable: // §9.4's creative statuses have no ad account value
		v.CreativeStatus = StatusAdGroupUnavailable
	}
	return v, nil
}

// idle says, from a creative, its ad group and its campaign alone, that the
// creative cannot serve now, so an hour of delivery need not read its ad
// account's standing and wallet for it. Each reason is one that creative()
// turns into a status other than LIVE: the creative OFF (OFF), its ad group
// or campaign not ON (ADGROUP_UNAVAILABLE), today outside the ad group's
// schedule (INVALID_DATE). g is the creative's ad group.
func (w *world) idle(cr Creative) (g AdGroup, idle bool) {
	g, err := w.getAdGroup(cr.AdGroupID)
	if err != nil {
		return g, false // creative() reports it
	}
	if cr.Config != moment.ConfigOn || g.Config != moment.ConfigOn || inPeriod(g.Schedule, w.day) != 0 {
		return g, true
	}
	c, err := w.getCampaign(g.CampaignID)
	return g, err == nil && c.Config != moment.ConfigOn
}

func (v CreativeView) serves() bool { return len(v.Status) == 1 && v.Status[0] == StatusLive }

// reviewStatus reads a creative's review status, and the reviewer's note
// when rejected, from the review itself.
func reviewStatus(tx *store.Tx, r CreativeReview) (string, string, error) {
	if r.ReviewID == 0 {
		return ReviewApproved, "", nil
	}
	rv, ok, err := review.Get(tx, r.ReviewID)
	if err != nil || !ok {
		return ReviewWaiting, "", err
	}
	switch {
	case rv.Status == review.Approved:
		return ReviewApproved, "", nil
	case rv.Status == review.Rejected && r.Modification:
		return ReviewModificationRejected, rv.Note, nil
	case rv.Status == review.Rejected:
		return ReviewRejected, rv.Note, nil
	case r.Modification:
		return ReviewModificationWaiting, "", nil
	}
	return ReviewWaiting, "", nil
}
