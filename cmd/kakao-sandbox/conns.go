package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// The connection cap (--max-connections, rule R04) with a reserve beyond
// it, so that health and reset always answer (rule R13): a full cap,
// whether of requests held in a scenario's delay or of sockets that never
// speak, must not keep the control plane from answering.
//
// A connection's path is known only once its request's headers are read,
// and the cap counts connections as they are accepted; so when the cap is
// full, a connection is still accepted into a small reserve, and there it is
// served only if its request is health or reset: anything else answers 503
// -9503 with Retry-After. A reserve connection that sends no request within
// reserveHeaderTime is closed, and one that was served is closed after its
// answer, so silent sockets cannot fill the reserve either. Beyond the cap
// and the reserve, connections wait in the kernel's queue, as before.
//
// A silent connection (one with no request in progress: accepted and not
// yet speaking, a TLS handshake that never comes included, or idle between
// keep-alive requests) holds its slot only while nobody else needs it:
// once the cap is full, a new connection takes the slot of the oldest one
// silent for silentGrace or more, which is closed; once the reserve is full
// too, every one silent that long is closed as the next connection needs
// its slot, so that connections waiting in the kernel's queue get in.
const (
	reservedConnections = 16
	reserveHeaderTime   = 2 * time.Second
	silentGrace         = time.Second
)

// reservedPaths are what a reserve connection serves.
var reservedPaths = map[string]bool{"/_sandbox/health": true, "/_sandbox/reset": true}

// connLimiter is a listener that serves at most max connections at once,
// plus the reserve.
type connLimiter struct {
	net.Listener
	slots, reserve chan struct{} // a token per connection held
	done           chan struct{} // closed by Close
	closeOnce      sync.Once

	mu     sync.Mutex
	silent map[*limitedConn]time.Time // holding a slot with no request in progress, since
}

func newConnLimiter(ln net.Listener, max int) *connLimiter {
	return &connLimiter{Listener: ln, slots: make(chan struct{}, max), reserve: make(chan struct{}, reservedConnections),
		done: make(chan struct{}), silent: map[*limitedConn]time.Time{}}
}

// acquire waits for a slot of the cap, or else of the reserve. While both
// are full, the oldest connection silent for silentGrace is closed, at once,
// so that those waiting in the kernel's queue get in.
func (l *connLimiter) acquire() (inReserve bool, err error) {
	var tick *time.Ticker
	for {
		select {
		case l.slots <- struct{}{}:
			return false, nil
		default:
		}
		select {
		case l.reserve <- struct{}{}: // Accept moves it to the cap if it can
			return true, nil
		case <-l.done:
			return false, net.ErrClosed
		default:
		}
		if c := l.oldestSilent(false); c != nil {
			c.Close() // gives its slot back
			continue
		}
		if tick == nil {
			tick = time.NewTicker(silentGrace / 10)
			defer tick.Stop()
		}
		select {
		case l.slots <- struct{}{}:
			return false, nil
		case l.reserve <- struct{}{}:
			return true, nil
		case <-tick.C: // look for one silent long enough again
		case <-l.done:
			return false, net.ErrClosed
		}
	}
}

// Accept waits for a slot (the cap's or the reserve's), then accepts.
func (l *connLimiter) Accept() (net.Conn, error) {
	inReserve, err := l.acquire()
	if err != nil {
		return nil, err
	}
	c, err := l.Listener.Accept()
	if err != nil {
		l.free(inReserve)
		return nil, err
	}
	lc := &limitedConn{Conn: c, l: l, accepted: time.Now()}
	if inReserve && l.takeSlot() {
		l.free(true)
		inReserve = false
	}
	lc.inReserve = inReserve
	if inReserve {
		lc.timer = time.AfterFunc(reserveHeaderTime, func() {
			if !lc.wasServed() {
				lc.Close()
			}
		})
	}
	l.mu.Lock()
	l.silent[lc] = lc.accepted
	l.mu.Unlock()
	return lc, nil
}

