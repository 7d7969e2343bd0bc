/*
 * loadgen.c - bench/: the load generator that measures socklab's servers
 * against their anchors (socat, a minimal blocking loop, libtirpc).
 *
 * One client process, one thread. Each workload is a loop of the lesson's
 * own calls, timed with clock_gettime(CLOCK_MONOTONIC):
 *   echo   TCP closed loop: socket -> connect -> { send SIZE bytes -> recv
 *          until the SIZE bytes come back } on CONNS connections at once
 *          (one connection: plain blocking calls; more: poll() over them)
 *   bulk   TCP stream: send BYTES and read the echo back at the same time
 *          (non-blocking socket, poll() for POLLIN|POLLOUT)
 *   udp    UDP ping-pong: connect -> { send one datagram -> recv its echo }
 *   rpc    ARITH ADD calls (program 0x33333333, version 1, procedure 1)
 *          through the toolkit's client runtime, over TCP or UDP; -q DEPTH
 *          keeps DEPTH calls in flight on one TCP connection (pipelining)
 *   idle   open CONNS TCP connections, echo one byte on each, then hold
 *          them (to measure what a server spends per connection)
 * and prints one line: operations/s, MiB/s, latency percentiles, errors.
 * Every reply is checked (echoed bytes, sequence number, the sum).
 *
 *   ./bench/loadgen -d 5 echo 60000          1 connection, 64-byte messages
 *   ./bench/loadgen -c 100 -d 5 echo 60000   100 connections
 *   ./bench/loadgen -n 1G bulk 60000         1 GiB sent and read back
 *   ./bench/loadgen -T udp rpc 40000         ARITH ADD over UDP
 */
#include "arith.h"
#include "common.h"
#include "measure.h"
#include "rpc_client.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: loadgen [-H HOST] [-c CONNS] [-s SIZE] [-d SECONDS] [-W SECONDS] " \
              "[-n BYTES] [-T tcp|udp] [-q DEPTH] [-b] [-N] [-g] [-v] echo|bulk|udp|rpc|idle PORT"

#define CHUNK        65536            /* bulk: one send() / recv() at most */
#define MAX_SIZE     65507            /* a UDP datagram's largest payload */
#define MAX_CONNS    100000
#define MAX_DEPTH    4096
#define RPC_TIMEOUT_MS 5000
#define SEQ_DIGITS   16               /* a message starts with its number */

enum workload { WL_ECHO, WL_BULK, WL_UDP, WL_RPC, WL_IDLE };

static const char *const workload_names[] = { "echo", "bulk", "udp", "rpc", "idle" };

struct options {
    enum workload workload;
    const char *host;              /* -H: server address, default 127.0.0.1 */
    unsigned short port;           /* PORT */
    long conns;                    /* -c: connections (echo, idle) */
    long size;                     /* -s: message size (echo, udp) */
    double seconds;                /* -d: measured duration */
    double warmup;                 /* -W: unmeasured warm-up before it */
    long long bytes;               /* -n: bulk volume */
    enum rpc_transport transport;  /* -T: rpc over tcp or udp */
    long depth;                    /* -q: rpc calls in flight (tcp) */
    int verify;                    /* bulk: compare every byte (-N: no) */
    int nagle;                     /* -g: leave Nagle's algorithm on (no TCP_NODELAY) */
    int batch;                     /* -b: pipelined calls queued, sent together */
};

static void print_result(const struct options *opts, const struct run *run, uint64_t stop)
{
    const char *transport = opts->workload == WL_UDP ? "udp"
                          : opts->workload == WL_RPC ? rpc_transport_name(opts->transport)
                          : "tcp";

    run_print(run, stop, workload_names[opts->workload], transport, opts->conns, opts->size,
              opts->depth);
}

/* ---- options ----------------------------------------------------------------- */

