package httpapi

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Moment's four report endpoints (docs/kakao-api.md §9.5), views of the
// delivery records (ads.Service.Report).

// reportEndpoint is what differs between the four: the id parameter, how
// many ids it takes, and its default level (the document lists the others).
type reportEndpoint struct {
	param string
	max   int
	level ads.ReportLevel
	ids   func(q *ads.ReportQuery, ids []uint64)
}

func (s *Server) reportRoutes() routes {
	return routes{
		"getAdAccountReport": s.handleReport(reportEndpoint{"adAccountId", 5, ads.LevelAdAccount,
			func(q *ads.ReportQuery, ids []uint64) { q.AdAccountIDs = ids }}),
		"getCampaignReport": s.handleReport(reportEndpoint{"campaignId", 5, ads.LevelCampaign,
			func(q *ads.ReportQuery, ids []uint64) { q.Campaigns = ids }}),
		"getAdGroupReport": s.handleReport(reportEndpoint{"adGroupId", 40, ads.LevelAdGroup,
			func(q *ads.ReportQuery, ids []uint64) { q.AdGroups = ids }}),
		"getCreativeReport": s.handleReport(reportEndpoint{"creativeId", 100, ads.LevelCreative,
			func(q *ads.ReportQuery, ids []uint64) { q.Creatives = ids }}),
	}
}

func (s *Server) handleReport(e reportEndpoint) func(c *gin.Context) (int, any, error) {
	return func(c *gin.Context) (int, any, error) {
		if err := reportRepeats(c); err != nil {
			return 0, nil, err
		}
		ids, err := reportIDs(c, e.param, e.max)
		if err != nil {
			return 0, nil, err
		}
		groups, err := ads.ParseMetricsGroups(c.QueryArray("metricsGroup"))
		if err != nil {
			return 0, nil, err
		}
		dim, hourly, err := ads.ParseDimension(c.Query("dimension"))
		if err != nil {
			return 0, nil, err
		}
		q := ads.ReportQuery{Level: e.level, DatePreset: c.Query("datePreset"), Start: c.Query("start"), End: c.Query("end"),
			Hourly: hourly, Dimension: dim, Groups: groups}
		if l := c.Query("level"); l != "" {
			q.Level = ads.ReportLevel(l) // one of the endpoint's, by the document
		}
		e.ids(&q, ids)
		h := adAccount(c) // 0: no header, only on adAccounts/report
		switch {
		case q.AdAccountIDs == nil:
			q.AdAccountIDs = []uint64{h}
		case h != 0 && !slices.Contains(ids, h):
			return 0, nil, kakao.Invalid("adAccountId", "the header's ad account %d is not among the query's", h)
		case h == 0 && len(ids) == 1:
			return 0, nil, kakao.Invalid("adAccountId", "a single-ad-account report needs the adAccountId header")
		}
		rows, err := s.Ads.Report(caller(c), q)
		return http.StatusOK, newReportBody(rows, groups), err
	}
}

// reportIDs reads an id list: a comma list or the parameter repeated, each a
// positive integer (the document's pattern), at most max of them.
func reportIDs(c *gin.Context, param string, max int) ([]uint64, error) {
	list := strings.Split(strings.Join(c.QueryArray(param), ","), ",")
	if len(list) > max {
		return nil, kakao.Invalid(param, "at most %d ids, got %d", max, len(list))
	}
	var ids []uint64
	for _, v := range list {
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil || id == 0 {
			return nil, kakao.Invalid(param, "%q is not an id", v)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

type reportBody struct {
	Code    int         `json:"code"`
	Message string      `json:"message"`
	Data    []reportRow `json:"data"`
}

type reportRow struct {
	Start      string            `json:"start"`
	End        string            `json:"end"`
	Dimensions map[string]string `json:"dimensions"`
	Metrics    ads.Metrics       `json:"metrics"`
}

func newReportBody(rows []ads.ReportRow, groups ads.MetricsGroups) reportBody {
	b := reportBody{Code: 200, Message: "Success", Data: make([]reportRow, len(rows))}
	for i, r := range rows {
		day := r.Day.Format(kakao.DateLayout)
		b.Data[i] = reportRow{Start: day, End: day, Dimensions: r.Dimensions(),
			Metrics: r.Metrics(groups)}
	}
	return b
}

// reportRepeats refuses a one-value parameter given twice, which would be
// read, and validated, by its first value only (dimension=HOUR&dimension=AGE
// answered HOUR, the other order a 400), and an empty metric group among
// repeated ones, which only the first value's pattern catches.
func reportRepeats(c *gin.Context) error {
	q := c.Request.URL.Query()
	for _, p := range []string{"datePreset", "start", "end", "timeUnit", "level", "dimension"} {
		if n := len(q[p]); n > 1 {
			return kakao.Invalid(p, "takes one value, given %d times", n)
		}
	}
	if slices.Contains(strings.Split(strings.Join(q["metricsGroup"], ","), ","), "") && q.Has("metricsGroup") {
		return kakao.Invalid("metricsGroup", "an empty metric group in %q", q["metricsGroup"])
	}
	return nil
}
