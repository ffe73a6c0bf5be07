// Package scenarios holds the failure scenarios: the file format, the shipped
// library, matching a request, and deciding the outcome of the Nth match.
// Applying an outcome (a delay, a dropped connection, an error body) is the
// HTTP layer's job; a scenario never changes sandbox state itself.
//
// It uses kakao (catalogue errors by name) and store (activations and loaded
// scenarios survive a restart); it must not import Gin or a domain package.
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/strictyaml"
)

//go:embed library/*.yaml
var library embed.FS

// Scenario is one named failure.
type Scenario struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Match       Match    `yaml:"match"`
	Respond     *Outcome `yaml:"respond,omitempty"`
	Steps       []Step   `yaml:"steps,omitempty"`
	Times       uint64   `yaml:"times,omitempty"` // then it stops matching; 0: forever
	After       uint64   `yaml:"after,omitempty"` // let the first N matches through
	Every       uint64   `yaml:"every,omitempty"` // apply to every Nth match only
	Builtin     bool     `yaml:"-"`
	// Source is the document as written: what a data file keeps of a loaded
	// scenario, so the stored form is the public format, not this struct.
	Source []byte `yaml:"-"`
}

// Match says which requests a scenario applies to; every given part must
// hold. Its JSON spelling, like Outcome's and Step's, is the file format's, so
// the control plane shows a scenario as it was written.
type Match struct {
	Operation string            `yaml:"operation,omitempty" json:"operation,omitempty"` // operationId, or a comma list
	Method    string            `yaml:"method,omitempty" json:"method,omitempty"`
	Path      string            `yaml:"path,omitempty" json:"path,omitempty"` // exact, or a prefix ending in *
	Query     map[string]string `yaml:"query,omitempty" json:"query,omitempty"`
	Headers   map[string]string `yaml:"headers,omitempty" json:"headers,omitempty"`
	Body      map[string]any    `yaml:"body,omitempty" json:"body,omitempty"` // top-level JSON fields
}

// Step is one outcome of a sequence, for Times matches (0: for the rest).
type Step struct {
	Outcome `yaml:",inline"`
	Times   uint64 `yaml:"times,omitempty" json:"times,omitempty"`
}

// Outcome is what happens instead of, or around, the normal answer.
type Outcome struct {
	// An error: a catalogue entry by name, or any status, code and detail.
	Error      string `yaml:"error,omitempty" json:"error,omitempty"`
	Status     int    `yaml:"status,omitempty" json:"status,omitempty"`
	Code       int    `yaml:"code,omitempty" json:"code,omitempty"`
	Msg        string `yaml:"msg,omitempty" json:"msg,omitempty"`
	DetailCode int    `yaml:"detailCode,omitempty" json:"detailCode,omitempty"`
	DetailMsg  string `yaml:"detailMsg,omitempty" json:"detailMsg,omitempty"`
	RetryAfter int    `yaml:"retryAfter,omitempty" json:"retryAfter,omitempty"` // seconds, for a 429

	Delay          Range `yaml:"delay,omitempty" json:"delay,omitzero"`                   // wait before acting
	FirstByteDelay Range `yaml:"firstByteDelay,omitempty" json:"firstByteDelay,omitzero"` // act, then hold the answer
	Drop           bool  `yaml:"drop,omitempty" json:"drop,omitempty"`                    // close the connection, no answer
	Body           Body  `yaml:"body,omitempty" json:"body,omitempty"`                    // mangle the normal answer's body
	Trickle        Range `yaml:"trickle,omitempty" json:"trickle,omitzero"`               // pause between 16-byte chunks
	Swallow        bool  `yaml:"swallow,omitempty" json:"swallow,omitempty"`              // 202, and the call never happens
	Pass           bool  `yaml:"pass,omitempty" json:"pass,omitempty"`                    // the normal answer (in steps)
	// Webhook corrupts or repeats a delivery the sandbox sends (webhooks.go).
	Webhook *Webhook `yaml:"webhook,omitempty" json:"webhook,omitempty"`
}

// Body names a mangled body.
type Body string

const (
	BodyEmpty     Body = "empty"     // the status and headers, no body
	BodyMalformed Body = "malformed" // the JSON cut in half
)

// Range is a fixed duration ("2s") or a range ("1s-3s").
type Range struct{ Min, Max time.Duration }

// IsZero reports an absent range.
func (r Range) IsZero() bool { return r.Max == 0 }

func (r Range) String() string {
	if r.Min == r.Max {
		return r.Min.String()
	}
	return r.Min.String() + "-" + r.Max.String()
}

