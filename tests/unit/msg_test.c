/*
 * msg_test.c - RPC v2 headers (rpc/rpc_msg.c) against hand-computed bytes
 * (RFC 5531), every error reply, AUTH_SYS credentials, the server's
 * dispatch (rpc_dispatch_handle, no socket) for each RFC 5531 answer, and the
 * client's clnt_perror wording (rpc_strerror).
 */
#include "tap.h"
#include "pmap_prot.h"
#include "rpc_client.h"
#include "rpc_msg.h"
#include "rpc_dispatch.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define ARITH_PROG 0x33333333u
#define ARITH_VERS1 1u
#define ADD_PROC 1u

struct couple { float e1, e2; };

static bool xdr_couple(struct rpc_xdr *x, void *obj)
{
    struct couple *c = obj;
    return rpc_xdr_float(x, &c->e1) && rpc_xdr_float(x, &c->e2);
}

/* The call ADD(13.4, 17.1), xid 0x12345678, AUTH_NONE. */
static const unsigned char add_call[] = {
    0x12, 0x34, 0x56, 0x78,  0, 0, 0, 0,  0, 0, 0, 2,  0x33, 0x33, 0x33, 0x33,
    0, 0, 0, 1,  0, 0, 0, 1,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
    0x41, 0x56, 0x66, 0x66,  0x41, 0x88, 0xcc, 0xcd,
};

/* Its reply: SUCCESS, 30.5. */
static const unsigned char add_reply[] = {
    0x12, 0x34, 0x56, 0x78,  0, 0, 0, 1,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
    0, 0, 0, 0,  0x41, 0xf4, 0x00, 0x00,
};

/* Builds a call's bytes: header fields then extra argument bytes. */
static size_t make_call(unsigned char *buf, size_t size, uint32_t rpcvers, uint32_t prog,
                        uint32_t vers, uint32_t proc, const struct rpc_opaque_auth *cred,
                        const void *args, size_t args_len)
{
    struct rpc_call_header h;
    struct rpc_xdr x;

    memset(&h, 0, sizeof h);
    h.xid = 0x12345678;
    h.rpcvers = rpcvers;
    h.prog = prog;
    h.vers = vers;
    h.proc = proc;
    if (cred != NULL)
        h.cred = *cred;
    rpc_xdr_init_encode(&x, buf, size);
    if (!rpc_msg_encode_call(&x, &h))
        return 0;
    memcpy(buf + rpc_xdr_getpos(&x), args, args_len);
    return rpc_xdr_getpos(&x) + args_len;
}

