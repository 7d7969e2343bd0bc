/*
 * labcheck.h - what the files of labcheck share.
 *
 * labcheck runs a student's program (any language) against socklab's own
 * programs and judges it, verification by verification, in French.
 *
 * Its files, in layers: each calls only the ones below it (tests/layers.bats
 * checks it on the objects; docs/LABCHECK.md, « Les fichiers de labcheck »):
 *
 *   labcheck.c   main: options, the list of checks (lc_checks[])
 *   batch.c      --batch: one check over a folder of submissions, the CSV
 *   report.c     the verdict printed in French or TAP; platform.c: Moodle VPL
 *   child.c      the child that runs one check: its network namespace or the
 *                loopback, its box, cc in --batch, the verdict sent back
 *   notes.c      the remarks made once a check is over (flood, leftovers,
 *                limits reached, signals, what was typed)
 *   check_tp1.c, check_tp2.c, check_chat.c, check_ipv6.c, check_tp3.c,
 *   check_rpyc.c: the checks, each with its table (struct lc_check) and enum
 *   steps.c      the steps checks share (listen, connect, close, exit) and
 *                their French sentences; keyboard.c: where a program waits
 *                (/proc/PID/syscall), the lines typed for it
 *   run.c        processes: groups, pipes read up to a bound, time limits,
 *                killed and reaped (no French)
 *   verdict.c    recording the verifications (pass, fail, note, fatal), escaped
 *   observe.c    what the kernel sees: the socket table (common/socktable.h)
 *   netns.c      a private network namespace per check (Linux, root)
 *   box.c        the box of a submission: pid and mount namespaces, its own
 *                root, uid and copy of the submission (Linux, root)
 *   limits.c     the limits of every student process (setrlimit)
 *   privs.c      becoming the box's or -u's user
 *
 * Nothing here exits but main(); functions return -1 (errno kept) or 0.
 */
#ifndef SOCKLAB_LABCHECK_H
#define SOCKLAB_LABCHECK_H

#include <stddef.h>
#include <sys/types.h>

#define LC_MAX_VERIF   8        /* verifications in one check */
#define LC_MAX_PROCS   16       /* processes one check starts */
#define LC_KEEP        65536    /* bytes of each output kept; the rest is counted */
#define LC_TEXT        400      /* one line of a verdict */

/* The course's fixed port and addresses, as the handouts write them (TP1,
 * TP2, IPv6): each check's table and messages take them from here. */
#define LC_COURSE_PORT      60000
#define LC_COURSE_PORT_TEXT "60000"
#define LC_COURSE_ADDR4     "127.0.0.1:" LC_COURSE_PORT_TEXT
#define LC_COURSE_ADDR6     "[::1]:" LC_COURSE_PORT_TEXT
#define LC_COMPILE_SECONDS 30    /* --batch: cc compiling FILE.c */

/* ---- one process started by a check (run.c) ------------------------------ */

struct lc_stream {
    int fd;                     /* read end of the pipe, -1 once at end */
    char *data;                 /* the first LC_KEEP bytes, NUL-terminated */
    size_t kept;
    unsigned long long total;   /* every byte written, kept or not */
};

struct lc_proc {
    const char *label;          /* "votre programme", "tcp_client" ... */
    pid_t pid;                  /* also its process group (setpgid) */
    int stdin_fd;               /* write end of its standard input, -1 once closed */
    struct lc_stream out, err;
    int student;                /* the student's program (not a peer) */
    int stderr_expected;        /* its stderr was asked for (a usage error): no remark */
    int running;                /* not reaped yet */
    int status;                 /* waitpid() status once reaped */
    int killed;                 /* stopped by labcheck (SIGTERM/SIGKILL) */
    int leftovers;              /* processes of its group still alive after it ended:
                                   1, or 2 when one is a fork() of it */
    pid_t listener;             /* the process seen listening (the program itself,
                                   behind a shell wrapper), 0 if none */
    char listener_exe[256];     /* its executable (/proc/PID/exe), "" if unknown */
    size_t err_before_stop;     /* stderr bytes written before labcheck stopped it */
    int signalled;              /* labcheck signalled it to stop (SIGINT, SIGTERM): what it
                                   wrote after err_before_stop answers that, not quoted */
    /* What labcheck types when it reads its keyboard (keyboard.c, lc_type_when_asked) */
    char typed_port[8];         /* when its prompt names the port, "" never */
    char typed_message[64];     /* else this; "" types nothing */
    int port_typed, message_typed, typed;  /* typed already; lines typed */
    char typed_last[64];        /* the last line typed */
    char typed_shown[96];       /* every line typed, for the remark: « 60000 », « Bonjour » */
    size_t typed_from;          /* stdout bytes before its prompt */
    double typed_look;          /* the last look at its /proc (monotonic s) */
};

