# Convenience targets; CI runs .ci/run.
GO      ?= go
IMAGE   ?= vendorcheck:dev
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell git log -1 --format=%cI 2>/dev/null)
PKG     := github.com/vendorcheck/vendorcheck/internal/cli
LDFLAGS := -X $(PKG).version=$(VERSION) -X $(PKG).commit=$(COMMIT) -X $(PKG).date=$(DATE)

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
	docker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) --build-arg DATE=$(DATE) -t $(IMAGE) .
