/*
 * runtime_test.c - the client and server runtimes over real loopback sockets:
 * calls over TCP, UDP, IPv6 and AF_UNIX; every error a client can meet, with
 * clnt_perror's wording; xid matching and UDP retransmission against fake
 * servers; pipelined calls and several records in one read; a malformed,
 * oversized or half-sent record affecting only its own connection; limits
 * (idle timeout, maximum connections); asking a portmapper for a port.
 *
 * Servers run in child processes (fork), each sends its ports back through
 * a pipe, and is stopped with SIGTERM.
 */
#include "tap.h"
#include "pmap_prot.h"
#include "rpc_client.h"
#include "rpc_rec.h"
#include "rpc_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARITH_PROG 0x33333333u
#define ADD_PROC 1u
#define WHOAMI_PROC 4u
#define ECHO_PROC 9u

struct couple { float e1, e2; };

static bool xdr_couple(struct rpc_xdr *x, void *obj)
{
    struct couple *c = obj;
    return rpc_xdr_float(x, &c->e1) && rpc_xdr_float(x, &c->e2);
}

/* ---- the server under test ------------------------------------------------- */

static volatile sig_atomic_t stop_flag;
static void on_term(int sig) { (void)sig; stop_flag = 1; }
static int stop_requested(void) { return stop_flag; }

static int add(struct rpc_request *req, void *args, void *result)
{
    const struct couple *c = args;
    (void)req;
    *(float *)result = c->e1 + c->e2;
    return RPC_ACCEPT_SUCCESS;
}

static int whoami(struct rpc_request *req, void *args, void *result)
{
    (void)args;
    *(uint32_t *)result = req->auth_sys != NULL ? req->auth_sys->uid : 0xffffffffu;
    return RPC_ACCEPT_SUCCESS;
}

/* Raw: answers the opaque<> it got, as is. */
static int echo(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    const unsigned char *data;
    uint32_t len;
    (void)req;
    if (!rpc_xdr_bytes_ref(args, &data, &len, 1u << 24))
        return RPC_ACCEPT_GARBAGE_ARGS;
    return rpc_xdr_bytes_ref(results, &data, &len, 1u << 24) ? RPC_ACCEPT_SUCCESS
                                                             : RPC_ACCEPT_SYSTEM_ERR;
}

