/*
 * rpc_msg.h - ONC RPC version 2 messages (RFC 5531), encoded with XDR.
 *
 * A call:    xid, CALL (0), rpcvers (2), prog, vers, proc, cred, verf, args...
 * A reply:   xid, REPLY (1), then either
 *            MSG_ACCEPTED (0), verf, accept_stat, [low, high | results...]
 *            MSG_DENIED (1), RPC_MISMATCH (0) low high | AUTH_ERROR (1) auth_stat
 * An authenticator (cred, verf) is a flavor and at most 400 opaque bytes;
 * AUTH_SYS's body is stamp, machine name (<= 255), uid, gid, gids (<= 16).
 *
 * The encoders write a header into an rpc_xdr stream; the arguments or the
 * results follow in the same stream. The decoders read a header and leave
 * the stream on the first byte of the arguments or results.
 */
#ifndef SOCKLAB_RPC_MSG_H
#define SOCKLAB_RPC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xdr.h"

#define RPC_VERSION 2          /* the only rpcvers this library speaks */

/* msg_type */
#define RPC_MSG_CALL  0
#define RPC_MSG_REPLY 1

/* reply_stat */
#define RPC_REPLY_ACCEPTED 0   /* MSG_ACCEPTED */
#define RPC_REPLY_DENIED   1   /* MSG_DENIED */

/* accept_stat */
#define RPC_ACCEPT_SUCCESS       0   /* the call ran; results follow */
#define RPC_ACCEPT_PROG_UNAVAIL  1   /* no such program here */
#define RPC_ACCEPT_PROG_MISMATCH 2   /* program here, not that version: low, high follow */
#define RPC_ACCEPT_PROC_UNAVAIL  3   /* no such procedure in that version */
#define RPC_ACCEPT_GARBAGE_ARGS  4   /* the arguments could not be decoded */
#define RPC_ACCEPT_SYSTEM_ERR    5   /* e.g. the server ran out of memory */

/* reject_stat */
#define RPC_REJECT_RPC_MISMATCH 0    /* rpcvers is not 2: low, high follow */
#define RPC_REJECT_AUTH_ERROR   1    /* auth_stat follows */

/* auth_stat */
#define RPC_AUTH_OK           0
#define RPC_AUTH_BADCRED      1   /* bad credential (seal broken) */
#define RPC_AUTH_REJECTEDCRED 2   /* client must begin new session */
#define RPC_AUTH_BADVERF      3   /* bad verifier (seal broken) */
#define RPC_AUTH_REJECTEDVERF 4   /* verifier expired or replayed */
#define RPC_AUTH_TOOWEAK      5   /* rejected for security reasons */
#define RPC_AUTH_INVALIDRESP  6   /* bogus response verifier */
#define RPC_AUTH_FAILED       7   /* reason unknown */

/* auth_flavor */
#define RPC_FLAVOR_NONE  0        /* AUTH_NONE */
#define RPC_FLAVOR_SYS   1        /* AUTH_SYS (formerly AUTH_UNIX) */
#define RPC_FLAVOR_SHORT 2        /* AUTH_SHORT */
#define RPC_FLAVOR_DH    3        /* AUTH_DH */
#define RPC_FLAVOR_GSS   6        /* RPCSEC_GSS */

/* Limits from RFC 5531. */
#define RPC_AUTH_MAX_BODY    400  /* bytes of an authenticator body */
#define RPC_AUTH_SYS_MAXNAME 255  /* characters of AUTH_SYS's machine name */
#define RPC_AUTH_SYS_MAXGIDS 16   /* AUTH_SYS's auxiliary groups */

/* An authenticator as on the wire. Decoded, body points INTO the message
 * buffer (no copy): valid as long as that buffer. */
struct rpc_opaque_auth {
    uint32_t flavor;              /* RPC_FLAVOR_... */
    uint32_t length;              /* 0..RPC_AUTH_MAX_BODY */
    const unsigned char *body;    /* length bytes (NULL allowed when length is 0) */
};

/* The body of an AUTH_SYS credential: who the caller says it is. */
struct rpc_auth_sys {
    uint32_t stamp;                          /* arbitrary id chosen by the caller */
    char machine[RPC_AUTH_SYS_MAXNAME + 1];  /* the caller's host name */
    uint32_t uid;
    uint32_t gid;
    uint32_t gids_count;                     /* 0..RPC_AUTH_SYS_MAXGIDS */
    uint32_t gids[RPC_AUTH_SYS_MAXGIDS];
};

/* A call header. */
struct rpc_call_header {
    uint32_t xid;                 /* transaction id, echoed by the reply */
    uint32_t rpcvers;             /* RPC_VERSION */
    uint32_t prog, vers, proc;
    struct rpc_opaque_auth cred;
    struct rpc_opaque_auth verf;
    bool has_auth_sys;            /* decode: cred is AUTH_SYS and auth_sys holds it */
    struct rpc_auth_sys auth_sys; /* decode: the decoded AUTH_SYS credential */
};

