# The two commands that matter are in the README: `go run ./cmd/kakao-sandbox`
# and `go test -race ./...`. These targets only wrap them and the extras.
.PHONY: run test lint ci fuzz load peers docker

run:
	go run ./cmd/kakao-sandbox

test:
	go test -race ./...

# The linters CI runs besides the tests.
lint:
	bash .ci/lint

ci:
	bash .ci/run

# Bounded fuzzing of the request decoding and validation path.
fuzz:
	go test ./sandbox -run '^$$' -fuzz FuzzCreateVirtualAccount -fuzztime 60s
	go test ./openapi -run '^$$' -fuzz FuzzCheckJSON -fuzztime 30s

# The load report of the README (about a minute).
load:
	go test ./cmd/kakao-sandbox -run TestLoad -load -v

# The same load against Prism and WireMock, installed from npm (about 4 minutes;
# needs Node/npm and Java).
peers:
	scripts/peers.sh

docker:
	docker build -t kakao-sandbox .
