/*
 * verdict.c - a check's verifications, the child that runs a check in its own
 * network (or on loopback after checking its ports), and the report.
 *
 * A check runs in a child process: the child may enter a network namespace
 * of its own (netns.c) without changing labcheck's, and several checks may
 * run at once (--batch). The child sends its struct lc_verdict back through
 * a pipe, as plain bytes: the same program writes and reads it.
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIME_WAIT_MAX 65.0   /* seconds: Linux keeps TIME-WAIT 60 s */

/* A line of the verdict may quote what a student's program wrote: its
 * control characters (ESC, C1), bidi overrides and bytes that are not UTF-8
 * are escaped where they are recorded, so no table, CSV or terminal gets
 * them raw. */
static void make_safe(char *text, size_t size)
{
    char raw[LC_TEXT];
    size_t length = strlen(text);

    if (length >= sizeof raw || sl_text_flaw(text, length) == SL_TEXT_OK)
        return;
    memcpy(raw, text, length + 1);
    sl_escape_text(text, size, raw, length);    /* stops before an escape that does not fit */
}

static struct lc_result *result(struct lc_ctx *ctx, int i)
{
    if (i < 1 || i > ctx->verdict->count)
        return NULL;
    return &ctx->verdict->results[i - 1];
}

void lc_pass(struct lc_ctx *ctx, int i)
{
    struct lc_result *r = result(ctx, i);

    if (r == NULL)
        return;
    r->state = LC_PASS;
    r->detail[0] = '\0';
    sl_trace("verification %d holds", i);
}

void lc_fail(struct lc_ctx *ctx, int i, const char *fmt, ...)
{
    struct lc_result *r = result(ctx, i);
    va_list ap;

    if (r == NULL)
        return;
    r->state = LC_FAIL;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
    make_safe(r->detail, sizeof r->detail);
    sl_trace("verification %d fails: %s", i, r->detail);
}

void lc_fail_rest(struct lc_ctx *ctx, const char *reason)
{
    for (int i = 1; i <= ctx->verdict->count; i++)
        if (ctx->verdict->results[i - 1].state == LC_UNSET)
            lc_fail(ctx, i, "non vérifié : %s", reason);
}

void lc_note(struct lc_ctx *ctx, const char *fmt, ...)
{
    struct lc_verdict *v = ctx->verdict;
    va_list ap;

    if (v->nnotes >= (int)(sizeof v->notes / sizeof v->notes[0]))
        return;
    va_start(ap, fmt);
    vsnprintf(v->notes[v->nnotes], LC_TEXT, fmt, ap);
    va_end(ap);
    make_safe(v->notes[v->nnotes++], LC_TEXT);
}

void lc_fatal(struct lc_ctx *ctx, const char *hint, const char *fmt, ...)
{
    struct lc_verdict *v = ctx->verdict;
    va_list ap;

    if (v->fatal[0] != '\0')
        return;                         /* the first cause is the one to tell */
    va_start(ap, fmt);
    vsnprintf(v->fatal, sizeof v->fatal, fmt, ap);
    va_end(ap);
    make_safe(v->fatal, sizeof v->fatal);
    snprintf(v->fatal_hint, sizeof v->fatal_hint, "%s", hint);
}

int lc_passed(const struct lc_verdict *verdict)
{
    int passed = 0;

    for (int i = 0; i < verdict->count; i++)
        passed += verdict->results[i].state == LC_PASS;
    return passed;
}

/* A student's program killed by SIGPIPE, or what labcheck typed for it: said. */
static void note_pipe_and_typed(struct lc_ctx *ctx, const struct lc_proc *p)
{
    if (!p->running && !p->killed && WIFSIGNALED(p->status) && WTERMSIG(p->status) == SIGPIPE)
        lc_note(ctx, "votre programme a été tué par le signal 13 (SIGPIPE) : send() sur une "
                "socket qui n'est pas (ou plus) connectée, le plus souvent après un connect() "
                "qui a échoué sans que le programme le voie ; vérifiez le résultat de connect() "
                "(en C : if (connect(...) < 0) { perror(\"connect\"); exit(1); })");
    if (p->typed > 0)
        lc_note(ctx, "votre programme lisait son clavier (entrée standard) : labcheck y a tapé "
                "%s", p->typed_shown);
}

