/*
 * rpc_server.c - the server runtime: the server (create, register,
 * destroy) and its one event loop. See rpc_server.h for the contracts and
 * svc_private.h for the files below this one (stream connections, UDP,
 * sockets, tables).
 *
 * The loop is one turn, repeated: wait until a socket is ready, serve what
 * is ready, then the checks that do not depend on how the wait was done
 * (the accept pause, written once below, and the idle clients). How the
 * loop waits is a backend:
 *   - Linux: ppoll(), with SIGINT and SIGTERM let in only during the wait,
 *     and a timerfd in the poll array's first slot for the idle checks, so
 *     the wait needs no timeout (arming a timer at every wait costs a few
 *     per cent of the call rate);
 *   - anywhere else (and when the first cannot start): poll(), woken at
 *     least once a second for the stop request and the idle checks.
 * Both watch the same poll array (svc_private.h), so the rest of the
 * runtime does not know which one runs.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE     /* ppoll() and timerfd: the Linux wait backend */
#endif
#include "svc_private.h"
#include "fdclock.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <signal.h>
#include <sys/timerfd.h>
#define LINUX_WAIT 1    /* ppoll() with no timeout, a timerfd for idle checks */
#endif

#define ACCEPT_PAUSE_MS   1000     /* out of descriptors: accept again after this */
#define IDLE_CHECK_MS     1000     /* idle clients are looked for this often */

/* ---- creating, registering ----------------------------------------------- */

struct rpc_server *rpc_server_create(void)
{
    struct rpc_server *srv = calloc(1, sizeof *srv);

    if (srv == NULL || (srv->dispatch = rpc_dispatch_create()) == NULL) {
        free(srv);
        errno = ENOMEM;
        return NULL;
    }
    srv->timer_fd = -1;
    if (svc_table_reserve_pollfds(srv, 1) < 0) {
        rpc_dispatch_destroy(srv->dispatch);
        free(srv);
        return NULL;
    }
    srv->limits.max_record = RPC_REC_DEFAULT_MAX;
    srv->limits.max_connections = 1000;
    srv->limits.idle_timeout_ms = 120000;
    srv->last_idle_check = sl_now_ms();
    return srv;
}

void rpc_server_destroy(struct rpc_server *srv)
{
    if (srv == NULL)
        return;
    svc_table_free(srv);
    if (srv->timer_fd >= 0)
        close(srv->timer_fd);
    rpc_dispatch_destroy(srv->dispatch);
    free(srv);
}

struct rpc_server_limits *rpc_server_limits(struct rpc_server *srv)
{
    return &srv->limits;
}

void rpc_server_set_log(struct rpc_server *srv,
                        void (*log)(void *ctx, const char *line), void *ctx,
                        bool verbose)
{
    srv->verbose = verbose;
    rpc_dispatch_set_log(srv->dispatch, log, ctx);
}

void rpc_server_set_trace(struct rpc_server *srv, rpc_trace_fn trace, void *ctx)
{
    rpc_dispatch_set_trace(srv->dispatch, trace, ctx);
}

struct rpc_dispatch *rpc_server_dispatch(struct rpc_server *srv)
{
    return srv->dispatch;
}

int rpc_server_register(struct rpc_server *srv, uint32_t prog, uint32_t vers,
                        const struct rpc_proc *procs, size_t nprocs,
                        void *context)
{
    return rpc_dispatch_register(srv->dispatch, prog, vers, procs, nprocs, context);
}

int rpc_server_unregister(struct rpc_server *srv, uint32_t prog, uint32_t vers)
{
    return rpc_dispatch_unregister(srv->dispatch, prog, vers);
}

unsigned rpc_server_connections(const struct rpc_server *srv)
{
    return (unsigned)srv->nconns;
}

/* ---- the accept pause ------------------------------------------------------ */

/* Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): the client
 * stays in the listen queue and the listener stays readable, so trying again
 * at once would spin (and log) without end. Stop watching every listener for
 * ACCEPT_PAUSE_MS instead, with one log line; resume_accepting() starts again. */
static void pause_accepting(struct rpc_server *srv, int err)
{
    for (size_t e = 0; e < srv->nendpoints; e++)
        if (srv->endpoints[e].transport != RPC_UDP)
            srv->pfds[e].events = 0;
    srv->accept_paused_until = sl_now_ms() + ACCEPT_PAUSE_MS;
    log_line(srv, "accept: %s: new clients wait in the listen queue, next try in %d s",
             strerror(err), ACCEPT_PAUSE_MS / 1000);
}

