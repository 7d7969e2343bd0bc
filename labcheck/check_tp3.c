/*
 * check_tp3.c - TP3, RPC (labs/tp3-rpc.md): the student's ARITH server
 * (program 0x33333333, version 1) against socklab's portmapper and
 * rpc_arith_client, and the student's ARITH client against rpc_portmap and
 * rpc_arith_server.
 *
 * The portmapper is socklab's rpc_portmap, started by labcheck: in the
 * check's network namespace (root) on port 111, where libtirpc and the
 * classic API look by default; otherwise on a free port, given to the
 * student's program in SOCKLAB_PMAP_PORT (which socklab's classic API
 * honours; a libtirpc program knows only port 111, hence root).
 * Registration, NULL and PROC_UNAVAIL are asked with labcheck's own calls
 * (rpc/librpc.a); ADD, MULT and SQRT through rpc_arith_client, whose line
 * the handout shows.
 *
 * The student's server may be hostile: it can stall the portmapper (CALLITs
 * it never answers hold rpc_portmap a second each), or register a TCP port
 * whose listener never accepts. So every question labcheck asks, connect()
 * included, waits no longer than the step's deadline, itself bounded by the
 * check's (-T), and a portmapper that does not answer proves nothing: "not
 * verified", never "not registered".
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"
#include "pmap_prot.h"
#include "rpc_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ARITH_PROG  0x33333333u
#define ARITH_VERS  1u
#define UNKNOWN_PROC 99u
#define ADD_LINE    "13.400000 + 17.100000 = 30.500000"

/* ---- the checks of this file: their verifications and ports ------------- */

static int lc_check_tp3_serveur(struct lc_ctx *ctx);

/* tp3.serveur: its verifications, numbered as the report numbers them */
enum {
    TP3S_REGISTERS = 1,
    TP3S_ADD,
    TP3S_MULT,
    TP3S_SQRT,
    TP3S_NULL_PROC,
    TP3S_UNREGISTERS,
};

const struct lc_check lc_tp3_serveur = {
    .name = "tp3.serveur",
    .exercise = "TP3",
    .summary = "serveur ARITH (858993459 version 1) : s'enregistre auprès du "
                "portmapper, ADD, MULT, SQRT, NULL, se désinscrit sur Ctrl-C",
    .handout = "labs/tp3-rpc.md",
    .file = "serveur",
    .titles = {
        [TP3S_REGISTERS] = "le serveur enregistre ARITH (858993459 version 1) auprès du portmapper",
        [TP3S_ADD] = "ADD(13.4, 17.1) = 30.5",
        [TP3S_MULT] = "MULT(13.4, 17.1) = 229.14",
        [TP3S_SQRT] = "SQRT(16) = 4",
        [TP3S_NULL_PROC] = "NULL répond, une procédure inconnue reçoit PROC_UNAVAIL",
        [TP3S_UNREGISTERS] = "Ctrl-C (SIGINT) : le serveur se désinscrit du portmapper et se termine",
    },
    .ports = { { 0, 0, 0 } },
    .run = lc_check_tp3_serveur,
};

static int lc_check_tp3_client(struct lc_ctx *ctx);

/* tp3.client: its verifications, numbered as the report numbers them */
enum {
    TP3C_PRINTS_SUM = 1,
    TP3C_EXIT_0,
};

const struct lc_check lc_tp3_client = {
    .name = "tp3.client",
    .exercise = "TP3",
    .summary = "client ARITH : appelle ADD(13.4, 17.1) et affiche "
                "« 13.400000 + 17.100000 = 30.500000 »",
    .handout = "labs/tp3-rpc.md",
    .file = "client",
    .titles = {
        [TP3C_PRINTS_SUM] = "le client affiche « 13.400000 + 17.100000 = 30.500000 »",
        [TP3C_EXIT_0] = "le client se termine avec le code 0",
    },
    .ports = { { 0, 0, 0 } },
    .run = lc_check_tp3_client,
};

struct lc_portmapper {
    struct lc_proc *proc;
    unsigned short port;
    char flag[16];              /* "" (port 111) or " -P N", for the commands to try */
    char rpc_info[48];          /* "./rpc/rpc_info -p" or "./rpc/rpc_info -P N -p" */
    char why[RPC_ERRSTRLEN];    /* why the last question got no answer (rpc_strerror) */
};

