/*
 * chat.c - TP1 part 2: one chat session on a connected TCP socket, the part
 * tcp_chat_server and tcp_chat_client share.
 *
 * The steps, in a loop:
 *   poll() on standard input and the socket: wait until either has something
 *     socket readable -> recv() -> cut into lines -> print "from PEER 'TEXT'"
 *                        (recv() = 0: the peer closed; a line "exit": it left)
 *     stdin readable  -> read() -> cut into lines -> send() each one
 *                        ("exit", or the end of input: we leave)
 *     socket writable -> send() what the peer did not take yet
 * The socket is non-blocking: a peer that reads nothing fills its window,
 * then what we type waits in our own buffer (64 KiB; beyond, it is not sent,
 * and we say so), and the keyboard, the peer's lines and Ctrl-C are still
 * heard. A blocking send() would stop the whole session there.
 * To leave, a side sends "exit" (or nothing, at the end of its input), then
 * shutdown(SHUT_WR): "I will send nothing more" (a FIN). It keeps reading
 * until the peer closes too (recv() = 0), so nothing in flight is lost, then
 * close(). The side that sent the first FIN is the one that keeps the
 * connection in TIME_WAIT (see ss -tan).
 *
 * Why poll() and not a read() then a recv(): a blocking read() of the
 * keyboard would keep us from seeing what the peer sends, and a blocking
 * recv() would keep us from typing. poll() waits on both at once.
 * Between two sessions, the server waits for a client with chat_wait_for_peer():
 * poll() on its listening socket and stdin, so that Ctrl-D stops it there too.
 *
 * Why read() and not fgets(): stdio reads ahead into its own buffer, and
 * poll() knows nothing of what waits there. We keep our own buffer instead.
 */
#include "chat.h"
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LEAVE_TIMEOUT_MS 2000   /* after our exit: how long to wait for the peer's close */
#define OUT_MAX (64 * 1024)     /* typed bytes kept for a peer that does not read */

/* One piece of input: a whole line, or part of a line longer than the buffer. */
struct piece {
    char text[CHAT_BUFSIZE + 1];  /* + 1: room for the '\n' put back to send it */
    size_t length;                /* without the '\n' (and without a '\r' before it) */
    int ends_line;                /* this piece ends its line */
    int continues;                /* this piece continues the previous one */
};

/* One session's state. */
struct session {
    int sock_fd;
    const char *peer, *prompt;    /* "client" or "server"; our prompt */
    int echo_input;               /* stdin is not a terminal: show what is read */
    int prompt_shown;             /* the prompt waits at the end of the output */
    enum chat_end leaving;        /* CHAT_GOING_ON, or why we are leaving */
    struct chat_lines network;    /* what recv() brought */
    struct chat_lines *keyboard;  /* what read() brought from stdin */
    char out[OUT_MAX];            /* typed bytes the kernel did not take yet */
    size_t out_len;
    size_t dropped;               /* typed bytes not sent: out was full */
};

void chat_lines_init(struct chat_lines *lines)
{
    lines->used = 0;
    lines->in_long_line = 0;
    lines->at_end = 0;
}

void chat_make_prompt(char *prompt, size_t size, const char *me, unsigned short port)
{
    char host[256];

    if (gethostname(host, sizeof host) < 0)
        strcpy(host, "localhost");
    host[sizeof host - 1] = '\0';
    snprintf(prompt, size, "%s@%s:%u$ ", me, host, port);
}

/* Takes the next piece out of lines: a line ended by '\n', or a full buffer
 * without one (a long line), or what is left at the end of input. Returns 1
 * if a piece was taken, 0 if lines holds no whole piece yet. */
static int take_piece(struct chat_lines *lines, struct piece *piece)
{
    char *newline = memchr(lines->data, '\n', lines->used);
    size_t length, consumed;

    if (newline != NULL) {
        length = (size_t)(newline - lines->data);
        consumed = length + 1;
    } else if (lines->used == CHAT_BUFSIZE || (lines->at_end && lines->used > 0)) {
        length = consumed = lines->used;
    } else {
        return 0;
    }
    memcpy(piece->text, lines->data, length);
    piece->ends_line = newline != NULL || lines->at_end;
    piece->continues = lines->in_long_line;
    lines->in_long_line = !piece->ends_line;
    if (piece->ends_line && length > 0 && piece->text[length - 1] == '\r')
        length--;                 /* a line from telnet or Windows ends with "\r\n" */
    piece->length = length;
    memmove(lines->data, lines->data + consumed, lines->used - consumed);
    lines->used -= consumed;
    return 1;
}

