/*
 * check_tp1.c - TP1, mode connecté (labs/tp1-tcp.md): the student's TCP
 * server and client against socklab's tcp_client and tcp_server.
 *
 *   tp1.serveur      ex 1, 2.1-2.2: listens on 127.0.0.1:60000, prints the
 *                    message, answers "Welcome to this server", closes
 *   tp1.client       ex 1, 2.1: connects, sends, prints the reply, ends
 *   tp1.getsockname  ex 2.5: prints its own address, the one the kernel gave
 *   tp1.port62000    ex 2.6: source port 62000, as the server sees it
 *   tp1.boucle       ex 2.7: a 2nd and a 3rd client served without restart
 *   tp1.argv         ex 3: port and message from argv
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WELCOME "Welcome to this server"
#define CLIENT_PORT      62000    /* tp1.port62000: the client's static source port */
#define CLIENT_PORT_TEXT "62000"
#define ARGV_PORT "61000"   /* tp1.argv: not 60000, so a hardcoded port shows */

/* ---- the checks of this file: their verifications and ports ------------- */

static int lc_check_tp1_serveur(struct lc_ctx *ctx);

/* tp1.serveur: its verifications, numbered as the report numbers them */
enum {
    TP1S_LISTEN = 1,
    TP1S_PRINTS,
    TP1S_WELCOME,
    TP1S_CLOSES,
};

const struct lc_check lc_tp1_serveur = {
    .name = "tp1.serveur",
    .exercise = "TP1 ex 1, 2.1-2.2",
    .summary = "serveur TCP sur " LC_COURSE_ADDR4 " : reçoit, affiche, "
                "répond « Welcome to this server », ferme",
    .handout = "labs/tp1-tcp.md",
    .file = "serveur",
    .titles = {
        [TP1S_LISTEN] = ("le serveur écoute sur " LC_COURSE_ADDR4),
        [TP1S_PRINTS] = "le serveur affiche le message du client",
        [TP1S_WELCOME] = "le client reçoit « Welcome to this server »",
        [TP1S_CLOSES] = "le serveur ferme la connexion du client",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 1 }, { 0, 0, 0 } },
    .run = lc_check_tp1_serveur,
};

static int lc_check_tp1_client(struct lc_ctx *ctx);

/* tp1.client: its verifications, numbered as the report numbers them */
enum {
    TP1C_CONNECTS = 1,
    TP1C_ARRIVES,
    TP1C_PRINTS_REPLY,
    TP1C_CLOSES,
};

const struct lc_check lc_tp1_client = {
    .name = "tp1.client",
    .exercise = "TP1 ex 1, 2.1",
    .summary = "client TCP vers " LC_COURSE_ADDR4 " : envoie un message, "
                "affiche la réponse, ferme",
    .handout = "labs/tp1-tcp.md",
    .file = "client",
    .titles = {
        [TP1C_CONNECTS] = ("le client se connecte à " LC_COURSE_ADDR4),
        [TP1C_ARRIVES] = "le message du client arrive au serveur",
        [TP1C_PRINTS_REPLY] = "le client affiche la réponse « Welcome to this server »",
        [TP1C_CLOSES] = "le client ferme la connexion et se termine",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp1_client,
};

static int lc_check_tp1_getsockname(struct lc_ctx *ctx);

/* tp1.getsockname: its verifications, numbered as the report numbers them */
enum {
    TP1G_CONNECTS = 1,
    TP1G_LOCAL_ADDR,
};

const struct lc_check lc_tp1_getsockname = {
    .name = "tp1.getsockname",
    .exercise = "TP1 ex 2.5",
    .summary = "le client affiche son adresse locale (getsockname), "
                "celle que le noyau lui a donnée",
    .handout = "labs/tp1-tcp.md",
    .file = "client",
    .titles = {
        [TP1G_CONNECTS] = ("le client se connecte à " LC_COURSE_ADDR4),
        [TP1G_LOCAL_ADDR] = "le client affiche son adresse locale, celle que voit le serveur",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp1_getsockname,
};

static int lc_check_tp1_port62000(struct lc_ctx *ctx);

/* tp1.port62000: its verifications, numbered as the report numbers them */
enum {
    TP1P_CONNECTS = 1,
    TP1P_SOURCE_PORT,
    TP1P_EXCHANGE,
    TP1P_ENDS,
    TP1P_RERUN,
    TP1P_BIND_FAILS,
};

const struct lc_check lc_tp1_port62000 = {
    .name = "tp1.port62000",
    .exercise = "TP1 ex 2.6",
    .summary = "le client se lie au port source " CLIENT_PORT_TEXT " avant connect(), "
                "envoie, affiche la réponse ; lancé deux fois de suite (TIME_WAIT)",
    .handout = "labs/tp1-tcp.md",
    .file = "client",
    .titles = {
        [TP1P_CONNECTS] = ("le client se connecte à " LC_COURSE_ADDR4),
        [TP1P_SOURCE_PORT] = ("le port source du client est " CLIENT_PORT_TEXT " (vu par le serveur)"),
        [TP1P_EXCHANGE] = "le message arrive au serveur, le client affiche la réponse (2.6a)",
        [TP1P_ENDS] = "le client se termine",
        [TP1P_RERUN] = ("relancé aussitôt, pendant le TIME_WAIT du serveur (" LC_COURSE_PORT_TEXT " ↔ " CLIENT_PORT_TEXT ") : servi (2.6b)"),
        [TP1P_BIND_FAILS] = (CLIENT_PORT_TEXT " en TIME_WAIT chez un client : bind() échoue, le client le dit, code non nul"),
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 0 }, { SL_TCP, CLIENT_PORT, 1 }, { 0, 0, 0 } },
    .run = lc_check_tp1_port62000,
};

static int lc_check_tp1_boucle(struct lc_ctx *ctx);

/* tp1.boucle: its verifications, numbered as the report numbers them */
enum {
    TP1B_LISTEN = 1,
    TP1B_FIRST,
    TP1B_SECOND,
    TP1B_THIRD,
};

const struct lc_check lc_tp1_boucle = {
    .name = "tp1.boucle",
    .exercise = "TP1 ex 2.7",
    .summary = "le serveur boucle sur accept() : un 2e et un 3e client "
                "servis sans le relancer",
    .handout = "labs/tp1-tcp.md",
    .file = "serveur",
    .titles = {
        [TP1B_LISTEN] = ("le serveur écoute sur " LC_COURSE_ADDR4),
        [TP1B_FIRST] = "le 1er client reçoit « Welcome to this server »",
        [TP1B_SECOND] = "le 2e client est servi sans relancer le serveur",
        [TP1B_THIRD] = "le 3e client est servi",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 1 }, { 0, 0, 0 } },
    .run = lc_check_tp1_boucle,
};

