#!/usr/bin/env bash
# make fuzz — builds the libFuzzer target StapleCheckFuzz (Fuzz/FuzzEntry.swift; declared in
# Package.swift only when STAPLECHECK_FUZZ=1) with `swift build --sanitize=fuzzer
# --sanitize=address` into .build-fuzz, and runs it for FUZZ_SECONDS (default 60) on a seed
# corpus made from a fresh test lab (every certificate, chain, CSR and response it makes) plus
# the regression inputs in Tests/StapleCheckUnitTests/Fixtures/fuzz-regressions.
#
# Knobs (environment or make variables): FUZZ_SECONDS, FUZZ_JOBS (parallel fuzzing processes,
# default 1), FUZZ_ARGS (extra libFuzzer flags), FUZZ_NICE (nice level, default 10).
# The corpus grows in .build-fuzz/corpus across runs; crashes, leaks and timeouts land in
# .build-fuzz/artifacts/ (crash-*, leak-*, timeout-*, oom-*). Replay one with
#   .build-fuzz/release/StapleCheckFuzz .build-fuzz/artifacts/crash-…
# and, once fixed, copy it into the fuzz-regressions folder (docs/ROBUSTNESS.md).
# Exit status: 0 when the time ran out without a finding, non-zero otherwise.
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
NICE=${FUZZ_NICE:-10}
OUT=.build-fuzz
REGRESSIONS=Tests/StapleCheckUnitTests/Fixtures/fuzz-regressions

echo "fuzz: building $OUT/release/StapleCheckFuzz" >&2
# `--sanitize=fuzzer` makes SwiftPM link libFuzzer's main() instead of the target's. The
# sanitizers themselves go in one comma-joined -Xswiftc flag: SwiftPM turns
# `--sanitize=fuzzer --sanitize=address` into two -sanitize= flags in no fixed order, and the
# Swift driver keeps only the last one — so each build silently got coverage *or* ASan.
# Release build: instrumented code runs far faster than -Onone. -enable-testing lets the
# entry reach the internal API (the loaded context, the live analysis with a ready store).
STAPLECHECK_FUZZ=1 nice -n "$NICE" "${SWIFT:-swift}" build -c release --scratch-path "$OUT" --product StapleCheckFuzz \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
BIN=$OUT/release/StapleCheckFuzz
# Refuse to fuzz blind: every object of ours must carry both coverage counters and ASan checks.
for object in "$OUT"/release/StapleCheckCore.build/*.swift.o "$OUT"/release/StapleCheckCLI.build/*.swift.o \
              "$OUT"/release/StapleCheckFuzz.build/*.swift.o; do
    symbols=$(nm "$object")
    # A file with no code (Common/Platform.swift holds only a compile-time check) has
    # nothing to instrument.
    grep ' [Tt] ' <<<"$symbols" | grep -vq 'asan\.' || continue
    if ! grep -q __sancov_ <<<"$symbols" || ! grep -q __asan_init <<<"$symbols"; then
        echo "fuzz: $object lacks coverage or ASan instrumentation; rm -rf $OUT and retry" >&2
        exit 1
    fi
done

mkdir -p "$OUT/corpus" "$OUT/artifacts"
rm -rf "$OUT/lab" "$OUT/seed"
mkdir -p "$OUT/seed"
bash scripts/make-lab.sh "$OUT/lab" >/dev/null
bash scripts/make-odd-responses.sh "$OUT/lab" >/dev/null
find "$OUT/lab" -type f \( -name '*.der' -o -name '*.pem' -o -name '*.crl' -o -name 'good.key' \) -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$OUT/seed/$(echo "${f#"$OUT/lab/"}" | tr / _)"; done
# The other two encodings a staple file comes in: bare base64 and a PEM "OCSP RESPONSE" block.
base64 "$OUT/lab/responses/good.der" >"$OUT/seed/responses_good.b64"
{ echo "-----BEGIN OCSP RESPONSE-----"; base64 "$OUT/lab/responses/revoked.der"; echo "-----END OCSP RESPONSE-----"; } \
    >"$OUT/seed/responses_revoked.pem"
cp "$REGRESSIONS"/* "$OUT/seed/" 2>/dev/null || true
echo "fuzz: $(ls "$OUT/seed" | wc -l) seeds; running for ${SECONDS_TO_RUN}s (corpus $OUT/corpus, artifacts $OUT/artifacts)" >&2

export STAPLECHECK_FUZZ_LAB=$ROOT/$OUT/lab
# Let libFuzzer, not Swift's backtracer, handle a trap: it then saves the input.
export SWIFT_BACKTRACE=enable=no
# -max_len: nothing the tool reads is legitimately bigger than a long chain; -timeout: one
# input taking seconds is a finding; -rss_limit_mb: ASan's quarantine needs headroom.
args=(-max_total_time="$SECONDS_TO_RUN" -max_len=20000 -timeout=10 -rss_limit_mb=4096
      -artifact_prefix="$OUT/artifacts/" -print_final_stats=1)
if [ "$JOBS" -gt 1 ]; then args+=(-jobs="$JOBS" -workers="$JOBS"); fi
# shellcheck disable=SC2086
exec nice -n "$NICE" "$BIN" "${args[@]}" ${FUZZ_ARGS:-} "$OUT/corpus" "$OUT/seed"
