/*
 * check_chat.c - TP1 part 2, the chat (labs/tp1-tcp-part2.md): the student's
 * chat server on port 7999 against socklab's tcp_chat_client, and the
 * student's chat client against tcp_chat_server. labcheck types on both
 * sides' standard input: a line each way, then `exit` on one side (the other
 * must end its session), then, in a second session, `exit` on the other.
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHAT_PORT "7999"

/* ---- the checks of this file: their verifications and ports ------------- */

static int lc_check_chat_serveur(struct lc_ctx *ctx);

/* chat.serveur: its verifications, numbered as the report numbers them */
enum {
    CHATS_LISTEN = 1,
    CHATS_PROMPT,
    CHATS_FROM_CLIENT,
    CHATS_TO_CLIENT,
    CHATS_CLIENT_EXIT,
    CHATS_SERVER_EXIT,
};

const struct lc_check lc_chat_serveur = {
    .name = "chat.serveur",
    .exercise = "TP1 partie 2",
    .summary = "serveur de chat sur le port 7999 : invite, les deux "
                "sens, exit termine la session",
    .handout = "labs/tp1-tcp-part2.md",
    .file = "serveur",
    .titles = {
        [CHATS_LISTEN] = "le serveur écoute sur le port 7999",
        [CHATS_PROMPT] = "le serveur affiche l'invite « server@MACHINE:7999$ »",
        [CHATS_FROM_CLIENT] = "une ligne du client s'affiche chez le serveur",
        [CHATS_TO_CLIENT] = "une ligne tapée au serveur arrive au client",
        [CHATS_CLIENT_EXIT] = "exit tapé au client termine la session du serveur",
        [CHATS_SERVER_EXIT] = "exit tapé au serveur termine le client",
    },
    .ports = { { SL_TCP, 7999, 1 }, { 0, 0, 0 } },
    .run = lc_check_chat_serveur,
};

static int lc_check_chat_client(struct lc_ctx *ctx);

/* chat.client: its verifications, numbered as the report numbers them */
enum {
    CHATC_CONNECTS = 1,
    CHATC_PROMPT,
    CHATC_FROM_SERVER,
    CHATC_TO_SERVER,
    CHATC_SERVER_EXIT,
    CHATC_CLIENT_EXIT,
};

const struct lc_check lc_chat_client = {
    .name = "chat.client",
    .exercise = "TP1 partie 2",
    .summary = "client de chat vers 127.0.0.1:7999 : invite, les deux "
                "sens, exit termine la session",
    .handout = "labs/tp1-tcp-part2.md",
    .file = "client",
    .titles = {
        [CHATC_CONNECTS] = "le client se connecte à 127.0.0.1:7999",
        [CHATC_PROMPT] = "le client affiche l'invite « client@MACHINE:7999$ »",
        [CHATC_FROM_SERVER] = "une ligne du serveur s'affiche chez le client",
        [CHATC_TO_SERVER] = "une ligne tapée au client arrive au serveur",
        [CHATC_SERVER_EXIT] = "exit tapé au serveur termine le client",
        [CHATC_CLIENT_EXIT] = "exit tapé au client termine la session des deux côtés",
    },
    .ports = { { SL_TCP, 7999, 0 }, { 0, 0, 0 } },
    .run = lc_check_chat_client,
};

struct count_wait {
    struct lc_proc *p;
    const char *text;
    int count;
};

static int count_reached(struct lc_ctx *ctx, void *arg)
{
    struct count_wait *w = arg;

    (void)ctx;
    return lc_count_output(w->p, w->text) >= w->count;
}

/* Waits (one step) until text appears count times in p's output. */
static int wait_count(struct lc_ctx *ctx, struct lc_proc *p, const char *text, int count)
{
    struct count_wait w = { p, text, count };

    return lc_wait_until(ctx, lc_step_deadline(ctx, ctx->opts->step_ms), count_reached, &w);
}

/* Verification i: the student's output holds the prompt "ME@...:7999$". */
static void expect_prompt(struct lc_ctx *ctx, int i, struct lc_proc *student, const char *me)
{
    char host[256] = "MACHINE", start[16];
    const char *at = student->out.data;

    snprintf(start, sizeof start, "%s@", me);
    while (at != NULL && (at = strstr(at, start)) != NULL) {
        size_t line = strcspn(at, "\n");
        const char *port = strstr(at, ":" CHAT_PORT "$");

        if (port != NULL && (size_t)(port - at) < line) {
            lc_pass(ctx, i);
            return;
        }
        at += strlen(start);
    }
    gethostname(host, sizeof host - 1);
    lc_fail(ctx, i, "votre %s n'affiche pas l'invite « %s@%s:" CHAT_PORT "$ » : affichez-la "
            "(sans retour à la ligne) avant chaque ligne à taper ; essayez ./tcp/tcp_chat_%s",
            strcmp(me, "server") == 0 ? "serveur" : "client", me, host,
            strcmp(me, "server") == 0 ? "server" : "client");
}

