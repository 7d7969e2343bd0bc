/*
 * tcp_echo_server.c - TP1, the load and netstat exercises: one process, one
 * thread, many clients at once, every byte echoed back to its sender.
 *
 * The steps, in order:
 *   getrlimit/setrlimit(RLIMIT_NOFILE): one descriptor per client, so raise
 *   the soft limit to the hard limit -> socket -> setsockopt(SO_REUSEADDR)
 *   -> bind -> listen -> fcntl(O_NONBLOCK) -> then, until Ctrl-C:
 *   poll() over the listening socket and every client, and for each ready one:
 *     listening socket readable -> accept -> fcntl(O_NONBLOCK)
 *                                  -> setsockopt(TCP_NODELAY)
 *     client readable           -> recv -> send it back at once; what the
 *                                  kernel does not take now waits in that
 *                                  client's own buffer
 *     client writable           -> send the rest of its buffer
 *     end of stream or error    -> close
 *
 * Why it never stalls: every socket is non-blocking, so recv() and send()
 * return at once (EAGAIN when they would wait) and poll() is the only place
 * the server waits. A client that sends without reading its echo ends up with
 * a waiting buffer; the server then stops reading from it (back-pressure: its
 * data stays in the kernel, its TCP window closes, its send() blocks) and
 * serves everybody else. That buffer is bounded (one recv() at most) and
 * allocated only when a send() comes up short.
 *
 * Steps taught earlier, by tcp_server.c (TP1), are in common/'s
 * sl_server_socket(): socket, SO_REUSEADDR, bind, listen; the address comes
 * from sl_resolve(). fcntl(O_NONBLOCK) is common/'s sl_set_nonblocking():
 * fcntl(F_GETFL), then F_SETFL with O_NONBLOCK added.
 *
 *   ./tcp_echo_server 60000          echo on 127.0.0.1:60000
 *   ./tcp_echo_server -c 100 0       at most 100 clients, any free port
 */
#include "common.h"

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
#include <unistd.h>

#define USAGE "usage: tcp_echo_server [-b ADDR] [-c MAXCLIENTS] [-R] [-v] [PORT]"

#define ECHO_BUFSIZE   65536     /* one recv(): also the most a client's buffer holds */
#define RECV_ROUNDS    16        /* recv/send rounds per client per poll(), for fairness */
#define ACCEPT_BATCH   256       /* accept() calls per poll(), for fairness */
#define MIN_CLIENTS    1000      /* the spec's promise */
#define MAX_CLIENTS    1000000   /* a sane ceiling when the fd limit is huge */

struct options {
    const char *bind_host;   /* -b: address to bind, default 127.0.0.1 */
    long max_clients;        /* -c: cap on clients at once; 0: as many as fds allow */
    int reuse_addr;          /* SO_REUSEADDR, unless -R */
    unsigned short port;     /* PORT, default 60000; 0 lets the kernel choose */
};

/* What the server knows about one client, beside its struct pollfd. Small on
 * purpose: 10000 idle clients cost 10000 x (8 + 16) bytes. */
struct client {
    char *pending;           /* echo the kernel did not take yet (malloc), or NULL */
    uint32_t pending_len;    /* bytes in pending */
    uint32_t pending_sent;   /* of which already sent */
};

/* The whole state, passed around instead of globals. fds[0] is the listening
 * socket; fds[1..count-1] are the clients, and clients[i] goes with fds[i].
 * Both arrays are allocated once, for the capacity, and kept packed: a client
 * that leaves is replaced by the last one, so nothing is rebuilt per poll(). */
struct server {
    struct pollfd *fds;
    struct client *clients;
    nfds_t count;            /* 1 + number of clients */
    long capacity;           /* most clients at once */
    char *buffer;            /* the one recv() buffer, shared by every client */
    int accepting;           /* 0 while accept() is out of resources */
    uint64_t connections, refused, resets, bytes_in, bytes_out;
};

