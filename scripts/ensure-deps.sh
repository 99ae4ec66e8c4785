#!/usr/bin/env bash
# Installs what building and testing staplecheck needs besides the Swift toolchain,
# when it is missing: Debian packages, via apt-get (as root), or prints the one line to run.
set -euo pipefail

packages=()
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
{ command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openssl; } || packages+=(libssl-dev)
{ command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcurl; } || packages+=(libcurl4-openssl-dev)
command -v faketime >/dev/null 2>&1 || packages+=(faketime)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
command -v timeout >/dev/null 2>&1 || packages+=(coreutils)
command -v unshare >/dev/null 2>&1 || packages+=(util-linux)
for extra in "$@"; do
    case "$extra" in
        # python3-MODULE: a module Debian's own python3 (/usr/bin/python3) must import — not
        # whatever python3 comes first on PATH (pyenv, a venv).
        python3-*:*)
            module=${extra%%:*}; module=${module#python3-}; pkg=${extra#*:}
            /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || packages+=("$pkg")
            continue ;;
        *:*) cmd=${extra%%:*}; pkg=${extra#*:} ;;
        *) cmd=$extra; pkg=$extra ;;
    esac
    # Servers (nginx, apache2, haproxy, exim) live in /usr/sbin, which a non-root PATH may lack.
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [[ " ${packages[*]-} " == *" $pkg "* ]] || packages+=("$pkg")
done

[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${packages[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # The tests start their own nginx, apache2, haproxy and exim, and use only promtool from the
    # prometheus package; installing them must not start system servers (on port 80 or 9090,
    # which could also fail the install). Debian's way: a policy-rc.d that denies,
    # put in place only for this install when the machine has none.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${packages[@]}" >/dev/null
else
    echo "missing packages; run: sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
    exit 1
fi
