/*
 * fuzz_arith.c - libFuzzer target for the ARITH server's dispatch: program
 * 0x33333333 version 1 (rpc/rpc_arith_server.c: NULL, ADD, MULT, SQRT on a
 * struct couple) behind the runtime's dispatch (rpc_dispatch_handle), as its sockets
 * would call it. The program's own file is compiled in (its main()
 * renamed), so the fuzzer reaches its very stubs and XDR filters. Bits of
 * the xid choose the transport. Every reply must decode as a reply with the
 * call's xid; a SUCCESS carries exactly one float.
 */
#define main rpc_arith_server_main
#include "../../rpc/rpc_arith_server.c"
#undef main

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char reply[65536];
    static struct rpc_server *srv;
    uint32_t xid = 0;
    size_t reply_length = 0;
    int outcome;

    if (srv == NULL) {
        srv = rpc_server_create();
        if (srv == NULL ||
            rpc_server_register(srv, ARITH_PROG, ARITH_VERS1, arith_procs,
                                sizeof arith_procs / sizeof arith_procs[0], NULL) < 0)
            abort();
    }
    if (size >= 4)
        xid = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];

    outcome = rpc_dispatch_handle(rpc_server_dispatch(srv), data, size,
                                  (xid & 2) ? RPC_UDP : RPC_TCP, -1, NULL, 0,
                                  reply, sizeof reply, &reply_length);
    if (outcome > 0) {
        struct rpc_xdr x;
        struct rpc_reply_header h;
        float result;

        rpc_xdr_init_decode(&x, reply, reply_length);
        if (reply_length == 0 || rpc_msg_decode_reply(&x, &h) != RPC_MSG_OK || h.xid != xid)
            abort();
        if (h.reply_stat == RPC_REPLY_ACCEPTED && h.accept_stat == RPC_ACCEPT_SUCCESS &&
            size >= 24 && data[23] != 0 &&
            (!rpc_xdr_float(&x, &result) || rpc_xdr_remaining(&x) != 0))
            abort();   /* ADD, MULT, SQRT answer one float, nothing more */
    }
    return 0;
}
