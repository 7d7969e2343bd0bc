/*
 * notes.c - after a check, what the student's program did besides, said in
 * French: a flood of output, processes left behind, a limit reached, a
 * signal, what labcheck typed, the last line of its stderr.
 */
#include "common.h"
#include "labcheck.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

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

/* Does p's standard error hold one of the texts? */
static int said(const struct lc_proc *p, const char *const texts[])
{
    if (p->err.data == NULL)
        return 0;
    for (int i = 0; texts[i] != NULL; i++)
        if (strstr(p->err.data, texts[i]) != NULL)
            return 1;
    return 0;
}

/* A remark naming the limit p reached (its signal, or what it printed).
 * Returns 1 when one was named, else 0. */
static int note_limits(struct lc_ctx *ctx, const struct lc_proc *p)
{
    static const char *const memory[] = { "MemoryError", "Cannot allocate memory",
                                          "bad_alloc", "OutOfMemoryError", "out of memory",
                                          "virtual memory exhausted", NULL };
    static const char *const procs[] = { "fork: Resource temporarily unavailable",
                                         "BlockingIOError: [Errno 11]",
                                         "fork: retry", "Cannot fork", NULL };
    static const char *const disk[] = { "No space left on device", NULL };
    static const char *const files[] = { "Too many open files", NULL };
    static const char *const fsize[] = { "File too large", NULL };
    const struct lc_limits *l = &ctx->opts->limits;
    int signal_number = !p->running && !p->killed && WIFSIGNALED(p->status)
                        ? WTERMSIG(p->status) : 0;

    if (signal_number == SIGXCPU || said(p, (const char *const[]){ "CPU time limit", NULL }))
        lc_note(ctx, "votre programme a dépassé la limite de temps de processeur (%ld s, "
                "--cpu) : une boucle sans attente ?", l->cpu_s);
    else if (said(p, memory) || lc_box_cgroup_oom())
        lc_note(ctx, "votre programme a dépassé la limite de mémoire (%ld Mio, --mem)",
                l->mem_mib);
    else if (said(p, procs))
        lc_note(ctx, "votre programme a dépassé la limite de processus (%ld, --procs) : "
                "fork() dans une boucle ?", l->procs);
    else if (signal_number == SIGXFSZ || said(p, fsize))
        lc_note(ctx, "votre programme a dépassé la limite de taille de fichier (%ld Mio, "
                "--fsize)", l->fsize_mib);
    else if (said(p, disk))
        lc_note(ctx, "votre programme a dépassé la limite de disque (%ld Mio dans /tmp et "
                "son dossier, --disk)", l->disk_mib);
    else if (said(p, files))
        lc_note(ctx, "votre programme a dépassé la limite de fichiers ouverts (%ld, --files)",
                l->files);
    else
        return 0;
    return 1;
}

/* After the check: what the student's program did besides (a flood of
 * output, processes left behind, the last line of its stderr). */
void lc_note_student(struct lc_ctx *ctx, int strays)
{
    unsigned long long flood = 0;
    int leftovers = 0, limit_noted = 0, typed_noted = 0;
    char last[LC_TEXT / 2] = "";

    if (strays == 1)
        lc_note(ctx, "votre programme a laissé un processus hors de son groupe (setsid() ?) : "
                "labcheck l'a arrêté");
    else if (strays > 1)
        lc_note(ctx, "votre programme a laissé %d processus hors de son groupe (setsid() ?) : "
                "labcheck les a tous arrêtés", strays);

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
            limit_noted = note_limits(ctx, p);
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
