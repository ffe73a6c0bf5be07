package ads

import (
	"fmt"
	"strconv"

	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// creativeReview names a creative's review: the review kind's payload, and
// the automatic approval's (with the review it approves). Round tells a
// review from the ones a later change superseded.
type creativeReview struct {
	Creative uint64 `json:"c"`
	Round    uint64 `json:"n"`
	Review   uint64 `json:"r,omitempty"`
}

func (r creativeReview) String() string { return "creative " + strconv.FormatUint(r.Creative, 10) }

// submit files a creative's review (rule M04) and, when the sandbox
// approves by itself, queues that approval after the configured delay.
func (s *Service) submit(tx *store.Tx, cr Creative, modification bool, round, by uint64) (CreativeReview, error) {
	what := "새 소재"
	if modification {
		what = "소재 수정"
	}
	rv, err := s.review.Submit(tx, by, fmt.Sprintf("%s: creative %d (%s), ad account %d", what, cr.ID, cr.Name, cr.AdAccountID),
		creativeReview{Creative: cr.ID, Round: round})
	if err != nil {
		return CreativeReview{}, err
	}
	out := CreativeReview{ReviewID: rv.ID, Round: round, SubmittedAt: tx.Now(), Modification: modification}
	if s.cfg.ReviewDelay > 0 {
		err = s.autoReview.Schedule(tx, tx.Now().Add(s.cfg.ReviewDelay), creativeReview{Creative: cr.ID, Round: round, Review: rv.ID})
	}
	return out, err
}

// approveCreative applies an approval: the creative's review status is read
// from the review itself, so there is nothing to store; it only says what
// approval meant.
func (s *Service) approveCreative(tx *store.Tx, r creativeReview) (string, error) {
	cr, err := getCreative(tx, r.Creative)
	if err != nil {
		return "", err
	}
	if cr.Review.Round != r.Round {
		return fmt.Sprintf("creative %d changed again after this review: its newer review decides", cr.ID), nil
	}
	if cr.Config == moment.ConfigDel { // deleting its ad group or campaign deletes it too
		return fmt.Sprintf("creative %d was deleted before this approval: it will not serve", cr.ID), nil
	}
	if err := s.ensureDelivery(tx); err != nil {
		return "", err
	}
	return fmt.Sprintf("creative %d (%s) approved: it may serve from the next delivery hour", cr.ID, cr.Name), nil
}

// autoApprove is the clock effect that approves a review no one decided
// within the delay, as Kakao's automatic review does.
func (s *Service) autoApprove(tx *store.Tx, r creativeReview) (string, error) {
	rv, ok, err := review.Get(tx, r.Review)
	if err != nil || !ok || rv.Status != review.Pending {
		return "", err
	}
	rv, err = s.reviews.DecideIn(tx, r.Review, true, "approved automatically after the sandbox's review delay")
	if err != nil {
		return "", err
	}
	return "review " + strconv.FormatUint(rv.ID, 10) + ": " + rv.Outcome, nil
}
