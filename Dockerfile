# vendorcheck container image: a static binary on distroless, run as a
# non-root user. The policy data and vendor catalog are embedded in the
# binary, so the image needs nothing else.
#
#   docker build --build-arg VERSION=v1.2.3 -t vendorcheck .   # BuildKit (Docker 23+)
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" vendorcheck scan sbom.cdx.json

FROM golang:1.26 AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Empty VERSION, COMMIT, DATE: the binary reports what the Go build info
# holds, else "devel" and "unknown".
ARG VERSION=
ARG COMMIT=
ARG DATE=
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/vendorcheck/vendorcheck/internal/cli.version=${VERSION} -X github.com/vendorcheck/vendorcheck/internal/cli.commit=${COMMIT} -X github.com/vendorcheck/vendorcheck/internal/cli.date=${DATE}" \
      -o /out/vendorcheck ./cmd/vendorcheck

# The release image (goreleaser, .goreleaser.yaml: --target=release): the
# binary that the release built for this platform, no compiling.
FROM gcr.io/distroless/static-debian12:nonroot AS release
ARG TARGETPLATFORM
COPY ${TARGETPLATFORM}/vendorcheck /usr/local/bin/vendorcheck
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/vendorcheck"]
CMD ["--help"]

# The default target: built from source in this checkout.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/vendorcheck /usr/local/bin/vendorcheck
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/vendorcheck"]
CMD ["--help"]
