# chatdlp developer targets. `make test` brings what the tests need, then runs them.
GO       ?= go
FUZZTIME ?= 10s
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
GOBIN    := $(shell $(GO) env GOPATH)/bin

.PHONY: test deps build lint fuzz bench

# build: the chatdlp binary in ./chatdlp, stamped with version and commit.
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o chatdlp ./cmd/chatdlp

# deps: the Debian packages the tests drive (curl, nftables, iproute2, iptables...).
deps:
	@./.ci/deps

# test: every test with the race detector, nothing cached.
test: deps
	$(GO) test -race -count=1 ./...

# lint: gofmt, go vet, and golangci-lint (.golangci.yml) when it is installed.
lint:
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt -l:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run ./...; \
	elif [ -x "$(GOBIN)/golangci-lint" ]; then "$(GOBIN)/golangci-lint" run ./...; \
	else echo "lint: golangci-lint not installed (go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest); skipped"; fi

# fuzz: every Fuzz target of every package for FUZZTIME each (default 10s);
# runs them all, then fails if any failed.
fuzz:
	@failed=""; for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz: $$pkg $$target ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || failed="$$failed $$pkg.$$target"; \
	  done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed"; exit 1; fi

# bench: the hot-path benchmarks (inspection, certificates) and the load generator.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./inspect/ ./certs/
	$(GO) run ./cmd/chatdlp-bench -quick
