/*
 * check_rpyc.c - TP3, RPyC (labs/tp3-rpc.md, section 9): the student's
 * ARITH service in RPyC on 127.0.0.1:18861 (RPyC's port, as the handout
 * runs it) against socklab's RPyC client, and the student's RPyC client
 * against socklab's RPyC server.
 *
 * RPyC is Python (its protocol, brine, has no other implementation), so
 * labcheck's peers here are the handout's two scripts, labs/tp3/
 * arith_rpyc_client.py and arith_rpyc_server.py, run with /usr/bin/python3
 * (their #! line; python3-rpyc installs there), found as every peer is
 * (lc_peer_path: the build tree, or LABCHECK_PEERS). The client's line is
 * the one the handout shows and the hints tell to try; the server runs
 * with -v, which prints each call, so a client that prints the right lines
 * without calling is told apart from one that calls.
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define RPYC_PORT_TEXT "18861"
#define RPYC_PORT      18861
#define RPYC_CLIENT    "labs/tp3/arith_rpyc_client.py"
#define RPYC_SERVER    "labs/tp3/arith_rpyc_server.py"
#define TRY_CLIENT     "/usr/bin/python3 " RPYC_CLIENT " 127.0.0.1 " RPYC_PORT_TEXT
#define UNKNOWN_METHOD "div"

/* ---- the checks of this file: their verifications and ports ------------- */

static int lc_check_rpyc_serveur(struct lc_ctx *ctx);

/* rpyc.serveur: its verifications, numbered as the report numbers them */
enum {
    RPYCS_LISTEN = 1,
    RPYCS_ADD,
    RPYCS_MULT,
    RPYCS_SQRT,
    RPYCS_UNKNOWN,
};

const struct lc_check lc_rpyc_serveur = {
    .name = "rpyc.serveur",
    .exercise = "TP3 RPyC",
    .summary = "service RPyC ARITH sur 127.0.0.1:18861 : add, mult, sqrt ; "
                "une méthode inconnue ne l'arrête pas",
    .handout = "labs/tp3-rpc.md",
    .file = "serveur",
    .titles = {
        [RPYCS_LISTEN] = "le serveur écoute sur 127.0.0.1:18861",
        [RPYCS_ADD] = "add(13.4, 17.1) = 30.5",
        [RPYCS_MULT] = "mult(13.4, 17.1) = 229.14",
        [RPYCS_SQRT] = "sqrt(16) = 4.0",
        [RPYCS_UNKNOWN] = "une méthode inconnue (div) : le client reçoit l'erreur, le serveur continue",
    },
    .ports = { { SL_TCP, 18861, 1 }, { 0, 0, 0 } },
    .run = lc_check_rpyc_serveur,
};

static int lc_check_rpyc_client(struct lc_ctx *ctx);

/* rpyc.client: its verifications, numbered as the report numbers them */
enum {
    RPYCC_ADD = 1,
    RPYCC_MULT,
    RPYCC_SQRT,
    RPYCC_EXIT_0,
};

const struct lc_check lc_rpyc_client = {
    .name = "rpyc.client",
    .exercise = "TP3 RPyC",
    .summary = "client RPyC vers localhost:18861 : add, mult, sqrt, affichés "
                "comme par le client ONC RPC (« 13.400000 + 17.100000 = 30.500000 »)",
    .handout = "labs/tp3-rpc.md",
    .file = "client",
    .titles = {
        [RPYCC_ADD] = "le client appelle add et affiche « 13.400000 + 17.100000 = 30.500000 »",
        [RPYCC_MULT] = "le client appelle mult et affiche « 13.400000 * 17.100000 = 229.140000 »",
        [RPYCC_SQRT] = "le client appelle sqrt et affiche « sqrt(16.000000) = 4.000000 »",
        [RPYCC_EXIT_0] = "le client se termine avec le code 0",
    },
    .ports = { { SL_TCP, 18861, 0 }, { 0, 0, 0 } },
    .run = lc_check_rpyc_client,
};

/* ---- rpyc.serveur --------------------------------------------------------- */

/* One call by socklab's RPyC client, args its OP X [Y], waited for within a
 * step. Returns the ended (or stopped) client, or NULL (fatal recorded). */
static struct lc_proc *rpyc_call(struct lc_ctx *ctx, const char *const args[])
{
    struct lc_proc *client;

    client = lc_spawn_peer(ctx, RPYC_CLIENT, LC_ARGS("127.0.0.1", RPYC_PORT_TEXT, args[0],
                                                     args[1], args[2]));
    if (client == NULL)
        return NULL;
    lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms + 1000));
    if (client->running)
        lc_stop(ctx, client);           /* no answer: what it printed is all there is */
    lc_pump(ctx, 0);
    return client;
}

/* The number after prefix in p's standard output, into *value. Returns 1, or
 * 0 when the prefix is absent or no number follows; line (size bytes) gets
 * the line found, for the verdict. */
