package cloud

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What a month's invoice will bill, before the 1st issues it: projects'
// usage (KakaoCloud's metering, here the control plane's) and late fees
// carried from overdue invoices (B01).

// lateFeesBucket holds late fees waiting for their invoice.
const lateFeesBucket = "cloud.lateFees" // groupID + YYYYMM charged on + YYYYMM overdue

// Usage is one project's usage in a month, as its group is billed for it.
type Usage struct {
	Amount  int64 `json:"amount"`
	Credits int64 `json:"credits"` // credits used
}

// maxUsage bounds one usage call, so sums stay far from overflowing.
const maxUsage = 1_000_000_000_000

// usageWindow is how far from the sandbox's month usage may be added: a
// year either way (the sandbox's own bound; monthly late fees make long
// histories costly).
const usageWindow = 12

// UsageParams add usage to a project's group for a month.
type UsageParams struct {
	Project string `json:"project"` // project id or fixture key ("demo-org/web")
	Month   string `json:"month"`   // YYYY-MM
	Amount  int64  `json:"amount"`
	Credits int64  `json:"credits"`
}

// MonthUsage is a group's running usage for a month.
type MonthUsage struct {
	GroupID  uint64      `json:"groupId"`
	Month    string      `json:"month"`
	Usage    int64       `json:"usage"`
	Credits  int64       `json:"credits"`
	Projects []UsageLine `json:"projects"`
	IssueAt  time.Time   `json:"issueAt"` // when its invoice is issued
}

// AddUsage adds a project's usage for a month to its billing group, as
// KakaoCloud's metering would. A month already invoiced takes no more
// (B09); the first usage of a group's month schedules its invoice for the
// 1st of the next month.
func (s *Service) AddUsage(p UsageParams) (MonthUsage, error) {
	var mu MonthUsage
	err := s.db.Update(func(tx *store.Tx) error {
		id, ok, err := tx.Resolve(Projects, p.Project)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("no project %q", p.Project)
		}
		var pr Project
		if _, err := tx.Get(projectsBucket, store.Key(id), &pr); err != nil {
			return err
		}
		resolved, _, err := kakao.ResolveMonth(p.Month, tx.Now()) // rule D07
		if err != nil {
			return kakao.Invalid("month", "%v", err)
		}
		month, err := parseMonth(resolved)
		if err != nil {
			return err
		}
		if err := checkUsage(tx, p, month); err != nil {
			return err
		}
		if err := s.accrue(tx, pr.GroupID, month); err != nil {
			return err
		}
		key := store.Keys(store.Key(pr.GroupID), monthKey(month), store.Key(pr.ID))
		var u Usage
		if _, err := tx.Get(usageBucket, key, &u); err != nil {
			return err
		}
		u.Amount, u.Credits = u.Amount+p.Amount, u.Credits+p.Credits
		if err := tx.Put(usageBucket, key, u); err != nil {
			return err
		}
		mu, err = monthUsage(tx, pr.GroupID, month)
		return err
	})
	return mu, err
}

func checkUsage(tx *store.Tx, p UsageParams, month time.Time) error {
	now := monthOf(tx.Now())
	switch {
	case p.Amount <= 0 || p.Amount > maxUsage:
		return kakao.Invalid("amount", "must be from 1 to %d won", maxUsage)
	case p.Credits < 0 || p.Credits > maxUsage:
		return kakao.Invalid("credits", "must be from 0 to %d won", maxUsage)
	case month.Before(now.AddDate(0, -usageWindow, 0)) || month.After(now.AddDate(0, usageWindow, 0)):
		return kakao.Invalid("month", "must be within %d months of the sandbox's month, %s", usageWindow, now.Format(monthLayout))
	}
	return nil
}

