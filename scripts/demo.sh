#!/usr/bin/env bash
# demo.sh — show staplecheck against three throwaway servers on 127.0.0.1:
#   a good staple (expect exit 0), a revoked staple (expect 2), and a must-staple
#   certificate served without a staple (expect 2); each in text and as JSON.
# Everything runs on loopback with a private test PKI (scripts/make-lab.sh); the
# servers and the temp dir are removed on exit, also on Ctrl-C.
# Uses .build/debug/staplecheck (`make demo` builds it; built here if missing).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd -- "$ROOT"
# shellcheck source=scripts/lib-servers.sh
. "$ROOT/scripts/lib-servers.sh"

BIN=$ROOT/.build/debug/staplecheck

# Prerequisites (only when something is missing; `make demo` already did this).
if ! command -v openssl >/dev/null 2>&1 || ! command -v faketime >/dev/null 2>&1 \
    || ! command -v setsid >/dev/null 2>&1 || ! command -v timeout >/dev/null 2>&1 \
    || { [ ! -x "$BIN" ] && ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openssl; }; }; then
    "$ROOT/scripts/ensure-deps.sh"
fi
if [ ! -x "$BIN" ]; then
    echo "demo: $BIN is missing; running 'swift build'" >&2
    command -v swift >/dev/null 2>&1 || { echo "demo: the Swift toolchain ('swift') is required" >&2; exit 1; }
    swift build
    [ -x "$BIN" ] || { echo "demo: swift build did not produce $BIN" >&2; exit 1; }
fi

# The lab's certificates name a real OCSP responder on loopback, so each check also asks
# the CA directly, as it would in production.
OCSP_PORT=$(free_port)
LAB_OCSP_URL=http://127.0.0.1:$OCSP_PORT/ lab_setup
start_ocsp_responder ocsp "$OCSP_PORT"

start_s_server good -cert "$LAB/good.pem" -key "$LAB/good.key" \
    -cert_chain "$LAB/int.pem" -status_file "$LAB/responses/good.der"
start_s_server revoked -cert "$LAB/revoked.pem" -key "$LAB/revoked.key" \
    -cert_chain "$LAB/int.pem" -status_file "$LAB/responses/revoked.der"
start_s_server muststaple -cert "$LAB/muststaple.pem" -key "$LAB/muststaple.key" \
    -cert_chain "$LAB/int.pem"

CA=$LAB/ca-bundle.pem
SUMMARY='{verdict, stapled, certStatus: .staple.certStatus, findings: [.findings[].code]}'
declare -A GOT=()

# check KEY SERVERNAME DESCRIPTION — the text report, then the same check as JSON
# (summarised by jq when it is installed), each with its exit code.
check() {
    local key=$1 sni=$2 what=$3 port=${SERVER_PORTS[$1]} rc=0 jrc=0 json
    echo
    echo "==> staplecheck 127.0.0.1:$port --servername $sni --ca-file $CA  ($what)"
    "$BIN" "127.0.0.1:$port" --servername "$sni" --ca-file "$CA" || rc=$?
    echo "exit code: $rc"
    GOT[$key]=$rc
    echo
    json=$("$BIN" "127.0.0.1:$port" --servername "$sni" --ca-file "$CA" --format json) || jrc=$?
    if command -v jq >/dev/null 2>&1 && printf '%s\n' "$json" | jq -e . >/dev/null 2>&1; then
        echo "==> staplecheck ... --format json | jq -c '$SUMMARY'  (the same, as JSON)"
        printf '%s\n' "$json" | jq -c "$SUMMARY"
    else
        echo "==> staplecheck ... --format json  (the same, as JSON; install jq for a one-line summary)"
        printf '%s\n' "$json"
    fi
    echo "exit code: $jrc"
    GOT[$key-json]=$jrc
}

check good good.test "a server stapling a good response"
check revoked revoked.test "a server stapling a revoked response"
check muststaple muststaple.test "a must-staple certificate served without a staple"

echo
expected=(good:0 good-json:0 revoked:2 revoked-json:2 muststaple:2 muststaple-json:2)
bad=()
for e in "${expected[@]}"; do
    k=${e%%:*} want=${e#*:}
    [ "${GOT[$k]}" = "$want" ] || bad+=("$k: got ${GOT[$k]}, expected $want")
done
if [ ${#bad[@]} -eq 0 ]; then
    echo "demo OK: exit codes ${GOT[good]}, ${GOT[revoked]}, ${GOT[muststaple]} (good, revoked, must-staple without staple) in text and JSON, as expected"
    exit 0
fi
echo "demo FAILED: unexpected exit codes: $(IFS=';'; echo "${bad[*]}")" >&2
exit 1
