package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The sender: one goroutine reads the outbox when woken (after a commit
// that queued something, or when a retry falls due) and hands each due
// delivery to at most Concurrency calls at once. An attempt is recorded in
// its own transaction after the call; a delivery still in the outbox when
// the process dies — killed between the call and the record included — is
// sent again after restart: at least once, as Kakao's webhooks (§10.0),
// and marked delivered at most once.

// Start starts the sender. Close stops it.
func (s *Service) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.client = &http.Client{
		// A redirect is a failure, never followed (§10.0, rule H05).
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{Proxy: nil, MaxIdleConnsPerHost: s.cfg.Concurrency, IdleConnTimeout: 30 * time.Second},
	}
	s.loop.Add(1)
	go s.run(ctx)
}

// Close stops the sender and waits for the calls in flight; a call cut
// short is not recorded, and its delivery stays in the outbox.
func (s *Service) Close() {
	if s.stop == nil {
		return
	}
	s.stop()
	s.loop.Wait()
	s.client.CloseIdleConnections()
}

func (s *Service) run(ctx context.Context) {
	defer s.loop.Done()
	var calls sync.WaitGroup
	defer calls.Wait()
	slots := make(chan struct{}, max(1, s.cfg.Concurrency))
	inFlight := map[uint64]bool{}
	var mu sync.Mutex
	timer := time.NewTimer(0) // read the outbox once at start: what a crash left
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-timer.C:
		}
		mu.Lock()
		busy := make(map[uint64]bool, len(inFlight))
		for id := range inFlight {
			busy[id] = true
		}
		mu.Unlock()
		ready, next, err := s.due(busy)
		if err != nil {
			next = time.Now().Add(time.Second) // the store is closing or full: look again later
		}
		for _, id := range ready {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			mu.Lock()
			inFlight[id] = true
			mu.Unlock()
			calls.Add(1)
			go func() {
				defer calls.Done()
				recorded := s.attempt(ctx, id)
				mu.Lock()
				delete(inFlight, id)
				mu.Unlock()
				<-slots
				if recorded {
					s.Wake() // its retry may be due sooner than the timer
				}
			}()
		}
		if !next.IsZero() {
			timer.Reset(time.Until(next))
		}
	}
}

// due lists the outbox's deliveries due now that are not in flight, and
// when the next one falls due (zero: none waiting).
func (s *Service) due(busy map[uint64]bool) (ready []uint64, next time.Time, err error) {
	now := time.Now()
	err = s.db.View(func(tx *store.Tx) error {
		return tx.Scan(outboxBucket, nil, func(k, v []byte) (bool, error) {
			id := store.ID(k)
			if busy[id] {
				return true, nil
			}
			var d due
			if err := store.Decode(v, &d); err != nil {
				return false, err
			}
			if !d.At.After(now) {
				ready = append(ready, id)
			} else if next.IsZero() || d.At.Before(next) {
				next = d.At
			}
			return true, nil
		})
	})
	return ready, next, err
}

// attempt calls the app once for delivery id and records how it went;
// false when nothing was recorded (stopping, or the store refused).
func (s *Service) attempt(ctx context.Context, id uint64) bool {
	var d Delivery
	var logged bool
	err := s.db.View(func(tx *store.Tx) (err error) {
		logged, err = tx.Get(deliveriesBucket, store.Key(id), &d)
		return err
	})
	if err != nil {
		return false
	}
	if !logged || d.Outcome != "" { // a stray outbox entry (a restored snapshot's): nothing to send
		return s.db.Update(func(tx *store.Tx) error { return tx.Delete(outboxBucket, store.Key(id)) }) == nil
	}
	a := s.call(ctx, d.Kind, d.Request)
	if ctx.Err() != nil {
		return false // stopping: the delivery stays queued and is sent after restart
	}
	return s.db.Update(func(tx *store.Tx) error {
		var now Delivery // a reset may have put another delivery under id meanwhile
		if ok, err := tx.Get(deliveriesBucket, store.Key(id), &now); err != nil || !ok || !now.QueuedAt.Equal(d.QueuedAt) {
			return err
		}
		return s.record(tx, id, a)
	}) == nil
}

