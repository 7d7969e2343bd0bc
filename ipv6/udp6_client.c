/*
 * udp6_client.c - advanced exercise, IPv6: the UDP client.
 *
 * The handout's steps, in order:
 *   getaddrinfo, htons -> socket(SOCK_DGRAM) -> [bind a static source port, -p]
 *   -> [connect, -c: only to hear ICMP errors] -> sendto -> recvfrom -> close
 * with, in interactive mode, one sendto/recvfrom exchange per line typed.
 * No connection is made: when the client quits, the server is never told.
 * With MESSAGE: one datagram, one reply, then exit; without: interactive,
 * one exchange per line, "exit" quits.
 */
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SERVER_PROG "udp6_server"  /* the server the hints name */
#define USAGE "usage: udp6_client [-H HOST] [-p SRCPORT] [-c] [-t SECONDS] [-B BUFSIZE] [-v] " \
              "PORT [MESSAGE...]"

struct options {
    const char *host;        /* -H: the server, a name or an address */
    unsigned short src_port; /* -p: bind this source port first; 0: the kernel chooses */
    int connect_first;       /* -c: connect() the UDP socket, to hear ICMP errors */
    long timeout;            /* -t: seconds to wait for a reply; 0: forever */
    long bufsize;            /* -B: size of the recvfrom() buffer */
    unsigned short port;     /* PORT: the server's port */
    char *message;           /* MESSAGE words joined by spaces, or NULL: interactive */
};

/* Where the datagrams go, once resolved: the server's address. */
struct server {
    struct sockaddr_in6 addr;
    char text[SL_ADDRSTRLEN];
};

static void print_help(void)
{
    printf("%s\n"
           "TP2 and IPv6 (labs/tp2-udp.md, labs/tp-ipv6.md): a UDP client. With MESSAGE,\n"
           "sends it in one datagram and prints the reply; without, sends one datagram per\n"
           "line typed at the client@HOST:PORT$ prompt (\"exit\" is sent, answered, then\n"
           "the client quits).\n"
           "  -H HOST     the server's name or address (default ::1; link-local: fe80::1%%eth0)\n"
           "  -p SRCPORT  bind this source port before sending\n"
           "  -c          connect() the socket first: an ICMP port unreachable then shows\n"
           "              up as \"Connection refused\" (an unconnected socket never hears it)\n"
           "  -t SECONDS  wait at most SECONDS for each reply, 0..3600 (default 2; 0: forever)\n"
           "  -B BUFSIZE  size of the recvfrom() buffer, 1..1048576 (default 1024)\n"
           "  -v          trace every system call on stderr\n"
           "  PORT        the server's port, 1..65535\n"
           "  MESSAGE     words to send, joined by spaces; none: interactive\n"
           "example: %s 60000 Bonjour\n", USAGE, sl_progname());
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->host = "::1";
    opts->src_port = 0;
    opts->connect_first = 0;
    opts->timeout = 2;
    opts->bufsize = 1024;
    opts->message = NULL;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":H:p:ct:B:v")) != -1) {
        switch (opt) {
        case 'H': opts->host = optarg; break;
        case 'c': opts->connect_first = 1; break;
        case 'v': sl_trace_enable(1); break;
        case 'p':
            if (sl_parse_port(optarg, 0, &opts->src_port) < 0)
                return sl_usage_error(USAGE, "invalid source port '%s' (expected 1..65535)",
                                      optarg);
            break;
        case 't':
            if (sl_parse_long(optarg, 0, 3600, &opts->timeout) < 0)
                return sl_usage_error(USAGE, "invalid timeout '%s' (expected 0..3600 seconds)",
                                      optarg);
            break;
        case 'B':
            if (sl_parse_long(optarg, 1, 1048576, &opts->bufsize) < 0)
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

/* Non-zero if a datagram from addr comes from the server (same address and
 * port): anyone can send to our port, and only the server answers. */
static int from_server(const struct sockaddr_storage *addr, const struct sockaddr *server)
{
    if (addr->ss_family != server->sa_family)
        return 0;
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
        const struct sockaddr_in *b = (const struct sockaddr_in *)server;
        return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
    }
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
        const struct sockaddr_in6 *b = (const struct sockaddr_in6 *)server;
        return a->sin6_port == b->sin6_port &&
               memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
    }
    return 0;
}