static int lc_check_tp1_argv(struct lc_ctx *ctx);

/* tp1.argv: its verifications, numbered as the report numbers them */
enum {
    TP1A_CONNECTS = 1,
    TP1A_ARRIVES,
    TP1A_PRINTS_REPLY,
    TP1A_BAD_PORT,
};

const struct lc_check lc_tp1_argv = {
    .name = "tp1.argv",
    .exercise = "TP1 ex 3",
    .summary = "le client prend le port et le message dans argv "
                "(labcheck ajoute « 61000 MESSAGE » à la commande)",
    .handout = "labs/tp1-tcp.md",
    .file = "client",
    .titles = {
        [TP1A_CONNECTS] = "le client se connecte au port donné en argument (61000)",
        [TP1A_ARRIVES] = "le message donné en argument arrive au serveur",
        [TP1A_PRINTS_REPLY] = "le client affiche la réponse",
        [TP1A_BAD_PORT] = "un port invalide (70000) est refusé : code de sortie 2, sans connexion",
    },
    .ports = { { SL_TCP, 61000, 0 }, { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp1_argv,
};

/* Verification i: the peer client (socklab's tcp_client) got the welcome.
 * nth names the client in messages ("le client", "le 2e client"). */
static int expect_reply(struct lc_ctx *ctx, int i, struct lc_proc *client, const char *nth)
{
    char got[LC_TEXT / 2] = "";
    const char *line;

    if (lc_wait_output(ctx, client, "Client received: " WELCOME,
                       lc_step_deadline(ctx, ctx->opts->step_ms))) {
        lc_pass(ctx, i);
        return 1;
    }
    if (client->out.data != NULL && (line = strstr(client->out.data, "Client received: ")) != NULL) {
        line += strlen("Client received: ");
        snprintf(got, sizeof got, "%.*s", (int)strcspn(line, "\n"), line);
        lc_fail(ctx, i, "%s a reçu « %s » au lieu de « " WELCOME " » : regardez le texte "
                "envoyé par send() ; essayez ./tcp/tcp_client " LC_COURSE_PORT_TEXT " Bonjour", nth, got);
    } else if (client->err.data != NULL && strstr(client->err.data, "without replying")) {
        lc_fail(ctx, i, "votre serveur a fermé la connexion sans répondre : send() de "
                "« " WELCOME " » avant close() ; essayez ./tcp/tcp_client " LC_COURSE_PORT_TEXT " Bonjour");
    } else {
        lc_fail(ctx, i, "%s n'a reçu aucune réponse en %ld s : votre serveur appelle-t-il "
                "send() après recv() ? ; essayez ./tcp/tcp_client " LC_COURSE_PORT_TEXT " Bonjour", nth,
                ctx->opts->step_ms / 1000);
    }
    return 0;
}

static int lc_check_tp1_serveur(struct lc_ctx *ctx)
{
    struct lc_proc *student, *client;
    char message[32];
    unsigned short client_port;

    lc_make_message(ctx, "Bonjour", message, sizeof message);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* 1. socket, bind, listen on 127.0.0.1:60000 */
    if (!lc_expect_listen(ctx, student, TP1S_LISTEN, AF_INET, LC_COURSE_PORT, LC_COURSE_ADDR4))
        return 0;
    client = lc_spawn_peer(ctx, "tcp/tcp_client", LC_ARGS(LC_COURSE_PORT_TEXT, message));
    if (client == NULL)
        return -1;
    /* 3. the reply reaches the client (waited for first: it follows the message) */
    expect_reply(ctx, TP1S_WELCOME, client, "le client");
    /* 2. the message printed by the server */
    if (lc_wait_output(ctx, student, message, lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_pass(ctx, TP1S_PRINTS);
    else
        lc_fail(ctx, TP1S_PRINTS, "votre serveur n'affiche pas le message reçu (« %s ») : "
                "print() de ce que rend recv() (en C : printf puis fflush(stdout)) ; essayez "
                "./tcp/tcp_client " LC_COURSE_PORT_TEXT " Bonjour", message);
    /* 4. the server closes the client's socket */
    lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms));
    client_port = lc_port_after(client, "Local address: ");
    if (client_port == 0)
        lc_fail(ctx, TP1S_CLOSES, "non vérifié : le client ne s'est pas connecté");
    else
        lc_expect_server_closed(ctx, TP1S_CLOSES, student, LC_COURSE_PORT, client_port);
    return 0;
}

/* Starts the student's client, which gets "60000" and a message typed when
 * it reads its keyboard (ex 2.4: the port and the message typed); into
 * message when not NULL. Returns it, or NULL (fatal recorded). */
static struct lc_proc *spawn_client(struct lc_ctx *ctx, char *message, size_t size)
{
    char typed[32];
    struct lc_proc *student;

    if (message == NULL) {
        message = typed;
        size = sizeof typed;
    }
    lc_make_message(ctx, "Bonjour", message, size);
    student = lc_spawn_student(ctx, NULL);
    if (student != NULL)
        lc_type_when_asked(student, LC_COURSE_PORT_TEXT, message);
    return student;
}

/* Verification 2 of tp1.client when nothing arrived: where the client waits. */
static void nothing_received(struct lc_ctx *ctx, const struct lc_proc *student)
{
    char where[LC_TEXT / 2];
    const char *name = NULL;
    int waits = lc_waits_on(student, &name);

    lc_wait_hint(student, where, sizeof where);
    if (waits == LC_WAIT_KEYBOARD)
        lc_fail(ctx, TP1C_ARRIVES, "le serveur n'a rien reçu en %ld s : %s ; labcheck tape le port "
                "quand l'invite le demande (« Port : »), puis le message, rien d'autre ; essayez "
                "printf '" LC_COURSE_PORT_TEXT "\\nBonjour\\n' | python3 client.py", ctx->opts->step_ms / 1000, where);
    else if (waits == LC_WAIT_NETWORK && strcmp(name, "recv()") == 0)
        lc_fail(ctx, TP1C_ARRIVES, "le serveur n'a rien reçu en %ld s : votre client attend la "
                "réponse (recv()) avant d'avoir envoyé le message : send() après connect(), puis "
                "recv() ; essayez ./tcp/tcp_server -v", ctx->opts->step_ms / 1000);
    else
        lc_fail(ctx, TP1C_ARRIVES, "le serveur n'a rien reçu en %ld s : votre client appelle-t-il "
                "send() après connect() ? ; essayez ./tcp/tcp_server -v", ctx->opts->step_ms / 1000);
}

static int lc_check_tp1_client(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    double exchange;

    server = lc_start_server(ctx, "tcp/tcp_server", LC_ARGS(LC_COURSE_PORT_TEXT));
    if (server == NULL)
        return -1;
    student = spawn_client(ctx, NULL, 0);
    if (student == NULL)
        return -1;
    /* 1. connect to 127.0.0.1:60000 */
    if (!lc_expect_connect(ctx, TP1C_CONNECTS, server, student, LC_COURSE_ADDR4))
        return 0;
    /* One step for the whole exchange: a client that hangs costs it once. */
    exchange = lc_step_deadline(ctx, ctx->opts->step_ms);
    /* 2. the message reaches the server */
    if (lc_wait_output(ctx, server, "Server received: ", exchange)) {
        lc_pass(ctx, TP1C_ARRIVES);
    } else if (lc_output_has(server, "without sending anything")) {
        lc_fail(ctx, TP1C_ARRIVES, "votre client a fermé la connexion sans rien envoyer : send() "
                "du message avant recv() et close() ; essayez ./tcp/tcp_server -v");
        lc_fail(ctx, TP1C_PRINTS_REPLY, "non vérifié : sans message, le serveur ne répond pas");
    } else {
        nothing_received(ctx, student);
        if (student->running) {
            /* Both sides wait: neither the reply nor the end can be judged. */
            lc_fail_rest(ctx, "le serveur attend encore le message du client (il ne répond "
                         "qu'après l'avoir reçu)");
            return 0;
        }
        lc_fail(ctx, TP1C_PRINTS_REPLY, "non vérifié : sans message, le serveur ne répond pas");
    }
    /* 3. the reply printed (exercise 2.1), unless no reply came (said above) */
    if (lc_state(ctx, TP1C_PRINTS_REPLY) == LC_UNSET) {
        if (lc_wait_output(ctx, student, WELCOME, exchange))
            lc_pass(ctx, TP1C_PRINTS_REPLY);
        else
            lc_fail(ctx, TP1C_PRINTS_REPLY, "votre client n'affiche pas la réponse du serveur (« " WELCOME " ») : recv() puis print() (en C : printf puis fflush(stdout)) ; essayez "
                    "./tcp/tcp_server");
    }
    /* 4. it closes and ends */
    lc_expect_exit(ctx, TP1C_CLOSES, student, 0, "votre client",
                    "close() puis fin du programme ; attend-il encore quelque chose (recv(), "
                            "input()) ?",
                    exchange);
    return 0;
}

/* The ports printed after "127.0.0.1" in text ("127.0.0.1:41234" or Python's
 * "('127.0.0.1', 41234)"): the first one other than want into *other, and
 * whether want is among them. */
static int prints_port(const char *text, unsigned short want, unsigned short *other)
{
    const char *at = text;
    int found = 0;

    *other = 0;
    while ((at = strstr(at, "127.0.0.1")) != NULL) {
        long port;

        at += strlen("127.0.0.1");
        while (*at == '\'' || *at == '"' || *at == ':' || *at == ',' || *at == ' ')
            at++;
        port = strtol(at, NULL, 10);
        if (port == want)
            found = 1;
        else if (port > 0 && port <= 65535 && *other == 0)
            *other = (unsigned short)port;
    }
    return found;
}

static int lc_check_tp1_getsockname(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    unsigned short port, other = 0;

    server = lc_start_server(ctx, "tcp/tcp_server", LC_ARGS(LC_COURSE_PORT_TEXT));
    if (server == NULL)
        return -1;
    student = spawn_client(ctx, NULL, 0);
    if (student == NULL)
        return -1;
    /* 1. connect; the server sees the client's address and port */
    port = lc_expect_connect(ctx, TP1G_CONNECTS, server, student, LC_COURSE_ADDR4);
    if (port == 0)
        return 0;
    /* 2. the client prints that same address (getsockname) */
    lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
    if (student->out.data != NULL && prints_port(student->out.data, port, &other))
        lc_pass(ctx, TP1G_LOCAL_ADDR);
    else if (other != 0)
        lc_fail(ctx, TP1G_LOCAL_ADDR, "votre client affiche 127.0.0.1:%u, mais le noyau lui a "
                "donné 127.0.0.1:%u (vu par le serveur) : getsockname() sur la socket du client "
                "après connect(), pas getpeername() ; essayez ss -tn 'dport = :" LC_COURSE_PORT_TEXT "'", other, port);
    else if (lc_output_has(student, "0.0.0.0"))
        lc_fail(ctx, TP1G_LOCAL_ADDR, "votre client affiche 0.0.0.0 : getsockname() appelé avant "
                "connect() ; appelez-le une fois connecté ; essayez ss -tn 'dport = :" LC_COURSE_PORT_TEXT "'");
    else
        lc_fail(ctx, TP1G_LOCAL_ADDR, "votre client n'affiche pas son adresse locale "
                "(127.0.0.1:%u) : getsockname() après connect(), puis print() ; essayez ss -tn "
                "'dport = :" LC_COURSE_PORT_TEXT "'",
                port);
    return 0;
}

/* ---- tp1.port62000 (ex 2.6): the port 62000, the message, twice --------- */


/* How many times the server printed a connection from 127.0.0.1:62000. */
static int connections_from_62000(const struct lc_proc *server)
{
    return lc_count_output(server, "Connected by 127.0.0.1:" CLIENT_PORT_TEXT "\n");
}

struct count_wait {
    const struct lc_proc *server, *student;
    int count;
};

static int connected_again_or_ended(struct lc_ctx *ctx, void *arg)
{
    const struct count_wait *w = arg;

    (void)ctx;
    return lc_count_output(w->server, "Connected by ") >= w->count || !w->student->running;
}

/* Verification 3 (2.6a): the message reached the server and the reply is shown. */
static void message_and_reply(struct lc_ctx *ctx, struct lc_proc *server, struct lc_proc *student)
{
    double exchange = lc_step_deadline(ctx, ctx->opts->step_ms);
    char where[LC_TEXT / 2];

    if (!lc_wait_output(ctx, server, "Server received: ", exchange)) {
        lc_wait_hint(student, where, sizeof where);
        lc_fail(ctx, TP1P_EXCHANGE, "votre client lié au port " CLIENT_PORT_TEXT " n'a rien envoyé au serveur%s%s "
                ": send() du message après connect() (exercice 2.6a) ; essayez ./tcp/tcp_server -v",
                where[0] ? " : " : "", where);
    } else if (!lc_wait_output(ctx, student, WELCOME, exchange)) {
        lc_fail(ctx, TP1P_EXCHANGE, "votre client n'affiche pas la réponse du serveur (« " WELCOME " ») : recv() puis print() ; essayez "
                "./tcp/tcp_server");
    } else {
        lc_pass(ctx, TP1P_EXCHANGE);
    }
}

/* Verification 5 (2.6b): run again at once, while the first connection is in
 * TIME-WAIT: served from 62000 when the server closed first (its TIME-WAIT,
 * on 60000), refused when the client did (its own, on 62000). */
static void second_run(struct lc_ctx *ctx, struct lc_proc *server)
{
    struct lc_sockq mine = { SL_TCP, AF_INET, CLIENT_PORT, LC_COURSE_PORT, SL_TIME_WAIT };
    int client_side = lc_find_socket(&mine, 0, NULL, 0, NULL, NULL) > 0;
    struct count_wait w = { server, NULL, lc_count_output(server, "Connected by ") + 1 };
    struct lc_proc *student = spawn_client(ctx, NULL, 0);
    char how[64], error[LC_TEXT / 2];

    if (student == NULL)
        return;
    w.student = student;
    lc_wait_until(ctx, lc_step_deadline(ctx, ctx->opts->step_ms), connected_again_or_ended, &w);
    lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
    if (connections_from_62000(server) >= 2 && !student->running && WIFEXITED(student->status)) {
        lc_pass(ctx, TP1P_RERUN);
    } else if (client_side) {
        lc_fail(ctx, TP1P_RERUN, "relancé, votre client %s (%s) : il a fermé la connexion avant le "
                "serveur, le TIME_WAIT est donc chez lui, sur le port " CLIENT_PORT_TEXT " : lisez jusqu'à ce "
                "que recv() rende 0 (le serveur ferme le premier), puis close() ; essayez "
                "ss -tan state time-wait '( sport = :" CLIENT_PORT_TEXT " )'", lc_exit_text(student, how,
                sizeof how), lc_last_error_line(student, error, sizeof error));
    } else {
        lc_fail(ctx, TP1P_RERUN, "relancé aussitôt, votre client %s sans être servi depuis le port "
                CLIENT_PORT_TEXT " : le TIME_WAIT est chez le serveur (" LC_COURSE_PORT_TEXT " ↔ " CLIENT_PORT_TEXT ") et n'empêche pas "
                "bind() ; essayez ss -tan state time-wait '( sport = :" LC_COURSE_PORT_TEXT " )'",
                lc_exit_text(student, how, sizeof how));
    }
    lc_stop(ctx, student);
}

/* A TCP socket on 127.0.0.1:port, SO_REUSEADDR as asked, or -1. */
static int bound_socket(unsigned short port, int reuse)
{
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse) < 0) ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int in_time_wait(struct lc_ctx *ctx, void *arg)
{
    const struct lc_sockq *q = arg;

    (void)ctx;
    return lc_find_socket(q, 0, NULL, 0, NULL, NULL) > 0;
}

/* A connection from 127.0.0.1:62000, closed by its 62000 side first: the
 * TIME-WAIT a client that closes first leaves (no SO_REUSEADDR, as a
 * client's). Returns 0 once it is seen, or -1. */
static int client_time_wait(struct lc_ctx *ctx)
{
    struct lc_sockq q = { SL_TCP, AF_INET, CLIENT_PORT, 0, SL_TIME_WAIT };
    struct sockaddr_in to;
    socklen_t length = sizeof to;
    int listener = bound_socket(0, 1), client = bound_socket(CLIENT_PORT, 0), served = -1;

    if (listener >= 0 && client >= 0 && listen(listener, 1) == 0 &&
        getsockname(listener, (struct sockaddr *)&to, &length) == 0 &&
        connect(client, (struct sockaddr *)&to, length) == 0)
        served = accept(listener, NULL, NULL);
    if (client >= 0)
        close(client);                  /* the 62000 side closes first: its TIME-WAIT */
    if (served >= 0) {
        struct pollfd fin = { served, POLLIN, 0 };
        char end;

        if (poll(&fin, 1, 1000) > 0)    /* its FIN, then ours */
            recv(served, &end, 1, 0);
        close(served);
    }
    if (listener >= 0)
        close(listener);
    return served >= 0 && lc_wait_until(ctx, lc_step_deadline(ctx, 1000), in_time_wait, &q)
           ? 0 : -1;
}

/* The student's stderr says the bind failed with EADDRINUSE. */
static int says_in_use(const struct lc_proc *p)
{
    static const char *const words[] = { "Address already in use", "Errno 98", "EADDRINUSE",
                                         "déjà utilisée", NULL };

    for (int i = 0; words[i] != NULL; i++)
        if (p->err.data != NULL && strstr(p->err.data, words[i]) != NULL)
            return 1;
    return lc_output_has(p, "Address already in use") || lc_output_has(p, "déjà utilisée");
}

/* Verification 6, once the client ended or was stopped: what it did while
 * 62000 was held. */
static void judge_held_run(struct lc_ctx *ctx, struct lc_proc *student, int before,
                           const struct lc_proc *server)
{
    char how[64], where[LC_TEXT / 2];

    if (student->running) {
        lc_wait_hint(student, where, sizeof where);
        lc_fail(ctx, TP1P_BIND_FAILS, "le port " CLIENT_PORT_TEXT " pris, votre client ne se termine pas (arrêté "
                "au bout de %ld s)%s%s : si bind() échoue, affichez l'erreur et terminez "
                "(sys.exit(1), "
                "exit(1) en C)", ctx->opts->step_ms / 1000, where[0] ? " : " : "", where);
    } else if (lc_count_output(server, "Connected by ") > before) {
        lc_fail(ctx, TP1P_BIND_FAILS, "le port " CLIENT_PORT_TEXT " pris (TIME_WAIT chez un client), votre client "
                "s'est connecté quand même (depuis 127.0.0.1:%u) : il doit faire bind() sur " CLIENT_PORT_TEXT " "
                "et s'arrêter si bind() échoue ; essayez ss -tan 'sport = :" CLIENT_PORT_TEXT "'",
                lc_port_after(server, "Connected by "));
    } else if (!WIFEXITED(student->status) || WEXITSTATUS(student->status) == 0) {
        lc_fail(ctx, TP1P_BIND_FAILS, "le port " CLIENT_PORT_TEXT " pris (TIME_WAIT chez un client), votre client "
                "%s sans se connecter : bind() a échoué (Address already in use) ; affichez-le sur "
                "la sortie d'erreur, puis un code de sortie non nul (sys.exit(1), exit(1) en C)",
                lc_exit_text(student, how, sizeof how));
    } else if (!says_in_use(student)) {
        lc_fail(ctx, TP1P_BIND_FAILS, "le port " CLIENT_PORT_TEXT " pris, votre client %s sans dire pourquoi : "
                "affichez l'erreur de bind() (Address already in use : perror(\"bind\") en C, "
                "except OSError as e: print(e, file=sys.stderr) en Python)",
                lc_exit_text(student, how, sizeof how));
    } else {
        lc_pass(ctx, TP1P_BIND_FAILS);
        if (student->err.data != NULL && strstr(student->err.data, "Traceback") != NULL)
            lc_note(ctx, "le port " CLIENT_PORT_TEXT " pris, votre client s'arrête sur une trace Python (OSError: "
                    "[Errno 98] Address already in use) : c'est bien ce qu'il fallait remarquer ; "
                    "attrapez-la (except OSError as e:) pour une ligne d'erreur et sys.exit(1)");
    }
}

/* Verification 6 (2.6, « quand le client ferme le premier »): 62000 held by
 * a client's TIME-WAIT (in the check's own namespace; on loopback, by a
 * socket bound there, which leaves nothing behind): the client's bind()
 * fails, and it says so and ends with a non-zero status. */
static void held_port_run(struct lc_ctx *ctx, const struct lc_proc *server)
{
    int holder = -1, before = lc_count_output(server, "Connected by ");
    struct lc_proc *student;

    struct lc_sockq held = { SL_TCP, AF_INET, CLIENT_PORT, 0, SL_TIME_WAIT };

    if (lc_find_socket(&held, 0, NULL, 0, NULL, NULL) > 0)
        sl_trace(CLIENT_PORT_TEXT " already in a client's TIME-WAIT (the student's own)");
    else if (ctx->verdict->netns ? client_time_wait(ctx) < 0
                                 : (holder = bound_socket(CLIENT_PORT, 0)) < 0) {
        lc_fail(ctx, TP1P_BIND_FAILS, "non vérifié : labcheck n'a pas pu prendre le port " CLIENT_PORT_TEXT " : %s",
                strerror(errno));
        return;
    }
    student = spawn_client(ctx, NULL, 0);
    if (student != NULL) {
        student->stderr_expected = 1;   /* its error is what is asked for */
        lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
        lc_pump(ctx, 20);
        judge_held_run(ctx, student, before, server);
        lc_stop(ctx, student);
    }
    if (holder >= 0)
        close(holder);
}

static int lc_check_tp1_port62000(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    unsigned short port;

    server = lc_start_server(ctx, "tcp/tcp_server", LC_ARGS("-k", LC_COURSE_PORT_TEXT));
    if (server == NULL)
        return -1;
    student = spawn_client(ctx, NULL, 0);
    if (student == NULL)
        return -1;
    /* 1. connect */
    port = lc_expect_connect(ctx, TP1P_CONNECTS, server, student, LC_COURSE_ADDR4);
    if (port == 0)
        return 0;
    /* 2. its source port, as the server (the kernel) saw it: not its output */
    if (port == CLIENT_PORT)
        lc_pass(ctx, TP1P_SOURCE_PORT);
    else
        lc_fail(ctx, TP1P_SOURCE_PORT, "votre client utilise le port source %u, pas " CLIENT_PORT_TEXT " : "
                "bind() sur le port " CLIENT_PORT_TEXT " avant connect() ; essayez ss -tn 'sport = :" CLIENT_PORT_TEXT "'", port);
    /* 3. 2.6a: the message and the reply */
    message_and_reply(ctx, server, student);
    /* 4. it ends */
    if (!lc_expect_exit(ctx, TP1P_ENDS, student, 0, "votre client",
                        "close() puis fin du programme ; attend-il encore quelque chose ?",
                        lc_step_deadline(ctx, ctx->opts->step_ms))) {
        lc_fail_rest(ctx, "la 1re exécution ne s'est pas terminée");
        return 0;
    }
    if (port != CLIENT_PORT) {
        lc_fail_rest(ctx, "le client ne se lie pas au port " CLIENT_PORT_TEXT);
        return 0;
    }
    /* 5. 2.6b: a second run at once; 6. the port held by a client's TIME-WAIT */
    second_run(ctx, server);
    held_port_run(ctx, server);
    return 0;
}

static int lc_check_tp1_boucle(struct lc_ctx *ctx)
{
    static const char *const nth[] = { "le 1er client", "le 2e client", "le 3e client" };
    struct lc_proc *student, *client;
    char message[32], how[64];

    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    if (!lc_expect_listen(ctx, student, TP1B_LISTEN, AF_INET, LC_COURSE_PORT, LC_COURSE_ADDR4))
        return 0;
    for (int k = 0; k < 3; k++) {
        lc_make_message(ctx, "Bonjour", message, sizeof message);
        client = lc_spawn_peer(ctx, "tcp/tcp_client", LC_ARGS(LC_COURSE_PORT_TEXT, message));
        if (client == NULL)
            return -1;
        if (!expect_reply(ctx, TP1B_FIRST + k, client, nth[k])) {
            /* Not served: a server that ended after the previous client says why. */
            if (k > 0 && lc_wait_exit(ctx, student, lc_step_deadline(ctx, 300)))
                lc_fail(ctx, TP1B_FIRST + k, "votre serveur %s après %s : mettez accept() et la "
                        "suite dans une boucle (while True en Python, for (;;) en C) ; essayez ss "
                        "-ltn 'sport = :" LC_COURSE_PORT_TEXT "'",
                        lc_exit_text(student, how, sizeof how), nth[k - 1]);
            return 0;
        }
        lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms));
        lc_stop(ctx, client);
    }
    return 0;
}