/* ---- a check being run ---------------------------------------------------- */

enum lc_state { LC_UNSET = 0, LC_PASS = 1, LC_FAIL = 2 };

struct lc_result {
    int state;                  /* enum lc_state */
    char detail[LC_TEXT];       /* failure: the tutor's hint and the command to try */
};

/* What a check produces, copied from the child that ran it to the parent
 * through a pipe (a plain struct: the same program on both ends). */
struct lc_verdict {
    int count;                  /* verifications of the check */
    struct lc_result results[LC_MAX_VERIF];
    char notes[6][LC_TEXT];     /* remarks: flood, leftovers, killed, stderr */
    int nnotes;
    char fatal[LC_TEXT];        /* the check could not run (port taken, no peer) */
    char fatal_hint[LC_TEXT];
    int netns;                  /* ran in a private network namespace */
    double seconds;             /* how long the check took */
};

/* The limits of every student process (limits.c), options --cpu, --mem ... */
struct lc_limits {
    long cpu_s;                 /* processor time, seconds */
    long mem_mib;               /* address space */
    long procs;                 /* processes of the box's user */
    long fsize_mib;             /* size of one file written */
    long files;                 /* open files */
    long disk_mib;              /* the box's /tmp, and its copy of the submission */
};

/* The uids (and gids) of the boxes, LC_BOX_UID and the LC_BOX_UIDS after it
 * (as isolate's 60000 + box): each check takes one no process runs as, so two
 * checks, of one batch or of two labchecks at once, never share a user (nor
 * its count of processes). */
#define LC_BOX_UID 64000
#define LC_BOX_UIDS 1000

struct lc_options {
    int tap;                    /* --tap */
    int loopback;               /* --loopback: never a namespace, even as root */
    long step_ms;               /* -t: time limit of one step */
    long total_ms;              /* -T: time limit of the whole check */
    const char *workdir;        /* the student's folder (batch), or NULL */
    int as_user;                /* -u: run the student's program as uid/gid */
    uid_t uid;
    gid_t gid;
    struct lc_limits limits;
    int box;                    /* the full box (--batch as root): its own root and uid */
    int unsafe;                 /* --unsafe: --batch without namespaces, said */
    int unsafe_as_root;         /* ... where not even the box's uid can be used */
    uid_t box_uid;              /* the box's user and group (box) */
    gid_t box_gid;
    const char *box_dir;        /* where the box's root is mounted (the check's child) */
    const char *tree;           /* socklab's tree, for the classic RPC's kit (tp3.*) */
    const char *compile;        /* FILE: compile FILE.c with cc in the box first */
    const char *compile_out;    /* ... into this file (the box: FILE, in /rendu) */
    int compile_rpc;            /* ... with socklab's classic RPC (tp3.*) */
};

struct lc_ctx {
    const struct lc_check *check;
    const struct lc_options *opts;
    char *const *command;       /* the student's command (argv, NULL-terminated) */
    struct lc_verdict *verdict;
    struct lc_proc procs[LC_MAX_PROCS];
    int nprocs;
    double deadline;            /* of the whole check (monotonic seconds) */
    unsigned int seed;          /* for the random messages */
    unsigned short time_wait_port;  /* loopback: a port the student binds, held by
                                       connections in TIME-WAIT (0: none) */
    long time_wait_s;           /* the seconds they had left */
    void (*on_pump)(struct lc_ctx *ctx);   /* called by each lc_pump (lc_type_pending), or NULL */
};

/* A fixed course port a check needs (checked free on loopback). */
struct lc_port {
    int proto;                  /* SL_TCP or SL_UDP; 0 ends the list */
    unsigned short port;
    int student_binds;          /* the student's program binds it (no SO_REUSEADDR, maybe);
                                   else socklab's or labcheck's (SO_REUSEADDR) */
};