// call sends the request once, within the timeout, and says what came back.
func (s *Service) call(ctx context.Context, k Kind, r Sent) Attempt {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	start := time.Now()
	a := Attempt{At: start.UTC()}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, bytes.NewReader([]byte(r.Body)))
	if err == nil {
		for name, v := range r.Header {
			req.Header.Set(name, v)
		}
		if ua, ok := r.Header["User-Agent"]; !ok || ua == "" {
			req.Header.Set("User-Agent", "")
		}
		var resp *http.Response
		if resp, err = s.client.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
			a.Status = resp.StatusCode
		}
	}
	a.LatencyMS = time.Since(start).Milliseconds()
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		a.Error = fmt.Sprintf("no answer within %s", s.cfg.Timeout)
	case err != nil:
		a.Error = err.Error()
	case !Success(k, a.Status):
		a.Error = fmt.Sprintf("status %d is not what Kakao requires of the %s webhook", a.Status, k)
	}
	return a
}

// record adds attempt a to delivery id and ends the delivery, or schedules
// its next attempt. A delivery already ended (sent twice around a crash) is
// left as it is: it is marked at most once.
func (s *Service) record(tx *store.Tx, id uint64, a Attempt) error {
	var d Delivery
	if ok, err := tx.Get(deliveriesBucket, store.Key(id), &d); err != nil || !ok {
		if err != nil {
			return err
		}
		return tx.Delete(outboxBucket, store.Key(id)) // gone: never sent again
	}
	d.Attempts = append(d.Attempts, a)
	if d.Outcome != "" {
		// Ended while this attempt was in flight (its settings saved without
		// its URL, its webhook disabled): the call was made, so the log shows
		// it, and the outcome stands; it is never sent again.
		if err := tx.Delete(outboxBucket, store.Key(id)); err != nil {
			return err
		}
		return tx.Put(deliveriesBucket, store.Key(id), &d)
	}
	var h health
	hk := healthKey(d.AppID, d.Kind)
	if _, err := tx.Get(healthBucket, hk, &h); err != nil {
		return err
	}
	switch {
	case a.Error == "":
		d.Outcome = OutcomeDelivered
		if !d.Test { // a test sample tells nothing of the webhook's health
			h = health{}
		}
	case len(d.Attempts) >= max(1, s.cfg.Attempts):
		d.Outcome = OutcomeFailed
		if d.Test {
			break
		}
		h.FailedInARow++
		if !h.Disabled && s.cfg.DisableAfter > 0 && h.FailedInARow >= s.cfg.DisableAfter {
			h.Disabled = true
			// the webhook's deliveries still waiting for a retry are not sent either
			if err := s.halt(tx, func(x *Delivery) bool { return x.AppID == d.AppID && x.Kind == d.Kind && x.ID != id }); err != nil {
				return err
			}
		}
	default:
		next := time.Now().Add(s.backoff(len(d.Attempts)))
		if err := tx.Put(outboxBucket, store.Key(id), &due{At: next}); err != nil {
			return err
		}
		return tx.Put(deliveriesBucket, store.Key(id), &d)
	}
	if err := tx.Delete(outboxBucket, store.Key(id)); err != nil {
		return err
	}
	if err := tx.Put(healthBucket, hk, &h); err != nil {
		return err
	}
	tx.OnCommit(func() { s.counted(d.Kind, d.Outcome) })
	return tx.Put(deliveriesBucket, store.Key(id), &d)
}

// backoff is the wait after the n-th attempt failed (n ≥ 1): RetryDelay,
// then ten times longer each time, up to a day.
func (s *Service) backoff(n int) time.Duration {
	d := s.cfg.RetryDelay
	for ; n > 1 && d < 24*time.Hour; n-- {
		d *= 10
	}
	return min(d, 24*time.Hour)
}
