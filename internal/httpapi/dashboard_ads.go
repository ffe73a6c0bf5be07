package httpapi

import (
	"html/template"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// chartDays is how many sandbox days the ad account page draws, today last.
const chartDays = 30

// adAccountPage is the ad account page's data: the tree with each status
// (ads' views), and the days the chart and its table show.
type adAccountPage struct {
	Tree  ads.AccountTree
	Days  []chartDay
	Chart template.HTML
	// Totals over the days drawn.
	Cost, Corrected int64
}

// handleDashboardAdAccount handles GET /_sandbox/ui/ad-accounts/{adAccountId}.
func (s *Server) handleDashboardAdAccount(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "adAccountId")
	if err != nil {
		return 0, nil, err
	}
	tree, err := s.Ads.Tree(id)
	if err != nil {
		return 0, nil, err
	}
	today := tree.Today.First
	first := today.AddDate(0, 0, 1-chartDays)
	rows, err := s.Ads.DailyCost(id, ads.Period{First: first, Last: today})
	if err != nil {
		return 0, nil, err
	}
	var balances []wallet.DayBalance
	if tree.WalletID != 0 {
		if balances, err = s.Wallets.DailyBalances(tree.WalletID, first, chartDays); err != nil {
			return 0, nil, err
		}
	}
	p := adAccountPage{Tree: tree, Days: make([]chartDay, chartDays)}
	for i := range p.Days {
		p.Days[i].Day = first.AddDate(0, 0, i)
	}
	for _, r := range rows {
		d := &p.Days[int(r.Day.Sub(first).Hours()+12)/24] // KST has no summer time
		d.Delivered, d.Imp, d.Click, d.Cost = true, r.Imp, r.Click, r.Cost
		p.Cost += r.Cost
	}
	for i, b := range balances {
		p.Days[i].HasWallet, p.Days[i].Balance, p.Days[i].Corrected = b.Opened, b.Paid+b.Free, b.Corrected
		p.Corrected += b.Corrected
	}
	name := tree.Name + " " + strconv.FormatUint(id, 10)
	span := first.Format(time.DateOnly) + " – " + today.Format(time.DateOnly)
	desc := "광고계정 " + name + "의 일별 비용(막대, 왼쪽 축)과 월렛 잔액(선, 오른쪽 축), " + span + " KST. " +
		"Daily cost (bars, left axis) and the wallet's balance at each day's end (line, right axis); " +
		"the same figures are in the table below."
	p.Chart = moneyChart("비용과 잔액 Cost and balance · "+span, desc, p.Days)
	return s.dashPage("ad-account", "광고계정 Ad account · "+name, p)
}
