package ads

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A report is a view of the stored delivery records (creative × hour),
// summed up the tree (docs/kakao-api.md §9.5): nothing of it is stored, so
// it agrees with the wallet's spend to the won (rule P05), and the same
// records and clock give the same rows in the same order (rule P06).

// ReportLevel is the tree level a report's rows are summed at.
type ReportLevel string

const (
	LevelAdAccount ReportLevel = "AD_ACCOUNT"
	LevelCampaign  ReportLevel = "CAMPAIGN"
	LevelAdGroup   ReportLevel = "AD_GROUP"
	LevelCreative  ReportLevel = "CREATIVE"
)

// ReportQuery is what a report reads. Exactly one of the id lists is set
// (the endpoint's); the others are nil.
type ReportQuery struct {
	AdAccountIDs []uint64 // the ad accounts read; the caller must be a member of each
	Campaigns    []uint64 // within AdAccountIDs[0]
	AdGroups     []uint64
	Creatives    []uint64
	Level        ReportLevel
	// DatePreset, or Start and End (yyyyMMdd), read at the transaction's
	// time (ReportPeriod) into Period.
	DatePreset, Start, End string
	Period                 Period
	Hourly                 bool      // dimension=HOUR: one row per hour of each day
	Dimension              Dimension // another dimension (report_dimensions.go)
	Groups                 MetricsGroups
}

// ReportRow is one row: a day (or an hour of it, Hour ≥ 0) of one entity,
// and with a dimension, one of its values.
type ReportRow struct {
	Day       time.Time // KST midnight
	Hour      int       // -1 without dimension=HOUR
	Key       string    // the level's dimension key, e.g. campaign_id
	ID        uint64
	Dimension Dimension
	Value     string // the dimension's value ("": none, e.g. a message record's share)
	// Imp, Click and Cost sum every record, display and message (Cost is
	// what the wallet paid, rule P05); Figures sum them by kind, with the
	// figures the metric groups derive (report_groups.go).
	Imp, Click, Cost int64
	Figures          Figures
	// Displays and Messages say whether the row holds records of each kind.
	Displays, Messages bool
}

// CTR is clicks per 100 impressions, to four places as Kakao's sample
// (516 clicks, 77431 impressions: 0.6664).
func (r ReportRow) CTR() float64 {
	return ratio(r.Figures[fClick], r.Figures[fImp], 100, 4)
}

// Report authorizes the caller on every ad account of the query, checks
// that its ids are the first ad account's, reads its period at the
// transaction's time, and sums the records.
func (s *Service) Report(c moment.Caller, q ReportQuery) ([]ReportRow, error) {
	var rows []ReportRow
	err := s.db.View(func(tx *store.Tx) error {
		for _, a := range q.AdAccountIDs {
			if _, _, err := moment.Authorize(tx, c, a); err != nil {
				return err
			}
		}
		if err := ownIDs(tx, q); err != nil {
			return err
		}
		var err error
		if q.Period, err = ReportPeriod(tx.Now(), q.DatePreset, q.Start, q.End); err != nil {
			return err
		}
		rows, err = s.report(tx, q)
		return err
	})
	return rows, err
}

// ownIDs refuses an id of another ad account or none (deleted ones report
// their past).
func ownIDs(tx *store.Tx, q ReportQuery) error {
	if len(q.AdAccountIDs) == 0 {
		return nil
	}
	a := q.AdAccountIDs[0]
	for _, id := range q.Campaigns {
		if c, err := getCampaign(tx, id); err != nil || c.AdAccountID != a {
			return kakao.ErrCampaignNotFound.With("광고계정 %d에 캠페인 %d이 없습니다.", a, id)
		}
	}
	for _, id := range q.AdGroups {
		if g, err := getAdGroup(tx, id); err != nil || g.AdAccountID != a {
			return kakao.ErrAdGroupNotFound.With("광고계정 %d에 광고그룹 %d이 없습니다.", a, id)
		}
	}
	for _, id := range q.Creatives {
		if cr, err := getCreative(tx, id); err != nil || cr.AdAccountID != a {
			return kakao.ErrCreativeNotFound.With("광고계정 %d에 소재 %d이 없습니다.", a, id)
		}
	}
	return nil
}

type rowKey struct {
	day   int // days after the period's first
	hour  int
	id    uint64
	value string
}