/* Prints the prompt, without a newline: the user types after it. */
static void show_prompt(struct session *s)
{
    if (s->leaving != CHAT_GOING_ON)
        return;
    fputs(s->prompt, stdout);
    fflush(stdout);               /* stdout is line-buffered: push the prompt out now */
    s->prompt_shown = 1;
}

/* Ends the prompt's line, if one is waiting, before printing something else. */
static void end_prompt_line(struct session *s)
{
    if (s->prompt_shown)
        putchar('\n');
    s->prompt_shown = 0;
}

/* The peer left or the connection failed: says so. */
static enum chat_end peer_gone(struct session *s, const char *how)
{
    end_prompt_line(s);
    printf("the %s left (%s)\n", s->peer, how);
    return s->leaving != CHAT_GOING_ON ? s->leaving : CHAT_PEER_LEFT;
}

/* A send() or recv() failed: reports it, explains a reset, ends the session. */
static enum chat_end connection_failed(struct session *s, const char *call)
{
    int err = errno;

    end_prompt_line(s);
    sl_error("%s: the connection with the %s failed", call, s->peer);
    if (err == ECONNRESET || err == EPIPE)
        sl_hint("the %s's system answered with a reset (RST): its program was killed, "
                "or closed its socket with data still unread", s->peer);
    peer_gone(s, strerror(err));
    return CHAT_PEER_LOST;
}

/* Sends what the socket takes now (it is non-blocking: a peer that does not
 * read never blocks us, so the keyboard and Ctrl-C are always heard). Returns
 * the bytes sent, or -1 with errno if the connection failed. */
static ssize_t send_now(struct session *s, const char *data, size_t length)
{
    size_t done = 0;

    while (done < length) {
        ssize_t sent = sl_traced(send(s->sock_fd, data + done, length - done, MSG_NOSIGNAL),
                                 "%d, %zu bytes", s->sock_fd, length - done);

        if (sent < 0 && errno == EINTR && !sl_interrupted())
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            break;
        if (sent < 0)
            return -1;
        done += (size_t)sent;
    }
    return (ssize_t)done;
}

/* Sends typed bytes, or keeps them (OUT_MAX at most) until the peer reads:
 * beyond, they are not sent, and the operator is told once. Returns 0, or
 * -1 with errno if the connection failed. */
static int send_typed(struct session *s, const char *data, size_t length)
{
    ssize_t sent = 0;

    if (s->out_len == 0 && (sent = send_now(s, data, length)) < 0)
        return -1;
    data += sent;
    length -= (size_t)sent;
    if (length == 0)
        return 0;
    if (length > OUT_MAX - s->out_len) {
        if (s->dropped == 0)
            printf("(the %s reads nothing: %zu bytes wait to be sent; what is typed now "
                   "is not sent, type exit to leave)\n", s->peer, s->out_len);
        s->dropped += length;
        return 0;
    }
    memcpy(s->out + s->out_len, data, length);
    s->out_len += length;
    return 0;
}

/* The socket takes more: sends what waits. Returns 0, or -1 with errno. */
static int flush_typed(struct session *s)
{
    ssize_t sent = send_now(s, s->out, s->out_len);

    if (sent < 0)
        return -1;
    memmove(s->out, s->out + sent, s->out_len - (size_t)sent);
    s->out_len -= (size_t)sent;
    if (s->out_len == 0 && s->dropped > 0) {
        end_prompt_line(s);
        printf("(the %s reads again: %zu bytes typed meanwhile were not sent)\n", s->peer,
               s->dropped);
        s->dropped = 0;
        show_prompt(s);
    }
    return 0;
}

/* Sends one piece of what we typed. Returns CHAT_GOING_ON, or how it ended. */
static enum chat_end send_piece(struct session *s, struct piece *piece)
{
    int whole = piece->ends_line && !piece->continues;

