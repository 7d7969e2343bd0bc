/*
 * run.c - running the student's program (untrusted) and socklab's peers.
 *
 * Every process a check starts gets its own process group (setpgid), so a
 * program that forks is stopped whole (killpg); its stdin is a pipe labcheck
 * writes, its stdout and stderr pipes labcheck reads with poll(), keeping the
 * first LC_KEEP bytes and counting the rest (a flood never fills memory nor
 * blocks the writer); every wait has a deadline, and a pipe still held open
 * by a grandchild is never waited on past it. Processes are reaped with
 * waitpid(WNOHANG) as they end, and killed (SIGTERM, then SIGKILL) at the
 * end of the check.
 */
#include "common.h"
#include "labcheck.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>                  /* PR_SET_CHILD_SUBREAPER: Linux only, here only */
#endif

extern char **environ;

#define TERM_GRACE_MS 300      /* between SIGTERM and SIGKILL */

double lc_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

double lc_step_deadline(struct lc_ctx *ctx, long ms)
{
    double deadline = lc_now() + (double)ms / 1000.0;

    return deadline < ctx->deadline ? deadline : ctx->deadline;
}

static int set_flags(int fd, int cloexec, int nonblock)
{
    if (cloexec && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
        return -1;
    if (nonblock && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
        return -1;
    return 0;
}

static void close_pair(int pair[2])
{
    for (int i = 0; i < 2; i++)
        if (pair[i] >= 0)
            close(pair[i]);
}

/* The environment of a program run as another user (as root, alone): PATH
 * (where its interpreter is), what a program expects, and SOCKLAB_PMAP_PORT
 * when labcheck set it; nothing else (the instructor's tokens and paths). */
static void clean_environment(void)
{
    static char path[4096], pmap[64];
    const char *inherited = getenv("PATH"), *port = getenv("SOCKLAB_PMAP_PORT");
    static char *environment[] = { path, "HOME=/tmp", "TMPDIR=/tmp", "LANG=C.UTF-8",
                                   "PYTHONUNBUFFERED=1", "USER=etudiant", NULL, NULL };

    snprintf(path, sizeof path, "PATH=%s", inherited ? inherited : "/usr/bin:/bin");
    if (port != NULL) {                 /* labcheck's own: where its portmapper is (tp3) */
        snprintf(pmap, sizeof pmap, "SOCKLAB_PMAP_PORT=%.20s", port);
        environment[6] = pmap;
    }
    environ = environment;
}

/* In the child of a student's program, before exec: a new session (no
 * controlling terminal: no TIOCSTI, no terminal to read), the box or the
 * user of -u, the limits. Never returns on failure. */
static void enter_student(const struct lc_options *as)
{
    const char *what = "setsid";

    if (setsid() < 0)
        goto fail;
    what = "box";
    if (as->box ? lc_box_enter(as) < 0 : as->as_user && lc_become(as->uid, as->gid) < 0)
        goto fail;
    if (!as->box && as->as_user)
        clean_environment();            /* nothing of the instructor's: tokens, paths */
    what = "limits";
    if (lc_apply_limits(&as->limits, as->box || as->as_user) < 0)
        goto fail;
    return;
fail:
    fprintf(stderr, "labcheck: cannot prepare the program (%s): %s\n", what, strerror(errno));
    _exit(127);
}

/* In the child: its own process group (a session for the student's), the
 * pipes on 0, 1, 2 and no other descriptor, then exec. Never returns. */
static void exec_child(char *const argv[], const char *dir, const struct lc_options *as,
                       int in[2], int out[2], int err[2])
{
    if (as == NULL)
        setpgid(0, 0);
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    lc_close_from(STDERR_FILENO + 1);   /* nothing of labcheck's, nor of its caller's */
    signal(SIGPIPE, SIG_DFL);           /* labcheck ignores it; the program must not */
    setenv("PYTHONUNBUFFERED", "1", 1); /* Python's print() reaches the pipe at once */
    if (as != NULL)
        enter_student(as);
    if (dir != NULL && chdir(dir) < 0) {
        fprintf(stderr, "labcheck: cd %s: %s\n", dir, strerror(errno));
        _exit(127);
    }
    if (argv[0] == NULL)
        _exit(127);
    execvp(argv[0], argv);
    fprintf(stderr, "labcheck: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* -v: the process started, its command line. */
static void trace_start(const char *label, char *const argv[], pid_t pid)
{
    char line[512] = "";
    size_t used = 0;

    if (!sl_tracing())
        return;
    for (int i = 0; argv[i] != NULL && used + 2 < sizeof line; i++)
        used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", i ? " " : "", argv[i]);
    sl_trace("start %s: %s (pid %d)", label, line, (int)pid);
}

struct lc_proc *lc_spawn(struct lc_ctx *ctx, const char *label, char *const argv[],
                         const char *dir, int student)
{
    int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
    struct lc_proc *p;
    pid_t pid;

    if (ctx->nprocs >= LC_MAX_PROCS) {
        errno = EMFILE;
        return NULL;
    }
    if (pipe(in) < 0 || pipe(out) < 0 || pipe(err) < 0)
        goto fail;
    for (int i = 0; i < 2; i++)
        if (set_flags(in[i], 1, 0) < 0 || set_flags(out[i], 1, 0) < 0 ||
            set_flags(err[i], 1, 0) < 0)
            goto fail;
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0)
        goto fail;
    if (pid == 0)
        exec_child(argv, dir, student ? ctx->opts : NULL, in, out, err);
    if (!student)
        setpgid(pid, pid);              /* also here: no race with a killpg(); the
                                           student's makes its session itself */
    close(in[0]);
    close(out[1]);
    close(err[1]);
    set_flags(in[1], 0, 1);
    set_flags(out[0], 0, 1);
    set_flags(err[0], 0, 1);

    p = &ctx->procs[ctx->nprocs++];
    memset(p, 0, sizeof *p);
    p->label = label;
    p->pid = pid;
    p->stdin_fd = in[1];
    p->out.fd = out[0];
    p->err.fd = err[0];
    p->out.data = calloc(1, LC_KEEP + 1);
    p->err.data = calloc(1, LC_KEEP + 1);
    p->running = 1;
    trace_start(label, argv, pid);
    return p;

fail:
    {
        int saved = errno;

        close_pair(in);
        close_pair(out);
        close_pair(err);
        errno = saved;
    }
    return NULL;
}

int lc_is_file(const char *path, int executable_needed)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           (!executable_needed || access(path, X_OK) == 0);
}

int lc_self_dir(char *dir, size_t size)
{
    ssize_t length = readlink("/proc/self/exe", dir, size - 1);
    char *slash;

    if (length <= 0)
        return -1;
    dir[length] = '\0';
    slash = strrchr(dir, '/');
    if (slash == NULL)
        return -1;
    *slash = '\0';
    return 0;
}

int lc_peer_path(const char *rel, char *path, size_t size)
{
    const char *env = getenv("LABCHECK_PEERS");
    const char *name = strrchr(rel, '/');
    char self[PATH_MAX];

    name = name ? name + 1 : rel;
    if (env != NULL && *env != '\0') {
        snprintf(path, size, "%s/%s", env, rel);
        if (lc_is_file(path, 1))
            return 0;
        snprintf(path, size, "%s/%s", env, name);
        return lc_is_file(path, 1) ? 0 : -1;
    }
    if (lc_self_dir(self, sizeof self) < 0)
        return -1;
    snprintf(path, size, "%s/../%s", self, rel);     /* the build tree: labcheck/.. */
    if (lc_is_file(path, 1))
        return 0;
    snprintf(path, size, "%s/%s", self, name);       /* installed side by side */
    return lc_is_file(path, 1) ? 0 : -1;
}

/* Reads what is waiting on stream: keeps up to LC_KEEP bytes, counts the rest. */
static void read_stream(struct lc_stream *s)
{
    char chunk[16384];

    for (;;) {
        ssize_t got = read(s->fd, chunk, sizeof chunk);

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)                     /* EAGAIN: nothing more for now */
            return;
        if (got == 0) {
            close(s->fd);
            s->fd = -1;
            return;
        }
        if (s->kept < LC_KEEP) {
            size_t room = LC_KEEP - s->kept;
            size_t take = (size_t)got < room ? (size_t)got : room;

            if (s->data != NULL) {
                memcpy(s->data + s->kept, chunk, take);
                s->kept += take;
                s->data[s->kept] = '\0';
            }
        }
        s->total += (unsigned long long)got;
    }
}

static void reap(struct lc_ctx *ctx)
{
    for (int i = 0; i < ctx->nprocs; i++) {
        struct lc_proc *p = &ctx->procs[i];
        int status;
        pid_t done;

        if (!p->running)
            continue;
        done = waitpid(p->pid, &status, WNOHANG);
        if (done == p->pid || (done < 0 && errno == ECHILD)) {
            p->running = 0;
            p->status = done == p->pid ? status : 0;
            sl_trace("%s (pid %d) ended: status %d", p->label, (int)p->pid, p->status);
        }
    }
}

void lc_pump(struct lc_ctx *ctx, int ms)
{
    struct pollfd fds[2 * LC_MAX_PROCS];
    struct lc_stream *streams[2 * LC_MAX_PROCS];
    int count = 0;

    for (int i = 0; i < ctx->nprocs; i++) {
        struct lc_stream *pair[2] = { &ctx->procs[i].out, &ctx->procs[i].err };

        for (int j = 0; j < 2; j++) {
            if (pair[j]->fd < 0)
                continue;
            fds[count].fd = pair[j]->fd;
            fds[count].events = POLLIN;
            fds[count].revents = 0;
            streams[count++] = pair[j];
        }
    }
    if (ms < 0)
        ms = 0;
    if (sl_interrupted())
        ctx->deadline = 0;               /* Ctrl-C: every wait ends, then the cleanup */
    if (poll(fds, (nfds_t)count, ms) > 0) {
        for (int i = 0; i < count; i++)
            if (fds[i].revents != 0)
                read_stream(streams[i]);
    }
    reap(ctx);
    if (ctx->on_pump != NULL)
        ctx->on_pump(ctx);               /* a program waiting on its keyboard */
}

int lc_wait_until(struct lc_ctx *ctx, double deadline,
                  int (*cond)(struct lc_ctx *ctx, void *arg), void *arg)
{
    for (;;) {
        double left;

        if (cond(ctx, arg))
            return 1;
        if (deadline > ctx->deadline)
            deadline = ctx->deadline;    /* Ctrl-C sets it to 0 (lc_pump) */
        left = deadline - lc_now();
        if (left <= 0)
            return 0;
        lc_pump(ctx, left < 0.01 ? (int)(left * 1000) : 10);
    }
}

/* Finds needle in the first length bytes of haystack (which may hold NULs). */
static int contains(const char *haystack, size_t length, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0)
        return 1;
    for (size_t i = 0; i + n <= length; i++)
        if (haystack[i] == needle[0] && memcmp(haystack + i, needle, n) == 0)
            return 1;
    return 0;
}