/* Starts rpc_portmap (port 111 in a namespace of its own, else a free one)
 * and sets SOCKLAB_PMAP_PORT for the programs started after it. */
static int start_pmap(struct lc_ctx *ctx, struct lc_portmapper *pm)
{
    char text[16];

    if (ctx->verdict->netns)            /* ::1 too: libtirpc registers over TCP to [::1]:111 */
        pm->proc = lc_start_server(ctx, "rpc/rpc_portmap",
                                   LC_ARGS("-b", "127.0.0.1", "-b", "::1"));
    else
        pm->proc = lc_start_server(ctx, "rpc/rpc_portmap", LC_ARGS("-b", "127.0.0.1", "-p", "0"));
    if (pm->proc == NULL)
        return -1;
    pm->port = lc_port_after(pm->proc, "Listening on ");
    if (pm->port == 0) {
        lc_fatal(ctx, "", "rpc_portmap n'a pas dit sur quel port il écoute");
        return -1;
    }
    snprintf(text, sizeof text, "%u", pm->port);
    setenv("SOCKLAB_PMAP_PORT", text, 1);
    if (pm->port != 111)
        snprintf(pm->flag, sizeof pm->flag, " -P %u", pm->port);
    snprintf(pm->rpc_info, sizeof pm->rpc_info, "./rpc/rpc_info%s -p", pm->flag);
    return 0;
}

/* The milliseconds left before deadline (monotonic seconds), or before the
 * check's own deadline if sooner: the timeout of one question. At least 1,
 * since a timeout of 0 would be the RPC library's default (5 s). */
static int ms_left(const struct lc_ctx *ctx, double deadline)
{
    double left;

    if (deadline > ctx->deadline)
        deadline = ctx->deadline;
    left = (deadline - lc_now()) * 1000.0;
    return left < 1.0 ? 1 : left > 3600000.0 ? 3600000 : (int)left;
}

/* Where ARITH version 1 is registered over transport, asking the portmapper
 * no later than deadline: portmap version 2's GETPORT, then rpcbind
 * version 4's GETADDR (libtirpc registers through the latter). Returns the
 * port; 0 when the portmapper answered that it is not registered; -1 when
 * it could not be asked or its answer makes no sense (timed out, refused,
 * garbled), why in pm->why as clnt_perror words it. */
static int registered(struct lc_ctx *ctx, struct lc_portmapper *pm, enum rpc_transport transport,
                      double deadline)
{
    struct rpc_pmap_ask ask = { .timeout_ms = ms_left(ctx, deadline) };
    struct rpc_error err;
    unsigned short port = 0;
    enum rpc_status status;

    status = rpc_pmap_getport_ask("127.0.0.1", pm->port, ARITH_PROG, ARITH_VERS, transport,
                                  &port, &err, &ask);
    if (status == RPC_ERR_PROGNOTREGISTERED) {
        ask.timeout_ms = ms_left(ctx, deadline);
        status = rpc_rpcb_getaddr_ask("127.0.0.1", pm->port, ARITH_PROG, ARITH_VERS, transport,
                                      &port, &err, &ask);
    }
    if (status == RPC_OK && port != 0)
        return port;
    if (status == RPC_ERR_PROGNOTREGISTERED)
        return 0;
    rpc_strerror(&err, pm->why, sizeof pm->why);
    return -1;
}

/* A socket of transport connected to 127.0.0.1:port within ms milliseconds:
 * a listener that never accepts cannot hold labcheck in connect() (the
 * kernel would retry its SYN for two minutes). Returns it (blocking), or -1
 * with errno (ETIMEDOUT when the time ran out). */