    if (s->echo_input) {          /* input from a pipe or a file: show it after the prompt */
        sl_put_text(stdout, piece->text, piece->length);
        putchar('\n');
    }
    s->prompt_shown = 0;          /* (a terminal already echoed the line and its Enter) */
    if (whole && piece->length == 0) {
        printf("(empty line: nothing sent; type exit to leave)\n");
        return CHAT_GOING_ON;
    }
    if (whole && piece->length == 4 && memcmp(piece->text, "exit", 4) == 0)
        s->leaving = CHAT_LOCAL_EXIT;
    if (!piece->ends_line && !piece->continues)
        printf("(a line longer than %d bytes: sent in pieces)\n", CHAT_BUFSIZE);
    if (piece->ends_line)
        piece->text[piece->length++] = '\n';   /* the newline ends the message */
    if (send_typed(s, piece->text, piece->length) < 0)
        return connection_failed(s, "send");
    return CHAT_GOING_ON;
}

/* We leave (exit typed, or end of input): shutdown(SHUT_WR) sends our FIN,
 * then we keep reading until the peer closes. */
static void start_leaving(struct session *s, enum chat_end why)
{
    s->leaving = why;
    end_prompt_line(s);
    if (s->out_len + s->dropped > 0)
        printf("(%zu typed bytes the %s did not take are not sent)\n",
               s->out_len + s->dropped, s->peer);
    s->out_len = s->dropped = 0;
    printf("(%s: closing the connection, the %s is told)\n",
           why == CHAT_LOCAL_EXIT ? "exit" : "end of input", s->peer);
    if (sl_traced(shutdown(s->sock_fd, SHUT_WR), "%d, SHUT_WR", s->sock_fd) < 0)
        sl_error("shutdown");     /* the peer is not told: we close after LEAVE_TIMEOUT_MS */
}

/* Sends every whole piece waiting in the keyboard buffer; at the end of
 * input, starts leaving. Returns CHAT_GOING_ON, or how the session ended. */
static enum chat_end send_typed_lines(struct session *s)
{
    struct piece piece;

    while (s->leaving == CHAT_GOING_ON && take_piece(s->keyboard, &piece)) {
        enum chat_end end = send_piece(s, &piece);

        if (end != CHAT_GOING_ON)
            return end;
        if (s->leaving == CHAT_LOCAL_EXIT)
            start_leaving(s, CHAT_LOCAL_EXIT);
        else
            show_prompt(s);
    }
    if (s->leaving == CHAT_GOING_ON && s->keyboard->at_end)
        start_leaving(s, CHAT_LOCAL_EOF);
    return CHAT_GOING_ON;
}

/* read() what was typed into keyboard (the end of input, or an error, sets
 * at_end). Call only when it has room. */
static void read_stdin(struct chat_lines *keyboard)
{
    ssize_t got = sl_traced(read(STDIN_FILENO, keyboard->data + keyboard->used,
                                 CHAT_BUFSIZE - keyboard->used),
                            "%d, %zu", STDIN_FILENO, CHAT_BUFSIZE - keyboard->used);

    if (got > 0) {
        keyboard->used += (size_t)got;
    } else if (got == 0) {
        keyboard->at_end = 1;
    } else if (errno != EINTR) {
        sl_error("read standard input");
        keyboard->at_end = 1;     /* treat it as the end of input */
    }
}

/* The socket is readable: recv() what the peer sent and print its lines.
 * Returns CHAT_GOING_ON, or how the session ended. */
static enum chat_end receive_lines(struct session *s)
{
    struct chat_lines *network = &s->network;
    struct piece piece;
    ssize_t got = sl_traced(recv(s->sock_fd, network->data + network->used,
                                 CHAT_BUFSIZE - network->used, 0),
                            "%d, %zu", s->sock_fd, CHAT_BUFSIZE - network->used);

    if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return CHAT_GOING_ON;
    if (got < 0)
        return connection_failed(s, "recv");
    if (got == 0)
        network->at_end = 1;      /* the peer closed its side */
    network->used += (size_t)got;

    while (take_piece(network, &piece)) {
        if (piece.ends_line && !piece.continues && piece.length == 4 &&
            memcmp(piece.text, "exit", 4) == 0)
            return peer_gone(s, "it typed exit");
        end_prompt_line(s);
        printf("from %s '", s->peer);
        sl_put_text(stdout, piece.text, piece.length);
        printf("'\n");
        if (!piece.ends_line && !piece.continues)
            printf("(a line longer than the %d-byte buffer: shown in pieces)\n", CHAT_BUFSIZE);
        show_prompt(s);
    }
    if (network->at_end)
        return peer_gone(s, "it closed the connection");
    return CHAT_GOING_ON;
}

