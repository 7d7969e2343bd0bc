/*
 * wireshark_test.c - Wireshark's RPC dissector reads what rpc/ writes.
 *
 * Messages encoded by the library (calls with AUTH_NONE and AUTH_SYS, and
 * replies: SUCCESS, PROG_MISMATCH, PROC_UNAVAIL, RPC_MISMATCH, AUTH_ERROR;
 * over UDP, and over TCP in a record of two fragments) are written as a hex
 * dump, turned into a capture by text2pcap, and dissected by tshark; the
 * fields tshark finds must be the ones encoded. No network, no root: the
 * capture is made offline. Skipped when tshark or text2pcap is missing.
 */
#include "tap.h"
#include "rpc_msg.h"
#include "rpc_rec.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARITH_PROG 0x33333333u

/* Appends one packet (direction I or O) to the text2pcap input. */
static void dump_packet(FILE *out, char direction, int number, const unsigned char *bytes, size_t n)
{
    fprintf(out, "%c 00:00:%02d.000\n", direction, number);
    for (size_t i = 0; i < n; i++) {
        if (i % 16 == 0)
            fprintf(out, "%s%06zx", i > 0 ? "\n" : "", i);
        fprintf(out, " %02x", bytes[i]);
    }
    fputc('\n', out);
}

/* Encodes a call of proc with the given credential and 8 bytes of
 * arguments (13.4, 17.1). */
static size_t encode_call(unsigned char *buf, size_t size, uint32_t xid, uint32_t vers,
                          uint32_t proc, const struct rpc_opaque_auth *cred)
{
    struct rpc_call_header h = { .xid = xid, .rpcvers = 2, .prog = ARITH_PROG, .vers = vers,
                                 .proc = proc };
    struct rpc_xdr x;
    float e1 = 13.4f, e2 = 17.1f;

    if (cred != NULL)
        h.cred = *cred;
    rpc_xdr_init_encode(&x, buf, size);
    rpc_msg_encode_call(&x, &h);
    rpc_xdr_float(&x, &e1);
    rpc_xdr_float(&x, &e2);
    return rpc_xdr_getpos(&x);
}

static size_t encode_reply(unsigned char *buf, size_t size, const struct rpc_reply_header *h,
                           bool with_result)
{
    struct rpc_xdr x;
    float sum = 30.5f;

    rpc_xdr_init_encode(&x, buf, size);
    rpc_msg_encode_reply(&x, h);
    if (with_result)
        rpc_xdr_float(&x, &sum);
    return rpc_xdr_getpos(&x);
}

/* Runs text2pcap and tshark on the dump; returns tshark's lines in out. */
static int dissect(const char *dir, const char *proto_flag, const char *port_filter,
                   char *out, size_t size)
{
    char command[1024];
    FILE *pipe;
    size_t used = 0;

    snprintf(command, sizeof command,
             "text2pcap -q -D -t '%%H:%%M:%%S.' %s 40000,50000 %s/dump.txt %s/dump.pcap >/dev/null 2>&1 && "
             "tshark -r %s/dump.pcap -o rpc.dissect_unknown_programs:TRUE -d %s==50000,rpc "
             "-T fields -E occurrence=f -E separator=, -e rpc.xid -e rpc.msgtyp -e rpc.program "
             "-e rpc.programversion -e rpc.procedure -e rpc.auth.flavor -e rpc.auth.machinename "
             "-e rpc.auth.uid -e rpc.auth.gid -e rpc.replystat -e rpc.state_accept "
             "-e rpc.programversion.min -e rpc.programversion.max -e rpc.state_reject "
             "-e rpc.version.min -e rpc.version.max -e rpc.state_auth -e data.data 2>/dev/null",
             proto_flag, dir, dir, dir, port_filter);
    pipe = popen(command, "r");
    if (pipe == NULL)
        return -1;
    out[0] = '\0';
    while (used + 1 < size && fgets(out + used, (int)(size - used), pipe) != NULL)
        used = strlen(out);
    return pclose(pipe) == 0 ? 0 : -1;
}

