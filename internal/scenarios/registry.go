package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

const (
	loadedBucket = "scenarios.loaded"
	activeBucket = "scenarios.active"
)

// Scope is where an activation applies.
type Scope struct {
	Kind      string `json:"kind"`                // global, token or adAccount
	TokenHash string `json:"tokenHash,omitempty"` // the token is never stored, only its hash
	AdAccount uint64 `json:"adAccountId,omitempty"`
}

// Scope kinds.
const (
	Global    = "global"
	ByToken   = "token"
	ByAccount = "adAccount"
)

func (s Scope) key() string {
	switch s.Kind {
	case ByToken:
		return "token:" + s.TokenHash
	case ByAccount:
		return "adAccount:" + strconv.FormatUint(s.AdAccount, 10)
	}
	return Global
}

// TokenHash is how a scope names a token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Caps on what the control plane can grow (rule R04).
const (
	MaxScenarios   = 1_000 // shipped and loaded
	MaxActivations = 1_000 // scenario and scope pairs switched on
)

// Registry knows every scenario and where each is active, and counts matches
// per scenario and scope under one lock, so times and steps stay exact under
// parallel requests. An activation's count is stored with it, written as
// each match is counted, so a restart resumes the sequence (rule D08); the
// counts of X-Sandbox-Scenario requests live in memory only.
type Registry struct {
	db     *store.DB
	mu     sync.Mutex
	all    map[string]*Scenario
	active map[string]map[string]*Activation // name → scope key → activation
	counts *counters                         // header scenarios: name|header key → matches so far
	// activations lets Decide skip the lock when nothing is active and no
	// header names a scenario, which is almost every request.
	activations atomic.Int64
}

func (r *Registry) countActivations() {
	n := 0
	for _, scopes := range r.active {
		n += len(scopes)
	}
	r.activations.Store(int64(n))
}

// Open loads the library and what the data file remembers.
func Open(db *store.DB) (*Registry, error) {
	r := &Registry{db: db}
	return r, r.Reload()
}

// Activation is a scenario switched on in a scope, with the matches
// counted there so far.
type Activation struct {
	Scope
	Matched uint64
}

// Reload reads loaded scenarios and activations again (after a reset).
func (r *Registry) Reload() error {
	var all map[string]*Scenario
	var active map[string]map[string]*Activation
	err := r.db.View(func(tx *store.Tx) (err error) {
		all, active, err = read(tx)
		return err
	})
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.all, r.active, r.counts = all, active, newCounters(MaxCounters)
	r.countActivations()
	r.mu.Unlock()
	return nil
}

// Listed is a scenario with where it is active.
type Listed struct {
	*Scenario
	Active []Activation
}

// List returns every scenario, by name.
func (r *Registry) List() []Listed {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := []Listed{}
	for _, name := range Names(r.all) {
		l := Listed{Scenario: r.all[name], Active: []Activation{}}
		for _, a := range r.active[name] {
			l.Active = append(l.Active, *a)
		}
		sort.Slice(l.Active, func(i, j int) bool { return l.Active[i].Scope.key() < l.Active[j].Scope.key() })
		out = append(out, l)
	}
	return out
}

