/*
 * tcp_chat_server.c - TP1 part 2: the chat's server side (VM1).
 *
 * The handout's steps, in order:
 *   socket -> setsockopt(SO_REUSEADDR) -> bind -> listen -> accept
 *   -> the session (chat.c): poll() on stdin and the socket, recv and send
 *      lines until one side types exit or its input ends
 *   -> close the connection, and back to accept for the next client.
 * Steps 1-4 are taught by tcp_server.c (TP1): here common/'s sl_server_socket()
 * does them. One client at a time: a second client is queued by the kernel (its connect()
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

/* Steps 5-7 for one client: wait for it (poll(): what is typed meanwhile is
 * kept for it), accept() it, chat until one side leaves, close(). Returns 1
 * to wait for the next client, 0 to stop (exit 0: Ctrl-C, or the end of
 * this side's input), -1 to stop on an error (reported). */
static int chat_with_next_client(int listen_fd, struct chat_lines *keyboard, const char *prompt,
                                 const char *local_text)
{
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    char peer_text[SL_ADDRSTRLEN];
    enum chat_end end;
    int conn_fd, status;

    /* 5. Wait for a client, then accept() it: a new socket for that connection. */
    status = chat_wait_for_peer(listen_fd, keyboard);
    if (status <= 0) {
        if (status == 0)
            printf("end of input: nobody can type on this side any more, the server stops\n");
        return sl_interrupted() || status == 0 ? 0 : -1;
    }
    conn_fd = sl_traced_from(accept(listen_fd, (struct sockaddr *)&peer, &peer_len),
                             &peer, "%d", listen_fd);
    if (conn_fd < 0) {
        if (errno == EINTR)
            return 1;              /* a signal: stop if it was Ctrl-C, else retry */
        sl_error("accept");
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
            return -1;
        return 1;
    }
    sl_addr_string((struct sockaddr *)&peer, peer_text);
    printf("Connected by %s\n", peer_text);

    /* 6. The chat itself: poll(), recv(), send() until one side leaves. */
    end = chat_session(conn_fd, "client", prompt, keyboard);

    /* 7. close() this connection. */
    if (sl_traced(close(conn_fd), "%d", conn_fd) < 0)
        sl_error("close");        /* reported; the server goes on */
    if (end == CHAT_INTERRUPTED)
        return 0;
    if (!keyboard->at_end || keyboard->used > 0)   /* else: stopping, see step 5 */
        printf("Waiting for the next client on %s\n", local_text);
    return 1;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage local;
    socklen_t local_len;
    char local_text[SL_ADDRSTRLEN], prompt[300];
    struct chat_lines keyboard;
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

    /* 1-4. socket, SO_REUSEADDR, bind, listen: as tcp_server.c (TP1) does. */
    how.no_reuse_addr = !opts.reuse_addr;
    listen_fd = sl_server_socket(&local, local_len, &how, local_text);
    if (listen_fd < 0)
        return 1;
    printf("Listening on %s (pid %ld)\n", local_text, (long)getpid());
    chat_make_prompt(prompt, sizeof prompt, "server", sl_addr_port((struct sockaddr *)&local));
    chat_lines_init(&keyboard);

    /* 5-7. One client after another: accept(), chat, close(). */
    status = 1;
    while (status > 0 && !sl_interrupted())
        status = chat_with_next_client(listen_fd, &keyboard, prompt, local_text);
    status = status < 0 ? 1 : 0;

    if (sl_interrupted())
        sl_errorx("interrupted: closing the listening socket and exiting");
    if (sl_traced(close(listen_fd), "%d", listen_fd) < 0) {
        sl_error("close");
        status = 1;
    }
    return status;
}
