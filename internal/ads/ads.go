// Package ads owns Kakao Moment's advertiser tree below the ad account:
// campaigns, ad groups and creatives, their switches and budgets, the review
// a creative waits for, and the sandbox's own delivery simulation, which
// spends the ad account's wallet every sandbox hour through wallet's one
// spend path (docs/kakao-api.md §9.2–9.4, §9.7).
//
// Only what a user or Kakao's staff set is stored; every status is worked
// out by one function (status.go) at the transaction's time (rule M05).
//
// It uses store, clock, kakao, wallet, moment and review; it must not import
// Gin, kin-openapi or httpapi.
package ads

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

const (
	campaignsBucket = "ads.campaigns"
	adGroupsBucket  = "ads.adGroups"
	creativesBucket = "ads.creatives"
	// historiesBucket: campaign or ad group (kind byte + id) + sequence → SystemConfigHistory.
	historiesBucket = "ads.systemConfigHistories"
	// deliveryBucket: adAccount + KST day + hour + creative → Delivered (delivery.go).
	deliveryBucket = "ads.delivery"
	// daySpentBucket: adAccount + KST day → daySpent, the day's sums of deliveryBucket.
	daySpentBucket = "ads.daySpent"
)

// Entity kinds, for fixture keys and references.
var (
	Campaigns = store.Kind{Name: "campaign", Bucket: campaignsBucket}
	AdGroups  = store.Kind{Name: "adGroup", Bucket: adGroupsBucket}
	Creatives = store.Kind{Name: "creative", Bucket: creativesBucket}
)

// DefaultCreativeReviewDelay is how long a creative waits before the sandbox
// approves it by itself, when no one decides its review first: the
// sandbox's guess (docs/guesses.md), configurable.
const DefaultCreativeReviewDelay = time.Hour

// Settings hold the ads service's settings.
type Settings struct {
	// ReviewDelay is how long after submission a creative's review is
	// approved automatically; 0 never approves one automatically
	// (sandbox.Open fills in DefaultCreativeReviewDelay for a nil setting).
	ReviewDelay time.Duration
	// CorrectionBasisPoints is the largest share of a creative-hour's
	// clicks the 08:00 correction removes (rule P03); 0 removes none
	// (sandbox.Open fills in DefaultCorrectionBasisPoints for a nil setting).
	CorrectionBasisPoints int
	// Seed is the delivery's seed (rule M08) when not 0: the data file's
	// own, chosen at random once, is used otherwise (sandbox.Config.AdsSeed).
	Seed uint64
}

// Service runs ad operations, each in one transaction.
type Service struct {
	db      *store.DB
	wallets *wallet.Service
	reviews *review.Registry
	cfg     Settings

	review     review.Kind[creativeReview]
	autoReview clock.Kind[creativeReview]
	delivery   clock.Kind[deliveryHour]
	correction clock.Kind[correctionDay]
	memo       memos // the hourly delivery's decoded entities (memo.go)
	scratch    deliveryScratch
}

// NewService makes the ads service and registers its clock effects (the
// hourly delivery, the daily correction, automatic review approval) and its review kind.
func NewService(db *store.DB, c *clock.Clock, wallets *wallet.Service, reviews *review.Registry, cfg Settings) *Service {
	s := &Service{db: db, wallets: wallets, reviews: reviews, cfg: cfg}
	s.review = review.Register(reviews, reviewKind, s.approveCreative)
	s.autoReview = clock.Register(c, "ads.creativeAutoApproval", creativeReview.String, s.autoApprove)
	s.delivery = clock.Register(c, "ads.deliveryHour", deliveryHour.String, s.deliver).Batched()
	s.correction = clock.Register(c, "ads.correctionDay", correctionDay.String, s.correct)
	return s
}

// Config is a user's switch: ON, OFF or DEL (moment's, as Moment reports it).
type Config = moment.Config

// SystemConfig is Kakao's switch above the user's.
type SystemConfig string

const (
	SystemOn                  SystemConfig = "ON"
	SystemAdminStop           SystemConfig = "ADMIN_STOP"
	SystemExternalServiceStop SystemConfig = "EXTERNAL_SERVICE_STOP"
)
