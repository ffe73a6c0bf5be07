package webhook

import (
	"maps"
	"slices"
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Filter selects deliveries from the log; a zero field selects all.
type Filter struct {
	AppID   uint64
	Kind    Kind
	Outcome Outcome
	Limit   int // the newest Limit; 0: all
}

// Deliveries lists the log's deliveries that f selects, newest first, with
// the admin key masked.
func (s *Service) Deliveries(f Filter) ([]Delivery, error) {
	var out []Delivery
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(deliveriesBucket, nil, func(_, v []byte) (bool, error) {
			var d Delivery
			if err := store.Decode(v, &d); err != nil {
				return false, err
			}
			if (f.AppID == 0 || d.AppID == f.AppID) && (f.Kind == "" || d.Kind == f.Kind) && (f.Outcome == "" || d.Standing() == f.Outcome) {
				out = append(out, d.masked())
			}
			return true, nil
		})
	})
	slices.Reverse(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, err
}

// masked is d with the admin key in its Authorization header masked, as
// the journal masks tokens (rule R08): the log shows the scheme, not the key.
func (d Delivery) masked() Delivery {
	d.Request.Header = maps.Clone(d.Request.Header)
	for name, v := range d.Request.Header {
		if strings.EqualFold(name, "Authorization") {
			scheme, _, _ := strings.Cut(v, " ")
			d.Request.Header[name] = scheme + " ***"
		}
	}
	return d
}

// Preview is r as the log shows it: the admin key masked.
func Preview(r Request) Sent {
	d := Delivery{Request: Sent{Method: r.Method, URL: r.URL, Header: r.Header, Body: string(r.Body)}}
	return d.masked().Request
}