/* Sets SO_RCVTIMEO: the next recvfrom() waits at most ms (0: forever).
 * Returns 0, or -1 (reported: the client would wait forever). */
static int set_wait(int sock_fd, long long ms)
{
    struct timeval limit = { (time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000 };

    if (sl_traced(setsockopt(sock_fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit),
                  "%d, SO_RCVTIMEO, %lld ms", sock_fd, ms) < 0) {
        sl_error("setsockopt SO_RCVTIMEO");
        return -1;
    }
    return 0;
}

/* Prints a reply (truncated to the buffer). */
static void print_reply(const char *label, const char *buffer, ssize_t got, long bufsize)
{
    size_t kept = (size_t)got < (size_t)bufsize ? (size_t)got : (size_t)bufsize;

    printf("%s : ", label);
    sl_put_text(stdout, buffer, kept);
    putchar('\n');
    if ((size_t)got > kept)
        printf("Truncated: the reply had %zd bytes, the buffer holds %ld: the other %zd "
               "bytes are lost\n", got, bufsize, got - (ssize_t)kept);
}

/* Interactive mode, after a message got no reply in time: its reply may
 * have come since. Prints what waits from the server as such (so that it is
 * not taken for the answer to the next message); ignores anyone else. */
static void print_late_replies(int sock_fd, const struct options *opts,
                               const struct server *server, char *buffer)
{
    struct pollfd pfd = { .fd = sock_fd, .events = POLLIN };

    while (poll(&pfd, 1, 0) > 0) {
        struct sockaddr_storage from;
        socklen_t from_len = sizeof from;
        ssize_t got = sl_traced_from(recvfrom(sock_fd, buffer, (size_t)opts->bufsize, MSG_TRUNC,
                                              (struct sockaddr *)&from, &from_len),
                                     &from, "%d, %ld", sock_fd, opts->bufsize);

        if (got < 0)
            return;
        if (opts->connect_first || from_server(&from, (const struct sockaddr *)&server->addr))
            print_reply("Server (late, the reply to an earlier message)", buffer, got,
                        opts->bufsize);
        else
            sl_trace("not from %s: ignored", server->text);
    }
}

/* recvfrom(): waits for the server's reply into buffer. MSG_TRUNC returns
 * its real length even when the buffer is shorter. A datagram from another
 * address is not the reply (anyone may send to our port): ignored, and the
 * wait goes on for what is left of it. Returns recvfrom's result: the
 * length, or -1 with errno (EAGAIN: no reply in time). */
static ssize_t receive_reply(int sock_fd, const struct options *opts, const struct server *server,
                             char *buffer)
{
    struct sockaddr_storage from;
    socklen_t from_len;
    char from_text[SL_ADDRSTRLEN];
    ssize_t got;
    long long deadline = sl_now_ms() + opts->timeout * 1000;
    int wait_changed = 0;

    for (;;) {
        do {
            from_len = sizeof from;
            got = sl_traced_from(recvfrom(sock_fd, buffer, (size_t)opts->bufsize, MSG_TRUNC,
                                          (struct sockaddr *)&from, &from_len),
                                 &from, "%d, %ld", sock_fd, opts->bufsize);
        } while (got < 0 && errno == EINTR);
        if (got < 0 || opts->connect_first ||
            from_server(&from, (const struct sockaddr *)&server->addr))
            break;
        sl_trace("the datagram from %s: not %s, ignored", sl_addr_string((struct sockaddr *)&from,
                                                                        from_text), server->text);
        if (opts->timeout > 0) {
            long long left = deadline - sl_now_ms();
            if (left <= 0) {
                errno = EAGAIN;    /* the time is up: as if recvfrom had timed out */
                return -1;
            }
            if (set_wait(sock_fd, left) < 0)
                return -1;
            wait_changed = 1;
        }
    }
    if (wait_changed && set_wait(sock_fd, opts->timeout * 1000) < 0)
        return -1;
    return got;
}

/* One exchange: sends message in one datagram, waits for one reply from the
 * server (at most opts->timeout seconds, through SO_RCVTIMEO; datagrams
 * from anyone else are ignored, said with -v) and prints it. Returns 0, or
 * -1 when the send failed or no reply came (reported). */
static int exchange(int sock_fd, const struct options *opts, const struct server *server,
                    const char *message, size_t length, char *buffer)
{
    ssize_t sent, got;

    /* sendto(): one datagram, addressed to the server. A connected socket (-c)
     * already knows where its datagrams go: plain send(). */
    if (opts->connect_first)
        sent = sl_traced(send(sock_fd, message, length, 0), "%d, %zu bytes", sock_fd, length);
    else
        sent = sl_traced(sendto(sock_fd, message, length, 0,
                                (const struct sockaddr *)&server->addr, sizeof server->addr),
                         "%d, %zu bytes, %s", sock_fd, length, server->text);
    if (sent < 0) {
        sl_error("sendto %s", server->text);
        sl_hint_for_udp(errno, (const struct sockaddr *)&server->addr, SERVER_PROG);
        return -1;
    }

    got = receive_reply(sock_fd, opts, server, buffer);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        sl_errorx("no reply from %s within %ld s: UDP guarantees no delivery (the datagram "
                  "or its reply may be lost, or nothing listens there)", server->text,
                  opts->timeout);
        if (!opts->connect_first)
            sl_hint("is %s running? try: ss -uan 'sport = :%u' (this socket is not "
                    "connected, so it is never told that nothing listens: try -c)", SERVER_PROG,
                    opts->port);
        return -1;
    }
    if (got < 0) {
        sl_error("recvfrom %s", server->text);
        sl_hint_for_udp(errno, (const struct sockaddr *)&server->addr, SERVER_PROG);
        return -1;
    }
    print_reply("Server", buffer, got, opts->bufsize);
    return 0;
}

