#!/usr/bin/env bash
# tests/deps.sh - the packages of tests/peers.txt: which are missing, and
# installing them (Debian/Ubuntu, as root).
#
#   tests/deps.sh missing [lint]   prints the missing packages, one line
#   tests/deps.sh install [lint]   as root: installs the missing ones with one
#                                  apt-get line; run by make check, make bench
#                                  and .ci/run (which adds "lint")
#
# "install" never fails the caller: when nothing is missing it does nothing
# (no apt-get at all), when not root (or INSTALL_PEERS=0, or no apt-get) it
# says what is missing and how to install it, and the tests whose peer is
# missing skip, naming it (require_peer in tests/helpers.bash). Without
# "lint", the packages only make lint needs are left out.
set -u
cd "${0%/*}/.." || exit 1

# present WHAT: a command on PATH (or in /usr/sbin, /sbin: rpcbind is there),
# or an absolute path or glob that matches a file.
present() {
    case "$1" in
    /*) compgen -G "$1" >/dev/null ;;
    *) command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ] ;;
    esac
}

# missing [lint]: the packages of peers.txt whose command or file is absent.
missing() {
    local pkg what tag list=()
    while read -r pkg what tag; do
        case "$pkg" in '' | '#'*) continue ;; esac
        [ "${tag:-}" = lint ] && [ "${1:-}" != lint ] && continue
        present "$what" && continue
        [[ " ${list[*]} " == *" $pkg "* ]] || list+=("$pkg")
    done <tests/peers.txt
    echo "${list[*]}"
}

case "${1:-}" in
missing)
    missing "${2:-}"
    ;;
install)
    pkgs=$(missing "${2:-}")
    [ -z "$pkgs" ] && exit 0
    if [ "$EUID" -ne 0 ] || [ "${INSTALL_PEERS:-1}" = 0 ] || ! command -v apt-get >/dev/null; then
        echo "tests/deps.sh: missing $pkgs: their tests skip (sudo apt-get install $pkgs, or run this as root)" >&2
        exit 0
    fi
    echo "tests/deps.sh: installing $pkgs" >&2
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086  # one word a package
    { apt-get update -q && apt-get install -y -q --no-install-recommends $pkgs; } >&2 ||
        echo "tests/deps.sh: apt-get failed: the tests needing $pkgs skip" >&2
    exit 0
    ;;
*)
    echo "usage: tests/deps.sh missing|install [lint]" >&2
    exit 2
    ;;
esac
