/*
 * xdr_test.c - every XDR filter of rpc/xdr.c against encodings computed by
 * hand from RFC 4506 (including its section 7 example), both ways, plus
 * padding, maximum lengths, truncated input and allocation rules.
 */
#include "tap.h"
#include "xdr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Encodes obj with proc into buf; returns the length, or (size_t)-1. */
static size_t encode(rpc_xdrproc proc, void *obj, unsigned char *buf, size_t size)
{
    struct rpc_xdr x;

    rpc_xdr_init_encode(&x, buf, size);
    return proc(&x, obj) ? rpc_xdr_getpos(&x) : (size_t)-1;
}

/* Checks that obj encodes to want (want_len bytes) with proc. */
static void check_encode(rpc_xdrproc proc, void *obj, const void *want, size_t want_len,
                         const char *desc)
{
    unsigned char buf[256];
    size_t len = encode(proc, obj, buf, sizeof buf);

    if (len == (size_t)-1) {
        ok(0, "%s (encode failed)", desc);
        return;
    }
    ok_bytes(buf, len, want, want_len, desc);
}

/* Decodes data with proc into obj; returns the stream's error (OK on
 * success) and checks that every byte was used when it succeeds. */
static enum rpc_xdr_error decode(rpc_xdrproc proc, void *obj, const void *data, size_t len)
{
    struct rpc_xdr x;

    rpc_xdr_init_decode(&x, data, len);
    if (!proc(&x, obj))
        return x.error != RPC_XDR_OK ? x.error : RPC_XDR_BADARG;
    return rpc_xdr_remaining(&x) == 0 ? RPC_XDR_OK : RPC_XDR_BADARG;
}

/* ---- the RFC 4506 section 7 example: a file -------------------------------- */

#define MAXUSERNAME 32
#define MAXFILELEN 65535
#define MAXNAMELEN 255
enum filekind { TEXT = 0, DATA = 1, EXEC = 2 };

struct file {
    char *filename;              /* string filename<MAXNAMELEN> */
    int32_t kind;                /* union filetype switch (filekind kind) */
    char *extra;                 /*   DATA: creator, EXEC: interpretor */
    char *owner;                 /* string owner<MAXUSERNAME> */
    unsigned char *data;         /* opaque data<MAXFILELEN> */
    uint32_t data_len;
};

static bool xdr_file(struct rpc_xdr *x, void *obj)
{
    struct file *f = obj;

    if (!rpc_xdr_string(x, &f->filename, MAXNAMELEN) || !rpc_xdr_enum(x, &f->kind))
        return false;
    switch (f->kind) {
    case TEXT: break;
    case DATA:
    case EXEC:
        if (!rpc_xdr_string(x, &f->extra, MAXNAMELEN))
            return false;
        break;
    default:
        return false;
    }
    return rpc_xdr_string(x, &f->owner, MAXUSERNAME) &&
           rpc_xdr_bytes(x, &f->data, &f->data_len, MAXFILELEN);
}

static const unsigned char sillyprog[] = {
    0x00, 0x00, 0x00, 0x09, 's', 'i', 'l', 'l', 'y', 'p', 'r', 'o', 'g', 0, 0, 0,
    0x00, 0x00, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x04, 'l', 'i', 's', 'p',
    0x00, 0x00, 0x00, 0x04, 'j', 'o', 'h', 'n',
    0x00, 0x00, 0x00, 0x06, '(', 'q', 'u', 'i', 't', ')', 0, 0,
};

