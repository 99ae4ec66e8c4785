# lib-servers.sh — throwaway lab PKI and loopback `openssl s_server`s for the
# staplecheck scripts. Source it (bash 4+); do not execute it:
#
#     . "$(dirname "$0")/lib-servers.sh"
#     lab_setup                                   # LAB=<tmp>/lab, cleanup trap installed
#     start_s_server good -cert "$LAB/good.pem" -key "$LAB/good.key" \
#         -cert_chain "$LAB/int.pem" -status_file "$LAB/responses/good.der"
#     echo "port: $SERVER_PORT"                   # also ${SERVER_PORTS[good]}
#
# Every server listens on 127.0.0.1 only (port picked by the kernel) and runs in
# its own process group under `setsid timeout -s KILL 300`, so it dies after
# 5 minutes even if everything else goes wrong. cleanup_servers (run from the
# EXIT trap that lab_setup installs; INT/TERM/HUP exit through it) SIGKILLs every
# group and removes the temp dir. Safe under `set -euo pipefail`.
#
# Knobs: SERVER_LIFETIME (seconds, default 300), SERVER_START_TIMEOUT (default 5).

if [ -z "${BASH_VERSION:-}" ] || [ "${BASH_VERSINFO[0]}" -lt 4 ]; then
    echo "lib-servers.sh: needs bash 4 or later" >&2
    return 1 2>/dev/null || exit 1
fi

LIB_SERVERS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)

LAB=${LAB:-}
LAB_TMP=${LAB_TMP:-}
SERVER_PORT=
declare -gA SERVER_PORTS=()
_LIB_SERVER_PGIDS=()
_LIB_LAB_PID=

