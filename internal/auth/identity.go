package auth

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// VerificationCode is the sandbox's phone verification code: it always
// succeeds, and every other code fails (docs/test-data.md).
const VerificationCode = "000000"

// VerifyIdentity records that the user verified their identity (본인인증)
// with the phone code (rule W08).
func (s *Service) VerifyIdentity(userID uint64, code string) (User, error) {
	var u User
	err := s.db.Update(func(tx *store.Tx) error {
		if code != VerificationCode {
			return kakao.ErrVerificationCode
		}
		ok, err := tx.Get(usersBucket, store.Key(userID), &u)
		if err != nil {
			return err
		}
		if !ok {
			return kakao.ErrNotFound.With("no user %d", userID)
		}
		u.IdentityVerified, u.PhoneVerified = true, true
		return tx.Put(usersBucket, store.Key(userID), u)
	})
	return u, err
}