struct lc_check {
    const char *name;           /* "tp1.serveur" */
    const char *exercise;       /* "TP1 ex 1, 2.1-2.2" */
    const char *summary;        /* one line for -l */
    const char *handout;        /* "labs/tp1-tcp.md" */
    const char *file;           /* the exercise's file name for --batch: "serveur" */
    const char *titles[LC_MAX_VERIF + 1];  /* titles[N]: verification N (1, 2, ...: its
                                           check's enum), NULL after the last; [0] unused */
    struct lc_port ports[4];
    int (*run)(struct lc_ctx *ctx);     /* NULL: not written yet (à venir) */
};

/* The checks, in the order -l lists them (labcheck.c), NULL-terminated. */
extern const struct lc_check *const lc_checks[];
const struct lc_check *lc_find_check(const char *name);

/* The checks of each lab, each in its check_*.c beside the function that runs it. */
extern const struct lc_check lc_tp1_serveur, lc_tp1_client, lc_tp1_getsockname, lc_tp1_port62000,
    lc_tp1_boucle, lc_tp1_argv, lc_tp1_serveurudp, lc_tp1_clientudp, lc_chat_serveur,
    lc_chat_client, lc_tp2_serveur, lc_tp2_client, lc_ipv6_serveur, lc_ipv6_client,
    lc_ipv6_client4, lc_tp3_serveur, lc_tp3_client, lc_rpyc_serveur, lc_rpyc_client;

/* ---- run.c ---------------------------------------------------------------- */

/* Monotonic time in seconds. */
double lc_now(void);

/* Starts argv[0] (searched in PATH) in its own process group, in directory
 * dir (NULL: the current one), stdin, stdout and stderr on pipes, with
 * PYTHONUNBUFFERED=1; as the user of -u when student is non-zero. Returns
 * the process, or NULL (errno set; a program that cannot be executed is
 * started and exits 127 saying why on stderr). */
struct lc_proc *lc_spawn(struct lc_ctx *ctx, const char *label, char *const argv[],
                         const char *dir, int student);

/* A NULL-terminated list of arguments, written in place:
 * lc_spawn_peer(ctx, "tcp/tcp_client", LC_ARGS("60000", message)). */
#define LC_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Where socklab's program REL ("tcp/tcp_server") is: $LABCHECK_PEERS/REL or
 * $LABCHECK_PEERS/NAME, else next to labcheck's executable (/proc/self/exe):
 * DIR/../REL (the build tree) or DIR/NAME (installed). Writes into path
 * (size bytes); returns 0, or -1 when no executable file is found. */
int lc_peer_path(const char *rel, char *path, size_t size);

/* Whether path is a regular file (and executable, when executable_needed). */
int lc_is_file(const char *path, int executable_needed);

/* The folder of labcheck's own executable (/proc/self/exe), into dir.
 * Returns 0, or -1. */
int lc_self_dir(char *dir, size_t size);

/* Reads whatever the processes of ctx have written, waiting up to ms
 * milliseconds for something to happen, and reaps those that ended. */
void lc_pump(struct lc_ctx *ctx, int ms);

/* The remaining milliseconds before min(now + ms, the check's deadline). */
double lc_step_deadline(struct lc_ctx *ctx, long ms);

/* Pumps until cond(ctx, arg) is true or the time is at deadline (monotonic
 * seconds). cond is tried every 10 ms at most. Returns 1 or 0. */
int lc_wait_until(struct lc_ctx *ctx, double deadline,
                  int (*cond)(struct lc_ctx *ctx, void *arg), void *arg);

/* Pumps until p's standard output holds text, or p has ended (and what it
 * wrote was read), or deadline. Returns 1 when found. */
int lc_wait_output(struct lc_ctx *ctx, struct lc_proc *p, const char *text, double deadline);

/* Pumps until p has ended, or deadline. Returns 1 when it has ended. */
int lc_wait_exit(struct lc_ctx *ctx, struct lc_proc *p, double deadline);

/* Non-zero if p's standard output holds text. */
int lc_output_has(const struct lc_proc *p, const char *text);

/* Writes text then "\n" on p's standard input. Returns 0, or -1 (p does not
 * read it, or has ended). */
