// Package webhook holds an app's webhook settings and the delivery engine:
// an outbox in the data file, written in the transaction of what causes a
// delivery, and a sender that calls the app as Kakao would after commit
// (docs/kakao-api.md §10, docs/webhooks.md).
package webhook

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Settings are an app's webhooks, as Kakao's console sets them under
// [앱] > [웹훅] (docs/kakao-api.md §10.1–§10.3). A nil entry is not set:
// nothing of that kind is ever sent.
type Settings struct {
	Unlink        *UnlinkSetting        `json:"unlink,omitempty" yaml:"unlink"`
	AccountStatus *AccountStatusSetting `json:"accountStatus,omitempty" yaml:"accountStatus"`
	Channel       *ChannelSetting       `json:"channel,omitempty" yaml:"channel"`
}

// UnlinkSetting is the unlink webhook: its URL and GET (query) or POST (form).
type UnlinkSetting struct {
	URL    string `json:"url" yaml:"url"`
	Method string `json:"method" yaml:"method"`
}

// AccountStatusSetting is the account-status webhook: its URL and the
// events subscribed to, by the last segment of Kakao's event URI.
type AccountStatusSetting struct {
	URL    string   `json:"url" yaml:"url"`
	Events []string `json:"events" yaml:"events"`
}

// ChannelSetting is the Talk Channel webhook.
type ChannelSetting struct {
	URL string `json:"url" yaml:"url"`
}

// Event URI prefixes of the account-status webhook (§10.2).
const (
	oauthEvents = "https://schemas.openid.net/secevent/oauth/event-type/"
	riscEvents  = "https://schemas.openid.net/secevent/risc/event-type/"
	caepEvents  = "https://schemas.openid.net/secevent/caep/event-type/"
	kakaoEvents = "https://schemas.kakao.com/platevent/kakao/event-type/"
)

// eventURIs maps the event names a setting subscribes to onto Kakao's URIs.
var eventURIs = func() map[string]string {
	m := map[string]string{}
	for prefix, names := range map[string][]string{
		oauthEvents: {"user-linked", "user-unlinked", "user-scope-consent", "user-scope-withdraw",
			"tokens-revoked", "token-issued", "token-revoked"},
		riscEvents: {"account-disabled", "account-enabled", "account-purged",
			"account-credential-change-required", "credential-compromise", "identifier-changed",
			"identifier-recycled", "sessions-revoked"},
		caepEvents:  {"assurance-level-change", "credential-change"},
		kakaoEvents: {"user-profile-changed"},
	} {
		for _, n := range names {
			m[n] = prefix + n
		}
	}
	return m
}()

// EventURI is Kakao's URI of an account-status event name ("user-unlinked").
func EventURI(name string) (string, bool) {
	u, ok := eventURIs[name]
	return u, ok
}

// EventNames lists the event names a setting may subscribe to, sorted.
func EventNames() []string {
	names := make([]string, 0, len(eventURIs))
	for n := range eventURIs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Subscribed reports whether the account-status setting takes event name.
func (s Settings) Subscribed(name string) bool {
	return s.AccountStatus != nil && slices.Contains(s.AccountStatus.Events, name)
}

// URL is the setting's URL for kind, "" when that webhook is not set.
func (s Settings) URL(k Kind) string {
	switch {
	case k == KindUnlink && s.Unlink != nil:
		return s.Unlink.URL
	case k == KindAccountStatus && s.AccountStatus != nil:
		return s.AccountStatus.URL
	case k == KindChannel && s.Channel != nil:
		return s.Channel.URL
	}
	return ""
}

// Validate refuses settings Kakao's console would not save, with the -2
// error naming the field (webhooks.unlink.url, …).
func (s Settings) Validate() error {
	if u := s.Unlink; u != nil {
		if err := checkURL("webhooks.unlink.url", u.URL); err != nil {
			return err
		}
		if u.Method != "GET" && u.Method != "POST" {
			return kakao.Invalid("webhooks.unlink.method", "%q is not GET or POST", u.Method)
		}
	}
	if a := s.AccountStatus; a != nil {
		if err := checkURL("webhooks.accountStatus.url", a.URL); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, e := range a.Events {
			if _, ok := eventURIs[e]; !ok {
				return kakao.Invalid("webhooks.accountStatus.events", "%q is not an event Kakao sends (one of %s)", e, strings.Join(EventNames(), ", "))
			}
			if seen[e] {
				return kakao.Invalid("webhooks.accountStatus.events", "%q is listed twice", e)
			}
			seen[e] = true
		}
	}
	if c := s.Channel; c != nil {
		if err := checkURL("webhooks.channel.url", c.URL); err != nil {
			return err
		}
	}
	return nil
}

// checkURL takes an absolute http or https URL. Kakao requires https with a
// valid certificate (§10.0); the sandbox takes http too, and loopback and
// private addresses, since calling a local receiver is its point.
func checkURL(field, raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return kakao.Invalid(field, "a URL is required")
	case err != nil || strings.ContainsAny(raw, " \t"):
		return kakao.Invalid(field, "%q is not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return kakao.Invalid(field, "%q is not an http or https URL", raw)
	case u.Host == "" || u.User != nil || u.Fragment != "":
		return kakao.Invalid(field, "%q needs a host, and no user or fragment", raw)
	case u.Port() != "" && !validPort(u.Port()):
		return kakao.Invalid(field, "%q: the port must be from 1 to 65535", raw)
	}
	return nil
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}