/* Interactive mode: one exchange per line typed at the prompt. "exit" is
 * sent and answered like any line, then the client quits; the server is not
 * told (there is no connection to close). End of input quits too. A lost
 * reply is reported and the session goes on; a reply that comes after its
 * time is shown as late before the next message leaves. Returns the exit
 * code: 0 if every message was answered, 1 otherwise. */
static int interactive(int sock_fd, const struct options *opts, const struct server *server,
                       char *buffer)
{
    char hostname[256], prompt[sizeof hostname + 32];
    char *line;
    size_t length;
    int quit, failed = 0;

    if (gethostname(hostname, sizeof hostname) < 0)
        strcpy(hostname, "localhost");
    hostname[sizeof hostname - 1] = '\0';
    snprintf(prompt, sizeof prompt, "client@%s:%u$ ", hostname, opts->port);

    while ((line = sl_prompt_line(prompt, &length)) != NULL) {
        if (failed)
            print_late_replies(sock_fd, opts, server, buffer);
        if (exchange(sock_fd, opts, server, line, length, buffer) < 0)
            failed = 1;
        quit = strcmp(line, "exit") == 0;
        free(line);
        if (quit)
            break;
    }
    return failed;
}

/* Steps 1-3 towards one of the server's addresses: socket(), bind() the
 * source port if -p, connect() if -c, then SO_RCVTIMEO. Returns the socket,
 * or -1 (reported). */
