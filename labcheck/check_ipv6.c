/*
 * check_ipv6.c - the advanced exercise, IPv6 (labs/tp-ipv6.md): the student's
 * TCP server on [::1]:60000, IPv6 only (an IPv4 client is refused), and the
 * client, against socklab's tcp6_client, tcp_client and tcp6_server; and the
 * student's IPv4 client of TP1 against tcp6_server, refused (ipv6.client4).
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define WELCOME "Welcome to this server"

/* ---- the checks of this file: their verifications and ports ------------- */

static int lc_check_ipv6_client4(struct lc_ctx *ctx);

/* ipv6.client4: its verifications, numbered as the report numbers them */
enum {
    V6C4_REFUSED = 1,
    V6C4_SAYS_IT,
};

const struct lc_check lc_ipv6_client4 = {
    .name = "ipv6.client4",
    .exercise = "IPv6 §3-4",
    .summary = "votre client IPv4 du TP1 contre le serveur IPv6 : refusé, "
                "il le dit et se termine (puis ipv6.client : votre client passé en IPv6, servi)",
    .handout = "labs/tp-ipv6.md",
    .file = "client",
    .titles = {
        [V6C4_REFUSED] = "le client IPv4 est refusé : le serveur IPv6 ne voit aucune connexion",
        [V6C4_SAYS_IT] = "le client le dit (Connection refused) et se termine avec un code non nul",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_ipv6_client4,
};

static int lc_check_ipv6_serveur(struct lc_ctx *ctx);

/* ipv6.serveur: its verifications, numbered as the report numbers them */
enum {
    V6S_LISTEN = 1,
    V6S_V4_REFUSED,
    V6S_V6_WELCOME,
};

const struct lc_check lc_ipv6_serveur = {
    .name = "ipv6.serveur",
    .exercise = "IPv6",
    .summary = "serveur TCP sur " LC_COURSE_ADDR6 " (IPV6_V6ONLY) : un client IPv6 "
                "servi, un client IPv4 refusé",
    .handout = "labs/tp-ipv6.md",
    .file = "serveur",
    .titles = {
        [V6S_LISTEN] = ("le serveur écoute en IPv6 sur " LC_COURSE_ADDR6),
        [V6S_V4_REFUSED] = "un client IPv4 est refusé (pas de double pile)",
        [V6S_V6_WELCOME] = "un client IPv6 reçoit « Welcome to this server »",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 1 }, { 0, 0, 0 } },
    .run = lc_check_ipv6_serveur,
};

static int lc_check_ipv6_client(struct lc_ctx *ctx);

/* ipv6.client: its verifications, numbered as the report numbers them */
enum {
    V6C_CONNECTS = 1,
    V6C_ARRIVES,
    V6C_PRINTS_REPLY,
};