static int number_after(const struct lc_proc *p, const char *prefix, double *value, char *line,
                        size_t size)
{
    const char *found = p->out.data != NULL ? strstr(p->out.data, prefix) : NULL;
    char *end;

    line[0] = '\0';
    if (found == NULL)
        return 0;
    snprintf(line, size, "%.*s", (int)strcspn(found, "\n"), found);
    *value = strtod(found + strlen(prefix), &end);
    return end != found + strlen(prefix);
}

/* Verification i: method (its OP X [Y] in args) answers value (within
 * tolerance), which socklab's client prints after prefix, as in expected.
 * Returns 1, or 0 (failure recorded). */
static int verify_method(struct lc_ctx *ctx, int i, const char *const args[], const char *prefix,
                         double value, double tolerance, const char *expected)
{
    struct lc_proc *client = rpyc_call(ctx, args);
    char line[LC_TEXT / 4], last[LC_TEXT / 4], call[48];
    double got;

    if (client == NULL)
        return 0;
    snprintf(call, sizeof call, "%s %s%s%s", args[0], args[1], args[2] ? " " : "",
             args[2] ? args[2] : "");
    if (number_after(client, prefix, &got, line, sizeof line) && fabs(got - value) <= tolerance) {
        lc_pass(ctx, i);
        return 1;
    }
    if (line[0] != '\0')
        lc_fail(ctx, i, "le client de socklab affiche « %s » au lieu de « %s » : regardez le "
                "calcul de exposed_%s() ; essayez %s %s", line, expected, args[0], TRY_CLIENT,
                call);
    else if (client->killed)
        lc_fail(ctx, i, "%s : pas de réponse en %ld s : votre serveur accepte-t-il la "
                "connexion et sert-il les appels (start()) ? ; essayez %s %s", args[0],
                ctx->opts->step_ms / 1000, TRY_CLIENT, call);
    else
        lc_fail(ctx, i, "%s : %s : une méthode exposed_%s(self, ...) dans votre classe de "
                "service (rpyc.Service) ; essayez %s %s", args[0],
                lc_last_error_line(client, last, sizeof last), args[0], TRY_CLIENT, call);
    return 0;
}

/* Verification i: a method the service does not have (div) gets an error
 * the client sees, and the server lives on: add answers after it. */
static void verify_unknown(struct lc_ctx *ctx, int i, struct lc_proc *student)
{
    struct lc_proc *client = rpyc_call(ctx, LC_ARGS(UNKNOWN_METHOD, "1", "2"));
    char how[64], line[LC_TEXT / 4];
    double got;

    if (client == NULL)
        return;
    lc_pump(ctx, 200);                  /* a server that dies of it: seen ended */
    if (!student->running) {
        lc_fail(ctx, i, "votre serveur %s quand un client appelle une méthode qu'il n'a pas "
                "(%s) : laissez RPyC répondre AttributeError au client (n'attrapez pas les "
                "noms inconnus vous-même) ; essayez %s %s 1 2", lc_exit_text(student, how,
                sizeof how), UNKNOWN_METHOD, TRY_CLIENT, UNKNOWN_METHOD);
        return;
    }
    if (client->killed) {
        lc_fail(ctx, i, "un appel de la méthode inconnue %s reste sans réponse en %ld s : votre "
                "serveur doit répondre (AttributeError), pas se bloquer ; essayez %s %s 1 2", UNKNOWN_METHOD, ctx->opts->step_ms / 1000, TRY_CLIENT, UNKNOWN_METHOD);
        return;
    }
    client = rpyc_call(ctx, LC_ARGS("add", "13.4", "17.1"));
    if (client == NULL)
        return;
    if (number_after(client, "13.4 + 17.1 = ", &got, line, sizeof line) &&
        fabs(got - 30.5) <= 1e-4) {
        lc_pass(ctx, i);
        return;
    }
    lc_fail(ctx, i, "après l'appel de la méthode inconnue %s, votre serveur ne répond plus "
            "à add(13.4, 17.1) (%s) : il doit servir les clients suivants ; essayez %s %s 1 2, "
            "puis %s add 13.4 17.1", UNKNOWN_METHOD, student->running ? "il tourne encore"
            : lc_exit_text(student, how, sizeof how), TRY_CLIENT, UNKNOWN_METHOD, TRY_CLIENT);
}

/* The check's time (-T) is up: every verification not decided yet fails,
 * saying so (as tp3.serveur says it). Returns 1 then, else 0. */
static int out_of_time(struct lc_ctx *ctx)
{
    char reason[80] = "le temps de la vérification est écoulé";
    size_t used = strlen(reason);

    if (lc_now() < ctx->deadline)
        return 0;
    snprintf(reason + used, sizeof reason - used, " (-T %ld s)", ctx->opts->total_ms / 1000);
    lc_fail_rest(ctx, reason);
    return 1;
}