/* After the check: what the student's program did besides (a flood of
 * output, processes left behind, the last line of its stderr). */
static void note_student(struct lc_ctx *ctx)
{
    unsigned long long flood = 0;
    int leftovers = 0, limit_noted = 0, typed_noted = 0;
    char last[LC_TEXT / 2] = "";

    for (int i = 0; i < ctx->nprocs; i++) {
        const struct lc_proc *p = &ctx->procs[i];

        if (!p->student)
            continue;
        if (p->out.total > flood)
            flood = p->out.total;
        if (p->err.total > flood)
            flood = p->err.total;
        if (p->leftovers > leftovers)
            leftovers = p->leftovers;
        if (last[0] == '\0' && !p->stderr_expected)
            lc_last_error_line(p, last, sizeof last);
        if (!limit_noted)
            limit_noted = lc_note_limits(ctx, p);
        if (!typed_noted && (p->typed > 0 || (WIFSIGNALED(p->status) && !p->killed))) {
            note_pipe_and_typed(ctx, p);
            typed_noted = 1;
        }
    }
    if (flood > LC_KEEP)
        lc_note(ctx, "votre programme a inondé sa sortie (%llu octets) : labcheck n'en garde "
                "que les %d premiers ; n'affichez que l'utile", flood, LC_KEEP);
    if (leftovers)
        lc_note(ctx, "votre programme a laissé des processus derrière lui%s : "
                "labcheck les a arrêtés ; essayez ps -o pid,pgid,cmd",
                leftovers == 2 ? " (fork())" : "");
    if (last[0] != '\0')
        lc_note(ctx, "votre programme a écrit sur sa sortie d'erreur : %s", last);
}

/* Prints data line by line on stderr, each line made harmless (sl_put_text). */
static void put_lines(const char *prefix, const char *data, size_t length)
{
    size_t start = 0;

    while (start < length) {
        const char *newline = memchr(data + start, '\n', length - start);
        size_t end = newline ? (size_t)(newline - data) : length;

        fputs(prefix, stderr);
        sl_put_text(stderr, data + start, end - start);
        fputc('\n', stderr);
        start = end + 1;
    }
}

/* -v: what the student's program printed (what was kept of it). */
static void trace_output(const struct lc_proc *p)
{
    sl_trace("%s (pid %d) wrote %llu bytes on stdout, %llu on stderr:", p->label, (int)p->pid,
             p->out.total, p->err.total);
    if (p->out.data != NULL)
        put_lines("  | ", p->out.data, p->out.kept);
    if (p->err.data != NULL)
        put_lines("  ! ", p->err.data, p->err.kept);
}

/* Loopback only: every fixed port of the check must be free. A port held
 * only by connections in TIME-WAIT (the previous check's, or the student's
 * own tries: the server closes first) is tried: if a server with
 * SO_REUSEADDR binds over them, the check runs at once (a student's server
 * without it fails to listen, and the hint says why: ctx->time_wait_port);
 * if no server can, they are waited for: they end within 60 s. Returns 0,
 * or -1 (fatal line recorded). */
static int ports_free(struct lc_ctx *ctx)
{
    double give_up = lc_now() + TIME_WAIT_MAX;
    int told = 0;

    for (const struct lc_port *port = ctx->check->ports; port->proto != 0; port++) {
        char text[LC_TEXT], hint[LC_TEXT];
        long left = 0;
        int taken;

        while ((taken = lc_port_taken(port, text, sizeof text, hint, sizeof hint, &left)) == 2 &&
               lc_now() < give_up) {
            if (!told++)
                fprintf(stderr, "labcheck: %s : attente de la fin du TIME-WAIT (60 s au plus)\n",
                        text);
            lc_pump(ctx, 200);
        }
        if (taken == 3) {
            sl_trace("port %u: only TIME-WAIT (%ld s left), a server with SO_REUSEADDR binds",
                     port->port, left);
            ctx->time_wait_port = port->port;
            ctx->time_wait_s = left;
        } else if (taken != 0) {
            lc_fatal(ctx, hint, "%s", text);
            return -1;
        }
    }
    return 0;
}

