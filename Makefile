# chatdlp developer targets. `make test` brings what the tests need, then runs them.
GO ?= go

.PHONY: test deps build lint fuzz bench

build:
	$(GO) build ./...

deps:
	@./.ci/deps

test: deps
	$(GO) test -race -count=1 ./...
