package callbacks

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Settings reads app id's webhook settings and the kinds disabled after
// failures.
func (s *Service) Settings(id uint64) (set webhook.Settings, disabled []webhook.Kind, err error) {
	err = s.read(func(tx *store.Tx) error {
		a, err := auth.GetApp(tx, id)
		if err == nil {
			set = a.Webhooks
			disabled, err = s.hooks.Disabled(tx, id)
		}
		return err
	})
	return set, disabled, err
}

// SaveSettings replaces app id's webhook settings, all or nothing, and
// re-enables its webhooks, as saving them in Kakao's console does; a
// delivery waiting for a retry to a URL no longer set ends, not sent (H06).
func (s *Service) SaveSettings(id uint64, set webhook.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	return s.db.Update(func(tx *store.Tx) error {
		if err := auth.SetWebhooks(tx, id, set); err != nil {
			return err
		}
		if err := s.hooks.Enable(tx, id); err != nil {
			return err
		}
		return s.hooks.Retarget(tx, id, set)
	})
}