static void test_rfc_example(void)
{
    struct file f = { "sillyprog", EXEC, "lisp", "john", (unsigned char *)"(quit)", 6 };
    struct file back;
    struct rpc_xdr x;
    size_t prefix, failures = 0, wrong_error = 0;

    check_encode(xdr_file, &f, sillyprog, sizeof sillyprog,
                 "RFC 4506 section 7: the file \"sillyprog\" encodes to its 48 bytes");

    memset(&back, 0, sizeof back);
    rpc_xdr_init_decode(&x, sillyprog, sizeof sillyprog);
    x.alloc = true;
    ok(xdr_file(&x, &back) && rpc_xdr_remaining(&x) == 0 &&
       strcmp(back.filename, "sillyprog") == 0 && back.kind == EXEC &&
       strcmp(back.extra, "lisp") == 0 && strcmp(back.owner, "john") == 0 &&
       back.data_len == 6 && memcmp(back.data, "(quit)", 6) == 0,
       "RFC 4506 section 7: the 48 bytes decode back to the same file (alloc on)");
    rpc_xdr_free(xdr_file, &back);
    ok(back.filename == NULL && back.extra == NULL && back.owner == NULL && back.data == NULL,
       "free mode releases every string and the data, and clears the pointers");

    /* Every strict prefix of the encoding is truncated input: it must fail
     * cleanly (with alloc on, nothing may leak: ASan checks). */
    for (prefix = 0; prefix < sizeof sillyprog; prefix++) {
        memset(&back, 0, sizeof back);
        rpc_xdr_init_decode(&x, sillyprog, prefix);
        x.alloc = true;
        if (!xdr_file(&x, &back)) {
            failures++;
            if (x.error != RPC_XDR_SHORT)
                wrong_error++;
        }
        rpc_xdr_free(xdr_file, &back);
    }
    ok(failures == sizeof sillyprog && wrong_error == 0,
       "each of the 48 truncated prefixes fails with RPC_XDR_SHORT (%zu failed, %zu other errors)",
       failures, wrong_error);
}

/* ---- integers, floats, bool, enum ---------------------------------------- */

static void test_numbers(void)
{
    int32_t i = -1234, i_back = 0;
    uint32_t u = 0xdeadbeefu, u_back;
    int64_t h = -2, h_back = 0;
    uint64_t uh = 0x0102030405060708u, uh_back = 0;
    float f = 12.45f, f_back = 0;
    double d = 12.45, d_back = 0;
    int32_t min = INT32_MIN, e = 2;

    check_encode(rpc_xdrproc_int, &i, "\xff\xff\xfb\x2e", 4, "int -1234 is ff ff fb 2e (big-endian two's complement)");
    ok(decode(rpc_xdrproc_int, &i_back, "\xff\xff\xfb\x2e", 4) == RPC_XDR_OK && i_back == -1234,
       "ff ff fb 2e decodes to int -1234");
    check_encode(rpc_xdrproc_int, &min, "\x80\x00\x00\x00", 4, "int INT32_MIN is 80 00 00 00");
    check_encode(rpc_xdrproc_u_int, &u, "\xde\xad\xbe\xef", 4, "unsigned 0xdeadbeef is de ad be ef");
    ok(decode(rpc_xdrproc_u_int, &u_back, "\x00\x00\x01\x00", 4) == RPC_XDR_OK && u_back == 256,
       "00 00 01 00 decodes to unsigned 256");
    check_encode(rpc_xdrproc_hyper, &h, "\xff\xff\xff\xff\xff\xff\xff\xfe", 8, "hyper -2 is ff ff ff ff ff ff ff fe");
    ok(decode(rpc_xdrproc_hyper, &h_back, "\xff\xff\xff\xff\xff\xff\xff\xfe", 8) == RPC_XDR_OK && h_back == -2,
       "ff ff ff ff ff ff ff fe decodes to hyper -2");
    check_encode(rpc_xdrproc_u_hyper, &uh, "\x01\x02\x03\x04\x05\x06\x07\x08", 8,
                 "unsigned hyper 0x0102030405060708: most significant word first");
    ok(decode(rpc_xdrproc_u_hyper, &uh_back, "\x01\x02\x03\x04\x05\x06\x07\x08", 8) == RPC_XDR_OK &&
       uh_back == 0x0102030405060708u, "and decodes back");
    check_encode(rpc_xdrproc_float, &f, "\x41\x47\x33\x33", 4, "float 12.45 is 41 47 33 33 (IEEE single)");
    ok(decode(rpc_xdrproc_float, &f_back, "\x41\x47\x33\x33", 4) == RPC_XDR_OK && f_back == 12.45f,
       "41 47 33 33 decodes to float 12.45");
    check_encode(rpc_xdrproc_double, &d, "\x40\x28\xe6\x66\x66\x66\x66\x66", 8, "double 12.45 is 40 28 e6 66 66 66 66 66");
    ok(decode(rpc_xdrproc_double, &d_back, "\x40\x28\xe6\x66\x66\x66\x66\x66", 8) == RPC_XDR_OK && d_back == 12.45,
       "and decodes back to 12.45");
    check_encode(rpc_xdrproc_enum, &e, "\x00\x00\x00\x02", 4, "enum value 2 is 00 00 00 02");

    bool t = true, b = false;
    check_encode(rpc_xdrproc_bool, &t, "\x00\x00\x00\x01", 4, "bool TRUE is 00 00 00 01");
    ok(decode(rpc_xdrproc_bool, &b, "\x00\x00\x00\x01", 4) == RPC_XDR_OK && b, "00 00 00 01 decodes to true");
    ok(decode(rpc_xdrproc_bool, &b, "\x00\x00\x00\x02", 4) == RPC_XDR_BADVALUE,
       "a bool of 2 is refused (RPC_XDR_BADVALUE)");
    ok(decode(rpc_xdrproc_int, &i_back, "\xff\xff\xfb", 3) == RPC_XDR_SHORT, "3 bytes are too short for an int");
    ok(decode(rpc_xdrproc_hyper, &h_back, "\x00\x00\x00\x00\x00\x00\x00", 7) == RPC_XDR_SHORT,
       "7 bytes are too short for a hyper");

    unsigned char small[6];
    ok(encode(rpc_xdrproc_double, &d, small, sizeof small) == (size_t)-1, "encoding a double into 6 bytes fails");
    struct rpc_xdr x;
    rpc_xdr_init_encode(&x, small, sizeof small);
    ok(rpc_xdr_int(&x, &i) && !rpc_xdr_int(&x, &i) && x.error == RPC_XDR_SHORT && rpc_xdr_getpos(&x) == 4,
       "no room for a second int: RPC_XDR_SHORT, position unchanged");
}

