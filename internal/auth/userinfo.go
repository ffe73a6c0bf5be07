package auth

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kakao Login's consent items (동의항목 IDs) that gate user info (rule T07).
const (
	ItemNickname  = "profile_nickname"
	ItemImage     = "profile_image"
	ItemEmail     = "account_email"
	ItemPhone     = "phone_number"
	ItemBirthyear = "birthyear"
	ItemBirthday  = "birthday"
	ItemGender    = "gender"
	ItemAgeRange  = "age_range"
	ItemName      = "name"
	// itemProfile is the old combined item that covered nickname and image.
	itemProfile = "profile"
)

// BusinessItems are Kakao's business consent items (docs/kakao-api.md §9.0):
// a Kakao Login with no scope does not ask for them (T12).
var BusinessItems = []string{"moment_management", "moment_create", "moment_delete", "moment_bizform_result_read"}

// UserInfo is what Kakao Login's user info tells the app behind a token.
type UserInfo struct {
	ID          uint64
	ConnectedAt time.Time
	// Name and Profile hold only what the token's consent items disclose.
	Name    string
	Profile Profile
	// ThumbnailURL is the 110×110 form of Profile.ProfileImageURL.
	ThumbnailURL string
	// DefaultImage says the image is the made-up default, not the user's own.
	DefaultImage bool
	// NeedsAgreement are the consent items the token lacks: their values
	// would come with the user's further consent (*_needs_agreement).
	NeedsAgreement map[string]bool
}

// UserInfo answers GET /v2/user/me for a login token: each field only
// with its consent item (T07). secure gives image URLs as https.
func (s *Service) UserInfo(id Identity, secure bool) (UserInfo, error) {
	conn, ok, err := s.ConnectionOf(id)
	if err != nil {
		return UserInfo{}, err
	}
	if !ok { // a token older than connections: it was issued on an approval
		conn.ConnectedAt = id.IssuedAt
	}
	info := disclose(id.User, id.Scopes, id.At)
	info.ConnectedAt = conn.ConnectedAt
	if secure {
		info.Profile.ProfileImageURL = httpsURL(info.Profile.ProfileImageURL)
		info.ThumbnailURL = httpsURL(info.ThumbnailURL)
	}
	return info, nil
}

// disclose is the one place consent gates what an app learns of a user
// (T07): user info, OpenID Connect's user info and the ID token all read it.
// Each field comes only with its consent item; the rest are the items the
// user would still have to agree to.
func disclose(u User, scopes []string, now time.Time) UserInfo {
	full, defaultImage := withDefaults(u, now)
	info := UserInfo{ID: u.ID, NeedsAgreement: map[string]bool{}}
	give := func(item string, value string, dst *string) {
		if holds(scopes, item) {
			*dst = value
		} else {
			info.NeedsAgreement[item] = true
		}
	}
	give(ItemName, u.Name, &info.Name)
	give(ItemNickname, full.Nickname, &info.Profile.Nickname)
	give(ItemImage, full.ProfileImageURL, &info.Profile.ProfileImageURL)
	give(ItemEmail, full.Email, &info.Profile.Email)
	give(ItemPhone, full.PhoneNumber, &info.Profile.PhoneNumber)
	give(ItemBirthyear, full.Birthyear, &info.Profile.Birthyear)
	give(ItemBirthday, full.Birthday, &info.Profile.Birthday)
	give(ItemGender, full.Gender, &info.Profile.Gender)
	give(ItemAgeRange, full.AgeRange, &info.Profile.AgeRange)
	if info.Profile.ProfileImageURL != "" {
		info.ThumbnailURL = strings.Replace(info.Profile.ProfileImageURL, "640x640", "110x110", 1)
		info.DefaultImage = defaultImage
	}
	return info
}

// holds reports whether scopes carry a consent item; the old "profile" item
// covers nickname and image.
func holds(scopes []string, item string) bool {
	return slices.Contains(scopes, item) || (item == ItemNickname || item == ItemImage) && slices.Contains(scopes, itemProfile)
}

// DefaultProfileImage is the image of a user whose fixture gives none, as
// Kakao gives a default image (is_default_image) to users without their own.
const DefaultProfileImage = "http://img.example.com/kakao-sandbox/default_profile_640x640.jpg"

// withDefaults fills what a fixture left out of a user's profile with
// made-up demo values (docs/test-data.md), and says whether the image is
// the default one.
func withDefaults(u User, now time.Time) (Profile, bool) {
	p := u.Profile
	or := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	or(&p.Nickname, u.Name)
	defaultImage := p.ProfileImageURL == ""
	or(&p.ProfileImageURL, DefaultProfileImage)
	local := u.Key
	if local == "" {
		local = "user" + strconv.FormatUint(u.ID, 10)
	}
	or(&p.Email, local+"@example.com")
	or(&p.PhoneNumber, fmt.Sprintf("+82 10-0000-%04d", u.ID%10000))
	or(&p.Birthyear, "1990")
	or(&p.Birthday, "0101")
	gender := "female"
	if u.ID%2 == 0 {
		gender = "male"
	}
	or(&p.Gender, gender)
	or(&p.AgeRange, ageRange(p.Birthyear, now))
	return p, defaultImage
}

// ageRange is Kakao's age band for a birth year ("30~39"); "" when the
// year is not one.
func ageRange(birthyear string, now time.Time) string {
	y, err := strconv.Atoi(birthyear)
	if err != nil || y > now.Year() {
		return ""
	}
	switch age := now.Year() - y; {
	case age < 10:
		return "1~9"
	case age < 15:
		return "10~14"
	case age < 20:
		return "15~19"
	case age >= 90:
		return "90~"
	default:
		return fmt.Sprintf("%d~%d", age/10*10, age/10*10+9)
	}
}

func httpsURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "http://"); ok {
		return "https://" + rest
	}
	return u
}
