/* stub: to be implemented */
#include <errno.h>
#include <stddef.h>
#include "rpc_msg.h"

bool rpc_msg_encode_call(struct rpc_xdr *x, const struct rpc_call_header *h)
{
    (void)x;
    (void)h;
    return false;
}

enum rpc_msg_status rpc_msg_decode_call(struct rpc_xdr *x, struct rpc_call_header *h)
{
    (void)x;
    (void)h;
    return 0;
}

bool rpc_msg_encode_reply(struct rpc_xdr *x, const struct rpc_reply_header *h)
{
    (void)x;
    (void)h;
    return false;
}

enum rpc_msg_status rpc_msg_decode_reply(struct rpc_xdr *x, struct rpc_reply_header *h)
{
    (void)x;
    (void)h;
    return 0;
}

bool rpc_xdr_opaque_auth(struct rpc_xdr *x, struct rpc_opaque_auth *auth)
{
    (void)x;
    (void)auth;
    return false;
}

bool rpc_xdr_auth_sys(struct rpc_xdr *x, struct rpc_auth_sys *sys)
{
    (void)x;
    (void)sys;
    return false;
}

bool rpc_auth_sys_decode(const struct rpc_opaque_auth *cred, struct rpc_auth_sys *sys)
{
    (void)cred;
    (void)sys;
    return false;
}

bool rpc_auth_sys_encode(const struct rpc_auth_sys *sys, unsigned char *body, struct rpc_opaque_auth *cred)
{
    (void)sys;
    (void)body;
    (void)cred;
    return false;
}

const char *rpc_msg_type_name(uint32_t msg_type)
{
    (void)msg_type;
    return NULL;
}

const char *rpc_reply_stat_name(uint32_t reply_stat)
{
    (void)reply_stat;
    return NULL;
}

const char *rpc_accept_stat_name(uint32_t accept_stat)
{
    (void)accept_stat;
    return NULL;
}

const char *rpc_reject_stat_name(uint32_t reject_stat)
{
    (void)reject_stat;
    return NULL;
}

const char *rpc_auth_stat_name(uint32_t auth_stat)
{
    (void)auth_stat;
    return NULL;
}

const char *rpc_flavor_name(uint32_t flavor)
{
    (void)flavor;
    return NULL;
}

const char *rpc_transport_name(enum rpc_transport transport)
{
    (void)transport;
    return NULL;
}

bool rpc_msg_peek(const void *msg, size_t length, uint32_t *xid, uint32_t *msg_type)
{
    (void)msg;
    (void)length;
    (void)xid;
    (void)msg_type;
    return false;
}