static void test_headers(void)
{
    unsigned char buf[512];
    struct rpc_call_header h, back;
    struct rpc_xdr x;
    struct couple args = { 13.4f, 17.1f };

    memset(&h, 0, sizeof h);
    h.xid = 0x12345678;
    h.rpcvers = RPC_VERSION;
    h.prog = ARITH_PROG;
    h.vers = ARITH_VERS1;
    h.proc = ADD_PROC;
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_msg_encode_call(&x, &h) && xdr_couple(&x, &args), "a call header and its arguments encode");
    ok_bytes(buf, rpc_xdr_getpos(&x), add_call, sizeof add_call,
             "ADD(13.4, 17.1): xid, CALL, 2, 0x33333333, 1, 1, AUTH_NONE x2, 41566666 4188cccd");

    rpc_xdr_init_decode(&x, add_call, sizeof add_call);
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_OK && back.xid == 0x12345678 &&
       back.prog == ARITH_PROG && back.vers == 1 && back.proc == 1 &&
       back.cred.flavor == RPC_FLAVOR_NONE && !back.has_auth_sys && rpc_xdr_remaining(&x) == 8,
       "the call header decodes back; the stream is left on the 8 bytes of arguments");

    /* AUTH_SYS. */
    struct rpc_auth_sys sys = { .stamp = 0x01020304, .machine = "vm1", .uid = 1000, .gid = 100,
                                .gids_count = 1, .gids = { 27 } };
    unsigned char body[RPC_AUTH_MAX_BODY];
    static const unsigned char sys_body[] = {
        1, 2, 3, 4,  0, 0, 0, 3,  'v', 'm', '1', 0,  0, 0, 0x03, 0xe8,  0, 0, 0, 0x64,
        0, 0, 0, 1,  0, 0, 0, 27 };
    ok(rpc_auth_sys_encode(&sys, body, &h.cred) && h.cred.flavor == RPC_FLAVOR_SYS,
       "an AUTH_SYS credential encodes");
    ok_bytes(h.cred.body, h.cred.length, sys_body, sizeof sys_body,
             "AUTH_SYS body: stamp, \"vm1\", uid 1000, gid 100, 1 gid (27)");
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    rpc_msg_encode_call(&x, &h);
    size_t len = rpc_xdr_getpos(&x);
    rpc_xdr_init_decode(&x, buf, len);
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_OK && back.has_auth_sys &&
       back.auth_sys.uid == 1000 && back.auth_sys.gid == 100 &&
       strcmp(back.auth_sys.machine, "vm1") == 0 && back.auth_sys.gids_count == 1 &&
       back.auth_sys.gids[0] == 27, "a call with AUTH_SYS decodes uid, gid, machine and gids");

    /* rpcvers 3 */
    h.rpcvers = 3;
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    rpc_msg_encode_call(&x, &h);
    rpc_xdr_init_decode(&x, buf, rpc_xdr_getpos(&x));
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_BAD_RPCVERS && back.xid == 0x12345678,
       "rpcvers 3 is reported (RPC_MSG_BAD_RPCVERS) with the xid, to answer RPC_MISMATCH");

    /* A credential body above 400 bytes. */
    unsigned char bad[64];
    memcpy(bad, add_call, 24);
    memcpy(bad + 24, "\x00\x00\x00\x01\x00\x00\x01\x91", 8);   /* AUTH_SYS, length 401 */
    rpc_xdr_init_decode(&x, bad, 32);
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_BAD_CRED && back.proc == 1,
       "a credential of 401 bytes is AUTH_BADCRED material");
    /* An AUTH_SYS body that does not decode (machine name length 300). */
    static const unsigned char bad_sys[] = { 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 0x2c };
    memcpy(bad + 24, bad_sys, sizeof bad_sys);
    memset(bad + 24 + sizeof bad_sys, 0, 8);
    rpc_xdr_init_decode(&x, bad, 24 + sizeof bad_sys + 8);
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_BAD_CRED && !back.has_auth_sys,
       "an AUTH_SYS body that does not decode is AUTH_BADCRED material too");
    rpc_xdr_init_decode(&x, add_call, 7);
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_GARBAGE, "7 bytes are garbage (no msg_type)");
    rpc_xdr_init_decode(&x, add_reply, sizeof add_reply);
    ok(rpc_msg_decode_call(&x, &back) == RPC_MSG_WRONG_TYPE, "a reply is not a call");
}

