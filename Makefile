# chatdlp developer targets. `make test` brings what the tests need, then runs them.
GO       ?= go
FUZZTIME ?= 10s
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
GOBIN    := $(shell $(GO) env GOPATH)/bin
# golangci-lint is pinned; `make lint` installs it with go install when missing.
GOLANGCI_LINT_VERSION ?= v2.15.0
GOLANGCI_LINT := $(GOBIN)/golangci-lint

.PHONY: test deps build lint lint-install fuzz bench

# build: the chatdlp binary in ./chatdlp, stamped with version and commit.
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o chatdlp ./cmd/chatdlp

# deps: the Debian packages the tests drive (curl, nftables, iproute2, iptables...).
deps:
	@./.ci/deps

# test: every test with the race detector, nothing cached; a package may take
# up to 30 minutes (inspect and cmd/chatdlp take 13-14 each on two cores
# under -race, the packages running side by side).
test: deps
	$(GO) test -race -count=1 -timeout 30m ./...

# lint: gofmt, go vet, and golangci-lint (.golangci.yml), installed at the
# pinned version from the module proxy when missing.
lint: lint-install
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt -l:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GOLANGCI_LINT) run ./...

lint-install:
	@if ! "$(GOLANGCI_LINT)" version 2>/dev/null | grep -q "version $(GOLANGCI_LINT_VERSION:v%=%)"; then \
	  echo "lint: installing golangci-lint $(GOLANGCI_LINT_VERSION)"; \
	  $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION); \
	fi

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