// Load adds a scenario, or replaces one loaded before; the library's own
// cannot be replaced.
func (r *Registry) Load(s *Scenario) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.all[s.Name]
	if ok && old.Builtin {
		return kakao.ErrConflict.With("%q is a shipped scenario; load yours under another name", s.Name)
	}
	if !ok && len(r.all) >= MaxScenarios {
		return kakao.ErrConflict.With("%d scenarios are loaded, the most there can be (R04)", MaxScenarios)
	}
	// Its activations count afresh, in the same transaction: the old
	// counts were of another sequence.
	err := r.db.Update(func(tx *store.Tx) error {
		if err := tx.Put(loadedBucket, []byte(s.Name), s.Source); err != nil {
			return err
		}
		for _, a := range r.active[s.Name] {
			if !tx.Has(activeBucket, []byte(s.Name+"|"+a.Scope.key())) {
				continue // wiped by a reset Reload has not followed yet
			}
			if err := put(tx, s.Name, Activation{Scope: a.Scope}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.all[s.Name] = s
	for _, a := range r.active[s.Name] {
		a.Matched = 0
	}
	r.counts.reset(s.Name, "")
	return nil
}

// put stores an activation under name|scope.
func put(tx *store.Tx, name string, a Activation) error {
	return tx.Put(activeBucket, []byte(name+"|"+a.Scope.key()), stored{Name: name, Scope: a.Scope, Matched: a.Matched})
}

// Activate switches a scenario on in a scope, with fresh counters, also
// where it was on already.
func (r *Registry) Activate(name string, sc Scope) error { return r.activate(name, sc, true) }

// KeepActive switches a scenario on in a scope where it is not on yet, and
// leaves an activation that is on, and its counters, as they are: the
// scenarios named at start must not start their sequence again at every
// restart (rule D08).
func (r *Registry) KeepActive(name string, sc Scope) error { return r.activate(name, sc, false) }

func (r *Registry) activate(name string, sc Scope, afresh bool) error {
	if sc.Kind != Global && sc.Kind != ByToken && sc.Kind != ByAccount {
		return kakao.Invalid("scope", "must be global, token or adAccount")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.all[name]
	if !ok {
		return kakao.ErrNotFound.With("no scenario %q", name)
	}
	// Kakao's side sends a webhook: there is no caller's token or ad
	// account to scope it by, so such a scope would never apply.
	if _, hook, _ := s.Match.webhookKindsOf(); hook && sc.Kind != Global {
		return kakao.Invalid("scope", "scenario %q changes webhooks, which no token or ad account sends: activate it globally", name)
	}
	_, on := r.active[name][sc.key()]
	if on && !afresh {
		return nil
	}
	if !on && r.activations.Load() >= MaxActivations {
		return kakao.ErrConflict.With("%d scenario activations are on already, the most there can be; switch some off first (R04)", MaxActivations)
	}
	a := &Activation{Scope: sc}
	if err := r.db.Update(func(tx *store.Tx) error { return put(tx, name, *a) }); err != nil {
		return err
	}
	if r.active[name] == nil {
		r.active[name] = map[string]*Activation{}
	}
	r.active[name][sc.key()] = a
	r.countActivations()
	return nil
}

// Deactivate switches a scenario off in a scope.
func (r *Registry) Deactivate(name string, sc Scope) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.all[name]; !ok {
		return kakao.ErrNotFound.With("no scenario %q", name)
	}
	if err := r.db.Update(func(tx *store.Tx) error { return tx.Delete(activeBucket, []byte(name+"|"+sc.key())) }); err != nil {
		return err
	}
	delete(r.active[name], sc.key())
	r.countActivations()
	return nil
}

// Context is where a request comes from, for scoping.
type Context struct {
	Token     string   // the bearer token's text, if any
	AdAccount uint64   // from the adAccountId header or path, if any
	Header    []string // X-Sandbox-Scenario names
	HeaderKey string   // X-Sandbox-Scenario-Key: whose counters a header scenario uses
}

// Applied is the outcome a request gets.
type Applied struct {
	Name string
	Outcome
}

// MayApply is a lock-free check for whether Decide could find anything: a
// scenario is active somewhere, or the request names one.
func (r *Registry) MayApply(named bool) bool { return named || r.activations.Load() > 0 }

// Decide finds the first active scenario that matches the request and has an
// outcome for it: per-request (header) scenarios first, then ad account,
// token and global activations. Each scenario that matches on the way counts
// the request in its scope.
func (r *Registry) Decide(req Request, c Context) (Applied, bool, error) {
	if len(c.Header) == 0 && r.activations.Load() == 0 {
		return Applied{}, false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	type candidate struct {
		name, scopeKey string
		a              *Activation // nil: a header scenario, counted in memory
	}
	var cands []candidate
	headerKey := "header:" + c.HeaderKey
	if c.HeaderKey == "" {
		headerKey = "header:" + TokenHash(c.Token)
	}
	for _, name := range c.Header {
		if _, ok := r.all[name]; !ok {
			return Applied{}, false, kakao.Invalid("header X-Sandbox-Scenario", "no scenario %q (GET /_sandbox/scenarios lists them)", name)
		}
		cands = append(cands, candidate{name, headerKey, nil})
	}
	for _, want := range []Scope{{Kind: ByAccount, AdAccount: c.AdAccount}, {Kind: ByToken, TokenHash: TokenHash(c.Token)}, {Kind: Global}} {
		if (want.Kind == ByAccount && c.AdAccount == 0) || (want.Kind == ByToken && c.Token == "") {
			continue
		}
		for _, name := range Names(r.all) {
			if a, on := r.active[name][want.key()]; on {
				cands = append(cands, candidate{name, want.key(), a})
			}
		}
	}
	for _, cand := range cands {
		s := r.all[cand.name]
		if !s.Match.Matches(req) {
			continue
		}
		var n uint64
		if cand.a == nil {
			n = r.counts.inc(cand.name + "|" + cand.scopeKey)
		} else {
			var counted bool
			var err error
			if n, counted, err = r.count(cand.name, s, cand.a); err != nil {
				return Applied{}, false, err
			} else if !counted {
				continue
			}
		}
		if o, ok := s.Decide(n); ok {
			return Applied{Name: cand.name, Outcome: o}, true, nil
		}
	}
	return Applied{}, false, nil
}

// count counts one more match of an activation, in the data file first.
// It counts on from the count stored there, and writes nothing when the
// activation is no longer stored: a reset or snapshot load that replaced
// it since Decide read the registry is not undone, and Reload follows it.
// counted is false then, and when the activation is used up for good,
// which needs no write at all.
func (r *Registry) count(name string, s *Scenario, a *Activation) (n uint64, counted bool, err error) {
	if left, limited := s.Remaining(a.Matched); limited && left == 0 {
		return 0, false, nil
	}
	key := []byte(name + "|" + a.Scope.key())
	err = r.db.Update(func(tx *store.Tx) error {
		var st stored
		n, counted = 0, false
		if found, err := tx.Get(activeBucket, key, &st); err != nil || !found {
			return err
		}
		if left, limited := s.Remaining(st.Matched); limited && left == 0 {
			return nil
		}
		st.Matched++
		n, counted = st.Matched, true
		return tx.Put(activeBucket, key, st)
	})
	if err != nil || !counted {
		return 0, false, err
	}
	a.Matched = n
	return n, true, nil
}

// Check reads what tx holds as Reload would, so a snapshot whose scenarios
// do not parse is refused before it replaces anything.
func Check(tx *store.Tx) error {
	_, _, err := read(tx)
	return err
}

// read is the library with the scenarios loaded into the data file, and
// where each is active. What it reads is checked as the control calls
// check it (rule R10): a loaded scenario under its own name and not a
// shipped one's, activations of known scenarios in known scopes, and no
// more of either than the caps.
func read(tx *store.Tx) (map[string]*Scenario, map[string]map[string]*Activation, error) {
	all, err := Library()
	if err != nil {
		return nil, nil, err
	}
	active := map[string]map[string]*Activation{}
	if err := tx.Scan(loadedBucket, nil, func(k, v []byte) (bool, error) {
		s, err := loaded(k, v)
		if err != nil {
			return false, fmt.Errorf("scenarios: bucket %q key %s: %w", loadedBucket, k, err)
		}
		if old, ok := all[s.Name]; ok && old.Builtin {
			return false, fmt.Errorf("scenarios: bucket %q key %s: %q is a shipped scenario; a loaded one cannot replace it", loadedBucket, k, s.Name)
		}
		if len(all) >= MaxScenarios {
			return false, fmt.Errorf("scenarios: bucket %q: more than %d scenarios, shipped and loaded, the most there can be (R04)", loadedBucket, MaxScenarios)
		}
		all[s.Name] = s
		return true, nil
	}); err != nil {
		return nil, nil, err
	}
	n := 0
	err = tx.Scan(activeBucket, nil, func(k, v []byte) (bool, error) {
		a, err := activation(k, v)
		if err != nil {
			return false, fmt.Errorf("scenarios: bucket %q key %s: %w", activeBucket, k, err)
		}
		if _, ok := all[a.Name]; !ok {
			return false, fmt.Errorf("scenarios: bucket %q key %s: no scenario %q", activeBucket, k, a.Name)
		}
		if n++; n > MaxActivations {
			return false, fmt.Errorf("scenarios: bucket %q: more than %d activations, the most there can be (R04)", activeBucket, MaxActivations)
		}
		if active[a.Name] == nil {
			active[a.Name] = map[string]*Activation{}
		}
		active[a.Name][a.Scope.key()] = &Activation{Scope: a.Scope, Matched: a.Matched}
		return true, nil
	})
	return all, active, err
}

// loaded reads a loaded scenario as it is stored: its source, which must
// parse, under its name.
func loaded(k, v []byte) (*Scenario, error) {
	var source []byte
	if err := store.Decode(v, &source); err != nil {
		return nil, err
	}
	s, err := parseStored(source) // an older build's longer waits load, cut to the maximum
	if err != nil {
		return nil, fmt.Errorf("loaded scenario %s: %w", k, err)
	}
	if s.Name != string(k) {
		return nil, fmt.Errorf("the scenario is named %q, not its key", s.Name)
	}
	return s, nil
}

// stored is an activation as the data file holds it. Matched is the
// matches counted so far; a file written before it was kept reads as 0.
type stored struct {
	Name    string `json:"name"`
	Scope   Scope  `json:"scope"`
	Matched uint64 `json:"matched,omitempty"`
}

// activation reads an activation as it is stored, under name|scope.
func activation(k, v []byte) (stored, error) {
	var a stored
	if err := store.Decode(v, &a); err != nil {
		return a, err
	}
	sc := a.Scope
	switch {
	case sc.Kind != Global && sc.Kind != ByToken && sc.Kind != ByAccount:
		return a, fmt.Errorf("scope %q is none of global, token or adAccount", sc.Kind)
	case sc.Kind == ByToken && (sc.TokenHash == "" || sc.AdAccount != 0),
		sc.Kind == ByAccount && (sc.AdAccount == 0 || sc.TokenHash != ""),
		sc.Kind == Global && (sc.AdAccount != 0 || sc.TokenHash != ""):
		return a, fmt.Errorf("a %s scope names %s", sc.Kind, map[string]string{Global: "nothing else", ByToken: "a token hash only", ByAccount: "an ad account only"}[sc.Kind])
	case string(k) != a.Name+"|"+sc.key():
		return a, fmt.Errorf("the key of %q in scope %s is %q", a.Name, sc.key(), a.Name+"|"+sc.key())
	}
	return a, nil
}

// What the scenario buckets hold, for kakao-sandbox check (rule R10); Check
// adds what needs the whole bucket (caps, names).
func init() {
	store.RegisterShape(store.Shape{Bucket: loadedBucket, IDAt: -1, Value: func(k, v []byte) error { _, err := loaded(k, v); return err }})
	store.RegisterShape(store.Shape{Bucket: activeBucket, IDAt: -1, Value: func(k, v []byte) error { _, err := activation(k, v); return err }})
}