int lc_output_has(const struct lc_proc *p, const char *text)
{
    return p->out.data != NULL && contains(p->out.data, p->out.kept, text);
}

struct output_wait {
    struct lc_proc *p;
    const char *text;
};

static int output_or_end(struct lc_ctx *ctx, void *arg)
{
    struct output_wait *w = arg;

    if (lc_output_has(w->p, w->text))
        return 1;
    if (!w->p->running) {
        lc_pump(ctx, 20);                /* what it wrote just before ending */
        return 1;
    }
    return 0;
}

int lc_wait_output(struct lc_ctx *ctx, struct lc_proc *p, const char *text, double deadline)
{
    struct output_wait w = { p, text };

    lc_wait_until(ctx, deadline, output_or_end, &w);
    return lc_output_has(p, text);
}

static int ended(struct lc_ctx *ctx, void *arg)
{
    (void)ctx;
    return !((struct lc_proc *)arg)->running;
}

int lc_wait_exit(struct lc_ctx *ctx, struct lc_proc *p, double deadline)
{
    return lc_wait_until(ctx, deadline, ended, p);
}

int lc_send_line(struct lc_ctx *ctx, struct lc_proc *p, const char *text)
{
    size_t length = strlen(text) + 1, done = 0;
    char *line = malloc(length);
    double deadline = lc_step_deadline(ctx, ctx->opts->step_ms);

    if (line == NULL || p->stdin_fd < 0) {
        free(line);
        return -1;
    }
    memcpy(line, text, length - 1);
    line[length - 1] = '\n';
    sl_trace("to %s's stdin: %s", p->label, text);
    while (done < length) {
        ssize_t put = write(p->stdin_fd, line + done, length - done);

        if (put > 0) {
            done += (size_t)put;
        } else if (put < 0 && (errno == EAGAIN || errno == EINTR) && lc_now() < deadline) {
            lc_pump(ctx, 10);            /* it does not read: its pipe is full */
        } else {
            free(line);
            return -1;
        }
    }
    free(line);
    return 0;
}

