/*
 * timeline.c - the sockets of a port, followed in the kernel's table
 * (timeline.h). One line per change:
 *
 *      0.000  tcp  127.0.0.1:60000        *:*                    LISTEN  (tcp_server, pid 4242)
 *      2.130  tcp  127.0.0.1:60000        127.0.0.1:49240        ESTAB  (tcp_server, pid 4242)
 *      2.140  tcp  127.0.0.1:60000        127.0.0.1:49240        ESTAB -> TIME-WAIT (60 s left)
 *     62.150  tcp  127.0.0.1:60000        127.0.0.1:49240        gone
 *
 * A socket is known by its protocol and its two endpoints. States that last
 * less than the interval between two readings may be missed: the timeline
 * shows what the table held each time it was read.
 */
#include "timeline.h"
#include "common.h"
#include "socktable.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TRACKED 4096      /* sockets followed at once; more are counted */

struct tracked {
    struct sl_sock sock;
    char owner[64];           /* "(tcp_server, pid 4242)" or "" */
    int seen;                 /* in the latest reading */
};

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned port_of(const struct sockaddr_storage *addr)
{
    return sl_addr_port((const struct sockaddr *)addr);
}

static int same_socket(const struct sl_sock *a, const struct sl_sock *b)
{
    return a->proto == b->proto && a->local.ss_family == b->local.ss_family &&
           memcmp(&a->local, &b->local, sizeof a->local) == 0 &&
           memcmp(&a->remote, &b->remote, sizeof a->remote) == 0;
}

/* "127.0.0.1:60000", or "*:*" for an unconnected remote end. */
static const char *endpoint(const struct sockaddr_storage *addr, char *text)
{
    if (port_of(addr) == 0) {
        static const unsigned char zero[16];
        const void *ip = addr->ss_family == AF_INET
                             ? (const void *)&((const struct sockaddr_in *)addr)->sin_addr
                             : (const void *)&((const struct sockaddr_in6 *)addr)->sin6_addr;

        if (memcmp(ip, zero, addr->ss_family == AF_INET ? 4 : 16) == 0)
            return strcpy(text, "*:*");
    }
    return sl_addr_string((const struct sockaddr *)addr, text);
}

static void print_line(FILE *out, double time, const struct sl_sock *sock, const char *what)
{
    char local[SL_ADDRSTRLEN], remote[SL_ADDRSTRLEN];

    fprintf(out, "%9.3f  %s  %-22s %-22s %s\n", time, sock->proto == SL_TCP ? "tcp" : "udp",
            endpoint(&sock->local, local), endpoint(&sock->remote, remote), what);
}

/* " (60 s left)" for a TIME-WAIT socket, "" otherwise. */
static const char *time_left(const struct sl_sock *sock, char *text, size_t len)
{
    text[0] = '\0';
    if (sock->state == SL_TIME_WAIT && sock->proto == SL_TCP && sock->timer_ms >= 0)
        snprintf(text, len, " (%ld s left)", (sock->timer_ms + 999) / 1000);
    return text;
}

/* Compares a socket of the new reading with what was known of it, and
 * prints what changed. */
static void report_change(FILE *out, double time, struct tracked *known, const struct sl_sock *now)
{
    char what[256], left[32];
    const struct sl_sock *before = &known->sock;

    if (before->state != now->state) {
        snprintf(what, sizeof what, "%s -> %s%s", sl_sock_state_name(before),
                 sl_sock_state_name(now), time_left(now, left, sizeof left));
        print_line(out, time, now, what);
    }
    if (before->rx_queue != now->rx_queue || before->tx_queue != now->tx_queue) {
        snprintf(what, sizeof what, "%s  Recv-Q %lu -> %lu  Send-Q %lu -> %lu",
                 sl_sock_state_name(now), before->rx_queue, now->rx_queue, before->tx_queue,
                 now->tx_queue);
        print_line(out, time, now, what);
    }
    known->sock = *now;
}

static void report_new(FILE *out, double time, struct tracked *known, const struct sl_sock *now)
{
    char what[256], left[32], comm[32];
    pid_t pid = sl_sock_owner(now->inode, comm, sizeof comm);

    known->sock = *now;
    known->owner[0] = '\0';
    if (pid > 0)
        snprintf(known->owner, sizeof known->owner, "  (%s, pid %ld)", comm, (long)pid);
    snprintf(what, sizeof what, "%s%s%s", sl_sock_state_name(now),
             time_left(now, left, sizeof left), known->owner);
    if (now->rx_queue != 0 || now->tx_queue != 0)
        snprintf(what + strlen(what), sizeof what - strlen(what), "  Recv-Q %lu  Send-Q %lu",
                 now->rx_queue, now->tx_queue);
    print_line(out, time, now, what);
}

/* One reading: updates TRACKED[0..*COUNT-1] and prints the changes.
 * Returns 0, or -1 if the table could not be read. */
static int one_reading(const struct timeline_options *opts, FILE *out, double time,
                       struct tracked *tracked, int *count, unsigned long *overflow)
{
    struct sl_sock *socks = NULL;
    int n = sl_socktable_read(opts->protos, &socks);

    if (n < 0)
        return -1;
    for (int k = 0; k < *count; k++)
        tracked[k].seen = 0;
    for (int i = 0; i < n; i++) {
        const struct sl_sock *sock = &socks[i];
        int k;

        if (port_of(&sock->local) != opts->port && port_of(&sock->remote) != opts->port)
            continue;
        for (k = 0; k < *count && !same_socket(&tracked[k].sock, sock); k++)
            ;
        if (k < *count) {
            report_change(out, time, &tracked[k], sock);
        } else if (*count < MAX_TRACKED) {
            report_new(out, time, &tracked[*count], sock);
            (*count)++;
        } else {
            (*overflow)++;
            continue;
        }
        tracked[k].seen = 1;
    }
    for (int k = 0; k < *count; k++) {
        if (tracked[k].seen)
            continue;
        print_line(out, time, &tracked[k].sock, "gone");
        tracked[k] = tracked[--(*count)];
        k--;
    }
    free(socks);
    return 0;
}

int timeline_run(const struct timeline_options *opts, FILE *out)
{
    struct tracked *tracked = calloc(MAX_TRACKED, sizeof *tracked);
    struct timespec pause = { opts->interval_ms / 1000, (opts->interval_ms % 1000) * 1000000L };
    double start = now_seconds();
    unsigned long overflow = 0;
    int count = 0, status = 0;

    if (tracked == NULL) {
        sl_error("timeline");
        return -1;
    }
    while (!sl_interrupted()) {
        double time = now_seconds() - start;

        if (one_reading(opts, out, time, tracked, &count, &overflow) < 0) {
            sl_error("read the socket table (/proc/net/tcp, udp)");
            sl_hint("the timeline needs Linux's /proc; see ss -tan 'sport = :%u' instead",
                    (unsigned)opts->port);
            status = -1;
            break;
        }
        if (ferror(out)) {
            status = -1;
            break;
        }
        if (opts->duration > 0 && time >= opts->duration)
            break;
        nanosleep(&pause, NULL);   /* EINTR after Ctrl-C: the loop checks */
    }
    if (overflow > 0)
        sl_errorx("%lu readings of sockets past the first %d were not followed", overflow,
                  MAX_TRACKED);
    free(tracked);
    return status;
}
