#!/usr/bin/env bash
# The sandbox against its floor and against Prism and WireMock, serving the
# same Moment contract under the same load (docs/performance.md). The floor is
# the least a server could do for the same calls (internal/floor): Gin alone,
# with the sandbox's OpenAPI validation, and with a bbolt write of the same
# record through the sandbox's group commit, fsync'd or not. WireMock runs
# twice: its default (a request journal without bound) and
# --no-request-journal. Every target is loaded with 32 connections, then with
# one (serial latency). Needs Go, Node/npm and Java 11+; takes about 9 minutes
# on 2 cores.
#
#   scripts/peers.sh                      # 5 rounds of 2 s per target and setting
#   scripts/peers.sh -load-rounds 3       # any TestPeers/TestLoad flag passes through
#
# Prism and WireMock come from npm at pinned versions into a cache folder
# outside the repository ($KAKAO_SANDBOX_PEERS_CACHE, default
# ~/.cache/kakao-sandbox/peers); everything else lives in a temporary folder
# removed on exit. Every server runs on 127.0.0.1 and is killed at the end,
# on failure and on Ctrl-C.
set -euo pipefail

# Prism 5.15 and later want Node 24; 5.14.2 is the newest that runs on Node 18 and 20.
PRISM_VERSION=5.14.2
WIREMOCK_VERSION=3.13.2

cd "$(dirname "$0")/.."
for tool in go node npm java; do
  command -v "$tool" >/dev/null || { echo "peers.sh: $tool is not on PATH (needs Go, Node/npm and Java)" >&2; exit 1; }
done

cache="${KAKAO_SANDBOX_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kakao-sandbox/peers}/prism-$PRISM_VERSION-wiremock-$WIREMOCK_VERSION"
if [ ! -x "$cache/node_modules/.bin/prism" ] || ! ls "$cache"/node_modules/wiremock/build/wiremock-standalone-*.jar >/dev/null 2>&1; then
  echo "peers.sh: installing @stoplight/prism-cli@$PRISM_VERSION and wiremock@$WIREMOCK_VERSION into $cache" >&2
  rm -rf "$cache.partial"
  mkdir -p "$cache.partial"
  npm install --prefix "$cache.partial" --save-exact --no-audit --no-fund --loglevel=error \
    "@stoplight/prism-cli@$PRISM_VERSION" "wiremock@$WIREMOCK_VERSION" >&2
  rm -rf "$cache"
  mv "$cache.partial" "$cache"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kakao-sandbox-peers.XXXXXX")
pid=
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

go test -c -o "$work/peers.test" ./cmd/kakao-sandbox
# The test binary, not go test, is the parent of every server: on SIGTERM or
# Ctrl-C it stops them (and the kernel kills them should it die first).
(cd cmd/kakao-sandbox && TMPDIR="$work" exec "$work/peers.test" -test.run '^TestPeers$' -test.v -test.count 1 \
  -test.timeout 30m -peers -peers-dir "$cache" -load-duration 2s "$@") &
pid=$!
wait "$pid"
