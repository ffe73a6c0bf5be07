package scenarios

import (
	"container/list"
	"strings"
)

// MaxCounters caps the match counters held at once (rule R04). Activation
// scopes are as many as activations, but X-Sandbox-Scenario-Key is whatever
// a client sends, so past the cap the least recently used counter is
// forgotten, and a key that comes back after that starts its sequence afresh.
const MaxCounters = 10_000

// counters counts matches per scenario and scope, least recently used last.
type counters struct {
	max   int
	order *list.List               // of *counter, most recently used first
	index map[string]*list.Element // name|scope key → its place in order
}

type counter struct {
	key string
	n   uint64
}

func newCounters(max int) *counters {
	return &counters{max: max, order: list.New(), index: map[string]*list.Element{}}
}

// inc counts one more match for key and returns the count.
func (c *counters) inc(key string) uint64 {
	if e, ok := c.index[key]; ok {
		c.order.MoveToFront(e)
		e.Value.(*counter).n++
		return e.Value.(*counter).n
	}
	c.index[key] = c.order.PushFront(&counter{key: key, n: 1})
	if c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.index, oldest.Value.(*counter).key)
	}
	return 1
}

// reset forgets the counters of scenario name: in one scope, or in every
// scope when scopeKey is empty.
func (c *counters) reset(name, scopeKey string) {
	for key, e := range c.index {
		if key == name+"|"+scopeKey || scopeKey == "" && strings.HasPrefix(key, name+"|") {
			c.order.Remove(e)
			delete(c.index, key)
		}
	}
}

func (c *counters) len() int { return c.order.Len() }