static void print_help(void)
{
    printf("%s\n"
           "bench/ (docs/PERFORMANCE.md): a load generator for socklab's servers and their\n"
           "anchors. Prints one line: result workload=... ops_per_s=... mib_per_s=...\n"
           "p50_us=... p99_us=... errors=... (latency: from send to the whole reply).\n"
           "workloads:\n"
           "  echo  TCP closed loop: each connection sends SIZE bytes, waits for their echo\n"
           "  bulk  TCP stream: send BYTES, read the echo back at the same time\n"
           "  udp   UDP ping-pong: one SIZE-byte datagram, wait for its echo (0.2 s: lost)\n"
           "  rpc   ARITH ADD calls through the toolkit's RPC client runtime\n"
           "  idle  open CONNS connections, echo one byte on each, hold them SECONDS\n"
           "  -H HOST     server address (default 127.0.0.1)\n"
           "  -c CONNS    connections at once, 1..%d (echo, idle; default 1)\n"
           "  -s SIZE     message size in bytes, 16..%d (echo, udp; default 64)\n"
           "  -d SECONDS  how long to measure, 0.01..86400 (default 2; bulk: the longest\n"
           "              it may take, default 120)\n"
           "  -W SECONDS  warm up this long first, not counted (default 0)\n"
           "  -n BYTES    bulk volume, with an optional K, M or G suffix (default 1G)\n"
           "  -T tcp|udp  rpc transport (default tcp)\n"
           "  -q DEPTH    rpc over tcp: calls in flight on the connection, 1..%d\n"
           "              (default 1: one synchronous call after the other)\n"
           "  -b          with -q: queue the calls (rpc_client_queue) and send them\n"
           "              together before waiting, instead of one send() per call\n"
           "  -N          bulk: do not compare every byte received (faster client)\n"
           "  -g          leave Nagle's algorithm on: no TCP_NODELAY on the client's sockets\n"
           "  -v          trace the socket calls on stderr (not the measured loop)\n"
           "example: loadgen -c 100 -d 5 echo 60000\n", USAGE, MAX_CONNS, MAX_SIZE, MAX_DEPTH);
}

/* Parses a byte count with an optional K, M or G suffix (powers of 1024). */
static int parse_bytes(const char *text, long long *out)
{
    char digits[32];
    size_t length = strlen(text);
    long multiplier = 1, value;

    if (length == 0 || length >= sizeof digits)
        return -1;
    memcpy(digits, text, length + 1);
    switch (digits[length - 1]) {
    case 'K': case 'k': multiplier = 1L << 10; break;
    case 'M': case 'm': multiplier = 1L << 20; break;
    case 'G': case 'g': multiplier = 1L << 30; break;
    }
    if (multiplier != 1)
        digits[length - 1] = '\0';
    if (sl_parse_long(digits, 1, (1L << 40) / multiplier, &value) < 0)
        return -1;
    *out = (long long)value * multiplier;
    return 0;
}

/* Fills *opts with the defaults, before the options change them. */
static void set_defaults(struct options *opts)
{
    opts->host = "127.0.0.1";
    opts->conns = 1;
    opts->size = 64;
    opts->seconds = -1;            /* not given: 2 s, bulk 120 s at most */
    opts->warmup = 0;
    opts->bytes = 1LL << 30;
    opts->transport = RPC_TCP;
    opts->depth = 1;
    opts->verify = 1;
    opts->nagle = 0;
    opts->batch = 0;
}

/* Applies one option getopt() returned (its value in optarg) to *opts.
 * Returns 0, or the exit code to leave with (the usage error reported). */
static int parse_option(int opt, struct options *opts)
{
    switch (opt) {
    case 'H': opts->host = optarg; break;
    case 'N': opts->verify = 0; break;
    case 'g': opts->nagle = 1; break;
    case 'b': opts->batch = 1; break;
    case 'v': sl_trace_enable(1); break;
    case 'c':
        if (sl_parse_long(optarg, 1, MAX_CONNS, &opts->conns) < 0)
            return sl_usage_error(USAGE, "invalid connection count '%s' (expected 1..%d)",
                                  optarg, MAX_CONNS);
        break;
    case 's':
        if (sl_parse_long(optarg, 16, MAX_SIZE, &opts->size) < 0)
            return sl_usage_error(USAGE, "invalid message size '%s' (expected 16..%d)",
                                  optarg, MAX_SIZE);
        break;
    case 'd':
        if (parse_seconds(optarg, 0.01, 86400, &opts->seconds) < 0)
            return sl_usage_error(USAGE, "invalid duration '%s' (expected 0.01..86400 "
                                  "seconds)", optarg);
        break;
    case 'W':
        if (parse_seconds(optarg, 0, 3600, &opts->warmup) < 0)
            return sl_usage_error(USAGE, "invalid warm-up '%s' (expected 0..3600 seconds)",
                                  optarg);
        break;
    case 'n':
        if (parse_bytes(optarg, &opts->bytes) < 0)
            return sl_usage_error(USAGE, "invalid byte count '%s' (expected e.g. 1048576, "
                                  "64K, 100M, 1G)", optarg);
        break;
    case 'T':
        if (rpc_transport_parse(optarg, &opts->transport) < 0)
            return sl_usage_error(USAGE, "invalid transport '%s' (expected tcp or udp)",
                                  optarg);
        break;
    case 'q':
        if (sl_parse_long(optarg, 1, MAX_DEPTH, &opts->depth) < 0)
            return sl_usage_error(USAGE, "invalid depth '%s' (expected 1..%d)", optarg,
                                  MAX_DEPTH);
        break;
    case ':':
        return sl_usage_error(USAGE, "option -%c needs a value", optopt);
    default:
        return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
    }
    return 0;
}

