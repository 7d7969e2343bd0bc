/*
 * steps.c - the steps several checks share: a random message, a server that
 * listens, a client that connects, a connection closed, a program that ends.
 * Each records one verification with the tutor's hint when it fails. Also
 * where starting a program and its end are said in French (run.c only runs
 * processes).
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>

#define LC_MAX_ARGS  64
#define SETTLE_MS 1000   /* how long a closing connection gets to finish closing */

void lc_make_message(struct lc_ctx *ctx, const char *prefix, char *text, size_t size)
{
    ctx->seed = ctx->seed * 1103515245u + 12345u;
    snprintf(text, size, "%s-%04u", prefix, (ctx->seed >> 8) % 10000u);
}

unsigned short lc_port_after(const struct lc_proc *p, const char *prefix)
{
    const char *at, *end, *colon = NULL;
    long port;

    if (p->out.data == NULL || (at = strstr(p->out.data, prefix)) == NULL)
        return 0;
    at += strlen(prefix);
    end = strchr(at, '\n');
    if (end == NULL)
        end = at + strlen(at);
    for (const char *c = at; c < end && *c != ' '; c++)
        if (*c == ':')
            colon = c;
    if (colon == NULL)
        return 0;
    port = strtol(colon + 1, NULL, 10);
    return port > 0 && port <= 65535 ? (unsigned short)port : 0;
}

struct listen_wait {
    struct lc_sockq query;
    pid_t pgid;                 /* on loopback: only the student's sockets */
    struct lc_proc *student;
};

static int listening_or_ended(struct lc_ctx *ctx, void *arg)
{
    struct listen_wait *w = arg;

    (void)ctx;
    return lc_find_socket(&w->query, w->pgid, NULL, 0, NULL, NULL) > 0 || !w->student->running;
}

int lc_expect_listen(struct lc_ctx *ctx, struct lc_proc *student, int i, int family,
                     unsigned short port, const char *addr_text)
{
    struct listen_wait w;
    char elsewhere[LC_TEXT / 2], where[LC_TEXT / 2] = "", how[64];
    pid_t owner = -1;

    memset(&w, 0, sizeof w);
    w.query.proto = SL_TCP;
    w.query.family = family;
    w.query.local_port = port;
    w.query.state = SL_LISTEN;
    w.pgid = ctx->verdict->netns ? 0 : student->pid;
    w.student = student;
    lc_wait_until(ctx, lc_step_deadline(ctx, ctx->opts->step_ms), listening_or_ended, &w);
    if (lc_find_socket(&w.query, w.pgid, where, sizeof where, NULL, &owner) > 0) {
        lc_set_listener(student, owner);  /* the program itself, behind a shell or not */
        lc_pass(ctx, i);
        /* INADDR_ANY where the handout binds 127.0.0.1: it works, but not only here */
        if (strncmp(addr_text, "127.0.0.1:", 10) == 0 && strstr(where, " 0.0.0.0:") != NULL)
            lc_note(ctx, "votre serveur écoute sur toutes les interfaces (%s), pas seulement "
                    "sur 127.0.0.1 : d'autres machines peuvent s'y connecter ; bind() sur "
                    "'127.0.0.1', comme le polycopié ; essayez ss -ltn 'sport = :%u'",
                    strchr(where, ' ') + 1, port);
        return 1;
    }
    if (lc_list_sockets(SL_TCP, 1, student->pid, elsewhere, sizeof elsewhere) > 0)
        lc_fail(ctx, i, "votre serveur n'écoute pas sur %s (il écoute : %s) : regardez "
                "bind() ; essayez ss -ltn 'sport = :%u'", addr_text, elsewhere, port);
    else if (ctx->time_wait_port == port)
        lc_fail(ctx, i, "votre serveur %s sans écouter sur %s : le port %u n'avait que des "
                "connexions en TIME-WAIT (un essai précédent), et bind() échoue alors sans "
                "SO_REUSEADDR : setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) avant bind(), ou "
                "attendez %ld s ; essayez ss -tan state time-wait '( sport = :%u )'",
                student->running ? "tourne" : lc_exit_text(student, how, sizeof how), addr_text,
                port, ctx->time_wait_s, port);
    else if (!student->running)
        lc_fail(ctx, i, "votre serveur %s sans écouter sur %s : regardez bind() et "
                "listen() ; essayez ss -ltn 'sport = :%u'", lc_exit_text(student, how, sizeof how),
                addr_text, port);
    else
        lc_fail(ctx, i, "votre serveur n'écoute pas sur %s : regardez bind() ; essayez "
                "ss -ltn 'sport = :%u'", addr_text, port);
    return 0;
}