// report reads each ad account's days by key range (ad account, KST day):
// a 30-day report of one account is 30 prefix scans, whatever the others hold.
func (s *Service) report(tx *store.Tx, q ReportQuery) ([]ReportRow, error) {
	var st deliveryState
	if _, err := tx.GetMeta(deliveryMeta, &st); err != nil {
		return nil, err
	}
	keep := filter(q)
	seed := s.seed(st)
	tree := reportTree{tx: tx, seed: seed, dim: q.Dimension}
	derived := q.Groups.derived()
	sums := map[rowKey]*ReportRow{}
	add := func(key rowKey, day time.Time, f *Figures, message bool) {
		row := sums[key]
		if row == nil {
			row = &ReportRow{Day: day, Hour: key.hour, Key: levelKey(q.Level), ID: key.id, Dimension: q.Dimension, Value: key.value}
			sums[key] = row
		}
		row.Figures.add(f)
		row.Imp += f[fImp] + f[fMsgSend]
		row.Click += f[fClick] + f[fMsgClick]
		row.Cost += f[fCost] + f[fMsgCost]
		row.Messages = row.Messages || message
		row.Displays = row.Displays || !message
	}
	for _, a := range q.AdAccountIDs {
		for d, day := 0, q.Period.First; !day.After(q.Period.Last); d, day = d+1, nextDay(day) {
			err := tx.Scan(deliveryBucket, dayKey(a, day), func(k, v []byte) (bool, error) {
				var r Delivered
				if err := store.Decode(v, &r); err != nil {
					return false, err
				}
				_, offset, creative := splitDeliveryKey(k)
				if !keep(r, creative) {
					return true, nil
				}
				key := rowKey{day: d, hour: -1, id: levelID(q.Level, a, r, creative)}
				if q.Hourly {
					key.hour = int(offset / time.Hour)
				}
				g, err := tree.adGroup(r.AdGroup)
				if err != nil {
					return false, err
				}
				message := g.ag.Type == AdGroupDirectMessage
				hour := day.Add(offset)
				f := recordFigures(r, message, derived, seed, creative, hour)
				switch {
				case q.Dimension == DimensionCreativeFormat:
					if key.value, err = tree.format(creative); err != nil {
						return false, err
					}
				case q.Dimension.display() && !message:
					round := seedOf(seed, creative, uint64(hour.Unix()), fnvString(string(q.Dimension)))
					for i, part := range split(&f, g.audience, &round) {
						if !part.zero() {
							key.value = g.audience.values[i]
							add(key, day, &part, false)
						}
					}
					return true, nil
				}
				add(key, day, &f, message)
				return true, nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	keys := make([]rowKey, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y rowKey) int {
		if c := cmp.Or(cmp.Compare(x.day, y.day), cmp.Compare(x.id, y.id), cmp.Compare(x.hour, y.hour)); c != 0 || x.value == y.value {
			return c
		}
		return cmp.Or(slices.Compare(q.Dimension.rank(x.value), q.Dimension.rank(y.value)), cmp.Compare(x.value, y.value))
	})
	rows := make([]ReportRow, len(keys))
	for i, k := range keys {
		rows[i] = *sums[k]
	}
	return rows, nil
}

// reportTree is what a report reads of the tree, once per id: an ad
// group's type and audience, a creative's format.
type reportTree struct {
	tx       *store.Tx
	seed     uint64
	dim      Dimension
	adGroups map[uint64]*reportAdGroup
	formats  map[uint64]string
}

type reportAdGroup struct {
	ag       AdGroup
	audience audience
}

// adGroup is the ad group of a record; one no longer stored (never, but
// for records written by hand) reads as a display ad group with no targeting.
func (t *reportTree) adGroup(id uint64) (*reportAdGroup, error) {
	if g, ok := t.adGroups[id]; ok {
		return g, nil
	}
	g := &reportAdGroup{ag: AdGroup{ID: id, Type: AdGroupDisplay}}
	if _, err := t.tx.Get(adGroupsBucket, store.Key(id), &g.ag); err != nil {
		return nil, err
	}
	if t.dim.display() {
		g.audience = audienceOf(t.seed, g.ag, t.dim)
	}
	if t.adGroups == nil {
		t.adGroups = map[uint64]*reportAdGroup{}
	}
	t.adGroups[id] = g
	return g, nil
}

// format is a creative's format ("" for one not stored).
func (t *reportTree) format(id uint64) (string, error) {
	if f, ok := t.formats[id]; ok {
		return f, nil
	}
	var cr Creative
	if _, err := t.tx.Get(creativesBucket, store.Key(id), &cr); err != nil {
		return "", err
	}
	if t.formats == nil {
		t.formats = map[uint64]string{}
	}
	t.formats[id] = cr.Format
	return cr.Format, nil
}

// filter keeps the records of the query's ids (all of them without ids).
func filter(q ReportQuery) func(Delivered, uint64) bool {
	set := func(ids []uint64) map[uint64]bool {
		m := make(map[uint64]bool, len(ids))
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	switch {
	case q.Campaigns != nil:
		m := set(q.Campaigns)
		return func(r Delivered, _ uint64) bool { return m[r.Campaign] }
	case q.AdGroups != nil:
		m := set(q.AdGroups)
		return func(r Delivered, _ uint64) bool { return m[r.AdGroup] }
	case q.Creatives != nil:
		m := set(q.Creatives)
		return func(_ Delivered, cr uint64) bool { return m[cr] }
	}
	return func(Delivered, uint64) bool { return true }
}

func levelID(l ReportLevel, adAccountID uint64, r Delivered, creative uint64) uint64 {
	switch l {
	case LevelCampaign:
		return r.Campaign
	case LevelAdGroup:
		return r.AdGroup
	case LevelCreative:
		return creative
	}
	return adAccountID
}

// levelKey is the row's dimension key (§9.5: ad_account_id, campaign_id,
// creative_id seen; ad_group_id follows their shape).
func levelKey(l ReportLevel) string {
	switch l {
	case LevelCampaign:
		return "campaign_id"
	case LevelAdGroup:
		return "ad_group_id"
	case LevelCreative:
		return "creative_id"
	}
	return "ad_account_id"
}

// Dimensions is the row's dimensions object: the level's id as a string,
// as Kakao sends it, with dimension=HOUR the hour, "00"–"23" (the
// sandbox's guess of its key and format), and with another dimension its
// value under its key(s), unless the row has none (a message record's share
// of a display dimension).
func (r ReportRow) Dimensions() map[string]string {
	d := map[string]string{r.Key: strconv.FormatUint(r.ID, 10)}
	if r.Hour >= 0 {
		d["hour"] = strconv.Itoa(100 + r.Hour)[1:]
	}
	if r.Value != "" {
		keys := r.Dimension.keys()
		for i, v := range strings.SplitN(r.Value, valueSep, len(keys)) {
			d[keys[i]] = v
		}
	}
	return d
}
