/*
 * box.c - the box a submission runs in (Linux, root): labcheck's sandbox.
 *
 * Graders of untrusted code (IOI's isolate, nsjail, bubblewrap, Moodle VPL's
 * jail) agree on the shape, and labcheck follows it with plain system calls:
 *
 *   labcheck ── fork ── check child: unshare(CLONE_NEWPID)
 *                          └─ fork ── keeper, pid 1 of a new pid namespace:
 *                               unshare(CLONE_NEWNET)  its own loopback (netns.c)
 *                               unshare(CLONE_NEWNS)   its own mounts, private
 *                               a fresh /proc, an empty /run (no rpcbind.sock,
 *                               no D-Bus of the machine's)
 *                               the box's root, built on a tmpfs (lc_box_build):
 *                                 /usr /bin /sbin /lib* /etc   read-only, nosuid
 *                                 /dev   null zero full random urandom, nothing else
 *                                 /proc  the namespace's own
 *                                 /tmp   a small tmpfs of its own (--disk)
 *                                 /rendu a private copy of the submission (--disk),
 *                                        owned by the box's user, thrown away after
 *                               peers (socklab's servers) run as root beside it,
 *                               outside the box's root
 *                               the student's program (lc_box_enter): chroot into
 *                               the box's root, cd /rendu, a uid/gid of its own
 *                               (LC_BOX_UID + job: one per concurrent check, as
 *                               isolate's boxes), no other group, a clean
 *                               environment, a new session with no terminal
 *                               (run.c), no descriptor but its three pipes,
 *                               setrlimit limits (limits.c)
 *
 * Nothing of the machine's, of the instructor's or of a classmate's is in the
 * box's root: not /root, /home, /srv, the class's folder, socklab's tree, the
 * CSV. When the keeper ends, the kernel kills every process left in its pid
 * namespace, whatever it did (setsid, double fork, a fork bomb): nothing
 * survives a check. The keeper sweeps them itself first to count them.
 *
 * The only file of labcheck with Linux's namespaces and mounts: its feature
 * macro stays here. Elsewhere lc_box_* fail with ENOSYS and --batch refuses
 * to run unsafely (unless --unsafe).
 */
#define _GNU_SOURCE   /* unshare(), mount(), chroot(), setgroups(): Linux, this file only */

#include "common.h"
#include "labcheck.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

#define COPY_DEPTH 16           /* folders inside folders in a submission */

static char box_root[96];       /* the keeper's: where the box's root is mounted */

int lc_box_pidns(void)
{
    /* SysV shared memory and message queues of its own too: nothing of a
     * submission's stays in the machine's memory, nor passes to a classmate. */
    return unshare(CLONE_NEWPID | CLONE_NEWIPC);
}

void lc_box_die_with_parent(void)
{
    /* (Its parent is outside its pid namespace: getppid() says 0, it cannot
     * be asked; the parent waits for it, so it is there.) */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L);
}

/* Mounts a tmpfs of size MiB at path (options: mode and owner). */
static int mount_tmpfs(const char *path, long mib, const char *extra)
{
    char options[128];

    snprintf(options, sizeof options, "size=%ldm,nr_inodes=%ld,%s", mib, 1024 + mib * 64, extra);
    return mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, options);
}

/* Binds the system's folder (or file) src read-only and nosuid at the same
 * place under the box's root; a symbolic link (/bin -> usr/bin) is copied. */
static int bind_system(const char *src)
{
    char dst[PATH_MAX], target[PATH_MAX];
    struct stat st;
    ssize_t length;

    if (lstat(src, &st) < 0)
        return errno == ENOENT ? 0 : -1;    /* /lib32 and the like: not everywhere */
    snprintf(dst, sizeof dst, "%s%s", box_root, src);
    if (S_ISLNK(st.st_mode)) {
        length = readlink(src, target, sizeof target - 1);
        if (length < 0)
            return -1;
        target[length] = '\0';
        return symlink(target, dst);
    }
    if (S_ISDIR(st.st_mode) ? mkdir(dst, 0755) < 0 && errno != EEXIST
                            : close(open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0)
        return -1;
    if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
        return -1;
    return mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID, NULL);
}

