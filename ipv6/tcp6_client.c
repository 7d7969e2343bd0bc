/*
 * tcp6_client.c - advanced exercise, IPv6: the TCP client.
 *
 * The handout's steps, in order:
 *   getaddrinfo, htons -> socket -> [bind to a static port, exercise 2.6] -> connect
 *   -> getsockname (exercise 2.5) -> send -> recv -> close
 */
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_BUFSIZE 1048576
#define REST_TIMEOUT_MS 1000  /* after the first piece of the reply */
#define MAX_TIMEOUT 86400     /* -t: a day at most */

#define USAGE "usage: tcp6_client [-H HOST] [-p SRCPORT] [-B BUFSIZE] [-t SECONDS] [-v] PORT [MESSAGE...]"

struct options {
    const char *host;        /* -H: the server, a name or an address */
    unsigned short src_port; /* -p: bind this source port first; 0: let connect choose */
    long bufsize;            /* -B: size of the recv() buffer */
    long timeout;            /* -t: seconds the whole reply may take; 0: forever */
    unsigned short port;     /* PORT: the server's port */
    char *message;           /* MESSAGE words joined by spaces, or NULL: read stdin */
};

static void print_help(void)
{
    printf("%s\n"
           "TP1 and IPv6 (labs/tp1-tcp.md, labs/tp-ipv6.md): a TCP client that connects,\n"
           "sends one message, prints the reply.\n"
           "  -H HOST     the server's name or address (default ::1; link-local: fe80::1%%eth0)\n"
           "  -p SRCPORT  bind this source port before connecting (exercise 2.6)\n"
           "  -B BUFSIZE  size of the recv() buffer, 1..1048576 (default 1024)\n"
           "  -t SECONDS  wait at most SECONDS for the whole reply, 0..86400 (default 60;\n"
           "              0: forever); a server silent or still sending by then: exit 1\n"
           "  -v          trace every system call on stderr\n"
           "  PORT        the server's port, 1..65535\n"
           "  MESSAGE     words to send, joined by spaces; none: one line is read from stdin\n"
           "example: %s 60000 Bonjour\n", USAGE, sl_progname());
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->host = "::1";
    opts->src_port = 0;
    opts->bufsize = 1024;
    opts->timeout = 60;
    opts->message = NULL;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":H:p:B:t:v")) != -1) {
        switch (opt) {
        case 'H': opts->host = optarg; break;
        case 'v': sl_trace_enable(1); break;
        case 'p':
            if (sl_parse_port(optarg, 0, &opts->src_port) < 0)
                return sl_usage_error(USAGE, "invalid source port '%s' (expected 1..65535)",
                                      optarg);
            break;
        case 'B':
            if (sl_parse_long(optarg, 1, MAX_BUFSIZE, &opts->bufsize) < 0)
                return sl_usage_error(USAGE, "invalid buffer size '%s' (expected 1..1048576)",
                                      optarg);
            break;
        case 't':
            if (sl_parse_long(optarg, 0, MAX_TIMEOUT, &opts->timeout) < 0)
                return sl_usage_error(USAGE, "invalid timeout '%s' (expected 0..86400 seconds)",
                                      optarg);
            break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (optind >= argc)
        return sl_usage_error(USAGE, "missing PORT");
    if (sl_parse_port(argv[optind], 0, &opts->port) < 0)
        return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 1..65535)",
                              argv[optind]);
    if (optind + 1 < argc) {
        opts->message = sl_join_words(argc - optind - 1, argv + optind + 1);
        if (opts->message == NULL) {
            sl_error("malloc");
            return 1;
        }
    }
    return 0;
}

/* Receives and prints the reply, piece by piece, until the server closes the
 * connection (recv() returns 0): the TP1 server closes right after replying,
 * so its side closes first and keeps the TIME_WAIT (exercise 2.6). After the
 * first piece, a server that stays silent for REST_TIMEOUT_MS while keeping
 * the connection open (an echo server) is left. The whole reply may take
 * timeout seconds (-t; 0: as long as it takes): a server silent, or still
 * trickling, by then is a failure. Returns 0, or -1 (reported). */