static void close_fds(struct lc_proc *p)
{
    if (p->stdin_fd >= 0)
        close(p->stdin_fd);
    if (p->out.fd >= 0)
        close(p->out.fd);
    if (p->err.fd >= 0)
        close(p->err.fd);
    p->stdin_fd = p->out.fd = p->err.fd = -1;
}

/* From /proc/PID/stat: its state letter, parent and process group. Returns 0,
 * or -1 when it is gone (or /proc is missing). */
static int proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp)
{
    char path[64], line[512], *end;
    const char *at;
    long parent, group;
    int fd;
    ssize_t got;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    got = read(fd, line, sizeof line - 1);
    close(fd);
    if (got <= 0)
        return -1;
    line[got] = '\0';
    at = strrchr(line, ')');            /* the command name may hold spaces and ')' */
    if (at == NULL || at[1] != ' ' || at[2] == '\0')
        return -1;
    *state = at[2];                     /* "...) S PPID PGRP ..." */
    at += 3;
    parent = strtol(at, &end, 10);
    if (end == at)
        return -1;
    at = end;
    group = strtol(at, &end, 10);
    if (end == at)
        return -1;
    *ppid = (pid_t)parent;
    *pgrp = (pid_t)group;
    return 0;
}

/* The executable of pid (/proc/PID/exe) into path. Returns 0, or -1. */
static int proc_exe(pid_t pid, char *path, size_t size)
{
    char link[64];
    ssize_t length;

    snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
    length = readlink(link, path, size - 1);
    if (length <= 0)
        return -1;
    path[length] = '\0';
    return 0;
}