static int connect_within(unsigned short port, enum rpc_transport transport, int ms)
{
    struct sockaddr_in server;
    struct pollfd conn = { .events = POLLOUT };
    int error = 0, flags, saved;
    socklen_t length = sizeof error;

    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    conn.fd = socket(AF_INET, transport == RPC_TCP ? SOCK_STREAM : SOCK_DGRAM, 0);
    if (conn.fd < 0)
        return -1;
    flags = fcntl(conn.fd, F_GETFL);
    if (flags < 0 || fcntl(conn.fd, F_SETFL, flags | O_NONBLOCK) < 0)
        goto fail;
    if (connect(conn.fd, (struct sockaddr *)&server, sizeof server) < 0) {
        if (errno != EINPROGRESS)
            goto fail;
        switch (poll(&conn, 1, ms)) {
        case -1:
            goto fail;
        case 0:
            errno = ETIMEDOUT;
            goto fail;
        }
        if (getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
            goto fail;
        if (error != 0) {
            errno = error;
            goto fail;
        }
    }
    if (fcntl(conn.fd, F_SETFL, flags) == 0)
        return conn.fd;
fail:
    saved = errno;
    close(conn.fd);
    errno = saved;
    return -1;
}

/* Calls procedure proc of ARITH (no arguments) at port over transport,
 * within a step. */
static enum rpc_status call_proc(struct lc_ctx *ctx, unsigned short port,
                                 enum rpc_transport transport, uint32_t proc)
{
    double deadline = lc_step_deadline(ctx, ctx->opts->step_ms);
    struct rpc_error err;
    struct rpc_client *clnt;
    enum rpc_status status;
    int fd;

    fd = connect_within(port, transport, ms_left(ctx, deadline));
    if (fd < 0)
        return errno == ETIMEDOUT ? RPC_ERR_TIMEDOUT : RPC_ERR_SYSTEMERROR;
    clnt = rpc_client_create_fd(fd, transport, ARITH_PROG, ARITH_VERS, &err);
    if (clnt == NULL) {
        close(fd);
        return err.status;
    }
    status = rpc_client_call(clnt, proc, NULL, NULL, NULL, NULL, ms_left(ctx, deadline));
    rpc_client_destroy(clnt);
    return status;
}

/* The check's time (-T) is up: every verification not decided yet fails,
 * saying so. Returns 1 then, else 0. */
static int time_is_up(struct lc_ctx *ctx)
{
    char reason[80];

    if (lc_now() < ctx->deadline)
        return 0;
    snprintf(reason, sizeof reason, "le temps de la vérification est écoulé (-T %ld s)",
             ctx->opts->total_ms / 1000);
    lc_fail_rest(ctx, reason);
    return 1;
}

/* Verification i over transport name ("udp"): rpc_arith_client OP X [Y]
 * prints a line starting with prefix whose number after "= " is value
 * (within tolerance). Returns 1, or 0 (failure recorded, or left undecided
 * when the check's time is up: time_is_up() says so). */
static int arith_call(struct lc_ctx *ctx, const struct lc_portmapper *pm, int i, const char *transport,
                      const char *what, const char *const args[], const char *prefix,
                      double value, double tolerance, const char *expected)
{
    char pmap_port[8], timeout[24], line[LC_TEXT / 4], call[32], *end;
    const char *found;
    struct lc_proc *client;
    double got, start = lc_now();

    if (start >= ctx->deadline)
        return 0;
    snprintf(pmap_port, sizeof pmap_port, "%u", pm->port);
    snprintf(timeout, sizeof timeout, "%ld", ctx->opts->step_ms / 1000);
    client = lc_spawn_peer(ctx, "rpc/rpc_arith_client",
                           LC_ARGS("-P", pmap_port, "-T", transport, "-t", timeout, "127.0.0.1",
                                   args[0], args[1], args[2]));
    if (client == NULL)
        return 0;
    snprintf(call, sizeof call, "%s %s%s%s", args[0], args[1], args[2] ? " " : "",
             args[2] ? args[2] : "");
    lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms + 1000));
    lc_pump(ctx, 0);
    found = client->out.data != NULL ? strstr(client->out.data, prefix) : NULL;
    if (found != NULL) {
        got = strtod(found + strlen(prefix), &end);
        if (end != found + strlen(prefix) && fabs(got - value) <= tolerance)
            return 1;
        snprintf(line, sizeof line, "%.*s", (int)strcspn(found, "\n"), found);
        lc_fail(ctx, i, "%s en %s : le client affiche « %s » au lieu de « %s » : regardez le "
                "calcul de votre procédure (float) ; essayez ./rpc/rpc_arith_client%s -T %s "
                "127.0.0.1 %s", what, transport, line, expected, pm->flag, transport, call);
        return 0;
    }
    if (client->running)                /* no answer yet: nothing it wrote to quote */
        snprintf(line, sizeof line, "pas de réponse en %.0f s", lc_now() - start);
    else
        lc_last_error_line(client, line, sizeof line);
    lc_fail(ctx, i, "%s en %s : %s : votre serveur répond-il à cette procédure ? ; essayez "
            "./rpc/rpc_arith_client%s -T %s 127.0.0.1 %s", what, transport, line, pm->flag,
            transport, call);
    return 0;
}