static int receive_reply(int sock_fd, const char *server, char *buffer, size_t bufsize,
                         long timeout)
{
    long long deadline = timeout > 0 ? sl_now_ms() + timeout * 1000 : 0;
    int pieces = 0;

    for (;;) {
        long long wait_ms = pieces > 0 ? REST_TIMEOUT_MS : 0;   /* 0: no limit */
        struct timeval limit;
        ssize_t got;

        /* -t: the whole reply within the deadline, a trickle included. */
        if (deadline > 0 && (wait_ms == 0 || deadline - sl_now_ms() < wait_ms))
            wait_ms = deadline - sl_now_ms() > 0 ? deadline - sl_now_ms() : 1;
        limit.tv_sec = (time_t)(wait_ms / 1000);
        limit.tv_usec = (suseconds_t)(wait_ms % 1000) * 1000;
        if (setsockopt(sock_fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) < 0) {
            sl_error("setsockopt SO_RCVTIMEO");   /* else the client could wait forever */
            return -1;
        }
        got = sl_traced(recv(sock_fd, buffer, bufsize, 0), "%d, %zu", sock_fd, bufsize);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (deadline > 0 && sl_now_ms() >= deadline) {
                if (pieces == 0)
                    sl_errorx("no reply from %s within %ld s", server, timeout);
                else
                    sl_errorx("the reply from %s was still coming after %ld s: "
                              "stopped reading", server, timeout);
                sl_hint("the server is stuck, or slow: -t SECONDS waits longer (-t 0: forever)");
                return -1;
            }
            if (pieces > 0)
                return 0;          /* the reply is complete; the server keeps the line open */
        }
        if (got < 0) {
            sl_error("recv from %s", server);
            return -1;
        }
        if (got == 0) {
            if (pieces == 0)
                sl_errorx("%s closed the connection without replying", server);
            return pieces > 0 ? 0 : -1;
        }
        fputs("Client received: ", stdout);
        sl_put_text(stdout, buffer, (size_t)got);
        putchar('\n');
        pieces++;
    }
}

/* The message typed by the user (exercise 2.4), read once connected, so that
 * `ss -tan` shows the ESTABLISHED connection while the user types. Returns a
 * new string, or NULL (reported) at end of input or for an empty line. */
static char *read_message(size_t *length)
{
    char *line;

    if (isatty(STDIN_FILENO)) {
        fputs("Message: ", stdout);
        fflush(stdout);
    }
    line = sl_read_line(stdin, length);
    if (line == NULL)
        sl_errorx("no message: standard input is empty");
    else if (*length == 0)
        sl_errorx("empty message: nothing to send");
    else
        return line;
    free(line);
    return NULL;
}

/* send() may take fewer bytes than asked (a short send: the socket's buffer
 * was full), so send the rest until every byte is out. MSG_NOSIGNAL: a server
 * gone returns EPIPE instead of killing the client. Returns 0, or -1 (errno). */
static int send_all(int sock_fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t sent = sl_traced(send(sock_fd, data, length, MSG_NOSIGNAL),
                                 "%d, %zu bytes", sock_fd, length);

        if (sent < 0 && errno == EINTR && !sl_interrupted())
            continue;              /* a signal interrupted it: send again */
        if (sent < 0)
            return -1;
        data += sent;              /* a short send: the rest goes next turn */
        length -= (size_t)sent;
    }
    return 0;
}

/* Steps 1-3 towards one of the server's addresses: socket(), bind() the
 * source port if src_port is not 0, connect(). Returns the connected socket,
 * or -1 (reported). */