/* Every reply the server may send, with its hand-computed bytes. */
static void test_replies(void)
{
    static const struct {
        const char *desc;
        struct rpc_reply_header h;
        unsigned char bytes[32];
        size_t len;
    } cases[] = {
        { "PROG_UNAVAIL: accepted (0), verifier AUTH_NONE (0, 0), 1",
          { .reply_stat = RPC_REPLY_ACCEPTED, .accept_stat = RPC_ACCEPT_PROG_UNAVAIL },
          { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,1 }, 16 },
        { "PROG_MISMATCH: accepted, 2, low 1, high 3",
          { .reply_stat = RPC_REPLY_ACCEPTED, .accept_stat = RPC_ACCEPT_PROG_MISMATCH, .low = 1, .high = 3 },
          { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,2, 0,0,0,1, 0,0,0,3 }, 24 },
        { "PROC_UNAVAIL: accepted, 3",
          { .reply_stat = RPC_REPLY_ACCEPTED, .accept_stat = RPC_ACCEPT_PROC_UNAVAIL },
          { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,3 }, 16 },
        { "GARBAGE_ARGS: accepted, 4",
          { .reply_stat = RPC_REPLY_ACCEPTED, .accept_stat = RPC_ACCEPT_GARBAGE_ARGS },
          { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,4 }, 16 },
        { "SYSTEM_ERR: accepted, 5",
          { .reply_stat = RPC_REPLY_ACCEPTED, .accept_stat = RPC_ACCEPT_SYSTEM_ERR },
          { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,5 }, 16 },
        { "RPC_MISMATCH: denied, 0, low 2, high 2",
          { .reply_stat = RPC_REPLY_DENIED, .reject_stat = RPC_REJECT_RPC_MISMATCH, .low = 2, .high = 2 },
          { 0,0,0,1, 0,0,0,0, 0,0,0,2, 0,0,0,2 }, 16 },
        { "AUTH_ERROR: denied, 1, AUTH_BADCRED",
          { .reply_stat = RPC_REPLY_DENIED, .reject_stat = RPC_REJECT_AUTH_ERROR, .auth_stat = RPC_AUTH_BADCRED },
          { 0,0,0,1, 0,0,0,1, 0,0,0,1 }, 12 },
        { "AUTH_ERROR: denied, 1, AUTH_TOOWEAK",
          { .reply_stat = RPC_REPLY_DENIED, .reject_stat = RPC_REJECT_AUTH_ERROR, .auth_stat = RPC_AUTH_TOOWEAK },
          { 0,0,0,1, 0,0,0,1, 0,0,0,5 }, 12 },
    };
    unsigned char buf[64], want[64];
    struct rpc_xdr x;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rpc_reply_header h = cases[i].h, back;

        h.xid = 0xcafe0001u;
        memcpy(want, "\xca\xfe\x00\x01\x00\x00\x00\x01", 8);
        memcpy(want + 8, cases[i].bytes, cases[i].len);
        rpc_xdr_init_encode(&x, buf, sizeof buf);
        rpc_msg_encode_reply(&x, &h);
        ok_bytes(buf, rpc_xdr_getpos(&x), want, 8 + cases[i].len, cases[i].desc);
        rpc_xdr_init_decode(&x, want, 8 + cases[i].len);
        ok(rpc_msg_decode_reply(&x, &back) == RPC_MSG_OK && back.xid == h.xid &&
           back.reply_stat == h.reply_stat && back.accept_stat == h.accept_stat &&
           back.reject_stat == h.reject_stat && back.low == h.low && back.high == h.high &&
           back.auth_stat == h.auth_stat && rpc_xdr_remaining(&x) == 0,
           "... and decodes back to the same header");
    }
    struct rpc_reply_header back;
    rpc_xdr_init_decode(&x, "\xca\xfe\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00"
                            "\x00\x00\x00\x00\x00\x00\x00\x06", 24);
    ok(rpc_msg_decode_reply(&x, &back) == RPC_MSG_GARBAGE, "an accept_stat of 6 is garbage");
    rpc_xdr_init_decode(&x, "\xca\xfe\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02", 12);
    ok(rpc_msg_decode_reply(&x, &back) == RPC_MSG_GARBAGE, "a reply_stat of 2 is garbage");
    ok(strcmp(rpc_accept_stat_name(RPC_ACCEPT_PROG_MISMATCH), "PROG_MISMATCH") == 0 &&
       strcmp(rpc_auth_stat_name(RPC_AUTH_BADCRED), "AUTH_BADCRED") == 0 &&
       strcmp(rpc_flavor_name(RPC_FLAVOR_SYS), "AUTH_SYS") == 0 &&
       strcmp(rpc_reject_stat_name(RPC_REJECT_RPC_MISMATCH), "RPC_MISMATCH") == 0,
       "names for traces: PROG_MISMATCH, AUTH_BADCRED, AUTH_SYS, RPC_MISMATCH");
}

/* ---- dispatch ----------------------------------------------------------------- */

static int add(struct rpc_request *req, void *args, void *result)
{
    const struct couple *c = args;
    float *sum = result;

    (void)req;
    *sum = c->e1 + c->e2;
    return RPC_ACCEPT_SUCCESS;
}

/* Returns the caller's uid (AUTH_SYS) or 0xffffffff. */
static int whoami(struct rpc_request *req, void *args, void *result)
{
    (void)args;
    *(uint32_t *)result = req->auth_sys != NULL ? req->auth_sys->uid : 0xffffffffu;
    return RPC_ACCEPT_SUCCESS;
}

