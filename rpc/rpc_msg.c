/*
 * rpc_msg.c - ONC RPC v2 call and reply headers (RFC 5531 section 9), and
 * AUTH_NONE / AUTH_SYS authenticators. See rpc_msg.h for the contracts.
 */
#include "rpc_msg.h"

#include <string.h>

/* ---- authenticators ------------------------------------------------------ */

bool rpc_xdr_opaque_auth(struct rpc_xdr *x, struct rpc_opaque_auth *auth)
{
    return rpc_xdr_u_int(x, &auth->flavor) &&
           rpc_xdr_bytes_ref(x, &auth->body, &auth->length, RPC_AUTH_MAX_BODY);
}

bool rpc_xdr_auth_sys(struct rpc_xdr *x, struct rpc_auth_sys *sys)
{
    void *gids = sys->gids;   /* the variable array goes into our fixed one */

    if (x->op == RPC_XDR_FREE)
        return true;          /* nothing is ever allocated */
    return rpc_xdr_u_int(x, &sys->stamp) &&
           rpc_xdr_string_buf(x, sys->machine, sizeof sys->machine) &&
           rpc_xdr_u_int(x, &sys->uid) &&
           rpc_xdr_u_int(x, &sys->gid) &&
           rpc_xdr_array(x, &gids, &sys->gids_count, RPC_AUTH_SYS_MAXGIDS,
                         sizeof sys->gids[0], rpc_xdrproc_u_int);
}

bool rpc_auth_sys_decode(const struct rpc_opaque_auth *cred,
                         struct rpc_auth_sys *sys)
{
    struct rpc_xdr x;

    memset(sys, 0, sizeof *sys);
    if (cred->flavor != RPC_FLAVOR_SYS)
        return false;
    rpc_xdr_init_decode(&x, cred->body, cred->length);
    if (!rpc_xdr_auth_sys(&x, sys) || rpc_xdr_remaining(&x) != 0) {
        memset(sys, 0, sizeof *sys);
        return false;
    }
    return true;
}

bool rpc_auth_sys_encode(const struct rpc_auth_sys *sys, unsigned char *body,
                         struct rpc_opaque_auth *cred)
{
    struct rpc_xdr x;
    struct rpc_auth_sys copy = *sys;   /* the filter takes a non-const object */

    rpc_xdr_init_encode(&x, body, RPC_AUTH_MAX_BODY);
    if (!rpc_xdr_auth_sys(&x, &copy))
        return false;
    cred->flavor = RPC_FLAVOR_SYS;
    cred->length = (uint32_t)rpc_xdr_getpos(&x);
    cred->body = body;
    return true;
}

/* ---- calls --------------------------------------------------------------- */

bool rpc_msg_encode_call(struct rpc_xdr *x, const struct rpc_call_header *h)
{
    struct rpc_call_header c = *h;     /* the filters take non-const objects */
    uint32_t type = RPC_MSG_CALL;

    return rpc_xdr_u_int(x, &c.xid) && rpc_xdr_u_int(x, &type) &&
           rpc_xdr_u_int(x, &c.rpcvers) && rpc_xdr_u_int(x, &c.prog) &&
           rpc_xdr_u_int(x, &c.vers) && rpc_xdr_u_int(x, &c.proc) &&
           rpc_xdr_opaque_auth(x, &c.cred) && rpc_xdr_opaque_auth(x, &c.verf);
}

enum rpc_msg_status rpc_msg_decode_call(struct rpc_xdr *x,
                                        struct rpc_call_header *h)
{
    uint32_t type;

    memset(h, 0, sizeof *h);
    if (!rpc_xdr_u_int(x, &h->xid) || !rpc_xdr_u_int(x, &type))
        return RPC_MSG_GARBAGE;
    if (type != RPC_MSG_CALL)
        return RPC_MSG_WRONG_TYPE;
    if (!rpc_xdr_u_int(x, &h->rpcvers))
        return RPC_MSG_GARBAGE;
    if (h->rpcvers != RPC_VERSION)
        return RPC_MSG_BAD_RPCVERS;
    if (!rpc_xdr_u_int(x, &h->prog) || !rpc_xdr_u_int(x, &h->vers) ||
        !rpc_xdr_u_int(x, &h->proc))
        return RPC_MSG_GARBAGE;
    /* From here the call can be answered: a credential or verifier that
     * does not decode (cut short, body above 400 bytes) is AUTH_BADCRED. */
    if (!rpc_xdr_opaque_auth(x, &h->cred) || !rpc_xdr_opaque_auth(x, &h->verf))
        return RPC_MSG_BAD_CRED;
    if (h->cred.flavor == RPC_FLAVOR_SYS) {
        if (!rpc_auth_sys_decode(&h->cred, &h->auth_sys))
            return RPC_MSG_BAD_CRED;
        h->has_auth_sys = true;
    }
    return RPC_MSG_OK;
}

/* ---- replies ------------------------------------------------------------- */

bool rpc_msg_encode_reply(struct rpc_xdr *x, const struct rpc_reply_header *h)
{
    struct rpc_reply_header r = *h;
    uint32_t type = RPC_MSG_REPLY;

    if (!rpc_xdr_u_int(x, &r.xid) || !rpc_xdr_u_int(x, &type) ||
        !rpc_xdr_u_int(x, &r.reply_stat))
        return false;
    if (r.reply_stat == RPC_REPLY_ACCEPTED) {
        if (!rpc_xdr_opaque_auth(x, &r.verf) || !rpc_xdr_u_int(x, &r.accept_stat))
            return false;
        if (r.accept_stat == RPC_ACCEPT_PROG_MISMATCH)
            return rpc_xdr_u_int(x, &r.low) && rpc_xdr_u_int(x, &r.high);
        return true;
    }
    if (!rpc_xdr_u_int(x, &r.reject_stat))
        return false;
    if (r.reject_stat == RPC_REJECT_RPC_MISMATCH)
        return rpc_xdr_u_int(x, &r.low) && rpc_xdr_u_int(x, &r.high);
    return rpc_xdr_u_int(x, &r.auth_stat);
}

