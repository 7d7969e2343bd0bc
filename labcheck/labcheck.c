/*
 * labcheck.c - runs a student's program against socklab's own programs and
 * says, in French, verification by verification, what holds and what not.
 *
 *   labcheck tp1.serveur -- python3 serveur.py
 *   labcheck tp1.argv -- ./client              (labcheck appends PORT MESSAGE)
 *   labcheck -l                                the checks
 *   labcheck --batch rendus/ tp1.serveur --csv notes.csv
 *
 * Each check runs in a child process: in a network namespace of its own when
 * root (the course's fixed ports never collide with anything), otherwise on
 * the machine's loopback once its ports are seen free. docs/LABCHECK.md is
 * the instructors' guide.
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define USAGE "usage: labcheck [-l] [-v] [--tap | --vpl [--grade-max N]] [--loopback] [-u USER] [-t SECONDS] " \
              "[-T SECONDS] [LIMITS] [--batch DIR [--csv FILE] [-j JOBS] [--unsafe]] " \
              "CHECK [-- COMMAND...]"

/* ---- the checks, each defined in its check_*.c (checks.md fixes their names) */

const struct lc_check *const lc_checks[] = {
    &lc_tp1_serveur, &lc_tp1_client, &lc_tp1_getsockname, &lc_tp1_port62000, &lc_tp1_boucle,
    &lc_tp1_argv, &lc_tp1_serveurudp, &lc_tp1_clientudp, &lc_chat_serveur, &lc_chat_client,
    &lc_tp2_serveur, &lc_tp2_client, &lc_ipv6_serveur, &lc_ipv6_client, &lc_ipv6_client4,
    &lc_tp3_serveur, &lc_tp3_client,
    &lc_rpyc_serveur, &lc_rpyc_client,
    NULL
};

const struct lc_check *lc_find_check(const char *name)
{
    for (int i = 0; lc_checks[i] != NULL; i++)
        if (strcmp(lc_checks[i]->name, name) == 0)
            return lc_checks[i];
    return NULL;
}

/* ---- options --------------------------------------------------------------- */

struct cli {
    struct lc_options run;
    int list;                   /* -l */
    const char *batch_dir;      /* --batch DIR */
    const char *csv_path;       /* --csv FILE */
    long jobs;                  /* -j JOBS */
    const char *check_name;
    char **command;             /* after "--" */
    int vpl;                    /* --vpl: Moodle VPL's evaluation format */
    const char *grade_max;      /* --grade-max N */
    struct lc_grade_range grade;
};