/* Checks that tshark's line number n (from 1) is want. */
static void check_line(const char *lines, int n, const char *want, const char *desc)
{
    const char *line = lines;
    char got[512];

    for (int i = 1; i < n && line != NULL; i++) {
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    got[0] = '\0';
    if (line != NULL) {
        size_t len = strcspn(line, "\n");
        if (len >= sizeof got)
            len = sizeof got - 1;
        memcpy(got, line, len);
        got[len] = '\0';
    }
    if (!ok(strcmp(got, want) == 0, "%s", desc)) {
        printf("# got:  %s\n", got);
        printf("# want: %s\n", want);
    }
}

int main(void)
{
    char dir[] = "/tmp/socklab-wireshark-XXXXXX", path[128], lines[8192];
    unsigned char msg[512], rec[600];
    FILE *dump;
    size_t n;

    if (system("command -v tshark >/dev/null 2>&1 && command -v text2pcap >/dev/null 2>&1") != 0) {
        puts("1..1");
        puts("ok 1 # skip tshark or text2pcap is not installed (apt-get install tshark)");
        return 0;
    }
    plan(9);
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(path, sizeof path, "%s/dump.txt", dir);

    /* UDP: calls and replies, one per datagram. */
    struct rpc_auth_sys sys = { .stamp = 1, .machine = "vm1", .uid = 1000, .gid = 100 };
    struct rpc_opaque_auth cred;
    unsigned char body[RPC_AUTH_MAX_BODY];
    rpc_auth_sys_encode(&sys, body, &cred);

    dump = fopen(path, "w");
    n = encode_call(msg, sizeof msg, 0x101, 1, 1, NULL);
    dump_packet(dump, 'I', 1, msg, n);
    n = encode_reply(msg, sizeof msg, &(struct rpc_reply_header){ .xid = 0x101 }, true);
    dump_packet(dump, 'O', 2, msg, n);
    n = encode_call(msg, sizeof msg, 0x102, 2, 1, &cred);
    dump_packet(dump, 'I', 3, msg, n);
    n = encode_reply(msg, sizeof msg, &(struct rpc_reply_header){ .xid = 0x102,
                     .accept_stat = RPC_ACCEPT_PROG_MISMATCH, .low = 1, .high = 1 }, false);
    dump_packet(dump, 'O', 4, msg, n);
    n = encode_call(msg, sizeof msg, 0x103, 1, 9, NULL);
    dump_packet(dump, 'I', 5, msg, n);
    n = encode_reply(msg, sizeof msg, &(struct rpc_reply_header){ .xid = 0x103,
                     .accept_stat = RPC_ACCEPT_PROC_UNAVAIL }, false);
    dump_packet(dump, 'O', 6, msg, n);
    n = encode_call(msg, sizeof msg, 0x104, 1, 1, NULL);
    dump_packet(dump, 'I', 7, msg, n);
    n = encode_reply(msg, sizeof msg, &(struct rpc_reply_header){ .xid = 0x104,
                     .reply_stat = RPC_REPLY_DENIED, .reject_stat = RPC_REJECT_RPC_MISMATCH,
                     .low = 2, .high = 2 }, false);
    dump_packet(dump, 'O', 8, msg, n);
    n = encode_call(msg, sizeof msg, 0x105, 1, 1, NULL);
    dump_packet(dump, 'I', 9, msg, n);
    n = encode_reply(msg, sizeof msg, &(struct rpc_reply_header){ .xid = 0x105,
                     .reply_stat = RPC_REPLY_DENIED, .reject_stat = RPC_REJECT_AUTH_ERROR,
                     .auth_stat = RPC_AUTH_TOOWEAK }, false);
    dump_packet(dump, 'O', 10, msg, n);
    fclose(dump);

    ok(dissect(dir, "-u", "udp.port", lines, sizeof lines) == 0, "text2pcap and tshark ran on 10 UDP messages");
    check_line(lines, 1, "0x00000101,0,858993459,1,1,0,,,,,,,,,,,,415666664188cccd",
               "UDP call ADD(13.4, 17.1), AUTH_NONE: xid, CALL, ARITH 858993459, v1, proc 1, args");
    check_line(lines, 2, "0x00000101,1,858993459,1,1,0,,,,0,0,,,,,,,41f40000",
               "its reply: verifier AUTH_NONE, MSG_ACCEPTED, SUCCESS, result 41f40000 (30.5)");
    check_line(lines, 3, "0x00000102,0,858993459,2,1,1,vm1,1000,100,,,,,,,,,415666664188cccd",
               "a call with AUTH_SYS: flavor 1, machine vm1, uid 1000, gid 100, then the arguments");
    check_line(lines, 4, "0x00000102,1,858993459,2,1,0,,,,0,2,1,1,,,,,",
               "PROG_MISMATCH, low 1, high 1");
    check_line(lines, 6, "0x00000103,1,858993459,1,9,0,,,,0,3,,,,,,,",
               "PROC_UNAVAIL");
    check_line(lines, 8, "0x00000104,1,858993459,1,1,,,,,1,,,,0,2,2,,",
               "MSG_DENIED, RPC_MISMATCH, low 2, high 2");
    check_line(lines, 10, "0x00000105,1,858993459,1,1,,,,,1,,,,1,,,5,",
               "MSG_DENIED, AUTH_ERROR, AUTH_TOOWEAK");

    /* TCP: the call in a record of two fragments (20 + 28 bytes). */
    n = encode_call(msg, sizeof msg, 0x201, 1, 2, NULL);
    rpc_rec_put_mark(rec, 20, false);
    memcpy(rec + 4, msg, 20);
    rpc_rec_put_mark(rec + 24, (uint32_t)(n - 20), true);
    memcpy(rec + 28, msg + 20, n - 20);
    dump = fopen(path, "w");
    dump_packet(dump, 'I', 1, rec, n + 8);
    fclose(dump);
    dissect(dir, "-T", "tcp.port", lines, sizeof lines);
    check_line(lines, 1, "0x00000201,0,858993459,1,2,0,,,,,,,,,,,,415666664188cccd",
               "TCP: a call in two record-marked fragments is reassembled by Wireshark");

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    if (system(path) != 0)
        return 1;
    return done();
}
