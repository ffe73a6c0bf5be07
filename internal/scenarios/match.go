package scenarios

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Request is what a scenario can match on.
type Request struct {
	// Named makes the request match only scenarios whose operation list
	// names it: the sandbox's own operations are never caught by a path
	// pattern or an empty match.
	Named     bool
	Operation string
	Method    string
	Path      string
	Query     url.Values
	Header    http.Header
	Body      map[string]any // the JSON body's top-level fields, if it is an object
}

// Matches reports whether every part of the match holds for r.
func (m Match) Matches(r Request) bool {
	named := slices.Contains(strings.Split(m.Operation, ","), r.Operation)
	if (m.Operation != "" || r.Named) && !named {
		return false
	}
	if m.Method != "" && !strings.EqualFold(m.Method, r.Method) {
		return false
	}
	if m.Path != "" {
		if prefix, ok := strings.CutSuffix(m.Path, "*"); ok {
			if !strings.HasPrefix(r.Path, prefix) {
				return false
			}
		} else if m.Path != r.Path {
			return false
		}
	}
	for k, v := range m.Query {
		if r.Query.Get(k) != v {
			return false
		}
	}
	for k, v := range m.Headers {
		if r.Header.Get(k) != v {
			return false
		}
	}
	for k, want := range m.Body {
		got, ok := r.Body[k]
		if !ok || fmt.Sprint(got) != fmt.Sprint(want) {
			return false
		}
	}
	return true
}