static void print_help(void)
{
    printf("%s\n"
           "Students and instructors (docs/LABCHECK.md): runs a student's program, in any\n"
           "language, against socklab's own programs and reports in French, verification by\n"
           "verification, what holds and what does not, with a hint and a command to try.\n"
           "  -l          list the checks: name, exercise, file (--batch), what is verified,\n"
           "              the handout followed\n"
           "  -v          trace what labcheck starts, sees and stops on stderr\n"
           "  --tap       print the verdict as TAP (for machines)\n"
           "  --vpl       print it as Moodle VPL's evaluation: a Comment :=>> line per\n"
           "              verification, then Grade :=>> on the last line, scaled from\n"
           "              VPL_GRADEMIN (else 0) to the maximum\n"
           "  --grade-max N  with --vpl: the maximum grade, else VPL_GRADEMAX, else 10\n"
           "  --loopback  never use a private network namespace, even as root: the\n"
           "              machine's loopback, once the check's ports are seen free\n"
           "  -u USER     as root: run the student's program as USER (a name or a uid),\n"
           "              not as root (advised for --batch: its code is not yours)\n"
           "  -t SECONDS  time limit of one step, 1..600 (default 5)\n"
           "  -T SECONDS  time limit of the whole check, 1..3600 (default 30); below -t,\n"
           "              it is also the step's\n"
           "  --batch DIR run CHECK on every folder of DIR (one student each) and print a table\n"
           "  --csv FILE  with --batch: also write the table as CSV to FILE\n"
           "  -j JOBS     with --batch: checks at once, 1..64 (default 4 as root, else 1)\n"
           "  --unsafe    with --batch as root, where namespaces are refused: grade anyway,\n"
           "              without the box (the submissions are not isolated)\n"
           "LIMITS of every process of the student's (and of its compiler):\n"
           "  --cpu SECONDS  processor time, 1..3600 (default 10)\n"
           "  --mem MIB      memory (address space), 16..65536 (default 512)\n"
           "  --procs N      processes, 1..4096 (default 64)\n"
           "  --fsize MIB    size of a file it writes, 1..65536 (default 64)\n"
           "  --files N      open files, 8..65536 (default 256)\n"
           "  --disk MIB     with the box: its /tmp and its copy of the folder, 1..65536\n"
           "                 (default 64)\n"
           "As root, the program runs as uid 64000 (a box's user), in its own pid and network\n"
           "namespaces; with --batch, each submission in a box of its own: a copy of its\n"
           "folder, the system read-only, nothing else (docs/LABCHECK.md, « La boîte »).\n"
           "  CHECK       what to verify: tp1.serveur, tp1.client, ... (see -l)\n"
           "  COMMAND     the student's program and its arguments\n"
           "With --batch, each folder of DIR holds one student's work, run in that folder:\n"
           "the first command line of labcheck.cmd, else FILE.py (python3), else FILE.c\n"
           "(compiled with cc), else the executable FILE, FILE being the exercise's file\n"
           "that labcheck -l names (serveur or client).\n"
           "Exit status: 0 when every verification holds, 1 otherwise, 2 for bad usage.\n"
           "example: labcheck tp1.serveur -- python3 serveur.py\n"
           "example: labcheck --batch rendus tp1.serveur --csv tp1.csv\n", USAGE);
}

static void list_checks(void)
{
    for (int i = 0; lc_checks[i] != NULL; i++)
        printf("%-16s %-18s %-11s %s (%s)\n", lc_checks[i]->name, lc_checks[i]->exercise,
               lc_checks[i]->file, lc_checks[i]->summary, lc_checks[i]->handout);
}

/* A number of seconds for option, in 1..max, into *ms. Returns 0 or 2. */
static int parse_seconds(const char *option, const char *text, long max, long *ms)
{
    long seconds;

    if (text == NULL)
        return sl_usage_error(USAGE, "option %s needs a value", option);
    if (sl_parse_long(text, 1, max, &seconds) < 0)
        return sl_usage_error(USAGE, "invalid %s value '%s' (expected 1..%ld seconds)",
                              option, text, max);
    *ms = seconds * 1000;
    return 0;
}

/* -u USER: a user name or a uid, only as root. Returns 0 or 2. */
static int parse_user(const char *text, struct lc_options *run)
{
    const struct passwd *user;
    long uid;

    if (text == NULL)
        return sl_usage_error(USAGE, "option -u needs a value");
    if (geteuid() != 0)
        return sl_usage_error(USAGE, "-u %s: only root runs a program as another user", text);
    user = getpwnam(text);
    if (user == NULL && sl_parse_long(text, 1, 2147483647L, &uid) == 0)
        user = getpwuid((uid_t)uid);
    if (user == NULL)
        return sl_usage_error(USAGE, "unknown user '%s'", text);
    if (user->pw_uid == 0)
        return sl_usage_error(USAGE, "-u %s: that is root", text);
    run->as_user = 1;
    run->uid = user->pw_uid;
    run->gid = user->pw_gid;
    return 0;
}

/* A limit option (--cpu, --mem ...): its value in min..max into *value.
 * Returns 0, 2 (bad usage), or -1 when arg is no limit option. */
static int parse_limit(const char *arg, const char *text, struct lc_limits *limits)
{
    static const struct { const char *name; long min, max; size_t offset; } known[] = {
        { "--cpu", 1, 3600, offsetof(struct lc_limits, cpu_s) },
        { "--mem", 16, 65536, offsetof(struct lc_limits, mem_mib) },
        { "--procs", 1, 4096, offsetof(struct lc_limits, procs) },
        { "--fsize", 1, 65536, offsetof(struct lc_limits, fsize_mib) },
        { "--files", 8, 65536, offsetof(struct lc_limits, files) },
        { "--disk", 1, 65536, offsetof(struct lc_limits, disk_mib) },
    };

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        long *value = (long *)((char *)limits + known[i].offset);

        if (strcmp(arg, known[i].name) != 0)
            continue;
        if (text == NULL)
            return sl_usage_error(USAGE, "option %s needs a value", arg);
        if (sl_parse_long(text, known[i].min, known[i].max, value) < 0)
            return sl_usage_error(USAGE, "invalid %s value '%s' (expected %ld..%ld)", arg, text,
                                  known[i].min, known[i].max);
        return 0;
    }
    return -1;
}