int lc_count_output(const struct lc_proc *p, const char *text)
{
    const char *at = p->out.data;
    int count = 0;

    while (at != NULL && (at = strstr(at, text)) != NULL) {
        count++;
        at += strlen(text);
    }
    return count;
}

int lc_expect_relay(struct lc_ctx *ctx, int i, struct lc_proc *from, const char *line,
                    struct lc_proc *to, const char *expected, const char *fmt, ...)
{
    char hint[LC_TEXT];
    va_list ap;

    lc_send_line(ctx, from, line);
    if (lc_wait_output(ctx, to, expected, lc_step_deadline(ctx, ctx->opts->step_ms))) {
        lc_pass(ctx, i);
        return 1;
    }
    va_start(ap, fmt);
    vsnprintf(hint, sizeof hint, fmt, ap);
    va_end(ap);
    lc_fail(ctx, i, "%s", hint);
    return 0;
}

struct lc_proc *lc_start_server(struct lc_ctx *ctx, const char *program, const char *const args[])
{
    struct lc_proc *server = lc_spawn_peer(ctx, program, args);

    if (server == NULL)
        return NULL;
    if (!lc_wait_output(ctx, server, "Listening on ", lc_step_deadline(ctx, ctx->opts->step_ms))) {
        char last[LC_TEXT / 2];

        lc_fatal(ctx, "", "%s ne démarre pas : %s", server->label,
                 lc_last_error_line(server, last, sizeof last));
        return NULL;
    }
    return server;
}

struct connect_wait {
    struct lc_proc *server, *student;
};

static int connected_or_ended(struct lc_ctx *ctx, void *arg)
{
    struct connect_wait *w = arg;

    (void)ctx;
    return lc_output_has(w->server, "Connected by ") || !w->student->running;
}

/* Verification i: a client still running never connected; where it waits. */
static void not_connected(struct lc_ctx *ctx, int i, const struct lc_proc *student,
                          const char *addr_text)
{
    char where[LC_TEXT / 2];

    if (lc_wait_hint(student, where, sizeof where)[0] != '\0')
        lc_fail(ctx, i, "votre client ne s'est pas connecté à %s (%s) : regardez connect() "
                "(adresse et port) ; essayez ss -tan 'dport = :%s'", addr_text, where,
                strrchr(addr_text, ':') + 1);
    else
        lc_fail(ctx, i, "votre client ne s'est pas connecté à %s : regardez connect() (adresse "
                "et port) ; essayez ss -tan 'dport = :%s'", addr_text, strrchr(addr_text, ':') + 1);
}

unsigned short lc_expect_connect(struct lc_ctx *ctx, int i, struct lc_proc *server,
                                 struct lc_proc *student, const char *addr_text)
{
    struct connect_wait w = { server, student };
    char how[64];
    unsigned short port;

    lc_wait_until(ctx, lc_step_deadline(ctx, ctx->opts->step_ms), connected_or_ended, &w);
    lc_pump(ctx, 20);                   /* a client that ended just after connecting */
    if (lc_output_has(server, "Connected by ")) {
        port = lc_port_after(server, "Connected by ");
        lc_pass(ctx, i);
        return port ? port : 1;
    }
    /* The server is still there: the client never came, or is gone. */
    if (!student->running && WIFSIGNALED(student->status) && WTERMSIG(student->status) == SIGPIPE)
        lc_fail(ctx, i, "votre client a été tué par le signal 13 (SIGPIPE) sans se connecter à "
                "%s : send() après un connect() qui a échoué (voir la remarque) ; regardez "
                "connect() (adresse et port) ; essayez ss -ltn 'sport = :%s'", addr_text,
                strrchr(addr_text, ':') + 1);
    else if (!student->running)
        lc_fail(ctx, i, "votre client %s sans se connecter à %s : regardez connect() (adresse "
                "et port) ; essayez ss -ltn 'sport = :%s'", lc_exit_text(student, how, sizeof how),
                addr_text, strrchr(addr_text, ':') + 1);
    else
        not_connected(ctx, i, student, addr_text);
    return 0;
}

struct close_wait {
    struct lc_sockq query;
};

static int closed(struct lc_ctx *ctx, void *arg)
{
    struct close_wait *w = arg;
    int state = 0;

    (void)ctx;
    return lc_find_socket(&w->query, 0, NULL, 0, &state, NULL) == 0 || state == SL_TIME_WAIT;
}