/* Raw: reads a count then that many ints, answers their sum. */
static int sum_raw(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    uint32_t count, total = 0;

    (void)req;
    if (!rpc_xdr_u_int(args, &count) || count > 100)
        return RPC_ACCEPT_GARBAGE_ARGS;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t v;
        if (!rpc_xdr_u_int(args, &v))
            return RPC_ACCEPT_GARBAGE_ARGS;
        total += v;
    }
    return rpc_xdr_u_int(results, &total) ? RPC_ACCEPT_SUCCESS : RPC_ACCEPT_SYSTEM_ERR;
}

static int silent(struct rpc_request *req, void *args, void *result)
{
    (void)req; (void)args; (void)result;
    return RPC_HANDLER_NO_REPLY;
}

static int refuse(struct rpc_request *req, void *args, void *result)
{
    (void)args; (void)result;
    req->auth_stat = RPC_AUTH_TOOWEAK;
    return RPC_HANDLER_AUTH_ERROR;
}

static int local_only(struct rpc_request *req, void *args, void *result)
{
    (void)args;
    *(bool *)result = req->peer_is_local;
    return RPC_ACCEPT_SUCCESS;
}

static const struct rpc_proc arith_procs[] = {
    { .proc = 0 },
    { .proc = ADD_PROC, .handler = add, .args_proc = xdr_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
    { .proc = 4, .handler = whoami, .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
    { .proc = 5, .raw = sum_raw },
    { .proc = 6, .handler = silent },
    { .proc = 7, .handler = refuse },
    { .proc = 8, .handler = local_only, .result_proc = rpc_xdrproc_bool, .result_size = sizeof(bool) },
};

/* Sends msg through the dispatcher; returns its outcome, the reply decoded
 * into *h and its results position in *results_at. */
static int dispatch(struct rpc_dispatch *srv, const void *msg, size_t len,
                    struct rpc_reply_header *h, unsigned char *reply, size_t *reply_len,
                    const struct sockaddr *peer)
{
    struct rpc_xdr x;
    int outcome = rpc_dispatch_handle(srv, msg, len, RPC_UDP, -1, peer,
                                    peer != NULL ? sizeof(struct sockaddr_in) : 0,
                                    reply, 1024, reply_len);

    memset(h, 0, sizeof *h);
    if (outcome == 1) {
        rpc_xdr_init_decode(&x, reply, *reply_len);
        if (rpc_msg_decode_reply(&x, h) != RPC_MSG_OK)
            return 99;
    }
    return outcome;
}

static void test_dispatch(void)
{
    struct rpc_dispatch *srv = rpc_dispatch_create();
    unsigned char msg[512], reply[1024];
    struct rpc_reply_header h;
    size_t len, reply_len;
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
    struct sockaddr_in remote = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0xc0a80001) };

    ok(srv != NULL && rpc_dispatch_register(srv, ARITH_PROG, 1, arith_procs, 7, NULL) == 0 &&
       rpc_dispatch_register(srv, ARITH_PROG, 3, arith_procs, 2, NULL) == 0,
       "ARITH versions 1 and 3 register");
    ok(rpc_dispatch_register(srv, ARITH_PROG, 1, arith_procs, 7, NULL) < 0 && errno == EEXIST,
       "registering version 1 again fails with EEXIST");

    ok(dispatch(srv, add_call, sizeof add_call, &h, reply, &reply_len, NULL) == 1,
       "ADD(13.4, 17.1) is answered");
    ok_bytes(reply, reply_len, add_reply, sizeof add_reply, "the reply is SUCCESS, 30.5 (41 f4 00 00)");

    len = make_call(msg, sizeof msg, 2, 0x20000000, 1, 1, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_PROG_UNAVAIL, "an unknown program: PROG_UNAVAIL");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 2, 1, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_PROG_MISMATCH && h.low == 1 && h.high == 3,
       "ARITH version 2: PROG_MISMATCH, low 1, high 3");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 99, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_PROC_UNAVAIL, "procedure 99: PROC_UNAVAIL");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 3, 4, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_PROC_UNAVAIL, "procedure 4 exists in version 1 only: PROC_UNAVAIL in 3");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 1, NULL, "\x41\x56\x66\x66", 4);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_GARBAGE_ARGS, "ADD with one float instead of two: GARBAGE_ARGS");
    len = make_call(msg, sizeof msg, 3, ARITH_PROG, 1, 1, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.reply_stat == RPC_REPLY_DENIED && h.reject_stat == RPC_REJECT_RPC_MISMATCH &&
       h.low == 2 && h.high == 2 && h.xid == 0x12345678, "rpcvers 3: DENIED, RPC_MISMATCH 2..2, same xid");
    memcpy(msg, add_call, 24);
    memcpy(msg + 24, "\x00\x00\x00\x01\x00\x00\x01\x91", 8);
    ok(dispatch(srv, msg, 32, &h, reply, &reply_len, NULL) == 1 &&
       h.reply_stat == RPC_REPLY_DENIED && h.reject_stat == RPC_REJECT_AUTH_ERROR &&
       h.auth_stat == RPC_AUTH_BADCRED, "a 401-byte credential: DENIED, AUTH_ERROR, AUTH_BADCRED");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 0, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_SUCCESS && reply_len == 24, "procedure 0 (NULL): SUCCESS, no result");
    struct rpc_opaque_auth gss = { .flavor = RPC_FLAVOR_GSS, .length = 4, .body = (const unsigned char *)"abcd" };
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 0, &gss, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.reply_stat == RPC_REPLY_DENIED && h.reject_stat == RPC_REJECT_AUTH_ERROR &&
       h.auth_stat == RPC_AUTH_REJECTEDCRED, "an RPCSEC_GSS credential: DENIED, AUTH_REJECTEDCRED");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 3, 0, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 && h.accept_stat == RPC_ACCEPT_SUCCESS,
       "procedure 0 of version 3 too");

    struct rpc_auth_sys sys = { .machine = "vm2", .uid = 4242, .gid = 7 };
    struct rpc_opaque_auth cred;
    unsigned char body[RPC_AUTH_MAX_BODY];
    rpc_auth_sys_encode(&sys, body, &cred);
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 4, &cred, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 && reply_len == 28 &&
       memcmp(reply + 24, "\x00\x00\x10\x92", 4) == 0, "a handler sees the AUTH_SYS uid (4242)");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 4, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       memcmp(reply + 24, "\xff\xff\xff\xff", 4) == 0, "and no credential with AUTH_NONE");

    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 5, NULL,
                    "\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x03", 16);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 && h.accept_stat == RPC_ACCEPT_SUCCESS &&
       reply_len == 28 && memcmp(reply + 24, "\x00\x00\x00\x06", 4) == 0,
       "a raw handler decodes its own variable arguments (1 + 2 + 3 = 6)");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 5, NULL, "\x00\x00\x00\x03\x00\x00\x00\x01", 8);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_GARBAGE_ARGS && reply_len == 24,
       "a raw handler's GARBAGE_ARGS replaces what it started");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 6, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 0, "RPC_HANDLER_NO_REPLY sends nothing");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 7, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 && h.reply_stat == RPC_REPLY_DENIED &&
       h.auth_stat == RPC_AUTH_TOOWEAK, "RPC_HANDLER_AUTH_ERROR: DENIED, AUTH_TOOWEAK");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 1, 8, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, (struct sockaddr *)&local) == 1 &&
       reply[27] == 1, "a call from 127.0.0.1 is local");
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, (struct sockaddr *)&remote) == 1 &&
       reply[27] == 0, "a call from 192.168.0.1 is not");

    ok(dispatch(srv, add_call, 6, &h, reply, &reply_len, NULL) == -1, "6 bytes: malformed, no answer (-1)");
    ok(dispatch(srv, add_reply, sizeof add_reply, &h, reply, &reply_len, NULL) == 0,
       "a reply sent to the server is ignored (0)");
    ok(rpc_dispatch_unregister(srv, ARITH_PROG, 3) == 0, "version 3 unregisters");
    len = make_call(msg, sizeof msg, 2, ARITH_PROG, 3, 0, NULL, "", 0);
    ok(dispatch(srv, msg, len, &h, reply, &reply_len, NULL) == 1 &&
       h.accept_stat == RPC_ACCEPT_PROG_MISMATCH && h.low == 1 && h.high == 1,
       "then version 3 is PROG_MISMATCH 1..1");
    rpc_dispatch_destroy(srv);
}

