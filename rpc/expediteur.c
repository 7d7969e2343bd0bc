/*
 * expediteur.c - TP3, the byte-order problem: the sender.
 *
 * Writes an int (-1234) then a float (12.45) to stdout, either as they sit
 * in this machine's memory (raw: the native byte order, little-endian on a
 * PC) or encoded with XDR (--xdr: big-endian, the same on every machine).
 * Pipe it into recepteur, which plays the receiving machine:
 *
 *   ./rpc/expediteur | ./rpc/recepteur --swap               788267007, 0.000000
 *   ./rpc/expediteur --xdr | ./rpc/recepteur --xdr --swap   -1234, 12.450000
 *   ./rpc/expediteur --xdr | od -An -tx1                     ff ff fb 2e 41 47 33 33
 */
#include "common.h"
#include "xdr.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define USAGE "usage: expediteur [--xdr] [-v]"

struct options {
    int xdr;       /* --xdr: encode with XDR instead of sending raw memory */
};

static void print_help(void)
{
    printf("%s\n"
           "TP3 (labs/tp3-rpc-xdr.md): writes the int -1234 then the float 12.45 on stdout,\n"
           "as raw memory bytes (this machine's byte order) or XDR-encoded (big-endian).\n"
           "  --xdr   encode with XDR (RFC 4506): 4 bytes each, most significant first\n"
           "  -v      trace every system call on stderr\n"
           "example: expediteur --xdr | recepteur --xdr --swap\n", USAGE);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with.
 * getopt() knows no long options, so the two words are compared by hand. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    opts->xdr = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--xdr") == 0)
            opts->xdr = 1;
        else if (strcmp(argv[i], "-v") == 0)
            sl_trace_enable(1);
        else if (argv[i][0] == '-')
            return sl_usage_error(USAGE, "unknown option '%s'", argv[i]);
        else
            return sl_usage_error(USAGE, "too many arguments: '%s'", argv[i]);
    }
    return 0;
}

/* write() until every byte is out (a pipe may take less at once). */
static int write_all(const void *data, size_t length)
{
    const unsigned char *bytes = data;

    while (length > 0) {
        ssize_t done = sl_traced(write(STDOUT_FILENO, bytes, length), "1, %zu bytes", length);

        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0)
            return -1;
        bytes += done;
        length -= (size_t)done;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    struct options opts;
    int32_t entier = -1234;
    float flottant = 12.45f;
    unsigned char encoded[8];
    struct rpc_xdr x;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;

    if (!opts.xdr) {
        /* Raw: the bytes of the variables, as this machine stores them. */
        if (write_all(&entier, sizeof entier) < 0 || write_all(&flottant, sizeof flottant) < 0) {
            sl_error("write");
            return 1;
        }
        return 0;
    }

    /* XDR: each value becomes 4 bytes, most significant first. */
    rpc_xdr_init_encode(&x, encoded, sizeof encoded);
    if (!rpc_xdr_int(&x, &entier) || !rpc_xdr_float(&x, &flottant)) {
        sl_errorx("XDR encoding failed: %s", rpc_xdr_strerror(x.error));
        return 1;
    }
    if (write_all(encoded, rpc_xdr_getpos(&x)) < 0) {
        sl_error("write");
        return 1;
    }
    return 0;
}
