/*
 * batch.c - labcheck --batch DIR CHECK: one check over a class's submissions.
 *
 * Each folder of DIR is one student's submission; the command to run in it is
 * found by this convention (docs/LABCHECK.md), FILE being the exercise's file
 * name ("serveur" or "client", labcheck -l):
 *   1. labcheck.cmd: its first line that is not empty nor a # comment, run by
 *      /bin/sh -c in the folder (labcheck appends its arguments, tp1.argv);
 *   2. FILE.py, run with python3;
 *   3. FILE.c, compiled with cc into a temporary folder, then run; for the
 *      tp3.* checks (the slides' classic RPC), with socklab's
 *      rpc/classic headers, the folder's xdr_exemple.c (else the tree's
 *      labs/tp3/xdr_exemple.c), rpc/librpcclassic.a, rpc/librpc.a and -lm,
 *      as the Makefile builds labs/tp3/serveur and client;
 *   4. FILE, an executable.
 * The checks run in parallel (-j, default 4) when each has its own network
 * namespace (root), one after another otherwise (the fixed ports). Prints
 * the table, one row per student and one column per verification, and
 * writes it as CSV with --csv. tp3.client's program gets "localhost" as its
 * argument, the HOST the slides' client takes (./labs/tp3/client localhost).
 *
 * The results are labcheck's alone: every entry of DIR is a row, none
 * dropped; an entry that is not a folder (a symlink is never followed) or
 * whose name is not a plain name (a control character, a bidi control,
 * invalid UTF-8, a leading '-' or '.', a backslash) is not graded but listed
 * after the table with the reason. Every cell is escaped (sl_escape_text),
 * every CSV field is protected against formulas (a leading ' before = + - @
 * TAB CR), and the CSV is written to a new file beside FILE (O_EXCL,
 * O_NOFOLLOW), fsync'd, then renamed over FILE.
 */
#include "common.h"
#include "labcheck.h"

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
#include <unistd.h>

#ifndef S_ISVTX
#define S_ISVTX 01000           /* the sticky bit (XSI, not in POSIX's base) */
#endif

#define LINE_MAX_CMD 1024
#define CMD_FILE_MAX 65536

struct submission {
    char name[256];             /* the folder's name: the student */
    char dir[4096];             /* DIR/NAME */
    char *argv[8];              /* the command found, NULL-terminated */
    char storage[3][LINE_MAX_CMD + 16];
    char problem[LC_TEXT];      /* no command, or it did not compile */
    int compile;                /* FILE.c: compiled in the check's box, before it */
    char compiled[4200];        /* ... into this file */
    int slot;                   /* the box (its uid) of the running check */
    double started;             /* when its check started (lc_now) */
    int overran;                /* killed by labcheck: it outlived every bound */
    struct lc_verdict verdict;
    pid_t pid;                  /* the running check's child */
    int fd;                     /* its verdict pipe */
};

/* An entry of DIR that is not graded: listed after the table, a row of the CSV. */
struct ignored {
    char name[256];             /* as readdir gave it: shown escaped only */
    const char *reason;         /* « lien symbolique, pas un dossier » */
};

struct ignored_list {
    struct ignored *entries;
    int count, room;
};

/* The first line of labcheck.cmd that is neither empty nor a comment, into
 * line. Returns 0, -1 when there is none, -2 when the file is too big. */
static int read_cmd_file(const char *path, char *line, size_t size)
{
    struct stat st;
    int fd = lstat(path, &st) == 0 && S_ISREG(st.st_mode)
             ? open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
    FILE *file;
    int found = -1;

    /* Never through a link (labcheck.cmd -> /etc/shadow), never a device nor a
     * pipe, never more than CMD_FILE_MAX bytes (a sparse file of terabytes). */
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > CMD_FILE_MAX ||
        (file = fdopen(fd, "r")) == NULL) {
        if (fd >= 0)
            close(fd);
        return fd >= 0 && st.st_size > CMD_FILE_MAX ? -2 : -1;
    }
    while (found < 0 && fgets(line, (int)size, file) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[strspn(line, " \t")] != '\0' && line[strspn(line, " \t")] != '#')
            found = 0;
    }
    fclose(file);
    return found;
}

