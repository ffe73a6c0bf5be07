package sandbox_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/fixtures/fixturestest"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func TestZZProf(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ZZN"))
	if n == 0 {
		t.Skip()
	}
	for _, f := range []fixturestest.Format{fixturestest.JSON, fixturestest.YAML} {
		doc := fixturestest.Bulk(n, f)
		t0 := time.Now()
		_, err := fixtures.Parse(doc)
		t.Logf("format %d: %d bytes, parse %s err %v", f, len(doc), time.Since(t0), err)
	}
	doc := fixturestest.Bulk(n, fixturestest.JSON)
	t0 := time.Now()
	sb, err := sandbox.Open(sandbox.Config{DataPath: t.TempDir() + "/bench.db", Fixtures: doc, RateLimits: []string{"off"}, Clock: sandboxtest.Start()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open %s", time.Since(t0))
	sb.Close()
}