static int open_socket(const struct options *opts, const struct server *server)
{
    struct sockaddr_in6 source;
    struct timeval wait_limit;
    char source_text[SL_ADDRSTRLEN];
    int sock_fd, status;

    /* 1. socket(): a UDP endpoint (SOCK_DGRAM: datagrams) of the address's family. */
    sock_fd = sl_traced(socket(AF_INET6, SOCK_DGRAM, 0), "AF_INET6, SOCK_DGRAM");
    if (sock_fd < 0) {
        sl_error("socket");
        return -1;
    }

    /* 2. (-p) bind(): choose our own source port; without it, the first
     *    sendto() binds an ephemeral one. The address stays all zeros: any
     *    of ours (INADDR_ANY, in6addr_any); the port in network byte order. */
    if (opts->src_port != 0) {
        memset(&source, 0, sizeof source);
        source.sin6_family = AF_INET6;
        source.sin6_port = htons(opts->src_port);
        sl_addr_string((struct sockaddr *)&source, source_text);
        status = sl_traced(bind(sock_fd, (struct sockaddr *)&source, sizeof source),
                           "%d, %s", sock_fd, source_text);
        if (status < 0) {
            sl_error("bind %s", source_text);
            sl_hint_bind(errno, (struct sockaddr *)&source, SOCK_DGRAM, 0);
            close(sock_fd);
            return -1;
        }
    }

    /* 3. (-c) connect(): on a UDP socket it sends nothing; it only records the
     *    server as the one peer, so the kernel delivers the server's ICMP
     *    "port unreachable" to us as ECONNREFUSED. An unconnected socket is
     *    never told: the error cannot be matched to a destination it chose. */
    if (opts->connect_first) {
        status = sl_traced(connect(sock_fd, (const struct sockaddr *)&server->addr,
                                   sizeof server->addr), "%d, %s", sock_fd, server->text);
        if (status < 0) {
            sl_error("connect %s", server->text);
            sl_hint_for_udp(errno, (const struct sockaddr *)&server->addr, SERVER_PROG);
            close(sock_fd);
            return -1;
        }
    }

    /* SO_RCVTIMEO: recvfrom() gives up after -t seconds (UDP never retries). */
    wait_limit.tv_sec = opts->timeout;
    wait_limit.tv_usec = 0;
    status = sl_traced(setsockopt(sock_fd, SOL_SOCKET, SO_RCVTIMEO, &wait_limit, sizeof wait_limit),
                       "%d, SO_RCVTIMEO, %ld s", sock_fd, opts->timeout);
    if (status < 0) {
        sl_error("setsockopt SO_RCVTIMEO");   /* a client never waits forever: give up */
        close(sock_fd);
        return -1;
    }
    return sock_fd;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct server server;
    struct addrinfo hints = { .ai_family = AF_INET6, .ai_socktype = SOCK_DGRAM };
    struct addrinfo *answers, *answer;
    char *buffer = NULL;
    int sock_fd = -1, status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;

    /* 0. The server's address: getaddrinfo() turns -H's name or literal into
     *    addresses (a name may have several); the port goes in by hand, in
     *    network byte order (htons). Steps 1-3 for each address in turn,
     *    until one works. */
    status = getaddrinfo(opts.host, NULL, &hints, &answers);
    if (status != 0) {
        sl_resolve_error(opts.host, hints.ai_family, status);
        free(opts.message);
        return 1;
    }
    buffer = malloc((size_t)opts.bufsize);
    if (buffer == NULL)
        sl_error("malloc %ld bytes", opts.bufsize);
    for (answer = answers; buffer != NULL && answer != NULL && sock_fd < 0;
         answer = answer->ai_next) {
        memcpy(&server.addr, answer->ai_addr, sizeof server.addr);
        server.addr.sin6_port = htons(opts.port);
        sl_addr_string((struct sockaddr *)&server.addr, server.text);
        sock_fd = open_socket(&opts, &server);
    }
    freeaddrinfo(answers);

    /* 4-5. sendto() and recvfrom(): once (MESSAGE given), or once per line. */
    if (sock_fd < 0)
        status = 1;
    else if (opts.message != NULL)
        status = exchange(sock_fd, &opts, &server, opts.message, strlen(opts.message),
                          buffer) == 0 ? 0 : 1;
    else
        status = interactive(sock_fd, &opts, &server, buffer);

    /* 6. close(): nothing is sent; the server never learns we left. */
    if (sock_fd >= 0 && sl_traced(close(sock_fd), "%d", sock_fd) < 0) {
        sl_error("close");
        status = 1;
    }
    free(buffer);
    free(opts.message);
    return status;
}
