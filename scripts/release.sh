#!/usr/bin/env bash
# The release recipe (`make release`, CONTRIBUTING.md "Releases"): static
# binaries (CGO_ENABLED=0, the Dockerfile's build) for linux, darwin and
# windows on amd64 and arm64, each in an archive with a CycloneDX SBOM beside
# it (cyclonedx-gomod from tools/go.mod, read from the binary's build info),
# checksums.txt (SHA-256 of every file), and with --image the multi-arch image
# (linux/amd64 and linux/arm64) through docker buildx. Everything lands in
# dist/, named as the GitHub Action (action.yml) downloads it:
# kakao-sandbox_VERSION_OS_ARCH.tar.gz (.zip for windows).
#
#   scripts/release.sh 0.2.0            the six archives, SBOMs, checksums.txt
#   scripts/release.sh --image 0.2.0    and ghcr.io/kakao-sandbox/kakao-sandbox:0.2.0 for both linux platforms
#   scripts/release.sh --dry-run        CI's check: the whole recipe for this machine's
#                                       platform only, and every platform's packages resolved
#
# Cross-compiling all six takes minutes per platform on a 2-core machine:
# CI runs the dry run: only the host platform, whose build the tests share.
set -euo pipefail
cd "$(dirname "$0")/.."

dry=false image=false
while [[ ${1:-} == --* ]]; do
  case $1 in
    --dry-run) dry=true ;;
    --image) image=true ;;
    *) echo "unknown flag $1" >&2; exit 2 ;;
  esac
  shift
done
version=${1:-}
if $dry; then version=${version:-0.0.0-dryrun}; fi
version=${version#v}
if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "usage: scripts/release.sh [--dry-run] [--image] VERSION (semantic, e.g. 0.2.0; got '$version')" >&2
  exit 2
fi

platforms=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
dist=dist
if $dry; then
  dist=$(mktemp -d)
  trap 'rm -rf "$dist"' EXIT
  # Every platform's packages resolve without cgo (build constraints, imports).
  for p in "${platforms[@]}"; do
    CGO_ENABLED=0 GOOS=${p%/*} GOARCH=${p#*/} go list -tags timetzdata -deps ./cmd/kakao-sandbox > /dev/null
  done
  platforms=("$(go env GOOS)/$(go env GOARCH)")
else
  rm -rf "$dist"
fi
mkdir -p "$dist"

for p in "${platforms[@]}"; do
  os=${p%/*} arch=${p#*/}
  name=kakao-sandbox_${version}_${os}_${arch}
  exe=kakao-sandbox
  [[ $os == windows ]] && exe=kakao-sandbox.exe
  work=$dist/$name
  mkdir -p "$work"
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -tags timetzdata \
    -ldflags="-s -w -X github.com/kakao-sandbox/kakao-sandbox/sandbox.Version=$version" \
    -o "$work/$exe" ./cmd/kakao-sandbox
  cp README.md "$work/"
  go tool -modfile=tools/go.mod cyclonedx-gomod bin -json -version "v$version" \
    -output "$dist/$name.sbom.json" "$work/$exe"
  if [[ $os == windows ]]; then
    (cd "$work" && zip -q -X "../$name.zip" "$exe" README.md)
  else
    tar -C "$work" -czf "$dist/$name.tar.gz" "$exe" README.md
  fi
  rm -rf "$work"
done
(cd "$dist" && shopt -s nullglob && sha256sum -- *.tar.gz *.zip *.sbom.json > checksums.txt)

# The dry run checks what it made: the checksums hold, the archive holds a
# binary that runs and knows its version, the SBOM names the sandbox's
# dependencies.
if $dry; then
  (cd "$dist" && sha256sum --quiet -c checksums.txt)
  name=kakao-sandbox_${version}_$(go env GOOS)_$(go env GOARCH)
  mkdir "$dist/check"
  tar -C "$dist/check" -xzf "$dist/$name.tar.gz"
  got=$("$dist/check/kakao-sandbox" version)
  [[ $got == "kakao-sandbox $version" ]] || { echo "release dry run: the binary says '$got', want 'kakao-sandbox $version'" >&2; exit 1; }
  grep -q '"purl": "pkg:golang/github.com/gin-gonic/gin@' "$dist/$name.sbom.json" ||
    { echo "release dry run: the SBOM does not list gin" >&2; exit 1; }
  echo "release dry run: $name.tar.gz, its SBOM and checksums.txt check out (make release builds all six: linux, darwin, windows x amd64, arm64)"
fi

if $image; then
  if ! docker buildx version > /dev/null 2>&1 || ! docker info > /dev/null 2>&1; then
    echo "--image needs docker buildx and a running daemon" >&2
    exit 1
  fi
  # The Dockerfile cross-compiles (FROM --platform=\$BUILDPLATFORM): no emulation.
  # Add --push (and a registry's name in -t) to publish the multi-arch manifest.
  # The name the Helm chart pulls by default (deploy/helm/kakao-sandbox/values.yaml).
  docker buildx build --platform linux/amd64,linux/arm64 -t "${IMAGE_REPOSITORY:-ghcr.io/kakao-sandbox/kakao-sandbox}:$version" .
fi
$dry || ls -l "$dist"
