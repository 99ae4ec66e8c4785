# staplecheck — see README.md. Every target installs missing Debian prerequisites first.
SWIFT ?= swift
.PHONY: all build release man completions install uninstall demo test test-fast test-browser bench bench-batch bench-memory deps clean fuzz sanitize
FUZZ_SECONDS ?= 60

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

# The binary to ship: static Swift runtime (starts ~3 ms faster than the dynamic one).
# SCRATCH is SwiftPM's scratch path (the tests install from their own, .build-install, as a
# running `swift test` holds .build).
SCRATCH ?= .build
RELEASE_BIN = $(SCRATCH)/release/staplecheck
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(SCRATCH)

# The man page, generated from the command definitions by ArgumentParser's generate-manual
# tool (scripts/generate-manual), and the shell completions the binary writes itself.
man: release
	SWIFT=$(SWIFT) SCRATCH=$(SCRATCH) scripts/generate-manual $(RELEASE_BIN) $(SCRATCH)/share/man
completions: release
	mkdir -p $(SCRATCH)/share/completions
	$(RELEASE_BIN) --generate-completion-script bash >$(SCRATCH)/share/completions/staplecheck.bash
	$(RELEASE_BIN) --generate-completion-script zsh >$(SCRATCH)/share/completions/_staplecheck
	$(RELEASE_BIN) --generate-completion-script fish >$(SCRATCH)/share/completions/staplecheck.fish

# make install PREFIX=/usr/local DESTDIR=/tmp/pkg: the release binary, the man page and the
# bash, zsh and fish completions, where those shells look by default under PREFIX.
PREFIX ?= /usr/local
INSTALLED = $(DESTDIR)$(PREFIX)/bin/staplecheck \
	$(DESTDIR)$(PREFIX)/share/man/man1/staplecheck.1 \
	$(DESTDIR)$(PREFIX)/share/bash-completion/completions/staplecheck \
	$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_staplecheck \
	$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/staplecheck.fish
install: release man completions
	install -D -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/staplecheck
	install -D -m 644 $(SCRATCH)/share/man/staplecheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/staplecheck.1
	install -D -m 644 $(SCRATCH)/share/completions/staplecheck.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/staplecheck
	install -D -m 644 $(SCRATCH)/share/completions/_staplecheck $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_staplecheck
	install -D -m 644 $(SCRATCH)/share/completions/staplecheck.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/staplecheck.fish
uninstall:
	rm -f $(INSTALLED)

# Builds, starts a throwaway CA and stapling servers on loopback, checks them, cleans up.
demo: build
	@scripts/ensure-deps.sh jq
	@scripts/demo.sh

# The whole test suite, both tiers: StapleCheckUnitTests (pure) and StapleCheckEndToEndTests
# (real servers on loopback, the README's examples).
TEST_DEPS = apache2:apache2 curl exim:exim4-daemon-light fish:fish gnutls-cli:gnutls-bin gnutls-serv:gnutls-bin haproxy:haproxy jq man:man-db nginx parallel promtool:prometheus python3-jsonschema:python3-jsonschema script:bsdutils strace xxd zsh:zsh

# PackagingTests run `make install SCRATCH=.build-install`: its release build, man tool and
# completions are made first, so that the test finds them up to date instead of compiling
# for minutes beside the servers of the other tests.
test: deps
	@scripts/ensure-deps.sh $(TEST_DEPS)
	$(MAKE) --no-print-directory man completions SCRATCH=.build-install
	$(SWIFT) test

# The Firefox column of the client table against a real headless Firefox (Debian's firefox-esr,
# driven through Marionette), every staple kind, the responder answering good / revoked /
# unknown / unreachable where the table says it matters; Firefox, servers and responders in one
# network namespace with only loopback. Not part of `make test` (docs/BROWSER.md).
BROWSER_DEPS = firefox-esr certutil:libnss3-tools gnutls-serv:gnutls-bin ip:iproute2

test-browser: build
	@scripts/ensure-deps.sh $(BROWSER_DEPS)
	@scripts/test-browser

# The pure tier alone (committed fixtures at pinned instants; no processes or sockets): seconds.
test-fast: deps
	$(SWIFT) test --filter StapleCheckUnitTests

# The whole test suite under AddressSanitizer + LeakSanitizer, in its own scratch path (the
# staplecheck binary the tests run is instrumented too). Leaks inside XCTest, Foundation and
# ArgumentParser are suppressed, and OCSPShape's once-built constants, which LeakSanitizer
# cannot see through an enum's tagged pointers (scripts/lsan-suppressions.txt); see docs/ROBUSTNESS.md.
sanitize: deps
	@scripts/ensure-deps.sh $(TEST_DEPS)
	ASAN_OPTIONS=detect_leaks=1:handle_sigill=1:handle_abort=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt:print_suppressions=0 \
	SWIFT_BACKTRACE=enable=no TEST_SERVER_LIFETIME=900 \
	$(SWIFT) test --sanitize=address --scratch-path .build-asan

# libFuzzer over file decoding and staple analysis for FUZZ_SECONDS (docs/ROBUSTNESS.md).
fuzz: deps
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

# nginx: the default check of a healthy server with two certificates (goal < 150 ms).
bench: deps
	@scripts/ensure-deps.sh nginx valgrind
	@scripts/bench-single

# Fleets: staplecheck --concurrency against sslyze and an xargs -P loop over 200+ loopback
# servers, peak RSS over 10,000 streamed targets, CPU per target (scripts/bench-batch).
bench-batch: deps
	@scripts/ensure-deps.sh nginx valgrind
	@scripts/bench-batch

# Peak memory of inspect over 1 and 100 large response files (must not grow with the count).
bench-memory: deps
	@scripts/bench-inspect-memory

clean:
	rm -rf .build .build-fuzz .build-asan .build-install .build-tools