/* The socklab tree labcheck belongs to: the folder above labcheck's own
 * (labcheck/.., as lc_peer_path finds tcp/tcp_server), when it holds the
 * classic RPC's headers and libraries (make). Returns 0, or -1. */
static int rpc_tree(char *tree, size_t size)
{
    static const char *const needed[] = {
        "rpc/classic/rpc/rpc.h", "rpc/librpcclassic.a", "rpc/librpc.a",
        "labs/tp3/xdr_exemple.c",
    };
    char self[4096], path[4400];

    if (lc_self_dir(self, sizeof self) < 0)
        return -1;
    snprintf(tree, size, "%s/..", self);
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tree, needed[i]);
        if (!lc_is_file(path, 0))
            return -1;
    }
    return 0;
}

/* Finds the command of submission s (see the convention above). Returns 0, or
 * -1 with the reason in s->problem. */
static int find_command(struct submission *s, const char *file, const char *tmpdir, int box)
{
    char path[4400];
    int found;

    snprintf(path, sizeof path, "%s/labcheck.cmd", s->dir);
    found = read_cmd_file(path, s->storage[0], LINE_MAX_CMD);
    if (found == -2) {
        snprintf(s->problem, sizeof s->problem, "labcheck.cmd de plus de %d octets : refusé",
                 CMD_FILE_MAX);
        return -1;
    }
    if (found == 0) {
        strcat(s->storage[0], " \"$@\"");
        s->argv[0] = "/bin/sh";
        s->argv[1] = "-c";
        s->argv[2] = s->storage[0];
        s->argv[3] = "labcheck.cmd";
        s->argv[4] = NULL;
        return 0;
    }
    snprintf(path, sizeof path, "%s/%s.py", s->dir, file);
    if (lc_is_file(path, 0)) {
        snprintf(s->storage[0], sizeof s->storage[0], "%s.py", file);
        s->argv[0] = "python3";
        s->argv[1] = s->storage[0];
        s->argv[2] = NULL;
        return 0;
    }
    snprintf(path, sizeof path, "%s/%s.c", s->dir, file);
    if (lc_is_file(path, 0)) {             /* compiled in the check's box (lc_compile) */
        if (box)
            snprintf(s->compiled, sizeof s->compiled, "./%s", file);
        else
            snprintf(s->compiled, sizeof s->compiled, "%s/%s-%s", tmpdir, s->name, file);
        s->compile = 1;
        s->argv[0] = s->compiled;
        s->argv[1] = NULL;
        return 0;
    }
    snprintf(path, sizeof path, "%s/%s", s->dir, file);
    if (lc_is_file(path, 1)) {
        snprintf(s->storage[0], sizeof s->storage[0], "./%s", file);
        s->argv[0] = s->storage[0];
        s->argv[1] = NULL;
        return 0;
    }
    snprintf(s->problem, sizeof s->problem, "aucun programme : ni labcheck.cmd, ni %s.py, "
             "ni %s.c, ni %s exécutable", file, file, file);
    return -1;
}

/* Appends arg to the command found for s (its argv has room: 8). */
static void add_argument(struct submission *s, char *arg)
{
    int argc = 0;

    while (s->argv[argc] != NULL)
        argc++;
    if (argc < 7) {
        s->argv[argc] = arg;
        s->argv[argc + 1] = NULL;
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct submission *)a)->name, ((const struct submission *)b)->name);
}

static int by_ignored_name(const void *a, const void *b)
{
    return strcmp(((const struct ignored *)a)->name, ((const struct ignored *)b)->name);
}

/* array (count used of *room elements of size bytes) with room for one
 * more: the same, or moved, twice as big, the new part zeroed. Returns
 * NULL (errno set) when memory is short; array is then untouched. */