/* A student server that ended is started again and must listen again.
 * Returns it, or NULL (verification i failed). */
static struct lc_proc *running_server(struct lc_ctx *ctx, struct lc_proc *student, int i)
{
    if (student->running)
        return student;
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL || !lc_expect_listen(ctx, student, i, AF_INET, 7999, "le port 7999"))
        return NULL;
    return student;
}

/* A chat client connected to the student's server for a second session; the
 * server is started again if it ended after the first (it may still be
 * ending: a refused client is then tried once more). Returns the client, or
 * NULL (verification 6 failed). */
static struct lc_proc *second_client(struct lc_ctx *ctx, struct lc_proc **student)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        struct lc_proc *client;

        *student = running_server(ctx, *student, CHATS_SERVER_EXIT);
        if (*student == NULL)
            return NULL;
        client = lc_spawn_peer(ctx, "tcp/tcp_chat_client", LC_ARGS(CHAT_PORT));
        if (client == NULL)
            return NULL;
        if (lc_wait_output(ctx, client, "Connected to ", lc_step_deadline(ctx, ctx->opts->step_ms)))
            return client;
        lc_stop(ctx, client);
        if (!lc_wait_exit(ctx, *student, lc_step_deadline(ctx, 500)))
            break;                      /* it runs, and refuses: no retry */
    }
    lc_fail(ctx, CHATS_SERVER_EXIT, "un 2e client n'a pas pu se connecter : votre serveur "
            "revient-il à accept() après une session ? ; essayez ./tcp/tcp_chat_client 7999");
    return NULL;
}

/* Verification 6 of chat.serveur: in a second session (the server started
 * again if it ended after the first), exit typed at the student's server
 * ends socklab's client. */
static void server_exit_session(struct lc_ctx *ctx, struct lc_proc *student)
{
    struct lc_proc *client = second_client(ctx, &student);

    if (client == NULL)
        return;
    lc_send_line(ctx, student, "exit");
    if (lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_pass(ctx, CHATS_SERVER_EXIT);
    else
        lc_fail(ctx, CHATS_SERVER_EXIT, "le client ne s'est pas terminé quand le serveur a tapé "
                "exit : envoyez « exit » au client, puis fermez sa socket ; essayez "
                "./tcp/tcp_chat_client 7999");
}

static int lc_check_chat_serveur(struct lc_ctx *ctx)
{
    struct lc_proc *student, *client;
    char to_server[32], to_client[32], expected[64];
    unsigned short port;

    lc_make_message(ctx, "salut", to_server, sizeof to_server);
    lc_make_message(ctx, "bonjour", to_client, sizeof to_client);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* 1. listens on 7999 */
    if (!lc_expect_listen(ctx, student, CHATS_LISTEN, AF_INET, 7999, "le port 7999"))
        return 0;
    client = lc_spawn_peer(ctx, "tcp/tcp_chat_client", LC_ARGS(CHAT_PORT));
    if (client == NULL)
        return -1;
    if (!lc_wait_output(ctx, client, "Connected to ", lc_step_deadline(ctx, ctx->opts->step_ms))) {
        lc_fail(ctx, CHATS_FROM_CLIENT, "le client n'a pas pu se connecter : votre serveur "
                "appelle-t-il accept() ? ; essayez ./tcp/tcp_chat_client 7999");
        return 0;
    }
    /* 3. client -> server */
    lc_expect_relay(ctx, CHATS_FROM_CLIENT, client, to_server, student, to_server,
                    "votre serveur n'affiche pas la ligne du client (« %s ») : recv() puis "
                    "print() ; essayez ./tcp/tcp_chat_client 7999", to_server);
    /* 4. server -> client */
    snprintf(expected, sizeof expected, "from server '%s'", to_client);
    lc_expect_relay(ctx, CHATS_TO_CLIENT, student, to_client, client, expected,
                    "la ligne tapée au serveur (« %s ») n'arrive pas au client : lisez "
                    "l'entrée standard (input()) et send() sur la socket du client, en même "
                    "temps que recv() (select() ou un thread) ; essayez "
                    "./tcp/tcp_chat_client 7999", to_client);
    /* 2. the prompt, seen by now */
    expect_prompt(ctx, CHATS_PROMPT, student, "server");
    /* 5. exit typed at the client: the server ends the session (closes) */
    port = lc_port_after(client, " from ");
    lc_send_line(ctx, client, "exit");
    lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms));
    if (port != 0 && !lc_expect_server_closed(ctx, CHATS_CLIENT_EXIT, student, 7999, port))
        lc_fail(ctx, CHATS_CLIENT_EXIT, "votre serveur ne ferme pas la connexion quand le client "
                "tape exit : à la réception de « exit » (ou quand recv() rend 0), fermez la socket "
                "du client ; essayez ss -tan 'sport = :7999'");
    lc_stop(ctx, client);
    /* A server stuck in the first session gets a fresh start for the second. */
    if (lc_state(ctx, CHATS_CLIENT_EXIT) == LC_FAIL)
        lc_stop(ctx, student);
    /* 6. exit typed at the server: the client ends (a second session) */
    server_exit_session(ctx, student);
    return 0;
}

