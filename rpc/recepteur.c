/*
 * recepteur.c - TP3, the byte-order problem: the receiver.
 *
 * Reads the 8 bytes expediteur wrote (an int then a float) from stdin and
 * prints them. --swap plays a machine of the other byte order: raw bytes
 * are then read the other way round, so -1234 (2e fb ff ff on a PC) shows
 * as 788267007 (0x2efbffff) and 12.45 as 0.000000. With --xdr the bytes
 * are decoded by XDR, most significant first, from the bytes themselves and
 * never from memory: every machine, of either byte order, gets -1234 and
 * 12.450000. That is what XDR is for.
 *
 *   ./rpc/expediteur | ./rpc/recepteur --swap
 *   ./rpc/expediteur --xdr | ./rpc/recepteur --xdr --swap
 */
#include "common.h"
#include "xdr.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define USAGE "usage: recepteur [--xdr] [--swap] [-v]"

struct options {
    int xdr;       /* --xdr: decode XDR */
    int swap;      /* --swap: be a machine of the other byte order */
};

static void print_help(void)
{
    printf("%s\n"
           "TP3 (labs/tp3-rpc-xdr.md): reads an int then a float (8 bytes) on stdin, as\n"
           "expediteur writes them, and prints them.\n"
           "  --xdr   decode with XDR (RFC 4506)\n"
           "  --swap  read as a machine of the other byte order would\n"
           "  -v      trace every system call on stderr\n"
           "example: expediteur | recepteur --swap\n", USAGE);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    opts->xdr = 0;
    opts->swap = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--xdr") == 0)
            opts->xdr = 1;
        else if (strcmp(argv[i], "--swap") == 0)
            opts->swap = 1;
        else if (strcmp(argv[i], "-v") == 0)
            sl_trace_enable(1);
        else if (argv[i][0] == '-')
            return sl_usage_error(USAGE, "unknown option '%s'", argv[i]);
        else
            return sl_usage_error(USAGE, "too many arguments: '%s'", argv[i]);
    }
    return 0;
}

/* read() until length bytes or the end of input. Returns the count read,
 * or -1 on error. */
static ssize_t read_all(unsigned char *bytes, size_t length)
{
    size_t total = 0;

    while (total < length) {
        ssize_t got = sl_traced(read(STDIN_FILENO, bytes + total, length - total), "0, %zu",
                                length - total);

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        total += (size_t)got;
    }
    return (ssize_t)total;
}

/* Reverses 4 bytes: what a machine of the other byte order sees. */
static void reverse4(unsigned char *b)
{
    unsigned char t = b[0];
    b[0] = b[3];
    b[3] = t;
    t = b[1];
    b[1] = b[2];
    b[2] = t;
}

int main(int argc, char *argv[])
{
    struct options opts;
    unsigned char bytes[8];
    int32_t entier;
    float flottant;
    ssize_t got;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;

    got = read_all(bytes, sizeof bytes);
    if (got < 0) {
        sl_error("read");
        return 1;
    }
    if (got != (ssize_t)sizeof bytes) {
        sl_errorx("expected %zu bytes on stdin (an int and a float), got %zd", sizeof bytes, got);
        sl_hint("try: ./rpc/expediteur | ./rpc/recepteur");
        return 1;
    }

    if (opts.xdr) {
        /* XDR decodes from the bytes, most significant first: the result
         * does not depend on this machine's byte order, so --swap changes
         * nothing here. */
        struct rpc_xdr x;

        rpc_xdr_init_decode(&x, bytes, sizeof bytes);
        if (!rpc_xdr_int(&x, &entier) || !rpc_xdr_float(&x, &flottant)) {
            sl_errorx("XDR decoding failed: %s", rpc_xdr_strerror(x.error));
            return 1;
        }
    } else {
        /* Raw: copy the bytes into the variables' memory as they came. A
         * machine of the other byte order reads each value backwards. */
        if (opts.swap) {
            reverse4(bytes);
            reverse4(bytes + 4);
        }
        memcpy(&entier, bytes, sizeof entier);
        memcpy(&flottant, bytes + 4, sizeof flottant);
    }
    printf("Entier recu : %d\n", (int)entier);
    printf("Flottant recu : %f\n", flottant);
    return 0;
}
