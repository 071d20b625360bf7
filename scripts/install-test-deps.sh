#!/usr/bin/env bash
# Makes sure the system components the test suite needs are installed (Debian, run as root).
# Idempotent: when everything is present it only checks and prints, no apt call at all.
#
# Add a component with one line in the list at the bottom:
#   need CMD_OR_PATH PACKAGE...
# CMD_OR_PATH is a command name (looked up on PATH) or, if it contains a '/', a path or glob
# (e.g. /usr/lib/postgresql/*/bin/initdb). Missing packages are installed with a single
# `apt-get update` + `apt-get install` at the end. No service is started.
set -euo pipefail

missing_pkgs=()

need() {
    local probe=$1
    shift
    local name=$1
    if [[ $probe == */* ]]; then
        # Path or glob: present if at least one existing match.
        if compgen -G "$probe" >/dev/null; then
            echo "$name: present"
            return 0
        fi
    elif command -v "$probe" >/dev/null 2>&1; then
        echo "$name: present"
        return 0
    fi
    echo "$name: installing $*"
    missing_pkgs+=("$@")
}

install_missing() {
    ((${#missing_pkgs[@]})) || return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: must run as root to install: ${missing_pkgs[*]}" >&2
        exit 1
    fi
    # Keep Debian maintainer scripts from starting services (postgresql's default cluster,
    # redis on 6379): a policy-rc.d that exits 101 forbids invoke-rc.d starts. Only if the
    # machine has none of its own; removed again afterwards.
    local policy=/usr/sbin/policy-rc.d
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}"
}

# --- components -------------------------------------------------------------------------
need '/usr/lib/postgresql/*/bin/initdb' postgresql
need redis-server redis-server
need chromium chromium
need soffice libreoffice-calc libreoffice-impress
need pdftoppm poppler-utils
need /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf fonts-crosextra-carlito
need node nodejs npm

install_missing
