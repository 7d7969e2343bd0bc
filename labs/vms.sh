#!/usr/bin/env bash
# labs/vms.sh - the handouts' two machines, vm1 and vm2, on one Linux box.
#
# TP1 (chat) and TP2 run a server on VM1 and a client on VM2. This script
# builds that topology with two network namespaces joined by a virtual cable
# (a veth pair), so every lab runs "between two machines" on one computer:
#
#       vm1                                   vm2
#   eth0 192.0.2.1/24     <--- veth --->   eth0 192.0.2.2/24
#        2001:db8::1/64                         2001:db8::2/64
#        fe80::1/64 (link-local)                fe80::2/64 (link-local)
#
# The addresses come from the ranges reserved for documentation (RFC 5737,
# RFC 3849): they can never reach a real network. Each machine has its own lo,
# its own ports, its own routes, and knows the names vm1 and vm2.
#
#   sudo labs/vms.sh up                  create vm1 and vm2 (again: no harm)
#   sudo labs/vms.sh run vm1 CMD...      run CMD on vm1 (hostname vm1)
#   sudo labs/vms.sh status              show both machines' addresses
#   sudo labs/vms.sh down                remove everything (again: no harm)
#
# VMS_PREFIX (default empty) is put before the namespace names, so parallel
# test runs use their own pair: VMS_PREFIX=t42- gives t42-vm1 and t42-vm2.
# Inside, the machines are still called vm1 and vm2.
set -u

PREFIX=${VMS_PREFIX:-}
PROG=labs/vms.sh
USAGE="usage: $PROG up | down | status | run vm1|vm2 CMD..."

die() { echo "$PROG: $*" >&2; exit 1; }
usage_error() { printf '%s: %s\n%s\n' "$PROG" "$1" "$USAGE" >&2; exit 2; }

# The per-machine settings: number (last byte of each address), namespace.
host_number() { case "$1" in vm1) echo 1 ;; vm2) echo 2 ;; esac; }
netns_of() { echo "${PREFIX}$1"; }
netns_exists() { [ -e "/run/netns/$1" ] || [ -e "/var/run/netns/$1" ]; }

require_root() {
    [ "$(id -u)" -eq 0 ] ||
        die "needs root to create and enter network namespaces: try: sudo $PROG $*"
    command -v ip >/dev/null 2>&1 ||
        die "needs the ip command: sudo apt-get install iproute2"
}

# /etc/netns/NS/hosts is seen as /etc/hosts inside NS (ip netns exec mounts
# it there), so the names vm1 and vm2 resolve on both machines.
write_hosts() {
    local ns=$1
    mkdir -p "/etc/netns/$ns" || return 1
    cat >"/etc/netns/$ns/hosts" <<'EOF'
127.0.0.1   localhost
::1         localhost ip6-localhost ip6-loopback
192.0.2.1   vm1
192.0.2.2   vm2
2001:db8::1 vm1
2001:db8::2 vm2
EOF
}

# wait_carrier NS: waits (5 s at most) until NS's eth0 is up at both ends.
wait_carrier() {
    local tries=250
    until ip -n "$1" link show eth0 2>/dev/null | grep -q 'LOWER_UP'; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { echo "$PROG: eth0 of $1 has no carrier" >&2; return 1; }
        sleep 0.02
    done
}