static const struct rpc_proc arith_procs[] = {
    { .proc = 0 },
    { .proc = ADD_PROC, .handler = add, .args_proc = xdr_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
    { .proc = WHOAMI_PROC, .handler = whoami, .result_proc = rpc_xdrproc_u_int,
      .result_size = sizeof(uint32_t) },
    { .proc = ECHO_PROC, .raw = echo },
};

/* A mini portmapper (its types and filters from pmap_prot.h): GETPORT
 * answers 4242 for ARITH, 0 otherwise. */
static int getport(struct rpc_request *req, void *args, void *result)
{
    const struct pmap *m = args;
    (void)req;
    *(uint32_t *)result = m->prog == ARITH_PROG && m->prot == RPC_UDP ? 4242 : 0;
    return RPC_ACCEPT_SUCCESS;
}
/* ... and rpcbind v4's GETADDR: "127.0.0.1.16.146" (4242) for ARITH on udp,
 * "::1.16.147" (4243) on udp6. */
static bool xdr_string_ptr(struct rpc_xdr *x, void *obj)
{
    return rpc_xdr_string(x, obj, 255);
}
static int getaddr(struct rpc_request *req, void *args, void *result)
{
    const struct rpcb *r = args;
    (void)req;
    *(const char **)result = r->prog != ARITH_PROG ? ""
                             : strcmp(r->netid, "udp") == 0 ? "127.0.0.1.16.146"
                             : strcmp(r->netid, "udp6") == 0 ? "::1.16.147" : "";
    return RPC_ACCEPT_SUCCESS;
}
static const struct rpc_proc rpcb_procs[] = {
    { .proc = 3, .handler = getaddr, .args_proc = rpc_xdr_rpcb, .args_size = sizeof(struct rpcb),
      .result_proc = xdr_string_ptr, .result_size = sizeof(char *) },
};
static const struct rpc_proc pmap_procs[] = {
    { .proc = 3, .handler = getport, .args_proc = rpc_xdr_pmap, .args_size = sizeof(struct pmap),
      .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
};

struct server {
    pid_t pid;
    unsigned short tcp, udp, tcp6, udp6;
    char unix_path[108];
};

/* Starts a server process with the given limits (0: default). */
static int start_server(struct server *s, int idle_ms, unsigned max_conns)
{
    int fds[2];

    memset(s, 0, sizeof *s);
    snprintf(s->unix_path, sizeof s->unix_path, "/tmp/socklab-runtime-%d.sock", (int)getpid());
    if (pipe(fds) < 0)
        return -1;
    s->pid = fork();
    if (s->pid == 0) {
        struct sigaction sa;
        struct sockaddr_storage bound;
        unsigned short ports[4] = { 0, 0, 0, 0 };
        struct rpc_server *srv = rpc_server_create();

        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sigaction(SIGTERM, &sa, NULL);
        close(fds[0]);
        if (idle_ms > 0)
            rpc_server_limits(srv)->idle_timeout_ms = idle_ms;
        if (max_conns > 0)
            rpc_server_limits(srv)->max_connections = max_conns;
        rpc_server_limits(srv)->max_record = 4u << 20;
        rpc_server_register(srv, ARITH_PROG, 1, arith_procs, 4, NULL);
        rpc_server_register(srv, PMAP_PROG, 2, pmap_procs, 1, NULL);
        rpc_server_register(srv, PMAP_PROG, 4, rpcb_procs, 1, NULL);
        if (rpc_server_listen(srv, RPC_TCP, AF_INET, "127.0.0.1", 0, true, &bound) >= 0)
            ports[0] = ntohs(((struct sockaddr_in *)&bound)->sin_port);
        if (rpc_server_listen(srv, RPC_UDP, AF_INET, "127.0.0.1", 0, true, &bound) >= 0)
            ports[1] = ntohs(((struct sockaddr_in *)&bound)->sin_port);
        if (rpc_server_listen(srv, RPC_TCP, AF_INET6, "::1", 0, true, &bound) >= 0)
            ports[2] = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
        if (rpc_server_listen(srv, RPC_UDP, AF_INET6, "::1", 0, true, &bound) >= 0)
            ports[3] = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
        rpc_server_listen_unix(srv, s->unix_path);
        if (write(fds[1], ports, sizeof ports) != sizeof ports)
            _exit(1);
        close(fds[1]);
        rpc_server_run(srv, stop_requested);
        rpc_server_destroy(srv);
        exit(0);
    }
    close(fds[1]);
    unsigned short ports[4];
    ssize_t got = read(fds[0], ports, sizeof ports);
    close(fds[0]);
    if (got != sizeof ports)
        return -1;
    s->tcp = ports[0];
    s->udp = ports[1];
    s->tcp6 = ports[2];
    s->udp6 = ports[3];
    return 0;
}

/* Stops a server; returns its exit status (0 expected). */
static int stop_server(struct server *s)
{
    int status = 0;

    kill(s->pid, SIGTERM);
    waitpid(s->pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- helpers for raw connections ------------------------------------------ */

static int connect_tcp(unsigned short port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads until the peer closes or timeout_ms passes: returns 1 if closed
 * (recv 0 or reset), 0 if still open. */
static int closed_within(int fd, int timeout_ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    char buf[256];

    while (poll(&pfd, 1, timeout_ms) == 1) {
        ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got <= 0)
            return 1;
    }
    return 0;
}

/* Encodes an ADD call record (with its mark) into buf; returns its length. */
static size_t add_record(unsigned char *buf, uint32_t xid, float a, float b)
{
    struct rpc_call_header h = { .xid = xid, .rpcvers = 2, .prog = ARITH_PROG, .vers = 1,
                                 .proc = ADD_PROC };
    struct couple c = { a, b };
    struct rpc_xdr x;

    rpc_xdr_init_encode(&x, buf + 4, 256);
    rpc_msg_encode_call(&x, &h);
    xdr_couple(&x, &c);
    rpc_rec_put_mark(buf, (uint32_t)rpc_xdr_getpos(&x), true);
    return 4 + rpc_xdr_getpos(&x);
}

/* A client call of ADD; returns the status and the sum in *sum. */
static enum rpc_status call_add(struct rpc_client *clnt, float a, float b, float *sum)
{
    struct couple c = { a, b };
    return rpc_client_call(clnt, ADD_PROC, xdr_couple, &c, rpc_xdrproc_float, sum, 2000);
}

static const char *text_of(struct rpc_client *clnt)
{
    static char text[RPC_ERRSTRLEN];
    return rpc_strerror(rpc_client_error(clnt), text, sizeof text);
}

/* ---- the tests ---------------------------------------------------------- */

struct blob { unsigned char *data; uint32_t len; };
static bool xdr_blob(struct rpc_xdr *x, void *obj)
{
    struct blob *b = obj;
    return rpc_xdr_bytes(x, &b->data, &b->len, 1u << 24);
}

static int traced_sent, traced_received;
static void count_trace(void *ctx, enum rpc_trace_dir dir, enum rpc_transport t,
                        const unsigned char *msg, size_t len)
{
    (void)ctx; (void)t; (void)msg;
    if (dir == RPC_TRACE_SENT && len == 48)
        traced_sent++;
    if (dir == RPC_TRACE_RECEIVED && len == 28)
        traced_received++;
}

static void test_calls(struct server *s)
{
    struct rpc_error err;
    struct rpc_client *clnt;
    float sum = 0;

    clnt = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    ok(clnt != NULL && call_add(clnt, 13.4f, 17.1f, &sum) == RPC_OK && sum == 30.5f,
       "TCP: ADD(13.4, 17.1) = 30.5");
    rpc_client_set_trace(clnt, count_trace, NULL);
    ok(call_add(clnt, 1, 2, &sum) == RPC_OK && sum == 3 && traced_sent == 1 && traced_received == 1,
       "the trace hook sees the 48-byte call and the 28-byte reply");
    rpc_client_set_trace(clnt, NULL, NULL);
    ok(rpc_client_call(clnt, 0, NULL, NULL, NULL, NULL, 2000) == RPC_OK, "TCP: NULL procedure");
    ok(rpc_client_call(clnt, 77, NULL, NULL, NULL, NULL, 2000) == RPC_ERR_PROCUNAVAIL &&
       strcmp(text_of(clnt), "RPC: Procedure unavailable") == 0, "procedure 77: %s", text_of(clnt));
    ok(rpc_client_call(clnt, ADD_PROC, rpc_xdrproc_float, &sum, NULL, NULL, 2000) == RPC_ERR_CANTDECODEARGS &&
       strcmp(text_of(clnt), "RPC: Server can't decode arguments") == 0,
       "ADD with one float: %s", text_of(clnt));
    rpc_client_set_version(clnt, 2);
    ok(call_add(clnt, 1, 2, &sum) == RPC_ERR_PROGVERSMISMATCH &&
       strcmp(text_of(clnt), "RPC: Program/version mismatch; low version = 1, high version = 1") == 0,
       "version 2: %s", text_of(clnt));
    rpc_client_set_version(clnt, 1);
    ok(rpc_client_set_auth_sys(clnt, "vm1", 1234, 100) == 0 &&
       rpc_client_call(clnt, WHOAMI_PROC, NULL, NULL, rpc_xdrproc_u_int, &(uint32_t){0}, 2000) == RPC_OK,
       "a call with AUTH_SYS credentials");
    uint32_t uid = 0;
    rpc_client_call(clnt, WHOAMI_PROC, NULL, NULL, rpc_xdrproc_u_int, &uid, 2000);
    ok(uid == 1234, "the server's handler saw uid 1234");
    rpc_client_destroy(clnt);

    clnt = rpc_client_create("127.0.0.1", s->tcp, 0x20000001, 1, RPC_TCP, &err);
    ok(clnt != NULL && rpc_client_call(clnt, 0, NULL, NULL, NULL, NULL, 2000) == RPC_ERR_PROGUNAVAIL &&
       strcmp(text_of(clnt), "RPC: Program unavailable") == 0, "an unknown program: %s", text_of(clnt));
    rpc_client_destroy(clnt);

    clnt = rpc_client_create("127.0.0.1", s->udp, ARITH_PROG, 1, RPC_UDP, &err);
    ok(clnt != NULL && call_add(clnt, 13.4f, 17.1f, &sum) == RPC_OK && sum == 30.5f,
       "UDP: ADD(13.4, 17.1) = 30.5");
    rpc_client_destroy(clnt);

    clnt = rpc_client_create("::1", s->tcp6, ARITH_PROG, 1, RPC_TCP, &err);
    ok(clnt != NULL && call_add(clnt, 2, 3, &sum) == RPC_OK && sum == 5, "TCP over IPv6 (::1): ADD(2, 3) = 5");
    rpc_client_destroy(clnt);

    /* AF_UNIX: the program makes the socket itself, the runtime takes it. */
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(un.sun_path, s->unix_path);
    clnt = NULL;
    if (fd >= 0 && connect(fd, (struct sockaddr *)&un, sizeof un) == 0)
        clnt = rpc_client_create_fd(fd, RPC_LOCAL, ARITH_PROG, 1, &err);
    ok(clnt != NULL && call_add(clnt, 4, 4, &sum) == RPC_OK && sum == 8,
       "AF_UNIX stream (rpc_client_create_fd): ADD(4, 4) = 8");
    rpc_client_destroy(clnt);

    /* A large argument: a 3 MB opaque, echoed back over TCP. */
    size_t big_len = 3u << 20;
    unsigned char *big = malloc(big_len);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (unsigned char)(i % 253);
    struct blob in = { big, (uint32_t)big_len }, out = { NULL, 0 };
    clnt = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    enum rpc_status st = rpc_client_call(clnt, ECHO_PROC, xdr_blob, &in, xdr_blob, &out, 5000);
    ok(st == RPC_OK && out.len == big_len && memcmp(out.data, big, big_len) == 0,
       "a 3 MiB opaque goes there and back over TCP (%s)", text_of(clnt));
    free(out.data);
    free(big);
    rpc_client_destroy(clnt);
}

static void test_errors(void)
{
    struct rpc_error err;
    struct rpc_client *clnt;
    float sum;
    char text[RPC_ERRSTRLEN];
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;

    /* A port nobody listens on: bind a socket, note its port, close it. */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    bind(fd, (struct sockaddr *)&addr, sizeof addr);
    getsockname(fd, (struct sockaddr *)&addr, &len);
    close(fd);
    unsigned short dead = ntohs(addr.sin_port);

    clnt = rpc_client_create("127.0.0.1", dead, ARITH_PROG, 1, RPC_UDP, &err);
    ok(clnt != NULL && call_add(clnt, 1, 2, &sum) == RPC_ERR_CANTRECV &&
       strcmp(text_of(clnt), "RPC: Unable to receive; errno = Connection refused") == 0,
       "UDP to a closed port: %s", text_of(clnt));
    rpc_client_destroy(clnt);

    clnt = rpc_client_create("127.0.0.1", dead, ARITH_PROG, 1, RPC_TCP, &err);
    ok(clnt == NULL && err.status == RPC_ERR_SYSTEMERROR &&
       strcmp(rpc_strerror(&err, text, sizeof text), "RPC: Remote system error - Connection refused") == 0,
       "TCP to a closed port: %s", rpc_strerror(&err, text, sizeof text));

    clnt = rpc_client_create("no-such-host.invalid", 111, ARITH_PROG, 1, RPC_UDP, &err);
    /* the resolver's own reason follows: "RPC: Unknown host - Name or service not known" */
    ok(clnt == NULL && err.status == RPC_ERR_UNKNOWNHOST && err.gai_error != 0 &&
       strncmp(rpc_strerror(&err, text, sizeof text), "RPC: Unknown host - ", 20) == 0 &&
       strcmp(text + 20, gai_strerror(err.gai_error)) == 0, "an unknown host: %s", text);

    /* A UDP socket that reads and never answers: a timeout, after retries. */
    int silent = socket(AF_INET, SOCK_DGRAM, 0);
    addr.sin_port = 0;
    bind(silent, (struct sockaddr *)&addr, sizeof addr);
    len = sizeof addr;
    getsockname(silent, (struct sockaddr *)&addr, &len);
    clnt = rpc_client_create("127.0.0.1", ntohs(addr.sin_port), ARITH_PROG, 1, RPC_UDP, &err);
    rpc_client_set_retry(clnt, 50);
    struct couple c = { 1, 2 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum rpc_status st = rpc_client_call(clnt, ADD_PROC, xdr_couple, &c, rpc_xdrproc_float, &sum, 400);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    ok(st == RPC_ERR_TIMEDOUT && strcmp(text_of(clnt), "RPC: Timed out") == 0 && ms >= 380 && ms < 1500,
       "no answer within 400 ms: %s (after %ld ms)", text_of(clnt), ms);
    int copies = 0;
    char buf[512];
    while (recv(silent, buf, sizeof buf, MSG_DONTWAIT) > 0)
        copies++;
    ok(copies >= 3 && copies <= 6, "UDP retransmitted with backoff: %d copies (50, 100, 200 ms)", copies);
    rpc_client_destroy(clnt);
    close(silent);
}

/* A fake UDP server: for each call, replies first with a stale xid (result
 * 666), then, if drop_first, ignores the first call of a retransmission
 * series; answers 42 with the right xid. Runs until killed. */
static pid_t fake_udp_server(unsigned short *port, bool drop_first)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    pid_t pid;

    bind(fd, (struct sockaddr *)&addr, sizeof addr);
    getsockname(fd, (struct sockaddr *)&addr, &len);
    *port = ntohs(addr.sin_port);
    pid = fork();
    if (pid != 0) {
        close(fd);
        return pid;
    }
    for (int calls = 0;; calls++) {
        unsigned char msg[512], reply[64];
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        ssize_t got = recvfrom(fd, msg, sizeof msg, 0, (struct sockaddr *)&peer, &peer_len);
        uint32_t xid, type;
        if (got < 0 || !rpc_msg_peek(msg, (size_t)got, &xid, &type))
            continue;
        if (drop_first && calls == 0)
            continue;
        for (int k = 0; k < 2; k++) {
            struct rpc_reply_header h = { .xid = k == 0 ? xid - 1 : xid };
            float value = k == 0 ? 666.0f : 42.0f;
            struct rpc_xdr x;
            rpc_xdr_init_encode(&x, reply, sizeof reply);
            rpc_msg_encode_reply(&x, &h);
            rpc_xdr_float(&x, &value);
            sendto(fd, reply, rpc_xdr_getpos(&x), 0, (struct sockaddr *)&peer, peer_len);
        }
    }
}

static void test_fake_servers(void)
{
    struct rpc_error err;
    struct rpc_client *clnt;
    unsigned short port;
    float sum = 0;
    pid_t pid = fake_udp_server(&port, false);

    clnt = rpc_client_create("127.0.0.1", port, ARITH_PROG, 1, RPC_UDP, &err);
    ok(clnt != NULL && call_add(clnt, 1, 2, &sum) == RPC_OK && sum == 42.0f,
       "a stale reply (older xid) is ignored: the answer is 42, not 666");
    rpc_client_destroy(clnt);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);

    pid = fake_udp_server(&port, true);
    clnt = rpc_client_create("127.0.0.1", port, ARITH_PROG, 1, RPC_UDP, &err);
    rpc_client_set_retry(clnt, 100);
    sum = 0;
    ok(clnt != NULL && call_add(clnt, 1, 2, &sum) == RPC_OK && sum == 42.0f,
       "a lost first datagram is retransmitted: the call succeeds");
    rpc_client_destroy(clnt);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static void test_pipelining(struct server *s)
{
    struct rpc_error err;
    struct rpc_client *clnt = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    uint32_t xids[100];
    int sent_ok = 0, matched = 0;

    for (int i = 0; i < 100; i++) {
        struct couple c = { (float)i, 1000 };
        sent_ok += rpc_client_send(clnt, ADD_PROC, xdr_couple, &c, &xids[i]) == RPC_OK;
    }
    for (int i = 0; i < 100; i++) {
        uint32_t xid;
        float sum = 0;
        if (rpc_client_receive(clnt, &xid, rpc_xdrproc_float, &sum, 2000) != RPC_OK)
            break;
        for (int k = 0; k < 100; k++)
            if (xids[k] == xid && sum == (float)k + 1000)
                matched++;
    }
    ok(sent_ok == 100 && matched == 100, "100 calls in flight on one TCP connection: %d replies matched", matched);
    rpc_client_destroy(clnt);

    /* 50 records in one send(): the server reads them together. */
    unsigned char calls[50 * 64];
    size_t n = 0;
    for (int i = 0; i < 50; i++)
        n += add_record(calls + n, 5000 + (uint32_t)i, (float)i, 0.5f);
    int fd = connect_tcp(s->tcp);
    ssize_t sent = send(fd, calls, n, 0);
    struct rpc_rec rec;
    rpc_rec_init(&rec, 0);
    int replies = 0, right = 0;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    while (replies < 50 && poll(&pfd, 1, 2000) == 1) {
        size_t room;
        unsigned char *space = rpc_rec_space(&rec, 0, &room);
        ssize_t got = recv(fd, space, room, 0);
        const unsigned char *r;
        size_t len;
        if (got <= 0)
            break;
        rpc_rec_commit(&rec, (size_t)got);
        while (rpc_rec_next(&rec, &r, &len) == RPC_REC_RECORD) {
            struct rpc_xdr x;
            struct rpc_reply_header h;
            float sum;
            rpc_xdr_init_decode(&x, r, len);
            if (rpc_msg_decode_reply(&x, &h) == RPC_MSG_OK && rpc_xdr_float(&x, &sum) &&
                h.xid == 5000u + (uint32_t)replies && sum == (float)replies + 0.5f)
                right++;
            replies++;
        }
    }
    ok(sent == (ssize_t)n && replies == 50 && right == 50,
       "50 records sent in one send(): 50 replies, in order (%d right)", right);
    rpc_rec_free(&rec);
    close(fd);

    /* One call split into 3 fragments, sent in pieces. */
    unsigned char whole[64], split[96];
    size_t whole_len = add_record(whole, 77, 20, 22) - 4, at = 0;
    rpc_rec_put_mark(split, 10, false);
    memcpy(split + 4, whole + 4, 10);
    rpc_rec_put_mark(split + 14, 20, false);
    memcpy(split + 18, whole + 14, 20);
    rpc_rec_put_mark(split + 38, (uint32_t)(whole_len - 30), true);
    memcpy(split + 42, whole + 34, whole_len - 30);
    size_t split_len = 42 + whole_len - 30;
    fd = connect_tcp(s->tcp);
    while (at < split_len) {
        size_t piece = split_len - at < 7 ? split_len - at : 7;
        send(fd, split + at, piece, 0);
        at += piece;
        nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
    }
    unsigned char reply[64];
    ssize_t got = 0;
    pfd.fd = fd;
    while (got < 32 && poll(&pfd, 1, 2000) == 1) {
        ssize_t more = recv(fd, reply + got, sizeof reply - (size_t)got, 0);
        if (more <= 0)
            break;
        got += more;
    }
    ok(got == 32 && memcmp(reply, "\x80\x00\x00\x1c\x00\x00\x00\x4d", 8) == 0 &&
       memcmp(reply + 28, "\x42\x28\x00\x00", 4) == 0,
       "a call in 3 fragments, sent 7 bytes at a time: one reply, 42.0");
    close(fd);
}

static void test_isolation(struct server *s)
{
    struct rpc_error err;
    struct rpc_client *good = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    float sum = 0;

    int half = connect_tcp(s->tcp);
    send(half, "\x80\x00\x00\x30\x00\x00", 6, 0);
    ok(call_add(good, 1, 1, &sum) == RPC_OK && sum == 2,
       "a client that sent half a record does not stall another");
    ok(closed_within(half, 100) == 0, "and its connection stays open, waiting for the rest");

    int garbage = connect_tcp(s->tcp);
    send(garbage, "\x80\x00\x00\x03" "abc", 7, 0);
    ok(closed_within(garbage, 2000) == 1, "a 3-byte record (no xid) closes that connection");
    int huge = connect_tcp(s->tcp);
    send(huge, "\x80\xff\xff\xff", 4, 0);
    ok(closed_within(huge, 2000) == 1, "a record header above max_record closes that connection");
    ok(call_add(good, 2, 2, &sum) == RPC_OK && sum == 4, "the other client is still served");
    close(half);
    close(garbage);
    close(huge);
    rpc_client_destroy(good);
}

/* A client that sends big calls and does not read the replies: the server
 * queues what it cannot send, stops reading that client, and still serves
 * the others; the replies all arrive once the client reads. */
static void test_slow_reader(struct server *s)
{
    struct rpc_error err;
    struct rpc_client *slow = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    struct rpc_client *good = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    size_t big_len = 256 * 1024;
    unsigned char *big = malloc(big_len);
    struct blob in = { big, (uint32_t)big_len };
    uint32_t xid;
    int sent = 0, received = 0;
    float sum = 0;

    memset(big, 0x5a, big_len);
    for (int i = 0; i < 4; i++)
        sent += rpc_client_send(slow, ECHO_PROC, xdr_blob, &in, &xid) == RPC_OK;
    ok(sent == 4 && call_add(good, 20, 22, &sum) == RPC_OK && sum == 42,
       "while 1 MiB of replies waits for a client that does not read, another is served");
    for (int i = 0; i < 4; i++) {
        struct blob out = { NULL, 0 };
        if (rpc_client_receive(slow, &xid, xdr_blob, &out, 5000) == RPC_OK && out.len == big_len &&
            out.data[big_len - 1] == 0x5a)
            received++;
        free(out.data);
    }
    ok(received == 4, "then the slow client gets its 4 replies of 256 KiB (%d)", received);
    free(big);
    rpc_client_destroy(slow);
    rpc_client_destroy(good);
}

static void test_limits(void)
{
    struct server s;
    struct rpc_error err;
    float sum;

    ok(start_server(&s, 300, 2) == 0, "a server with idle timeout 300 ms and 2 connections at most");
    int idle = connect_tcp(s.tcp);
    ok(closed_within(idle, 2500) == 1, "a silent client is closed after the idle timeout");
    close(idle);
    struct rpc_client *a = rpc_client_create("127.0.0.1", s.tcp, ARITH_PROG, 1, RPC_TCP, &err);
    struct rpc_client *b = rpc_client_create("127.0.0.1", s.tcp, ARITH_PROG, 1, RPC_TCP, &err);
    ok(call_add(a, 1, 1, &sum) == RPC_OK && call_add(b, 1, 1, &sum) == RPC_OK, "two clients are served");
    int third = connect_tcp(s.tcp);
    ok(closed_within(third, 2000) == 1, "a third one is closed at once");
    close(third);
    rpc_client_destroy(a);
    rpc_client_destroy(b);
    ok(stop_server(&s) == 0, "the server stops on SIGTERM and exits 0");
}

/* The first of a few names of ::1 that resolves to ::1 first here, or NULL. */
static const char *name_of_ipv6_loopback(void)
{
    static const char *const names[] = { "localhost", "ip6-localhost", "ip6-loopback" };
    struct addrinfo hints, *answers;
    const char *found = NULL;

    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_DGRAM;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && found == NULL; i++) {
        if (getaddrinfo(names[i], NULL, &hints, &answers) != 0)
            continue;
        if (answers->ai_family == AF_INET6 &&
            IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)answers->ai_addr)->sin6_addr))
            found = names[i];
        freeaddrinfo(answers);
    }
    return found;
}