/* Watches the listeners again once the pause is over. */
static void resume_accepting(struct rpc_server *srv, long long now)
{
    if (srv->accept_paused_until == 0 || now < srv->accept_paused_until)
        return;
    for (size_t e = 0; e < srv->nendpoints; e++)
        if (srv->endpoints[e].transport != RPC_UDP)
            srv->pfds[e].events = POLLIN;
    srv->accept_paused_until = 0;
}

/* Milliseconds until the accept pause ends (at least 1), or -1 if none. */
static int accept_pause_left(const struct rpc_server *srv)
{
    long long left;

    if (srv->accept_paused_until == 0)
        return -1;
    left = srv->accept_paused_until - sl_now_ms();
    return left < 1 ? 1 : (int)left;
}

/* ---- one turn of the loop ---------------------------------------------------- */

/* Closes the connections silent for longer than the idle timeout. */
static void close_idle(struct rpc_server *srv, long long now)
{
    srv->last_idle_check = now;
    if (srv->limits.idle_timeout_ms <= 0)
        return;
    for (size_t i = srv->nconns; i-- > 0;) {
        struct connection *c = srv->conns[i];

        if (now - c->last_active >= srv->limits.idle_timeout_ms) {
            log_line(srv, "closing idle connection from %s (silent for %d s)",
                     c->peer_text, srv->limits.idle_timeout_ms / 1000);
            svc_table_close_connection(srv, i);
        }
    }
}

/* Serves every socket the wait reported as ready in srv->pfds, after the
 * timer's tick. */