/* Parses argv into *cli. Returns 0, or the exit code to leave with. */
/* The options without a value: -l, -v, --tap, --vpl, --loopback, --unsafe.
 * Returns 1 when arg is one of them (recorded in cli), else 0. */
static int parse_flag(const char *arg, struct cli *cli)
{
    static const char *const names[] = { "-l", "-v", "--tap", "--vpl", "--loopback",
                                         "--unsafe", NULL };
    int *const flags[] = { &cli->list, NULL, &cli->run.tap, &cli->vpl, &cli->run.loopback,
                           &cli->run.unsafe };

    for (int i = 0; names[i] != NULL; i++) {
        if (strcmp(arg, names[i]) != 0)
            continue;
        if (flags[i] != NULL)
            *flags[i] = 1;
        else
            sl_trace_enable(1);         /* -v */
        return 1;
    }
    return 0;
}

static int parse_options(int argc, char *argv[], struct cli *cli)
{
    int status = 0, limit;

    memset(cli, 0, sizeof *cli);
    cli->run.step_ms = 5000;
    cli->run.total_ms = 30000;
    lc_default_limits(&cli->run.limits);
    cli->jobs = 0;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(arg, "--") == 0) {
            cli->command = argv + i + 1;
            break;
        } else if (parse_flag(arg, cli)) {
            continue;
        } else if (strcmp(arg, "--grade-max") == 0) {
            if (value == NULL)
                return sl_usage_error(USAGE, "option --grade-max needs a value");
            cli->grade_max = value;
            i++;
        } else if ((limit = parse_limit(arg, value, &cli->run.limits)) >= 0) {
            status = limit;
            i++;
        } else if (strcmp(arg, "-t") == 0) {
            status = parse_seconds("-t", value, 600, &cli->run.step_ms);
            i++;
        } else if (strcmp(arg, "-T") == 0) {
            status = parse_seconds("-T", value, 3600, &cli->run.total_ms);
            i++;
        } else if (strcmp(arg, "-u") == 0) {
            status = parse_user(value, &cli->run);
            i++;
        } else if (strcmp(arg, "-j") == 0) {
            if (value == NULL || sl_parse_long(value, 1, 64, &cli->jobs) < 0)
                return sl_usage_error(USAGE, "invalid -j value '%s' (expected 1..64)",
                                      value ? value : "");
            i++;
        } else if (strcmp(arg, "--batch") == 0 || strcmp(arg, "--csv") == 0) {
            if (value == NULL)
                return sl_usage_error(USAGE, "option %s needs a value", arg);
            *(arg[2] == 'b' ? &cli->batch_dir : &cli->csv_path) = value;
            i++;
        } else if (arg[0] == '-') {
            return sl_usage_error(USAGE, "unknown option '%s'", arg);
        } else if (cli->check_name == NULL) {
            cli->check_name = arg;
        } else {
            return sl_usage_error(USAGE, "unexpected argument '%s' (the student's command "
                                  "goes after --)", arg);
        }
    }
    return status;
}

