package ads

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// The invalid-traffic correction is the sandbox's own (docs/guesses.md):
// Kakao's figures for a day may change until 08:00 KST the next day, so at
// 08:00 the sandbox removes a small, seeded share of each of yesterday's
// creative-hours' clicks and their cost (rule P03), rewrites the records
// and the day's sums in place, and gives the removed cost back to each ad
// account's wallet in one AD_CORRECTION ledger entry.

// DefaultCorrectionBasisPoints is the largest share of a creative-hour's
// clicks the correction removes, in basis points (300 = 3%); each record's
// share is drawn from 0 to it. The sandbox's guess (docs/guesses.md),
// configurable with --ads-correction-bp; 0 turns the correction off.
const DefaultCorrectionBasisPoints = 300

// CorrectionHour is the KST hour of the next day the correction runs at.
const CorrectionHour = 8

// correctionMeta records the last day corrected, so a day is corrected once
// whatever restarts, snapshots or stray effects come between.
const correctionMeta = "ads.correction"

type correctionState struct {
	Done int64 `json:"done,omitempty"` // Unix second of the last corrected KST day's start
}

// correctionDay is the daily effect's payload: the KST day it corrects.
type correctionDay struct {
	Day int64 `json:"d"` // Unix second of the day's start
}

func (d correctionDay) String() string {
	return time.Unix(d.Day, 0).In(kakao.KST).Format(time.DateOnly)
}

// queueCorrection queues the correction of the day of hour, at 08:00 the
// next day, unless it is queued: the hourly delivery calls it.
func (s *Service) queueCorrection(tx *store.Tx, st *deliveryState, hour time.Time) error {
	day := startOfDay(hour)
	if st.Corrects >= day.Unix() {
		return nil
	}
	st.Corrects = day.Unix()
	return s.correction.Schedule(tx, nextDay(day).Add(CorrectionHour*time.Hour), correctionDay{Day: day.Unix()})
}

// removedClicks is how many of a record's clicks the correction removes:
// drawn from the data file's delivery seed and the record's key (rule P06).
func removedClicks(seed uint64, key []byte, clicks int64, maxBasisPoints int) int64 {
	if clicks <= 0 || maxBasisPoints <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write(key)
	f := gofakeit.New(seed ^ h.Sum64())
	return share(f, clicks, f.Float64Range(0, float64(maxBasisPoints)/10000))
}

// correct is the daily effect: it corrects the day d, once.
func (s *Service) correct(tx *store.Tx, d correctionDay) (string, error) {
	var cs correctionState
	if _, err := tx.GetMeta(correctionMeta, &cs); err != nil {
		return "", err
	}
	if d.Day <= cs.Done {
		return "", nil
	}
	var st deliveryState
	if _, err := tx.GetMeta(deliveryMeta, &st); err != nil {
		return "", err
	}
	day := time.Unix(d.Day, 0).In(kakao.KST)
	ymd := dayKey(0, day)[8:]
	var accounts []uint64
	if err := tx.Scan(daySpentBucket, nil, func(k, _ []byte) (bool, error) {
		if bytes.Equal(k[8:], ymd) {
			accounts = append(accounts, store.ID(k))
		}
		return true, nil
	}); err != nil {
		return "", err
	}
	var clicks, cost int64
	var corrected int
	for _, id := range accounts {
		c, k, err := s.correctAccount(tx, s.seed(st), id, day)
		if err != nil {
			return "", err
		}
		if c > 0 {
			cost, clicks, corrected = cost+c, clicks+k, corrected+1
		}
	}
	cs.Done = d.Day
	if err := tx.SetMeta(correctionMeta, cs); err != nil {
		return "", err
	}
	if clicks == 0 {
		return "", nil
	}
	return fmt.Sprintf("ads corrected %s: %d invalid clicks and %d KRW removed in %d ad accounts, credited back (the sandbox's simulation)",
		d, clicks, cost, corrected), nil
}

// correctAccount corrects one ad account's day: its records, its day's sums
// and its wallet, together. An ad account with no wallet now keeps its day
// as it is: the cost would have nowhere to go back to.
func (s *Service) correctAccount(tx *store.Tx, seed, adAccountID uint64, day time.Time) (cost, clicks int64, err error) {
	w, ok, err := wallet.AdAccountWallet(tx, adAccountID)
	if err != nil || !ok {
		return 0, 0, err
	}
	type fix struct {
		key    []byte
		was, r Delivered
	}
	var fixes []fix
	dk := dayKey(adAccountID, day)
	err = tx.Scan(deliveryBucket, dk, func(k, v []byte) (bool, error) {
		var r Delivered
		if err := store.Decode(v, &r); err != nil {
			return false, err
		}
		if n := removedClicks(seed, k, r.Click, s.cfg.CorrectionBasisPoints); n > 0 {
			was := r
			r.Cost, r.Click = r.Cost-r.Cost*n/r.Click, r.Click-n
			fixes = append(fixes, fix{bytes.Clone(k), was, r})
		}
		return true, nil
	})
	if err != nil || len(fixes) == 0 {
		return 0, 0, err
	}
	spent, err := readDaySpent(tx, adAccountID, day)
	if err != nil {
		return 0, 0, err
	}
	for _, f := range fixes {
		if err := tx.Put(deliveryBucket, f.key, f.r); err != nil {
			return 0, 0, err
		}
		removed := f.was.Cost - f.r.Cost
		spent.Total -= removed
		spent.Campaigns[f.r.Campaign] -= removed
		spent.AdGroups[f.r.AdGroup] -= removed
		cost += removed
		clicks += f.was.Click - f.r.Click
	}
	if err := tx.Put(daySpentBucket, dk, spent); err != nil {
		return 0, 0, err
	}
	if cost > 0 {
		ref := "ads:correction:" + day.Format(time.DateOnly) + ":adAccount:" + strconv.FormatUint(adAccountID, 10)
		if err := s.wallets.CreditCorrection(tx, w.ID, cost, day, ref); err != nil {
			return 0, 0, err
		}
	}
	return cost, clicks, nil
}

// DaySums are an ad account's stored sums for one KST day: its total cost
// and its cost by campaign and by ad group (tests; reports).
func (s *Service) DaySums(adAccountID uint64, day time.Time) (total int64, campaigns, adGroups map[uint64]int64, err error) {
	var d daySpent
	err = s.db.View(func(tx *store.Tx) (err error) {
		d, err = readDaySpent(tx, adAccountID, day)
		return err
	})
	return d.Total, d.Campaigns, d.AdGroups, err
}
