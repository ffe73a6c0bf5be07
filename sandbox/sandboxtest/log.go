package sandboxtest

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
)

// testLogger writes the sandbox's warnings and errors into the test's log,
// so a failing test shows why the sandbox answered as it did.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(&tbHandler{t: t, mu: &sync.Mutex{}, attrs: nil})
}

type tbHandler struct {
	t     testing.TB
	mu    *sync.Mutex
	attrs []slog.Attr
}

func (h *tbHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h *tbHandler) Handle(_ context.Context, r slog.Record) error {
	var buf bytes.Buffer
	th := slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})
	if err := th.WithAttrs(h.attrs).Handle(context.Background(), r); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.t.Log("sandbox: " + buf.String())
	return nil
}

func (h *tbHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &tbHandler{t: h.t, mu: h.mu, attrs: append(append([]slog.Attr{}, h.attrs...), as...)}
}

func (h *tbHandler) WithGroup(string) slog.Handler { return h }