/* Calls found(pid, arg) for every process whose parent is ppid (ppid > 0; any
 * process when ppid < 0) or whose group is pgid (pgid > 0), zombies left out, until it returns
 * non-zero. Returns 1 when found returned non-zero (found NULL: when there
 * is such a process), else 0. */
static int each_process(pid_t ppid, pid_t pgid, int (*found)(pid_t pid, void *arg), void *arg)
{
    DIR *proc = opendir("/proc");
    const struct dirent *entry;
    int hit = 0;

    if (proc == NULL)
        return 0;
    while ((entry = readdir(proc)) != NULL) {
        pid_t pid, parent, group;
        char state;

        if (!isdigit((unsigned char)entry->d_name[0]))
            continue;
        pid = (pid_t)strtol(entry->d_name, NULL, 10);
        if (proc_stat(pid, &state, &parent, &group) < 0 || state == 'Z' || state == 'X')
            continue;
        if ((ppid < 0 || (ppid > 0 && parent == ppid) || (pgid > 0 && group == pgid)) &&
            (found == NULL || found(pid, arg))) {
            hit = 1;
            break;
        }
    }
    closedir(proc);
    return hit;
}

int lc_each_process(pid_t ppid, pid_t pgid, int (*found)(pid_t pid, void *arg), void *arg)
{
    return each_process(ppid, pgid, found, arg);
}

/* Is a process of group pgid still alive (a zombie is not)? */
static int group_alive(pid_t pgid)
{
    return each_process(0, pgid, NULL, NULL);
}

void lc_set_listener(struct lc_proc *p, pid_t pid)
{
    if (pid <= 0 || p->listener == pid)
        return;
    p->listener = pid;
    if (proc_exe(pid, p->listener_exe, sizeof p->listener_exe) < 0)
        p->listener_exe[0] = '\0';
    sl_trace("%s: pid %d listens (%s)", p->label, (int)pid, p->listener_exe);
}

int lc_is_fork_of(const struct lc_proc *p, pid_t holder)
{
    char exe[256], parent_exe[256], state;
    pid_t parent, group;

    if (holder <= 0 || holder == p->listener || holder == p->pid)
        return 0;
    if (proc_exe(holder, exe, sizeof exe) < 0)
        return 0;                       /* cannot tell: no fork() said */
    if (p->listener_exe[0] != '\0' && strcmp(exe, p->listener_exe) == 0)
        return 1;
    return proc_stat(holder, &state, &parent, &group) == 0 && group == p->pid &&
           proc_exe(parent, parent_exe, sizeof parent_exe) == 0 &&
           strcmp(exe, parent_exe) == 0;
}