// accrue readies a group's month to take usage or a late fee: a month
// already invoiced takes none (B09), and the first thing billed to a month
// schedules its invoice.
func (s *Service) accrue(tx *store.Tx, groupID uint64, month time.Time) error {
	if _, issued, err := getInvoice(tx, groupID, month); err != nil {
		return err
	} else if issued {
		return kakao.ErrUsageInvoiced.With("결제 그룹 %d의 %s 청구서는 이미 발행되었습니다. (B09)", groupID, month.Format(monthLayout))
	}
	prefix := store.Keys(store.Key(groupID), monthKey(month))
	for _, bucket := range []string{usageBucket, lateFeesBucket} {
		if found, err := hasAny(tx, bucket, prefix); found || err != nil {
			return err
		}
	}
	return s.issue.Schedule(tx, issueAt(month), invoiceRef{GroupID: groupID, Month: month.Format(monthLayout)})
}

func hasAny(tx *store.Tx, bucket string, prefix []byte) (bool, error) {
	found := false
	err := tx.Scan(bucket, prefix, func(_, _ []byte) (bool, error) {
		found = true
		return false, nil
	})
	return found, err
}

// monthUsage sums a group's usage for a month, by project.
func monthUsage(tx *store.Tx, groupID uint64, month time.Time) (MonthUsage, error) {
	mu := MonthUsage{GroupID: groupID, Month: month.Format(monthLayout), Projects: []UsageLine{}, IssueAt: issueAt(month)}
	err := tx.Scan(usageBucket, store.Keys(store.Key(groupID), monthKey(month)), func(k, v []byte) (bool, error) {
		var u Usage
		if err := unmarshal(v, &u); err != nil {
			return false, err
		}
		mu.Projects = append(mu.Projects, UsageLine{ProjectID: store.ID(k[16:]), Amount: u.Amount, Credits: u.Credits})
		mu.Usage, mu.Credits = mu.Usage+u.Amount, mu.Credits+u.Credits
		return true, nil
	})
	return mu, err
}

// carriedLine is the key of a month's one line for the invoices its group
// carries (latefees.go): it sorts before every overdue month's own line.
var carriedLine = store.Key(0)

// addLateFee carries a late fee to a group's month (B01), as the line of
// its overdue month, or as line when that is not nil; a second fee on the
// same line adds to it.
func (s *Service) addLateFee(tx *store.Tx, groupID uint64, month time.Time, fee LateFee, line []byte) error {
	if err := s.accrue(tx, groupID, month); err != nil {
		return err
	}
	if line == nil {
		overdue, err := parseMonth(fee.ForMonth)
		if err != nil {
			return err
		}
		line = monthKey(overdue)
	}
	key := store.Keys(store.Key(groupID), monthKey(month), line)
	var had LateFee
	if ok, err := tx.Get(lateFeesBucket, key, &had); err != nil {
		return err
	} else if ok {
		fee.Amount += had.Amount
	}
	return tx.Put(lateFeesBucket, key, fee)
}

// lateFeesOf are the late fees carried to a group's month.
func lateFeesOf(tx *store.Tx, groupID uint64, month time.Time) ([]LateFee, int64, error) {
	var fees []LateFee
	var sum int64
	err := tx.Scan(lateFeesBucket, store.Keys(store.Key(groupID), monthKey(month)), func(_, v []byte) (bool, error) {
		var f LateFee
		err := unmarshal(v, &f)
		fees, sum = append(fees, f), sum+f.Amount
		return err == nil, err
	})
	return fees, sum, err
}

// clearMonth deletes what a group's month had accrued, once an invoice
// bills it (or a fixture states the invoice).
func clearMonth(tx *store.Tx, groupID uint64, month time.Time) error {
	prefix := store.Keys(store.Key(groupID), monthKey(month))
	for _, bucket := range []string{usageBucket, lateFeesBucket} {
		var keys [][]byte
		if err := tx.Scan(bucket, prefix, func(k, _ []byte) (bool, error) {
			keys = append(keys, append([]byte(nil), k...))
			return true, nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Delete(bucket, k); err != nil {
				return err
			}
		}
	}
	return nil
}
