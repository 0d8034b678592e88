# Convenience targets; CI runs .ci/run.
GO      ?= go
IMAGE   ?= vendorcheck:dev
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X github.com/vendorcheck/vendorcheck/internal/cli.version=$(VERSION)

.PHONY: build test image

## build: a static binary in bin/vendorcheck
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/vendorcheck ./cmd/vendorcheck

## test: vet and every test
test:
	$(GO) vet ./...
	$(GO) test ./...

## image: the container image (see Dockerfile)
image:
	docker build --build-arg VERSION=$(VERSION) -t $(IMAGE) .