enum rpc_msg_status rpc_msg_decode_reply(struct rpc_xdr *x,
                                         struct rpc_reply_header *h)
{
    uint32_t type;

    memset(h, 0, sizeof *h);
    if (!rpc_xdr_u_int(x, &h->xid) || !rpc_xdr_u_int(x, &type))
        return RPC_MSG_GARBAGE;
    if (type != RPC_MSG_REPLY)
        return RPC_MSG_WRONG_TYPE;
    if (!rpc_xdr_u_int(x, &h->reply_stat))
        return RPC_MSG_GARBAGE;
    switch (h->reply_stat) {
    case RPC_REPLY_ACCEPTED:
        if (!rpc_xdr_opaque_auth(x, &h->verf) || !rpc_xdr_u_int(x, &h->accept_stat))
            return RPC_MSG_GARBAGE;
        if (h->accept_stat > RPC_ACCEPT_SYSTEM_ERR)
            return RPC_MSG_GARBAGE;
        if (h->accept_stat == RPC_ACCEPT_PROG_MISMATCH &&
            (!rpc_xdr_u_int(x, &h->low) || !rpc_xdr_u_int(x, &h->high)))
            return RPC_MSG_GARBAGE;
        return RPC_MSG_OK;
    case RPC_REPLY_DENIED:
        if (!rpc_xdr_u_int(x, &h->reject_stat))
            return RPC_MSG_GARBAGE;
        if (h->reject_stat == RPC_REJECT_RPC_MISMATCH)
            return rpc_xdr_u_int(x, &h->low) && rpc_xdr_u_int(x, &h->high)
                       ? RPC_MSG_OK : RPC_MSG_GARBAGE;
        if (h->reject_stat == RPC_REJECT_AUTH_ERROR)
            return rpc_xdr_u_int(x, &h->auth_stat) ? RPC_MSG_OK : RPC_MSG_GARBAGE;
        return RPC_MSG_GARBAGE;
    }
    return RPC_MSG_GARBAGE;
}

bool rpc_msg_peek(const void *msg, size_t length, uint32_t *xid,
                  uint32_t *msg_type)
{
    struct rpc_xdr x;

    rpc_xdr_init_decode(&x, msg, length);
    return rpc_xdr_u_int(&x, xid) && rpc_xdr_u_int(&x, msg_type);
}

/* ---- names --------------------------------------------------------------- */

const char *rpc_msg_type_name(uint32_t msg_type)
{
    switch (msg_type) {
    case RPC_MSG_CALL:  return "CALL";
    case RPC_MSG_REPLY: return "REPLY";
    }
    return "?";
}

const char *rpc_reply_stat_name(uint32_t reply_stat)
{
    switch (reply_stat) {
    case RPC_REPLY_ACCEPTED: return "MSG_ACCEPTED";
    case RPC_REPLY_DENIED:   return "MSG_DENIED";
    }
    return "?";
}

const char *rpc_accept_stat_name(uint32_t accept_stat)
{
    switch (accept_stat) {
    case RPC_ACCEPT_SUCCESS:       return "SUCCESS";
    case RPC_ACCEPT_PROG_UNAVAIL:  return "PROG_UNAVAIL";
    case RPC_ACCEPT_PROG_MISMATCH: return "PROG_MISMATCH";
    case RPC_ACCEPT_PROC_UNAVAIL:  return "PROC_UNAVAIL";
    case RPC_ACCEPT_GARBAGE_ARGS:  return "GARBAGE_ARGS";
    case RPC_ACCEPT_SYSTEM_ERR:    return "SYSTEM_ERR";
    }
    return "?";
}

const char *rpc_reject_stat_name(uint32_t reject_stat)
{
    switch (reject_stat) {
    case RPC_REJECT_RPC_MISMATCH: return "RPC_MISMATCH";
    case RPC_REJECT_AUTH_ERROR:   return "AUTH_ERROR";
    }
    return "?";
}

const char *rpc_auth_stat_name(uint32_t auth_stat)
{
    switch (auth_stat) {
    case RPC_AUTH_OK:           return "AUTH_OK";
    case RPC_AUTH_BADCRED:      return "AUTH_BADCRED";
    case RPC_AUTH_REJECTEDCRED: return "AUTH_REJECTEDCRED";
    case RPC_AUTH_BADVERF:      return "AUTH_BADVERF";
    case RPC_AUTH_REJECTEDVERF: return "AUTH_REJECTEDVERF";
    case RPC_AUTH_TOOWEAK:      return "AUTH_TOOWEAK";
    case RPC_AUTH_INVALIDRESP:  return "AUTH_INVALIDRESP";
    case RPC_AUTH_FAILED:       return "AUTH_FAILED";
    }
    return "?";
}

const char *rpc_flavor_name(uint32_t flavor)
{
    switch (flavor) {
    case RPC_FLAVOR_NONE:  return "AUTH_NONE";
    case RPC_FLAVOR_SYS:   return "AUTH_SYS";
    case RPC_FLAVOR_SHORT: return "AUTH_SHORT";
    case RPC_FLAVOR_DH:    return "AUTH_DH";
    case RPC_FLAVOR_GSS:   return "RPCSEC_GSS";
    }
    return "?";
}