/* A listening socket on 127.0.0.1:port, to see a client that ignores argv
 * connect there. Returns it, or -1. */
static int decoy_listen(unsigned short port)
{
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;

    if (fd < 0)
        return -1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 8) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Did a connection arrive in the decoy's accept queue? */
static int decoy_hit(int fd)
{
    struct pollfd ready = { fd, POLLIN, 0 };

    return poll(&ready, 1, 0) > 0;
}

/* Verification 4 of tp1.argv: the client run with port 70000 ends by itself
 * with status 2 (bad usage), and the server sees no new connection. */
static void bad_port(struct lc_ctx *ctx, struct lc_proc *server, const char *message)
{
    int before = lc_count_output(server, "Connected by ");
    struct lc_proc *student = lc_spawn_student(ctx, LC_ARGS("70000", message));
    char how[64];

    if (student == NULL)
        return;
    student->stderr_expected = 1;   /* the usage message asked for, not worth a remark */
    lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
    if (student->running)
        lc_fail(ctx, TP1A_BAD_PORT, "avec le port 70000, votre client ne se termine pas (arrêté au "
                "bout de %ld s) : vérifiez que le port est entre 1 et 65535 avant socket(), et "
                "sinon terminez avec le code 2 (sys.exit(2), exit(2) en C)", ctx->opts->step_ms / 1000);
    else if (lc_count_output(server, "Connected by ") > before)
        lc_fail(ctx, TP1A_BAD_PORT, "avec le port 70000, votre client s'est connecté quand même "
                "(70000 ne tient pas sur 16 bits : htons(70000) donne 4464) : refusez un port hors "
                "de 1..65535 avant connect(), code de sortie 2");
    else if (WIFEXITED(student->status) && WEXITSTATUS(student->status) == 2)
        lc_pass(ctx, TP1A_BAD_PORT);
    else
        lc_fail(ctx, TP1A_BAD_PORT, "avec le port 70000, votre client %s : un port hors de "
                "1..65535 est une erreur d'usage : un message qui nomme la valeur, puis le code de "
                "sortie 2 (sys.exit(2), exit(2) en C) ; essayez ./tcp/tcp_client 70000 Bonjour",
                lc_exit_text(student, how, sizeof how));
}

