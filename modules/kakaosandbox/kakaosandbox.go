// Package kakaosandbox is a Testcontainers for Go module for kakao-sandbox:
// it runs the sandbox's image beside a test, waits until it is healthy, and
// gives the test its URL and an *http.Client that sends Kakao's host names
// to it.
//
//	ctr, err := kakaosandbox.Run(ctx, "kakao-sandbox:latest",
//		kakaosandbox.WithFixtures("testdata/fixtures.yaml"),
//		kakaosandbox.WithAdminToken("choose-one"))
//	testcontainers.CleanupContainer(t, ctr)
//
// Options are testcontainers.CustomizeRequestOption, so testcontainers'
// own (WithEnv for any other KAKAO_SANDBOX_* flag, WithLogConsumers…) mix
// with them. docs/testing.md, "Testcontainers", has the whole story.
package kakaosandbox

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tcexec "github.com/testcontainers/testcontainers-go/exec"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

const (
	// Port is the port the image listens on (its KAKAO_SANDBOX_ADDR=:8080).
	Port = "8080/tcp"
	// HealthPath needs no admin token and no scenario ever reaches it.
	HealthPath = "/_sandbox/health"
	// binary is the image's ENTRYPOINT, run again by readCA's exec.
	binary = "/kakao-sandbox"
	// startupTimeout covers a cold start on a slow CI machine; the sandbox
	// itself is up in well under a second with the demo data.
	startupTimeout = 60 * time.Second
)

// Container is a running sandbox.
type Container struct {
	testcontainers.Container
	tls        bool
	adminToken string
	ca         []byte // PEM, with WithTLS

	// endpoint is the host:port the sandbox is reached at, asked anew at
	// each dial so that a stopped and started container is still found.
	endpoint func(context.Context) (string, error)

	once      sync.Once
	transport http.RoundTripper
}

// Run starts the image img (built from the repository's Dockerfile, or one
// named like it) with opts, and returns once GET /_sandbox/health answers
// ok. On an error after the container was created it returns the container
// too, so that testcontainers.CleanupContainer removes it.
func Run(ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	req, err := request(img, opts...)
	if err != nil {
		return nil, err
	}
	ctr, err := testcontainers.GenericContainer(ctx, req)
	var c *Container
	if ctr != nil {
		c = newContainer(ctr, req)
	}
	if err != nil {
		return c, fmt.Errorf("kakaosandbox: generic container: %w", err)
	}
	if c.tls {
		if err := c.readCA(ctx); err != nil {
			return c, err
		}
	}
	return c, nil
}

// request is the container request Run makes: the image's port, the health
// wait, then opts in order, so a later option overrides an earlier one.
func request(img string, opts ...testcontainers.ContainerCustomizer) (testcontainers.GenericContainerRequest, error) {
	req := testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        img,
			ExposedPorts: []string{Port},
			WaitingFor:   healthWait(),
		},
		Started: true,
	}
	for _, opt := range opts {
		if err := opt.Customize(&req); err != nil {
			return req, err
		}
	}
	return req, nil
}

// healthWait waits for GET /_sandbox/health to answer 200 with status ok,
// as the image's HEALTHCHECK (kakao-sandbox healthcheck) does.
func healthWait() *healthStrategy {
	return &healthStrategy{wait.ForHTTP(HealthPath).
		WithPort(Port).
		WithResponseMatcher(healthOK).
		WithStartupTimeout(startupTimeout)}
}

// healthStrategy is Run's own wait, a type of its own so that WithTLS finds
// it among the caller's.
type healthStrategy struct{ *wait.HTTPStrategy }

func healthOK(body io.Reader) bool {
	data, err := io.ReadAll(io.LimitReader(body, 1<<16))
	if err != nil {
		return false
	}
	return healthStatus(data) == "ok"
}

// healthStatus is the status GET /_sandbox/health answered: ok or degraded.
func healthStatus(body []byte) string {
	var h struct{ Status string }
	if json.Unmarshal(body, &h) != nil {
		return ""
	}
	return h.Status
}

func newContainer(ctr testcontainers.Container, req testcontainers.GenericContainerRequest) *Container {
	on, _ := strconv.ParseBool(req.Env[envTLS])
	return &Container{
		Container:  ctr,
		tls:        on,
		adminToken: req.Env[envAdminToken],
		endpoint: func(ctx context.Context) (string, error) {
			return ctr.PortEndpoint(ctx, Port, "")
		},
	}
}

// BaseURL is the sandbox's URL on this machine, http://host:port (https://
// with WithTLS), for calls written against a base URL and for /_sandbox.
func (c *Container) BaseURL(ctx context.Context) (string, error) {
	ep, err := c.endpoint(ctx)
	if err != nil {
		return "", fmt.Errorf("kakaosandbox: the sandbox's address: %w", err)
	}
	return c.scheme() + "://" + ep, nil
}

func (c *Container) scheme() string {
	if c.tls {
		return "https"
	}
	return "http"
}

// AdminToken is the token WithAdminToken set, "" without one: send it as
// "Authorization: Bearer <token>" to /_sandbox.
func (c *Container) AdminToken() string { return c.adminToken }

// CACert is the PEM certificate of the CA that signs the sandbox's HTTPS
// certificate with WithTLS, read from the container by 'kakao-sandbox ca'
// when it started; nil without WithTLS. Trust it in clients that do not use
// HTTPClient (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, a JVM trust store: see
// docs/https.md).
func (c *Container) CACert() []byte {
	if c.ca == nil {
		return nil
	}
	return append([]byte(nil), c.ca...)
}

// readCA asks the container's own binary for its CA, with the container's
// environment, so it finds the CA wherever the sandbox keeps it (beside
// KAKAO_SANDBOX_DATA, or in /data/kakao-sandbox), then checks it signs the
// certificate the sandbox serves for Kakao's names.
func (c *Container) readCA(ctx context.Context) error {
	code, out, err := c.Exec(ctx, []string{binary, "ca"}, tcexec.Multiplexed())
	if err != nil {
		return fmt.Errorf("kakaosandbox: %s ca: %w", binary, err)
	}
	text, err := io.ReadAll(out)
	if err != nil {
		return fmt.Errorf("kakaosandbox: %s ca: %w", binary, err)
	}
	if code != 0 {
		return fmt.Errorf("kakaosandbox: %s ca exited %d: %s", binary, code, text)
	}
	if c.ca, err = parseCA(text); err != nil {
		return fmt.Errorf("kakaosandbox: %s ca: %w", binary, err)
	}
	resp, err := c.HTTPClient().Get("https://" + kakao.Hosts[0] + HealthPath)
	if err != nil {
		return fmt.Errorf("kakaosandbox: the CA 'kakao-sandbox ca' printed does not verify the sandbox's certificate: %w", err)
	}
	resp.Body.Close()
	return nil
}

// parseCA takes the one CA certificate out of what 'kakao-sandbox ca'
// printed: stdout, with whatever it said on stderr after it.
func parseCA(out []byte) ([]byte, error) {
	for rest := out; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("no PEM certificate in its output: %q", out)
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		if !cert.IsCA {
			return nil, errors.New("the certificate it printed is not a CA's")
		}
		return pem.EncodeToMemory(block), nil
	}
}
