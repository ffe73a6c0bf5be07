# `make` runs the checks: the tests, vet and the linters (.ci/lint runs vet,
# staticcheck, actionlint and the OpenAPI linters). `make run` starts the sandbox; `make ci` is
# all of CI (gofmt, the checks, go test -race and bounded fuzzing).

.PHONY: check run test lint ci fuzz fuzz-long crashloop load peers docker release

check: test lint

run:
	go run ./cmd/kakao-sandbox

test:
	go test -race ./...

# The linters CI runs besides the tests.
lint:
	bash .ci/lint

ci:
	bash .ci/run

# Bounded fuzzing: every fuzz target (go test -list finds them) for 30 s, two
# at a time (about 3 minutes for eleven targets).
fuzz:
	bash scripts/fuzz.sh 30s 2

# The long run of docs/robustness.md: every fuzz target for 10 minutes, two at
# a time, one worker each (about 55 minutes for eleven targets on 2 cores).
fuzz-long:
	bash scripts/fuzz.sh 10m 2

# kill -9 under load, 50 rounds, with the ledger checked after each
# (docs/robustness.md; about 2 minutes).
crashloop:
	go test ./cmd/kakao-sandbox -run TestCrashLoop -crashloop -v -count 1 -timeout 30m

# The load report of docs/performance.md (about a minute).
load:
	go test ./cmd/kakao-sandbox -run TestLoad -load -v

# The same load against Prism and WireMock, installed from npm (about 4 minutes;
# needs Node/npm and Java).
peers:
	scripts/peers.sh

docker:
	docker build -t kakao-sandbox .

# The release into dist/: static binaries for linux, darwin and windows on amd64
# and arm64 in archives, an SBOM for each, checksums.txt (CONTRIBUTING.md,
# "Releases"; several minutes a platform on 2 cores). VERSION=0.2.0 is required;
# IMAGE=1 also builds the multi-arch image with docker buildx.
release:
	bash scripts/release.sh $(if $(IMAGE),--image) $(VERSION)