/* ---- opaque data and strings ------------------------------------------------ */

static void test_opaque_and_strings(void)
{
    unsigned char five[5] = { 1, 2, 3, 4, 5 }, back[8];
    unsigned char buf[64];
    struct rpc_xdr x;
    unsigned char *data = NULL;
    uint32_t len = 0;

    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_opaque(&x, five, 5) && rpc_xdr_getpos(&x) == 8 &&
       memcmp(buf, "\x01\x02\x03\x04\x05\x00\x00\x00", 8) == 0,
       "fixed opaque[5] takes 8 bytes: the data then 3 zero bytes of padding");
    rpc_xdr_init_decode(&x, "\x01\x02\x03\x04\x05\x00\x00\x00", 8);
    ok(rpc_xdr_opaque(&x, back, 5) && memcmp(back, five, 5) == 0 && rpc_xdr_remaining(&x) == 0,
       "and decodes back, padding consumed");
    rpc_xdr_init_decode(&x, "\x01\x02\x03\x04\x05\x00\x01\x00", 8);
    ok(!rpc_xdr_opaque(&x, back, 5) && x.error == RPC_XDR_PADDING,
       "a non-zero padding byte is an error (RPC_XDR_PADDING)");
    rpc_xdr_init_decode(&x, "\x01\x02\x03\x04\x05\x00", 6);
    ok(!rpc_xdr_opaque(&x, back, 5) && x.error == RPC_XDR_SHORT,
       "missing padding is truncated input");

    data = five;
    len = 5;
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_bytes(&x, &data, &len, 16) && rpc_xdr_getpos(&x) == 12 &&
       memcmp(buf, "\x00\x00\x00\x05\x01\x02\x03\x04\x05\x00\x00\x00", 12) == 0,
       "variable opaque<16> of 5 bytes: length 5, data, 3 bytes of padding");
    len = 17;
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(!rpc_xdr_bytes(&x, &data, &len, 16) && x.error == RPC_XDR_BADARG,
       "encoding 17 bytes as opaque<16> is refused");

    data = NULL;
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x05\x01\x02\x03\x04\x05\x00\x00\x00", 12);
    ok(!rpc_xdr_bytes(&x, &data, &len, 16) && x.error == RPC_XDR_NOMEM && data == NULL,
       "decoding into a NULL pointer without alloc fails (RPC_XDR_NOMEM): nothing allocated");
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x05\x01\x02\x03\x04\x05\x00\x00\x00", 12);
    x.alloc = true;
    ok(rpc_xdr_bytes(&x, &data, &len, 16) && len == 5 && data != NULL && memcmp(data, five, 5) == 0,
       "with alloc on, the 5 bytes land in a new buffer");
    free(data);
    data = back;
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x05\x01\x02\x03\x04\x05\x00\x00\x00", 12);
    ok(rpc_xdr_bytes(&x, &data, &len, 8) && data == back && memcmp(back, five, 5) == 0,
       "with a caller's buffer, the bytes are copied into it");
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x09\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x00\x00", 16);
    ok(!rpc_xdr_bytes(&x, &data, &len, 8) && x.error == RPC_XDR_TOOLONG,
       "a length of 9 for opaque<8> is refused before copying (RPC_XDR_TOOLONG)");
    data = NULL;
    rpc_xdr_init_decode(&x, "\x7f\xff\xff\xff\x01\x02\x03\x04", 8);
    x.alloc = true;
    ok(!rpc_xdr_bytes(&x, &data, &len, UINT32_MAX) && x.error == RPC_XDR_SHORT && data == NULL,
       "a length of 2^31-1 with 4 bytes left fails before allocating (RPC_XDR_SHORT)");

    const unsigned char *ref = NULL;
    rpc_xdr_init_decode(&x, buf, 12);
    memcpy(buf, "\x00\x00\x00\x05\x01\x02\x03\x04\x05\x00\x00\x00", 12);
    ok(rpc_xdr_bytes_ref(&x, &ref, &len, 16) && ref == buf + 4 && len == 5,
       "bytes_ref points into the buffer without copying");

}