int chat_wait_for_peer(int fd, struct chat_lines *keyboard)
{
    struct pollfd fds[2];

    for (;;) {
        int ready, room = keyboard->used < CHAT_BUFSIZE && !keyboard->at_end;

        if (keyboard->at_end && keyboard->used == 0)
            return 0;
        fds[0].fd = room ? STDIN_FILENO : -1;   /* full or ended: stop reading it */
        fds[0].events = POLLIN;
        fds[1].fd = fd;
        fds[1].events = POLLIN;
        ready = sl_traced(poll(fds, 2, -1), "[stdin, %d]", fd);
        if (ready < 0 && errno == EINTR && !sl_interrupted())
            continue;
        if (ready < 0) {
            if (errno != EINTR)
                sl_error("poll");
            return -1;
        }
        if (fds[1].revents != 0)
            return 1;             /* a client waits: the caller accept()s it */
        if (fds[0].revents != 0)
            read_stdin(keyboard); /* kept for the next session */
    }
}

/* One poll() of the session: stdin (unless leaving) and the socket (POLLOUT
 * too while typed bytes wait). Returns poll()'s result; -1 with EINTR at once
 * after a Ctrl-C. */
static int wait_session(const struct session *s, struct pollfd fds[2])
{
    if (s->leaving != CHAT_GOING_ON)
        fds[0].fd = -1;           /* leaving: stop reading stdin (poll() skips fd -1) */
    fds[1].events = s->out_len > 0 ? POLLIN | POLLOUT : POLLIN;
    if (sl_interrupted()) {       /* (a Ctrl-C while input kept poll() from waiting) */
        errno = EINTR;
        return -1;
    }
    return sl_traced(poll(fds, 2, s->leaving != CHAT_GOING_ON ? LEAVE_TIMEOUT_MS : -1),
                     "[stdin, %d]", s->sock_fd);
}

enum chat_end chat_session(int sock_fd, const char *peer, const char *prompt,
                           struct chat_lines *keyboard)
{
    static struct session s;      /* (64 KiB: not on the stack) */
    struct pollfd fds[2];
    enum chat_end end;
    int flags = fcntl(sock_fd, F_GETFL);

    s = (struct session){ sock_fd, peer, prompt, !isatty(STDIN_FILENO), 0,
                          CHAT_GOING_ON, { .used = 0 }, keyboard, { 0 }, 0, 0 };
    /* Non-blocking sends: a peer that reads nothing fills the socket, and a
     * blocking send() would then stop the session, keyboard and Ctrl-C
     * included. What does not fit waits in s.out (see send_typed). */
    if (flags < 0 || fcntl(sock_fd, F_SETFL, flags | O_NONBLOCK) < 0)
        sl_error("fcntl(%d, O_NONBLOCK)", sock_fd);
    chat_lines_init(&s.network);
    show_prompt(&s);
    end = send_typed_lines(&s);   /* lines read during the previous session */
    fds[0].fd = STDIN_FILENO;
    fds[0].events = POLLIN;
    fds[1].fd = sock_fd;
    fds[1].events = POLLIN;

    while (end == CHAT_GOING_ON) {
        int ready = wait_session(&s, fds);

        if (ready < 0 && errno == EINTR && sl_interrupted()) {
            end_prompt_line(&s);
            return CHAT_INTERRUPTED;
        }
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0) {
            sl_error("poll");
            return CHAT_PEER_LOST;
        }
        if (ready == 0) {         /* leaving, and the peer did not close in time */
            printf("(the %s did not close within %d s: closing anyway)\n", peer,
                   LEAVE_TIMEOUT_MS / 1000);
            return s.leaving;
        }
        if (fds[1].revents & ~POLLOUT)  /* POLLIN, POLLHUP or POLLERR: recv() says which */
            end = receive_lines(&s);
        if (end == CHAT_GOING_ON && (fds[1].revents & POLLOUT) && flush_typed(&s) < 0)
            end = connection_failed(&s, "send");
        if (end == CHAT_GOING_ON && fds[0].fd >= 0 && fds[0].revents != 0) {
            read_stdin(keyboard);     /* what was typed: send its lines */
            end = send_typed_lines(&s);
        }
    }
    return end;
}
