/*
 * report.c - program setup, error messages with hints, the -v step trace.
 */
#include "common.h"
#include "socktable.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#undef sl_usage_error   /* common.h's hint for the static analyzer: the real one here */

static const char *progname = "socklab";
static int tracing;
static volatile sig_atomic_t stop_signal;

/* At exit: output that could not be written (a full disk, /dev/full, a
 * closed descriptor) is a failure, said on stderr, exit status 1. */
static void check_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return;
    if (errno != 0)
        fprintf(stderr, "%s: write to standard output: %s\n", progname, strerror(errno));
    else
        fprintf(stderr, "%s: write to standard output failed: output was lost\n", progname);
    _exit(1);
}

void sl_setup(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');

    progname = slash ? slash + 1 : argv0;
    /* Descriptors 0, 1 and 2 must be open before any socket is made: else
     * the socket would become one of them, and printf() would send our own
     * lines to the peer. A closed one is opened on /dev/null, read-only: a
     * write to a closed stdout still fails (EBADF), and check_stdout says so. */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF && open("/dev/null", O_RDONLY) != fd)
            _exit(1);     /* (cannot happen: the lowest free descriptor is fd) */
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    atexit(check_stdout);
}

const char *sl_progname(void)
{
    return progname;
}

static void on_stop_signal(int signo)
{
    stop_signal = signo;
}

void sl_catch_stop_signals(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR */
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

int sl_interrupted(void)
{
    return stop_signal != 0;
}

static void vreport(const char *prefix, int with_errno, const char *fmt, va_list ap)
{
    int saved = errno;

    fprintf(stderr, "%s: %s", progname, prefix);
    vfprintf(stderr, fmt, ap);
    if (with_errno)
        fprintf(stderr, ": %s", strerror(saved));
    fputc('\n', stderr);
    errno = saved;
}

void sl_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("", 1, fmt, ap);
    va_end(ap);
}

void sl_errorx(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("", 0, fmt, ap);
    va_end(ap);
}

void sl_log_line(void *ctx, const char *line)
{
    (void)ctx;
    sl_errorx("%s", line);
}

void sl_hint(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("hint: ", 0, fmt, ap);
    va_end(ap);
}

int sl_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("", 0, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s\n", usage);
    return EXIT_USAGE;
}

/* A TCP socket listening on port in family (AF_INET or AF_INET6), as the
 * kernel's socket table shows it: its address into text, 1; or 0. */
static int listener_of_family(int family, unsigned short port, char *text)
{
    struct sl_sock *socks;
    int n = sl_socktable_read(SL_TCP, &socks), found = 0;

    for (int i = 0; i < n && !found; i++)
        if (socks[i].state == SL_LISTEN && socks[i].local.ss_family == family &&
            sl_addr_port((struct sockaddr *)&socks[i].local) == port) {
            sl_addr_string((struct sockaddr *)&socks[i].local, text);
            found = 1;
        }
    if (n > 0)
        free(socks);
    return found;
}

/* Why a server that runs may still refuse this client: it listens on the
 * other IP version (said when the socket table shows such a listener on the
 * port), or only on its own machine's loopback address. Into reason. */
static const char *refusal_reason(const struct sockaddr *addr, char *reason, size_t size)
{
    char other[SL_ADDRSTRLEN];
    unsigned short port = addr ? sl_addr_port(addr) : 0;

    reason[0] = '\0';
    if (addr == NULL)
        return reason;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)addr;

        if ((ntohl(in4->sin_addr.s_addr) >> 24) != 127)
            snprintf(reason, size, " (a server bound to 127.0.0.1 only answers its own machine:"
                     " -b 0.0.0.0; an IPv6-only server refuses IPv4 clients)");
        else if (listener_of_family(AF_INET6, port, other))
            snprintf(reason, size, " (%s listens, in IPv6: an IPv6-only server refuses IPv4"
                     " clients)", other);
    } else if (addr->sa_family == AF_INET6) {
        const struct in6_addr *ip = &((const struct sockaddr_in6 *)addr)->sin6_addr;

        if (IN6_IS_ADDR_V4MAPPED(ip))
            snprintf(reason, size, " (an IPv6-only server refuses IPv4 clients, mapped ones too)");
        else if (!IN6_IS_ADDR_LOOPBACK(ip))
            snprintf(reason, size, " (a server bound to ::1 only answers its own machine: -b ::;"
                     " an IPv4-only server refuses IPv6 clients)");
        else if (listener_of_family(AF_INET, port, other))
            snprintf(reason, size, " (%s listens, in IPv4: an IPv4-only server refuses IPv6"
                     " clients)", other);
    }
    return reason;
}

void sl_hint_for(int err, const struct sockaddr *addr, const char *server)
{
    char text[SL_ADDRSTRLEN] = "that address", reason[2 * SL_ADDRSTRLEN + 100];
    unsigned short port = 0;
    int saved = errno;

    if (addr) {
        sl_addr_string(addr, text);
        port = sl_addr_port(addr);
    }
    switch (err) {
    case ECONNREFUSED:
        if (server)
            sl_hint("nothing listens on %s%s: is %s running? try: ss -ltn 'sport = :%u'",
                    text, refusal_reason(addr, reason, sizeof reason), server, port);
        else
            sl_hint("nothing listens on %s (the peer answered with a reset or an "
                    "ICMP port unreachable)", text);
        break;
    case ETIMEDOUT:
    case EHOSTUNREACH:
    case ENETUNREACH:
        sl_hint("no answer from %s: wrong address, no route, or a firewall/NAT drops "
                "the packets? try: ping, ip route, and the firewall rules", text);
        break;
    case EADDRINUSE:
        sl_hint("port %u is taken: another program listens there "
                "(ss -ltnp 'sport = :%u'), or a connection on it is still in TIME_WAIT "
                "(see ss -tan state time-wait)", port, port);
        break;
    case EACCES:
        sl_hint("ports below 1024 are reserved to root: choose a port from 1024 up");
        break;
    case EADDRNOTAVAIL:
        sl_hint("%s is not an address of this machine (see: ip addr)", text);
        break;
    case EINVAL:
        if (addr && addr->sa_family == AF_INET6 &&
            IN6_IS_ADDR_LINKLOCAL(&((const struct sockaddr_in6 *)addr)->sin6_addr) &&
            ((const struct sockaddr_in6 *)addr)->sin6_scope_id == 0)
            sl_hint("a link-local address (fe80::...) needs its interface: "
                    "write it as fe80::1%%eth0 (see: ip -6 addr)");
        break;
    default:
        break;
    }
    errno = saved;
}

