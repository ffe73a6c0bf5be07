# kakao-sandbox: a static binary in an empty image, run as non-root.
#   docker build -t kakao-sandbox .
#   docker run -p 8080:8080 -e KAKAO_SANDBOX_ADMIN_TOKEN=change-me kakao-sandbox
# Like the binary, the container starts fresh: its data file is a temporary
# one in /tmp, removed when it stops. To keep state, name a file in a volume:
#   docker run ... -v kakao-data:/data -e KAKAO_SANDBOX_DATA=/data/kakao-sandbox.db kakao-sandbox
# The local CA of KAKAO_SANDBOX_TLS=true is kept in /data either way: beside
# the data file, or without one in /data/kakao-sandbox (the image sets
# XDG_CONFIG_HOME=/data), so a volume there keeps the CA clients trust.
# The container listens on every interface: set KAKAO_SANDBOX_ADMIN_TOKEN so
# that /_sandbox (reset, fixtures, the journal) needs "Authorization: Bearer
# <token>"; without it the sandbox logs a warning at start. The health check
# needs no token (/_sandbox/health is public), so it passes whether the token
# comes from the environment or from --admin-token.
# Base images are named in full (registry/namespace/name) so that podman and
# other runtimes without a default registry resolve them; scratch is no image
# but the empty base, which every runtime knows by that name.
# The build stage runs on the builder's own platform and cross-compiles for
# the image's (TARGETOS/TARGETARCH, set by BuildKit and podman), so that the
# multi-arch image (scripts/release.sh --image) needs no emulation.
FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.26 AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Build arguments reach RUN as environment variables: go build reads these.
ARG GOOS=$TARGETOS
ARG GOARCH=$TARGETARCH
# The build line is checked by cmd/kakao-sandbox's TestDockerfileBinary, which
# runs it as written: keep it on one line.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/kakao-sandbox ./cmd/kakao-sandbox
# /tmp for the temporary data file: scratch has none.
RUN mkdir -p /out/data /out/tmp && chmod 1777 /out/tmp

FROM scratch
COPY --from=build /out/kakao-sandbox /kakao-sandbox
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/tmp /tmp
USER 65532:65532
LABEL org.opencontainers.image.title="kakao-sandbox" \
      org.opencontainers.image.description="A local, stateful sandbox of Kakao's advertiser-money APIs. Set KAKAO_SANDBOX_ADMIN_TOKEN (docker run -e KAKAO_SANDBOX_ADMIN_TOKEN=...) so that /_sandbox needs Authorization: Bearer <token>." \
      org.opencontainers.image.source="https://github.com/kakao-sandbox/kakao-sandbox"
ENV KAKAO_SANDBOX_ADDR=:8080 \
    XDG_CONFIG_HOME=/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 CMD ["/kakao-sandbox", "healthcheck"]
ENTRYPOINT ["/kakao-sandbox"]