cmd_up() {
    local host ns n ns1 ns2
    ns1=$(netns_of vm1)
    ns2=$(netns_of vm2)
    for host in vm1 vm2; do
        ns=$(netns_of "$host")
        netns_exists "$ns" || ip netns add "$ns" || die "cannot create namespace $ns"
        write_hosts "$ns" || die "cannot write /etc/netns/$ns/hosts"
    done
    # The virtual cable: one veth pair, one end named eth0 in each machine.
    # Half a cable (after an interrupted run) is removed and made again.
    if ! ip -n "$ns1" link show eth0 >/dev/null 2>&1 ||
        ! ip -n "$ns2" link show eth0 >/dev/null 2>&1; then
        ip -n "$ns1" link del eth0 2>/dev/null
        ip -n "$ns2" link del eth0 2>/dev/null
        ip link add eth0 netns "$ns1" type veth peer name eth0 netns "$ns2" ||
            die "cannot create the veth pair between $ns1 and $ns2"
    fi
    for host in vm1 vm2; do
        ns=$(netns_of "$host")
        n=$(host_number "$host")
        # Only the addresses below: no automatic link-local address, and no
        # duplicate address detection (nodad), so IPv6 works at once.
        ip -n "$ns" link set eth0 addrgenmode none 2>/dev/null
        ip -n "$ns" link set lo up &&
            ip -n "$ns" addr replace "192.0.2.$n/24" dev eth0 &&
            ip -n "$ns" addr replace "2001:db8::$n/64" dev eth0 nodad &&
            ip -n "$ns" addr replace "fe80::$n/64" dev eth0 nodad &&
            ip -n "$ns" link set eth0 up ||
            die "cannot configure eth0 of $ns"
    done
    wait_carrier "$ns1" && wait_carrier "$ns2" || exit 1
    cmd_status
}

cmd_status() {
    local host ns
    for host in vm1 vm2; do
        ns=$(netns_of "$host")
        if netns_exists "$ns"; then
            printf '%s (namespace %s): %s\n' "$host" "$ns" \
                "$(ip -n "$ns" -brief addr show dev eth0 2>/dev/null | awk '{$1=$1; print}')"
        else
            printf '%s (namespace %s): not created (labs/vms.sh up)\n' "$host" "$ns"
        fi
    done
}

cmd_down() {
    local host ns pid tries
    for host in vm1 vm2; do
        ns=$(netns_of "$host")
        if netns_exists "$ns"; then
            # Programs still running in it would keep the namespace alive.
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill -TERM "$pid" 2>/dev/null
            done
            tries=100
            while [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && [ "$tries" -gt 0 ]; do
                sleep 0.02
                tries=$((tries - 1))
            done
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill -KILL "$pid" 2>/dev/null
            done
            ip netns del "$ns" || die "cannot remove namespace $ns"
        fi
        rm -rf "/etc/netns/$ns"
        echo "$host (namespace $ns): removed"
    done
    rmdir /etc/netns 2>/dev/null   # only if no other namespace uses it
    return 0
}

# run HOST CMD...: CMD runs in HOST's namespace, in its own UTS namespace
# whose hostname is HOST (the chat prompts then read server@vm1:7999$).
cmd_run() {
    local host=$1 ns
    shift
    ns=$(netns_of "$host")
    netns_exists "$ns" || die "$host does not exist: run sudo $PROG up first"
    exec ip netns exec "$ns" unshare --uts sh -c \
        'echo "$0" >/proc/sys/kernel/hostname && exec "$@"' "$host" "$@"
}

case "$PREFIX" in
*[!A-Za-z0-9_.-]*) usage_error "VMS_PREFIX '$PREFIX' may hold only letters, digits, '.', '_' and '-'" ;;
esac

case "${1:-}" in
up | down | status)
    [ $# -eq 1 ] || usage_error "too many arguments: '$2'"
    require_root "$1"
    "cmd_$1"
    ;;
run)
    [ $# -ge 2 ] || usage_error "run needs a machine, vm1 or vm2"
    [ -n "$(host_number "$2")" ] || usage_error "unknown machine '$2' (expected vm1 or vm2)"
    [ $# -ge 3 ] || usage_error "run $2 needs a command"
    require_root "$@"
    shift
    cmd_run "$@"
    ;;
-h | --help)
    echo "$USAGE"
    sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$0"
    ;;
"") usage_error "missing command" ;;
*) usage_error "unknown command '$1'" ;;
esac