void sl_trace_enable(int on)
{
    tracing = on;
}

int sl_tracing(void)
{
    return tracing;
}

void sl_trace(const char *fmt, ...)
{
    va_list ap;
    int saved = errno;

    if (!tracing)
        return;
    fprintf(stderr, "[%s] ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    errno = saved;
}

_Thread_local long sl_call_result;
_Thread_local int sl_call_errno;

long sl_trace_call(const char *call_text, const void *peer, const char *note,
                   const char *fmt, ...)
{
    const char *paren = strchr(call_text, '(');
    int name_len = paren ? (int)(paren - call_text) : (int)strlen(call_text);
    char peer_text[SL_ADDRSTRLEN];
    va_list ap;

    if (tracing) {
        while (name_len > 0 && call_text[name_len - 1] == ' ')
            name_len--;      /* "close (fd)" is the call close */
        fprintf(stderr, "[%s] %.*s(", progname, name_len, call_text);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fprintf(stderr, ") = %ld", sl_call_result);
        if (sl_call_result < 0)
            fprintf(stderr, " %s", strerror(sl_call_errno));
        else if (peer != NULL)
            fprintf(stderr, " from %s", sl_addr_string(peer, peer_text));
        else if (note != NULL)
            fprintf(stderr, " (%s)", note);
        fputc('\n', stderr);
    }
    errno = sl_call_errno;
    return sl_call_result;
}

void sl_hint_for_udp(int err, const struct sockaddr *addr, const char *server)
{
    char text[SL_ADDRSTRLEN];
    const char *where = addr ? sl_addr_string(addr, text) : "that address";
    unsigned short port = addr ? sl_addr_port(addr) : 0;
    int saved = errno;

    if (err == ECONNREFUSED)
        sl_hint("nothing listens on %s (an ICMP port unreachable came back): is %s "
                "running? try: ss -uan 'sport = :%u'", where, server ? server : "the server",
                port);
    else if (err == EADDRINUSE)
        sl_hint("port %u is taken by another UDP socket (UDP has no TIME_WAIT: a program "
                "holds it now): see ss -uanp 'sport = :%u'", port, port);
    else if (err == EMSGSIZE)
        sl_hint("a UDP datagram carries at most %s bytes of data: send less",
                addr && addr->sa_family == AF_INET6 ? "65527" : "65507");
    else
        sl_hint_for(err, addr, server);
    errno = saved;
}

/* The program's twin of the other family (ipv6/): tcp_server <-> tcp6_server,
 * and so on for the four TP1/TP2 programs; NULL for a program that has none. */
static const char *twin_name(char *twin, size_t size)
{
    static const char *const pairs[][2] = {
        { "tcp_server", "tcp6_server" }, { "tcp_client", "tcp6_client" },
        { "udp_server", "udp6_server" }, { "udp_client", "udp6_client" },
    };
    const char *name = sl_progname();

    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        for (int side = 0; side < 2; side++)
            if (strcmp(name, pairs[i][side]) == 0) {
                snprintf(twin, size, "%s", pairs[i][1 - side]);
                return twin;
            }
    return NULL;
}

void sl_resolve_error(const char *text, int family, int status)
{
    int saved_errno = errno;
    unsigned char bytes[sizeof(struct in6_addr)];
    char literal[SL_ADDRSTRLEN], twin[64];
    const char *scope = strchr(text, '%');

    sl_errorx("cannot resolve '%s': %s", text, gai_strerror(status));
    snprintf(literal, sizeof literal, "%.*s", scope ? (int)(scope - text) : (int)strlen(text), text);
    if (family == AF_INET && inet_pton(AF_INET6, literal, bytes) == 1) {
        if (twin_name(twin, sizeof twin) != NULL)
            sl_hint("'%s' is an IPv6 address and %s speaks IPv4: its IPv6 twin takes it "
                    "(ipv6/%s)", text, sl_progname(), twin);
        else
            sl_hint("'%s' is an IPv6 address and %s speaks IPv4: give an IPv4 address "
                    "(127.0.0.1)", text, sl_progname());
    } else if (family == AF_INET6 && inet_pton(AF_INET, literal, bytes) == 1) {
        if (twin_name(twin, sizeof twin) != NULL)
            sl_hint("'%s' is an IPv4 address and %s speaks IPv6: use ::1, or its IPv4 twin "
                    "(%.3s/%s)", text, sl_progname(), twin, twin);
        else
            sl_hint("'%s' is an IPv4 address and %s speaks IPv6: use ::1", text, sl_progname());
    } else if (scope != NULL && if_nametoindex(scope + 1) == 0) {
        sl_hint("no interface named '%s' here: see ip -br link", scope + 1);
    } else if (inet_pton(AF_INET, literal, bytes) != 1 && inet_pton(AF_INET6, literal, bytes) != 1) {
        sl_hint("is the name right? try: getent ahosts %s", literal);
    }
    errno = saved_errno;
}