/* In the check's child: the network, the box, then the check. */
static void run_check(const struct lc_check *check, const struct lc_options *opts,
                      char *const command[], struct lc_verdict *verdict)
{
    struct lc_ctx ctx;
    double start = lc_now();
    struct timespec now;
    char problem[LC_TEXT] = "";

    memset(&ctx, 0, sizeof ctx);
    ctx.check = check;
    ctx.opts = opts;
    ctx.command = command;
    ctx.verdict = verdict;
    ctx.deadline = start + (double)opts->total_ms / 1000.0;
    clock_gettime(CLOCK_REALTIME, &now);
    ctx.seed = (unsigned int)now.tv_nsec ^ (unsigned int)getpid();
    while (verdict->count < LC_MAX_VERIF && check->titles[verdict->count] != NULL)
        verdict->count++;

    if (!opts->loopback && geteuid() == 0) {
        if (lc_netns_enter() == 0)
            verdict->netns = 1;
        else
            lc_note(&ctx, "pas de réseau privé (espace de noms réseau : %s) : vérification "
                    "sur la boucle locale de la machine", strerror(errno));
    }
    if (getpid() == 1 && lc_box_mounts(opts->limits.disk_mib) < 0)
        snprintf(problem, sizeof problem, "la boîte n'a pas pu être faite (mount) : %s",
                 strerror(errno));
    if (lc_become_subreaper() < 0)
        sl_trace("no subreaper (%s): a program that leaves its group escapes", strerror(errno));
    sl_trace("%s: %s%s", check->name, verdict->netns ? "in a network namespace of its own"
             : "on the machine's loopback", getpid() == 1 ? ", pid 1 of a pid namespace" : "");
    if (opts->box && (getpid() != 1 || problem[0] != '\0' ||
                      lc_box_build(opts, problem, sizeof problem) < 0)) {
        lc_fatal(&ctx, "labcheck --batch en root fait une boîte par rendu (docs/LABCHECK.md)",
                 "%s", problem[0] ? problem : "la boîte n'a pas pu être faite : pas d'espace "
                 "de noms de processus");
    } else if (check->run == NULL) {
        lc_fatal(&ctx, "la vérification viendra avec le TP (issue 19)",
                 "%s n'est pas encore écrite", check->name);
    } else if ((opts->compile == NULL || lc_compile(&ctx) == 0) &&
               (verdict->netns || ports_free(&ctx) == 0)) {
        ctx.deadline = lc_now() + (double)opts->total_ms / 1000.0;   /* after any wait */
        check->run(&ctx);
        lc_stop_all(&ctx);
        lc_stop_strays(&ctx);
        note_student(&ctx);
        lc_fail_rest(&ctx, "une étape précédente a échoué");
    }
    lc_stop_all(&ctx);
    for (int i = 0; i < ctx.nprocs; i++) {
        if (sl_tracing() && ctx.procs[i].student)
            trace_output(&ctx.procs[i]);
        free(ctx.procs[i].out.data);
        free(ctx.procs[i].err.data);
    }
    verdict->seconds = lc_now() - start;
}

/* Runs the check and writes its verdict on fd, as plain bytes. Never returns:
 * as pid 1 of the check's pid namespace, its end is every process's end. */
static void keeper(const struct lc_check *check, const struct lc_options *opts,
                   char *const command[], int fd)
{
    static struct lc_verdict verdict;
    const char *bytes = (const char *)&verdict;
    size_t done = 0;

    run_check(check, opts, command, &verdict);
    if (getpid() == 1)
        lc_box_sweep();                 /* before the verdict: nothing outlives it */
    while (done < sizeof verdict) {
        ssize_t put = write(fd, bytes + done, sizeof verdict - done);

        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            _exit(1);
        done += (size_t)put;
    }
    _exit(0);
}

/* The check's child: as root, a new pid namespace whose pid 1, the keeper,
 * runs the check (but for --loopback alone) (the box's root is mounted in a folder made here, removed
 * after); else the check itself. Never returns. */