/* Checks what goes together. Returns 0, or the exit code to leave with. */
static int validate(struct cli *cli, const struct lc_check **check)
{
    if (cli->list)
        return 0;
    if (cli->check_name == NULL)
        return sl_usage_error(USAGE, "missing CHECK (labcheck -l lists them)");
    *check = lc_find_check(cli->check_name);
    if (*check == NULL)
        return sl_usage_error(USAGE, "unknown check '%s' (labcheck -l lists them)",
                              cli->check_name);
    if (cli->batch_dir != NULL && cli->command != NULL)
        return sl_usage_error(USAGE, "--batch takes no command: each folder's is found by "
                              "convention (docs/LABCHECK.md)");
    if (cli->batch_dir == NULL && (cli->csv_path != NULL || cli->jobs != 0 || cli->run.unsafe))
        return sl_usage_error(USAGE, "%s goes with --batch", cli->csv_path ? "--csv"
                              : cli->jobs ? "-j" : "--unsafe");
    if (cli->batch_dir == NULL && (cli->command == NULL || cli->command[0] == NULL))
        return sl_usage_error(USAGE, "missing the student's command after -- "
                              "(e.g. -- python3 serveur.py)");
    if (cli->vpl && (cli->run.tap || cli->batch_dir != NULL))
        return sl_usage_error(USAGE, "--vpl goes with one student's command, without %s",
                              cli->run.tap ? "--tap" : "--batch");
    if (cli->grade_max != NULL && !cli->vpl)
        return sl_usage_error(USAGE, "--grade-max goes with --vpl");
    if (cli->vpl && lc_vpl_range(USAGE, cli->grade_max, &cli->grade) != 0)
        return 2;
    if (cli->run.total_ms < cli->run.step_ms)
        cli->run.step_ms = cli->run.total_ms;   /* -T bounds everything, a step too */
    return 0;
}

/* 0 when path is an executable regular file, else the errno execve() would
 * give (ENOENT, EACCES; EISDIR for a folder, clearer than its EACCES). */
static int exec_error(const char *path)
{
    struct stat st;

    if (stat(path, &st) < 0)
        return errno;
    if (S_ISDIR(st.st_mode))
        return EISDIR;
    if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
        return EACCES;
    return 0;
}

/* The error running program would give, searched in PATH as execvp() does
 * when it holds no '/': 0, ENOENT (nowhere), or EACCES (found, not executable). */
static int command_error(const char *program)
{
    const char *path = getenv("PATH");
    int error = ENOENT;

    if (strchr(program, '/') != NULL)
        return exec_error(program);
    if (path == NULL)
        path = "/bin:/usr/bin";
    while (*path != '\0') {
        size_t length = strcspn(path, ":");
        char candidate[PATH_MAX];
        int found;

        snprintf(candidate, sizeof candidate, "%.*s/%s", length ? (int)length : 1,
                 length ? path : ".", program);
        found = exec_error(candidate);
        if (found == 0)
            return 0;
        if (found == EACCES)
            error = EACCES;             /* execvp() tells this one, not ENOENT */
        path += length + (path[length] == ':');
    }
    return error;
}

/* A student's command that cannot be run is bad usage: say why, and how
 * such a file is run, before anything starts. Returns 0, or 2. */
static int check_command(const char *check, const char *program)
{
    const char *dot = strrchr(program, '.');
    int error = command_error(program);

    if (error == 0)
        return 0;
    sl_errorx("impossible de lancer %s : %s", program, strerror(error));
    if (dot != NULL && strcmp(dot, ".py") == 0)
        sl_hint("un programme Python se lance avec python3 : labcheck %s -- python3 %s",
                check, program);
    else if (dot != NULL && strcmp(dot, ".c") == 0)
        sl_hint("un programme C se compile d'abord : cc -o %.*s %s, puis labcheck %s -- "
                "%s%.*s", (int)(dot - program), program, program, check,
                strchr(program, '/') ? "" : "./", (int)(dot - program), program);
    else if (error == EISDIR)
        sl_hint("donnez le programme, pas son dossier : labcheck %s -- %s/serveur (ou "
                "python3 %s/serveur.py)", check, program, program);
    else if (error == EACCES)
        sl_hint("rendez-le exécutable (chmod +x %s), ou lancez-le avec son interpréteur "
                "(python3, sh, java...)", program);
    else if (strchr(program, '/') == NULL)
        sl_hint("%s n'est pas dans le PATH : pour un programme du dossier courant, écrivez "
                "./%s ; un programme C se compile d'abord (cc)", program, program);
    else
        sl_hint("vérifiez le chemin (ls -l %s) ; un programme C se compile d'abord (cc -o "
                "serveur serveur.c)", program);
    return 2;
}