static int connect_to(const struct sockaddr_in6 *server, unsigned short src_port)
{
    struct sockaddr_in6 source;
    char text[SL_ADDRSTRLEN];
    int sock_fd, status;

    /* 1. socket(): a TCP endpoint (SOCK_STREAM) of the address's family. */
    sock_fd = sl_traced(socket(AF_INET6, SOCK_STREAM, 0), "AF_INET6, SOCK_STREAM");
    if (sock_fd < 0) {
        sl_error("socket");
        return -1;
    }

    /* 2. (exercise 2.6) bind(): choose our own source port instead of letting
     *    connect() pick an ephemeral one. No SO_REUSEADDR: clients never set it.
     *    The address stays all zeros: any of ours (INADDR_ANY, in6addr_any). */
    if (src_port != 0) {
        memset(&source, 0, sizeof source);
        source.sin6_family = AF_INET6;
        source.sin6_port = htons(src_port);
        sl_addr_string((struct sockaddr *)&source, text);
        status = sl_traced(bind(sock_fd, (struct sockaddr *)&source, sizeof source),
                           "%d, %s", sock_fd, text);
        if (status < 0) {
            sl_error("bind %s", text);
            sl_hint_bind(errno, (struct sockaddr *)&source, SOCK_STREAM, 0);
            close(sock_fd);
            return -1;
        }
    }

    /* 3. connect(): the three-way handshake with the server. */
    sl_addr_string((const struct sockaddr *)server, text);
    status = sl_traced(connect(sock_fd, (const struct sockaddr *)server, sizeof *server),
                       "%d, %s", sock_fd, text);
    if (status < 0) {
        sl_error("connect %s", text);
        sl_hint_for(errno, (const struct sockaddr *)server, "tcp6_server");
        close(sock_fd);
        return -1;
    }
    return sock_fd;
}

/* The lesson: connect to the server, send the message, print the reply.
 * opts->message is read from stdin if NULL. Returns the exit status: 0, or 1
 * (reported). */
static int talk_to_server(struct options *opts)
{
    size_t length;
    static char buffer[MAX_BUFSIZE];
    struct addrinfo hints = { .ai_family = AF_INET6, .ai_socktype = SOCK_STREAM };
    struct addrinfo *answers, *answer;
    struct sockaddr_in6 server;
    char server_text[SL_ADDRSTRLEN], local_text[SL_ADDRSTRLEN];
    int sock_fd = -1, status;

    /* 0. The server's address: getaddrinfo() turns -H's name or literal into
     *    addresses (a name may have several); the port goes in by hand, in
     *    network byte order (htons). Steps 1-3 for each address in turn,
     *    until one connects. */
    status = getaddrinfo(opts->host, NULL, &hints, &answers);
    if (status != 0) {
        sl_resolve_error(opts->host, hints.ai_family, status);
        return 1;
    }
    for (answer = answers; answer != NULL && sock_fd < 0; answer = answer->ai_next) {
        memcpy(&server, answer->ai_addr, sizeof server);
        server.sin6_port = htons(opts->port);
        sock_fd = connect_to(&server, opts->src_port);
    }
    freeaddrinfo(answers);
    if (sock_fd < 0)
        return 1;
    sl_addr_string((struct sockaddr *)&server, server_text);

    /* 4. getsockname() (exercise 2.5): the address and port the kernel gave us. */
    if (sl_local_string(sock_fd, local_text) == NULL) {
        sl_error("getsockname");
        close(sock_fd);
        return 1;
    }
    printf("Local address: %s\n", local_text);

    /* 5. send() the message, then 6. recv() the reply. */
    if (opts->message == NULL)
        opts->message = read_message(&length);
    else
        length = strlen(opts->message);
    if (opts->message == NULL) {
        close(sock_fd);
        return 1;
    }
    if (send_all(sock_fd, opts->message, length) < 0) {
        sl_error("send to %s", server_text);
        close(sock_fd);
        return 1;
    }
    status = receive_reply(sock_fd, server_text, buffer, (size_t)opts->bufsize, opts->timeout);

    /* 7. close(): end the connection. */
    if (sl_traced(close(sock_fd), "%d", sock_fd) < 0) {
        sl_error("close");
        status = -1;
    }
    return status == 0 ? 0 : 1;
}

int main(int argc, char *argv[])
{
    struct options opts;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    if (opts.message != NULL && opts.message[0] == '\0')
        status = sl_usage_error(USAGE, "empty message: nothing to send");
    else
        status = talk_to_server(&opts);
    free(opts.message);
    return status;
}
