# staplecheck — see README.md. Every target installs missing Debian prerequisites first.
SWIFT ?= swift
.PHONY: all build release demo test bench deps clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

# The binary to ship: static Swift runtime (starts ~3 ms faster than the dynamic one).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# Builds, starts a throwaway CA and stapling servers on loopback, checks them, cleans up.
demo: build
	@scripts/ensure-deps.sh jq
	@scripts/demo.sh

# The whole test suite (unit tests, real servers on loopback, the README's examples).
test: deps
	@scripts/ensure-deps.sh gnutls-serv:gnutls-bin jq nginx strace xxd
	$(SWIFT) test

bench: deps
	@scripts/bench-single

clean:
	rm -rf .build
