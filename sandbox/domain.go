package sandbox

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// domain is every domain service over one data file, wired to each other.
type domain struct {
	auth    *auth.Service
	wallets *wallet.Service
	moment  *moment.Service
	cloud   *cloud.Service
	ads     *ads.Service
	reviews *review.Registry
	loader  *fixtures.Loader
}

// newDomain builds every domain service from cfg with its defaults filled
// in (the services trust their settings), and with them registers every
// clock-effect kind: this is the one place that happens, and it runs before
// the clock first loads, so no queued effect can fall due unhandled. posted
// learns the kind of every ledger entry as it commits, for /metrics.
func newDomain(db *store.DB, c *clock.Clock, cfg Config, posted func(kind string)) domain {
	users := usersFromAuth()
	d := domain{auth: auth.NewService(db, c), reviews: review.NewRegistry(db)}
	d.wallets = wallet.NewService(db, c, d.reviews, users, wallet.Config{TaxInvoiceDay: cfg.TaxInvoiceDay, AgencyOf: moment.AgencyOf, Posted: posted})
	d.moment = moment.NewService(db, c, d.wallets, users, cfg.VirtualAccountValidity)
	d.cloud = cloud.NewService(db, c, d.reviews, cloudUsers, cloud.Config{DueDay: cfg.CloudDueDay, LateFeeBasisPoints: *cfg.CloudLateFeeBasisPoints})
	d.ads = ads.NewService(db, c, d.wallets, d.reviews, ads.Settings{ReviewDelay: *cfg.CreativeReviewDelay, CorrectionBasisPoints: *cfg.AdsCorrectionBasisPoints, Seed: cfg.AdsSeed})
	d.loader = &fixtures.Loader{Wallets: d.wallets, Moment: d.moment, Cloud: d.cloud, Ads: d.ads, Progress: cfg.Progress}
	return d
}

// usersFromAuth lets wallet and moment find users, which auth owns, without
// importing auth.
func usersFromAuth() wallet.Users {
	return func(tx *store.Tx, ref string) (wallet.Person, bool, error) {
		u, ok, err := auth.LookupUser(tx, ref)
		return wallet.Person{ID: u.ID, Name: u.Name, IdentityVerified: u.IdentityVerified}, ok, err
	}
}

// cloudUsers lets cloud find users by key or id.
func cloudUsers(tx *store.Tx, ref string) (uint64, bool, error) {
	u, ok, err := auth.LookupUser(tx, ref)
	return u.ID, ok, err
}
