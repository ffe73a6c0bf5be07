package wallet

import (
	"sort"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// DayBalance is a wallet's balance at the end of a day, walked from its
// ledger (a balance is the sum of its ledger), and what the ads'
// invalid-traffic correction credited back during the day.
type DayBalance struct {
	Day        time.Time // the day's first instant
	Opened     bool      // the ledger has an entry by the day's end
	Paid, Free int64
	Corrected  int64 // AD_CORRECTION entries posted in the day
}

// DailyBalances answers a wallet's balance at the end of each of n days
// from first (a KST midnight), for the dashboard's chart: every entry
// before a day's end counts, so a day still running reads the balance now.
func (s *Service) DailyBalances(walletID uint64, first time.Time, n int) ([]DayBalance, error) {
	out := make([]DayBalance, n)
	for i := range out {
		out[i].Day = first.AddDate(0, 0, i)
	}
	end := func(i int) time.Time { return first.AddDate(0, 0, i+1) }
	err := s.db.View(func(tx *store.Tx) error {
		if _, err := GetWallet(tx, walletID); err != nil {
			return err
		}
		entries, err := Entries(tx, walletID)
		if err != nil {
			return err
		}
		for _, e := range entries {
			// The first day ending after the entry: earlier entries land
			// on the first day, as its opening balance.
			i := sort.Search(n, func(i int) bool { return e.At.Before(end(i)) })
			if i == n {
				continue // after the last day
			}
			out[i].Opened = true
			out[i].Paid += e.Paid
			out[i].Free += e.Free
			if e.Kind == EntryAdCorrection && !e.At.Before(out[i].Day) {
				out[i].Corrected += e.Paid + e.Free
			}
		}
		return nil
	})
	for i := 1; i < n; i++ { // each day's changes onto the balance before it
		out[i].Paid += out[i-1].Paid
		out[i].Free += out[i-1].Free
		out[i].Opened = out[i].Opened || out[i-1].Opened
	}
	return out, err
}
