/*
 * udp_server.c - TP2, mode non connecté: the UDP server.
 *
 * The handout's steps, in order:
 *   socket(SOCK_DGRAM) -> bind -> loop forever { recvfrom -> sendto the reply }
 * There is no listen, no accept, no connection: each datagram arrives alone
 * with its sender's address, and the reply is sent back to that address.
 *
 *   ./udp_server 60000        answer every datagram with "Welcome to this server"
 *   ./udp_server -i 60000     the operator types each answer (TP2: "Bien reçu")
 *   ./udp_server -e 60000     echo every datagram back to its sender
 */
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "usage: udp_server [-b ADDR] [-r REPLY | -e | -i] [-B BUFSIZE] [-v] [PORT]"

enum answer_mode { ANSWER_REPLY, ANSWER_ECHO, ANSWER_OPERATOR };

struct options {
    const char *bind_host;   /* -b: address to bind, default 127.0.0.1 */
    enum answer_mode mode;   /* -r (default), -e or -i */
    const char *reply;       /* -r: what each datagram is answered with */
    long bufsize;            /* -B: size of the recvfrom() buffer */
    unsigned short port;     /* PORT, default 60000; 0 lets the kernel choose */
};

static void print_help(void)
{
    printf("%s\n"
           "TP2 (labs/tp2-udp.md): a UDP server that answers every datagram it receives,\n"
           "forever (Ctrl-C stops it).\n"
           "  -b ADDR     address to bind (default 127.0.0.1; 0.0.0.0 for every interface)\n"
           "  -r REPLY    answer each datagram with REPLY (default \"Welcome to this server\")\n"
           "  -e          echo each datagram back to its sender\n"
           "  -i          the operator types each answer at the server@HOST:PORT$ prompt;\n"
           "              at the end of standard input the server exits\n"
           "  -B BUFSIZE  size of the recvfrom() buffer, 1..1048576 (default 1024); a longer\n"
           "              datagram is truncated and reported with its real length\n"
           "  -v          trace every system call on stderr\n"
           "  PORT        port to bind, 0..65535 (default 60000; 0: any free port)\n"
           "SO_REUSEADDR is not set: UDP has no TIME_WAIT, and with it a second server\n"
           "could bind the same port and silently take the datagrams.\n"
           "example: udp_server -i 60000\n", USAGE);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    const char *mode_option = NULL;   /* the -r, -e or -i seen, to reject a second one */
    int opt;

    opts->bind_host = "127.0.0.1";
    opts->mode = ANSWER_REPLY;
    opts->reply = "Welcome to this server";
    opts->bufsize = 1024;
    opts->port = 60000;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:r:eiB:v")) != -1) {
        switch (opt) {
        case 'b': opts->bind_host = optarg; break;
        case 'v': sl_trace_enable(1); break;
        case 'r':
        case 'e':
        case 'i':
            if (mode_option != NULL && mode_option[1] != opt)
                return sl_usage_error(USAGE, "options %s and -%c cannot be combined: "
                                      "choose one way to answer", mode_option, opt);
            mode_option = opt == 'r' ? "-r" : opt == 'e' ? "-e" : "-i";
            opts->mode = opt == 'r' ? ANSWER_REPLY : opt == 'e' ? ANSWER_ECHO : ANSWER_OPERATOR;
            if (opt == 'r')
                opts->reply = optarg;
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
    if (argc - optind > 1)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind + 1]);
    if (optind < argc && sl_parse_port(argv[optind], 1, &opts->port) < 0)
        return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 0..65535)",
                              argv[optind]);
    return 0;
}

/* Prints "Client ADDR : TEXT" for a datagram of length bytes of which the
 * buffer (bufsize bytes) kept the first ones, and says what was lost if it
 * was longer. Returns how many bytes the buffer holds. */
