/*
 * tcp_chat_server.c - TP1 part 2: the chat's server side (VM1).
 *
 * The handout's steps, in order:
 *   socket -> setsockopt(SO_REUSEADDR) -> bind -> listen -> accept
 *   -> the session (chat.c): poll() on stdin and the socket, recv and send
 *      lines until one side types exit or its input ends
 *   -> close the connection, and back to accept for the next client.
 * One client at a time: a second client is queued by the kernel (its connect()
 * succeeds, see ss -tn) and served when the first one has left.
 *
 *   ./tcp_chat_server                  chat on 127.0.0.1:7999
 *   ./tcp_chat_server -b 0.0.0.0 7999  on every interface (VM1, for VM2)
 */
#include "chat.h"
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "usage: tcp_chat_server [-b ADDR] [-R] [-v] [PORT]"

struct options {
    const char *bind_host;   /* -b: address to bind, default 127.0.0.1 */
    int reuse_addr;          /* SO_REUSEADDR, unless -R */
    unsigned short port;     /* PORT, default 7999; 0 lets the kernel choose */
};

static void print_help(void)
{
    printf("%s\n"
           "TP1 part 2 (labs/tp1-tcp-part2.md): the chat's server. Waits for a client,\n"
           "then both sides type lines at any time; exit on either side ends the\n"
           "session, and the server waits for the next client.\n"
           "  -b ADDR  address to listen on (default 127.0.0.1; 0.0.0.0 for every\n"
           "           interface, so that another machine can connect)\n"
           "  -R       do not set SO_REUSEADDR (to see bind fail during TIME_WAIT)\n"
           "  -v       trace every system call on stderr\n"
           "  PORT     port to listen on, 0..65535 (default %d; 0: any free port)\n"
           "A line typed while no client is connected goes to the next one. End of\n"
           "input (Ctrl-D) or Ctrl-C stops the server.\n"
           "example: tcp_chat_server -b 0.0.0.0 7999\n", USAGE, CHAT_PORT);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->bind_host = "127.0.0.1";
    opts->reuse_addr = 1;
    opts->port = CHAT_PORT;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:Rv")) != -1) {
        switch (opt) {
        case 'b': opts->bind_host = optarg; break;
        case 'R': opts->reuse_addr = 0; break;
        case 'v': sl_trace_enable(1); break;
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

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage local, peer;
    socklen_t local_len, peer_len;
    char local_text[SL_ADDRSTRLEN], peer_text[SL_ADDRSTRLEN], prompt[300];
    struct chat_lines keyboard;
    enum chat_end end;
    int listen_fd, conn_fd, status, one = 1;

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
        sl_errorx("cannot resolve '%s': %s", opts.bind_host, gai_strerror(status));
        return 1;
    }
    sl_catch_stop_signals();

    /* 1. socket(): an endpoint for TCP over IPv4. */
    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    sl_trace("socket(AF_INET, SOCK_STREAM) = %d", listen_fd);
    if (listen_fd < 0) {
        sl_error("socket");
        return 1;
    }

    /* 2. SO_REUSEADDR: restarting the server never fails because of TIME_WAIT. */
    if (opts.reuse_addr) {
        status = setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sl_trace("setsockopt(%d, SO_REUSEADDR, 1) = %d", listen_fd, status);
    }

    /* 3. bind(): attach the socket to the local address and port. */
    status = bind(listen_fd, (struct sockaddr *)&local, local_len);
    sl_trace("bind(%d, %s) = %d", listen_fd, sl_addr_string((struct sockaddr *)&local, local_text),
             status);
    if (status < 0) {
        sl_error("bind %s", local_text);
        sl_hint_bind(errno, (struct sockaddr *)&local, SOCK_STREAM, opts.reuse_addr);
        close(listen_fd);
        return 1;
    }

    /* 4. listen(): become a passive socket; the kernel queues incoming connections. */
    status = listen(listen_fd, SOMAXCONN);
    sl_trace("listen(%d, %d) = %d", listen_fd, SOMAXCONN, status);
    if (status < 0) {
        sl_error("listen");
        close(listen_fd);
        return 1;
    }

    /* getsockname(): the address really bound (port 0 becomes a real port). */
    local_len = sizeof local;
    if (getsockname(listen_fd, (struct sockaddr *)&local, &local_len) < 0) {
        sl_error("getsockname");
        close(listen_fd);
        return 1;
    }
    sl_addr_string((struct sockaddr *)&local, local_text);
    printf("Listening on %s (pid %ld)\n", local_text, (long)getpid());
    chat_make_prompt(prompt, sizeof prompt, "server", sl_addr_port((struct sockaddr *)&local));
    chat_lines_init(&keyboard);

    status = 0;
    while (!sl_interrupted()) {
        /* 5. Wait for a client (poll(): what is typed meanwhile is kept for it),
         *    then accept() it: a new socket for that connection. */
        status = chat_wait_for_peer(listen_fd, &keyboard);
        if (status <= 0) {
            if (status == 0)
                printf("end of input: nobody can type on this side any more, the server stops\n");
            status = sl_interrupted() || status == 0 ? 0 : 1;
            break;
        }
        status = 0;
        peer_len = sizeof peer;
        conn_fd = accept(listen_fd, (struct sockaddr *)&peer, &peer_len);
        if (conn_fd < 0) {
            if (errno == EINTR)
                continue;          /* a signal: stop if it was Ctrl-C, else retry */
            sl_error("accept");
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                status = 1;
                break;
            }
            continue;
        }
        sl_addr_string((struct sockaddr *)&peer, peer_text);
        sl_trace("accept(%d) = %d from %s", listen_fd, conn_fd, peer_text);
        printf("Connected by %s\n", peer_text);

        /* 6. The chat itself: poll(), recv(), send() until one side leaves. */
        end = chat_session(conn_fd, "client", prompt, &keyboard);

        /* 7. close() this connection. */
        close(conn_fd);
        sl_trace("close(%d) = 0", conn_fd);
        if (end == CHAT_INTERRUPTED)
            break;
        if (!keyboard.at_end || keyboard.used > 0)   /* else: stopping, see above */
            printf("Waiting for the next client on %s\n", local_text);
    }

    if (sl_interrupted())
        sl_errorx("interrupted: closing the listening socket and exiting");
    close(listen_fd);
    sl_trace("close(%d) = 0", listen_fd);
    return status;
}
