/*
 * tcp_server.c - TP1, mode connecté: the TCP server.
 *
 * The handout's steps, in order:
 *   socket -> setsockopt(SO_REUSEADDR)
 *   -> bind -> listen -> accept
 *   -> recv -> send the reply -> close the connection
 * then, with -k (exercise 2.7), back to accept for the next client.
 *
 * An iterative server waits for one client at a time: a client that connects
 * and stays silent would hold it forever, and every other client would wait
 * in the listen() queue. So each connection gets a receive timeout
 * (SO_RCVTIMEO, -t, default 60 s: time enough to type a message while looking
 * at ss in another terminal); a client silent for that long is told nothing,
 * reported, and closed, and the next one is served.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_BUFSIZE 1048576
#define MAX_MESSAGE 1048576   /* bytes read from one client at most: a client that
                                 streams without end cannot hold the server */

#define USAGE "usage: tcp_server [-b ADDR] [-k] [-r REPLY] [-B BUFSIZE] [-t SECONDS] [-R] [-v] [PORT]"

struct options {
    const char *bind_host;   /* -b: the address to bind, as text */
    int keep_going;          /* -k: loop on accept forever */
    const char *reply;       /* -r: what each client is sent back */
    long bufsize;            /* -B: size of the recv() buffer */
    long timeout;            /* -t: seconds a client may stay silent; 0: forever */
    int reuse_addr;          /* SO_REUSEADDR, unless -R */
    unsigned short port;     /* PORT, default 60000; 0 lets the kernel choose */
};

static void print_help(void)
{
    printf("%s\n"
           "TP1 and IPv6 (labs/tp1-tcp.md, labs/tp-ipv6.md): a TCP server that receives\n"
           "one message per client and answers it, then closes the connection.\n"
           "  -b ADDR     address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)\n"
           "  -k          keep going: accept the next client after each one (exercise 2.7)\n"
           "  -r REPLY    reply sent to each client (default \"Welcome to this server\")\n"
           "  -B BUFSIZE  size of the recv() buffer, 1..1048576 (default 1024; -B 4 shows\n"
           "              a message arriving in pieces)\n"
           "  -t SECONDS  close a client that sends nothing for SECONDS, 0..86400\n"
           "              (default 60; 0: wait forever)\n"
           "  -R          do not set SO_REUSEADDR (to see bind fail during TIME_WAIT)\n"
           "  -v          trace every system call on stderr\n"
           "  PORT        port to listen on, 0..65535 (default 60000; 0: any free port)\n"
           "example: %s -k 60000\n", USAGE, sl_progname());
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->bind_host = "127.0.0.1";
    opts->keep_going = 0;
    opts->reply = "Welcome to this server";
    opts->bufsize = 1024;
    opts->timeout = 60;
    opts->reuse_addr = 1;
    opts->port = 60000;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:kr:B:t:Rv")) != -1) {
        switch (opt) {
        case 'b': opts->bind_host = optarg; break;
        case 'k': opts->keep_going = 1; break;
        case 'r': opts->reply = optarg; break;
        case 'R': opts->reuse_addr = 0; break;
        case 'v': sl_trace_enable(1); break;
        case 'B':
            if (sl_parse_long(optarg, 1, MAX_BUFSIZE, &opts->bufsize) < 0)
                return sl_usage_error(USAGE, "invalid buffer size '%s' (expected 1..1048576)",
                                      optarg);
            break;
        case 't':
            if (sl_parse_long(optarg, 0, 86400, &opts->timeout) < 0)
                return sl_usage_error(USAGE, "invalid timeout '%s' (expected 0..86400 seconds)",
                                      optarg);
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

/* Receives the client's message and prints it. The first recv() waits for
 * data; then whatever has already arrived is read without waiting
 * (MSG_DONTWAIT), piece by piece, until nothing is left. The server never
 * waits for the end of the stream: the client sends, then waits for our reply.
 * A client silent for timeout seconds (SO_RCVTIMEO) is given up on; past
 * MAX_MESSAGE bytes the rest is left unread (closing then resets the client).
 * Returns 0 if something was received, -1 otherwise (reported). */
static int receive_message(int conn_fd, const char *peer, char *buffer, size_t bufsize,
                           long timeout)
{
    int flags = 0;   /* the first recv() blocks */
    int pieces = 0;
    size_t total = 0;

    for (;;) {
        if (total >= MAX_MESSAGE) {
            printf("Client %s: message longer than %d bytes: the rest is not read\n", peer,
                   MAX_MESSAGE);
            return 0;
        }
        ssize_t got = sl_traced(recv(conn_fd, buffer, bufsize, flags),
                                "%d, %zu%s", conn_fd, bufsize, flags ? ", MSG_DONTWAIT" : "");

        if (got < 0 && errno == EINTR && !sl_interrupted())
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && pieces > 0)
            return 0;              /* everything that had arrived was read */
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            printf("Client %s sent nothing for %ld s: closing the connection\n", peer, timeout);
            return -1;             /* the first recv() timed out (SO_RCVTIMEO) */
        }
        if (got < 0) {
            sl_error("recv from %s", peer);
            return -1;
        }
        if (got == 0) {
            if (pieces == 0)
                printf("Client %s closed the connection without sending anything\n", peer);
            return pieces > 0 ? 0 : -1;
        }
        fputs("Server received: ", stdout);
        sl_put_text(stdout, buffer, (size_t)got);
        printf(" -- from client %s\n", peer);
        pieces++;
        total += (size_t)got;
        flags = MSG_DONTWAIT;      /* read the rest only if it is already there */
    }
}

