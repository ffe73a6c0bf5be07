# kakao-sandbox: a static binary in an empty image, run as non-root.
#   docker build -t kakao-sandbox .
#   docker run -p 8080:8080 -v kakao-data:/data -e KAKAO_SANDBOX_ADMIN_TOKEN=choose-one kakao-sandbox
#
# The container listens on :8080, beyond loopback, so anyone who reaches the
# port can use the control plane (/_sandbox: reset, clock, money) unless
# KAKAO_SANDBOX_ADMIN_TOKEN is set; without it the sandbox logs a warning at
# start. Set it at run time (-e), not here, so no image carries the token.
# The HEALTHCHECK reads the same variable, so it keeps passing with a token.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The build line is checked by cmd/kakao-sandbox's TestDockerfileBinary, which
# runs it as written: keep it on one line.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/kakao-sandbox ./cmd/kakao-sandbox
RUN mkdir -p /out/data

FROM scratch
COPY --from=build /out/kakao-sandbox /kakao-sandbox
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV KAKAO_SANDBOX_ADDR=:8080 \
    KAKAO_SANDBOX_DATA=/data/kakao-sandbox.db
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 CMD ["/kakao-sandbox", "healthcheck"]
ENTRYPOINT ["/kakao-sandbox"]
