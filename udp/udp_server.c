/*
 * udp_server.c - TP2, mode non connecté: the UDP server.
 *
 * The handout's steps, in order:
 *   socket(SOCK_DGRAM)
 *   -> bind -> loop forever { recvfrom -> sendto the reply }
 * There is no listen, no accept, no connection: each datagram arrives alone
 * with its sender's address, and the reply is sent back to that address.
 *
 * Modes of answer (choose_answer): REPLY (-r, default "Welcome to this
 * server"), the datagram itself (-e), what the operator types (-i, TP2's
 * "Bien reçu").
 */
#include "common.h"

#include <arpa/inet.h>
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
    const char *bind_host;   /* -b: the address to bind, as text */
    enum answer_mode mode;   /* -r (default), -e or -i */
    const char *reply;       /* -r: what each datagram is answered with */
    long bufsize;            /* -B: size of the recvfrom() buffer */
    unsigned short port;     /* PORT, default 60000; 0 lets the kernel choose */
};

static void print_help(void)
{
    printf("%s\n"
           "TP2 and IPv6 (labs/tp2-udp.md, labs/tp-ipv6.md): a UDP server that answers\n"
           "every datagram it receives, forever (Ctrl-C stops it).\n"
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
           "example: %s -i 60000\n", USAGE, sl_progname());
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

/* The answer to a datagram: REPLY (default), the datagram itself (-e: its
 * kept bytes), or a line the operator types at the prompt (-i: in *typed,
 * which the caller frees). Sets *length. Returns NULL at the end of the
 * operator's input. */
static const char *choose_answer(const struct options *opts, const char *buffer, size_t kept,
                                 const char *prompt, char **typed, size_t *length)
{
    if (opts->mode == ANSWER_ECHO) {
        *length = kept;
        return buffer;
    }
    if (opts->mode == ANSWER_OPERATOR) {
        free(*typed);
        *typed = sl_prompt_line(prompt, length);
        return *typed;
    }
    *length = strlen(opts->reply);
    return opts->reply;
}

/* Writes the operator's prompt of -i, as in the handout: server@HOSTNAME:PORT$ */
static void operator_prompt(char *prompt, size_t size, unsigned short port)
{
    char hostname[256];

    if (gethostname(hostname, sizeof hostname) < 0)
        strcpy(hostname, "localhost");
    hostname[sizeof hostname - 1] = '\0';
    snprintf(prompt, size, "server@%s:%u$ ", hostname, port);
}

/* Prints the address really bound (getsockname: port 0 becomes a real port),
 * then steps 3-4 until Ctrl-C (or the end of the operator's input): recvfrom()
 * a datagram, print it, sendto() its answer. Returns the exit status. */
static int serve_datagrams(int sock_fd, const struct options *opts, char *buffer)
{
    struct sockaddr_storage local, peer;
    socklen_t local_len = sizeof local, peer_len;
    char peer_text[SL_ADDRSTRLEN], prompt[300], *typed = NULL;
    const char *answer;
    size_t answer_len = 0, kept;
    ssize_t got, sent;

    if (getsockname(sock_fd, (struct sockaddr *)&local, &local_len) < 0) {
        sl_error("getsockname");
        return 1;
    }
    sl_catch_stop_signals();   /* from now on Ctrl-C ends the loop, not the process */
    printf("Listening on %s (pid %ld)\n", sl_addr_string((struct sockaddr *)&local, peer_text),
           (long)getpid());
    operator_prompt(prompt, sizeof prompt, sl_addr_port((struct sockaddr *)&local));

    while (!sl_interrupted()) {
        /* 3. recvfrom(): wait for the next datagram, from anyone; the kernel
         *    fills peer with its sender's address. MSG_TRUNC makes it return
         *    the datagram's real length even when the buffer is shorter. */
        peer_len = sizeof peer;
        got = sl_traced_from(recvfrom(sock_fd, buffer, (size_t)opts->bufsize, MSG_TRUNC,
                                      (struct sockaddr *)&peer, &peer_len),
                             &peer, "%d, %ld", sock_fd, opts->bufsize);
        if (got < 0) {
            if (errno != EINTR)
                sl_error("recvfrom");   /* reported, then the next datagram */
            continue;                   /* EINTR: stop if it was Ctrl-C, else retry */
        }
        sl_addr_string((struct sockaddr *)&peer, peer_text);
        kept = print_datagram(peer_text, buffer, (size_t)got, (size_t)opts->bufsize);

        answer = choose_answer(opts, buffer, kept, prompt, &typed, &answer_len);
        if (answer == NULL) {
            if (!sl_interrupted())
                sl_errorx("end of input: nobody types the answers any more, exiting "
                          "(%s gets no answer)", peer_text);
            break;
        }

        /* 4. sendto(): the answer goes back to the address recvfrom gave us. */
        sent = sl_traced(sendto(sock_fd, answer, answer_len, 0, (struct sockaddr *)&peer, peer_len),
                         "%d, %zu bytes, %s", sock_fd, answer_len, peer_text);
        if (sent < 0) {
            sl_error("sendto %s", peer_text);   /* reported, then the next datagram */
            sl_hint_for_udp(errno, (struct sockaddr *)&peer, NULL);
        }
    }
    if (sl_interrupted())
        sl_errorx("interrupted: closing the socket and exiting");
    free(typed);
    return 0;
}

/* The address to bind, built by hand: the family, the port in network byte
 * order (htons: 60000 is sent as the bytes 0xea 0x60, big-endian, TP3's
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

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_in local;
    char text[SL_ADDRSTRLEN], *buffer;
    int sock_fd, status;

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

    /* 1. socket(): a UDP endpoint (SOCK_DGRAM: datagrams) of the address's family. */
    sock_fd = sl_traced(socket(AF_INET, SOCK_DGRAM, 0), "AF_INET, SOCK_DGRAM");
    if (sock_fd < 0) {
        sl_error("socket");
        return 1;
    }

    /* 2. bind(): attach the socket to the local address and port. No
     *    SO_REUSEADDR: UDP has no TIME_WAIT, and on Linux it would let a second
     *    server bind this same port and silently receive the datagrams. */
    sl_addr_string((struct sockaddr *)&local, text);
    status = sl_traced(bind(sock_fd, (struct sockaddr *)&local, sizeof local),
                       "%d, %s", sock_fd, text);
    if (status < 0) {
        sl_error("bind %s", text);
        sl_hint_bind(errno, (struct sockaddr *)&local, SOCK_DGRAM, 0);
        close(sock_fd);
        return 1;
    }

    /* 3-4. recvfrom() each datagram, sendto() its answer, until Ctrl-C. */
    buffer = malloc((size_t)opts.bufsize);   /* one buffer for every datagram */
    if (buffer == NULL)
        sl_error("malloc %ld bytes", opts.bufsize);
    status = buffer == NULL ? 1 : serve_datagrams(sock_fd, &opts, buffer);
    if (sl_traced(close(sock_fd), "%d", sock_fd) < 0) {
        sl_error("close");
        status = 1;
    }
    free(buffer);
    return status;
}
