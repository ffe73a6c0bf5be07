package main

import (
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStopCutsAStalledDownload: SIGTERM while a client has stopped reading
// a binary snapshot waits out the drain, then cuts that client and exits
// 0, saying so: a CI step that stops the sandbox does not fail for a
// download someone left hanging.
func TestStopCutsAStalledDownload(t *testing.T) {
	t.Parallel()
	bin := binary(t)
	dir := t.TempDir()
	doc := filepath.Join(dir, "gen.json")
	out, err := exec.Command(bin, "fixtures", "generate", "--seed", "7", "--ad-accounts", "3000", "--out", doc).CombinedOutput()
	require.NoError(t, err, "%s", out)
	p := start(t, bin, nil, "--addr", "127.0.0.1:0", "--fixtures", doc, "--clock", "2026-01-01T09:00:00+09:00")

	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.(*net.TCPConn).SetReadBuffer(4096))
	_, err = conn.Write([]byte("GET /_sandbox/snapshot?format=bbolt HTTP/1.1\r\nHost: x\r\n\r\n"))
	require.NoError(t, err)
	head := make([]byte, 4096)
	_, err = conn.Read(head) // the answer has begun; nothing more is read
	require.NoError(t, err)
	require.Contains(t, string(head), "200 OK")

	began := time.Now()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-p.done:
		require.NoError(t, err, "a stop that had to cut a client is still a clean exit:\n%s", p.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("the stop waited for the stalled client")
	}
	t.Logf("stopped after %v", time.Since(began))
	assert.Contains(t, p.stderr.String(), "requests still running after the drain were cut")
}