/* GETADDR by a name (no ':' in it) that resolves to ::1: the netid follows
 * the address asked, udp6, not the host's text. */
static void test_rpcb_by_name(struct server *s)
{
    const char *name = name_of_ipv6_loopback();
    struct rpc_error err;
    unsigned short port = 0;

    if (name == NULL || s->udp6 == 0) {
        printf("ok %d # skip no name resolves to ::1 first here (/etc/hosts)\n", ++tap_count);
        return;
    }
    ok(rpc_rpcb_getaddr(name, s->udp6, ARITH_PROG, 1, RPC_UDP, &port, &err) == RPC_OK &&
           port == 4243,
       "RPCBPROC_GETADDR v4 at %s (::1): asks for netid udp6, gets port 4243 (got %u)", name,
       (unsigned)port);
}

static void test_pmap(struct server *s)
{
    struct rpc_error err;
    unsigned short port = 0;
    char text[RPC_ERRSTRLEN];

    ok(rpc_pmap_getport("127.0.0.1", s->udp, ARITH_PROG, 1, RPC_UDP, &port, &err) == RPC_OK && port == 4242,
       "PMAPPROC_GETPORT: ARITH on UDP is at 4242");
    ok(rpc_pmap_getport("127.0.0.1", s->udp, ARITH_PROG, 1, RPC_TCP, &port, &err) == RPC_ERR_PROGNOTREGISTERED &&
       strcmp(rpc_strerror(&err, text, sizeof text), "RPC: Program not registered") == 0,
       "port 0: %s", rpc_strerror(&err, text, sizeof text));
    ok(rpc_pmap_getport("127.0.0.1", s->tcp6 /* nothing on UDP there */, ARITH_PROG, 1, RPC_UDP, &port, &err) ==
           RPC_ERR_PMAPFAILURE &&
       strcmp(rpc_strerror(&err, text, sizeof text),
              "RPC: Port mapper failure - RPC: Unable to receive; errno = Connection refused") == 0,
       "no portmapper: %s", rpc_strerror(&err, text, sizeof text));
    port = 0;
    ok(rpc_rpcb_getaddr("127.0.0.1", s->udp, ARITH_PROG, 1, RPC_UDP, &port, &err) == RPC_OK && port == 4242,
       "RPCBPROC_GETADDR v4: ARITH on udp is at 127.0.0.1.16.146, port 4242");
    ok(rpc_rpcb_getaddr("127.0.0.1", s->udp, ARITH_PROG, 1, RPC_TCP, &port, &err) == RPC_ERR_PROGNOTREGISTERED,
       "an empty universal address: %s", rpc_strerror(&err, text, sizeof text));
    test_rpcb_by_name(s);
}

