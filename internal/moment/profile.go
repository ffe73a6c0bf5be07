package moment

import (
	"strconv"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// TalkChannelProfileID is the profile id of the ad account's first Kakao
// Talk channel, "" when it has none. Kakao types it as a string and
// publishes no format; the sandbox writes the channel's id (docs/guesses.md).
func (a AdAccount) TalkChannelProfileID() string {
	if len(a.ChannelIDs) == 0 {
		return ""
	}
	return strconv.FormatUint(a.ChannelIDs[0], 10)
}

// ChannelProfiles lists the Kakao Talk channels of an ad account the caller
// may see, in the order its fixture gave them.
func (s *Service) ChannelProfiles(c Caller, adAccountID uint64) ([]wallet.Channel, error) {
	var out []wallet.Channel
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, adAccountID)
		if err != nil {
			return err
		}
		for _, id := range a.ChannelIDs {
			ch, err := wallet.GetChannel(tx, id)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// Trackers lists the Pixel & SDK trackers of an ad account the caller may see.
func (s *Service) Trackers(c Caller, adAccountID uint64) ([]Tracker, error) {
	var out []Tracker
	err := s.db.View(func(tx *store.Tx) error {
		a, _, err := authorize(tx, c, adAccountID)
		out = a.Trackers
		return err
	})
	return out, err
}