int lc_send_line(struct lc_ctx *ctx, struct lc_proc *p, const char *text);

/* Stops p: its whole process group gets SIGTERM, then SIGKILL 300 ms later
 * if any of it is left; p is reaped and its pipes read without waiting for
 * their end (a grandchild may hold them). Safe on an ended process: what is
 * left of its group (a forked child) is killed the same way. */
void lc_stop(struct lc_ctx *ctx, struct lc_proc *p);

/* Stops every process of ctx and frees their buffers. */
void lc_stop_all(struct lc_ctx *ctx);

/* Makes the caller the reaper of its orphaned descendants (Linux's
 * PR_SET_CHILD_SUBREAPER): a process of the student's that leaves its group
 * (setsid()) and whose parent ends becomes labcheck's child. Returns 0, or -1
 * (ENOSYS elsewhere: such a process then escapes). */
int lc_become_subreaper(void);

/* After lc_stop_all: kills and reaps the caller's children that are none of
 * ctx's processes (orphans that escaped their group, see lc_become_subreaper).
 * Returns how many there were (lc_note_student names them). */
int lc_stop_strays(void);

/* Calls found(pid, arg) for every live process whose parent is ppid (> 0;
 * any when < 0) or whose group is pgid (> 0) until it returns non-zero.
 * Returns 1 when it did (found NULL: when there is such a process), else 0. */
int lc_each_process(pid_t ppid, pid_t pgid, int (*found)(pid_t pid, void *arg), void *arg);

/* Records pid as the process of p that listens: the student's program
 * itself, even when a shell wrapper started it (sh -c 'cd dir; python3
 * srv.py'), with its executable. */
void lc_set_listener(struct lc_proc *p, pid_t pid);

/* Non-zero when holder, a process other than p's listener, is a copy of p's
 * program made by fork(): the same executable as the listener, or as its
 * own parent. A shell wrapper's child (another executable) is not. */
int lc_is_fork_of(const struct lc_proc *p, pid_t holder);

/* The last non-empty line p wrote on its standard error before labcheck
 * stopped it (at most size-1 bytes), or "". */
const char *lc_last_error_line(const struct lc_proc *p, char *text, size_t size);

/* ---- verdict.c ------------------------------------------------------------ */

/* Verification i (1, 2, ...: the check's enum, as the report numbers them) holds. */
void lc_pass(struct lc_ctx *ctx, int i);