static size_t print_datagram(const char *peer, const char *buffer, size_t length,
                             size_t bufsize)
{
    size_t kept = length < bufsize ? length : bufsize;

    printf("Client %s : ", peer);
    sl_put_text(stdout, buffer, kept);
    putchar('\n');
    if (length > kept)
        printf("Truncated: the datagram had %zu bytes, the buffer holds %zu: "
               "the other %zu bytes are lost\n", length, bufsize, length - kept);
    return kept;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage local, peer;
    socklen_t local_len, peer_len;
    char local_text[SL_ADDRSTRLEN], peer_text[SL_ADDRSTRLEN];
    char hostname[256], prompt[sizeof hostname + 32];
    char *buffer, *typed = NULL;
    const char *answer;
    size_t answer_len = 0, kept;
    ssize_t got, sent;
    int sock_fd, status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    status = sl_resolve(opts.bind_host, opts.port, AF_INET, SOCK_DGRAM, 1, &local, &local_len);
    if (status != 0) {
        sl_errorx("cannot resolve '%s': %s", opts.bind_host, gai_strerror(status));
        return 1;
    }
    buffer = malloc((size_t)opts.bufsize);   /* one buffer for every datagram */
    if (buffer == NULL) {
        sl_error("malloc %ld bytes", opts.bufsize);
        return 1;
    }
    sl_catch_stop_signals();

    /* 1. socket(): an endpoint for UDP over IPv4 (SOCK_DGRAM: datagrams). */
    sock_fd = socket(AF_INET, SOCK_DGRAM, 0);
    sl_trace("socket(AF_INET, SOCK_DGRAM) = %d", sock_fd);
    if (sock_fd < 0) {
        sl_error("socket");
        free(buffer);
        return 1;
    }

    /* 2. bind(): attach the socket to the local address and port. No
     *    SO_REUSEADDR: UDP has no TIME_WAIT, and on Linux it would let a second
     *    server bind this same port and silently receive the datagrams. */
    status = bind(sock_fd, (struct sockaddr *)&local, local_len);
    sl_trace("bind(%d, %s) = %d", sock_fd, sl_addr_string((struct sockaddr *)&local, local_text),
             status);
    if (status < 0) {
        sl_error("bind %s", local_text);
        sl_hint_bind(errno, (struct sockaddr *)&local, SOCK_DGRAM, 0);
        close(sock_fd);
        free(buffer);
        return 1;
    }

    /* getsockname(): the address really bound (port 0 becomes a real port). */
    local_len = sizeof local;
    if (getsockname(sock_fd, (struct sockaddr *)&local, &local_len) < 0) {
        sl_error("getsockname");
        close(sock_fd);
        free(buffer);
        return 1;
    }
    printf("Listening on %s (pid %ld)\n", sl_addr_string((struct sockaddr *)&local, local_text),
           (long)getpid());

    /* -i: the operator's prompt, as in the handout: server@HOSTNAME:PORT$ */
    if (gethostname(hostname, sizeof hostname) < 0)
        strcpy(hostname, "localhost");
    hostname[sizeof hostname - 1] = '\0';
    snprintf(prompt, sizeof prompt, "server@%s:%u$ ", hostname,
             sl_addr_port((struct sockaddr *)&local));

    while (!sl_interrupted()) {
        /* 3. recvfrom(): wait for the next datagram, from anyone; the kernel
         *    fills peer with its sender's address. MSG_TRUNC makes it return
         *    the datagram's real length even when the buffer is shorter. */
        peer_len = sizeof peer;
        got = recvfrom(sock_fd, buffer, (size_t)opts.bufsize, MSG_TRUNC,
                       (struct sockaddr *)&peer, &peer_len);
        if (got < 0) {
            sl_trace("recvfrom(%d, %ld) = -1", sock_fd, opts.bufsize);
            if (errno != EINTR)
                sl_error("recvfrom");   /* reported, then the next datagram */
            continue;                   /* EINTR: stop if it was Ctrl-C, else retry */
        }
        sl_addr_string((struct sockaddr *)&peer, peer_text);
        sl_trace("recvfrom(%d, %ld) = %zd from %s", sock_fd, opts.bufsize, got, peer_text);
        kept = print_datagram(peer_text, buffer, (size_t)got, (size_t)opts.bufsize);

        /* The answer: REPLY, the datagram itself, or what the operator types. */
        if (opts.mode == ANSWER_ECHO) {
            answer = buffer;
            answer_len = kept;
        } else if (opts.mode == ANSWER_OPERATOR) {
            free(typed);
            typed = sl_prompt_line(prompt, &answer_len);
            if (typed == NULL) {
                if (!sl_interrupted())
                    sl_errorx("end of input: nobody types the answers any more, exiting "
                              "(%s gets no answer)", peer_text);
                break;
            }
            answer = typed;
        } else {
            answer = opts.reply;
            answer_len = strlen(opts.reply);
        }

        /* 4. sendto(): the answer goes back to the address recvfrom gave us. */
        sent = sendto(sock_fd, answer, answer_len, 0, (struct sockaddr *)&peer, peer_len);
        sl_trace("sendto(%d, %zu bytes, %s) = %zd", sock_fd, answer_len, peer_text, sent);
        if (sent < 0) {
            sl_error("sendto %s", peer_text);   /* reported, then the next datagram */
            sl_hint_for_udp(errno, (struct sockaddr *)&peer, NULL);
        }
    }

    if (sl_interrupted())
        sl_errorx("interrupted: closing the socket and exiting");
    close(sock_fd);
    sl_trace("close(%d) = 0", sock_fd);
    free(typed);
    free(buffer);
    return 0;
}
