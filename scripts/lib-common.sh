# lib-common.sh — the preamble the lab scripts share. Source it (bash) right after
# `set -euo pipefail`; do not execute it:
#
#     . "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"
#
#   SCRIPT_NAME              the script's file name; every message starts with it
#   SCRIPTS_DIR, AT_TIME     this directory, and scripts/at-time (faketime without its
#                            shared-memory wrapper)
#   die MESSAGE...           "SCRIPT_NAME: MESSAGE" on stderr, exit 1
#   usage [SYNOPSIS]         "usage: $0 SYNOPSIS" on stderr — without SYNOPSIS the script's
#                            header comment (line 2 to the first line that is not a comment) —
#                            and exit 2
#   require_tools CMD[:PKG]...  exit 1 naming the Debian package (PKG, default CMD) of the
#                            first missing command
#   ensure_tools CMD[:PKG]...   install what is missing with scripts/ensure-deps.sh (as root;
#                            otherwise it prints the apt-get line and this exits 1)
#   require_lab FILE...      exit 1 unless each FILE (relative to $LAB) is there and not
#                            empty: LAB must be a make-lab.sh lab directory
#   scratch_dir              W = a private temporary directory. From here on stderr goes to
#                            $W/stderr.log and fd 3 is the original stderr; on exit W is
#                            removed (KEEP_W=1 keeps it) and, when the script fails, the last
#                            40 lines of the log are shown and its on_failure function (if it
#                            defines one) is called.

SCRIPT_NAME=${0##*/}
SCRIPTS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
AT_TIME=$SCRIPTS_DIR/at-time

die() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }

usage() {
    if [ $# -gt 0 ]; then
        echo "usage: $0 $*" >&2
    else
        sed -n '2,/^[^#]/p' "$0" | sed '$d' >&2
    fi
    exit 2
}

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "${tool%%:*}" >/dev/null 2>&1 \
            || die "${tool%%:*} is required: install the Debian package '${tool#*:}'"
    done
}

ensure_tools() {
    local tool missing=()
    for tool in "$@"; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    "$SCRIPTS_DIR/ensure-deps.sh" "${missing[@]}" || exit 1
    require_tools "$@"
}

require_lab() {
    local f
    for f in "$@"; do
        [ -s "$LAB/$f" ] || die "$LAB/$f missing: not a make-lab.sh lab dir?"
    done
}

scratch_dir() {
    W=$(mktemp -d "${TMPDIR:-/tmp}/${SCRIPT_NAME%.sh}.XXXXXXXX")
    exec 3>&2 2>"$W/stderr.log"
    trap _common_exit EXIT
}

_common_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "$SCRIPT_NAME: failed (exit $rc); log follows:" >&3
        tail -n 40 "$W/stderr.log" >&3 || true
        if declare -F on_failure >/dev/null; then on_failure || true; fi
    fi
    [ -n "${KEEP_W:-}" ] || rm -rf "$W"
    exit "$rc"
}
