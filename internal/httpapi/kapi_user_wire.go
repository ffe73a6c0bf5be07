package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
)

// userMeBody is Kakao Login's user info (T07). A group of kakao_account
// (email: has_email, email_needs_agreement, …) comes whole or not at all.
type userMeBody struct {
	ID           uint64            `json:"id"`
	ConnectedAt  string            `json:"connected_at,omitempty"`
	Properties   map[string]string `json:"properties,omitempty"`
	KakaoAccount *kakaoAccountBody `json:"kakao_account,omitempty"`
}

type kakaoAccountBody struct {
	ProfileNicknameNeedsAgreement *bool        `json:"profile_nickname_needs_agreement,omitempty"`
	ProfileImageNeedsAgreement    *bool        `json:"profile_image_needs_agreement,omitempty"`
	Profile                       *profileBody `json:"profile,omitempty"`

	HasEmail            *bool  `json:"has_email,omitempty"`
	EmailNeedsAgreement *bool  `json:"email_needs_agreement,omitempty"`
	IsEmailValid        *bool  `json:"is_email_valid,omitempty"`
	IsEmailVerified     *bool  `json:"is_email_verified,omitempty"`
	Email               string `json:"email,omitempty"`

	HasPhoneNumber            *bool  `json:"has_phone_number,omitempty"`
	PhoneNumberNeedsAgreement *bool  `json:"phone_number_needs_agreement,omitempty"`
	PhoneNumber               string `json:"phone_number,omitempty"`

	HasBirthyear            *bool  `json:"has_birthyear,omitempty"`
	BirthyearNeedsAgreement *bool  `json:"birthyear_needs_agreement,omitempty"`
	Birthyear               string `json:"birthyear,omitempty"`

	HasBirthday            *bool  `json:"has_birthday,omitempty"`
	BirthdayNeedsAgreement *bool  `json:"birthday_needs_agreement,omitempty"`
	Birthday               string `json:"birthday,omitempty"`
	BirthdayType           string `json:"birthday_type,omitempty"`
	IsLeapMonth            *bool  `json:"is_leap_month,omitempty"`

	HasGender            *bool  `json:"has_gender,omitempty"`
	GenderNeedsAgreement *bool  `json:"gender_needs_agreement,omitempty"`
	Gender               string `json:"gender,omitempty"`

	HasAgeRange            *bool  `json:"has_age_range,omitempty"`
	AgeRangeNeedsAgreement *bool  `json:"age_range_needs_agreement,omitempty"`
	AgeRange               string `json:"age_range,omitempty"`
}

type profileBody struct {
	Nickname          string `json:"nickname,omitempty"`
	ThumbnailImageURL string `json:"thumbnail_image_url,omitempty"`
	ProfileImageURL   string `json:"profile_image_url,omitempty"`
	IsDefaultImage    *bool  `json:"is_default_image,omitempty"`
	IsDefaultNickname *bool  `json:"is_default_nickname,omitempty"`
}

// userIDBody answers logout and unlink.
type userIDBody struct {
	ID uint64 `json:"id"`
}

func flag(b bool) *bool { return &b }

// newUserMeBody writes the user info; keys (property_keys) limits it to
// the groups named, nil to none.
func newUserMeBody(info auth.UserInfo, keys map[string]bool) userMeBody {
	want := func(key string) bool { return keys == nil || keys[key] }
	needs := func(item string) *bool { return flag(info.NeedsAgreement[item]) }
	p := info.Profile
	out := userMeBody{ID: info.ID, ConnectedAt: info.ConnectedAt.UTC().Format(time.RFC3339)}

	props := map[string]string{}
	for key, v := range map[string]string{"nickname": p.Nickname, "profile_image": p.ProfileImageURL, "thumbnail_image": info.ThumbnailURL} {
		if v != "" && want("properties."+key) {
			props[key] = v
		}
	}
	if len(props) > 0 {
		out.Properties = props
	}

	a := &kakaoAccountBody{}
	if want("kakao_account.profile") {
		a.ProfileNicknameNeedsAgreement, a.ProfileImageNeedsAgreement = needs(auth.ItemNickname), needs(auth.ItemImage)
		if p.Nickname != "" || p.ProfileImageURL != "" {
			a.Profile = &profileBody{Nickname: p.Nickname, ThumbnailImageURL: info.ThumbnailURL, ProfileImageURL: p.ProfileImageURL}
			if p.Nickname != "" {
				a.Profile.IsDefaultNickname = flag(false)
			}
			if p.ProfileImageURL != "" {
				a.Profile.IsDefaultImage = flag(info.DefaultImage)
			}
		}
	}
	if want("kakao_account.email") {
		// Every sandbox user has an email, valid and verified.
		a.HasEmail, a.EmailNeedsAgreement, a.Email = flag(true), needs(auth.ItemEmail), p.Email
		if p.Email != "" {
			a.IsEmailValid, a.IsEmailVerified = flag(true), flag(true)
		}
	}
	if want("kakao_account.phone_number") {
		a.HasPhoneNumber, a.PhoneNumberNeedsAgreement, a.PhoneNumber = flag(true), needs(auth.ItemPhone), p.PhoneNumber
	}
	if want("kakao_account.birthyear") {
		a.HasBirthyear, a.BirthyearNeedsAgreement, a.Birthyear = flag(true), needs(auth.ItemBirthyear), p.Birthyear
	}
	if want("kakao_account.birthday") {
		a.HasBirthday, a.BirthdayNeedsAgreement, a.Birthday = flag(true), needs(auth.ItemBirthday), p.Birthday
		if p.Birthday != "" {
			a.BirthdayType, a.IsLeapMonth = "SOLAR", flag(false)
		}
	}
	if want("kakao_account.gender") {
		a.HasGender, a.GenderNeedsAgreement, a.Gender = flag(true), needs(auth.ItemGender), p.Gender
	}
	if want("kakao_account.age_range") {
		a.HasAgeRange, a.AgeRangeNeedsAgreement, a.AgeRange = flag(true), needs(auth.ItemAgeRange), p.AgeRange
	}
	if *a != (kakaoAccountBody{}) {
		out.KakaoAccount = a
	}
	return out
}
