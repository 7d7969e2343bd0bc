/*
 * addrinuse.c - why bind() said "Address already in use": the kernel's
 * socket table (socktable.c) tells what holds the port, and one hint line
 * says it, with the ss command that shows it and what to do.
 *
 * The kernel's rule (Linux, inet_bind_conflict): a new socket may bind a port
 * that another socket of the same protocol holds on an overlapping address
 * (the same one, or a wildcard) only if BOTH set SO_REUSEADDR and the other
 * one does not listen. A connection in TIME_WAIT keeps the SO_REUSEADDR of
 * the socket it was: a server's accepted connections inherit the listener's
 * (socklab's servers set it, unless -R), a client's socket never has it. So a
 * server that sets SO_REUSEADDR still fails on a port where a client's
 * connection is in TIME_WAIT, e.g. a client that got 60000 as its ephemeral
 * port (inside ip_local_port_range) and closed first.
 */
#include "common.h"
#include "socktable.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's ephemeral ports, /proc/sys/net/ipv4/ip_local_port_range
 * (Linux's default 32768..60999 if it cannot be read). */
static void ephemeral_range(unsigned *low, unsigned *high)
{
    FILE *file = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
    char line[64];
    char *end;
    unsigned long first, last;

    *low = 32768;
    *high = 60999;
    if (file == NULL)
        return;
    if (fgets(line, sizeof line, file) != NULL) {
        first = strtoul(line, &end, 10);
        last = strtoul(end, NULL, 10);
        if (first > 0 && first <= last && last <= 65535) {
            *low = (unsigned)first;
            *high = (unsigned)last;
        }
    }
    fclose(file);
}

static int in_range(unsigned port, unsigned low, unsigned high)
{
    return port >= low && port <= high;
}

/* Non-zero if ADDR is the wildcard address (0.0.0.0 or ::). */
static int is_any(const struct sockaddr_storage *addr)
{
    if (addr->ss_family == AF_INET)
        return ((const struct sockaddr_in *)addr)->sin_addr.s_addr == htonl(INADDR_ANY);
    return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)addr)->sin6_addr);
}

/* Non-zero if two IPv4 addresses (network order) or the wildcard overlap. */
static int ipv4_overlap(in_addr_t a, in_addr_t b)
{
    return a == htonl(INADDR_ANY) || b == htonl(INADDR_ANY) || a == b;
}

/* Non-zero if a socket bound to HAVE's address can stand in the way of a
 * bind() to WANT's (the port aside): the same address or a wildcard of the
 * same family; across families, an IPv6 wildcard (dual stack unless
 * IPV6_V6ONLY, which the table does not show) or a v4-mapped address. */
static int addresses_overlap(const struct sockaddr_storage *want,
                             const struct sockaddr_storage *have)
{
    const struct sockaddr_storage *v4, *v6;
    const struct in6_addr *ip6;

    if (want->ss_family == have->ss_family) {
        if (is_any(want) || is_any(have))
            return 1;
        if (want->ss_family == AF_INET)
            return ((const struct sockaddr_in *)want)->sin_addr.s_addr ==
                   ((const struct sockaddr_in *)have)->sin_addr.s_addr;
        return IN6_ARE_ADDR_EQUAL(&((const struct sockaddr_in6 *)want)->sin6_addr,
                                  &((const struct sockaddr_in6 *)have)->sin6_addr);
    }
    v4 = want->ss_family == AF_INET ? want : have;
    v6 = want->ss_family == AF_INET ? have : want;
    ip6 = &((const struct sockaddr_in6 *)v6)->sin6_addr;
    if (IN6_IS_ADDR_UNSPECIFIED(ip6))
        return 1;
    if (IN6_IS_ADDR_V4MAPPED(ip6)) {
        in_addr_t mapped;

        memcpy(&mapped, &ip6->s6_addr[12], 4);
        return ipv4_overlap(mapped, ((const struct sockaddr_in *)v4)->sin_addr.s_addr);
    }
    return 0;
}

static unsigned port_of(const struct sockaddr_storage *addr)
{
    return sl_addr_port((const struct sockaddr *)addr);
}

/* How much a socket explains the failure: a listener (or any UDP socket)
 * most, then a live connection, then TIME_WAIT; 0 for none. */
static int rank(const struct sl_sock *sock)
{
    if (sock->proto == SL_UDP || sock->state == SL_LISTEN)
        return 3;
    if (sock->state == SL_TIME_WAIT)
        return 1;
    return 2;
}

/* The socket of SOCKS[0..COUNT-1] that best explains why bind(WANT) failed
 * for PROTO, or NULL: the highest rank; among TIME_WAITs, the longest to go. */