const struct lc_check lc_ipv6_client = {
    .name = "ipv6.client",
    .exercise = "IPv6",
    .summary = "client TCP vers " LC_COURSE_ADDR6,
    .handout = "labs/tp-ipv6.md",
    .file = "client",
    .titles = {
        [V6C_CONNECTS] = ("le client se connecte à " LC_COURSE_ADDR6 " en IPv6"),
        [V6C_ARRIVES] = "le message du client arrive au serveur",
        [V6C_PRINTS_REPLY] = "le client affiche la réponse « Welcome to this server »",
    },
    .ports = { { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_ipv6_client,
};

static int lc_check_ipv6_serveur(struct lc_ctx *ctx)
{
    struct lc_proc *student, *client4, *client6;
    char message[32];

    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* 1. listens on [::1]:60000, in IPv6 */
    if (!lc_expect_listen(ctx, student, V6S_LISTEN, AF_INET6, LC_COURSE_PORT, LC_COURSE_ADDR6))
        return 0;
    /* 2. an IPv4 client is refused (first: a server that accepts it shows it
     *    without ambiguity) */
    lc_make_message(ctx, "Bonjour", message, sizeof message);
    client4 = lc_spawn_peer(ctx, "tcp/tcp_client", LC_ARGS(LC_COURSE_PORT_TEXT, message));
    if (client4 == NULL)
        return -1;
    lc_wait_exit(ctx, client4, lc_step_deadline(ctx, ctx->opts->step_ms));
    if (lc_output_has(client4, "Local address: "))
        lc_fail(ctx, V6S_V4_REFUSED, "votre serveur accepte aussi les clients IPv4 (double pile : "
                "ils arrivent en [::ffff:127.0.0.1]) : IPV6_V6ONLY à 1 (setsockopt) avant bind(), "
                "et l'adresse ::1 ; essayez ./tcp/tcp_client " LC_COURSE_PORT_TEXT " Bonjour");
    else
        lc_pass(ctx, V6S_V4_REFUSED);
    lc_stop(ctx, client4);
    /* A server that served one client has ended: start it again for the next. */
    if (!student->running) {
        student = lc_spawn_student(ctx, NULL);
        if (student == NULL ||
            !lc_expect_listen(ctx, student, V6S_V6_WELCOME, AF_INET6, LC_COURSE_PORT, LC_COURSE_ADDR6))
            return 0;
    }
    /* 3. an IPv6 client is served */
    lc_make_message(ctx, "Bonjour", message, sizeof message);
    client6 = lc_spawn_peer(ctx, "ipv6/tcp6_client", LC_ARGS(LC_COURSE_PORT_TEXT, message));
    if (client6 == NULL)
        return -1;
    if (lc_wait_output(ctx, client6, "Client received: " WELCOME,
                       lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_pass(ctx, V6S_V6_WELCOME);
    else
        lc_fail(ctx, V6S_V6_WELCOME, "le client IPv6 n'a pas reçu « " WELCOME " » : votre serveur "
                "appelle-t-il accept(), recv() puis send() ? ; essayez ./ipv6/tcp6_client " LC_COURSE_PORT_TEXT " "
                "Bonjour");
    return 0;
}

static int lc_check_ipv6_client(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    char how[64];
    double exchange;

    server = lc_start_server(ctx, "ipv6/tcp6_server", LC_ARGS(LC_COURSE_PORT_TEXT));
    if (server == NULL)
        return -1;
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* 1. connect to [::1]:60000 */
    if (!lc_expect_connect(ctx, V6C_CONNECTS, server, student, LC_COURSE_ADDR6)) {
        if (!student->running)
            lc_fail(ctx, V6C_CONNECTS, "votre client %s sans se connecter à " LC_COURSE_ADDR6 " : "
                    "socket(AF_INET6, SOCK_STREAM) et l'adresse ::1 (un serveur IPv6 refuse un "
                    "client IPv4) ; essayez ss -ltn 'sport = :" LC_COURSE_PORT_TEXT "'",
                    lc_exit_text(student, how, sizeof how));
        return 0;
    }
    exchange = lc_step_deadline(ctx, ctx->opts->step_ms);
    /* 2. the message arrives */
    if (lc_wait_output(ctx, server, "Server received: ", exchange))
        lc_pass(ctx, V6C_ARRIVES);
    else
        lc_fail(ctx, V6C_ARRIVES, "le serveur n'a rien reçu : votre client appelle-t-il send() "
                "après connect() ? ; essayez ./ipv6/tcp6_server -v");
    /* 3. the reply printed */
    if (lc_wait_output(ctx, student, WELCOME, exchange))
        lc_pass(ctx, V6C_PRINTS_REPLY);
    else
        lc_fail(ctx, V6C_PRINTS_REPLY, "votre client n'affiche pas la réponse du serveur (« " WELCOME " ») : recv() puis print() ; essayez "
                "./ipv6/tcp6_server");
    return 0;
}

/* The student's stderr says the connection was refused. */
static int says_refused(const struct lc_proc *p)
{
    static const char *const words[] = { "Connection refused", "Errno 111", "ECONNREFUSED",
                                         "Connexion refusée", NULL };

    for (int i = 0; words[i] != NULL; i++)
        if ((p->err.data != NULL && strstr(p->err.data, words[i]) != NULL) ||
            lc_output_has(p, words[i]))
            return 1;
    return 0;
}

/* Verification 2 of ipv6.client4: it said it was refused, and ended. */
static void judge_refused(struct lc_ctx *ctx, const struct lc_proc *student)
{
    char how[64], where[LC_TEXT / 2];

    if (student->running)
        lc_fail(ctx, V6C4_SAYS_IT, "refusé, votre client ne se termine pas (arrêté au bout de %ld "
                "s)%s%s : si connect() échoue, affichez l'erreur et terminez (sys.exit(1), exit(1) "
                "en C)",
                ctx->opts->step_ms / 1000, lc_wait_hint(student, where, sizeof where)[0] ? " : "
                : "", where);
    else if (WIFSIGNALED(student->status) && WTERMSIG(student->status) == SIGPIPE)
        lc_fail(ctx, V6C4_SAYS_IT, "votre client a été tué par le signal 13 (SIGPIPE) : send() sur "
                "une socket dont connect() a échoué (refusé) ; vérifiez le résultat de connect() "
                "(en C : if (connect(...) < 0) { perror(\"connect\"); exit(1); })");
    else if (!WIFEXITED(student->status) || WEXITSTATUS(student->status) == 0)
        lc_fail(ctx, V6C4_SAYS_IT, "refusé, votre client %s : un échec de connect() se dit sur "
                "la sortie d'erreur, avec un code de sortie non nul (sys.exit(1), exit(1) en C)",
                lc_exit_text(student, how, sizeof how));
    else if (!says_refused(student))
        lc_fail(ctx, V6C4_SAYS_IT, "refusé, votre client %s sans dire pourquoi : affichez "
                "l'erreur de connect() (Connection refused : perror(\"connect\") en C)",
                lc_exit_text(student, how, sizeof how));
    else
        lc_pass(ctx, V6C4_SAYS_IT);
}

static int lc_check_ipv6_client4(struct lc_ctx *ctx)
{
    struct lc_proc *server, *student;
    char message[32];

    server = lc_start_server(ctx, "ipv6/tcp6_server", LC_ARGS("-k", LC_COURSE_PORT_TEXT));
    if (server == NULL)
        return -1;
    lc_make_message(ctx, "Bonjour", message, sizeof message);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    lc_type_when_asked(student, LC_COURSE_PORT_TEXT, message);
    student->stderr_expected = 1;       /* its error is what is asked for */
    lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
    lc_pump(ctx, 20);
    /* 1. refused: the IPv6-only server saw nothing */
    if (lc_output_has(server, "Connected by ")) {
        lc_fail(ctx, V6C4_REFUSED, "votre client s'est connecté au serveur IPv6 : ce n'est pas le "
                "client IPv4 du TP1 (socket(AF_INET), 127.0.0.1) ; votre client IPv6 se vérifie "
                "avec ipv6.client");
        lc_fail(ctx, V6C4_SAYS_IT, "non vérifié : le client n'a pas été refusé");
        return 0;
    }
    lc_pass(ctx, V6C4_REFUSED);
    /* 2. it says so and ends */
    judge_refused(ctx, student);
    return 0;
}