static void test_strerror(void)
{
    struct rpc_error e;
    char text[RPC_ERRSTRLEN];

    memset(&e, 0, sizeof e);
    e.status = RPC_ERR_PROGNOTREGISTERED;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Program not registered") == 0, "%s", text);
    e.status = RPC_ERR_PROGVERSMISMATCH;
    e.low = e.high = 1;
    ok(strcmp(rpc_strerror(&e, text, sizeof text),
              "RPC: Program/version mismatch; low version = 1, high version = 1") == 0, "%s", text);
    e.status = RPC_ERR_TIMEDOUT;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Timed out") == 0, "%s", text);
    e.status = RPC_ERR_PROCUNAVAIL;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Procedure unavailable") == 0, "%s", text);
    e.status = RPC_ERR_CANTRECV;
    e.sys_errno = ECONNREFUSED;
    ok(strcmp(rpc_strerror(&e, text, sizeof text),
              "RPC: Unable to receive; errno = Connection refused") == 0, "%s", text);
    e.status = RPC_ERR_AUTHERROR;
    e.auth_stat = RPC_AUTH_TOOWEAK;
    ok(strcmp(rpc_strerror(&e, text, sizeof text),
              "RPC: Authentication error; why = Client credential too weak") == 0, "%s", text);
    e.status = RPC_ERR_VERSMISMATCH;
    e.low = e.high = 2;
    ok(strcmp(rpc_strerror(&e, text, sizeof text),
              "RPC: Incompatible versions of RPC; low version = 2, high version = 2") == 0, "%s", text);
    e.status = RPC_ERR_PMAPFAILURE;
    e.cause = RPC_ERR_TIMEDOUT;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Port mapper failure - RPC: Timed out") == 0,
       "%s", text);
    e.status = RPC_ERR_SYSTEMERROR;
    e.sys_errno = ECONNREFUSED;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Remote system error - Connection refused") == 0,
       "%s", text);
    e.status = RPC_ERR_PROGUNAVAIL;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Program unavailable") == 0, "%s", text);
    e.status = RPC_ERR_CANTDECODEARGS;
    ok(strcmp(rpc_strerror(&e, text, sizeof text), "RPC: Server can't decode arguments") == 0, "%s", text);
}

