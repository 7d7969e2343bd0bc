/*
 * child.c - the child that runs a check: in its own network (or on loopback
 * after checking its ports), in the box when asked, then the check.
 *
 * A check runs in a child process: the child may enter a network namespace
 * of its own (netns.c) without changing labcheck's, and several checks may
 * run at once (--batch). The child sends its struct lc_verdict back through
 * a pipe, as plain bytes: the same program writes and reads it.
 */
#include "common.h"
#include "labcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIME_WAIT_MAX 65.0   /* seconds: Linux keeps TIME-WAIT 60 s */
#define STR_(x) #x
#define STR(x) STR_(x)

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
    ctx.on_pump = lc_type_pending;      /* keyboard.c types what a program asks for */
    while (verdict->count < LC_MAX_VERIF && check->titles[verdict->count + 1] != NULL)
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
        lc_note_student(&ctx, lc_stop_strays());
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

int lc_compile(struct lc_ctx *ctx)
{
    const struct lc_options *o = ctx->opts;
    const char *kit = o->box ? "/labcheck" : o->tree;
    char source[300], include[PATH_MAX + 16], xdr[PATH_MAX + 64], classic[PATH_MAX + 64];
    char runtime[PATH_MAX + 64], first[LC_TEXT / 2] = "";
    char *argv[12] = { "cc", "-o", (char *)o->compile_out, source, NULL };
    struct lc_proc *cc;
    int ok;

    snprintf(source, sizeof source, "%s.c", o->compile);
    if (o->compile_rpc) {           /* as the Makefile builds labs/tp3's programs */
        snprintf(include, sizeof include, "-I%s/rpc/classic", kit);
        snprintf(xdr, sizeof xdr, "%s/rendu/xdr_exemple.c", o->box ? o->box_dir : "");
        if (!lc_is_file(o->box ? xdr : "xdr_exemple.c", 0))
            snprintf(xdr, sizeof xdr, "%s/labs/tp3/xdr_exemple.c", kit);
        else
            snprintf(xdr, sizeof xdr, "xdr_exemple.c");
        snprintf(classic, sizeof classic, "%s/rpc/librpcclassic.a", kit);
        snprintf(runtime, sizeof runtime, "%s/rpc/librpc.a", kit);
        memcpy(argv, (char *const[]){ "cc", include, "-o", (char *)o->compile_out, source, xdr,
                                      classic, runtime, "-lm", NULL }, 10 * sizeof argv[0]);
    }
    cc = lc_spawn(ctx, "cc", argv, o->box ? "/rendu" : o->workdir, 1);
    if (cc == NULL) {
        lc_fatal(ctx, "", "impossible de lancer cc : %s", strerror(errno));
        return -1;
    }
    close(cc->stdin_fd);                /* #include "/dev/stdin" reads nothing */
    cc->stdin_fd = -1;
    ok = lc_wait_exit(ctx, cc, lc_now() + LC_COMPILE_SECONDS) && WIFEXITED(cc->status) &&
         WEXITSTATUS(cc->status) == 0;
    lc_stop(ctx, cc);                   /* a compiler that hangs, and all of its children */
    for (const char *line = cc->err.data; !ok && line != NULL && *line != '\0';) {
        size_t length = strcspn(line, "\n");

        if (first[0] == '\0' || strstr(first, "error") == NULL)
            snprintf(first, sizeof first, "%.*s", (int)length, line);
        line += length + (line[length] == '\n');
    }
    if (!ok)
        lc_fatal(ctx, "", "%s ne compile pas : %s", source,
                 cc->killed ? "cc arrêté après " STR(LC_COMPILE_SECONDS) " s"
                 : first[0] ? first : "cc a échoué");
    free(cc->out.data);
    free(cc->err.data);
    ctx->nprocs--;                      /* the compiler is not the student's program */
    return ok ? 0 : -1;
}