/* Reads the operands left after the options, WORKLOAD and PORT, into *opts.
 * Returns 0, or the exit code to leave with (the usage error reported). */
static int parse_operands(int argc, char *argv[], struct options *opts)
{
    int found = -1;

    if (argc - optind < 2)
        return sl_usage_error(USAGE, argc == optind ? "missing workload and port"
                                                    : "missing port");
    if (argc - optind > 2)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind + 2]);
    for (int i = 0; i < (int)(sizeof workload_names / sizeof workload_names[0]); i++)
        if (strcmp(argv[optind], workload_names[i]) == 0)
            found = i;
    if (found < 0)
        return sl_usage_error(USAGE, "unknown workload '%s' (expected echo, bulk, udp, rpc "
                              "or idle)", argv[optind]);
    opts->workload = (enum workload)found;
    if (sl_parse_port(argv[optind + 1], 0, &opts->port) < 0)
        return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 1..65535)",
                              argv[optind + 1]);
    return 0;
}

/* Fits *opts to its workload (the size of what one call sends, the default
 * duration) and rejects the options that workload does not take. Returns 0,
 * or the exit code to leave with (the usage error reported). */
static int fit_to_workload(struct options *opts)
{
    if (opts->workload == WL_RPC)
        opts->size = 8;                /* the ADD call's arguments: two floats */
    if (opts->workload == WL_BULK)
        opts->size = CHUNK;            /* one send() at most */
    if (opts->seconds < 0)
        opts->seconds = opts->workload == WL_BULK ? 120 : 2;
    if (opts->depth > 1 && (opts->workload != WL_RPC || opts->transport != RPC_TCP))
        return sl_usage_error(USAGE, "-q %ld: pipelining is for rpc over tcp only", opts->depth);
    if (opts->batch && opts->depth < 2)
        return sl_usage_error(USAGE, "-b: batching is for pipelined calls (-q 2 or more)");
    if (opts->conns > 1 && opts->workload != WL_ECHO && opts->workload != WL_IDLE)
        return sl_usage_error(USAGE, "-c %ld: several connections are for echo and idle only",
                              opts->conns);
    return 0;
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt, status;

    set_defaults(opts);
    opterr = 0;
    while ((opt = getopt(argc, argv, ":H:c:s:d:W:n:T:q:bNgv")) != -1) {
        status = parse_option(opt, opts);
        if (status != 0)
            return status;
    }
    status = parse_operands(argc, argv, opts);
    if (status != 0)
        return status;
    return fit_to_workload(opts);
}

/* ---- connecting ------------------------------------------------------------- */

/* Raises the soft limit on descriptors so that wanted sockets fit. */
static void raise_fd_limit(long wanted)
{
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) < 0 || (rlim_t)wanted + 16 <= limit.rlim_cur)
        return;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0 && (rlim_t)wanted + 16 > limit.rlim_cur)
        sl_errorx("the descriptor limit (%ld) is too low for %ld connections",
                  (long)limit.rlim_cur, wanted);
}

/* Creates a socket of type (SOCK_STREAM or SOCK_DGRAM) connected to the
 * server; TCP gets TCP_NODELAY (every message leaves at once) unless nagle.
 * Returns the socket, or -1 (reported). */
static int connect_to(const struct sockaddr *server, socklen_t server_len, int type, int nagle)
{
    char text[SL_ADDRSTRLEN];
    int fd, status, one = 1;

    fd = sl_traced(socket(server->sa_family, type, 0), "%s, %s", sl_family_name(server->sa_family),
                   type == SOCK_STREAM ? "SOCK_STREAM" : "SOCK_DGRAM");
    if (fd < 0) {
        sl_error("socket");
        return -1;
    }
    sl_addr_string(server, text);
    status = sl_traced(connect(fd, server, server_len), "%d, %s", fd, text);
    if (status < 0) {
        sl_error("connect %s", text);
        sl_hint_for(errno, server, "the server under test");
        close(fd);
        return -1;
    }
    if (type == SOCK_STREAM && !nagle)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Receives exactly length bytes (blocking socket). Returns 0, or -1 with
 * errno (0 if the server closed the connection). */
static int recv_all(int fd, char *data, size_t length)
{
    while (length > 0) {
        ssize_t got = recv(fd, data, length, 0);

        if (got < 0 && errno == EINTR && !sl_interrupted())
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = 0;
            return -1;
        }
        data += got;
        length -= (size_t)got;
    }
    return 0;
}

