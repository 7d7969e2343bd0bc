/*
 * addr.c - resolving and printing socket addresses, and showing peer bytes.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

int sl_resolve(const char *host, unsigned short port, int family, int socktype,
               int passive, struct sockaddr_storage *addr, socklen_t *addrlen)
{
    struct addrinfo hints, *answers;
    char service[8];
    int status;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
    snprintf(service, sizeof service, "%u", port);
    status = getaddrinfo(host, service, &hints, &answers);
    if (status != 0)
        return status;
    memcpy(addr, answers->ai_addr, answers->ai_addrlen);
    *addrlen = answers->ai_addrlen;
    freeaddrinfo(answers);
    return 0;
}

char *sl_addr_string(const struct sockaddr *addr, char *text)
{
    char ip[INET6_ADDRSTRLEN];

    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)addr;

        inet_ntop(AF_INET, &in4->sin_addr, ip, sizeof ip);
        snprintf(text, SL_ADDRSTRLEN, "%s:%u", ip, ntohs(in4->sin_port));
    } else if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        char scope[IF_NAMESIZE + 1] = "";

        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
        if (in6->sin6_scope_id != 0) {
            char name[IF_NAMESIZE];

            if (if_indextoname(in6->sin6_scope_id, name))
                snprintf(scope, sizeof scope, "%%%s", name);
            else
                snprintf(scope, sizeof scope, "%%%u", (unsigned)in6->sin6_scope_id);
        }
        snprintf(text, SL_ADDRSTRLEN, "[%s%s]:%u", ip, scope, ntohs(in6->sin6_port));
    } else {
        snprintf(text, SL_ADDRSTRLEN, "(address family %d)", addr->sa_family);
    }
    return text;
}

unsigned short sl_addr_port(const struct sockaddr *addr)
{
    if (addr->sa_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)addr)->sin_port);
    if (addr->sa_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
    return 0;
}

char *sl_local_string(int fd, char *text)
{
    struct sockaddr_storage local;
    socklen_t length = sizeof local;

    if (getsockname(fd, (struct sockaddr *)&local, &length) < 0)
        return NULL;
    return sl_addr_string((struct sockaddr *)&local, text);
}

const char *sl_family_name(int family)
{
    switch (family) {
    case AF_INET:
        return "AF_INET";
    case AF_INET6:
        return "AF_INET6";
    case AF_UNIX:
        return "AF_UNIX";
    default:
        return "AF_?";
    }
}

/* Decodes one UTF-8 sequence at data (left bytes there): returns its length
 * and sets *code, or 0 if it is not valid UTF-8 (a stray continuation byte,
 * a sequence cut short, an overlong form, a surrogate, beyond U+10FFFF). */
static size_t utf8_sequence(const unsigned char *data, size_t left, unsigned long *code)
{
    static const unsigned long least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    size_t length;
    unsigned long c;

    if (data[0] < 0x80) {
        *code = data[0];
        return 1;
    }
    if (data[0] >= 0xc2 && data[0] <= 0xdf) {
        length = 2;
        c = data[0] & 0x1fu;
    } else if (data[0] >= 0xe0 && data[0] <= 0xef) {
        length = 3;
        c = data[0] & 0x0fu;
    } else if (data[0] >= 0xf0 && data[0] <= 0xf4) {
        length = 4;
        c = data[0] & 0x07u;
    } else {
        return 0;
    }
    if (left < length)
        return 0;
    for (size_t k = 1; k < length; k++) {
        if ((data[k] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (data[k] & 0x3fu);
    }
    if (c < least[length] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *code = c;
    return length;
}

/* What a code point at or above U+0080 is, when a terminal acts on it instead
 * of showing it: a C1 control (U+009B is CSI, like ESC [), a bidirectional
 * control that reorders what follows (U+202E makes text run right to left),
 * the line or paragraph separator. SL_TEXT_OK for any other. */
static enum sl_text_flaw invisible_control(unsigned long code)
{
    if (code >= 0x80 && code <= 0x9f)
        return SL_TEXT_CONTROL;
    if (code == 0x61c || code == 0x200e || code == 0x200f || (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069) || code == 0x2028 || code == 0x2029)
        return SL_TEXT_BIDI;
    return SL_TEXT_OK;
}

/* The one place that decides how a character is shown (sl_put_text,
 * sl_escape_text and sl_text_flaw all use it). Writes the character at data
 * (left > 0 bytes there) into piece, as it is or escaped, NUL-terminated (at
 * most 6 bytes), and its length in bytes into *used. A backslash is doubled
 * when double_backslash. Returns what is wrong with the character:
 * SL_TEXT_OK when it is shown as it is (a backslash included). */
static enum sl_text_flaw escape_one(const unsigned char *data, size_t left, int double_backslash,
                                    char piece[8], size_t *used)
{
    unsigned long code;
    size_t n;

    *used = 1;
    if (data[0] >= 0x20 && data[0] < 0x7f) {       /* printable ASCII */
        snprintf(piece, 8, "%c%s", data[0], data[0] == '\\' && double_backslash ? "\\" : "");
        return SL_TEXT_OK;
    }
    if (data[0] == '\n' || data[0] == '\r' || data[0] == '\t' || data[0] == '\0') {
        snprintf(piece, 8, "\\%c", data[0] == '\n' ? 'n' : data[0] == '\r' ? 'r'
                                 : data[0] == '\t' ? 't' : '0');
        return SL_TEXT_CONTROL;
    }
    if (data[0] < 0x80 || (n = utf8_sequence(data, left, &code)) == 0) {
        /* a control, or not UTF-8 (raw 0x80-0x9f are C1 controls): the byte alone */
        snprintf(piece, 8, "\\x%02x", data[0]);
        return data[0] < 0xa0 ? SL_TEXT_CONTROL : SL_TEXT_NOT_UTF8;
    }
    *used = n;
    if (invisible_control(code) != SL_TEXT_OK) {
        snprintf(piece, 8, "\\u%04x", (unsigned int)(code & 0xffff)); /* every such code is below 0x10000 */
        return invisible_control(code);
    }
    memcpy(piece, data, n);
    piece[n] = '\0';
    return SL_TEXT_OK;
}

void sl_put_text(FILE *stream, const char *data, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)data;
    char piece[8];
    size_t used;

    for (size_t i = 0; i < length; i += used) {
        escape_one(bytes + i, length - i, 1, piece, &used);
        fputs(piece, stream);
    }
}

size_t sl_escape_text(char *out, size_t size, const char *data, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)data;
    size_t written = 0, used;
    char piece[8];

    if (size == 0)
        return 0;
    for (size_t i = 0; i < length; i += used) {
        size_t n;

        escape_one(bytes + i, length - i, 0, piece, &used);
        n = strlen(piece);
        if (written + n >= size)
            break;              /* never half an escape */
        memcpy(out + written, piece, n);
        written += n;
    }
    out[written] = '\0';
    return written;
}

enum sl_text_flaw sl_text_flaw(const char *data, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)data;
    char piece[8];
    size_t used;

    for (size_t i = 0; i < length; i += used) {
        enum sl_text_flaw flaw = escape_one(bytes + i, length - i, 0, piece, &used);

        if (flaw != SL_TEXT_OK)
            return flaw;
    }
    return SL_TEXT_OK;
}