/* ---- in one process: rpc_server_poll_once and the log hook ---------------- */

static char logged[4096];
static void keep_log(void *ctx, const char *line)
{
    (void)ctx;
    strncat(logged, line, sizeof logged - strlen(logged) - 2);
    strcat(logged, "\n");
}

/* Turns the server's loop until cond() holds or 2 s pass. */
static int turn_until(struct rpc_server *srv, int (*cond)(void))
{
    for (int i = 0; i < 200 && !cond(); i++)
        rpc_server_poll_once(srv, 10);
    return cond();
}
static int log_has_malformed(void) { return strstr(logged, "malformed record") != NULL; }
static int log_has_too_big(void) { return strstr(logged, "record larger than") != NULL; }

static void test_in_process(void)
{
    struct rpc_server *srv = rpc_server_create();
    struct sockaddr_storage bound;
    unsigned char record[64], reply[64];
    int fd, listen_fd;

    rpc_server_register(srv, ARITH_PROG, 1, arith_procs, 4, NULL);
    rpc_server_set_log(srv, keep_log, NULL, true);
    listen_fd = rpc_server_listen(srv, RPC_TCP, AF_INET, "127.0.0.1", 0, true, &bound);
    ok(listen_fd >= 0, "rpc_server_listen on 127.0.0.1 port 0 (port %u)",
       (unsigned)ntohs(((struct sockaddr_in *)&bound)->sin_port));
    fd = connect_tcp(ntohs(((struct sockaddr_in *)&bound)->sin_port));
    size_t n = add_record(record, 9, 1.5f, 2.0f);
    send(fd, record, n, 0);
    ssize_t got = 0;
    for (int i = 0; i < 200 && got <= 0; i++) {
        rpc_server_poll_once(srv, 10);
        got = recv(fd, reply, sizeof reply, MSG_DONTWAIT);
    }
    ok(got == 32 && memcmp(reply + 28, "\x40\x60\x00\x00", 4) == 0 && rpc_server_connections(srv) == 1,
       "poll_once turns serve a call in the same process (1.5 + 2 = 3.5)");
    ok(strstr(logged, "connection from 127.0.0.1:") != NULL, "verbose log: the accepted connection");
    send(fd, "\x80\x00\x00\x02" "ab", 6, 0);
    ok(turn_until(srv, log_has_malformed) && rpc_server_connections(srv) == 0,
       "a malformed record: one log line, the connection closed");
    close(fd);
    fd = connect_tcp(ntohs(((struct sockaddr_in *)&bound)->sin_port));
    send(fd, "\x80\x20\x00\x00", 4, 0);
    ok(turn_until(srv, log_has_too_big), "a record above max_record (2 MiB > 1 MiB): logged");
    printf("# server log:\n");
    for (char *line = strtok(logged, "\n"); line != NULL; line = strtok(NULL, "\n"))
        printf("#   %s\n", line);
    close(fd);
    rpc_server_destroy(srv);
}