/* Fills a message: its sequence number in 16 hex digits, then letters that
 * depend on it, so a stale or mixed-up echo never passes for right. Text
 * only, like a student's messages (a server that prints what it receives
 * prints it as it is). */
static void fill_message(char *message, size_t size, uint64_t seq)
{
    static const char hex[] = "0123456789abcdef";

    for (int i = 0; i < SEQ_DIGITS; i++)
        message[i] = hex[(seq >> (4 * (SEQ_DIGITS - 1 - i))) & 15];
    for (size_t i = SEQ_DIGITS; i < size; i++)
        message[i] = (char)('a' + (seq + i) % 26);
}

/* Non-zero if reply (at least SEQ_DIGITS bytes) carries sequence number seq. */
static int has_seq(const char *reply, uint64_t seq)
{
    char digits[SEQ_DIGITS];

    fill_message(digits, SEQ_DIGITS, seq);
    return memcmp(reply, digits, SEQ_DIGITS) == 0;
}

/* ---- echo: TCP closed loop ------------------------------------------------- */

/* One connection: blocking send() then recv() until the whole echo is back,
 * two system calls per round trip on the client's side. */
static int echo_one(int fd, const struct options *opts, struct run *run)
{
    size_t size = (size_t)opts->size;
    char *message = malloc(size), *reply = malloc(size);
    uint64_t t0 = now_ns(), t1, seq = 0;
    int status = 0;

    if (message == NULL || reply == NULL) {
        sl_error("malloc");
        status = -1;
    }
    while (status == 0 && t0 < run->end && !sl_interrupted()) {
        fill_message(message, size, ++seq);
        if (sl_send_all(fd, message, size, 0) < 0 || recv_all(fd, reply, size) < 0) {
            if (errno == 0)
                sl_errorx("the server closed the connection");
            else if (!sl_interrupted())
                sl_error("echo");
            run->errors++;
            status = -1;
            break;
        }
        t1 = now_ns();
        if (memcmp(message, reply, size) != 0)
            run->errors++;
        run_count(run, t0, t1, size);
        t0 = t1;
    }
    free(message);
    free(reply);
    return status;
}

/* Per connection state of the poll() loop. */
struct echo_conn {
    uint64_t seq, sent_at;
    size_t got;          /* bytes of the current echo received */
};

/* Sends conn's next message (a non-blocking send of a small message into an
 * empty socket buffer is taken whole). Returns 0 or -1. */
static int echo_send(int fd, struct echo_conn *conn, char *message, size_t size, uint64_t now)
{
    ssize_t sent;

    fill_message(message, size, ++conn->seq);
    conn->got = 0;
    conn->sent_at = now;
    sent = send(fd, message, size, MSG_NOSIGNAL);
    if (sent == (ssize_t)size)
        return 0;
    if (sent >= 0)
        errno = EMSGSIZE;  /* short send: the message is larger than the buffer */
    return -1;
}

/* The poll() loop's buffers: one state per connection, the message being
 * sent, the reply being received and the echo expected. */
struct echo_buffers {
    struct echo_conn *conns;
    char *message, *reply, *expected;
};

/* Sends the first message on each of the count connections, each then
 * waiting for POLLIN. Returns 0, or -1 (reported). */
static int echo_start_all(struct pollfd *fds, nfds_t count, struct echo_conn *conns,
                          char *message, size_t size, uint64_t now)
{
    for (nfds_t i = 0; i < count; i++) {
        fds[i].events = POLLIN;
        if (echo_send(fds[i].fd, &conns[i], message, size, now) < 0) {
            sl_error("send");
            return -1;
        }
    }
    return 0;
}

/* The measured loop over many connections: poll(), then on each ready one a
 * recv(); a whole echo is checked, counted and followed by the next message.
 * Runs until run->end. Returns 0, or -1 (reported). */
