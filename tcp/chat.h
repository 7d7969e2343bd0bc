/*
 * chat.h - TP1 part 2, the chat: what tcp_chat_server and tcp_chat_client
 * share once they hold a connected socket. The session itself, in chat.c:
 * poll() on standard input and the socket at once, so either side may type
 * at any time (full duplex).
 *
 * The chat's protocol is plain text, one line per message, each ended by
 * '\n' (TCP is a byte stream and keeps no message boundaries: the newline is
 * how the receiver finds where a message ends). A line "exit" ends the
 * session; so does the end of the stream (recv() returns 0).
 */
#ifndef SOCKLAB_CHAT_H
#define SOCKLAB_CHAT_H

#include <stddef.h>

#define CHAT_PORT    7999   /* the handout's port */
#define CHAT_BUFSIZE 1024   /* one read() or recv(), as the handout's recv(1024) */

/* Bytes read from one descriptor (the keyboard or the socket), not yet cut
 * into lines. A line longer than the buffer is handed out in pieces. */
struct chat_lines {
    char data[CHAT_BUFSIZE];
    size_t used;        /* bytes waiting in data */
    int in_long_line;   /* the last piece had no '\n': the next one continues it */
    int at_end;         /* read() or recv() returned 0: nothing more will come */
};

/* How a session ended. */
enum chat_end {
    CHAT_GOING_ON = 0,  /* (not ended yet) */
    CHAT_LOCAL_EXIT,    /* we typed exit */
    CHAT_LOCAL_EOF,     /* our standard input ended */
    CHAT_PEER_LEFT,     /* the peer typed exit or closed the connection */
    CHAT_PEER_LOST,     /* the connection failed: reset by the peer, ... (reported) */
    CHAT_INTERRUPTED    /* Ctrl-C (SIGINT) or SIGTERM */
};

/* Empties lines, for a new descriptor. */
void chat_lines_init(struct chat_lines *lines);

/* Writes the prompt "ME@HOSTNAME:PORT$ " into prompt (size bytes), e.g.
 * "server@vm1:7999$ ". PORT is the server's port, on both sides. */
void chat_make_prompt(char *prompt, size_t size, const char *me, unsigned short port);

/* For the server, between sessions: waits until fd (the listening socket) is
 * readable, that is, a client waits to be accepted. Meanwhile, what is typed
 * is kept in keyboard for the next session. Returns 1 when fd is readable, 0
 * when standard input has ended and nothing typed is left to send (the
 * server may stop), -1 on Ctrl-C or a poll() failure (reported). */
int chat_wait_for_peer(int fd, struct chat_lines *keyboard);

/* Runs one chat session on the connected socket sock_fd until one side types
 * exit, closes, or fails, or until Ctrl-C. Standard input is read through
 * keyboard, which keeps what was read but not used yet for the next session.
 * peer is "client" (on the server) or "server" (on the client), prompt comes from
 * chat_make_prompt(). Prints the prompts, the peer's lines as
 * "from PEER 'TEXT'", and why the session ended. Does not close sock_fd. */
enum chat_end chat_session(int sock_fd, const char *peer, const char *prompt,
                           struct chat_lines *keyboard);

#endif