/* A string inside a struct, for the filters that take a void *. */
struct named { char *name; };
static bool xdr_named(struct rpc_xdr *x, void *obj)
{
    return rpc_xdr_string(x, &((struct named *)obj)->name, 8);
}

static void test_strings(void)
{
    unsigned char buf[64];
    struct rpc_xdr x;
    char *s = "hello", *back = NULL;
    char name[6], small[4];
    static const unsigned char hello[] = { 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0 };

    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_string(&x, &s, 255) && rpc_xdr_getpos(&x) == 12 && memcmp(buf, hello, 12) == 0,
       "string \"hello\" is 00 00 00 05 68 65 6c 6c 6f 00 00 00");
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(!rpc_xdr_string(&x, &s, 4) && x.error == RPC_XDR_BADARG,
       "encoding \"hello\" as string<4> is refused");
    rpc_xdr_init_decode(&x, hello, sizeof hello);
    x.alloc = true;
    ok(rpc_xdr_string(&x, &back, 255) && back != NULL && strcmp(back, "hello") == 0,
       "decoding with alloc gives a new NUL-terminated \"hello\"");
    free(back);
    back = NULL;
    rpc_xdr_init_decode(&x, hello, sizeof hello);
    ok(!rpc_xdr_string(&x, &back, 4) && x.error == RPC_XDR_TOOLONG && back == NULL,
       "a 5-character string for string<4> is refused (RPC_XDR_TOOLONG)");
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x03" "a\0b\0", 8);
    x.alloc = true;
    ok(!rpc_xdr_string(&x, &back, 255) && x.error == RPC_XDR_BADVALUE && back == NULL,
       "a NUL inside a string is refused (RPC_XDR_BADVALUE), nothing leaks");
    rpc_xdr_init_decode(&x, hello, sizeof hello);
    ok(rpc_xdr_string_buf(&x, name, sizeof name) && strcmp(name, "hello") == 0,
       "string_buf: \"hello\" fits a char[6]");
    rpc_xdr_init_decode(&x, hello, sizeof hello);
    ok(!rpc_xdr_string_buf(&x, small, sizeof small) && x.error == RPC_XDR_TOOLONG,
       "string_buf: \"hello\" does not fit a char[4]");
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_string_buf(&x, name, sizeof name) && rpc_xdr_getpos(&x) == 12 &&
       memcmp(buf, hello, 12) == 0, "string_buf encodes the same bytes as string");
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x00", 4);
    ok(rpc_xdr_string_buf(&x, name, sizeof name) && name[0] == '\0', "the empty string is just a zero length");
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x01" "hab", 8);
    ok(!rpc_xdr_string_buf(&x, name, sizeof name) && x.error == RPC_XDR_PADDING,
       "a string's padding must be zero");

    struct named n = { "abc" }, n_back = { NULL };
    check_encode(xdr_named, &n, "\x00\x00\x00\x03" "abc\0", 8, "a struct with one string: 3 chars, 1 byte of padding");
    ok(decode(xdr_named, &n_back, "\x00\x00\x00\x03" "abc\0", 8) == RPC_XDR_NOMEM,
       "decoding it without alloc and a NULL pointer: RPC_XDR_NOMEM");
}

