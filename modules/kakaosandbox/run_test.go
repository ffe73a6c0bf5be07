package kakaosandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
)

// The run path, against a container runtime: skipped where there is none
// (testcontainers finds no Docker or Podman), as on the project's own
// machines. The image is KAKAO_SANDBOX_IMAGE (e.g. one built with
// `docker build -t kakao-sandbox .`), or else built from this checkout's
// Dockerfile.
func TestRunInAContainer(t *testing.T) {
	if err := runtimeProblem(); err != nil {
		t.Skipf("no container runtime to run the image in (%v): this test runs where Docker or Podman answers; the options' requests and HTTPClient are tested without one", err)
	}

	t.Run("fixtures_scenario_admin_token", func(t *testing.T) {
		ctx := context.Background()
		c := run(ctx, t, WithFixtures("testdata/fixtures.yaml"), WithScenario("kakao-maintenance"), WithAdminToken("tc-admin"))
		base, err := c.BaseURL(ctx)
		require.NoError(t, err)
		assert.Regexp(t, `^http://`, base)
		assert.Nil(t, c.CACert())
		assert.Equal(t, "tc-admin", c.AdminToken())

		// The control plane wants the token; the health check does not.
		status, _ := get(t, http.DefaultClient, base+HealthPath, "")
		assert.Equal(t, http.StatusOK, status)
		status, _ = get(t, http.DefaultClient, base+"/_sandbox/scenarios", "")
		assert.Equal(t, http.StatusUnauthorized, status)
		status, body := get(t, http.DefaultClient, base+"/_sandbox/scenarios", c.AdminToken())
		require.Equal(t, http.StatusOK, status, body)
		assert.True(t, isActive(t, body, "kakao-maintenance"), body)

		// Kakao's URLs through HTTPClient: the fixtures' user, and Moment
		// down for maintenance, as the scenario says.
		status, body = get(t, c.HTTPClient(), "https://kapi.kakao.com/v2/user/me", fixtureToken)
		assert.Equal(t, http.StatusOK, status, body)
		assert.Contains(t, body, fixtureNickname)
		status, body = get(t, c.HTTPClient(), "https://apis.moment.kakao.com/openapi/v4/adAccounts/pages", fixtureToken)
		assert.Equal(t, http.StatusServiceUnavailable, status, body)
		assert.Contains(t, body, "-9798")
	})

	t.Run("tls", func(t *testing.T) {
		ctx := context.Background()
		c := run(ctx, t, WithTLS())
		block, _ := pem.Decode(c.CACert())
		require.NotNil(t, block, "CACert: %q", c.CACert())
		ca, err := x509.ParseCertificate(block.Bytes)
		require.NoError(t, err)
		assert.True(t, ca.IsCA)

		// The demo data, over HTTPS as to Kakao, trusting only CACert.
		req, err := http.NewRequest("GET", "https://apis.moment.kakao.com/openapi/v4/adAccounts/balance", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer sandbox-biz-alice")
		req.Header.Set("adAccountId", "10001")
		resp, err := c.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)

		// BaseURL over HTTPS: the certificate names localhost and the
		// loopback addresses, which a local runtime's host is.
		base, err := c.BaseURL(ctx)
		require.NoError(t, err)
		assert.Regexp(t, `^https://`, base)
		host, err := c.Host(ctx)
		require.NoError(t, err)
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			t.Logf("the runtime's host %s is not this machine: the certificate does not name it, BaseURL over HTTPS not checked", host)
			return
		}
		pool := x509.NewCertPool()
		require.True(t, pool.AppendCertsFromPEM(c.CACert()))
		trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
		status, body := get(t, trusting, base+HealthPath, "")
		assert.Equal(t, http.StatusOK, status, body)
	})

	t.Run("refused_start", func(t *testing.T) {
		// A scenario the image does not ship: the sandbox refuses to start,
		// and Run says so instead of waiting for a health that never comes.
		c, err := Run(context.Background(), image(), append(fromCheckout(), WithScenario("no-such-scenario"))...)
		testcontainers.CleanupContainer(t, c)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "exited")
	})
}

// runtimeProblem is why testcontainers cannot reach a runtime, nil when it
// can: testcontainers.SkipIfProviderIsNotHealthy's check, with our message.
func runtimeProblem() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	p, err := testcontainers.ProviderDefault.GetProvider()
	if err != nil {
		return err
	}
	defer p.Close()
	return p.Health(context.Background())
}

func run(ctx context.Context, t *testing.T, opts ...testcontainers.ContainerCustomizer) *Container {
	t.Helper()
	c, err := Run(ctx, image(), append(fromCheckout(), opts...)...)
	testcontainers.CleanupContainer(t, c)
	require.NoError(t, err)
	return c
}

func image() string { return os.Getenv("KAKAO_SANDBOX_IMAGE") }

// fromCheckout builds the Dockerfile of this checkout, unless KAKAO_SANDBOX_IMAGE names
// an image; its layers are cached by the runtime after the first build.
func fromCheckout() []testcontainers.ContainerCustomizer {
	if image() != "" {
		return nil
	}
	return []testcontainers.ContainerCustomizer{testcontainers.WithDockerfile(testcontainers.FromDockerfile{Context: "../.."})}
}

// isActive reports whether GET /_sandbox/scenarios lists name as
// active in some scope.
func isActive(t *testing.T, body, name string) bool {
	t.Helper()
	var list struct {
		Scenarios []struct {
			Name   string
			Active []json.RawMessage
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	for _, s := range list.Scenarios {
		if s.Name == name {
			return len(s.Active) > 0
		}
	}
	return false
}