# cleanup_servers — SIGKILL every server group started here (and make-lab.sh if
# it is still running), reap them, remove the temp dir. Idempotent; keeps the caller's exit status when used as a trap.
cleanup_servers() {
    local rc=$? pg i st
    if [ -n "$_LIB_LAB_PID" ]; then
        kill -KILL -- "-$_LIB_LAB_PID" 2>/dev/null || true
        wait "$_LIB_LAB_PID" 2>/dev/null || true
        _LIB_LAB_PID=
    fi
    local pgs=(${_LIB_SERVER_PGIDS[@]+"${_LIB_SERVER_PGIDS[@]}"})
    if [ ${#pgs[@]} -gt 0 ]; then
        # Courtesy first: SIGTERM to each `timeout` (the group leader) makes it pass
        # the signal on and reap s_server itself, so no <defunct> openssl lingers
        # until init gets round to it. Then SIGKILL every group regardless.
        for pg in "${pgs[@]}"; do
            kill -TERM -- "$pg" 2>/dev/null || true
        done
        for ((i = 0; i < 20; i++)); do
            st=done
            for pg in "${pgs[@]}"; do
                if [ -r "/proc/$pg/stat" ] && [ "$(cut -d' ' -f3 "/proc/$pg/stat" 2>/dev/null)" != Z ]; then
                    st=busy
                    break
                fi
            done
            [ "$st" = done ] && break
            sleep 0.02
        done
        for pg in "${pgs[@]}"; do
            kill -KILL -- "-$pg" 2>/dev/null || true
        done
    fi
    for pg in ${pgs[@]+"${pgs[@]}"}; do
        wait "$pg" 2>/dev/null || true
    done
    _LIB_SERVER_PGIDS=()
    if [ -n "$LAB_TMP" ] && [ -d "$LAB_TMP" ]; then
        rm -rf -- "$LAB_TMP"
    fi
    LAB_TMP=
    return "$rc"
}

_lib_servers_on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    cleanup_servers || true
    exit "$rc"
}

# lab_setup — make a temp dir, install the cleanup trap, build the lab PKI into
# $LAB_TMP/lab quietly (errors still reach stderr) and set LAB to it.
lab_setup() {
    trap _lib_servers_on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    LAB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/staplecheck-scriptlab.XXXXXXXX")
    mkdir -p -- "$LAB_TMP/servers"
    LAB=$LAB_TMP/lab
    # make-lab.sh runs in its own process group (killed by cleanup_servers if we are
    # interrupted: its backgrounded openssl jobs ignore SIGINT) and keeps its
    # scratch dir inside ours, so an interrupted run leaves nothing behind.
    TMPDIR=$LAB_TMP setsid "$LIB_SERVERS_DIR/make-lab.sh" "$LAB" </dev/null >/dev/null &
    _LIB_LAB_PID=$!
    local rc=0
    wait "$_LIB_LAB_PID" || rc=$?
    _LIB_LAB_PID=
    if [ "$rc" -ne 0 ]; then
        echo "lab_setup: scripts/make-lab.sh failed (exit $rc)" >&2
        return 1
    fi
}

# free_port — print a TCP port on 127.0.0.1 that nothing listens on right now (for a
# server whose port must be known before the lab's certificates are made).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_ocsp_responder NAME PORT — a real `openssl ocsp` responder for the lab's
# intermediate on PORT (it binds every address; only 127.0.0.1 is used), answering from
# $LAB/index.txt with the delegated responder certificate. Lab certificates name it when
# lab_setup ran with LAB_OCSP_URL=http://127.0.0.1:PORT/ (no path: openssl's responder
# takes the GET form only at the root). -ignore_err keeps it serving after a bad request.
start_ocsp_responder() {
    if [ $# -ne 2 ]; then
        echo "start_ocsp_responder: usage: start_ocsp_responder NAME PORT" >&2
        return 2
    fi
    local name=$1 port=$2 log="$LAB_TMP/servers/$1.log" pid i
    : >"$log"
    setsid timeout -s KILL "${SERVER_LIFETIME:-300}" \
        openssl ocsp -index "$LAB/index.txt" -port "$port" -rsigner "$LAB/responder.pem" \
        -rkey "$LAB/responder.key" -CA "$LAB/int.pem" -ndays 7 -ignore_err </dev/null >"$log" 2>&1 &
    pid=$!
    _LIB_SERVER_PGIDS+=("$pid")
    for ((i = 0; i < ${SERVER_START_TIMEOUT:-5} * 20; i++)); do
        grep -q "^ACCEPT .*:$port " "$log" 2>/dev/null && { SERVER_PORTS[$name]=$port; return 0; }
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "start_ocsp_responder: responder '$name' did not start on port $port; its output:" >&2
    cat "$log" >&2
    return 1
}

# start_s_server NAME [s_server args...] — start `openssl s_server -accept
# 127.0.0.1:0 -www ARGS...` in its own process group and wait (at most
# SERVER_START_TIMEOUT s) for its ACCEPT line. Sets SERVER_PORT and
# SERVER_PORTS[NAME]. Call it directly, not in $(...): the process group must be
# recorded in this shell for cleanup. Log: $LAB_TMP/servers/NAME.log.
start_s_server() {
    if [ $# -lt 1 ] || [ -z "$1" ]; then
        echo "start_s_server: usage: start_s_server NAME [s_server args...]" >&2
        return 2
    fi
    if [ -z "$LAB_TMP" ] || [ ! -d "$LAB_TMP" ]; then
        echo "start_s_server: call lab_setup first" >&2
        return 2
    fi
    command -v openssl >/dev/null 2>&1 || { echo "start_s_server: openssl is required (apt-get install openssl)" >&2; return 1; }
    command -v setsid >/dev/null 2>&1 || { echo "start_s_server: setsid is required (apt-get install util-linux)" >&2; return 1; }
    local name=$1
    shift
    local log="$LAB_TMP/servers/$name.log"
    local lifetime=${SERVER_LIFETIME:-300} limit=${SERVER_START_TIMEOUT:-5}
    local pid port="" i tries

    # The log exists before the server starts: otherwise the first poll below can run
    # before the background redirection creates it, sed fails, and under
    # `set -euo pipefail` the caller dies silently with sed's exit status 2.
    : >"$log"
    # Without job control the background child is not a group leader, so setsid
    # does not fork: $! is the session and process-group leader of the server.
    setsid timeout -s KILL "$lifetime" \
        openssl s_server -accept 127.0.0.1:0 -www "$@" </dev/null >"$log" 2>&1 &
    pid=$!
    _LIB_SERVER_PGIDS+=("$pid")

    tries=$((limit * 20))
    for ((i = 0; i < tries; i++)); do
        port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\).*$/\1/p' "$log" 2>/dev/null | head -n 1) || port=
        [ -n "$port" ] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.05
    done
    if [ -z "$port" ]; then
        if kill -0 "$pid" 2>/dev/null; then
            echo "start_s_server: server '$name' printed no 'ACCEPT 127.0.0.1:PORT' line within ${limit}s; its output:" >&2
        else
            echo "start_s_server: server '$name' exited before listening; its output:" >&2
        fi
        sed 's/^/    /' "$log" >&2 || true
        kill -KILL -- "-$pid" 2>/dev/null || true
        return 1
    fi
    SERVER_PORT=$port
    SERVER_PORTS[$name]=$port
}
