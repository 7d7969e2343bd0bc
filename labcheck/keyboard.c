/*
 * keyboard.c - where a student's program is stuck, as the kernel shows it
 * (/proc/PID/syscall: the system call it sleeps in and its first argument),
 * and the lines labcheck types for a program that reads its keyboard.
 *
 * A program blocked in read(0, ...) waits on its standard input: Python's
 * input(), C's fgets() and scanf() all end there. One blocked in recv(),
 * accept() or connect() (or read() on a socket) waits on the network. The
 * pids are those of labcheck's own namespace: the keeper is the pid 1 of the
 * box's pid namespace and reads the box's /proc, as root (hidepid hides
 * nothing from it); without root, the program is the caller's own user.
 * /proc/PID/syscall is Linux's: elsewhere every wait is "unknown".
 */
#include "common.h"
#include "labcheck.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>                /* the SYS_ numbers: Linux only, here only */
#endif

#define LOOK_EVERY_S 0.03              /* between two looks at a program's /proc */

struct call_name {
    long number;
    const char *name;
    int what;                           /* enum lc_wait */
};

/* The calls a program of the course waits in (each where the architecture has it). */
static const struct call_name calls[] = {
#ifdef __linux__
    { SYS_read, "read()", LC_WAIT_KEYBOARD }, { SYS_readv, "read()", LC_WAIT_KEYBOARD },
    { SYS_pread64, "read()", LC_WAIT_KEYBOARD },
    { SYS_recvfrom, "recv()", LC_WAIT_NETWORK }, { SYS_recvmsg, "recv()", LC_WAIT_NETWORK },
    { SYS_accept4, "accept()", LC_WAIT_NETWORK }, { SYS_connect, "connect()", LC_WAIT_NETWORK },
#ifdef SYS_accept
    { SYS_accept, "accept()", LC_WAIT_NETWORK },
#endif
#ifdef SYS_poll
    { SYS_poll, "poll()", LC_WAIT_OTHER },
#endif
#ifdef SYS_select
    { SYS_select, "select()", LC_WAIT_OTHER },
#endif
    { SYS_ppoll, "poll()", LC_WAIT_OTHER }, { SYS_pselect6, "select()", LC_WAIT_OTHER },
#endif
    { -1, NULL, 0 }
};

/* Reads the small /proc file path into text (NUL-terminated). Returns its
 * length, or -1. */
static ssize_t read_small(const char *path, char *text, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t got;

    if (fd < 0)
        return -1;
    got = read(fd, text, size - 1);
    close(fd);
    if (got < 0)
        return -1;
    text[got] = '\0';
    return got;
}

/* Whether descriptor fd of pid is a socket (/proc/PID/fd/FD -> socket:[...]). */
static int is_socket(pid_t pid, long fd)
{
    char link[64], target[64];
    ssize_t length;

    snprintf(link, sizeof link, "/proc/%d/fd/%ld", (int)pid, fd);
    length = readlink(link, target, sizeof target - 1);
    if (length <= 0)
        return 0;
    target[length] = '\0';
    return strncmp(target, "socket:", 7) == 0;
}

/* What pid sleeps in, and its name ("recv()") into *name. */
static int pid_waits_on(pid_t pid, const char **name)
{
    char path[64], line[256], *end;
    long number, fd;

    snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
    if (read_small(path, line, sizeof line) <= 0 || !isdigit((unsigned char)line[0]))
        return LC_WAIT_UNKNOWN;         /* "running", gone, or not readable */
    number = strtol(line, &end, 10);
    fd = strtol(end, NULL, 16);         /* the first argument, in hex: the descriptor */
    for (int i = 0; calls[i].name != NULL; i++) {
        if (calls[i].number != number)
            continue;
        *name = calls[i].name;
        if (calls[i].what != LC_WAIT_KEYBOARD)
            return calls[i].what;
        if (fd == 0)
            return LC_WAIT_KEYBOARD;
        if (is_socket(pid, fd)) {
            *name = "recv()";
            return LC_WAIT_NETWORK;
        }
        return LC_WAIT_OTHER;
    }
    return LC_WAIT_OTHER;
}

struct group_look {
    int what;
    const char *name;
};

/* lc_each_process callback: keeps the most telling wait of the group
 * (keyboard, then network, then anything). */