/* ---- tp3.serveur ------------------------------------------------------------ */

struct reg_wait {
    struct lc_portmapper *pm;
    const struct lc_proc *student;
    double deadline;
    int udp;                    /* registered()'s last answer over UDP */
};

static int registered_or_ended(struct lc_ctx *ctx, void *arg)
{
    struct reg_wait *w = arg;

    w->udp = registered(ctx, w->pm, RPC_UDP, w->deadline);
    return w->udp != 0 || !w->student->running;
}

/* Verification 1: ARITH version 1 registered, at least over UDP, within a
 * step; ports[0] and ports[1] get its UDP and TCP ports (0: not there).
 * Returns 1, or 0 with every verification failed. */
static int verify_registered(struct lc_ctx *ctx, struct lc_portmapper *pm,
                             const struct lc_proc *student, int ports[2])
{
    struct reg_wait w = { pm, student, lc_step_deadline(ctx, ctx->opts->step_ms), 0 };
    char how[64];

    lc_wait_until(ctx, w.deadline, registered_or_ended, &w);
    ports[0] = w.udp;
    if (ports[0] > 0) {
        lc_pump(ctx, 100);              /* a TCP registration just after the UDP one */
        ports[1] = registered(ctx, pm, RPC_TCP, lc_step_deadline(ctx, ctx->opts->step_ms));
        if (ports[1] >= 0) {
            lc_pass(ctx, TP3S_REGISTERS);
            return 1;
        }
    }
    if (ports[0] < 0 || ports[1] < 0)
        lc_fail(ctx, TP3S_REGISTERS, "non vérifié : le portmapper ne répond pas (%s) : labcheck "
                "n'a pas pu lui demander où est ARITH ; essayez %s", pm->why, pm->rpc_info);
    else if (!student->running)
        lc_fail(ctx, TP3S_REGISTERS, "votre serveur %s sans enregistrer ARITH (858993459 version "
                "1) auprès du portmapper : registerrpc(ARITH_PROG, ARITH_VERS1, ...) puis "
                "svc_run() ; essayez %s", lc_exit_text(student, how, sizeof how), pm->rpc_info);
    else
        lc_fail(ctx, TP3S_REGISTERS, "ARITH (858993459 version 1) n'est pas enregistré en UDP "
                "auprès du portmapper : registerrpc(ARITH_PROG, ARITH_VERS1, ...) pour chaque "
                "procédure, puis svc_run() ; essayez %s", pm->rpc_info);
    lc_fail_rest(ctx, ports[0] < 0 || ports[1] < 0 ? "le portmapper ne répond pas"
                                                   : "le serveur n'est pas enregistré");
    return 0;
}

/* Verifications 2-4: ADD, MULT, SQRT over each registered transport. */
static void verify_arith(struct lc_ctx *ctx, const struct lc_portmapper *pm, const int ports[2])
{
    static const char *const names[2] = { "udp", "tcp" };
    int ok[3] = { 1, 1, 1 };

    for (int t = 0; t < 2; t++) {
        if (ports[t] <= 0)
            continue;
        if (ok[0])
            ok[0] = arith_call(ctx, pm, TP3S_ADD, names[t], "ADD(13.4, 17.1)",
                               LC_ARGS("add", "13.4", "17.1"), "13.400000 + 17.100000 = ",
                               30.5, 1e-4, ADD_LINE);
        if (ok[1])
            ok[1] = arith_call(ctx, pm, TP3S_MULT, names[t], "MULT(13.4, 17.1)",
                               LC_ARGS("mult", "13.4", "17.1"), "13.400000 * 17.100000 = ",
                               229.14, 0.01, "13.400000 * 17.100000 = 229.139999");
        if (ok[2])
            ok[2] = arith_call(ctx, pm, TP3S_SQRT, names[t], "SQRT(16)", LC_ARGS("sqrt", "16", NULL),
                               "sqrt(16.000000) = ", 4.0, 1e-4, "sqrt(16.000000) = 4.000000");
    }
    for (int k = 0; k < 3; k++)
        if (ok[k])
            lc_pass(ctx, TP3S_ADD + k);
}