// UnmarshalYAML reads "2s" or "1s-3s".
func (r *Range) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseRange(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*r = v
	return nil
}

func parseRange(s string) (Range, error) {
	lo, hi, ranged := strings.Cut(s, "-")
	min, err := time.ParseDuration(strings.TrimSpace(lo))
	if err != nil {
		return Range{}, fmt.Errorf("%q is not a duration like 2s or a range like 1s-3s", s)
	}
	max := min
	if ranged {
		if max, err = time.ParseDuration(strings.TrimSpace(hi)); err != nil || max < min {
			return Range{}, fmt.Errorf("%q is not a range like 1s-3s", s)
		}
	}
	return Range{min, max}, nil
}

// MarshalJSON writes the range as it was written.
func (r Range) MarshalJSON() ([]byte, error) { return []byte(`"` + r.String() + `"`), nil }

// MarshalYAML writes the range as it was written.
func (r Range) MarshalYAML() (any, error) { return r.String(), nil }

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Parse reads one scenario from YAML or JSON, strictly: unknown keys are
// errors, and so is a wait longer than MaxDelay.
func Parse(data []byte) (*Scenario, error) {
	s, err := decode(data)
	if err != nil {
		return nil, err
	}
	return s, s.eachOutcome(func(field string, o *Outcome) error { return o.checkWaits(field) })
}

// parseStored reads a scenario the data file holds. One loaded before waits
// had a maximum still loads, its waits cut to MaxDelay.
func parseStored(data []byte) (*Scenario, error) {
	s, err := decode(data)
	if err != nil {
		return nil, err
	}
	return s, s.eachOutcome(func(_ string, o *Outcome) error { o.clampWaits(); return nil })
}

func decode(data []byte) (*Scenario, error) {
	var s Scenario
	if err := strictyaml.Decode(data, &s, "scenario"); err != nil {
		return nil, err
	}
	s.Source = data
	return &s, s.check()
}

// eachOutcome calls fn with each outcome the scenario has, and its field.
func (s *Scenario) eachOutcome(fn func(field string, o *Outcome) error) error {
	if s.Respond != nil {
		return fn("respond", s.Respond)
	}
	for i := range s.Steps {
		if err := fn(fmt.Sprintf("steps[%d]", i), &s.Steps[i].Outcome); err != nil {
			return err
		}
	}
	return nil
}

func (s *Scenario) check() error {
	if !validName.MatchString(s.Name) {
		return kakao.Invalid("name", "%q: use lowercase letters, digits and dashes", s.Name)
	}
	if (s.Respond == nil) == (len(s.Steps) == 0) {
		return kakao.Invalid("respond", "scenario %q needs exactly one of respond and steps", s.Name)
	}
	for k, v := range s.Match.Body {
		if !scalar(v) {
			return kakao.Invalid("match.body."+k, "compares a top-level field with one value: text, a finite number, true, false or null")
		}
	}
	if s.Respond != nil {
		if err := s.Respond.check("respond"); err != nil {
			return err
		}
	}
	for i, st := range s.Steps {
		if err := st.check(fmt.Sprintf("steps[%d]", i)); err != nil {
			return err
		}
	}
	return s.checkWebhooks()
}

