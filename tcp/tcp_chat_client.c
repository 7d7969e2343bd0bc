/*
 * tcp_chat_client.c - TP1 part 2: the chat's client side (VM2).
 *
 * The handout's steps, in order:
 *   socket -> connect -> getsockname
 *   -> the session (chat.c): poll() on stdin and the socket, recv and send
 *      lines until one side types exit or its input ends
 *   -> close
 * socket and connect are taught by tcp_client.c (TP1): here they are in
 * connect_to_server(); the address comes from sl_resolve().
 *
 *   ./tcp_chat_client                     chat with 127.0.0.1:7999
 *   ./tcp_chat_client -H 192.168.56.101   with VM1 (its address on the VMs' network)
 */
#include "chat.h"
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "usage: tcp_chat_client [-H HOST] [-v] [PORT]"

struct options {
    const char *host;        /* -H: the server, default 127.0.0.1 */
    unsigned short port;     /* PORT: the server's port, default 7999 */
};

static void print_help(void)
{
    printf("%s\n"
           "TP1 part 2 (labs/tp1-tcp-part2.md): the chat's client. Connects to\n"
           "tcp_chat_server, then both sides type lines at any time; exit (or the end\n"
           "of input) ends the session for both.\n"
           "  -H HOST  the server's name or address (default 127.0.0.1)\n"
           "  -v       trace every system call on stderr\n"
           "  PORT     the server's port, 1..65535 (default %d)\n"
           "example: tcp_chat_client -H 192.168.56.101 7999\n", USAGE, CHAT_PORT);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->host = "127.0.0.1";
    opts->port = CHAT_PORT;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":H:v")) != -1) {
        switch (opt) {
        case 'H': opts->host = optarg; break;
        case 'v': sl_trace_enable(1); break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (argc - optind > 1)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind + 1]);
    if (optind < argc && sl_parse_port(argv[optind], 0, &opts->port) < 0)
        return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 1..65535)",
                              argv[optind]);
    return 0;
}

/* Steps 1-2, as tcp_client.c teaches them: socket(), then connect() to
 * server. Returns the connected socket, or -1 (reported). */
static int connect_to_server(const struct sockaddr_storage *server, socklen_t server_len,
                             const char *server_text)
{
    int sock_fd, status;

    /* 1. socket(): an endpoint for TCP over IPv4. */
    sock_fd = sl_traced(socket(AF_INET, SOCK_STREAM, 0), "AF_INET, SOCK_STREAM");
    if (sock_fd < 0) {
        sl_error("socket");
        return -1;
    }

    /* 2. connect(): the three-way handshake with the server. */
    status = sl_traced(connect(sock_fd, (const struct sockaddr *)server, server_len),
                       "%d, %s", sock_fd, server_text);
    if (status < 0) {
        sl_error("connect %s", server_text);
        sl_hint_for(errno, (const struct sockaddr *)server, "tcp_chat_server");
        close(sock_fd);
        return -1;
    }
    return sock_fd;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage server;
    socklen_t server_len;
    char server_text[SL_ADDRSTRLEN], local_text[SL_ADDRSTRLEN], prompt[300];
    struct chat_lines keyboard;
    enum chat_end end;
    int sock_fd, status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    status = sl_resolve(opts.host, opts.port, AF_INET, SOCK_STREAM, 0, &server, &server_len);
    if (status != 0) {
        sl_resolve_error(opts.host, AF_INET, status);
        return 1;
    }
    sl_addr_string((struct sockaddr *)&server, server_text);
    sl_catch_stop_signals();

    /* 1-2. socket() and connect() (tcp_client.c, TP1). */
    sock_fd = connect_to_server(&server, server_len, server_text);
    if (sock_fd < 0)
        return 1;

    /* 3. getsockname(): the address and port the kernel gave us. */
    if (sl_local_string(sock_fd, local_text) == NULL) {
        sl_error("getsockname");
        close(sock_fd);
        return 1;
    }
    printf("Connected to %s from %s\n", server_text, local_text);

    /* 4. The chat itself: poll(), recv(), send() until one side leaves. The
     *    prompt shows the server's port, as the server's own prompt does. */
    chat_make_prompt(prompt, sizeof prompt, "client", opts.port);
    chat_lines_init(&keyboard);
    end = chat_session(sock_fd, "server", prompt, &keyboard);

    /* 5. close(): end the connection. */
    status = sl_traced(close(sock_fd), "%d", sock_fd);
    if (status < 0)
        sl_error("close");
    if (end == CHAT_INTERRUPTED)
        sl_errorx("interrupted: connection closed");
    return end == CHAT_PEER_LOST || status < 0 ? 1 : 0;
}