static int look_at(pid_t pid, void *arg)
{
    struct group_look *look = arg;
    const char *name = NULL;
    int what = pid_waits_on(pid, &name);

    if (what != LC_WAIT_UNKNOWN && (look->what == LC_WAIT_UNKNOWN || what < look->what)) {
        look->what = what;
        look->name = name;
    }
    return look->what == LC_WAIT_KEYBOARD;
}

int lc_waits_on(const struct lc_proc *p, const char **name)
{
    struct group_look look = { LC_WAIT_UNKNOWN, NULL };

    if (!p->running)
        return LC_WAIT_UNKNOWN;
    look_at(p->pid, &look);
    if (look.what != LC_WAIT_KEYBOARD && look.what != LC_WAIT_NETWORK)
        lc_each_process(0, p->pid, look_at, &look);    /* a shell wrapper's child */
    if (name != NULL)
        *name = look.name;
    return look.what;
}

const char *lc_wait_hint(const struct lc_proc *p, char *text, size_t size)
{
    const char *name = NULL;

    switch (lc_waits_on(p, &name)) {
    case LC_WAIT_KEYBOARD:
        if (p->typed > 0)
            snprintf(text, size, "votre programme attend une saisie au clavier : input() (en C : "
                     "fgets(), scanf()), encore une, après « %s »", p->typed_last);
        else
            snprintf(text, size, "votre programme attend une saisie au clavier : input() (en C : "
                     "fgets(), scanf())");
        break;
    case LC_WAIT_NETWORK:
        snprintf(text, size, "votre programme attend le réseau : %s", name);
        break;
    default:
        text[0] = '\0';
    }
    return text;
}

void lc_type_when_asked(struct lc_proc *p, const char *port, const char *message)
{
    snprintf(p->typed_port, sizeof p->typed_port, "%s", port ? port : "");
    snprintf(p->typed_message, sizeof p->typed_message, "%s", message);
    p->typed_from = p->out.kept;
}

/* Whether text holds "port", in any case (the prompt of input("Port : ")). */
static int names_port(const char *text)
{
    for (const char *c = text; *c != '\0'; c++)
        if (tolower((unsigned char)c[0]) == 'p' && tolower((unsigned char)c[1]) == 'o' &&
            tolower((unsigned char)c[2]) == 'r' && tolower((unsigned char)c[3]) == 't')
            return 1;
    return 0;
}

/* Types the next line for p if it waits on its keyboard: the port when what
 * it printed since the last line typed (its prompt) names the port, else the
 * message; nothing once the message is typed. */
static void type_next(struct lc_ctx *ctx, struct lc_proc *p)
{
    const char *prompt, *line;
    size_t used = strlen(p->typed_shown);

    if (lc_now() < p->typed_look + LOOK_EVERY_S)
        return;
    p->typed_look = lc_now();
    if (lc_waits_on(p, NULL) != LC_WAIT_KEYBOARD)
        return;
    lc_pump(ctx, 0);                    /* its prompt, written before read(0), maybe unread */
    if (!p->running || p->stdin_fd < 0)
        return;
    prompt = p->out.data ? p->out.data + p->typed_from : "";
    line = !p->port_typed && p->typed_port[0] != '\0' && names_port(prompt) ? p->typed_port
                                                                           : p->typed_message;
    if (lc_send_line(ctx, p, line) < 0)
        return;
    if (line == p->typed_port)
        p->port_typed = 1;
    else
        p->message_typed = 1;
    p->typed++;
    snprintf(p->typed_last, sizeof p->typed_last, "%s", line);
    snprintf(p->typed_shown + used, sizeof p->typed_shown - used, "%s« %s »",
             used ? ", " : "", line);
    p->typed_from = p->out.kept;
    sl_trace("%s reads its keyboard: typed \"%s\"", p->label, line);
}

void lc_type_pending(struct lc_ctx *ctx)
{
    static int typing;                  /* lc_send_line may pump, which calls us */

    if (typing)
        return;
    typing = 1;
    for (int i = 0; i < ctx->nprocs; i++) {
        struct lc_proc *p = &ctx->procs[i];

        if (p->running && p->stdin_fd >= 0 && p->typed_message[0] != '\0' && !p->message_typed)
            type_next(ctx, p);
    }
    typing = 0;
}