/* /dev of the box: the harmless devices only (no terminal, no disk). */
static int build_dev(void)
{
    static const char *const devices[] = { "null", "zero", "full", "random", "urandom" };
    static const char *const links[][2] = {
        { "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
        { "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
    };
    char path[PATH_MAX];

    snprintf(path, sizeof path, "%s/dev", box_root);
    if (mkdir(path, 0755) < 0 || mount_tmpfs(path, 1, "mode=0755") < 0)
        return -1;
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        char src[64];

        snprintf(src, sizeof src, "/dev/%s", devices[i]);
        snprintf(path, sizeof path, "%s/dev/%s", box_root, devices[i]);
        if (close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666)) < 0 ||
            mount(src, path, NULL, MS_BIND, NULL) < 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(path, sizeof path, "%s/dev/%s", box_root, links[i][1]);
        if (symlink(links[i][0], path) < 0)
            return -1;
    }
    snprintf(path, sizeof path, "%s/dev/shm", box_root);
    return mkdir(path, 01777) < 0 ? -1 : mount_tmpfs(path, 8, "mode=1777");
}

/* Copies the file name (in folder from) to folder to, owned by uid:gid.
 * Symbolic links are copied as links, never followed; devices and pipes are
 * left out. Returns 0, or -1 (errno: ENOSPC when the copy is too big). */
static int copy_entry(int from, int to, const char *name, uid_t uid, gid_t gid, int depth);

