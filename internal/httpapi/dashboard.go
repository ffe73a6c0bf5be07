package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// The dashboard (/_sandbox/ui/) is pages of the control plane: each reads
// the state and renders a template; every action on a page is a few lines
// of fetch to the control plane's own operations (pages/dash-foot.html),
// the calls a test would make.

// dashboardPrefix is where the dashboard's pages are.
const dashboardPrefix = "/_sandbox/ui/"

// dashboardRows caps each list a page shows: at 100k ad accounts a page
// shows the first ones and says how many there are.
const dashboardRows = 200

func (s *Server) dashboardRoutes() routes {
	return routes{
		"dashboardOverview":        s.handleDashboardOverview,
		"dashboardWallet":          s.handleDashboardWallet,
		"dashboardVirtualAccounts": s.handleDashboardVirtualAccounts,
		"dashboardClock":           s.handleDashboardClock,
		"dashboardScenarios":       s.handleDashboardScenarios,
		"dashboardRequests":        s.handleDashboardRequests,
		"dashboardConsole":         s.handleDashboardConsole,
		"dashboardAdAccount":       s.handleDashboardAdAccount,
	}
}

// dashView is what every dashboard page gets: its own data in Data, and
// what the header shows.
type dashView struct {
	Title  string // Korean and English
	Nav    string // the page's key in the navigation
	Now    time.Time
	Frozen bool
	Data   any
}

func (s *Server) dashPage(nav, title string, data any) (int, any, error) {
	return s.page(http.StatusOK, "dash-"+nav+".html",
		dashView{Title: title, Nav: nav, Now: s.Clock.Now(), Frozen: s.Clock.Frozen(), Data: data})
}

// listed is a capped list and how many there are in all.
type listed[T any] struct {
	Rows  []T
	Total int
}

// handleDashboardOverview handles GET /_sandbox/ui/.
func (s *Server) handleDashboardOverview(*gin.Context) (int, any, error) {
	rows, total, err := s.Moment.AllAdAccounts(dashboardRows)
	if err != nil {
		return 0, nil, err
	}
	return s.dashPage("overview", "광고계정 Ad accounts", listed[moment.AccountRow]{rows, total})
}

// handleDashboardWallet handles GET /_sandbox/ui/wallets/{walletId}.
func (s *Server) handleDashboardWallet(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	w, entries, total, err := s.Wallets.LedgerOf(id, dashboardRows)
	if err != nil {
		return 0, nil, err
	}
	return s.dashPage("wallet", "월렛 Wallet "+strconv.FormatUint(id, 10), struct {
		Wallet wallet.Wallet
		Ledger listed[wallet.Entry]
	}{w, listed[wallet.Entry]{entries, total}})
}

// handleDashboardVirtualAccounts handles GET /_sandbox/ui/virtual-accounts.
func (s *Server) handleDashboardVirtualAccounts(c *gin.Context) (int, any, error) {
	status := c.Query("status")
	vas, total, err := s.Moment.VirtualAccounts(moment.VAFilter{Status: moment.VirtualAccountStatus(status), Limit: dashboardRows})
	if err != nil {
		return 0, nil, err
	}
	return s.dashPage("virtual-accounts", "가상계좌 Virtual accounts", struct {
		Status string
		List   listed[moment.VirtualAccount]
	}{status, listed[moment.VirtualAccount]{vas, total}})
}

// handleDashboardClock handles GET /_sandbox/ui/clock.
func (s *Server) handleDashboardClock(*gin.Context) (int, any, error) {
	return s.dashPage("clock", "시계 Clock", nil)
}

// handleDashboardScenarios handles GET /_sandbox/ui/scenarios.
func (s *Server) handleDashboardScenarios(*gin.Context) (int, any, error) {
	return s.dashPage("scenarios", "시나리오 Scenarios", s.Scenarios.List())
}

// handleDashboardRequests handles GET /_sandbox/ui/requests.
func (s *Server) handleDashboardRequests(c *gin.Context) (int, any, error) {
	f := journal.Filter{Operation: c.Query("operation"), Status: queryInt(c, "status", 0)}
	entries, total := s.Journal.Find(f, dashboardRows)
	ops := make([]string, 0, len(s.Spec.Operations))
	for _, op := range s.Spec.Operations {
		ops = append(ops, op.ID)
	}
	return s.dashPage("requests", "요청 기록 Request journal", struct {
		Operation  string
		Status     string
		Operations []string
		List       listed[journal.Entry]
	}{f.Operation, c.Query("status"), ops, listed[journal.Entry]{entries, total}})
}

// handleDashboardConsole handles GET /_sandbox/ui/console.
func (s *Server) handleDashboardConsole(*gin.Context) (int, any, error) {
	wallets, walletTotal, err := s.Wallets.ConsoleState(dashboardRows)
	if err != nil {
		return 0, nil, err
	}
	groups, groupTotal, err := s.Cloud.AllInvoices(dashboardRows)
	if err != nil {
		return 0, nil, err
	}
	return s.dashPage("console", "월렛 콘솔 · 카카오클라우드 Console and KakaoCloud", struct {
		Wallets listed[wallet.ConsoleRow]
		Groups  listed[cloud.GroupInvoices]
	}{listed[wallet.ConsoleRow]{wallets, walletTotal}, listed[cloud.GroupInvoices]{groups, groupTotal}})
}