static int lc_check_rpyc_serveur(struct lc_ctx *ctx)
{
    static const struct {
        const char *args[4];
        const char *prefix, *expected;
        double value, tolerance;
    } methods[3] = {
        { { "add", "13.4", "17.1", NULL }, "13.4 + 17.1 = ", "13.4 + 17.1 = 30.5", 30.5, 1e-4 },
        { { "mult", "13.4", "17.1", NULL }, "13.4 * 17.1 = ", "13.4 * 17.1 = 229.14000000000001",
          229.14, 0.01 },
        { { "sqrt", "16", NULL, NULL }, "sqrt(16) = ", "sqrt(16) = 4.0", 4.0, 1e-4 },
    };
    struct lc_proc *student = lc_spawn_student(ctx, NULL);

    if (student == NULL)
        return -1;
    if (!lc_expect_listen(ctx, student, RPYCS_LISTEN, AF_INET, RPYC_PORT, "127.0.0.1:" RPYC_PORT_TEXT)) {
        lc_fail_rest(ctx, "le serveur n'écoute pas");
        return 0;
    }
    for (int k = 0; k < 3; k++) {
        if (out_of_time(ctx))
            return 0;
        verify_method(ctx, RPYCS_ADD + k, methods[k].args, methods[k].prefix, methods[k].value,
                      methods[k].tolerance, methods[k].expected);
    }
    if (!out_of_time(ctx))
        verify_unknown(ctx, RPYCS_UNKNOWN, student);
    out_of_time(ctx);                   /* verify_unknown's second call cut short */
    return 0;
}

/* ---- rpyc.client ------------------------------------------------------------ */

/* What the student's client is to call, and to print. */
struct expected_call {
    const char *method;         /* "add" */
    const char *call;           /* "add(13.4, 17.1)" */
    const char *args;           /* "add 13.4 17.1", for socklab's client */
    const char *prefix;         /* "13.400000 + 17.100000 = " */
    double value, tolerance;
    const char *expected;       /* the whole line */
};

/* Verification i: the student's client printed a line starting with
 * e->prefix whose number is e->value (within tolerance), after calling
 * e->method on socklab's server (its -v line "METHOD(..."). */
static void verify_line(struct lc_ctx *ctx, int i, const struct lc_proc *student,
                        const struct lc_proc *server, const struct expected_call *e)
{
    const char *method = e->method, *prefix = e->prefix, *expected = e->expected;
    const char *call = e->call, *args = e->args;
    double value = e->value, tolerance = e->tolerance;
    char line[LC_TEXT / 4], seen[24];
    double got;
    int printed = number_after(student, prefix, &got, line, sizeof line);
    int called;

    snprintf(seen, sizeof seen, "%s(", method);
    called = lc_output_has(server, seen);
    if (printed && fabs(got - value) <= tolerance && called) {
        lc_pass(ctx, i);
        return;
    }
    if (printed && fabs(got - value) <= tolerance)
        lc_fail(ctx, i, "votre client affiche « %s » sans avoir appelé %s() sur le serveur : "
                "le résultat doit venir de conn.root.%s ; essayez /usr/bin/python3 %s -v, "
                "puis votre client", line, method, call, RPYC_SERVER);
    else if (line[0] != '\0')
        lc_fail(ctx, i, "votre client affiche « %s » au lieu de « %s » : print('%%f ...' %% "
                "(..., résultat)) avec le résultat de conn.root.%s ; essayez %s %s", line,
                expected, call, TRY_CLIENT, args);
    else
        lc_fail(ctx, i, "votre client n'affiche pas « %s » %s : conn = rpyc.connect('localhost', "
                "18861), conn.root.%s, puis print('%%f ...' %% ...) ; essayez %s %s", expected,
                called ? "(il a pourtant appelé le serveur)" : "et n'a pas appelé le serveur",
                call, TRY_CLIENT, args);
}

static int lc_check_rpyc_client(struct lc_ctx *ctx)
{
    static const struct expected_call calls[3] = {
        { "add", "add(13.4, 17.1)", "add 13.4 17.1", "13.400000 + 17.100000 = ", 30.5, 1e-4,
          "13.400000 + 17.100000 = 30.500000" },
        { "mult", "mult(13.4, 17.1)", "mult 13.4 17.1", "13.400000 * 17.100000 = ", 229.14, 0.01,
          "13.400000 * 17.100000 = 229.140000" },
        { "sqrt", "sqrt(16)", "sqrt 16", "sqrt(16.000000) = ", 4.0, 1e-4,
          "sqrt(16.000000) = 4.000000" },
    };
    struct lc_proc *server, *student;

    server = lc_start_server(ctx, RPYC_SERVER, LC_ARGS("-v", RPYC_PORT_TEXT));
    if (server == NULL)
        return -1;
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    lc_wait_exit(ctx, student, lc_step_deadline(ctx, ctx->opts->step_ms));
    lc_pump(ctx, 100);                  /* the server's last lines */
    for (int k = 0; k < 3; k++)
        verify_line(ctx, RPYCC_ADD + k, student, server, &calls[k]);
    lc_expect_exit(ctx, RPYCC_EXIT_0, student, 0, "votre client", "conn.close() après les trois "
                   "appels, puis la fin du programme (code 0)", lc_step_deadline(ctx, 0));
    return 0;
}