// scalar reports whether v is one JSON value a body field can equal, and
// that the control plane can show back (no NaN, no infinity, no mapping).
func scalar(v any) bool {
	switch v := v.(type) {
	case nil, string, bool, int, int64, uint64:
		return true
	case float64:
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	return false
}

func (o Outcome) check(field string) error {
	kinds := 0
	for _, set := range []bool{o.Error != "" || o.Status != 0, o.Drop, o.Swallow, o.Pass, o.Body != "" || !o.Trickle.IsZero(), o.Webhook != nil} {
		if set {
			kinds++
		}
	}
	if kinds > 1 {
		return kakao.Invalid(field, "choose one of an error, drop, swallow, pass, a body change, or webhook")
	}
	if kinds == 0 && o.Delay.IsZero() && o.FirstByteDelay.IsZero() {
		return kakao.Invalid(field, "says nothing happens; give an error, a delay, drop, swallow, pass or a body change")
	}
	if o.Error != "" {
		if _, ok := kakao.Catalogue()[o.Error]; !ok {
			return kakao.Invalid(field+".error", "%q is not in the catalogue (see docs/errors.md)", o.Error)
		}
	}
	if o.Status != 0 && (o.Status < 400 || o.Status > 599) {
		return kakao.Invalid(field+".status", "an error status is 400–599")
	}
	if o.Body != "" && o.Body != BodyEmpty && o.Body != BodyMalformed {
		return kakao.Invalid(field+".body", "must be empty or malformed")
	}
	return nil
}

// checkWaits refuses a wait longer than MaxDelay.
func (o *Outcome) checkWaits(field string) error {
	for _, w := range o.waits() {
		if w.r.Max > MaxDelay {
			return kakao.Invalid(field+"."+w.name, "%s is longer than the maximum, %s: a scenario holds a connection while it waits (see docs/scenarios.md, Limits)", w.r, MaxDelay)
		}
	}
	return nil
}

// clampWaits cuts every wait to MaxDelay.
func (o *Outcome) clampWaits() {
	for _, w := range o.waits() {
		w.r.Min, w.r.Max = min(w.r.Min, MaxDelay), min(w.r.Max, MaxDelay)
	}
}

type namedWait struct {
	name string
	r    *Range
}

func (o *Outcome) waits() []namedWait {
	return []namedWait{{"delay", &o.Delay}, {"firstByteDelay", &o.FirstByteDelay}, {"trickle", &o.Trickle}}
}

// MaxDelay is the longest a delay, a first-byte delay or a trickle's pause
// may be (rule R13): every wait holds a connection, and a connection held
// for hours is one the sandbox cannot serve anyone else with.
const MaxDelay = 10 * time.Minute

// KakaoError is the error the outcome answers, if it answers one.
func (o Outcome) KakaoError() *kakao.Error {
	var e *kakao.Error
	switch {
	case o.Error != "":
		e = kakao.Catalogue()[o.Error]
	case o.Status != 0:
		e = &kakao.Error{Status: o.Status, Code: o.Code, Msg: o.Msg, DetailCode: o.DetailCode, DetailMsg: o.DetailMsg, Source: kakao.SourceSandbox}
		if e.Msg == "" {
			e.Msg = "KakaoMomentException"
		}
		return e.WithHeader("X-Sandbox-Scenario-Error", "custom")
	default:
		return nil
	}
	if o.Msg != "" || o.DetailMsg != "" {
		e = e.With("%s", o.Msg+o.DetailMsg)
	}
	if o.RetryAfter > 0 {
		e = e.WithHeader("Retry-After", fmt.Sprint(o.RetryAfter))
	}
	return e
}

// Decide is the outcome of the nth match (1-based) in one scope, if any.
func (s *Scenario) Decide(n uint64) (Outcome, bool) {
	if n <= s.After {
		return Outcome{}, false
	}
	k := n - s.After
	if s.Every > 1 {
		if k%s.Every != 0 {
			return Outcome{}, false
		}
		k /= s.Every
	}
	if s.Times > 0 && k > s.Times {
		return Outcome{}, false
	}
	if s.Respond != nil {
		return *s.Respond, true
	}
	for _, st := range s.Steps {
		if st.Times == 0 || k <= st.Times {
			return st.Outcome, true
		}
		k -= st.Times
	}
	return Outcome{}, false // every step is used up
}

// Remaining is how many more matches in one scope the scenario acts on
// after matched of them (a pass step counts as acting), when it is limited
// by times or by steps that all have times; a scenario that acts on no
// more is used up for good, whatever comes.
func (s *Scenario) Remaining(matched uint64) (left uint64, limited bool) {
	limit, limited := s.Times, s.Times > 0
	if len(s.Steps) > 0 {
		var sum uint64
		for _, st := range s.Steps {
			if st.Times == 0 {
				sum = 0
				break
			}
			if sum += st.Times; sum < st.Times { // wrapped round: as good as endless
				sum = math.MaxUint64
			}
		}
		if sum > 0 && (!limited || sum < limit) {
			limit, limited = sum, true
		}
	}
	if !limited {
		return 0, false
	}
	var acted uint64
	if matched > s.After {
		acted = matched - s.After
		if s.Every > 1 {
			acted /= s.Every
		}
	}
	return limit - min(acted, limit), true
}

// Library is the shipped scenarios, by name.
func Library() (map[string]*Scenario, error) {
	out := map[string]*Scenario{}
	err := fs.WalkDir(library, "library", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := library.ReadFile(path)
		if err != nil {
			return err
		}
		s, err := Parse(data)
		if err != nil {
			return fmt.Errorf("scenarios: %s: %w", path, err)
		}
		s.Builtin = true
		out[s.Name] = s
		return nil
	})
	return out, err
}

// Names lists scenario names in order.
func Names(m map[string]*Scenario) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
