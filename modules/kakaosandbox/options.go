package kakaosandbox

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// The sandbox reads every flag from a KAKAO_SANDBOX_* variable
// (docs/configuration.md), so each option sets one: options compose in any
// order, and the image's own ENTRYPOINT and CMD stay as they ship.
const (
	envFixtures   = "KAKAO_SANDBOX_FIXTURES"
	envScenario   = "KAKAO_SANDBOX_SCENARIO" // comma-separated
	envAdminToken = "KAKAO_SANDBOX_ADMIN_TOKEN"
	envTLS        = "KAKAO_SANDBOX_TLS"

	// FixturesPath is where WithFixtures and WithFixturesData put the
	// document in the container.
	FixturesPath = "/etc/kakao-sandbox/fixtures.yaml"
)

// builtinFixtures are the names --fixtures takes instead of a file, as the
// binary reads them first (docs/configuration.md).
var builtinFixtures = []string{"builtin-demo", "demo", "empty"}

// WithFixtures fills the sandbox with a fixture document (YAML or JSON) from
// a file on this machine, copied into the container at FixturesPath, instead
// of the demo data. "builtin-demo" and "empty" name the built-in sets, as
// --fixtures does.
func WithFixtures(path string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		for _, name := range builtinFixtures {
			if path == name {
				return testcontainers.WithEnv(map[string]string{envFixtures: name})(req)
			}
		}
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("kakaosandbox.WithFixtures: %w (want a YAML or JSON fixture document, builtin-demo or empty)", err)
		}
		return withFixturesFile(req, testcontainers.ContainerFile{HostFilePath: path, ContainerFilePath: FixturesPath, FileMode: 0o644})
	}
}

// WithFixturesData fills the sandbox with the fixture document doc (YAML or
// JSON), written into the container at FixturesPath.
func WithFixturesData(doc []byte) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if len(bytes.TrimSpace(doc)) == 0 {
			return errors.New("kakaosandbox.WithFixturesData: the document is empty (WithFixtures(\"empty\") starts with no data)")
		}
		return withFixturesFile(req, testcontainers.ContainerFile{Reader: bytes.NewReader(doc), ContainerFilePath: FixturesPath, FileMode: 0o644})
	}
}

// withFixturesFile replaces a fixture file an earlier option put there: the
// last WithFixtures wins, as the last --fixtures does.
func withFixturesFile(req *testcontainers.GenericContainerRequest, f testcontainers.ContainerFile) error {
	var kept []testcontainers.ContainerFile
	for _, old := range req.Files {
		if old.ContainerFilePath != FixturesPath {
			kept = append(kept, old)
		}
	}
	req.Files = append(kept, f)
	return testcontainers.WithEnv(map[string]string{envFixtures: FixturesPath})(req)
}

// WithScenario activates shipped failure scenarios by name everywhere from
// the start ('kakao-sandbox scenarios' lists them; docs/scenarios.md).
// Repeatable; the sandbox refuses to start on a name it does not ship.
func WithScenario(names ...string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		var all []string
		if prev := req.Env[envScenario]; prev != "" {
			all = strings.Split(prev, ",")
		}
		for _, n := range names {
			if n == "" || strings.ContainsAny(n, ", \t\n") {
				return fmt.Errorf("kakaosandbox.WithScenario(%q): want a scenario's name, like kakao-maintenance", n)
			}
			all = append(all, n)
		}
		if len(all) == 0 {
			return nil
		}
		return testcontainers.WithEnv(map[string]string{envScenario: strings.Join(all, ",")})(req)
	}
}

// WithAdminToken makes the control plane (/_sandbox, but for its health)
// answer only requests with "Authorization: Bearer <token>". Without it the
// container, which listens beyond loopback, lets anyone who reaches the port
// drive it, and says so in its log.
func WithAdminToken(token string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if strings.TrimSpace(token) == "" {
			return errors.New("kakaosandbox.WithAdminToken: the token is empty")
		}
		return testcontainers.WithEnv(map[string]string{envAdminToken: token})(req)
	}
}

// WithTLS serves HTTPS only, with a certificate for Kakao's host names,
// localhost and the loopback addresses, signed by the sandbox's own CA,
// which the container makes at its first start: CACert returns it,
// HTTPClient trusts it. The health wait cannot know that CA before the
// container has made it, so it alone skips verification; Run then checks the
// CA it read against the certificate served.
func WithTLS() testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		healthOverTLS(req.WaitingFor)
		return testcontainers.WithEnv(map[string]string{envTLS: "true"})(req)
	}
}

// healthOverTLS turns Run's health wait into one over HTTPS, wherever an
// option before WithTLS put it (WithAdditionalWaitStrategy wraps it); a wait
// the caller put in its place is theirs and left alone.
func healthOverTLS(s wait.Strategy) {
	switch s := s.(type) {
	case *healthStrategy:
		s.WithTLS(true).WithAllowInsecure(true) // the CA is made by the container: see above
	case *wait.MultiStrategy:
		for _, inner := range s.Strategies {
			healthOverTLS(inner)
		}
	}
}