/* send() may take fewer bytes than asked (a short send: the socket's buffer
 * was full), so send the rest until every byte is out. MSG_NOSIGNAL: a client
 * gone returns EPIPE instead of killing the server. Returns 0, or -1 (errno). */
static int send_all(int conn_fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t sent = sl_traced(send(conn_fd, data, length, MSG_NOSIGNAL),
                                 "%d, %zu bytes", conn_fd, length);

        if (sent < 0 && errno == EINTR && !sl_interrupted())
            continue;              /* a signal interrupted it: send again */
        if (sent < 0)
            return -1;
        data += sent;              /* a short send: the rest goes next turn */
        length -= (size_t)sent;
    }
    return 0;
}

/* Serves one client on conn_fd: receive, reply, close. Returns 0 or -1. */
static int serve_client(int conn_fd, const char *peer, const struct options *opts)
{
    static char buffer[MAX_BUFSIZE];
    struct timeval timeout = { opts->timeout, 0 };
    int status;

    /* SO_RCVTIMEO: recv() gives up after timeout seconds of silence (0: never).
     * Without it a silent client would hold the server: not served then. */
    status = sl_traced(setsockopt(conn_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout),
                       "%d, SO_RCVTIMEO, %ld s", conn_fd, opts->timeout);
    if (status < 0)
        sl_error("setsockopt SO_RCVTIMEO");
    else
        status = receive_message(conn_fd, peer, buffer, (size_t)opts->bufsize, opts->timeout);

    if (status == 0 && send_all(conn_fd, opts->reply, strlen(opts->reply)) < 0) {
        sl_error("send to %s", peer);
        status = -1;
    }
    if (sl_traced(close(conn_fd), "%d", conn_fd) < 0) {
        sl_error("close");
        status = -1;
    }
    return status;
}

/* Prints the address really bound (getsockname: port 0 becomes a real port),
 * then steps 5-8 for each client: accept(), then recv, send, close. Returns
 * the exit status: 0, or 1 (reported). */