static void print_help(void)
{
    printf("%s\n"
           "TP1 (labs/tp1-tcp-part2.md): a TCP echo server for many clients at once, with\n"
           "poll() over non-blocking sockets in one process and one thread. The server\n"
           "of the load and netstat exercises.\n"
           "  -b ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)\n"
           "  -c MAXCLIENTS  at most this many clients at once, 1..%d; extra ones are\n"
           "                 accepted and closed at once (default: as many as the\n"
           "                 file-descriptor limit allows, raised to its hard limit)\n"
           "  -R             do not set SO_REUSEADDR (to see bind fail during TIME_WAIT)\n"
           "  -v             trace every system call on stderr (slow: one line per recv)\n"
           "  PORT           port to listen on, 0..65535 (default 60000; 0: any free port)\n"
           "Ctrl-C prints the totals (connections, bytes) and exits.\n"
           "example: tcp_echo_server 60000\n", USAGE, MAX_CLIENTS);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->bind_host = "127.0.0.1";
    opts->max_clients = 0;
    opts->reuse_addr = 1;
    opts->port = 60000;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:c:Rv")) != -1) {
        switch (opt) {
        case 'b': opts->bind_host = optarg; break;
        case 'R': opts->reuse_addr = 0; break;
        case 'v': sl_trace_enable(1); break;
        case 'c':
            if (sl_parse_long(optarg, 1, MAX_CLIENTS, &opts->max_clients) < 0)
                return sl_usage_error(USAGE, "invalid client count '%s' (expected 1..%d)",
                                      optarg, MAX_CLIENTS);
            break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (argc - optind > 1)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind + 1]);
    if (optind < argc && sl_parse_port(argv[optind], 1, &opts->port) < 0)
        return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 0..65535)",
                              argv[optind]);
    return 0;
}

/* Raises the soft limit on open files (RLIMIT_NOFILE) to the hard limit: each
 * client is one descriptor, and the soft limit is often only 1024. Sets
 * *before to the soft limit found. Returns the soft limit now in force. */
static long raise_fd_limit(long *before)
{
    struct rlimit limit;
    int status;

    if (getrlimit(RLIMIT_NOFILE, &limit) < 0) {
        sl_error("getrlimit(RLIMIT_NOFILE)");
        *before = 1024;
        return 1024;
    }
    if (limit.rlim_cur == RLIM_INFINITY)
        limit.rlim_cur = MAX_CLIENTS;
    *before = (long)limit.rlim_cur;
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_cur < limit.rlim_max) {
        rlim_t wanted = limit.rlim_max;

        limit.rlim_cur = wanted;
        status = sl_traced(setrlimit(RLIMIT_NOFILE, &limit), "RLIMIT_NOFILE, %ld", (long)wanted);
        if (status < 0) {
            sl_error("setrlimit(RLIMIT_NOFILE, %ld)", (long)wanted);
            return *before;
        }
    }
    return limit.rlim_cur > MAX_CLIENTS ? MAX_CLIENTS : (long)limit.rlim_cur;
}

/* Counts the descriptors open now below limit (inherited ones included:
 * each takes a place a client could have had). One poll() per 1024
 * descriptors: a closed one comes back POLLNVAL. */
static long count_open_fds(long limit)
{
    struct pollfd probe[1024];
    long open_fds = 0;

    for (long base = 0; base < limit; base += 1024) {
        nfds_t n = (nfds_t)(limit - base < 1024 ? limit - base : 1024);

        for (nfds_t k = 0; k < n; k++)
            probe[k] = (struct pollfd){ .fd = (int)(base + (long)k), .events = 0 };
        if (poll(probe, n, 0) < 0)
            return base;             /* cannot tell: count the rest as free */
        for (nfds_t k = 0; k < n; k++)
            if (!(probe[k].revents & POLLNVAL))
                open_fds++;
    }
    return open_fds;
}

/* Closes client i and keeps the arrays packed: the last client moves into
 * slot i (the caller must look at slot i again). why names the reason for the
 * trace, err the errno that ended it (0: an ordinary end of stream). */
static void drop_client(struct server *srv, nfds_t i, const char *why, int err)
{
    int fd = srv->fds[i].fd;

    if (err == ECONNRESET)
        srv->resets++;
    if (err != 0 && err != ECONNRESET && err != EPIPE)
        sl_errorx("client on descriptor %d: %s: %s", fd, why, strerror(err));
    if (sl_traced_note(close(fd), why, "%d", fd) < 0)
        sl_error("close(%d)", fd);   /* reported; the descriptor is gone all the same */
    free(srv->clients[i].pending);
    srv->count--;
    srv->fds[i] = srv->fds[srv->count];
    srv->clients[i] = srv->clients[srv->count];
}