static void *with_room(void *array, int *room, int count, size_t size)
{
    char *bigger;
    int more;

    if (count < *room)
        return array;
    if (*room > (1 << 24)) {
        errno = ENOMEM;
        return NULL;
    }
    more = *room > 0 ? *room * 2 : 64;
    bigger = realloc(array, (size_t)more * size);
    if (bigger == NULL)
        return NULL;
    memset(bigger + (size_t)*room * size, 0, (size_t)(more - *room) * size);
    *room = more;
    return bigger;
}

/* Why a folder named name is not graded, or NULL when it is a plain name:
 * printable ASCII or UTF-8, no control, no bidi control, no invalid UTF-8
 * (the name would garble the table or forge a row), no leading '-' (an
 * option to a command) nor '.' (hidden), no backslash (the escapes' sign,
 * and what a zip made on Windows leaves in names). */
static const char *name_refused(const char *name)
{
    switch (sl_text_flaw(name, strlen(name))) {
    case SL_TEXT_CONTROL:
        return "nom de dossier refusé (caractère de contrôle)";
    case SL_TEXT_BIDI:
        return "nom de dossier refusé (contrôle bidirectionnel ou séparateur Unicode)";
    case SL_TEXT_NOT_UTF8:
        return "nom de dossier refusé (UTF-8 invalide)";
    case SL_TEXT_OK:
        break;
    }
    if (name[0] == '-')
        return "nom de dossier refusé (commence par « - »)";
    if (name[0] == '.')
        return "nom de dossier refusé (commence par « . »)";
    if (strchr(name, '\\') != NULL)
        return "nom de dossier refusé (barre oblique inverse)";
    return NULL;
}

/* Why the entry name of folder (opened from dir) is not graded, or NULL
 * when it is a submission s, its name and path then in s. Never follows a
 * symlink. */
static const char *entry_refused(DIR *folder, const char *dir, const char *name,
                                 struct submission *s)
{
    const char *why = name_refused(name);
    struct stat st;