static void test_uaddr(void)
{
    unsigned short port = 0;

    ok(rpc_uaddr_port("127.0.0.1.3.233", &port) == 0 && port == 1001, "uaddr 127.0.0.1.3.233 is port 1001");
    ok(rpc_uaddr_port("::1.0.111", &port) == 0 && port == 111, "uaddr ::1.0.111 is port 111");
    ok(rpc_uaddr_port("0.0.0.0.128.0", &port) == 0 && port == 32768, "uaddr 0.0.0.0.128.0 is port 32768");
    ok(rpc_uaddr_port("127.0.0.1.256.1", &port) < 0 && rpc_uaddr_port("111", &port) < 0 &&
       rpc_uaddr_port(".1.2", &port) == 0 && rpc_uaddr_port("a.b", &port) < 0 &&
       rpc_uaddr_port("1.-2", &port) < 0 && rpc_uaddr_port("", &port) < 0,
       "bad universal addresses are refused (256, no dots, not numbers, empty)");
    ok(rpc_uaddr_port("127.0.0.1.0.0", &port) < 0, "uaddr 127.0.0.1.0.0 (port 0) is refused");
}

static void test_transport_names(void)
{
    enum rpc_transport t = RPC_LOCAL, u = RPC_LOCAL, bad = RPC_LOCAL;
    ok(rpc_transport_parse("tcp", &t) == 0 && t == RPC_TCP &&
       rpc_transport_parse("udp", &u) == 0 && u == RPC_UDP &&
       rpc_transport_parse("TCP", &bad) < 0 && rpc_transport_parse("", &bad) < 0 &&
       rpc_transport_parse("local", &bad) < 0 && bad == RPC_LOCAL &&
       strcmp(rpc_transport_name(t), "tcp") == 0 && strcmp(rpc_transport_name(u), "udp") == 0,
       "-T names: tcp and udp parse and print back; TCP, empty and local are refused");
}

int main(void)
{
    plan(73);
    test_headers();
    test_replies();
    test_dispatch();
    test_strerror();
    test_uaddr();
    test_transport_names();
    return done();
}