// oldestSilent is the connection silent the longest, for silentGrace or
// more; with capOnly, only one that holds a slot of the cap.
func (l *connLimiter) oldestSilent(capOnly bool) *limitedConn {
	var oldest *limitedConn
	l.mu.Lock()
	defer l.mu.Unlock()
	var since time.Time
	for c, t := range l.silent {
		if capOnly && c.inReserve {
			continue
		}
		if time.Since(t) >= silentGrace && (oldest == nil || t.Before(since)) {
			oldest, since = c, t
		}
	}
	return oldest
}

// takeSlot gets a slot of the cap for a connection in the reserve: a free
// one, or that of the oldest connection silent for silentGrace, closed.
func (l *connLimiter) takeSlot() bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
	}
	oldest := l.oldestSilent(true)
	if oldest == nil {
		return false
	}
	oldest.Close() // gives its slot back
	select {
	case l.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

func (l *connLimiter) free(inReserve bool) {
	if inReserve {
		<-l.reserve
	} else {
		<-l.slots
	}
}

// Close stops accepting; connections already accepted are the server's.
func (l *connLimiter) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitedConn holds a slot until it is closed.
type limitedConn struct {
	net.Conn
	l         *connLimiter
	accepted  time.Time
	inReserve bool
	timer     *time.Timer // closes a reserve connection that sends no request

	mu             sync.Mutex
	served, closed bool
}

// markServed notes that a request's headers arrived, so a reserve
// connection is not closed for silence.
func (c *limitedConn) markServed() {
	c.mu.Lock()
	first := !c.served
	c.served = true
	c.mu.Unlock()
	if first && c.timer != nil {
		c.timer.Stop()
	}
}

func (c *limitedConn) wasServed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.served
}

// Close closes the connection and gives its slot back, once. (Lock order:
// the limiter's, then the connection's; never both from here.)
func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.mu.Lock()
	first := !c.closed
	c.closed = true
	c.mu.Unlock()
	c.l.mu.Lock()
	delete(c.l.silent, c)
	c.l.mu.Unlock()
	if first {
		c.l.free(c.inReserve)
	}
	return err
}

type connKey struct{}

// connState follows whether a connection has a request in progress (the
// server's ConnState): one without is silent, and may give its slot away.
func (l *connLimiter) connState(c net.Conn, st http.ConnState) {
	lc := limitedOf(c)
	if lc == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lc.mu.Lock()
	closed := lc.closed
	lc.mu.Unlock()
	switch {
	case closed:
	case st == http.StateActive:
		delete(l.silent, lc)
	case st == http.StateIdle:
		l.silent[lc] = time.Now()
	}
}

// limitedOf is the limitedConn under c, if any.
func limitedOf(c net.Conn) *limitedConn {
	for {
		switch x := c.(type) {
		case *limitedConn:
			return x
		case interface{ NetConn() net.Conn }: // TLS
			c = x.NetConn()
		default:
			return nil
		}
	}
}

// connContext keeps the connection in its requests' context, for handler.
func connContext(ctx context.Context, c net.Conn) context.Context {
	if lc := limitedOf(c); lc != nil {
		return context.WithValue(ctx, connKey{}, lc)
	}
	return ctx
}

// handler serves h on connections within the cap, and only health and
// reset on those in the reserve.
func (l *connLimiter) handler(h http.Handler) http.Handler {
	e := kakao.ErrConnectionsFull
	kapi, _ := json.Marshal(map[string]any{"code": e.Code, "msg": e.Msg})
	moment, _ := json.Marshal(map[string]any{"code": e.Code, "msg": e.Msg, "extras": map[string]any{}})
	kauth, _ := json.Marshal(map[string]any{"error": "invalid_request", "error_description": e.Msg})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Context().Value(connKey{}).(*limitedConn)
		if c == nil {
			h.ServeHTTP(w, r)
			return
		}
		c.markServed()
		if !c.inReserve {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Connection", "close")
		if reservedPaths[r.URL.Path] {
			h.ServeHTTP(w, r)
			return
		}
		// In the shape of the surface asked (docs/errors.md).
		refusal := kapi
		switch {
		case strings.HasPrefix(r.URL.Path, "/openapi/"):
			refusal = moment
		case strings.HasPrefix(r.URL.Path, "/oauth/"):
			refusal = kauth
		}
		for k, vs := range e.Header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(refusal)))
		w.WriteHeader(e.Status)
		_, _ = w.Write(refusal)
	})
}