static void serve_ready(struct rpc_server *srv)
{
    size_t nendpoints = srv->nendpoints;

    if (srv->poll_set[0].revents != 0) {
        uint64_t ticks;

        srv->poll_set[0].revents = 0;
        if (read(srv->timer_fd, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
            log_line(srv, "idle timer: %s", strerror(errno));
        close_idle(srv, sl_now_ms());
    }
    /* Connections from the last: a closed one is replaced by the last,
     * already served; new ones (appended by accept) wait for next turn. */
    for (size_t i = srv->nconns; i-- > 0;) {
        short revents = srv->pfds[nendpoints + i].revents;

        if (revents == 0)
            continue;
        srv->pfds[nendpoints + i].revents = 0;
        if (svc_vc_serve(srv, i, revents) < 0)
            svc_table_close_connection(srv, i);
    }
    for (size_t e = 0; e < nendpoints; e++) {
        const struct endpoint *ep = &srv->endpoints[e];

        if (srv->pfds[e].revents == 0)
            continue;
        srv->pfds[e].revents = 0;
        if (ep->transport == RPC_UDP)
            svc_dg_serve(srv, ep);
        else if (svc_vc_accept(srv, ep) < 0)
            pause_accepting(srv, errno);
    }
}

/* The shorter of two timeouts in ms, -1 meaning none. */
static int shorter(int a, int b)
{
    return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* What a wait backend keeps while the loop runs (on rpc_server_run()'s
 * stack): the server, and on Linux the signal masks, SIGINT and SIGTERM
 * blocked while calls are served (before: the mask to restore) and let in
 * only inside ppoll() (waiting), atomically, so a Ctrl-C is never missed
 * between the stop() check and the wait. */
struct wait_state {
    struct rpc_server *srv;
#ifdef LINUX_WAIT
    sigset_t before, waiting;
#endif
};

/* How the loop waits (see the top of this file). start() prepares the
 * backend and returns 0, or -1 if it cannot run here (then the next one in
 * backends[] is tried); wait() is poll() on the server's poll_set, at most
 * timeout_ms (-1: no limit); finish() undoes start(). run_timeout_ms is
 * what rpc_server_run() asks each wait for: -1 when a stop request always
 * wakes the wait, else how often stop() is looked at. */
struct wait_backend {
    int (*start)(struct wait_state *ws);
    int (*wait)(struct wait_state *ws, int timeout_ms);
    void (*finish)(struct wait_state *ws);
    int run_timeout_ms;
};

/* One turn, whatever the backend: waits at most timeout_ms (shortened to
 * the end of an accept pause, and, without an idle timer, to the next idle
 * check), serves what is ready, resumes accepting, checks idle clients.
 * Returns what the wait returned (-1 with errno, EINTR included). */
static int serve_turn(struct wait_state *ws, const struct wait_backend *backend,
                      int timeout_ms)
{
    struct rpc_server *srv = ws->srv;
    long long now;
    int ready;

    if (srv->timer_fd < 0 && srv->limits.idle_timeout_ms > 0 && srv->nconns > 0)
        timeout_ms = shorter(timeout_ms, IDLE_CHECK_MS);
    timeout_ms = shorter(timeout_ms, accept_pause_left(srv));
    ready = backend->wait(ws, timeout_ms);
    if (ready < 0)
        return -1;
    if (ready > 0)
        serve_ready(srv);
    now = sl_now_ms();
    resume_accepting(srv, now);
    if (srv->timer_fd < 0 && now - srv->last_idle_check >= IDLE_CHECK_MS)
        close_idle(srv, now);
    return ready;
}

/* ---- the wait backends ---------------------------------------------------------- */

/* The sockets watched: the timer's slot, the endpoints, the connections. */
static nfds_t watched(const struct rpc_server *srv)
{
    return (nfds_t)(1 + srv->nendpoints + srv->nconns);
}

/* The portable backend: poll(), nothing to start. */
static int poll_wait(struct wait_state *ws, int timeout_ms)
{
    return poll(ws->srv->poll_set, watched(ws->srv), timeout_ms);
}

static const struct wait_backend poll_backend = {
    .start = NULL, .wait = poll_wait, .finish = NULL, .run_timeout_ms = 1000,
};

#ifdef LINUX_WAIT
/* Starts a timerfd that fires every IDLE_CHECK_MS, watched in the poll
 * array's first slot. Returns 0 or -1. */
static int add_idle_timer(struct rpc_server *srv)
{
    struct itimerspec every = { { IDLE_CHECK_MS / 1000, 0 }, { IDLE_CHECK_MS / 1000, 0 } };
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

    if (fd < 0)
        return -1;
    if (timerfd_settime(fd, 0, &every, NULL) < 0) {
        close(fd);
        return -1;
    }
    srv->timer_fd = fd;
    srv->poll_set[0].fd = fd;
    return 0;
}

/* The Linux backend: the idle timer, and the signal masks (wait_state). */
static int linux_start(struct wait_state *ws)
{
    struct rpc_server *srv = ws->srv;
    sigset_t stop_signals;

    if (srv->timer_fd < 0 && srv->limits.idle_timeout_ms > 0 && add_idle_timer(srv) < 0)
        return -1;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &stop_signals, &ws->before) < 0)
        return -1;
    ws->waiting = ws->before;
    sigdelset(&ws->waiting, SIGINT);
    sigdelset(&ws->waiting, SIGTERM);
    return 0;
}

static int linux_wait(struct wait_state *ws, int timeout_ms)
{
    struct timespec limit = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };

    return ppoll(ws->srv->poll_set, watched(ws->srv), timeout_ms >= 0 ? &limit : NULL,
                 &ws->waiting);
}

static void linux_finish(struct wait_state *ws)
{
    sigprocmask(SIG_SETMASK, &ws->before, NULL);
}

static const struct wait_backend linux_backend = {
    .start = linux_start, .wait = linux_wait, .finish = linux_finish, .run_timeout_ms = -1,
};
#endif

/* The backends rpc_server_run() tries, in this order. */
static const struct wait_backend *const backends[] = {
#ifdef LINUX_WAIT
    &linux_backend,
#endif
    &poll_backend,
};

/* ---- running ---------------------------------------------------------------------- */

int rpc_server_poll_once(struct rpc_server *srv, int timeout_ms)
{
    struct wait_state ws = { .srv = srv };

    return serve_turn(&ws, &poll_backend, timeout_ms);
}

int rpc_server_run(struct rpc_server *srv, int (*stop)(void))
{
    struct wait_state ws = { .srv = srv };
    const struct wait_backend *backend = &poll_backend;
    int status = 0, saved = 0;

    for (size_t b = 0; b < sizeof backends / sizeof backends[0]; b++) {
        backend = backends[b];
        if (backend->start == NULL || backend->start(&ws) == 0)
            break;
    }
    while (stop == NULL || !stop()) {
        if (serve_turn(&ws, backend, backend->run_timeout_ms) < 0 && errno != EINTR) {
            saved = errno;
            status = -1;
            break;
        }
    }
    if (backend->finish != NULL)
        backend->finish(&ws);
    errno = saved;
    return status;
}