    if (why != NULL)
        return why;
    if (snprintf(s->name, sizeof s->name, "%s", name) >= (int)sizeof s->name)
        return "nom de dossier refusé (trop long)";
    if (fstatat(dirfd(folder), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return "illisible (fstatat a échoué)";
    if (S_ISLNK(st.st_mode))
        return "lien symbolique, pas un dossier";
    if (S_ISREG(st.st_mode))
        return "fichier, pas un dossier";
    if (!S_ISDIR(st.st_mode))
        return "pas un dossier";
    if (snprintf(s->dir, sizeof s->dir, "%s/%s", dir, name) >= (int)sizeof s->dir)
        return "chemin trop long";
    return NULL;
}

/* Records the entry name of DIR as not graded, for reason. Returns 0 or -1. */
static int add_ignored(struct ignored_list *ignored, const char *name, const char *reason)
{
    struct ignored *bigger = with_room(ignored->entries, &ignored->room, ignored->count,
                                       sizeof *bigger);

    if (bigger == NULL)
        return -1;
    ignored->entries = bigger;
    snprintf(bigger[ignored->count].name, sizeof bigger->name, "%s", name);
    bigger[ignored->count++].reason = reason;
    return 0;
}

/* The submissions of dir, sorted by name, into a new array; every other
 * entry (but . and ..) into ignored, with its reason, sorted too. As many
 * as there are. Returns the count of submissions, or -1 (errno set). */
static int list_submissions(const char *dir, struct submission **out,
                            struct ignored_list *ignored)
{
    DIR *folder = opendir(dir);
    struct submission *list = NULL, *bigger;
    struct dirent *entry;
    int count = 0, room = 0, failed = 0;

    if (folder == NULL)
        return -1;
    while (!failed && (errno = 0, entry = readdir(folder)) != NULL) {
        const char *name = entry->d_name, *why;

        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if ((bigger = with_room(list, &room, count, sizeof *list)) == NULL) {
            failed = 1;
            break;
        }
        list = bigger;
        why = entry_refused(folder, dir, name, &list[count]);
        if (why != NULL) {
            failed = add_ignored(ignored, name, why) < 0;
            continue;
        }
        list[count].pid = -1;
        list[count].fd = -1;
        count++;
    }
    failed = failed || errno != 0;      /* readdir failed: never a class cut short */
    closedir(folder);
    if (failed) {
        free(list);
        free(ignored->entries);
        ignored->entries = NULL;
        ignored->count = ignored->room = 0;
        return -1;
    }
    if (count > 1)
        qsort(list, (size_t)count, sizeof *list, by_name);
    if (ignored->count > 1)
        qsort(ignored->entries, (size_t)ignored->count, sizeof *ignored->entries, by_ignored_name);
    *out = list;
    return count;
}

/* The options of s's check: its folder, its compilation, its box's user
 * (one per concurrent check: slot). */
static void options_for(struct lc_options *mine, const struct submission *s, int slot,
                        const struct lc_check *check)
{
    mine->workdir = s->dir;
    mine->compile = s->compile ? check->file : NULL;
    mine->compile_out = s->compiled;
    mine->compile_rpc = strncmp(check->name, "tp3.", 4) == 0;
    mine->box_uid = (uid_t)(LC_BOX_UID + slot);
    mine->box_gid = (gid_t)(LC_BOX_UID + slot);
    if (mine->as_user) {                /* -u USER: that user in every box */
        mine->box_uid = mine->uid;
        mine->box_gid = mine->gid;
    } else if (!mine->box && geteuid() == 0 && !mine->unsafe_as_root) {  /* --unsafe */
        mine->as_user = 1;
        mine->uid = mine->box_uid;
        mine->gid = mine->box_gid;
    }
}

/* A slot (the box's uid - LC_BOX_UID) that no running check of the batch
 * uses, nor any process of the machine (another labcheck's box). */
static int free_slot(const struct submission *list, int count)
{
    unsigned long long used = 0;

    for (int i = 0; i < count; i++)
        if (list[i].pid > 0 && list[i].slot < 64)
            used |= 1ull << list[i].slot;
    return (int)(lc_box_free_uid(used) - LC_BOX_UID);
}

/* Starts the checks of the submissions that have a command, up to jobs. */
static void start_some(const struct lc_check *check, const struct lc_options *opts,
                       struct submission *list, int count, long jobs, int *next,
                       int *running)
{
    while (*next < count && *running < jobs && *running < 64) {
        struct submission *s = &list[(*next)++];
        struct lc_options mine = *opts;

        if (s->problem[0] != '\0')
            continue;
        s->slot = free_slot(list, count);
        options_for(&mine, s, s->slot, check);
        s->started = lc_now();
        s->pid = lc_start_isolated(check, &mine, s->argv, &s->fd);
        if (s->pid < 0)
            snprintf(s->problem, sizeof s->problem, "fork : %s", strerror(errno));
        else
            (*running)++;
    }
}

/* A check has its -T, a compilation before it, a TIME-WAIT to wait for on
 * loopback: past all of them and a margin, labcheck kills it (its keeper and
 * every process of its box die with it: lc_box_die_with_parent). */
static void stop_overrun(const struct lc_options *opts, struct submission *list, int count)
{
    double bound = (double)opts->total_ms / 1000.0 + LC_COMPILE_SECONDS + 75.0 + 10.0;

    for (int i = 0; i < count; i++)
        if (list[i].pid > 0 && !list[i].overran && lc_now() - list[i].started > bound) {
            sl_trace("%s: past %.0f s, killed", list[i].name, bound);
            kill(list[i].pid, SIGKILL);
            list[i].overran = 1;
        }
}

/* Runs the check on every submission that has a command, jobs at a time.
 * Each child gets its copy of the options (fork), with its folder. */
static void run_all(const struct lc_check *check, const struct lc_options *opts,
                    struct submission *list, int count, long jobs)
{
    int next = 0, running = 0;

    while (next < count || running > 0) {
        struct pollfd ready[64];
        int index[64], n = 0;

        start_some(check, opts, list, count, jobs, &next, &running);
        for (int i = 0; i < count && n < 64; i++) {
            if (list[i].pid > 0) {
                ready[n].fd = list[i].fd;
                ready[n].events = POLLIN;
                ready[n].revents = 0;
                index[n++] = i;
            }
        }
        if (n == 0)
            continue;
        if (poll(ready, (nfds_t)n, 1000) < 0 && errno != EINTR)
            break;
        stop_overrun(opts, list, count);
        for (int k = 0; k < n; k++) {
            struct submission *s = &list[index[k]];

            if (ready[k].revents == 0)
                continue;
            if (lc_collect(s->pid, s->fd, &s->verdict) < 0)
                snprintf(s->problem, sizeof s->problem, "la vérification n'a pas abouti%s",
                         s->overran ? " : arrêtée, hors de toutes ses limites de temps" : "");
            else if (s->verdict.fatal[0] != '\0')
                snprintf(s->problem, sizeof s->problem, "%s", s->verdict.fatal);
            s->pid = -1;
            running--;
        }
    }
}

/* The longest text a cell holds: a name (255 bytes), a verdict line, a title. */
#define CELL_MAX (LC_TEXT + 16)

/* text with its control characters escaped (sl_escape_text), into shown
 * (SL_ESCAPED_SIZE(CELL_MAX) bytes: a longer text is cut). Returns shown. */
static const char *escaped(const char *text, char *shown)
{
    sl_escape_text(shown, SL_ESCAPED_SIZE(CELL_MAX), text, strlen(text));
    return shown;
}

/* Writes text as a CSV field: control characters escaped, quoted, inner
 * quotes doubled, and a ' first when it starts with = + - @ TAB or CR, so
 * that a spreadsheet shows it as text, never runs it as a formula (OWASP's
 * advice on CSV injection). */
static void csv_field(FILE *out, const char *text, int last)
{
    char shown[SL_ESCAPED_SIZE(CELL_MAX)];

    fputc('"', out);
    if (text[0] != '\0' && strchr("=+-@\t\r", (unsigned char)text[0]) != NULL)
        fputc('\'', out);
    for (const char *c = escaped(text, shown); *c != '\0'; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputs(last ? "\"\n" : "\",", out);
}

/* The first failure of a submission: why it could not run, or the first
 * verification that failed. "" when everything holds. */
static const char *first_failure(const struct submission *s)
{
    if (s->problem[0] != '\0')
        return s->problem;
    for (int i = 0; i < s->verdict.count; i++)
        if (s->verdict.results[i].state != LC_PASS)
            return s->verdict.results[i].detail;
    return "";
}

/* How many verifications check has: its titles. */
static int count_verifications(const struct lc_check *check)
{
    int nverif = 0;

    while (nverif < LC_MAX_VERIF && check->titles[nverif + 1] != NULL)
        nverif++;
    return nverif;
}

/* One row of the CSV: the student, ok or échec per verification, how many
 * passed, the total, the first failure. */
static void csv_row(FILE *out, const char *name, const int pass[], int passed, int nverif,
                    const char *failure)
{
    char text[32];

    csv_field(out, name, 0);
    for (int i = 0; i < nverif; i++)
        csv_field(out, pass[i] ? "ok" : "échec", 0);
    snprintf(text, sizeof text, "%d", passed);
    csv_field(out, text, 0);
    snprintf(text, sizeof text, "%d", nverif);
    csv_field(out, text, 0);
    csv_field(out, failure, 1);
}

/* The whole CSV into out: the header, a row per submission, then a row per
 * entry not graded, with 0 and why. */
static void csv_rows(FILE *out, const struct lc_check *check, const struct submission *list,
                     int count, const struct ignored_list *ignored)
{
    int nverif = count_verifications(check), pass[LC_MAX_VERIF] = { 0 };
    char text[CELL_MAX];

    csv_field(out, "étudiant", 0);
    for (int i = 0; i < nverif; i++) {
        snprintf(text, sizeof text, "%d. %s", i + 1, check->titles[i + 1]);
        csv_field(out, text, 0);
    }
    csv_field(out, "réussies", 0);
    csv_field(out, "total", 0);
    csv_field(out, "premier échec", 1);
    for (int k = 0; k < count; k++) {
        const struct submission *s = &list[k];

        for (int i = 0; i < nverif; i++)
            pass[i] = s->problem[0] == '\0' && s->verdict.results[i].state == LC_PASS;
        csv_row(out, s->name, pass, s->problem[0] ? 0 : lc_passed(&s->verdict), nverif,
                first_failure(s));
    }
    memset(pass, 0, sizeof pass);
    for (int k = 0; k < ignored->count; k++) {
        snprintf(text, sizeof text, "ignoré : %s", ignored->entries[k].reason);
        csv_row(out, ignored->entries[k].name, pass, 0, nverif, text);
    }
}

/* Warns (one line) when the folder where the CSV is written lets someone
 * else replace it once written: writable by others without the sticky bit
 * (/tmp has it), or, for root, owned by another user. */
static void warn_if_shared(const char *folder)
{
    struct stat st;

    if (stat(folder, &st) < 0)
        return;                         /* writing there will say why */
    if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
        sl_errorx("warning: the CSV's folder %s is writable by other users, who could replace "
                  "the CSV (hint: --csv in a folder only you can write)", folder);
    else if (geteuid() == 0 && st.st_uid != 0)
        sl_errorx("warning: the CSV's folder %s belongs to uid %u, not root, who could replace "
                  "the CSV (hint: --csv in a folder only you can write)", folder,
                  (unsigned)st.st_uid);
}

/* Creates a new, empty file in folder, named .labcheck-XXXXXXXX.tmp, with
 * O_CREAT|O_EXCL|O_NOFOLLOW: never a file that was there, never through a
 * symlink. Its name into temp. Returns the descriptor, or -1 (errno set). */
static int create_temp(const char *folder, char *temp, size_t size)
{
    /* microseconds through 64 bits: a double past UINT_MAX cast to unsigned is undefined */
    unsigned long long micro = (unsigned long long)(lc_now() * 1e6);
    unsigned tag = (unsigned)getpid() * 2654435761u ^ (unsigned)micro;

    for (int attempt = 0; attempt < 100; attempt++, tag = tag * 1103515245u + 12345u) {
        int fd;

        if (snprintf(temp, size, "%s/.labcheck-%08x.tmp", folder, tag) >= (int)size) {
            errno = ENAMETOOLONG;
            return -1;
        }
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;                          /* errno: EEXIST */
}

/* The folder of path (".", "/", or what comes before its last '/') into
 * folder. Returns 0, or -1 (EISDIR: path names no file, ENAMETOOLONG). */
static int folder_of(const char *path, char *folder, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t length = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);

    if (path[0] == '\0' || (slash != NULL && slash[1] == '\0')) {
        errno = EISDIR;
        return -1;
    }
    if (length >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(folder, size, "%.*s", (int)length, slash == NULL ? "." : path);
    return 0;
}

/* Writes the CSV to path, labcheck's own way: into a new file beside it
 * (create_temp), flushed to the disk (fsync), then renamed over path, so
 * that path is never opened (a symlink there is replaced, not followed) and
 * is never seen half written. Returns 0, or -1 (errno set; nothing left). */
static int write_csv(const char *path, const struct lc_check *check,
                     const struct submission *list, int count, const struct ignored_list *ignored)
{
    char folder[4096], temp[4200];
    int fd, failed, saved;
    FILE *out;

    if (folder_of(path, folder, sizeof folder) < 0)
        return -1;
    warn_if_shared(folder);
    if ((fd = create_temp(folder, temp, sizeof temp)) < 0)
        return -1;
    if ((out = fdopen(fd, "w")) == NULL) {
        saved = errno;
        close(fd);
        unlink(temp);
        errno = saved;
        return -1;
    }
    csv_rows(out, check, list, count, ignored);
    failed = fflush(out) != 0 || ferror(out) || fsync(fd) < 0;
    saved = errno;
    if (fclose(out) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(temp, path) < 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        unlink(temp);
        errno = saved;
        return -1;
    }
    if ((fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd);                      /* the rename itself on the disk too */
        close(fd);
    }
    return 0;
}

/* The columns text takes on a terminal: one per UTF-8 character, however
 * many bytes (é: two bytes, one column). */
static int columns_of(const char *text)
{
    int columns = 0;

    for (const char *c = text; *c != '\0'; c++)
        columns += ((unsigned char)*c & 0xc0) != 0x80;     /* not a continuation byte */
    return columns;
}

/* Prints text then spaces up to width columns. */
static void print_padded(const char *text, int width)
{
    int columns = columns_of(text);

    printf("%s%*s", text, width > columns ? width - columns : 0, "");
}

/* The table's first lines: the check, how many submissions (and entries
 * not graded), the verifications numbered, the column heads. */
static void print_head(const struct lc_check *check, const char *dir, int count, int nignored,
                       int nverif, int width)
{
    char shown[SL_ESCAPED_SIZE(4096)];

    sl_escape_text(shown, sizeof shown, dir, strlen(dir));
    printf("%s — %s (%s) : %d %s dans %s", check->name, check->exercise, check->handout, count,
           count > 1 ? "rendus" : "rendu", shown);
    if (nignored > 0)
        printf(", %d %s", nignored, nignored > 1 ? "ignorés" : "ignoré");
    putchar('\n');
    for (int i = 0; i < nverif; i++)
        printf("  %d. %s\n", i + 1, check->titles[i + 1]);
    print_padded("étudiant", width + 1);
    for (int i = 0; i < nverif; i++)
        printf(" %-2d", i + 1);
    printf(" total\n");
}

/* The table on stdout: the verifications numbered, a row per student, the
 * entries not graded with why, every name and text escaped. Returns 0 when
 * every submission passes everything and none was left out, else 1. */
static int print_table(const struct lc_check *check, const char *dir,
                       const struct submission *list, int count,
                       const struct ignored_list *ignored, double seconds)
{
    int nverif = count_verifications(check), width = 9, all_pass = 0;
    char shown[SL_ESCAPED_SIZE(CELL_MAX)];

    for (int k = 0; k < count; k++)
        if (columns_of(escaped(list[k].name, shown)) > width)
            width = columns_of(shown);
    print_head(check, dir, count, ignored->count, nverif, width);
    for (int k = 0; k < count; k++) {
        const struct submission *s = &list[k];
        int passed = s->problem[0] ? 0 : lc_passed(&s->verdict);

        print_padded(escaped(s->name, shown), width + 1);
        for (int i = 0; i < nverif; i++)
            printf(" %s", s->problem[0] == '\0' && s->verdict.results[i].state == LC_PASS
                          ? "ok" : "--");
        printf(" %d/%d", passed, nverif);
        if (s->problem[0] != '\0')
            printf("  (%s)", escaped(s->problem, shown));
        putchar('\n');
        all_pass += passed == nverif;
    }
    for (int k = 0; k < ignored->count; k++)
        printf("ignoré : %s — %s\n", escaped(ignored->entries[k].name, shown),
               ignored->entries[k].reason);
    printf("%d/%d %s toutes les vérifications (%.1f s)\n", all_pass, count,
           count > 1 ? "rendus réussissent" : "rendu réussit", seconds);
    return all_pass == count && ignored->count == 0 ? 0 : 1;
}

/* Removes the compiled programs and the temporary folder. */
static void remove_tmpdir(const char *tmpdir)
{
    DIR *folder = opendir(tmpdir);
    struct dirent *entry;
    char path[4400];

    while (folder != NULL && (entry = readdir(folder)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, entry->d_name);
        unlink(path);
    }
    if (folder != NULL)
        closedir(folder);
    rmdir(tmpdir);
}

/* Can this process become uid (a user namespace may not map it)? */
static int can_become(uid_t uid)
{
    int status = 1;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0)
        _exit(lc_become(uid, (gid_t)uid) == 0 ? 0 : 1);
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* As root, a box for each submission (mine->box), or a refusal unless
 * --unsafe; without root, one line saying what is not isolated. Returns 0,
 * or -1 (said). */
static int box_mode(const struct lc_options *opts, struct lc_options *mine)
{
    int saved;

    if (geteuid() != 0) {
        fprintf(stderr, "labcheck: not root: no box (own user, mounts, processes, network): "
                "the submissions run as you, one after another, with the limits alone\n");
        return 0;
    }
    if (lc_box_works(!opts->loopback) == 0) {
        mine->box = 1;
        return 0;
    }
    if (!opts->unsafe) {
        sl_error("cannot make a box for each submission (pid, mount and network namespaces)");
        sl_hint("labcheck refuses to grade untrusted programs unboxed: run it as root on a "
                "machine (or a privileged container) that allows namespaces, or add --unsafe");
        return -1;
    }
    saved = errno;
    mine->unsafe_as_root = !can_become(LC_BOX_UID);
    if (mine->unsafe_as_root)
        fprintf(stderr, "labcheck: --unsafe: no box (%s), and uid %d cannot be used here: the "
                "submissions run one after another as root, with the limits alone\n",
                strerror(saved), LC_BOX_UID);
    else
        fprintf(stderr, "labcheck: --unsafe: no box (%s): the submissions run one after "
                "another as uid %d, with the limits alone\n", strerror(saved), LC_BOX_UID);
    return 0;
}

/* The command of each submission (find_command), with tp3.client's HOST;
 * for tp3.*, a FILE.c without socklab's classic RPC beside labcheck is not
 * compiled, and the row says why. */
static void find_commands(const struct lc_check *check, const struct lc_options *mine,
                          struct submission *list, int count, const char *tmpdir)
{
    for (int k = 0; k < count; k++)
        if (find_command(&list[k], check->file, tmpdir, mine->box) == 0 &&
            strcmp(check->name, "tp3.client") == 0)
            add_argument(&list[k], "localhost");   /* the slides' client's HOST */
    if (mine->tree == NULL && strncmp(check->name, "tp3.", 4) == 0)
        for (int k = 0; k < count; k++)
            if (list[k].compile && list[k].problem[0] == '\0')
                snprintf(list[k].problem, sizeof list[k].problem, "%s.c : RPC classique de "
                         "socklab introuvable à côté de labcheck (make)", check->file);
}

int lc_batch(const struct lc_check *check, const struct lc_options *opts, const char *dir,
             const char *csv_path, long jobs)
{
    struct submission *list;
    struct ignored_list ignored = { NULL, 0, 0 };
    struct lc_options mine = *opts;
    char tmpdir[] = "/tmp/labcheck.XXXXXX", tree[4200];
    double start = lc_now();
    int count, status;

    if (check->run == NULL) {
        sl_errorx("%s n'est pas encore écrite", check->name);
        return 1;
    }
    count = list_submissions(dir, &list, &ignored);
    if (count < 0) {
        sl_error("cannot read the folder %s", dir);
        return 1;
    }
    if (count == 0 && ignored.count == 0) {
        sl_errorx("no submission in %s: one folder per student is expected", dir);
        free(list);
        return 1;
    }
    if (box_mode(opts, &mine) < 0) {
        free(list);
        free(ignored.entries);
        return 1;
    }
    if (mkdtemp(tmpdir) == NULL) {
        sl_error("mkdtemp %s", tmpdir);
        free(list);
        free(ignored.entries);
        return 1;
    }
    chmod(tmpdir, 01777);               /* --unsafe: compiled by the boxes' users */
    if (rpc_tree(tree, sizeof tree) == 0)
        mine.tree = tree;
    find_commands(check, &mine, list, count, tmpdir);
    /* Parallel only where each check has its own network. */
    if (!mine.box || opts->loopback)
        jobs = 1;
    else if (jobs == 0)
        jobs = 4;
    sl_trace("batch: %d submissions, %ld at a time", count, jobs);
    run_all(check, &mine, list, count, jobs);
    remove_tmpdir(tmpdir);
    status = print_table(check, dir, list, count, &ignored, lc_now() - start);
    if (csv_path != NULL && write_csv(csv_path, check, list, count, &ignored) < 0) {
        sl_error("cannot write %s", csv_path);
        status = 1;
    }
    free(list);
    free(ignored.entries);
    return status;
}