/* Keeps the echo bytes the kernel did not take (a short send) in client i's
 * own buffer and stops reading from that client until they are sent: that is
 * the back-pressure. Returns 0, or -1 if out of memory. */
static int keep_pending(struct server *srv, nfds_t i, const char *data, size_t length)
{
    struct client *client = &srv->clients[i];

    client->pending = malloc(length);
    if (client->pending == NULL)
        return -1;
    memcpy(client->pending, data, length);
    client->pending_len = (uint32_t)length;
    client->pending_sent = 0;
    srv->fds[i].events = POLLOUT;    /* wait until it can take more; stop reading */
    return 0;
}

/* Client i is readable: recv() what arrived and send() it straight back, a
 * few rounds while full buffers keep coming. Returns 0, or -1 when the client
 * must be dropped (end of stream or error: errno says which, 0 for the end). */
static int echo_client(struct server *srv, nfds_t i)
{
    int fd = srv->fds[i].fd;

    for (int round = 0; round < RECV_ROUNDS; round++) {
        ssize_t got = sl_traced(recv(fd, srv->buffer, ECHO_BUFSIZE, 0), "%d, %d", fd, ECHO_BUFSIZE);
        ssize_t sent;

        if (got == 0) {
            errno = 0;               /* the client closed its side: we are done */
            return -1;
        }
        if (got < 0)
            return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
        srv->bytes_in += (uint64_t)got;

        sent = sl_traced(send(fd, srv->buffer, (size_t)got, MSG_NOSIGNAL),
                         "%d, %zd bytes", fd, got);
        if (sent < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                return -1;
            sent = 0;
        }
        srv->bytes_out += (uint64_t)sent;
        if (sent < got) {
            if (keep_pending(srv, i, srv->buffer + sent, (size_t)(got - sent)) < 0) {
                errno = ENOMEM;
                return -1;
            }
            return 0;
        }
        if (got < ECHO_BUFSIZE)
            return 0;                /* less than a full buffer: nothing more waits */
    }
    return 0;
}

/* Client i is writable: send() the rest of its waiting echo. Once all of it
 * is sent, free the buffer and read from the client again. Returns 0, or -1
 * (errno set) when the client must be dropped. */