/* Verification 5: NULL answers; an unknown procedure gets PROC_UNAVAIL. */
static void verify_null(struct lc_ctx *ctx, const struct lc_portmapper *pm, const int ports[2])
{
    static const char *const names[2] = { "udp", "tcp" };
    static const enum rpc_transport transports[2] = { RPC_UDP, RPC_TCP };
    enum rpc_status status;

    for (int t = 0; t < 2; t++) {
        if (ports[t] <= 0)
            continue;
        if (lc_now() >= ctx->deadline)
            return;                     /* undecided: time_is_up() */
        status = call_proc(ctx, (unsigned short)ports[t], transports[t], 0);
        if (status != RPC_OK) {
            lc_fail(ctx, TP3S_NULL_PROC, "la procédure 0 (NULL) en %s : %s : le serveur doit y "
                    "répondre (registerrpc() le fait seul) ; essayez ./rpc/rpc_info%s -%c "
                    "127.0.0.1 858993459 1", names[t], rpc_status_string(status), pm->flag, names[t][0]);
            return;
        }
        status = call_proc(ctx, (unsigned short)ports[t], transports[t], UNKNOWN_PROC);
        if (status != RPC_ERR_PROCUNAVAIL) {
            lc_fail(ctx, TP3S_NULL_PROC, "la procédure inconnue %u en %s donne « %s » au lieu de « "
                    "RPC: Procedure unavailable » (PROC_UNAVAIL) : svcerr_noproc() pour un numéro "
                    "inconnu ; essayez ./rpc/rpc_arith_client%s -T %s 127.0.0.1 %u 1 2",
                    UNKNOWN_PROC, names[t], rpc_status_string(status), pm->flag, names[t],
                    UNKNOWN_PROC);
            return;
        }
    }
    lc_pass(ctx, TP3S_NULL_PROC);
}

struct unreg_wait {
    struct lc_portmapper *pm;
    const struct lc_proc *student;
    double deadline;
    int answer;                 /* 0: the portmapper answered "not registered" for UDP and
                                   TCP; a port: still registered there; -1: no answer */
};

/* The portmapper answered that the student's server is registered over
 * neither UDP nor TCP (asked until it says so, then no more), and the
 * server has ended. */
static int unregistered_and_ended(struct lc_ctx *ctx, void *arg)
{
    struct unreg_wait *w = arg;

    if (w->answer != 0) {
        w->answer = registered(ctx, w->pm, RPC_UDP, w->deadline);
        if (w->answer == 0)
            w->answer = registered(ctx, w->pm, RPC_TCP, w->deadline);
    }
    return w->answer == 0 && !w->student->running;
}

/* Verification 6: after Ctrl-C, the server unregisters (the portmapper
 * answers 0 for both transports) and ends, within a step. */
static void verify_ctrl_c(struct lc_ctx *ctx, struct lc_portmapper *pm, struct lc_proc *student)
{
    struct unreg_wait w = { pm, student, 0, 1 };
    char how[64];

    /* What it says from now on answers the Ctrl-C ("unregistered"): no remark. */
    student->err_before_stop = student->err.kept;
    student->signalled = 1;
    kill(-student->pid, SIGINT);
    w.deadline = lc_step_deadline(ctx, ctx->opts->step_ms);
    if (lc_wait_until(ctx, w.deadline, unregistered_and_ended, &w))
        lc_pass(ctx, TP3S_UNREGISTERS);
    else if (w.answer < 0)
        lc_fail(ctx, TP3S_UNREGISTERS, "non vérifié : le portmapper n'a pas répondu (%s)%s ; "
                "essayez %s",
                pm->why, student->running ? " et votre serveur tourne encore après Ctrl-C "
                "(SIGINT) : ne l'ignorez pas" : "", pm->rpc_info);
    else if (w.answer == 0)
        lc_fail(ctx, TP3S_UNREGISTERS, "après Ctrl-C (SIGINT), votre serveur s'est désinscrit du "
                "portmapper mais tourne encore : n'ignorez pas SIGINT, sortez (exit(0)) après "
                "svc_unregister() ; essayez Ctrl-C sur votre serveur, puis ps -o pid,cmd");
    else if (student->running)
        lc_fail(ctx, TP3S_UNREGISTERS, "après Ctrl-C (SIGINT), votre serveur tourne encore et "
                "ARITH reste enregistré : svc_run() s'arrête sur SIGINT ; sinon attrapez-le et "
                "appelez svc_unregister() ; essayez %s", pm->rpc_info);
    else
        lc_fail(ctx, TP3S_UNREGISTERS, "après Ctrl-C (SIGINT), votre serveur %s mais ARITH reste "
                "enregistré auprès du portmapper : attrapez SIGINT et appelez svc_unregister() (ou "
                "pmap_unset()) avant de sortir ; essayez %s",
                lc_exit_text(student, how, sizeof how), pm->rpc_info);
}