/* Verification i fails; the message is the tutor's hint with what to try. */
void lc_fail(struct lc_ctx *ctx, int i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Verification i's state so far: LC_UNSET, LC_PASS or LC_FAIL. */
int lc_state(struct lc_ctx *ctx, int i);

/* Every verification not decided yet fails: "non vérifié : REASON". */
void lc_fail_rest(struct lc_ctx *ctx, const char *reason);

/* A remark printed after the verifications. */
void lc_note(struct lc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The check cannot run at all (a peer missing, a port taken). */
void lc_fatal(struct lc_ctx *ctx, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Number of verifications that hold. */
int lc_passed(const struct lc_verdict *verdict);


/* ---- report.c ------------------------------------------------------------- */

/* Prints the verdict in French (or TAP with opts->tap) on stdout. */
void lc_print_verdict(const struct lc_check *check, const struct lc_options *opts,
                      const struct lc_verdict *verdict);

/* ---- child.c: the child that runs a check --------------------------------- */

/* Runs check on command in a child process (in a private network namespace
 * when root, unless opts->loopback; on loopback after checking its ports are
 * free otherwise) and fills verdict. Returns 0, or -1 if the child could not
 * be made (errno set). */
int lc_run_isolated(const struct lc_check *check, const struct lc_options *opts,
                    char *const command[], struct lc_verdict *verdict);

/* The same, started only: returns the child's pid and the pipe to read the
 * verdict from (lc_collect), for batches run in parallel. */
pid_t lc_start_isolated(const struct lc_check *check, const struct lc_options *opts,
                        char *const command[], int *verdict_fd);

/* Reads the verdict of a child started by lc_start_isolated (blocking) and
 * reaps it. Returns 0, or -1 when the child died without a verdict. */
int lc_collect(pid_t pid, int verdict_fd, struct lc_verdict *verdict);

/* In the check's child, before the check: compiles opts->compile's FILE.c
 * with cc as the student's program (in the box, with its limits, stopped
 * whole after a time limit). Returns 0, or -1 with the fatal line recorded
 * (the compiler's first error). */
int lc_compile(struct lc_ctx *ctx);

/* ---- notes.c ---------------------------------------------------------------- */

/* After the check: remarks on what the student's program did besides (the
 * strays processes lc_stop_strays counted outside its group; a flood of output; a
 * limit reached; a signal; what labcheck typed; its stderr's last line). */
void lc_note_student(struct lc_ctx *ctx, int strays);

/* ---- observe.c: the socket table ------------------------------------------ */

/* A TCP or UDP socket matching what is asked: proto (SL_TCP, SL_UDP), family
 * (AF_INET, AF_INET6, 0: any), local port, remote port (0: any), state (0:
 * any). */
struct lc_sockq {
    int proto;
    int family;
    unsigned short local_port, remote_port;
    int state;
};

/* Describes into text ("LISTEN 127.0.0.1:60000") the first socket matching q,
 * returns 1, or 0 when there is none (-1 when /proc cannot be read). When
 * owner_pgid > 0, only sockets held by a process of that group count. Its
 * state goes to *state_out and the pid holding it to *owner_out (-1: none
 * visible), when not NULL. */
int lc_find_socket(const struct lc_sockq *q, pid_t owner_pgid, char *text, size_t size,
                   int *state_out, pid_t *owner_out);

/* Describes every TCP socket in LISTEN (or every UDP socket when proto is
 * SL_UDP) held by the process group pgid, ", "-separated, into text. Returns
 * how many. */
int lc_list_sockets(int proto, int listening_only, pid_t pgid, char *text, size_t size);

/* Whether a fixed port is free for a check on loopback: 0 when free, else 1
 * (a live socket) or 2 (only connections in TIME-WAIT that no server can
 * bind over, even with SO_REUSEADDR; they end within 60 s) with a description
 * of who holds it in text and the command to see it in hint; 3 when only
 * connections in TIME-WAIT hold it that a server with SO_REUSEADDR binds
 * over, not one without (the student's maybe). *time_wait_s (if not NULL):
 * the seconds left of the longest TIME-WAIT seen. */
int lc_port_taken(const struct lc_port *port, char *text, size_t size, char *hint,
                  size_t hint_size, long *time_wait_s);

/* ---- steps.c: steps the checks share ------------------------------------- */

/* How many times text appears in p's standard output so far. */
int lc_count_output(const struct lc_proc *p, const char *text);

/* One line across: sends line to from's standard input, and verification i
 * holds when expected appears in to's output within a step; else it fails
 * with the hint (a printf format). Returns 1 when it holds. */
int lc_expect_relay(struct lc_ctx *ctx, int i, struct lc_proc *from, const char *line,
                    struct lc_proc *to, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* "Bonjour-4821": prefix, a dash and a random number, into text. */
void lc_make_message(struct lc_ctx *ctx, const char *prefix, char *text, size_t size);

/* The port at the end of the first "PREFIX ADDR:PORT" (or "[ADDR]:PORT") in
 * p's output, e.g. prefix "Connected by " -> 41234. 0 when absent. */
unsigned short lc_port_after(const struct lc_proc *p, const char *prefix);

/* Waits for the student's server to listen on port (family AF_INET or
 * AF_INET6, the address shown as addr_text: "127.0.0.1:60000"), and records
 * verification i. Returns 1 when it listens. */
int lc_expect_listen(struct lc_ctx *ctx, struct lc_proc *student, int i, int family,
                     unsigned short port, const char *addr_text);

/* Starts one of socklab's servers (args as for lc_spawn_peer) and waits for
 * its "Listening on" line. Returns it, or NULL (fatal recorded). */
struct lc_proc *lc_start_server(struct lc_ctx *ctx, const char *program, const char *const args[]);

/* Verification i: the student's client connected to server (socklab's, which
 * prints "Connected by"); addr_text names where. Returns the client's port
 * as the server saw it, or 0 (failure recorded). */
unsigned short lc_expect_connect(struct lc_ctx *ctx, int i, struct lc_proc *server,
                                 struct lc_proc *student, const char *addr_text);

/* Verification i: the server side of the connection local_port <-> remote_port
 * is closed (gone, or TIME-WAIT) within a short while; who the server is is
 * said by what ("votre serveur"). Returns 1 when closed. */
int lc_expect_server_closed(struct lc_ctx *ctx, int i, struct lc_proc *student,
                            unsigned short local_port, unsigned short remote_port);

/* Verification i: the student's program ends by itself by deadline, with a
 * status from 0 to max_status (1 where a program may rightly report a failure,
 * such as a lost UDP reply; never a signal). what: "votre client". */
int lc_expect_exit(struct lc_ctx *ctx, int i, struct lc_proc *student, int max_status, const char *what,
                    const char *hint, double deadline);

/* Starts one of socklab's programs ("tcp/tcp_client") with its arguments
 * (a NULL-terminated list, LC_ARGS), found next to labcheck (see
 * lc_peer_path). Returns the process, or NULL after recording why in the
 * verdict's fatal line. */
struct lc_proc *lc_spawn_peer(struct lc_ctx *ctx, const char *program, const char *const args[]);

/* Starts the student's command, with the arguments extra appended (a
 * NULL-terminated list, or NULL for none). Returns the process or NULL
 * (fatal line recorded). */
struct lc_proc *lc_spawn_student(struct lc_ctx *ctx, const char *const extra[]);

/* "s'est terminé avec le code 1", "a été tué par le signal 11", ... into text. */
const char *lc_exit_text(const struct lc_proc *p, char *text, size_t size);

/* ---- keyboard.c: where a program waits, and what labcheck types ----------- */

/* What a process waits in, seen in /proc/PID/syscall (Linux). */
enum lc_wait {
    LC_WAIT_UNKNOWN = 0,        /* running, gone, or /proc says nothing */
    LC_WAIT_KEYBOARD = 1,       /* read() on its standard input: input(), fgets() */
    LC_WAIT_NETWORK = 2,        /* recv(), accept(), connect(), read() on a socket */
    LC_WAIT_OTHER = 3           /* anything else: poll(), select(), sleep(), wait() */
};

/* What p (or a process of its group: a shell wrapper's child) waits in,
 * keyboard first; the call's name ("recv()") into *name when not NULL.
 * Returns an enum lc_wait. */
int lc_waits_on(const struct lc_proc *p, const char **name);

/* "votre programme attend une saisie au clavier : input() ..." or "...
 * attend le réseau : recv()" into text, or "" when neither. */
const char *lc_wait_hint(const struct lc_proc *p, char *text, size_t size);

/* From now on, when p blocks reading its keyboard, labcheck types a line:
 * port (NULL: never) if what p printed since the last line (its prompt)
 * names the port, else message, and nothing once message is typed. */
void lc_type_when_asked(struct lc_proc *p, const char *port, const char *message);

/* ctx->on_pump, called by each lc_pump: types the lines of the programs that wait for them. */
void lc_type_pending(struct lc_ctx *ctx);

/* ---- privs.c -------------------------------------------------------------- */

/* Becomes user uid, group gid, with no other group (as root: the student's
 * program, -u). Returns 0, or -1 with errno set. */
int lc_become(uid_t uid, gid_t gid);

/* ---- netns.c -------------------------------------------------------------- */

/* Moves the calling process into a new network namespace with its loopback
 * interface up. Returns 0, or -1 with errno set (EPERM without root, ENOSYS
 * where the system has no network namespaces). */
int lc_netns_enter(void);

/* ---- box.c (Linux, root) ------------------------------------------------ */

/* The caller's next child starts a new pid namespace, of which it is pid 1,
 * and the caller is in a new IPC namespace (SysV memory, message queues).
 * Returns 0, or -1 (errno: EPERM without root, ENOSYS elsewhere). */
int lc_box_pidns(void);

/* The keeper dies (SIGKILL) when its parent does: labcheck killing a check
 * that overran its time ends every process of the check. */
void lc_box_die_with_parent(void);

/* In the check's pid 1: a mount namespace of its own, private, with a fresh
 * /proc (the namespace's pids), an empty /run (no rpcbind.sock, no D-Bus of
 * the machine's), /dev/shm and /var/tmp empty, and /tmp the machine's with
 * every write kept apart (overlay; disk_mib at most), thrown away after.
 * Returns 0, or -1 (errno set). */
int lc_box_mounts(long disk_mib);

/* In the check's pid 1, after lc_box_mounts: the box's root at opts->box_dir: the system read-only, a
 * private /tmp, the copy of opts->workdir at /rendu owned by the box's user.
 * Returns 0, or -1 with the reason, in French, in problem. */
int lc_box_build(const struct lc_options *opts, char *problem, size_t size);

/* In a student's child, before exec: into the box's root, cd /rendu, the
 * box's user, a clean environment. Returns 0, or -1 (errno set). */
int lc_box_enter(const struct lc_options *opts);

/* In the check's pid 1: kills every other process of the namespace and reaps
 * them, until none is left. Returns how many were alive. */
int lc_box_sweep(void);

/* In the check's child, before the keeper: cgroups of the check's own where
 * the machine has them (v2, or v1's memory and pids), bounding the whole box:
 * memory (--mem, plus twice --disk for its tmpfs, plus 64 MiB for labcheck
 * and the peers) and processes (--procs + 32). Returns how many were made
 * (0: none, the limits stay setrlimit's alone). */
int lc_box_cgroup_enter(const struct lc_limits *limits);

/* After the keeper: the check's child leaves its cgroups and removes them. */
void lc_box_cgroup_leave(void);

/* Non-zero when the box's memory cgroup hit its limit (the kernel killed). */
int lc_box_cgroup_oom(void);

/* A box's uid that no process runs as, nor any of taken (bit j: LC_BOX_UID
 * + j, the running checks of the batch). */
uid_t lc_box_free_uid(unsigned long long taken);

/* Whether boxes can be made here: pid and mount namespaces (and a network
 * one when network), tried in a child. Returns 0, or -1 (errno: EPERM in a
 * container without privileges, ENOSYS elsewhere). */
int lc_box_works(int network);

/* Closes every descriptor from lowest up. */
void lc_close_from(int lowest);

/* ---- limits.c -------------------------------------------------------------- */

/* The defaults: 10 s of processor, 512 MiB, 64 processes, files of 64 MiB,
 * 256 open files, 64 MiB of disk. */
void lc_default_limits(struct lc_limits *limits);

/* The processes of user uid running now (/proc), counted up to enough; 0 when
 * /proc cannot be read. */
long lc_user_processes(uid_t uid, long enough);

/* In a student's child, before exec: the limits. own_user: the processes
 * limit counts a user of the student's program alone (the box's); else the
 * account's processes running now are allowed on top. Returns 0, or -1. */
int lc_apply_limits(const struct lc_limits *limits, int own_user);


/* ---- batch.c -------------------------------------------------------------- */

/* --batch DIR CHECK [--csv FILE] [-j JOBS]: prints the class's table. Returns
 * the exit status: 0 all pass, 1 otherwise. */
int lc_batch(const struct lc_check *check, const struct lc_options *opts, const char *dir,
             const char *csv_path, long jobs);


/* ---- platform.c: grading platforms (Moodle VPL) --------------------------- */

/* The grade's range: VPL's minimum and maximum. */
struct lc_grade_range {
    double min, max;
};

/* The range of --vpl's grade: minimum VPL_GRADEMIN (else 0), maximum
 * grade_max (--grade-max), else VPL_GRADEMAX, else 10. Returns 0, or 2 after
 * a usage error naming the bad value. */
int lc_vpl_range(const char *usage, const char *grade_max, struct lc_grade_range *range);

/* Prints verdict in VPL's evaluation format on stdout: one "Comment :=>>"
 * title per verification (its hint under a failure), the remarks, the
 * summary, then the grade on the last line, "Grade :=>> 7.50". */
void lc_print_vpl(const struct lc_check *check, const struct lc_verdict *verdict,
                  const struct lc_grade_range *range);

/* The check could not run (verdict->fatal): comments saying why, no grade. */
void lc_print_vpl_fatal(const struct lc_check *check, const struct lc_verdict *verdict);

/* Linux: makes labcheck (and the children it forks, not those it execs)
 * non-dumpable, so a student's program of the same user cannot open
 * labcheck's standard output through /proc/PID/fd. Elsewhere, nothing. */
void lc_keep_output_private(void);

#endif