static void test_arrays(void)
{
    unsigned char buf[64];
    struct rpc_xdr x;
    int32_t three[3] = { 1, -1, 258 }, back3[3] = { 0 };
    static const unsigned char three_bytes[] = {
        0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0, 0, 1, 2 };
    void *arr = three;
    uint32_t count = 3;

    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_vector(&x, three, 3, sizeof three[0], rpc_xdrproc_int) &&
       rpc_xdr_getpos(&x) == 12 && memcmp(buf, three_bytes, 12) == 0,
       "fixed array int[3] {1, -1, 258}: three words, no count");
    rpc_xdr_init_decode(&x, three_bytes, 12);
    ok(rpc_xdr_vector(&x, back3, 3, sizeof back3[0], rpc_xdrproc_int) &&
       back3[0] == 1 && back3[1] == -1 && back3[2] == 258, "and decodes back");

    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_array(&x, &arr, &count, 10, sizeof three[0], rpc_xdrproc_int) &&
       rpc_xdr_getpos(&x) == 16 && memcmp(buf, "\x00\x00\x00\x03", 4) == 0 &&
       memcmp(buf + 4, three_bytes, 12) == 0,
       "variable array int<10> of 3: count 3 then three words");
    void *got = NULL;
    uint32_t got_count = 0;
    rpc_xdr_init_decode(&x, buf, 16);
    x.alloc = true;
    ok(rpc_xdr_array(&x, &got, &got_count, 10, sizeof(int32_t), rpc_xdrproc_int) &&
       got_count == 3 && ((int32_t *)got)[2] == 258, "decoded with alloc into a new array");
    rpc_xdr_init_free(&x);
    ok(rpc_xdr_array(&x, &got, &got_count, 10, sizeof(int32_t), rpc_xdrproc_int) && got == NULL,
       "free mode releases the array");
    rpc_xdr_init_decode(&x, buf, 16);
    x.alloc = true;
    ok(!rpc_xdr_array(&x, &got, &got_count, 2, sizeof(int32_t), rpc_xdrproc_int) &&
       x.error == RPC_XDR_TOOLONG && got == NULL, "a count of 3 for int<2> is refused");
    rpc_xdr_init_decode(&x, "\x10\x00\x00\x00\x00\x00\x00\x01", 8);
    x.alloc = true;
    ok(!rpc_xdr_array(&x, &got, &got_count, UINT32_MAX, sizeof(int32_t), rpc_xdrproc_int) &&
       x.error == RPC_XDR_SHORT && got == NULL,
       "a count of 2^28 with 4 bytes left fails before allocating");

    /* An array of strings: a failure halfway frees what was decoded. */
    static const unsigned char two_names[] = {
        0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 9, 'x' };
    rpc_xdr_init_decode(&x, two_names, sizeof two_names);
    x.alloc = true;
    got = NULL;
    ok(!rpc_xdr_array(&x, &got, &got_count, 4, sizeof(struct named), xdr_named) && got == NULL,
       "an array of strings failing on its second element frees the first (ASan checks)");
}

