/*
 * ladder.c - packets as a ladder diagram, in text and in SVG (ladder.h).
 *
 *   0.000000  127.0.0.1:49240  -- SYN ---------------->  127.0.0.1:60000  seq=0 len=0
 *   0.000021  127.0.0.1:49240  <- SYN-ACK ------------  127.0.0.1:60000  seq=0 ack=1 len=0
 *
 * The left column of a connection is the endpoint that sent its first packet
 * seen (the client, when the capture saw the SYN).
 */
#include "ladder.h"
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARROW_WIDTH 24
#define PREVIEW_BYTES 32
#define SVG_MAX_COLUMNS 12

struct ladder_flow {
    int proto;                          /* PKT_TCP or PKT_UDP */
    struct sockaddr_storage left, right;
    uint32_t base[2];                   /* first sequence number seen, per direction */
    int have_base[2];                   /* 0: left to right, 1: right to left */
};

struct ladder_svg_row {
    double time;
    char from[SL_ADDRSTRLEN], to[SL_ADDRSTRLEN];
    char label[16];
    char detail[128];
};

int ladder_init(struct ladder *ladder, FILE *out, int keep_rows)
{
    memset(ladder, 0, sizeof *ladder);
    ladder->out = out;
    ladder->first_time = -1;
    ladder->flows = calloc(LADDER_MAX_FLOWS, sizeof *ladder->flows);
    if (ladder->flows == NULL)
        return -1;
    if (keep_rows) {
        ladder->rows = calloc(LADDER_MAX_SVG, sizeof *ladder->rows);
        if (ladder->rows == NULL) {
            free(ladder->flows);
            return -1;
        }
    }
    return 0;
}

void ladder_free(struct ladder *ladder)
{
    free(ladder->flows);
    free(ladder->rows);
    ladder->flows = NULL;
    ladder->rows = NULL;
}

static int same_endpoint(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return 0;
    if (a->ss_family == AF_INET) {
        const struct sockaddr_in *x = (const struct sockaddr_in *)a, *y = (const struct sockaddr_in *)b;

        return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }
    const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a, *y = (const struct sockaddr_in6 *)b;

    return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
}

/* The flow of a packet from FROM to TO (PROTO), created if new; *DIRECTION
 * gets 0 if FROM is its left side, 1 if it is its right side. NULL when the
 * table is full (the packet is drawn with FROM on the left). */
static struct ladder_flow *find_flow(struct ladder *ladder, int proto,
                                     const struct sockaddr_storage *from,
                                     const struct sockaddr_storage *to, int *direction)
{
    for (int i = 0; i < ladder->nflows; i++) {
        struct ladder_flow *flow = &ladder->flows[i];

        if (flow->proto != proto)
            continue;
        if (same_endpoint(&flow->left, from) && same_endpoint(&flow->right, to)) {
            *direction = 0;
            return flow;
        }
        if (same_endpoint(&flow->left, to) && same_endpoint(&flow->right, from)) {
            *direction = 1;
            return flow;
        }
    }
    *direction = 0;
    if (ladder->nflows == LADDER_MAX_FLOWS)
        return NULL;
    struct ladder_flow *flow = &ladder->flows[ladder->nflows++];

    memset(flow, 0, sizeof *flow);
    flow->proto = proto;
    flow->left = *from;
    flow->right = *to;
    return flow;
}

/* "SYN", "SYN-ACK", "PSH-ACK", "FIN-ACK", "RST"... for TCP FLAGS. */
static void flags_label(unsigned flags, char *label, size_t len)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        { TCPF_SYN, "SYN" }, { TCPF_FIN, "FIN" }, { TCPF_RST, "RST" },
        { TCPF_PSH, "PSH" }, { TCPF_ACK, "ACK" },
    };

    label[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags & names[i].bit))
            continue;
        if (label[0] != '\0')
            strncat(label, "-", len - strlen(label) - 1);
        strncat(label, names[i].name, len - strlen(label) - 1);
    }
    if (label[0] == '\0')
        snprintf(label, len, "(none)");
}

/* Appends to TEXT (LEN bytes) a printable preview of a payload: at most
 * PREVIEW_BYTES bytes, control bytes escaped, "..." when there is more. */