static int lc_check_tp3_serveur(struct lc_ctx *ctx)
{
    struct lc_portmapper pm;
    struct lc_proc *student;
    int ports[2] = { 0, 0 };
    char how[64];

    memset(&pm, 0, sizeof pm);
    if (start_pmap(ctx, &pm) < 0)
        return -1;
    if (!ctx->verdict->netns)
        lc_note(ctx, "portmapper de labcheck sur le port %u (SOCKLAB_PMAP_PORT) : un serveur "
                "libtirpc ne connaît que le port 111, lancez labcheck en root", pm.port);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    if (!verify_registered(ctx, &pm, student, ports))
        return 0;
    verify_arith(ctx, &pm, ports);
    if (time_is_up(ctx))
        return 0;
    verify_null(ctx, &pm, ports);
    if (time_is_up(ctx))
        return 0;
    if (!student->running) {
        lc_fail(ctx, TP3S_UNREGISTERS, "non vérifié : votre serveur %s avant Ctrl-C",
                lc_exit_text(student, how, sizeof how));
        return 0;
    }
    verify_ctrl_c(ctx, &pm, student);
    return 0;
}

/* ---- tp3.client ------------------------------------------------------------- */

static int lc_check_tp3_client(struct lc_ctx *ctx)
{
    struct lc_portmapper pm;
    struct lc_proc *server, *student;
    char pmap_port[8], how[64], last[LC_TEXT / 4];
    double deadline;

    memset(&pm, 0, sizeof pm);
    if (start_pmap(ctx, &pm) < 0)
        return -1;
    snprintf(pmap_port, sizeof pmap_port, "%u", pm.port);
    server = lc_start_server(ctx, "rpc/rpc_arith_server", LC_ARGS("-P", pmap_port));
    if (server == NULL)
        return -1;
    if (!lc_wait_output(ctx, server, "Registered with the portmapper",
                        lc_step_deadline(ctx, ctx->opts->step_ms))) {
        lc_fatal(ctx, "", "rpc_arith_server ne s'enregistre pas auprès du portmapper : %s",
                 lc_last_error_line(server, last, sizeof last));
        return -1;
    }
    if (!ctx->verdict->netns)
        lc_note(ctx, "portmapper de labcheck sur le port %u (SOCKLAB_PMAP_PORT) : un client "
                "libtirpc ne connaît que le port 111, lancez labcheck en root", pm.port);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* 1. the slide's line */
    deadline = lc_step_deadline(ctx, ctx->opts->step_ms);
    if (lc_wait_output(ctx, student, ADD_LINE, deadline))
        lc_pass(ctx, TP3C_PRINTS_SUM);
    else if (!student->running)
        lc_fail(ctx, TP3C_PRINTS_SUM, "votre client %s sans afficher « %s » : "
                "callrpc(\"localhost\", ARITH_PROG, ARITH_VERS1, ADD_PROC, xdr_couple, ..., "
                "xdr_float, ...) puis printf(\"%%f + %%f = %%f\\n\", ...) ; essayez "
                "./rpc/rpc_arith_client%s 127.0.0.1 add 13.4 17.1", lc_exit_text(student, how, sizeof how), ADD_LINE,
                pm.flag);
    else
        lc_fail(ctx, TP3C_PRINTS_SUM, "votre client n'affiche pas « %s » en %ld s : callrpc() vers "
                "localhost, ADD_PROC, puis printf(\"%%f + %%f = %%f\\n\", ...) ; essayez "
                "./rpc/rpc_arith_client%s 127.0.0.1 add 13.4 17.1", ADD_LINE,
                ctx->opts->step_ms / 1000, pm.flag);
    /* 2. it ends with status 0 */
    lc_expect_exit(ctx, TP3C_EXIT_0, student, 0, "votre client", "après l'affichage, return 0 à "
                    "la fin de main()", lc_step_deadline(ctx, ctx->opts->step_ms));
    return 0;
}