/* As root, the program runs as the box's user (uid LC_BOX_UID): can that
 * user enter the current folder and read the files the command names?
 * Returns 0, or 1 after saying which it cannot reach and what to do. */
static int box_user_reaches(const struct lc_options *run, char *const command[])
{
    int status = 0;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        if (lc_become(run->uid, run->gid) < 0)
            _exit(254);
        if (access(".", X_OK) < 0)
            _exit(253);
        for (int i = 0; i < 250 && command[i] != NULL; i++) {
            struct stat st;

            if ((i > 0 || strchr(command[i], '/') != NULL) && stat(command[i], &st) < 0 &&
                errno == EACCES)
                _exit(i + 1);           /* a folder on its way is closed to the user */
            if (stat(command[i], &st) == 0 && S_ISREG(st.st_mode) && access(command[i], R_OK) < 0)
                _exit(i + 1);
        }
        _exit(0);
    }
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 0)
        return 0;
    status = WEXITSTATUS(status);
    sl_errorx("as root, the student's program runs as uid %ld (the box's user), which cannot "
              "%s %s", (long)run->uid, status == 253 ? "enter the current folder" : "read",
              status == 253 || status == 254 ? "" : command[status - 1]);
    sl_hint("put the program in a folder every user can read (chmod o+rx), or give its "
            "owner with -u USER");
    return 1;
}

/* Prints the verdict as asked (French table, TAP, VPL), or why the check
 * could not run. Returns labcheck's exit status: 0 when every verification
 * holds, else 1. */
static int tell_verdict(const struct lc_check *check, const struct cli *cli,
                        const struct lc_verdict *verdict)
{
    if (verdict->fatal[0] != '\0') {
        if (cli->run.tap)
            printf("Bail out! %s\n", verdict->fatal);
        if (cli->vpl)
            lc_print_vpl_fatal(check, verdict);
        sl_errorx("%s", verdict->fatal);
        if (verdict->fatal_hint[0] != '\0')
            sl_hint("%s", verdict->fatal_hint);
        return 1;
    }
    if (cli->vpl)
        lc_print_vpl(check, verdict, &cli->grade);
    else
        lc_print_verdict(check, &cli->run, verdict);
    sl_trace("%s: %.2f s", check->name, verdict->seconds);
    if (geteuid() != 0 && isatty(STDERR_FILENO))   /* said to a person, not to a script */
        fprintf(stderr, "labcheck: sans root, pas de boîte : votre programme a tourné sous votre "
                "compte, avec vos fichiers et vos processus à sa portée (seulement une session "
                "sans terminal et les limites)\n");
    return lc_passed(verdict) == verdict->count ? 0 : 1;
}

int main(int argc, char *argv[])
{
    struct cli cli;
    const struct lc_check *check = NULL;
    struct lc_verdict verdict;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &cli);
    if (status == 0)
        status = validate(&cli, &check);
    if (status != 0)
        return status;
    if (cli.list) {
        list_checks();
        return 0;
    }
    if (cli.batch_dir != NULL)
        return lc_batch(check, &cli.run, cli.batch_dir, cli.csv_path, cli.jobs);
    if (check_command(check->name, cli.command[0]) != 0)
        return 2;
    if (geteuid() == 0 && !cli.run.as_user) {   /* never root: the box's user */
        cli.run.as_user = 1;
        cli.run.uid = lc_box_free_uid(0);
        cli.run.gid = (gid_t)cli.run.uid;
    }
    if (geteuid() == 0 && box_user_reaches(&cli.run, cli.command) != 0)
        return 1;

    if (cli.vpl)
        lc_keep_output_private();       /* no program of the same user writes a grade there */
    memset(&verdict, 0, sizeof verdict);
    sl_catch_stop_signals();            /* Ctrl-C: the check's child cleans up first */
    if (lc_run_isolated(check, &cli.run, cli.command, &verdict) < 0) {
        sl_error("cannot run the check %s", check->name);
        return 1;
    }
    if (sl_interrupted()) {
        sl_errorx("interrupted: the programs of the check were stopped");
        return 1;
    }
    return tell_verdict(check, &cli, &verdict);
}