static int serve_clients(int listen_fd, const struct options *opts)
{
    struct sockaddr_storage peer;
    socklen_t peer_len;
    char text[SL_ADDRSTRLEN];
    int conn_fd, status = 0;

    if (sl_local_string(listen_fd, text) == NULL) {
        sl_error("getsockname");
        return 1;
    }
    sl_catch_stop_signals();   /* from now on Ctrl-C ends the loop, not the process */
    printf("Listening on %s (pid %ld)\n", text, (long)getpid());
    while (!sl_interrupted()) {
        /* 5. accept(): wait for a client; returns a new socket for that connection. */
        peer_len = sizeof peer;
        conn_fd = sl_traced_from(accept(listen_fd, (struct sockaddr *)&peer, &peer_len),
                                 &peer, "%d", listen_fd);
        if (conn_fd < 0) {
            if (errno == EINTR)
                continue;          /* a signal: stop if it was Ctrl-C, else retry */
            sl_error("accept");
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                return 1;          /* out of resources: give up rather than spin */
            continue;              /* that connection was aborted: take the next one */
        }
        sl_addr_string((struct sockaddr *)&peer, text);
        printf("Connected by %s\n", text);

        /* 6-8. recv() the message, send() the reply, close() the connection. */
        status = serve_client(conn_fd, text, opts) == 0 ? 0 : 1;
        if (!opts->keep_going)
            break;
    }
    if (sl_interrupted()) {
        sl_errorx("interrupted: closing the listening socket and exiting");
        status = 0;
    }
    return status;
}

/* The address to listen on, built by hand: the family, the port in network
 * byte order (htons: 60000 is sent as the bytes 0xea 0x60, big-endian, TP3's
 * lesson), the address turned from text into bytes (inet_pton). -b also takes
 * a name (localhost) or a scoped address (fe80::1%eth0), which are not
 * literals: getaddrinfo() turns them into their first address. Returns 0, or
 * -1 (reported). */
static int local_address(const char *text, unsigned short port, struct sockaddr_in *local)
{
    struct addrinfo hints = { .ai_family = AF_INET }, *answers;
    int status;

    memset(local, 0, sizeof *local);
    if (inet_pton(AF_INET, text, &local->sin_addr) != 1) {
        status = getaddrinfo(text, NULL, &hints, &answers);
        if (status != 0) {
            sl_resolve_error(text, hints.ai_family, status);
            return -1;
        }
        memcpy(local, answers->ai_addr, sizeof *local);
        freeaddrinfo(answers);
    }
    local->sin_family = AF_INET;
    local->sin_port = htons(port);
    return 0;
}

/* Reports the step that failed (with strerror), closes fd, returns 1. */
static int fail_closing(int fd, const char *step)
{
    sl_error("%s", step);
    close(fd);
    return 1;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_in local;
    char text[SL_ADDRSTRLEN];
    int listen_fd, status, one = 1;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    if (local_address(opts.bind_host, opts.port, &local) < 0)
        return 1;

    /* 1. socket(): a TCP endpoint (SOCK_STREAM) of the address's family. */
    listen_fd = sl_traced(socket(AF_INET, SOCK_STREAM, 0), "AF_INET, SOCK_STREAM");
    if (listen_fd < 0) {
        sl_error("socket");
        return 1;
    }

    /* 2. SO_REUSEADDR: restarting the server never fails because of TIME_WAIT. */
    if (opts.reuse_addr &&
        sl_traced(setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
                  "%d, SO_REUSEADDR, 1", listen_fd) < 0)
        return fail_closing(listen_fd, "setsockopt SO_REUSEADDR");

    /* 3. bind(): attach the socket to the local address and port. */
    sl_addr_string((struct sockaddr *)&local, text);
    status = sl_traced(bind(listen_fd, (struct sockaddr *)&local, sizeof local),
                       "%d, %s", listen_fd, text);
    if (status < 0) {
        sl_error("bind %s", text);
        sl_hint_bind(errno, (struct sockaddr *)&local, SOCK_STREAM, opts.reuse_addr);
        close(listen_fd);
        return 1;
    }

    /* 4. listen(): become a passive socket; the kernel queues incoming connections. */
    status = sl_traced(listen(listen_fd, SOMAXCONN), "%d, %d", listen_fd, SOMAXCONN);
    if (status < 0)
        return fail_closing(listen_fd, "listen");

    /* 5-8. accept() each client, recv(), send() the reply, close(). */
    status = serve_clients(listen_fd, &opts);
    if (sl_traced(close(listen_fd), "%d", listen_fd) < 0) {
        sl_error("close");
        status = 1;
    }
    return status;
}