/* A reply header: the fields that apply to reply_stat / accept_stat /
 * reject_stat are meaningful, the others are ignored (encode) or zero
 * (decode). */
struct rpc_reply_header {
    uint32_t xid;
    uint32_t reply_stat;          /* RPC_REPLY_ACCEPTED or RPC_REPLY_DENIED */
    struct rpc_opaque_auth verf;  /* accepted: the server's verifier (AUTH_NONE) */
    uint32_t accept_stat;         /* accepted: RPC_ACCEPT_... */
    uint32_t reject_stat;         /* denied: RPC_REJECT_... */
    uint32_t low, high;           /* PROG_MISMATCH (versions of the program) or
                                     RPC_MISMATCH (versions of RPC) */
    uint32_t auth_stat;           /* denied with AUTH_ERROR: RPC_AUTH_... */
};

/* What a header decoder found. */
enum rpc_msg_status {
    RPC_MSG_OK = 0,         /* header decoded; the stream is at the body */
    RPC_MSG_GARBAGE,        /* too short or malformed before the xid was known,
                               or a reply that is not a valid reply: drop it */
    RPC_MSG_WRONG_TYPE,     /* xid decoded, but a call where a reply was expected
                               (or the reverse): drop it */
    RPC_MSG_BAD_RPCVERS,    /* call: xid and rpcvers decoded, rpcvers != 2:
                               answer DENIED / RPC_MISMATCH (2, 2) */
    RPC_MSG_BAD_CRED        /* call: xid, prog, vers, proc decoded, but the
                               credential or verifier is malformed (body above
                               400 bytes, an AUTH_SYS body that does not
                               decode): answer DENIED / AUTH_ERROR AUTH_BADCRED */
};

/* Encodes a call header (xid .. verf). h->rpcvers is written as given (tests
 * use it to send a wrong version). The arguments follow in x. */
bool rpc_msg_encode_call(struct rpc_xdr *x, const struct rpc_call_header *h);

/* Decodes a call header into *h (every field written; the fields after the
 * point of failure are zero). Returns RPC_MSG_OK with x at the arguments, or
 * the reason it stopped; h->xid is valid for every status but RPC_MSG_GARBAGE. */
enum rpc_msg_status rpc_msg_decode_call(struct rpc_xdr *x,
                                        struct rpc_call_header *h);

/* Encodes a reply header: for an accepted SUCCESS the results follow in x;
 * PROG_MISMATCH and RPC_MISMATCH write low/high, AUTH_ERROR writes auth_stat. */
bool rpc_msg_encode_reply(struct rpc_xdr *x, const struct rpc_reply_header *h);

/* Decodes a reply header into *h. Returns RPC_MSG_OK (x at the results if
 * accepted SUCCESS), RPC_MSG_WRONG_TYPE or RPC_MSG_GARBAGE. An unknown
 * accept/reject stat value is RPC_MSG_GARBAGE. */
enum rpc_msg_status rpc_msg_decode_reply(struct rpc_xdr *x,
                                         struct rpc_reply_header *h);

/* Filter for an authenticator (flavor, body <= 400 bytes, body by reference). */
bool rpc_xdr_opaque_auth(struct rpc_xdr *x, struct rpc_opaque_auth *auth);

/* Filter for an AUTH_SYS body (machine name <= 255, gids <= 16). */
bool rpc_xdr_auth_sys(struct rpc_xdr *x, struct rpc_auth_sys *sys);

/* Decodes cred's body as AUTH_SYS into *sys. The whole body must be used.
 * Returns true, or false if cred is not AUTH_SYS or does not decode. */
bool rpc_auth_sys_decode(const struct rpc_opaque_auth *cred,
                         struct rpc_auth_sys *sys);

/* Encodes *sys into body (at least RPC_AUTH_MAX_BODY bytes) and sets *cred to
 * an AUTH_SYS authenticator pointing at body. Returns false if it does not
 * fit (a machine name above 255 characters, more than 16 gids). */
bool rpc_auth_sys_encode(const struct rpc_auth_sys *sys, unsigned char *body,
                         struct rpc_opaque_auth *cred);

/* Names for traces and messages: "CALL", "MSG_ACCEPTED", "PROG_MISMATCH",
 * "AUTH_ERROR", "AUTH_BADCRED", "AUTH_SYS", ... or "?" for unknown values. */
const char *rpc_msg_type_name(uint32_t msg_type);
const char *rpc_reply_stat_name(uint32_t reply_stat);
const char *rpc_accept_stat_name(uint32_t accept_stat);
const char *rpc_reject_stat_name(uint32_t reject_stat);
const char *rpc_auth_stat_name(uint32_t auth_stat);
const char *rpc_flavor_name(uint32_t flavor);

/* Peeks at the first two words of a message without decoding the rest:
 * sets *xid and *msg_type. Returns false if the message is shorter than 8
 * bytes. */
bool rpc_msg_peek(const void *msg, size_t length, uint32_t *xid,
                  uint32_t *msg_type);

#endif