static int lc_check_tp1_argv(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    char message[32], expected[64];
    int decoy;

    lc_make_message(ctx, "Bonjour", message, sizeof message);
    server = lc_start_server(ctx, "tcp/tcp_server", LC_ARGS(ARGV_PORT));
    if (server == NULL)
        return -1;
    decoy = decoy_listen(LC_COURSE_PORT);
    student = lc_spawn_student(ctx, LC_ARGS(ARGV_PORT, message));
    if (student == NULL) {
        if (decoy >= 0)
            close(decoy);
        return -1;
    }
    /* 1. the port comes from argv */
    if (!lc_expect_connect(ctx, TP1A_CONNECTS, server, student, "127.0.0.1:" ARGV_PORT)) {
        if (decoy >= 0 && decoy_hit(decoy))
            lc_fail(ctx, TP1A_CONNECTS, "votre client s'est connecté au port " LC_COURSE_PORT_TEXT ", pas au port "
                    "donné en argument (" ARGV_PORT ") : lisez le port dans sys.argv[1] (argv[1] "
                    "en C) ; essayez ./tcp/tcp_server " ARGV_PORT);
        if (decoy >= 0)
            close(decoy);
        return 0;
    }
    if (decoy >= 0)
        close(decoy);
    /* 2. the message comes from argv */
    snprintf(expected, sizeof expected, "Server received: %s --", message);
    if (lc_wait_output(ctx, server, expected, lc_step_deadline(ctx, ctx->opts->step_ms))) {
        lc_pass(ctx, TP1A_ARRIVES);
    } else {
        const char *line = server->out.data ? strstr(server->out.data, "Server received: ") : NULL;

        if (line != NULL) {
            line += strlen("Server received: ");
            lc_fail(ctx, TP1A_ARRIVES, "le serveur a reçu « %.*s » au lieu du message donné en "
                    "argument (« %s ») : envoyez sys.argv[2] (argv[2] en C) ; essayez "
                    "./tcp/tcp_server " ARGV_PORT, (int)(strstr(line, " -- ") ? strstr(line, " -- ") - line
                                                            : (long)strcspn(line, "\n")),
                    line, message);
        } else {
            lc_fail(ctx, TP1A_ARRIVES, "le serveur n'a rien reçu : envoyez le message donné en "
                    "argument (sys.argv[2], argv[2] en C) ; essayez ./tcp/tcp_server " ARGV_PORT);
        }
    }
    /* 3. the reply printed */
    if (lc_wait_output(ctx, student, WELCOME, lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_pass(ctx, TP1A_PRINTS_REPLY);
    else
        lc_fail(ctx, TP1A_PRINTS_REPLY, "votre client n'affiche pas la réponse du serveur (« "
                WELCOME " ») : recv() puis print() ; essayez ./tcp/tcp_server " ARGV_PORT);
    /* 4. a port out of 1..65535: usage error, exit 2, no connection */
    lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
    bad_port(ctx, server, message);
    return 0;
}