static int flush_client(struct server *srv, nfds_t i)
{
    struct client *client = &srv->clients[i];
    size_t left = client->pending_len - client->pending_sent;
    ssize_t sent = sl_traced(send(srv->fds[i].fd, client->pending + client->pending_sent, left,
                                  MSG_NOSIGNAL), "%d, %zu bytes", srv->fds[i].fd, left);

    if (sent < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
    srv->bytes_out += (uint64_t)sent;
    client->pending_sent += (uint32_t)sent;
    if (client->pending_sent == client->pending_len) {
        free(client->pending);
        client->pending = NULL;
        srv->fds[i].events = POLLIN;  /* all sent: read from it again */
    }
    return 0;
}

/* Says no to a client when the server is full: reads what it may already have
 * sent (so close() sends a plain FIN, not a reset), then closes. */
static void refuse_client(struct server *srv, int conn_fd, const char *peer)
{
    char scrap[512];

    while (recv(conn_fd, scrap, sizeof scrap, MSG_DONTWAIT) > 0)
        continue;
    if (sl_traced_note(close(conn_fd), "refused", "%d", conn_fd) < 0)
        sl_error("close(%d)", conn_fd);
    srv->refused++;
    sl_errorx("refused %s: already %ld clients (the limit)", peer, srv->capacity);
}

/* The listening socket is readable: accept() the clients that wait, up to a
 * batch, make each non-blocking, turn Nagle's algorithm off (TCP_NODELAY: an
 * echo goes out at once, not held back waiting for an ACK), add it to the
 * poll() array. */
static void accept_clients(struct server *srv)
{
    int listen_fd = srv->fds[0].fd, one = 1;

    for (int n = 0; n < ACCEPT_BATCH; n++) {
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        char peer_text[SL_ADDRSTRLEN];
        int conn_fd = sl_traced_from(accept(listen_fd, (struct sockaddr *)&peer, &peer_len),
                                     &peer, "%d", listen_fd);

        if (conn_fd < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return;              /* nobody else waits */
            sl_error("accept");
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                srv->accepting = 0;  /* out of resources: pause, retry in a second */
            return;
        }
        sl_addr_string((struct sockaddr *)&peer, peer_text);
        if ((long)srv->count - 1 >= srv->capacity) {
            refuse_client(srv, conn_fd, peer_text);
            continue;
        }
        if (sl_set_nonblocking(conn_fd) < 0) {
            sl_error("fcntl(%d, O_NONBLOCK)", conn_fd);
            close(conn_fd);
            continue;
        }
        if (sl_traced(setsockopt(conn_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one),
                      "%d, TCP_NODELAY, 1", conn_fd) < 0)
            sl_error("setsockopt TCP_NODELAY");   /* served all the same, Nagle on */
        srv->fds[srv->count].fd = conn_fd;
        srv->fds[srv->count].events = POLLIN;
        srv->fds[srv->count].revents = 0;
        srv->clients[srv->count] = (struct client){ NULL, 0, 0 };
        srv->count++;
        srv->connections++;
    }
}

/* One poll() and the work it reports. Returns 0, or -1 on a poll() failure. */
static int serve_once(struct server *srv)
{
    int ready = poll(srv->fds, srv->count, srv->accepting ? -1 : 1000);

    if (ready < 0)
        return errno == EINTR ? 0 : -1;
    if (!srv->accepting) {           /* after a resource shortage: try again */
        srv->accepting = 1;
        srv->fds[0].events = POLLIN;
    }
    if (srv->fds[0].revents != 0)
        ready--;
    for (nfds_t i = 1; i < srv->count && ready > 0;) {
        short revents = srv->fds[i].revents;
        int status = 0;

        if (revents == 0) {
            i++;
            continue;
        }
        ready--;
        srv->fds[i].revents = 0;
        if (srv->fds[i].events & POLLOUT)
            status = flush_client(srv, i);  /* POLLERR/POLLHUP: send() says why */
        if (status == 0 && srv->fds[i].events & POLLIN)
            status = echo_client(srv, i);   /* POLLERR/POLLHUP: recv() says why */
        if (status < 0)
            drop_client(srv, i, errno == 0 ? "end of stream" : strerror(errno), errno);
        else
            i++;
    }
    if (srv->fds[0].revents & POLLIN)
        accept_clients(srv);
    if (!srv->accepting)
        srv->fds[0].events = 0;      /* stop watching it until the timeout */
    return 0;
}

/* Closes every client and frees what setup_server() allocated. */
static void close_server(struct server *srv)
{
    for (nfds_t i = 1; i < srv->count; i++) {
        close(srv->fds[i].fd);
        free(srv->clients[i].pending);
    }
    free(srv->fds);
    free(srv->clients);
    free(srv->buffer);
}

/* Allocates the arrays for capacity clients. calloc() of a large size maps
 * pages that cost nothing until touched, so a high capacity stays cheap.
 * Returns 0, or -1 (reported; nothing left allocated). */
static int setup_server(struct server *srv, int listen_fd, long capacity)
{
    memset(srv, 0, sizeof *srv);
    srv->capacity = capacity;
    srv->fds = calloc((size_t)capacity + 1, sizeof *srv->fds);
    srv->clients = calloc((size_t)capacity + 1, sizeof *srv->clients);
    srv->buffer = malloc(ECHO_BUFSIZE);
    if (srv->fds == NULL || srv->clients == NULL || srv->buffer == NULL) {
        sl_error("malloc for %ld clients", capacity);
        close_server(srv);
        return -1;
    }
    srv->fds[0].fd = listen_fd;
    srv->fds[0].events = POLLIN;
    srv->count = 1;
    srv->accepting = 1;
    return 0;
}

/* How many clients: every descriptor left under fd_limit (those open now, 0,
 * 1, 2, the listening socket and any inherited, are taken, and one is kept
 * spare to accept and refuse the client too many), or fewer with -c.
 * Returns the number, or -1 (reported) when none is left. */
static long choose_capacity(const struct options *opts, long fd_limit)
{
    long open_fds = count_open_fds(fd_limit);
    long capacity = fd_limit - open_fds - 1;

    if (capacity < 1) {
        sl_errorx("the file-descriptor limit (%ld) leaves no descriptor for a client: "
                  "%ld are open already, and one is kept to refuse the client too many",
                  fd_limit, open_fds);
        sl_hint("raise the limit (ulimit -n, or prlimit --nofile) to at least %ld",
                open_fds + 2);
        return -1;
    }
    if (opts->max_clients > capacity)
        sl_errorx("-c %ld: the file-descriptor limit (%ld) allows only %ld clients "
                  "(%ld descriptors are open already)",
                  opts->max_clients, fd_limit, capacity, open_fds);
    else if (opts->max_clients > 0)
        capacity = opts->max_clients;
    return capacity;
}

/* The end: why the server stops (Ctrl-C), and the last line, what it did. */
static void print_totals(const struct server *srv)
{
    if (sl_interrupted())
        sl_errorx("interrupted: closing %ld clients and the listening socket, exiting",
                  (long)srv->count - 1);
    printf("Totals: %llu connections (%llu refused, %llu reset by the client), "
           "%llu bytes received, %llu bytes echoed\n",
           (unsigned long long)srv->connections, (unsigned long long)srv->refused,
           (unsigned long long)srv->resets, (unsigned long long)srv->bytes_in,
           (unsigned long long)srv->bytes_out);
}

/* The first lines: where the server listens, and how many clients it takes
 * (with a hint when the descriptor limit allows fewer than MIN_CLIENTS and
 * no -c asked for that). */
static void print_start(const char *local_text, long capacity, long fd_limit,
                        long fd_limit_before, int no_max_asked)
{
    printf("Listening on %s (pid %ld)\n", local_text, (long)getpid());
    printf("Up to %ld clients at once (file-descriptor limit %ld, soft limit was %ld)\n",
           capacity, fd_limit, fd_limit_before);
    if (capacity < MIN_CLIENTS && no_max_asked)
        sl_hint("fewer than %d clients possible: raise the hard limit (ulimit -Hn, "
                "or LimitNOFILE= for a service)", MIN_CLIENTS);
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct server srv;
    struct sockaddr_storage local;
    socklen_t local_len;
    char local_text[SL_ADDRSTRLEN];
    long fd_limit, fd_limit_before, capacity;
    struct sl_server_options how = { .socktype = SOCK_STREAM };
    int listen_fd, status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    status = sl_resolve(opts.bind_host, opts.port, AF_INET, SOCK_STREAM, 1, &local, &local_len);
    if (status != 0) {
        sl_resolve_error(opts.bind_host, AF_INET, status);
        return 1;
    }
    sl_catch_stop_signals();

    /* 0. One descriptor per client: raise the soft limit to the hard limit. */
    fd_limit = raise_fd_limit(&fd_limit_before);

    /* 1-4. socket, bind, listen (TP1); 5. non-blocking: accept() may say EAGAIN. */
    how.no_reuse_addr = !opts.reuse_addr;
    listen_fd = sl_server_socket(&local, local_len, &how, local_text);
    if (listen_fd < 0)
        return 1;
    if (sl_set_nonblocking(listen_fd) < 0) {
        sl_error("fcntl(%d, O_NONBLOCK)", listen_fd);
        close(listen_fd);
        return 1;
    }
    capacity = choose_capacity(&opts, fd_limit);
    if (capacity < 0 || setup_server(&srv, listen_fd, capacity) < 0) {
        close(listen_fd);
        return 1;
    }
    print_start(local_text, capacity, fd_limit, fd_limit_before, opts.max_clients == 0);

    /* 6. The poll() loop, until Ctrl-C (status is 0 here). */
    while (status == 0 && !sl_interrupted())
        status = serve_once(&srv) < 0 ? 1 : 0;
    if (status != 0)
        sl_error("poll");
    print_totals(&srv);
    close_server(&srv);
    if (sl_traced(close(listen_fd), "%d", listen_fd) < 0) {
        sl_error("close");
        status = 1;
    }
    return status;
}