int lc_expect_server_closed(struct lc_ctx *ctx, int i, struct lc_proc *student,
                            unsigned short local_port, unsigned short remote_port)
{
    struct close_wait w;
    char where[LC_TEXT / 2];
    int state = 0;
    pid_t owner = -1;

    memset(&w, 0, sizeof w);
    w.query.proto = SL_TCP;
    w.query.local_port = local_port;
    w.query.remote_port = remote_port;
    if (lc_wait_until(ctx, lc_step_deadline(ctx, SETTLE_MS), closed, &w)) {
        lc_pass(ctx, i);
        return 1;
    }
    lc_find_socket(&w.query, 0, where, sizeof where, &state, &owner);
    if (lc_is_fork_of(student, owner))
        lc_fail(ctx, i, "votre serveur ne ferme pas la connexion du client (%s) : la socket "
                "reste ouverte dans le processus %d, créé par fork() ; fermez-la dans chaque "
                "processus ; essayez ss -tanp 'sport = :%u'", where, (int)owner, local_port);
    else
        lc_fail(ctx, i, "votre serveur ne ferme pas la connexion du client (%s) : close() sur "
                "la socket rendue par accept() ; essayez ss -tanp 'sport = :%u'", where,
                local_port);
    return 0;
}

int lc_expect_exit(struct lc_ctx *ctx, int i, struct lc_proc *student, int max_status, const char *what,
                    const char *hint, double deadline)
{
    char how[64];

    lc_wait_exit(ctx, student, deadline);
    if (student->running) {
        char where[LC_TEXT / 2];

        lc_wait_hint(student, where, sizeof where);
        lc_fail(ctx, i, "%s ne se termine pas (arrêté au bout de %ld s) : %s%s%s", what,
                ctx->opts->step_ms / 1000, where[0] ? where : hint, where[0] ? " ; " : "",
                where[0] ? hint : "");
        return 0;
    }
    if (WIFEXITED(student->status) && WEXITSTATUS(student->status) <= max_status) {
        lc_pass(ctx, i);
        return 1;
    }
    lc_fail(ctx, i, "%s %s : lisez son erreur (en remarque ci-dessous)", what,
            lc_exit_text(student, how, sizeof how));
    return 0;
}

struct lc_proc *lc_spawn_peer(struct lc_ctx *ctx, const char *program, const char *const args[])
{
    char *argv[LC_MAX_ARGS];
    char path[PATH_MAX + 64];
    const char *name = strrchr(program, '/');
    struct lc_proc *p;
    int argc = 1;

    name = name ? name + 1 : program;
    if (lc_peer_path(program, path, sizeof path) < 0) {
        lc_fatal(ctx, "compilez socklab (make), ou donnez son dossier dans LABCHECK_PEERS",
                  "programme de socklab introuvable : %s", program);
        return NULL;
    }
    argv[0] = path;
    for (int i = 0; args != NULL && args[i] != NULL && argc < LC_MAX_ARGS - 1; i++)
        argv[argc++] = (char *)args[i];   /* execvp() takes char *const[]; never written */
    argv[argc] = NULL;
    p = lc_spawn(ctx, name, argv, NULL, 0);
    if (p == NULL)
        lc_fatal(ctx, "", "impossible de lancer %s : %s", program, strerror(errno));
    return p;
}

struct lc_proc *lc_spawn_student(struct lc_ctx *ctx, const char *const extra[])
{
    char *argv[LC_MAX_ARGS];
    struct lc_proc *p;
    int argc = 0;

    while (argc < LC_MAX_ARGS - 8 && ctx->command[argc] != NULL) {
        argv[argc] = ctx->command[argc];
        argc++;
    }
    for (int i = 0; extra != NULL && extra[i] != NULL && argc < LC_MAX_ARGS - 1; i++)
        argv[argc++] = (char *)extra[i];
    argv[argc] = NULL;
    p = lc_spawn(ctx, "votre programme", argv, ctx->opts->box ? "/rendu" : ctx->opts->workdir,
                 1);
    if (p != NULL)
        p->student = 1;
    else
        lc_fatal(ctx, "", "impossible de lancer votre programme : %s", strerror(errno));
    return p;
}

const char *lc_exit_text(const struct lc_proc *p, char *text, size_t size)
{
    if (p->running)
        snprintf(text, size, "tourne encore");
    else if (p->killed)
        snprintf(text, size, "ne s'est pas terminé : arrêté par labcheck");
    else if (WIFEXITED(p->status))
        snprintf(text, size, "s'est terminé avec le code %d", WEXITSTATUS(p->status));
    else if (WIFSIGNALED(p->status))
        snprintf(text, size, "a été tué par le signal %d", WTERMSIG(p->status));
    else
        snprintf(text, size, "s'est terminé");
    return text;
}