static int is_fork(pid_t pid, void *arg)
{
    return lc_is_fork_of(arg, pid);
}

/* Pumps until nothing of p's group is alive (zombies aside) or until. */
static void wait_group(struct lc_ctx *ctx, const struct lc_proc *p, double until)
{
    while (group_alive(p->pid) && lc_now() < until)
        lc_pump(ctx, 10);
}

/* Signals p's process group; p itself if it has not made its session yet. */
static void signal_group(const struct lc_proc *p, int signal_number)
{
    if (kill(-p->pid, signal_number) < 0 && errno == ESRCH)
        kill(p->pid, signal_number);
}

void lc_stop(struct lc_ctx *ctx, struct lc_proc *p)
{
    double until = lc_now() + TERM_GRACE_MS / 1000.0;

    if (!p->signalled) {        /* a check's own SIGINT came first: keep its mark */
        p->err_before_stop = p->err.kept;
        p->signalled = 1;
    }
    if (p->running) {
        p->killed = 1;
        sl_trace("stop %s (pid %d): SIGTERM to its group", p->label, (int)p->pid);
        signal_group(p, SIGTERM);
        lc_wait_exit(ctx, p, until);
    } else if (group_alive(p->pid)) {
        /* It ended by itself, and left live processes in its group: copies of
         * it (fork()), or programs it started. */
        p->leftovers = each_process(0, p->pid, is_fork, p) ? 2 : 1;
        sl_trace("%s (pid %d) left processes behind: SIGTERM to its group",
                 p->label, (int)p->pid);
        signal_group(p, SIGTERM);
    }
    /* What dies of SIGTERM dies within the grace (a shell wrapper's child too). */
    wait_group(ctx, p, until);
    if (p->running || group_alive(p->pid)) {
        sl_trace("stop %s (pid %d): SIGKILL to its group", p->label, (int)p->pid);
        signal_group(p, SIGKILL);
    }
    if (p->running) {
        while (waitpid(p->pid, &p->status, 0) < 0 && errno == EINTR)
            continue;
        p->running = 0;
    }
    lc_pump(ctx, 0);                     /* what is already in the pipes, no more */
    close_fds(p);
}

int lc_become_subreaper(void)
{
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
    return prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
#else
    errno = ENOSYS;                     /* a process that leaves its group escapes */
    return -1;
#endif
}

static int kill_stray(pid_t pid, void *arg)
{
    int *count = arg, status;

    sl_trace("pid %d escaped its group (setsid?): SIGKILL", (int)pid);
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    (*count)++;
    return 0;                           /* all of them */
}

/* Not a pid namespace's pid 1: orphans come to labcheck as their subreaper.
 * Killing one orphans its children in turn: sweeps until none is left. */
static int sweep_children(void)
{
    int count = 0, before, status;

    for (int round = 0; round < 100; round++) {
        before = count;
        each_process(getpid(), 0, kill_stray, &count);
        if (count == before && !each_process(getpid(), 0, NULL, NULL))
            break;
    }
    while (waitpid(-1, &status, WNOHANG) > 0)   /* orphans that ended on their own */
        continue;
    return count;
}

/* Live processes of the namespace other than the caller (pid 1). */
static int count_others(pid_t pid, void *arg)
{
    if (pid != getpid())
        (*(int *)arg)++;
    return 0;
}

int lc_stop_strays(void)
{
    int count = 0;

    if (getpid() == 1) {                /* the box's keeper: every process is ours */
        each_process(-1, 0, count_others, &count);
        lc_box_sweep();
    } else {
        count = sweep_children();
    }
    return count;
}

void lc_stop_all(struct lc_ctx *ctx)
{
    for (int i = ctx->nprocs - 1; i >= 0; i--)
        lc_stop(ctx, &ctx->procs[i]);
}

const char *lc_last_error_line(const struct lc_proc *p, char *text, size_t size)
{
    const char *data = p->err.data;
    size_t end = p->signalled ? p->err_before_stop : p->err.kept, start;

    text[0] = '\0';
    if (data == NULL)
        return text;
    while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r' || data[end - 1] == ' '))
        end--;
    start = end;
    while (start > 0 && data[start - 1] != '\n')
        start--;
    if (end - start >= size)
        end = start + size - 1;
    memcpy(text, data + start, end - start);
    text[end - start] = '\0';
    for (char *c = text; *c != '\0'; c++)    /* its bytes never drive our terminal */
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return text;
}