static void add_preview(char *text, size_t len, const unsigned char *data, size_t caplen,
                        uint32_t payload_len)
{
    size_t at = strlen(text), shown = caplen < PREVIEW_BYTES ? caplen : PREVIEW_BYTES;

    if (payload_len == 0 || at + 8 >= len)
        return;
    at += (size_t)snprintf(text + at, len - at, " \"");
    for (size_t i = 0; i < shown && at + 6 < len; i++) {
        unsigned char c = data[i];

        if (c == '\n')
            at += (size_t)snprintf(text + at, len - at, "\\n");
        else if (c == '\r')
            at += (size_t)snprintf(text + at, len - at, "\\r");
        else if (c == '"' || c == '\\')
            at += (size_t)snprintf(text + at, len - at, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            text[at++] = (char)c;
        else
            at += (size_t)snprintf(text + at, len - at, "\\x%02x", c);
    }
    snprintf(text + at, len - at, "\"%s", payload_len > shown ? "..." : "");
}

/* The label and details of a TCP segment, its numbers made relative. */
static void describe_tcp(struct ladder_flow *flow, int direction, const struct packet *pkt,
                         char *label, size_t label_len, char *detail, size_t detail_len)
{
    uint32_t seq = pkt->seq, ack = pkt->ack;

    flags_label(pkt->flags, label, label_len);
    if (flow != NULL && (pkt->flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN &&
        flow->have_base[direction] && flow->base[direction] != pkt->seq)
        flow->have_base[0] = flow->have_base[1] = 0;   /* a new connection, same ports */
    if (flow != NULL) {
        if (!flow->have_base[direction]) {
            flow->base[direction] = pkt->seq;
            flow->have_base[direction] = 1;
        }
        seq -= flow->base[direction];
        if (flow->have_base[!direction])
            ack -= flow->base[!direction];
    }
    if (pkt->flags & TCPF_ACK)
        snprintf(detail, detail_len, "seq=%lu ack=%lu len=%lu", (unsigned long)seq,
                 (unsigned long)ack, (unsigned long)pkt->payload_len);
    else
        snprintf(detail, detail_len, "seq=%lu len=%lu", (unsigned long)seq,
                 (unsigned long)pkt->payload_len);
}

/* Prints the text line of one packet. */
static void print_row(FILE *out, double time, const char *left, const char *right,
                      int to_right, const char *label, const char *detail)
{
    char arrow[ARROW_WIDTH + 1];
    size_t used = (size_t)snprintf(arrow, sizeof arrow, "%s %s ", to_right ? "--" : "<-", label);

    while (used < ARROW_WIDTH - 1)
        arrow[used++] = '-';
    arrow[used++] = to_right ? '>' : '-';
    arrow[used < sizeof arrow ? used : sizeof arrow - 1] = '\0';
    fprintf(out, "%10.6f  %21s  %s  %-21s  %s\n", time, left, arrow, right, detail);
}

void ladder_add(struct ladder *ladder, double time, const struct packet *pkt)
{
    const struct sockaddr_storage *from = &pkt->src, *to = &pkt->dst;
    char left[SL_ADDRSTRLEN], right[SL_ADDRSTRLEN], label[16], detail[128];
    struct ladder_flow *flow;
    int direction;

    if (pkt->kind == PKT_ICMP) {   /* from the receiver of the packet it is about */
        from = &pkt->dst;
        to = &pkt->src;
    }
    flow = find_flow(ladder, pkt->kind == PKT_ICMP ? pkt->about : (int)pkt->kind, from, to,
                     &direction);
    if (pkt->kind == PKT_TCP) {
        describe_tcp(flow, direction, pkt, label, sizeof label, detail, sizeof detail);
    } else if (pkt->kind == PKT_UDP) {
        snprintf(label, sizeof label, "UDP");
        snprintf(detail, sizeof detail, "len=%lu", (unsigned long)pkt->payload_len);
    } else {
        snprintf(label, sizeof label, "ICMP");
        snprintf(detail, sizeof detail, "%s (%s)", packet_icmp_name(pkt),
                 pkt->about == PKT_TCP ? "about a TCP segment" : "about a UDP datagram");
    }
    add_preview(detail, sizeof detail, pkt->payload, pkt->payload_caplen, pkt->payload_len);
    if (ladder->first_time < 0)
        ladder->first_time = time;
    time -= ladder->first_time;
    sl_addr_string((const struct sockaddr *)(flow && direction ? to : from), left);
    sl_addr_string((const struct sockaddr *)(flow && direction ? from : to), right);
    if (ladder->out != NULL)
        print_row(ladder->out, time, left, right, !(flow && direction), label, detail);
    ladder->drawn++;
    if (ladder->rows == NULL)
        return;
    if (ladder->nrows == LADDER_MAX_SVG) {
        ladder->rows_dropped++;
        return;
    }
    struct ladder_svg_row *row = &ladder->rows[ladder->nrows++];

    row->time = time;
    sl_addr_string((const struct sockaddr *)from, row->from);
    sl_addr_string((const struct sockaddr *)to, row->to);
    snprintf(row->label, sizeof row->label, "%s", label);
    snprintf(row->detail, sizeof row->detail, "%s", detail);
}

/* ---- SVG ------------------------------------------------------------------ */

/* Writes TEXT with XML's five special characters escaped. */
static void put_xml(FILE *file, const char *text)
{
    for (; *text; text++) {
        switch (*text) {
        case '&': fputs("&amp;", file); break;
        case '<': fputs("&lt;", file); break;
        case '>': fputs("&gt;", file); break;
        case '"': fputs("&quot;", file); break;
        case '\'': fputs("&apos;", file); break;
        default:
            if ((unsigned char)*text >= 0x20 && (unsigned char)*text < 0x7f)
                fputc(*text, file);
            else
                fputc('?', file);   /* the preview is ASCII already: never invalid XML */
        }
    }
}

/* The column of ENDPOINT, added if new; -1 past SVG_MAX_COLUMNS. */
static int column_of(char columns[][SL_ADDRSTRLEN], int *ncolumns, const char *endpoint)
{
    for (int i = 0; i < *ncolumns; i++)
        if (strcmp(columns[i], endpoint) == 0)
            return i;
    if (*ncolumns == SVG_MAX_COLUMNS)
        return -1;
    snprintf(columns[*ncolumns], SL_ADDRSTRLEN, "%s", endpoint);
    return (*ncolumns)++;
}

int ladder_write_svg(const struct ladder *ladder, FILE *file)
{
    char columns[SVG_MAX_COLUMNS][SL_ADDRSTRLEN];
    int ncolumns = 0, width, height;

    for (unsigned long i = 0; i < ladder->nrows; i++) {
        column_of(columns, &ncolumns, ladder->rows[i].from);
        column_of(columns, &ncolumns, ladder->rows[i].to);
    }
    width = 120 + (ncolumns > 1 ? ncolumns : 2) * 320;
    height = 110 + (int)ladder->nrows * 34;
    fprintf(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"13\">\n"
            "<title>sockwatch: %lu packets</title>\n"
            "<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"10\" "
            "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\"/></marker></defs>\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            width, height, width, height, ladder->nrows);
    for (int c = 0; c < ncolumns; c++) {
        int x = 200 + c * 320;

        fprintf(file, "<text x=\"%d\" y=\"40\" text-anchor=\"middle\" font-weight=\"bold\">", x);
        put_xml(file, columns[c]);
        fprintf(file, "</text>\n<line class=\"lifeline\" x1=\"%d\" y1=\"50\" x2=\"%d\" y2=\"%d\" "
                "stroke=\"gray\"/>\n", x, x, height - 20);
    }
    for (unsigned long i = 0; i < ladder->nrows; i++) {
        const struct ladder_svg_row *row = &ladder->rows[i];
        int from = column_of(columns, &ncolumns, row->from);
        int to = column_of(columns, &ncolumns, row->to);
        int y = 90 + (int)i * 34, x1 = 200 + from * 320, x2 = 200 + to * 320;

        if (from < 0 || to < 0)
            continue;
        fprintf(file, "<text x=\"10\" y=\"%d\">%.6f</text>\n", y, row->time);
        fprintf(file, "<line class=\"arrow\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                "stroke=\"%s\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>\n",
                x1, y, x2, y, x2 > x1 ? "black" : "navy");
        fprintf(file, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\"><tspan font-weight=\"bold\">",
                (x1 + x2) / 2, y - 6);
        put_xml(file, row->label);
        fputs("</tspan> ", file);
        put_xml(file, row->detail);
        fputs("</text>\n", file);
    }
    fputs("</svg>\n", file);
    return fflush(file) == 0 && !ferror(file) ? 0 : -1;
}