static int echo_poll_loop(struct pollfd *fds, const struct options *opts,
                          const struct echo_buffers *buffers, struct run *run)
{
    nfds_t count = (nfds_t)opts->conns;
    size_t size = (size_t)opts->size;
    struct echo_conn *conns = buffers->conns;
    char *message = buffers->message, *reply = buffers->reply, *expected = buffers->expected;
    uint64_t now = now_ns();
    int status = echo_start_all(fds, count, conns, message, size, now);

    while (status == 0 && now < run->end && !sl_interrupted()) {
        int ready = poll(fds, count, (int)((run->end - now) / 1000000) + 1);

        if (ready < 0 && errno != EINTR) {
            sl_error("poll");
            status = -1;
        }
        now = now_ns();
        for (nfds_t i = 0; status == 0 && ready > 0 && i < count; i++) {
            struct echo_conn *conn = &conns[i];
            ssize_t got;

            if (fds[i].revents == 0)
                continue;
            ready--;
            got = recv(fds[i].fd, reply + conn->got, size - conn->got, 0);
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                continue;
            if (got <= 0) {
                if (got == 0)
                    sl_errorx("the server closed connection %lu", (unsigned long)i + 1);
                else
                    sl_error("recv on connection %lu", (unsigned long)i + 1);
                run->errors++;
                status = -1;
                break;
            }
            conn->got += (size_t)got;
            if (conn->got < size)
                continue;
            fill_message(expected, size, conn->seq);
            if (memcmp(expected, reply, size) != 0)
                run->errors++;
            run_count(run, conn->sent_at, now, size);
            if (now < run->end && echo_send(fds[i].fd, conn, message, size, now) < 0) {
                sl_error("send on connection %lu", (unsigned long)i + 1);
                run->errors++;
                status = -1;
            }
        }
    }
    return status;
}

/* Many connections: poll() over all of them; each has one message in flight. */
static int echo_many(struct pollfd *fds, const struct options *opts, struct run *run)
{
    size_t size = (size_t)opts->size;
    struct echo_buffers buffers;
    int status = -1;

    buffers.conns = calloc((size_t)opts->conns, sizeof *buffers.conns);
    buffers.message = malloc(size);
    buffers.reply = malloc(size);
    buffers.expected = malloc(size);
    if (buffers.conns == NULL || buffers.message == NULL || buffers.reply == NULL
        || buffers.expected == NULL)
        sl_error("malloc");
    else
        status = echo_poll_loop(fds, opts, &buffers, run);
    free(buffers.conns);
    free(buffers.message);
    free(buffers.reply);
    free(buffers.expected);
    return status;
}

/* Opens opts->conns connections into fds[]. Non-blocking after connect when
 * nonblocking is set. Returns how many were opened (all, or fewer: reported). */
static long open_connections(struct pollfd *fds, const struct options *opts,
                             const struct sockaddr *server, socklen_t server_len)
{
    for (long i = 0; i < opts->conns; i++) {
        fds[i].fd = connect_to(server, server_len, SOCK_STREAM, opts->nagle);
        fds[i].events = 0;
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            return i;
    }
    return opts->conns;
}

/* Closes the connections. abort: with SO_LINGER 0, so close() sends a reset
 * and leaves no TIME_WAIT behind (10000 of them would hold 10000 ports for a
 * minute). */
