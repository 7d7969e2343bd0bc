/*
 * rpc/rpc.h - the slides' simplified RPC API on socklab's runtime:
 *
 *   client:  callrpc(host, prog, vers, proc, inproc, in, outproc, out)
 *   server:  registerrpc(prog, vers, proc, procedure, inproc, outproc) for
 *            each procedure, then svc_run()
 *
 * What this API hides, as the original did:
 *   - one transport, UDP: callrpc() calls over UDP, registerrpc() serves and
 *     registers UDP only (use rpc_client.h / rpc_server.h, or rpcgen, for TCP);
 *   - the portmapper: callrpc() first asks the one on HOST (PMAPPROC_GETPORT,
 *     version 2, over UDP) for the program's port; registerrpc() tells the
 *     local one, as libtirpc does: through rpcbind's socket /run/rpcbind.sock
 *     when rpcbind answers there (version 4 SET), else at 127.0.0.1 (version
 *     2 PMAPPROC_SET, over UDP); a registration left by a dead server, one
 *     that no longer answers procedure 0, is taken over, where the original
 *     would UNSET first and so steal a live one too;
 *   - the retries: a call with no answer is sent again, with the same xid,
 *     after 0.5 s, 1 s, 2 s, then every 4 s, for 25 s in all (RPC_TIMEDOUT);
 *     the original (libtirpc's rpc_call) also gives up after 25 s, but
 *     sends again every 5 s, and may spend up to 60 s asking rpcbind first
 *     where this one gives the portmapper 5 s per address;
 *   - the addresses: each address host resolves to is tried in turn, for
 *     the portmapper and for the call (vm1: IPv6, then IPv4), the 25 s
 *     shared between them.
 *
 * The portmapper's port is 111; the environment variable SOCKLAB_PMAP_PORT
 * changes it (rpc_portmap -p 11111 without root: SOCKLAB_PMAP_PORT=11111),
 * and registerrpc() then uses that port alone, over UDP, not rpcbind's
 * socket; SOCKLAB_RPCBIND_SOCK=PATH names another socket (rpc_portmap -s
 * PATH), used alone. libtirpc ignores both: it always asks rpcbind on its
 * socket or port 111.
 *
 * One difference with the original, said where it matters: on SIGINT or
 * SIGTERM, svc_run() unregisters every program from the portmapper and
 * RETURNS; the original never returns (Ctrl-C kills the process and leaves
 * its registration behind, as a libtirpc build of the same file shows).
 *
 * Link: rpc/librpcclassic.a rpc/librpc.a -lm (the handout says how).
 */
#ifndef SOCKLAB_CLASSIC_RPC_RPC_H
#define SOCKLAB_CLASSIC_RPC_RPC_H

#include <rpc/types.h>
#include <rpc/xdr.h>

/* The outcome of a call: the original's numbers and clnt_perrno's texts. */
enum clnt_stat {
    RPC_SUCCESS = 0,
    RPC_CANTENCODEARGS = 1,
    RPC_CANTDECODERES = 2,
    RPC_CANTSEND = 3,
    RPC_CANTRECV = 4,
    RPC_TIMEDOUT = 5,
    RPC_VERSMISMATCH = 6,
    RPC_AUTHERROR = 7,
    RPC_PROGUNAVAIL = 8,
    RPC_PROGVERSMISMATCH = 9,
    RPC_PROCUNAVAIL = 10,
    RPC_CANTDECODEARGS = 11,
    RPC_SYSTEMERROR = 12,
    RPC_UNKNOWNHOST = 13,
    RPC_PMAPFAILURE = 14,
    RPC_PROGNOTREGISTERED = 15,
    RPC_FAILED = 16,
    RPC_UNKNOWNPROTO = 17
};

/* The largest UDP message of the original; a procedure's decoded arguments
 * get this many bytes. */
#ifndef UDPMSGSIZE
#define UDPMSGSIZE 8800
#endif

#define NULLPROC 0   /* procedure 0 of every program: no argument, no result */

/* Calls procedure procnum of (prognum, versnum) on host over UDP: asks host's
 * portmapper for the port, encodes *in through inproc, sends (again, if no
 * answer comes), decodes the result into *out through outproc. Returns
 * RPC_SUCCESS (0) or the error, an enum clnt_stat (clnt_perrno prints it). */
int callrpc(const char *host, u_long prognum, u_long versnum, u_long procnum,
            xdrproc_t inproc, const char *in, xdrproc_t outproc, char *out);

/* Makes procedure procnum of (prognum, versnum) call progname: its argument
 * is decoded by inproc into a zeroed buffer (UDPMSGSIZE bytes) given to
 * progname, which returns a pointer to its result (a static variable), then
 * encoded by outproc. A NULL result sends no reply. The first procedure of a
 * (prognum, versnum) registers it with the portmapper (UDP). Returns 0, or -1
 * after printing why on stderr (procedure 0, or already registered, or the
 * portmapper refused or did not answer). Unlike the original, which UNSETs
 * (prognum, versnum) before SETting it, so that a second server of the same
 * program takes the portmapper's entry from a first one still running, a
 * registration held by a live server is refused; one left by a dead server
 * is taken over, and said (rpcinfo -p shows which port is served). */
int registerrpc(u_long prognum, u_long versnum, u_long procnum, char *(*progname)(char *),
                xdrproc_t inproc, xdrproc_t outproc);

/* Serves the registered procedures. Returns after SIGINT or SIGTERM (having
 * unregistered every program from the portmapper), or on a failure (printed). */
void svc_run(void);

/* The text of a status ("RPC: Program not registered") and printing it. */
char *clnt_sperrno(enum clnt_stat stat);
void clnt_perrno(enum clnt_stat stat);

#endif