/* A linked list node, for optional data. */
struct node { int32_t value; struct node *next; };
static bool xdr_node(struct rpc_xdr *x, void *obj)
{
    struct node *n = obj;
    return rpc_xdr_int(x, &n->value) &&
           rpc_xdr_pointer(x, (void **)&n->next, sizeof *n, xdr_node);
}

static void test_pointer(void)
{
    struct node second = { 2, NULL }, first = { 1, &second };
    struct node *list = &first, *back = NULL;
    static const unsigned char list_bytes[] = {
        0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0 };
    unsigned char buf[64];
    struct rpc_xdr x;

    rpc_xdr_init_encode(&x, buf, sizeof buf);
    ok(rpc_xdr_pointer(&x, (void **)&list, sizeof *list, xdr_node) &&
       rpc_xdr_getpos(&x) == sizeof list_bytes && memcmp(buf, list_bytes, sizeof list_bytes) == 0,
       "optional data: the list 1 -> 2 is TRUE 1 TRUE 2 FALSE");
    rpc_xdr_init_decode(&x, list_bytes, sizeof list_bytes);
    x.alloc = true;
    ok(rpc_xdr_pointer(&x, (void **)&back, sizeof *back, xdr_node) && back != NULL &&
       back->value == 1 && back->next != NULL && back->next->value == 2 && back->next->next == NULL,
       "and decodes back to a list of two (alloc on)");
    rpc_xdr_init_free(&x);
    rpc_xdr_pointer(&x, (void **)&back, sizeof *back, xdr_node);
    ok(back == NULL, "free mode releases the whole list");
    list = NULL;
    check_encode(xdr_node, &(struct node){ 7, NULL }, "\x00\x00\x00\x07\x00\x00\x00\x00", 8,
                 "a NULL pointer is FALSE");
    rpc_xdr_init_decode(&x, "\x00\x00\x00\x01\x00\x00\x00\x05\x00\x00\x00\x01", 12);
    x.alloc = true;
    back = NULL;
    ok(!rpc_xdr_pointer(&x, (void **)&back, sizeof *back, xdr_node) && back == NULL &&
       x.error == RPC_XDR_SHORT, "a truncated list fails and frees its nodes");
}

static void test_inline(void)
{
    unsigned char buf[16];
    struct rpc_xdr x;
    unsigned char *p;

    memset(buf, 0xaa, sizeof buf);
    rpc_xdr_init_encode(&x, buf, sizeof buf);
    p = rpc_xdr_inline(&x, 3);
    ok(p == buf && rpc_xdr_getpos(&x) == 4 && buf[3] == 0,
       "inline(3) reserves 4 bytes and zeroes the padding");
    ok(rpc_xdr_inline(&x, 13) == NULL && x.error == RPC_XDR_SHORT,
       "inline beyond the buffer fails");
    ok(!rpc_xdr_setpos(&x, 17), "setpos beyond the buffer fails");
    x.error = RPC_XDR_OK;
    ok(rpc_xdr_setpos(&x, 0) && rpc_xdr_getpos(&x) == 0, "setpos(0) rewinds");
    struct rpc_xdr empty;
    int32_t v;
    rpc_xdr_init_decode(&empty, NULL, 0);
    ok(!rpc_xdr_int(&empty, &v) && empty.error == RPC_XDR_SHORT && rpc_xdr_inline(&empty, 0) != NULL,
       "an empty (NULL) buffer decodes nothing, safely");
    ok(strcmp(rpc_xdr_strerror(RPC_XDR_PADDING), "non-zero padding") == 0, "rpc_xdr_strerror names errors");
}

int main(void)
{
    plan(68);
    test_rfc_example();
    test_numbers();
    test_opaque_and_strings();
    test_strings();
    test_arrays();
    test_pointer();
    test_inline();
    return done();
}
