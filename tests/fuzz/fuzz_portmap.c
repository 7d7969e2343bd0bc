/*
 * fuzz_portmap.c - libFuzzer target for the portmapper's dispatch: every
 * procedure of versions 2, 3 and 4 of program 100000 (rpc/rpc_portmap.c
 * and rpc/rpcbind.c) behind the runtime's dispatch (rpc_dispatch_handle),
 * as the sockets would call it.
 *
 * The program's own file is compiled in (its main() renamed), so the fuzzer
 * reaches the very handlers rpc_portmap runs. The input is one RPC message;
 * bits of its xid choose the caller (local, or a remote 192.0.2.1, which
 * must be refused SET and UNSET) and the transport (TCP or UDP). The table
 * persists across inputs, so it fills up and the full-table paths run too.
 * CALLIT and INDIRECT are always called from the remote address: a local one
 * would really forward the call over the loopback and wait for it.
 * Every reply must decode as a reply with the call's xid.
 */
#define main rpc_portmap_main
#include "../../rpc/rpc_portmap.c"
#undef main

#include <arpa/inet.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char reply[1 << 20];   /* the runtime's largest reply: 1 MiB */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct portmap pm;
    static struct rpc_server *srv;
    struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(700) };
    uint32_t xid = 0, proc = 0;
    size_t reply_length = 0;
    int outcome;

    if (srv == NULL) {
        pm.self_owner = "superuser";
        pm.port = 111;
        srv = create_server(&pm);      /* versions 2, 3 and 4, as rpc_portmap serves them */
        if (srv == NULL)
            abort();
        rpc_server_set_log(srv, NULL, NULL, false);
        register_self(&pm, "tcp", "127.0.0.1.0.111");
        register_self(&pm, "udp", "127.0.0.1.0.111");
    }
    if (size >= 4)
        xid = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
    if (size >= 24)
        proc = (uint32_t)data[20] << 24 | (uint32_t)data[21] << 16 | (uint32_t)data[22] << 8 |
               data[23];
    peer.sin_addr.s_addr = htonl((xid & 1) == 0 && proc != PMAPPROC_CALLIT &&
                                 proc != RPCBPROC_INDIRECT ? 0x7f000001u : 0xc0000201u);

    outcome = rpc_dispatch_handle(rpc_server_dispatch(srv), data, size,
                                  (xid & 2) ? RPC_UDP : RPC_TCP, -1,
                                  (struct sockaddr *)&peer, sizeof peer, reply, sizeof reply,
                                  &reply_length);
    if (outcome > 0) {
        struct rpc_xdr x;
        struct rpc_reply_header h;

        rpc_xdr_init_decode(&x, reply, reply_length);
        if (reply_length == 0 || rpc_msg_decode_reply(&x, &h) != RPC_MSG_OK || h.xid != xid)
            abort();
    }
    if (pm.count > MAX_MAPPINGS)
        abort();
    return 0;
}