static int copy_tree(int from, int to, uid_t uid, gid_t gid, int depth)
{
    DIR *folder;
    const struct dirent *entry;
    int status = 0, fd = dup(from);

    if (fd < 0 || (folder = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    while (status == 0 && (entry = readdir(folder)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            status = copy_entry(from, to, entry->d_name, uid, gid, depth);
    closedir(folder);
    return status;
}

/* Writes all of data on fd. Returns 0, or -1. */
static int write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t put = write(fd, data, length);

        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return -1;
        data += put;
        length -= (size_t)put;
    }
    return 0;
}

static int copy_file(int in, int to, const char *name, mode_t mode, uid_t uid, gid_t gid)
{
    char chunk[65536];
    int out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     mode & 0755);
    ssize_t got;
    int status = 0;

    if (out < 0)
        return -1;
    while (status == 0 && (got = read(in, chunk, sizeof chunk)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        status = got < 0 || write_all(out, chunk, (size_t)got) < 0 ? -1 : 0;
    }
    if (status == 0 && fchown(out, uid, gid) < 0)
        status = -1;
    if (close(out) < 0)
        status = -1;
    return status;
}

static int copy_entry(int from, int to, const char *name, uid_t uid, gid_t gid, int depth)
{
    struct stat st;
    char target[PATH_MAX];
    ssize_t length;
    int in, status;

    if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return -1;
    if (S_ISLNK(st.st_mode)) {
        length = readlinkat(from, name, target, sizeof target - 1);
        if (length < 0)
            return -1;
        target[length] = '\0';
        if (symlinkat(target, to, name) < 0)
            return -1;
        return fchownat(to, name, uid, gid, AT_SYMLINK_NOFOLLOW);
    }
    if (!S_ISREG(st.st_mode) && !(S_ISDIR(st.st_mode) && depth < COPY_DEPTH))
        return 0;                       /* a device, a pipe, a socket: not copied */
    if (S_ISREG(st.st_mode) && st.st_nlink > 1 && !(st.st_mode & S_IROTH))
        return 0;                       /* a hard link to a private file (/etc/shadow) */
    in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
                (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
    if (in < 0 || fstat(in, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) ||
        (S_ISREG(st.st_mode) && st.st_nlink > 1 && !(st.st_mode & S_IROTH))) {
        if (in >= 0)
            close(in);
        return in < 0 && errno != ELOOP ? -1 : 0;   /* swapped meanwhile: left out */
    }
    if (S_ISREG(st.st_mode)) {
        status = copy_file(in, to, name, st.st_mode, uid, gid);
    } else {
        int sub = -1;

        status = mkdirat(to, name, 0700) < 0 ? -1 : 0;
        if (status == 0 && (sub = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                                         O_CLOEXEC)) < 0)
            status = -1;
        if (status == 0)
            status = copy_tree(in, sub, uid, gid, depth + 1);
        if (status == 0 && fchown(sub, uid, gid) < 0)
            status = -1;
        if (sub >= 0)
            close(sub);
    }
    close(in);
    return status;
}

/* Copies the socklab files the slides' RPC needs to compile (tp3.*) into the
 * box's /labcheck, read-only for the student: the classic headers, socklab's
 * codec header, the two libraries, and the slides' xdr_exemple.c and exemple.h. */
static int copy_rpc_kit(const char *tree)
{
    static const char *const files[] = {
        "rpc/xdr.h", "rpc/classic/rpc/rpc.h", "rpc/classic/rpc/types.h",
        "rpc/classic/rpc/xdr.h", "rpc/librpc.a", "rpc/librpcclassic.a",
        "labs/tp3/xdr_exemple.c", "labs/tp3/exemple.h",
    };
    static const char *const folders[] = { "", "/rpc", "/rpc/classic", "/rpc/classic/rpc",
                                           "/labs", "/labs/tp3" };
    char path[PATH_MAX];
    int src, dst, status = 0;

    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        snprintf(path, sizeof path, "%s/labcheck%s", box_root, folders[i]);
        if (mkdir(path, 0755) < 0)
            return -1;
    }
    for (size_t i = 0; status == 0 && i < sizeof files / sizeof files[0]; i++) {
        const char *slash = strrchr(files[i], '/');

        snprintf(path, sizeof path, "%s/%s", tree, files[i]);
        src = open(path, O_RDONLY | O_CLOEXEC);
        snprintf(path, sizeof path, "%s/labcheck/%.*s", box_root, (int)(slash - files[i]),
                 files[i]);
        dst = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        status = src < 0 || dst < 0 ? -1 : copy_file(src, dst, slash + 1, 0644, 0, 0);
        if (src >= 0)
            close(src);
        if (dst >= 0)
            close(dst);
    }
    return status;
}

int lc_box_mounts(long disk_mib)
{
    if (unshare(CLONE_NEWNS) < 0 ||
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0 ||
        mount_tmpfs("/run", disk_mib, "mode=0755") < 0)
        return -1;
    /* /tmp as the machine's, read-only underneath: what the check's programs
     * write there goes to the namespace's /run, thrown away with it. */
    if (mkdir("/run/.tmp-upper", 0755) < 0 || mkdir("/run/.tmp-work", 0755) < 0 ||
        chmod("/run/.tmp-upper", 01777) < 0 ||
        mount("overlay", "/tmp", "overlay", MS_NOSUID | MS_NODEV,
              "lowerdir=/tmp,upperdir=/run/.tmp-upper,workdir=/run/.tmp-work") < 0)
        sl_trace("no overlay on /tmp (%s): the machine's /tmp is shared", strerror(errno));
    if (mount_tmpfs("/dev/shm", 8, "mode=1777") < 0 ||
        (access("/var/tmp", F_OK) == 0 && mount_tmpfs("/var/tmp", disk_mib, "mode=1777") < 0))
        return -1;
    return 0;
}

/* The box's /proc (the namespace's, hidepid) and its /tmp (--disk). */
static int build_proc_tmp(const struct lc_options *opts)
{
    char path[PATH_MAX];

    snprintf(path, sizeof path, "%s/proc", box_root);
    if (mkdir(path, 0555) < 0 ||
        mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0)
        return -1;
    snprintf(path, sizeof path, "%s/tmp", box_root);
    if (mkdir(path, 01777) < 0)
        return -1;
    return mount_tmpfs(path, opts->limits.disk_mib, "mode=1777");
}

/* /rendu: a tmpfs of the box's user (--disk), and the submission (the folder
 * source, -1 for none) copied into it. */
static int build_copy(const struct lc_options *opts, int source)
{
    char path[PATH_MAX], owner[64];
    int copy, status;

    snprintf(path, sizeof path, "%s/rendu", box_root);
    snprintf(owner, sizeof owner, "mode=0700,uid=%ld,gid=%ld", (long)opts->box_uid,
             (long)opts->box_gid);
    if (mkdir(path, 0755) < 0 || mount_tmpfs(path, opts->limits.disk_mib, owner) < 0 ||
        (copy = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return -1;
    status = source < 0 ? 0 : copy_tree(source, copy, opts->box_uid, opts->box_gid, 0);
    close(copy);
    return status;
}

int lc_box_build(const struct lc_options *opts, char *problem, size_t size)
{
    static const char *const system_dirs[] = {
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc",
    };
    int source = -1, status = -1;
    const char *step = "mount";

    if (opts->box_dir == NULL) {
        snprintf(problem, size, "la boîte n'a pas pu être faite (mkdtemp) : %s", strerror(errno));
        return -1;
    }
    snprintf(box_root, sizeof box_root, "%s", opts->box_dir);
    /* The submission is opened before anything is mounted over its path. */
    if (opts->workdir != NULL &&
        (source = open(opts->workdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
        snprintf(problem, size, "dossier du rendu illisible : %s", strerror(errno));
        return -1;
    }
    if (mount_tmpfs(box_root, 1, "mode=0755") < 0)
        goto out;
    step = "system";
    for (size_t i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++)
        if (bind_system(system_dirs[i]) < 0)
            goto out;
    step = "dev";
    if (build_dev() < 0)
        goto out;
    step = "proc, tmp";
    if (build_proc_tmp(opts) < 0)
        goto out;
    step = "copy";
    if (build_copy(opts, source) < 0)
        goto out;
    step = "rpc";
    if (opts->compile_rpc && copy_rpc_kit(opts->tree) < 0)
        goto out;
    step = "root";
    status = mount(NULL, box_root, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                   "size=1m,mode=0755");
out:
    if (status < 0 && strcmp(step, "copy") == 0 && errno == ENOSPC)
        snprintf(problem, size, "le rendu dépasse la limite de disque (%ld Mio, --disk)",
                 opts->limits.disk_mib);
    else if (status < 0)
        snprintf(problem, size, "la boîte n'a pas pu être faite (%s) : %s", step,
                 strerror(errno));
    if (source >= 0)
        close(source);
    return status;
}

int lc_box_enter(const struct lc_options *opts)
{
    static char pmap[64];
    static char *environment[] = {
        "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/rendu", "TMPDIR=/tmp", "LANG=C.UTF-8",
        "PYTHONUNBUFFERED=1", "PYTHONDONTWRITEBYTECODE=1", "USER=etudiant", NULL, NULL,
    };
    const char *port = getenv("SOCKLAB_PMAP_PORT");

    if (port != NULL) {                 /* labcheck's own: where its portmapper is (tp3) */
        snprintf(pmap, sizeof pmap, "SOCKLAB_PMAP_PORT=%.20s", port);
        environment[7] = pmap;
    }

    if (chroot(box_root) < 0 || chdir("/rendu") < 0)
        return -1;
    if (setgroups(1, &opts->box_gid) < 0 || setgid(opts->box_gid) < 0 ||
        setuid(opts->box_uid) < 0)
        return -1;
    if (setuid(0) == 0) {               /* never: root is gone for good */
        errno = EPERM;
        return -1;
    }
    environ = environment;
    return 0;
}

/* ---- the box's cgroups: memory and processes of the whole box ----------- */

static char cgroup_dirs[2][PATH_MAX - 64]; /* the check's own, one per hierarchy */
static char cgroup_bases[2][PATH_MAX];  /* where the check's child was before */
static int cgroup_count;

static int write_text(const char *dir, const char *name, long long value)
{
    char path[PATH_MAX + 64], text[32];
    int fd, length, status;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    length = snprintf(text, sizeof text, "%lld", value);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    status = write(fd, text, (size_t)length) == length ? 0 : -1;
    return close(fd) < 0 ? -1 : status;
}

/* One hierarchy: dir made under base, its limits written, the caller in it. */
static int cgroup_join(const char *base, const char *const files[2], const long long limits[2])
{
    char *dir = cgroup_dirs[cgroup_count];

    snprintf(dir, sizeof cgroup_dirs[0], "%s/labcheck.%d", base, (int)getpid());
    if (mkdir(dir, 0755) < 0)
        return -1;
    for (int i = 0; i < 2; i++)
        if (files[i] != NULL && write_text(dir, files[i], limits[i]) < 0) {
            rmdir(dir);
            return -1;
        }
    if (write_text(dir, "cgroup.procs", (long long)getpid()) < 0) {
        rmdir(dir);
        return -1;
    }
    snprintf(cgroup_bases[cgroup_count++], PATH_MAX, "%s", base);
    return 0;
}

int lc_box_cgroup_enter(const struct lc_limits *limits)
{
    long long memory = ((long long)limits->mem_mib + 2 * limits->disk_mib + 64) << 20;
    long long both[2] = { memory, limits->procs + 32 };

    cgroup_count = 0;
    if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0) {      /* v2, unified */
        static const char *const files[2] = { "memory.max", "pids.max" };

        cgroup_join("/sys/fs/cgroup", files, both);
    } else {                                                            /* v1 */
        static const char *const memory_files[2] = { "memory.limit_in_bytes", NULL };
        static const char *const pids_files[2] = { "pids.max", NULL };
        long long one[2] = { both[1], 0 };

        cgroup_join("/sys/fs/cgroup/memory", memory_files, both);
        cgroup_join("/sys/fs/cgroup/pids", pids_files, one);
    }
    return cgroup_count;
}

void lc_box_cgroup_leave(void)
{
    for (int i = 0; i < cgroup_count; i++) {
        write_text(cgroup_bases[i], "cgroup.procs", (long long)getpid());
        /* Its last processes are reaped already; the kernel may take a moment. */
        for (int tries = 0; rmdir(cgroup_dirs[i]) < 0 && errno == EBUSY && tries < 200; tries++) {
            struct timespec pause = { 0, 10 * 1000 * 1000 };

            nanosleep(&pause, NULL);
        }
    }
    cgroup_count = 0;
}

int lc_box_cgroup_oom(void)
{
    char path[sizeof cgroup_dirs + 32], text[256];
    int found = 0;

    for (int i = 0; i < cgroup_count && !found; i++) {
        int v2 = strstr(cgroup_dirs[i], "/memory/") == NULL;
        ssize_t got;
        int fd;

        snprintf(path, sizeof path, "%s/%s", cgroup_dirs[i], v2 ? "memory.events" : "memory.failcnt");
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        got = read(fd, text, sizeof text - 1);
        close(fd);
        text[got > 0 ? got : 0] = '\0';
        if (v2) {
            const char *kill = strstr(text, "oom_kill ");
            found = kill != NULL && strtol(kill + 9, NULL, 10) > 0;
        } else {
            found = strtol(text, NULL, 10) > 0;
        }
    }
    return found;
}

uid_t lc_box_free_uid(unsigned long long taken)
{
    for (uid_t uid = LC_BOX_UID; uid < LC_BOX_UID + LC_BOX_UIDS; uid++)
        if ((uid - LC_BOX_UID >= 64 || !(taken & (1ull << (uid - LC_BOX_UID)))) && lc_user_processes(uid, 1) == 0)
            return uid;
    return LC_BOX_UID;                  /* all in use: the pid namespaces still part them */
}

int lc_box_works(int network)
{
    int status = 1, flags = CLONE_NEWPID | CLONE_NEWNS | (network ? CLONE_NEWNET : 0);
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {                     /* as a check's child would, then its pid 1 */
        pid_t inner;

        if (unshare(flags) < 0)
            _exit(errno);
        inner = fork();
        if (inner == 0)
            _exit(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
                  mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0
                  ? 0 : errno);
        while (inner > 0 && waitpid(inner, &status, 0) < 0 && errno == EINTR)
            continue;
        _exit(inner > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : errno);
    }
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    errno = pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
    return -1;
}

int lc_box_sweep(void)
{
    int count = 0, status;
    pid_t pid;

    /* As the namespace's pid 1, kill(-1) reaches every other process of it,
     * however it forked or which session it made; repeated until none is left. */
    for (int round = 0; round < 1000; round++) {
        if (kill(-1, SIGKILL) < 0 && errno == ESRCH)
            break;
        while ((pid = waitpid(-1, &status, 0)) > 0)
            count++;
        if (pid < 0 && errno == ECHILD)
            break;
    }
    while (waitpid(-1, &status, WNOHANG) > 0)
        count++;
    return count;
}

void lc_close_from(int lowest)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowest, ~0u, 0) == 0)
        return;
#endif
    for (long fd = lowest, top = sysconf(_SC_OPEN_MAX); fd < (top > 0 ? top : 1024); fd++)
        close((int)fd);
}

#else

int lc_box_pidns(void)
{
    errno = ENOSYS;
    return -1;
}

void lc_box_die_with_parent(void)
{
}

int lc_box_cgroup_enter(const struct lc_limits *limits)
{
    (void)limits;
    return 0;
}

void lc_box_cgroup_leave(void)
{
}

int lc_box_cgroup_oom(void)
{
    return 0;
}

int lc_box_build(const struct lc_options *opts, char *problem, size_t size)
{
    (void)opts;
    snprintf(problem, size, "pas de boîte sur ce système (espaces de noms Linux)");
    errno = ENOSYS;
    return -1;
}

int lc_box_enter(const struct lc_options *opts)
{
    (void)opts;
    errno = ENOSYS;
    return -1;
}

int lc_box_mounts(long disk_mib)
{
    (void)disk_mib;
    errno = ENOSYS;
    return -1;
}

uid_t lc_box_free_uid(unsigned long long taken)
{
    (void)taken;
    return LC_BOX_UID;
}

int lc_box_works(int network)
{
    (void)network;
    errno = ENOSYS;
    return -1;
}

int lc_box_sweep(void)
{
    return 0;
}

void lc_close_from(int lowest)
{
    for (long fd = lowest, top = sysconf(_SC_OPEN_MAX); fd < (top > 0 ? top : 1024); fd++)
        close((int)fd);
}

#endif