static const struct sl_sock *find_holder(const struct sl_sock *socks, int count,
                                         enum sl_proto proto,
                                         const struct sockaddr_storage *want)
{
    const struct sl_sock *best = NULL;

    for (int i = 0; i < count; i++) {
        const struct sl_sock *sock = &socks[i];

        if (sock->proto != proto || port_of(&sock->local) != port_of(want) ||
            !addresses_overlap(want, &sock->local))
            continue;
        if (best == NULL || rank(sock) > rank(best) ||
            (rank(sock) == rank(best) && sock->timer_ms > best->timer_ms))
            best = sock;
    }
    return best;
}

/* Non-zero if a TCP socket of SOCKS listens on ADDR's port and address: the
 * far end of a TIME_WAIT connection is then a server, and this end a client. */
static int someone_listens_at(const struct sl_sock *socks, int count,
                              const struct sockaddr_storage *addr)
{
    for (int i = 0; i < count; i++)
        if (socks[i].proto == SL_TCP && socks[i].state == SL_LISTEN &&
            port_of(&socks[i].local) == port_of(addr) &&
            addresses_overlap(addr, &socks[i].local))
            return 1;
    return 0;
}

/* Writes "PROG (pid N)" for the process that holds SOCK into who, or "a
 * program you may not see (uid U)". Returns non-zero if the owner is known. */
static int describe_owner(const struct sl_sock *sock, char *who, size_t who_len)
{
    char comm[64];
    pid_t pid = sl_sock_owner(sock->inode, comm, sizeof comm);

    if (pid > 0)
        snprintf(who, who_len, "%s (pid %ld)", comm, (long)pid);
    else
        snprintf(who, who_len, "a program you may not see (uid %lu)", (unsigned long)sock->uid);
    return pid > 0;
}

/* Number of TIME_WAIT connections of SOCKS on the local address and port of
 * TW with other far ends: a server's port has one per client. */
static int time_waits_beside(const struct sl_sock *tw, const struct sl_sock *socks, int count)
{
    int others = 0;

    for (int i = 0; i < count; i++)
        if (socks[i].proto == SL_TCP && socks[i].state == SL_TIME_WAIT &&
            port_of(&socks[i].local) == port_of(&tw->local) &&
            addresses_overlap(&tw->local, &socks[i].local) &&
            port_of(&socks[i].remote) != port_of(&tw->remote))
            others++;
    return others;
}

/* Whose port a TIME_WAIT connection holds: a client's when its far end
 * listens (a server still running), or when this end's port is ephemeral and
 * the far end's lies below the range (a server's usual port: 22, 80, 7999);
 * a server's when several clients left one there, or when only the far end's
 * port is ephemeral. Else unknown (the course's 60000 is itself ephemeral,
 * and a client may bind any port with -p). */
enum whose { SERVER, CLIENT, EITHER };

static enum whose whose_port(const struct sl_sock *tw, const struct sl_sock *socks, int count,
                             unsigned low, unsigned high)
{
    int here = in_range(port_of(&tw->local), low, high);
    int there = in_range(port_of(&tw->remote), low, high);

    if (someone_listens_at(socks, count, &tw->remote) || (here && port_of(&tw->remote) < low))
        return CLIENT;
    if (time_waits_beside(tw, socks, count) > 0 || (!here && there))
        return SERVER;
    return EITHER;
}

/* The TIME_WAIT case: whose connection it was, and whether SO_REUSEADDR on
 * this side can help (the kernel's rule: only if the old socket set it too). */
static void explain_time_wait(const struct sl_sock *tw, const struct sl_sock *socks, int count,
                              int reuse_addr, char *text, size_t text_len)
{
    char local[SL_ADDRSTRLEN], remote[SL_ADDRSTRLEN], choose[64];
    unsigned low, high, port = port_of(&tw->local);
    long seconds = tw->timer_ms < 0 ? 60 : (tw->timer_ms + 999) / 1000;
    enum whose whose;
    const char *whose_text, *reuse_text, *action = "wait";

    ephemeral_range(&low, &high);
    whose = whose_port(tw, socks, count, low, high);
    if (whose == CLIENT)
        whose_text = in_range(port, low, high) ? "a client's ephemeral port"
                                               : "a client's port (chosen with bind())";
    else if (whose == SERVER)
        whose_text = "a server's connection";
    else
        whose_text = "a server's connection or a client's port";

    if (reuse_addr) {
        reuse_text = whose == SERVER ? "SO_REUSEADDR, set here, does not help: the old server "
                                       "did not set it (-R)"
                                     : "SO_REUSEADDR, set here, does not help: the old socket "
                                       "did not set it";
    } else if (whose == SERVER) {
        reuse_text = "SO_REUSEADDR here would help if the old server set it too "
                     "(servers do, unless -R)";
        action = "leave out -R, or wait";
    } else if (whose == CLIENT) {
        reuse_text = "SO_REUSEADDR would not help: a client's socket never sets it";
    } else {
        reuse_text = "SO_REUSEADDR here helps only if the old socket set it too "
                     "(a server's does, unless -R; a client's never)";
    }
    if (in_range(port, low, high))
        snprintf(choose, sizeof choose, "a port outside %u-%u (ip_local_port_range)", low, high);
    else
        snprintf(choose, sizeof choose, "another port");
    snprintf(text, text_len,
             "port %u is held by a connection in TIME-WAIT for %ld s more, %s -> %s, %s; "
             "%s: %s %ld s, or choose %s (see: ss -tan state time-wait '( sport = :%u )')",
             port, seconds, sl_addr_string((const struct sockaddr *)&tw->local, local),
             sl_addr_string((const struct sockaddr *)&tw->remote, remote), whose_text,
             reuse_text, action, seconds, choose, port);
}

