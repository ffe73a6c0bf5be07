package billing_test

import (
	"context"
	"os"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	billing "github.com/kakao-sandbox/kakao-sandbox/examples/go"
)

// TestTopUpInAContainer runs the sandbox's image beside the test with
// Testcontainers for Go: the way when the sandbox must run as it ships, or
// other containers need it too. It builds the image from this checkout's
// Dockerfile, or uses KAKAO_SANDBOX_IMAGE (e.g. one built with
// `docker build -t kakao-sandbox .`), and skips without a container runtime.
func TestTopUpInAContainer(t *testing.T) {
	testcontainers.SkipIfProviderIsNotHealthy(t)
	ctx := context.Background()
	image := os.Getenv("KAKAO_SANDBOX_IMAGE")
	opts := []testcontainers.ContainerCustomizer{
		testcontainers.WithExposedPorts("8080/tcp"),
		testcontainers.WithWaitStrategy(wait.ForHTTP("/_sandbox/health").WithPort("8080/tcp")),
	}
	if image == "" {
		opts = append(opts, testcontainers.WithDockerfile(testcontainers.FromDockerfile{Context: "../.."}))
	}
	sandbox, err := testcontainers.Run(ctx, image, opts...)
	testcontainers.CleanupContainer(t, sandbox)
	if err != nil {
		t.Fatal(err)
	}
	base, err := sandbox.PortEndpoint(ctx, "8080/tcp", "http")
	if err != nil {
		t.Fatal(err)
	}
	checkTopUp(t, &billing.Client{BaseURL: base, Token: demoToken}, depositOver(t, base))
}