static void check_child(const struct lc_check *check, const struct lc_options *opts,
                        char *const command[], int fd)
{
    struct lc_options mine = *opts;
    char box_dir[] = "/tmp/labcheck-box.XXXXXX";
    int status = 1;
    pid_t pid;

    /* --loopback alone: the machine's network, whose sockets' holders are
     * named from the machine's /proc: no pid namespace then. */
    if (geteuid() != 0 || (opts->loopback && !opts->box) || lc_box_pidns() < 0)
        keeper(check, opts, command, fd);
    if (mine.box && mkdtemp(box_dir) != NULL)
        mine.box_dir = box_dir;         /* else the keeper says the box cannot be made */
    if (lc_box_cgroup_enter(&opts->limits) == 0)
        sl_trace("no cgroup: the limits are setrlimit's, process by process");
    pid = fork();
    if (pid == 0) {
        lc_box_die_with_parent();
        keeper(check, &mine, command, fd);
    }
    close(fd);
    while (pid > 0 && waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            break;
        if (sl_interrupted())
            kill(pid, SIGTERM);         /* the keeper stops what it started, then ends */
    }
    lc_box_cgroup_leave();
    if (mine.box_dir != NULL)
        rmdir(box_dir);
    _exit(pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

pid_t lc_start_isolated(const struct lc_check *check, const struct lc_options *opts,
                        char *const command[], int *verdict_fd)
{
    int pipe_fds[2];
    pid_t pid;

    if (pipe(pipe_fds) < 0)
        return -1;
    fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC);
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0) {
        int saved = errno;

        close(pipe_fds[0]);
        close(pipe_fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(pipe_fds[0]);
        sl_catch_stop_signals();        /* Ctrl-C, SIGTERM: stop the programs, then leave */
        check_child(check, opts, command, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    *verdict_fd = pipe_fds[0];
    return pid;
}

int lc_collect(pid_t pid, int verdict_fd, struct lc_verdict *verdict)
{
    char *bytes = (char *)verdict;
    size_t done = 0;
    int status, forwarded = 0;

    while (done < sizeof *verdict) {
        ssize_t got = read(verdict_fd, bytes + done, sizeof *verdict - done);

        if (got < 0 && errno == EINTR) {
            if (sl_interrupted() && !forwarded++)
                kill(pid, SIGTERM);     /* the child stops what it started, then ends */
            continue;
        }
        if (got <= 0)
            break;
        done += (size_t)got;
    }
    close(verdict_fd);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    if (done < sizeof *verdict) {
        memset(verdict, 0, sizeof *verdict);
        errno = EIO;
        return -1;
    }
    return 0;
}

int lc_run_isolated(const struct lc_check *check, const struct lc_options *opts,
                    char *const command[], struct lc_verdict *verdict)
{
    int fd;
    pid_t pid = lc_start_isolated(check, opts, command, &fd);

    if (pid < 0)
        return -1;
    return lc_collect(pid, fd, verdict);
}

void lc_print_verdict(const struct lc_check *check, const struct lc_options *opts,
                      const struct lc_verdict *verdict)
{
    const struct lc_result *r;

    if (opts->tap) {
        printf("1..%d\n", verdict->count);
        for (int i = 0; i < verdict->count; i++) {
            r = &verdict->results[i];
            printf("%s %d - %s: %s\n", r->state == LC_PASS ? "ok" : "not ok", i + 1,
                   check->name, check->titles[i]);
            if (r->state != LC_PASS)
                printf("# %s\n", r->detail);
        }
        for (int i = 0; i < verdict->nnotes; i++)
            printf("# remarque : %s\n", verdict->notes[i]);
        printf("# %d/%d vérifications réussies\n", lc_passed(verdict), verdict->count);
        return;
    }
    printf("%s — %s (%s)\n", check->name, check->exercise, check->handout);
    for (int i = 0; i < verdict->count; i++) {
        r = &verdict->results[i];
        printf("  %d. %s %s\n", i + 1, r->state == LC_PASS ? "ok   " : "ÉCHEC", check->titles[i]);
        if (r->state != LC_PASS)
            printf("            %s\n", r->detail);
    }
    for (int i = 0; i < verdict->nnotes; i++)
        printf("remarque : %s\n", verdict->notes[i]);
    printf("%d/%d vérifications réussies\n", lc_passed(verdict), verdict->count);
}