/* Writes the diagnosis of HOLDER into text (see sl_addrinuse_diagnose). */
static void explain_holder(const struct sl_sock *holder, const struct sl_sock *socks, int count,
                           int reuse_addr, char *text, size_t text_len)
{
    char local[SL_ADDRSTRLEN], remote[SL_ADDRSTRLEN], who[128];
    unsigned port = port_of(&holder->local);

    sl_addr_string((const struct sockaddr *)&holder->local, local);
    sl_addr_string((const struct sockaddr *)&holder->remote, remote);
    if (holder->proto == SL_UDP) {
        describe_owner(holder, who, sizeof who);
        snprintf(text, text_len,
                 "port %u is taken by a UDP socket of %s on %s%s%s (UDP has no TIME_WAIT: "
                 "a program holds it now): stop it, or choose another port "
                 "(see: ss -uanp 'sport = :%u')",
                 port, who, local, holder->state == SL_ESTABLISHED ? ", connected to " : "",
                 holder->state == SL_ESTABLISHED ? remote : "", port);
    } else if (holder->state == SL_LISTEN) {
        describe_owner(holder, who, sizeof who);
        snprintf(text, text_len,
                 "port %u is taken: %s listens on %s: stop it, or choose another port "
                 "(see: ss -ltnp 'sport = :%u')", port, who, local, port);
    } else if (holder->state == SL_TIME_WAIT) {
        explain_time_wait(holder, socks, count, reuse_addr, text, text_len);
    } else if (holder->inode == 0) {
        snprintf(text, text_len,
                 "port %u is taken by a connection that no program holds any more, "
                 "%s -> %s (%s): wait for it to end, or choose another port "
                 "(see: ss -tan 'sport = :%u')",
                 port, local, remote, sl_tcp_state_name(holder->state), port);
    } else {
        describe_owner(holder, who, sizeof who);
        snprintf(text, text_len,
                 "port %u is taken: %s holds it, in a connection %s -> %s (%s): wait for "
                 "it to end, or choose another port (see: ss -tanp 'sport = :%u')",
                 port, who, local, remote, sl_tcp_state_name(holder->state), port);
    }
}

int sl_addrinuse_diagnose(const struct sockaddr *addr, int socktype, int reuse_addr,
                          char *text, size_t text_len)
{
    struct sockaddr_storage want;
    enum sl_proto proto = socktype == SOCK_DGRAM ? SL_UDP : SL_TCP;
    struct sl_sock *socks = NULL;
    const struct sl_sock *holder;
    int count, saved = errno;

    if (addr == NULL || (addr->sa_family != AF_INET && addr->sa_family != AF_INET6) ||
        text_len == 0)
        return -1;
    memset(&want, 0, sizeof want);
    memcpy(&want, addr, addr->sa_family == AF_INET ? sizeof(struct sockaddr_in)
                                                   : sizeof(struct sockaddr_in6));
    count = sl_socktable_read(proto, &socks);
    if (count < 0) {
        errno = saved;
        return -1;                 /* no table to read: the caller says what it can */
    }
    holder = find_holder(socks, count, proto, &want);
    if (holder != NULL)
        explain_holder(holder, socks, count, reuse_addr, text, text_len);
    free(socks);
    errno = saved;
    return holder != NULL ? 0 : -1;
}

void sl_hint_bind(int err, const struct sockaddr *addr, int socktype, int reuse_addr)
{
    char text[768];
    int saved = errno;

    if (err == EADDRINUSE &&
        sl_addrinuse_diagnose(addr, socktype, reuse_addr, text, sizeof text) == 0)
        sl_hint("%s", text);
    else if (socktype == SOCK_DGRAM)
        sl_hint_for_udp(err, addr, NULL);
    else
        sl_hint_for(err, addr, NULL);
    errno = saved;
}