/* rpc_client_queue: calls leave together, before the client waits. */
static void test_queue(struct server *s)
{
    struct rpc_error err;
    int pair[2];
    unsigned char wire[200000];
    uint32_t xid;
    struct couple c = { 1, 2 };
    int queued_ok = 0;

    /* On a socketpair: see exactly what leaves, and when. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    struct rpc_client *clnt = rpc_client_create_fd(pair[0], RPC_TCP, ARITH_PROG, 1, &err);
    traced_sent = 0;
    rpc_client_set_trace(clnt, count_trace, NULL);
    for (int i = 0; i < 3; i++)
        queued_ok += rpc_client_queue(clnt, ADD_PROC, xdr_couple, &c, &xid) == RPC_OK;
    ssize_t before = recv(pair[1], wire, sizeof wire, MSG_DONTWAIT);
    int flushed = rpc_client_flush(clnt) == RPC_OK;
    ssize_t after = recv(pair[1], wire, sizeof wire, MSG_DONTWAIT);
    ok(queued_ok == 3 && traced_sent == 3 && before < 0 && flushed && after == 3 * 52 &&
       memcmp(wire + 52, "\x80\x00\x00\x30", 4) == 0 && rpc_client_flush(clnt) == RPC_OK,
       "3 queued calls: nothing sent, each traced; flushed in one piece of 3 records "
       "(%zd bytes)", after);

    /* 64 KiB queued leave without a flush. */
    queued_ok = 0;
    for (int i = 0; i < 1261; i++)           /* 1261 * 52 bytes = 65572 */
        queued_ok += rpc_client_queue(clnt, ADD_PROC, xdr_couple, &c, &xid) == RPC_OK;
    size_t got = 0;
    ssize_t more;
    while ((more = recv(pair[1], wire + got, sizeof wire - got, MSG_DONTWAIT)) > 0)
        got += (size_t)more;
    ok(queued_ok == 1261 && got == 1261 * 52,
       "1261 queued calls (65572 bytes) leave by themselves at 64 KiB: %zu bytes", got);
    rpc_client_destroy(clnt);
    close(pair[1]);

    /* Against the server: rpc_client_receive sends what is queued first. */
    clnt = rpc_client_create("127.0.0.1", s->tcp, ARITH_PROG, 1, RPC_TCP, &err);
    uint32_t xids[100];
    int matched = 0;
    queued_ok = 0;
    for (int i = 0; i < 100; i++) {
        struct couple k = { (float)i, 2000 };
        queued_ok += rpc_client_queue(clnt, ADD_PROC, xdr_couple, &k, &xids[i]) == RPC_OK;
    }
    for (int i = 0; i < 100; i++) {
        float sum = 0;
        if (rpc_client_receive(clnt, &xid, rpc_xdrproc_float, &sum, 2000) != RPC_OK)
            break;
        for (int k = 0; k < 100; k++)
            if (xids[k] == xid && sum == (float)k + 2000)
                matched++;
    }
    float sum = 0;
    rpc_client_queue(clnt, ADD_PROC, xdr_couple, &c, &xid);
    enum rpc_status st = call_add(clnt, 5, 6, &sum);
    ok(queued_ok == 100 && matched == 100 && st == RPC_OK && sum == 11.0f,
       "100 queued calls, then receive: all sent and %d replies matched; a queued call "
       "then rpc_client_call: the call gets its own reply (%s)", matched, text_of(clnt));
    rpc_client_destroy(clnt);

    /* UDP: queueing is sending. */
    clnt = rpc_client_create("127.0.0.1", s->udp, ARITH_PROG, 1, RPC_UDP, &err);
    sum = 0;
    st = rpc_client_queue(clnt, ADD_PROC, xdr_couple, &c, &xid);
    ok(st == RPC_OK && rpc_client_receive(clnt, &xid, rpc_xdrproc_float, &sum, 2000) == RPC_OK &&
       sum == 3.0f, "over UDP, a queued call is sent at once and answered");
    rpc_client_destroy(clnt);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The client waits in one recv() bounded by SO_RCVTIMEO: each call gets its
 * own timeout, and a non-blocking socket still works (poll() takes over). */
static void test_waits(struct server *s)
{
    struct rpc_error err;
    struct sockaddr_in addr = { .sin_family = AF_INET };
    socklen_t len = sizeof addr;
    struct timespec t0;
    float sum = 0;

    /* A TCP listener that never accepts: the connection is made, no answer. */
    int mute = socket(AF_INET, SOCK_STREAM, 0);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(mute, (struct sockaddr *)&addr, sizeof addr);
    listen(mute, 4);
    getsockname(mute, (struct sockaddr *)&addr, &len);
    struct rpc_client *clnt = rpc_client_create("127.0.0.1", ntohs(addr.sin_port), ARITH_PROG, 1,
                                                RPC_TCP, &err);
    struct couple c = { 1, 2 };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum rpc_status first = rpc_client_call(clnt, ADD_PROC, xdr_couple, &c, rpc_xdrproc_float,
                                            &sum, 600);
    long first_ms = ms_since(&t0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum rpc_status second = rpc_client_call(clnt, ADD_PROC, xdr_couple, &c, rpc_xdrproc_float,
                                             &sum, 100);
    long second_ms = ms_since(&t0);
    ok(first == RPC_ERR_TIMEDOUT && second == RPC_ERR_TIMEDOUT && first_ms >= 590 &&
       first_ms < 2000 && second_ms >= 95 && second_ms < 500,
       "TCP, no answer: timed out after %ld ms (600 asked), then %ld ms (100 asked)",
       first_ms, second_ms);
    rpc_client_destroy(clnt);
    close(mute);

    /* A non-blocking socket handed to rpc_client_create_fd. */
    int fd = connect_tcp(s->tcp);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    clnt = rpc_client_create_fd(fd, RPC_TCP, ARITH_PROG, 1, &err);
    enum rpc_status st = call_add(clnt, 20, 22, &sum);
    ok(st == RPC_OK && sum == 42.0f, "a non-blocking socket: ADD(20, 22) = %f (%s)", sum,
       text_of(clnt));
    rpc_client_destroy(clnt);
}

int main(void)
{
    struct server s;

    signal(SIGPIPE, SIG_IGN);
    plan(55);
    if (!ok(start_server(&s, 0, 0) == 0 && s.tcp != 0 && s.udp != 0 && s.tcp6 != 0,
            "the server listens on TCP, UDP, TCP over IPv6 and AF_UNIX"))
        return done();
    test_calls(&s);
    test_errors();
    test_fake_servers();
    test_pipelining(&s);
    test_queue(&s);
    test_waits(&s);
    test_isolation(&s);
    test_slow_reader(&s);
    test_pmap(&s);
    ok(stop_server(&s) == 0, "the server stops on SIGTERM and exits 0");
    ok(access(s.unix_path, F_OK) != 0, "its AF_UNIX socket file is gone");
    test_limits();
    test_in_process();
    return done();
}
