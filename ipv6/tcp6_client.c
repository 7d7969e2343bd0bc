/*
 * tcp6_client.c - advanced exercise, IPv6: the TCP client.
 *
 * The handout's steps, in order:
 *   socket -> [bind to a static port, exercise 2.6] -> connect
 *   -> getsockname (exercise 2.5) -> send -> recv -> close
 *
 *   ./tcp6_client 60000 Bonjour         port and message from argv (exercise 3)
 *   echo Bonjour | ./tcp6_client 60000  message read from standard input (2.4)
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
#include <unistd.h>

#define MAX_BUFSIZE 1048576
#define REST_TIMEOUT_MS 1000  /* after the first piece of the reply */

#define USAGE "usage: tcp6_client [-H HOST] [-p SRCPORT] [-B BUFSIZE] [-v] PORT [MESSAGE...]"

struct options {
    const char *host;        /* -H: the server, default ::1 */
    unsigned short src_port; /* -p: bind this source port first; 0: let connect choose */
    long bufsize;            /* -B: size of the recv() buffer */
    unsigned short port;     /* PORT: the server's port */
    char *message;           /* MESSAGE words joined by spaces, or NULL: read stdin */
};

static void print_help(void)
{
    printf("%s\n"
           "IPv6 (labs/tp-ipv6.md): a TCP client that connects, sends one message,\n"
           "prints the reply.\n"
           "  -H HOST     the server's name or address (default ::1; link-local: fe80::1%%eth0)\n"
           "  -p SRCPORT  bind this source port before connecting (exercise 2.6)\n"
           "  -B BUFSIZE  size of the recv() buffer, 1..1048576 (default 1024)\n"
           "  -v          trace every system call on stderr\n"
           "  PORT        the server's port, 1..65535\n"
           "  MESSAGE     words to send, joined by spaces; none: one line is read from stdin\n"
           "example: tcp6_client 60000 Bonjour\n", USAGE);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->host = "::1";
    opts->src_port = 0;
    opts->bufsize = 1024;
    opts->message = NULL;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":H:p:B:v")) != -1) {
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
 * so its side closes first and keeps the TIME_WAIT (exercise 2.6). The first
 * recv() waits as long as it takes; after it, a server that stays silent for
 * REST_TIMEOUT_MS while keeping the connection open (an echo server) is left.
 * Returns 0, or -1 (reported). */
static int receive_reply(int sock_fd, const char *server, char *buffer, size_t bufsize)
{
    struct timeval rest_timeout = { REST_TIMEOUT_MS / 1000, (REST_TIMEOUT_MS % 1000) * 1000 };
    int pieces = 0;

    for (;;) {
        ssize_t got = recv(sock_fd, buffer, bufsize, 0);

        sl_trace("recv(%d, %zu) = %zd%s%s", sock_fd, bufsize, got, got < 0 ? " " : "",
                 got < 0 ? strerror(errno) : "");
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && pieces > 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;              /* the reply is complete; the server keeps the line open */
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
        if (pieces++ == 0)
            setsockopt(sock_fd, SOL_SOCKET, SO_RCVTIMEO, &rest_timeout, sizeof rest_timeout);
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

/* The lesson: connect to the server, send the message, print the reply.
 * opts->message is read from stdin if NULL. Returns the exit status: 0, or 1
 * (reported). */
static int talk_to_server(struct options *opts)
{
    size_t length;
    static char buffer[MAX_BUFSIZE];
    struct sockaddr_storage server, source;
    socklen_t server_len, source_len;
    char server_text[SL_ADDRSTRLEN], local_text[SL_ADDRSTRLEN];
    int sock_fd, status;

    status = sl_resolve(opts->host, opts->port, AF_INET6, SOCK_STREAM, 0, &server, &server_len);
    if (status != 0) {
        sl_errorx("cannot resolve '%s': %s", opts->host, gai_strerror(status));
        return 1;
    }
    sl_addr_string((struct sockaddr *)&server, server_text);

    /* 1. socket(): an endpoint for TCP over IPv6. */
    sock_fd = socket(AF_INET6, SOCK_STREAM, 0);
    sl_trace("socket(AF_INET6, SOCK_STREAM) = %d", sock_fd);
    if (sock_fd < 0) {
        sl_error("socket");
        return 1;
    }

    /* 2. (exercise 2.6) bind(): choose our own source port instead of letting
     *    connect() pick an ephemeral one. No SO_REUSEADDR: clients never set it. */
    if (opts->src_port != 0) {
        sl_resolve(NULL, opts->src_port, AF_INET6, SOCK_STREAM, 1, &source, &source_len);
        status = bind(sock_fd, (struct sockaddr *)&source, source_len);
        sl_trace("bind(%d, %s) = %d", sock_fd,
                 sl_addr_string((struct sockaddr *)&source, local_text), status);
        if (status < 0) {
            sl_error("bind %s", sl_addr_string((struct sockaddr *)&source, local_text));
            sl_hint_bind(errno, (struct sockaddr *)&source, SOCK_STREAM, 0);
            close(sock_fd);
            return 1;
        }
    }

    /* 3. connect(): the three-way handshake with the server. */
    status = connect(sock_fd, (struct sockaddr *)&server, server_len);
    sl_trace("connect(%d, %s) = %d", sock_fd, server_text, status);
    if (status < 0) {
        sl_error("connect %s", server_text);
        sl_hint_for(errno, (struct sockaddr *)&server, "tcp6_server");
        close(sock_fd);
        return 1;
    }

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
    if (sl_send_all(sock_fd, opts->message, length, 0) < 0) {
        sl_error("send to %s", server_text);
        close(sock_fd);
        return 1;
    }
    status = receive_reply(sock_fd, server_text, buffer, (size_t)opts->bufsize);

    /* 7. close(): end the connection. */
    close(sock_fd);
    sl_trace("close(%d) = 0", sock_fd);
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