static void close_connections(struct pollfd *fds, long count, int abort)
{
    struct linger reset = { 1, 0 };

    for (long i = 0; i < count; i++) {
        if (abort)
            setsockopt(fds[i].fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        close(fds[i].fd);
    }
}

static int run_echo(const struct options *opts, const struct sockaddr *server,
                    socklen_t server_len, struct run *run)
{
    struct pollfd *fds = calloc((size_t)opts->conns, sizeof *fds);
    long opened;
    int status = -1;

    if (fds == NULL) {
        sl_error("malloc");
        return -1;
    }
    opened = open_connections(fds, opts, server, server_len);
    if (opened == opts->conns) {
        struct histogram *latency = run->latency;

        run_init(run, latency, opts->warmup, opts->seconds);   /* the clock starts once all are connected */
        status = opts->conns == 1 ? echo_one(fds[0].fd, opts, run) : echo_many(fds, opts, run);
    }
    close_connections(fds, opened, 0);
    free(fds);
    return status;
}

/* ---- bulk: TCP stream, sent and read back at once ------------------------- */

/* The pattern sent: CHUNK bytes that repeat, so byte n of the stream is
 * pattern[n % CHUNK] and a received piece can be checked where it lands. */
static int bulk_check(const char *pattern, uint64_t offset, const char *data, size_t length)
{
    while (length > 0) {
        size_t at = (size_t)(offset % CHUNK), piece = CHUNK - at;

        if (piece > length)
            piece = length;
        if (memcmp(pattern + at, data, piece) != 0)
            return -1;
        offset += piece;
        data += piece;
        length -= piece;
    }
    return 0;
}

/* Reports why the echo stream ended early: got is recv()'s 0 (the server
 * closed the connection after received bytes) or -1 (errno says why). */
static void bulk_report_end(ssize_t got, uint64_t received)
{
    if (got == 0)
        sl_errorx("the server closed the connection after %llu bytes",
                  (unsigned long long)received);
    else
        sl_error("recv");
}

/* The measured transfer on the connected fd: sends opts->bytes of pattern
 * and reads the echo back at the same time (poll() for POLLIN|POLLOUT,
 * non-blocking calls) until all of it is back or run->end passes. Sets
 * run->bytes and run->ops. Returns 0, or -1 (reported). */
static int bulk_stream(int fd, const char *pattern, char *reply, const struct options *opts,
                       struct run *run)
{
    uint64_t total = (uint64_t)opts->bytes, sent = 0, received = 0;
    struct pollfd pfd = { .fd = fd };
    int status = 0;

    while (status == 0 && received < total && !sl_interrupted()) {
        pfd.events = (short)(POLLIN | (sent < total ? POLLOUT : 0));
        if (poll(&pfd, 1, 1000) < 0 && errno != EINTR) {
            sl_error("poll");
            status = -1;
            break;
        }
        if (now_ns() >= run->end) {
            sl_errorx("bulk: stopped after %.1f s with %llu of %llu bytes back", opts->seconds,
                      (unsigned long long)received, (unsigned long long)total);
            run->errors++;             /* a stalled transfer is not a figure */
            break;
        }
        while (sent < total && (pfd.revents & POLLOUT)) {
            size_t at = (size_t)(sent % CHUNK), length = CHUNK - at;
            ssize_t done;

            if (length > total - sent)
                length = (size_t)(total - sent);
            done = send(pfd.fd, pattern + at, length, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (done < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    sl_error("send");
                    status = -1;
                }
                break;
            }
            sent += (uint64_t)done;
        }
        while (status == 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t got = recv(pfd.fd, reply, CHUNK, MSG_DONTWAIT);

            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                break;
            if (got <= 0) {
                bulk_report_end(got, received);
                run->errors++;
                status = -1;
                break;
            }
            if (opts->verify && bulk_check(pattern, received, reply, (size_t)got) < 0)
                run->errors++;
            received += (uint64_t)got;
            run->ops++;
            if (received >= total)
                break;
        }
    }
    run->bytes = received;
    return status;
}

/* bulk: one connection, opts->bytes sent and read back; the clock runs from
 * the start, and the whole transfer is the one latency recorded. */
static int run_bulk(const struct options *opts, const struct sockaddr *server,
                    socklen_t server_len, struct run *run)
{
    char *pattern = malloc(CHUNK), *reply = malloc(CHUNK);
    uint64_t t0;
    int fd = -1, status = 0;

    if (pattern == NULL || reply == NULL) {
        sl_error("malloc");
        status = -1;
    } else if ((fd = connect_to(server, server_len, SOCK_STREAM, opts->nagle)) < 0) {
        status = -1;
    }
    if (status == 0)
        for (size_t i = 0; i < CHUNK; i++)
            pattern[i] = (char)(i * 7 + i / 251);
    run->measuring = 1;
    run->start = t0 = now_ns();
    run->end = t0 + (uint64_t)(opts->seconds * 1e9);
    if (status == 0)
        status = bulk_stream(fd, pattern, reply, opts, run);
    hist_add(run->latency, now_ns() - t0);   /* the one "operation": the whole transfer */
    if (fd >= 0)
        close(fd);
    free(pattern);
    free(reply);
    return status;
}

/* ---- udp: ping-pong ------------------------------------------------------------ */

/* The measured ping-pong on the connected UDP fd (SO_RCVTIMEO set): send one
 * size-byte message, recv its echo (a late echo of an earlier one is skipped,
 * a timeout counts it lost), until run->end. Returns 0, or -1 (reported). */
static int udp_ping_pong(int fd, char *message, char *reply, size_t size,
                         const struct sockaddr *server, struct run *run)
{
    uint64_t seq = 0, t0 = now_ns(), t1;
    int status = 0;

    while (t0 < run->end && !sl_interrupted()) {
        ssize_t got;

        fill_message(message, size, ++seq);
        if (send(fd, message, size, 0) < 0) {
            sl_error("send");
            run->errors++;
            status = -1;
            break;
        }
        for (;;) {
            got = recv(fd, reply, size + 1, 0);
            if (got < 0 || got != (ssize_t)size || has_seq(reply, seq))
                break;
            /* a late echo of an earlier datagram: not this one's, wait again */
        }
        t1 = now_ns();
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                run->lost++;
                t0 = t1;
                continue;
            }
            if (errno == EINTR)
                break;
            sl_error("recv");
            sl_hint_for_udp(errno, server, "the server under test");
            run->errors++;
            status = -1;
            break;
        }
        if (got != (ssize_t)size || memcmp(message, reply, size) != 0)
            run->errors++;
        run_count(run, t0, t1, size);
        t0 = t1;
    }
    return status;
}