/* Verification 6 of chat.client: in a second session with server, exit
 * typed at the student's client ends it, and the server sees the session end. */
static void client_exit_session(struct lc_ctx *ctx, struct lc_proc *server)
{
    struct lc_proc *student;
    int left;

    if (!wait_count(ctx, server, "Waiting for the next client", 1)) {
        lc_fail(ctx, CHATC_CLIENT_EXIT, "non vérifié : la 1re session ne s'est pas terminée");
        return;
    }
    left = lc_count_output(server, "the client left");
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return;
    if (!wait_count(ctx, server, "Connected by ", 2)) {
        lc_fail(ctx, CHATC_CLIENT_EXIT, "votre client ne s'est pas reconnecté pour une 2e "
                "session ; essayez ./tcp/tcp_chat_server");
        return;
    }
    lc_send_line(ctx, student, "exit");
    if (!lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_fail(ctx, CHATC_CLIENT_EXIT, "votre client ne se termine pas quand on y tape exit : "
                "envoyez « exit » au serveur, fermez la socket et terminez ; essayez "
                "./tcp/tcp_chat_server");
    else if (!wait_count(ctx, server, "the client left", left + 1))
        lc_fail(ctx, CHATC_CLIENT_EXIT, "votre client se termine, mais le serveur n'a pas vu la "
                "fin de la session : envoyez « exit » (ou fermez la socket) avant de terminer ; "
                "essayez ./tcp/tcp_chat_server");
    else
        lc_pass(ctx, CHATC_CLIENT_EXIT);
}

static int lc_check_chat_client(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    char to_client[32], to_server[32], expected[64];

    lc_make_message(ctx, "bonjour", to_client, sizeof to_client);
    lc_make_message(ctx, "salut", to_server, sizeof to_server);
    server = lc_start_server(ctx, "tcp/tcp_chat_server", LC_ARGS(CHAT_PORT));
    if (server == NULL)
        return -1;
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* 1. connects to 127.0.0.1:7999 */
    if (!lc_expect_connect(ctx, CHATC_CONNECTS, server, student, "127.0.0.1:" CHAT_PORT))
        return 0;
    /* 3. server -> client */
    lc_expect_relay(ctx, CHATC_FROM_SERVER, server, to_client, student, to_client,
                    "votre client n'affiche pas la ligne du serveur (« %s ») : recv() puis "
                    "print(), en même temps que la lecture du clavier (select() ou un thread) ; "
                    "essayez ./tcp/tcp_chat_server", to_client);
    /* 4. client -> server */
    snprintf(expected, sizeof expected, "from client '%s'", to_server);
    lc_expect_relay(ctx, CHATC_TO_SERVER, student, to_server, server, expected,
                    "la ligne tapée au client (« %s ») n'arrive pas au serveur : lisez "
                    "l'entrée standard (input()) et send() sur la socket ; essayez "
                    "./tcp/tcp_chat_server", to_server);
    /* 2. the prompt */
    expect_prompt(ctx, CHATC_PROMPT, student, "client");
    /* 5. exit typed at the server: the client ends */
    lc_send_line(ctx, server, "exit");
    if (lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_pass(ctx, CHATC_SERVER_EXIT);
    else
        lc_fail(ctx, CHATC_SERVER_EXIT, "votre client ne se termine pas quand le serveur tape exit "
                ": à la réception de « exit » (ou quand recv() rend 0), fermez la socket et "
                "terminez ; essayez ./tcp/tcp_chat_server");
    lc_stop(ctx, student);
    /* 6. exit typed at the client, in a second session: both sides end */
    client_exit_session(ctx, server);
    return 0;
}