/* udp: one connected UDP socket; an echo that does not come back within
 * 0.2 s counts as lost. */
static int run_udp(const struct options *opts, const struct sockaddr *server,
                   socklen_t server_len, struct run *run)
{
    size_t size = (size_t)opts->size;
    char *message = malloc(size), *reply = malloc(size + 1);
    struct timeval wait = { 0, 200000 };   /* no echo within 0.2 s: lost */
    int fd, status;

    if (message == NULL || reply == NULL) {
        sl_error("malloc");
        free(message);
        free(reply);
        return -1;
    }
    fd = connect_to(server, server_len, SOCK_DGRAM, 0);
    if (fd < 0) {
        free(message);
        free(reply);
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    run_init(run, run->latency, opts->warmup, opts->seconds);
    status = udp_ping_pong(fd, message, reply, size, server, run);
    close(fd);
    free(message);
    free(reply);
    return status;
}

/* ---- rpc: ARITH ADD through the toolkit's client runtime (rpc/arith.h) ------ */

/* The arguments of call number seq: small integers and a half, so that the
 * float sum is exact and checkable. */
static struct couple call_args(uint64_t seq)
{
    struct couple args = { (float)(seq % 100000), 0.5f };

    return args;
}

static void rpc_report(struct rpc_client *clnt, const char *what)
{
    char text[RPC_ERRSTRLEN];

    sl_errorx("%s: %s", what, rpc_strerror(rpc_client_error(clnt), text, sizeof text));
}

/* One call after the other: rpc_client_call() sends and waits for each. */
static int rpc_sync(struct rpc_client *clnt, struct run *run)
{
    uint64_t seq = 0, t0 = now_ns(), t1;

    while (t0 < run->end && !sl_interrupted()) {
        struct couple args = call_args(++seq);
        float sum = 0;

        if (rpc_client_call(clnt, ADD_PROC, xdr_couple, &args, rpc_xdrproc_float, &sum,
                            RPC_TIMEOUT_MS) != RPC_OK) {
            if (sl_interrupted())
                break;
            rpc_report(clnt, "ADD");
            run->errors++;
            return -1;
        }
        t1 = now_ns();
        if (sum != args.e1 + args.e2)
            run->errors++;
        run_count(run, t0, t1, sizeof sum);
        t0 = t1;
    }
    return 0;
}

/* A call in flight, while pipelining. */
struct in_flight {
    uint32_t xid;
    uint64_t sent_at;
    float expected;
    int busy;
};

/* rpc_client_send (one send() per call) or rpc_client_queue (batched). */
typedef enum rpc_status send_fn(struct rpc_client *, uint32_t, rpc_xdrproc, const void *,
                                uint32_t *);

/* Sends the next call (ADD of the next sequence number) into a free slot.
 * Returns 0, or -1 after reporting the failure. */
static int start_call(struct rpc_client *clnt, send_fn *send_call, struct in_flight *slot,
                      uint64_t *seq, uint64_t now)
{
    struct couple args = call_args(++*seq);

    if (send_call(clnt, ADD_PROC, xdr_couple, &args, &slot->xid) != RPC_OK) {
        rpc_report(clnt, "ADD (send)");
        return -1;
    }
    slot->sent_at = now;
    slot->expected = args.e1 + args.e2;
    slot->busy = 1;
    return 0;
}

/* Keeps depth calls in flight: send depth calls, then each reply that comes
 * back (matched by its xid) frees a slot for the next call. With batch, the
 * calls are queued and leave together when rpc_client_receive() would wait. */
static int rpc_pipelined(struct rpc_client *clnt, long depth, int batch, struct run *run)
{
    send_fn *send_call = batch ? rpc_client_queue : rpc_client_send;
    struct in_flight *slots = calloc((size_t)depth, sizeof *slots);
    uint64_t seq = 0, now = now_ns();
    long busy = 0;
    int status = 0;

    if (slots == NULL) {
        sl_error("malloc");
        return -1;
    }
    for (long i = 0; i < depth && status == 0; i++) {
        status = start_call(clnt, send_call, &slots[i], &seq, now);
        busy += status == 0;
    }
    while (status == 0 && busy > 0 && !sl_interrupted()) {
        uint32_t xid = 0;
        float sum = 0;
        enum rpc_status result = rpc_client_receive(clnt, &xid, rpc_xdrproc_float, &sum,
                                                    RPC_TIMEOUT_MS);
        long i;

        now = now_ns();
        for (i = 0; i < depth && !(slots[i].busy && slots[i].xid == xid); i++)
            continue;
        if (result != RPC_OK || i == depth) {
            if (sl_interrupted())
                break;
            if (result != RPC_OK)
                rpc_report(clnt, "ADD (receive)");
            else
                sl_errorx("ADD: a reply with an unknown xid %#x", (unsigned)xid);
            run->errors++;
            status = -1;
            break;
        }
        if (sum != slots[i].expected)
            run->errors++;
        run_count(run, slots[i].sent_at, now, sizeof sum);
        slots[i].busy = 0;
        busy--;
        if (now < run->end) {
            if (start_call(clnt, send_call, &slots[i], &seq, now) < 0) {
                run->errors++;
                status = -1;
                break;
            }
            busy++;
        }
    }
    free(slots);
    return status;
}

static int run_rpc(const struct options *opts, const struct sockaddr *server,
                   socklen_t server_len, struct run *run)
{
    struct rpc_error err;
    struct rpc_client *clnt;
    int fd, status;

    fd = connect_to(server, server_len, opts->transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM,
                    opts->nagle);
    if (fd < 0)
        return -1;
    clnt = rpc_client_create_fd(fd, opts->transport, ARITH_PROG, ARITH_VERS1, &err);
    if (clnt == NULL) {
        char text[RPC_ERRSTRLEN];

        sl_errorx("rpc client: %s", rpc_strerror(&err, text, sizeof text));
        close(fd);
        return -1;
    }
    run_init(run, run->latency, opts->warmup, opts->seconds);
    status = opts->depth > 1 ? rpc_pipelined(clnt, opts->depth, opts->batch, run) : rpc_sync(clnt, run);
    rpc_client_destroy(clnt);
    return status;
}

/* ---- idle: hold many connections ----------------------------------------------- */

static int run_idle(const struct options *opts, const struct sockaddr *server,
                    socklen_t server_len, struct run *run)
{
    struct pollfd *fds = calloc((size_t)opts->conns, sizeof *fds);
    long opened;
    int status = 0;

    if (fds == NULL) {
        sl_error("malloc");
        return -1;
    }
    run->measuring = 1;
    run->start = now_ns();
    opened = open_connections(fds, opts, server, server_len);
    if (opened < opts->conns)
        status = -1;
    for (long i = 0; status == 0 && i < opened; i++) {
        char byte = (char)('a' + i % 26), back = 0;
        uint64_t t0 = now_ns();

        if (sl_send_all(fds[i].fd, &byte, 1, 0) < 0 || recv_all(fds[i].fd, &back, 1) < 0) {
            sl_error("echo on connection %ld", i + 1);
            run->errors++;
            status = -1;
            break;
        }
        if (back != byte)
            run->errors++;
        run_count(run, t0, now_ns(), 1);
    }
    if (status == 0) {
        uint64_t end = now_ns() + (uint64_t)(opts->seconds * 1e9);
        struct timespec pause = { 0, 20000000 };

        printf("holding %ld connections for %.1f s (pid %ld)\n", opened, opts->seconds,
               (long)getpid());
        while (now_ns() < end && !sl_interrupted())
            nanosleep(&pause, NULL);
    }
    close_connections(fds, opened, 1);
    free(fds);
    return status;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage server;
    socklen_t server_len;
    static struct histogram latency;
    struct run run;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    status = sl_resolve(opts.host, opts.port, AF_UNSPEC,
                        opts.workload == WL_UDP || (opts.workload == WL_RPC &&
                                                    opts.transport == RPC_UDP)
                            ? SOCK_DGRAM : SOCK_STREAM,
                        0, &server, &server_len);
    if (status != 0) {
        sl_errorx("cannot resolve '%s': %s", opts.host, gai_strerror(status));
        return 1;
    }
    sl_catch_stop_signals();
    raise_fd_limit(opts.conns);
    run_init(&run, &latency, opts.warmup, opts.seconds);

    switch (opts.workload) {
    case WL_ECHO: status = run_echo(&opts, (struct sockaddr *)&server, server_len, &run); break;
    case WL_BULK: status = run_bulk(&opts, (struct sockaddr *)&server, server_len, &run); break;
    case WL_UDP:  status = run_udp(&opts, (struct sockaddr *)&server, server_len, &run); break;
    case WL_RPC:  status = run_rpc(&opts, (struct sockaddr *)&server, server_len, &run); break;
    case WL_IDLE: status = run_idle(&opts, (struct sockaddr *)&server, server_len, &run); break;
    }
    print_result(&opts, &run, now_ns());
    if (status < 0 && run.ops == 0)
        return 1;
    return run.errors > 0 || run.ops == 0 ? 1 : 0;
}
