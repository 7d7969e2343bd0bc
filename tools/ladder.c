/*
 * ladder.c - packets as a ladder diagram, in text and in SVG (ladder.h).
 *
 *   0.000000      SYN-SENT  127.0.0.1:49240  -- SYN ----->  127.0.0.1:60000  SYN-RECEIVED  seq=0 len=0
 *   0.000021   ESTABLISHED  127.0.0.1:49240  <- SYN-ACK --  127.0.0.1:60000                seq=0 ack=1 len=0
 *
 * The left column of a connection is the endpoint that sent its first packet
 * seen (the client, when the capture saw the SYN). A state is written on the
 * line of the packet that changed it, blank while it stays.
 */
#include "ladder.h"
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARROW_WIDTH 24
#define PREVIEW_BYTES 32
#define STATE_WIDTH 12                  /* "SYN-RECEIVED" */

enum tcp_state {
    ST_CLOSED, ST_SYN_SENT, ST_SYN_RECEIVED, ST_ESTABLISHED, ST_FIN_WAIT_1, ST_FIN_WAIT_2,
    ST_CLOSE_WAIT, ST_CLOSING, ST_LAST_ACK, ST_TIME_WAIT,
};

static const char *const state_names[] = {
    "CLOSED", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
    "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
};

struct ladder_flow {
    int proto;                          /* PKT_TCP or PKT_UDP */
    struct sockaddr_storage left, right;
    uint32_t base[2];                   /* first sequence number seen, per direction */
    int have_base[2];                   /* 0: left to right, 1: right to left */
    int seen_syn;                       /* the capture saw the connection open */
    enum tcp_state state[2];            /* of the left and the right endpoint */
    int fin_sent[2];
    uint32_t fin_seq[2];                /* the sequence number of each side's FIN */
};

struct ladder_svg_row {
    double time;
    char from[SL_ADDRSTRLEN], to[SL_ADDRSTRLEN];
    char label[24];
    char numbers[64];                   /* seq, ack, len; or what an ICMP error is about */
    char preview[PREVIEW_BYTES * 4 + 8];
    const char *from_state, *to_state;  /* "" when unchanged */
};

int ladder_init(struct ladder *ladder, FILE *out, int keep_rows)
{
    memset(ladder, 0, sizeof *ladder);
    ladder->out = out;
    ladder->first_time = -1;
    if (keep_rows) {
        ladder->rows = calloc(LADDER_MAX_SVG, sizeof *ladder->rows);
        if (ladder->rows == NULL)
            return -1;
    }
    return 0;
}

void ladder_free(struct ladder *ladder)
{
    free(ladder->flows);
    free(ladder->slots);
    free(ladder->rows);
    ladder->flows = NULL;
    ladder->slots = NULL;
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

/* A hash of an endpoint's address and port (FNV-1a). */
static unsigned hash_endpoint(const struct sockaddr_storage *addr)
{
    const unsigned char *bytes;
    size_t len;
    unsigned hash = 2166136261u;

    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;

        bytes = (const unsigned char *)&in->sin_addr;
        len = 4;
        hash = (hash ^ in->sin_port) * 16777619u;
    } else {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;

        bytes = (const unsigned char *)&in6->sin6_addr;
        len = 16;
        hash = (hash ^ in6->sin6_port) * 16777619u;
    }
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

/* The slot of a flow between A and B (either way round): the hash is the
 * same for both directions. */
static unsigned flow_hash(int proto, const struct sockaddr_storage *a,
                          const struct sockaddr_storage *b)
{
    return hash_endpoint(a) + hash_endpoint(b) + (unsigned)proto;
}

/* Puts flow INDEX in the hash table (which has a free slot). */
static void slot_insert(struct ladder *ladder, unsigned index)
{
    const struct ladder_flow *flow = &ladder->flows[index];
    unsigned at = flow_hash(flow->proto, &flow->left, &flow->right) & (ladder->nslots - 1);

    while (ladder->slots[at] >= 0)
        at = (at + 1) & (ladder->nslots - 1);
    ladder->slots[at] = (int)index;
}

/* Makes room for one more flow: the array and the hash table (kept at most
 * half full) doubled. Returns 0, or -1 at the limit or without memory. */
static int grow_flows(struct ladder *ladder)
{
    unsigned room = ladder->flows_room ? ladder->flows_room * 2 : 64;
    struct ladder_flow *flows;
    int *slots;

    if (ladder->nflows < ladder->flows_room)
        return 0;
    if (ladder->nflows >= LADDER_MAX_FLOWS)
        return -1;
    flows = realloc(ladder->flows, room * sizeof *flows);
    if (flows == NULL)
        return -1;
    ladder->flows = flows;
    slots = malloc(2 * room * sizeof *slots);
    if (slots == NULL)
        return -1;
    ladder->flows_room = room;
    free(ladder->slots);
    ladder->slots = slots;
    ladder->nslots = 2 * room;
    for (unsigned i = 0; i < ladder->nslots; i++)
        slots[i] = -1;
    for (unsigned i = 0; i < ladder->nflows; i++)
        slot_insert(ladder, i);
    return 0;
}

/* The flow of a packet from FROM to TO (PROTO), created if new; *DIRECTION
 * gets 0 if FROM is its left side, 1 if it is its right side. NULL when no
 * more can be followed (the packet is drawn with FROM on the left). */
static struct ladder_flow *find_flow(struct ladder *ladder, int proto,
                                     const struct sockaddr_storage *from,
                                     const struct sockaddr_storage *to, int *direction)
{
    unsigned at = ladder->nslots ? flow_hash(proto, from, to) & (ladder->nslots - 1) : 0;

    *direction = 0;
    for (; ladder->nslots && ladder->slots[at] >= 0; at = (at + 1) & (ladder->nslots - 1)) {
        struct ladder_flow *flow = &ladder->flows[ladder->slots[at]];

        if (flow->proto != proto)
            continue;
        if (same_endpoint(&flow->left, from) && same_endpoint(&flow->right, to))
            return flow;
        if (same_endpoint(&flow->left, to) && same_endpoint(&flow->right, from)) {
            *direction = 1;
            return flow;
        }
    }
    if (grow_flows(ladder) < 0) {
        ladder->unfollowed++;
        return NULL;
    }
    struct ladder_flow *flow = &ladder->flows[ladder->nflows];

    memset(flow, 0, sizeof *flow);
    flow->proto = proto;
    flow->left = *from;
    flow->right = *to;
    slot_insert(ladder, ladder->nflows++);
    return flow;
}

/* Non-zero if ACK acknowledges the FIN numbered FIN_SEQ. */
static int acks_fin(uint32_t ack, uint32_t fin_seq)
{
    return (int32_t)(ack - (fin_seq + 1)) >= 0;
}

/* Moves the two endpoints of FLOW as RFC 9293's state machine would, for
 * a segment PKT sent by side DIRECTION (0: left) to the other. */
static void follow_states(struct ladder_flow *flow, int direction, const struct packet *pkt)
{
    enum tcp_state *sender = &flow->state[direction], *receiver = &flow->state[!direction];
    unsigned flags = pkt->flags;

    if (flags & TCPF_RST) {
        *sender = *receiver = ST_CLOSED;
        return;
    }
    if (flags & TCPF_SYN) {
        flow->seen_syn = 1;
        flow->fin_sent[0] = flow->fin_sent[1] = 0;
        *sender = flags & TCPF_ACK ? ST_SYN_RECEIVED : ST_SYN_SENT;
        if (!(flags & TCPF_ACK))
            *receiver = ST_SYN_RECEIVED;    /* it was in LISTEN (or SYN-SENT) */
        else if (*receiver == ST_SYN_SENT || *receiver == ST_CLOSED)
            *receiver = ST_ESTABLISHED;
        return;
    }
    if (!flow->seen_syn && *sender == ST_CLOSED && *receiver == ST_CLOSED)
        *sender = *receiver = ST_ESTABLISHED;   /* a capture started mid-connection */
    if ((flags & TCPF_ACK) && flow->fin_sent[!direction] &&
        acks_fin(pkt->ack, flow->fin_seq[!direction])) {
        if (*receiver == ST_FIN_WAIT_1)
            *receiver = ST_FIN_WAIT_2;
        else if (*receiver == ST_CLOSING)
            *receiver = ST_TIME_WAIT;
        else if (*receiver == ST_LAST_ACK)
            *receiver = ST_CLOSED;
    } else if ((flags & TCPF_ACK) && *receiver == ST_SYN_RECEIVED) {
        *receiver = ST_ESTABLISHED;
    }
    if (!(flags & TCPF_FIN))
        return;
    flow->fin_sent[direction] = 1;
    flow->fin_seq[direction] = pkt->seq + pkt->payload_len;
    if (*sender == ST_ESTABLISHED || *sender == ST_SYN_RECEIVED)
        *sender = ST_FIN_WAIT_1;
    else if (*sender == ST_CLOSE_WAIT && !((flags & TCPF_ACK) &&
                                           acks_fin(pkt->ack, flow->fin_seq[!direction])))
        *sender = ST_CLOSING;   /* sent before the peer's FIN came: both close at once */
    else if (*sender == ST_CLOSE_WAIT)
        *sender = ST_LAST_ACK;
    if (*receiver == ST_ESTABLISHED)
        *receiver = ST_CLOSE_WAIT;
    else if (*receiver == ST_FIN_WAIT_1)
        *receiver = ST_CLOSING;
    else if (*receiver == ST_FIN_WAIT_2)
        *receiver = ST_TIME_WAIT;
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

/* The label and numbers of a TCP segment, its numbers made relative; the
 * states of FLOW's endpoints follow it. */
static void describe_tcp(struct ladder_flow *flow, int direction, const struct packet *pkt,
                         struct ladder_svg_row *row)
{
    uint32_t seq = pkt->seq, ack = pkt->ack;

    flags_label(pkt->flags, row->label, sizeof row->label);
    if (flow != NULL && (pkt->flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN &&
        flow->have_base[direction] && flow->base[direction] != pkt->seq) {
        flow->have_base[0] = flow->have_base[1] = 0;   /* a new connection, same ports */
        flow->state[0] = flow->state[1] = ST_CLOSED;
    }
    if (flow != NULL) {
        enum tcp_state sender = flow->state[direction], receiver = flow->state[!direction];

        if (!flow->have_base[direction]) {
            flow->base[direction] = pkt->seq;
            flow->have_base[direction] = 1;
        }
        seq -= flow->base[direction];
        if (flow->have_base[!direction])
            ack -= flow->base[!direction];
        follow_states(flow, direction, pkt);
        if (flow->state[direction] != sender)
            row->from_state = state_names[flow->state[direction]];
        if (flow->state[!direction] != receiver)
            row->to_state = state_names[flow->state[!direction]];
    }
    if (pkt->flags & TCPF_ACK)
        snprintf(row->numbers, sizeof row->numbers, "seq=%lu ack=%lu len=%lu",
                 (unsigned long)seq, (unsigned long)ack, (unsigned long)pkt->payload_len);
    else
        snprintf(row->numbers, sizeof row->numbers, "seq=%lu len=%lu", (unsigned long)seq,
                 (unsigned long)pkt->payload_len);
}

/* Prints the text line of ROW (LEFT_IS_FROM: its sender is on the left). */
static void print_row(FILE *out, const struct ladder_svg_row *row, int left_is_from)
{
    char arrow[ARROW_WIDTH + 1];
    size_t used = (size_t)snprintf(arrow, sizeof arrow, "%s %s ", left_is_from ? "--" : "<-",
                                   row->label);

    while (used < ARROW_WIDTH - 1)
        arrow[used++] = '-';
    arrow[used++] = left_is_from ? '>' : '-';
    arrow[used < sizeof arrow ? used : sizeof arrow - 1] = '\0';
    fprintf(out, "%10.6f  %*s  %21s  %s  %-21s  %-*s  %s%s\n", row->time, STATE_WIDTH,
            left_is_from ? row->from_state : row->to_state, left_is_from ? row->from : row->to,
            arrow, left_is_from ? row->to : row->from, STATE_WIDTH,
            left_is_from ? row->to_state : row->from_state, row->numbers, row->preview);
}

void ladder_add(struct ladder *ladder, double time, const struct packet *pkt)
{
    const struct sockaddr_storage *from = &pkt->src, *to = &pkt->dst;
    struct ladder_svg_row row;
    struct ladder_flow *flow;
    int direction;

    if (pkt->kind == PKT_ICMP) {   /* from the receiver of the packet it is about */
        from = &pkt->dst;
        to = &pkt->src;
    }
    flow = find_flow(ladder, pkt->kind == PKT_ICMP ? pkt->about : (int)pkt->kind, from, to,
                     &direction);
    memset(&row, 0, sizeof row);
    row.from_state = row.to_state = "";
    if (pkt->kind == PKT_TCP) {
        describe_tcp(flow, direction, pkt, &row);
    } else if (pkt->kind == PKT_UDP) {
        snprintf(row.label, sizeof row.label, "UDP");
        snprintf(row.numbers, sizeof row.numbers, "len=%lu", (unsigned long)pkt->payload_len);
    } else {
        snprintf(row.label, sizeof row.label, "ICMP");
        snprintf(row.numbers, sizeof row.numbers, "%s (%s)", packet_icmp_name(pkt),
                 pkt->about == PKT_TCP ? "about a TCP segment" : "about a UDP datagram");
    }
    add_preview(row.preview, sizeof row.preview, pkt->payload, pkt->payload_caplen,
                pkt->payload_len);
    if (ladder->first_time < 0)
        ladder->first_time = time;
    row.time = time - ladder->first_time;
    sl_addr_string((const struct sockaddr *)from, row.from);
    sl_addr_string((const struct sockaddr *)to, row.to);
    if (ladder->out != NULL)
        print_row(ladder->out, &row, !(flow && direction));
    ladder->drawn++;
    if (ladder->rows == NULL)
        return;
    if (ladder->nrows == LADDER_MAX_SVG)
        ladder->rows_dropped++;
    else
        ladder->rows[ladder->nrows++] = row;
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

/* The SVG's geometry: columns (lifelines) COLUMN_GAP apart, the first at
 * FIRST_COLUMN; text in a 13-pixel monospace font, whose characters are
 * 0.6 em wide: CHAR_WIDTH rounds that up, so a text measured with it never
 * reaches further than computed. */
#define FIRST_COLUMN 240
#define COLUMN_GAP 360
#define ROW_HEIGHT 44
#define FIRST_ROW 110
#define CHAR_WIDTH 8
#define TEXT_MARGIN 6

/* The column of ENDPOINT, added if new; -1 past LADDER_SVG_COLUMNS. */
static int column_of(char columns[][SL_ADDRSTRLEN], int *ncolumns, const char *endpoint)
{
    for (int i = 0; i < *ncolumns; i++)
        if (strcmp(columns[i], endpoint) == 0)
            return i;
    if (*ncolumns == LADDER_SVG_COLUMNS)
        return -1;
    snprintf(columns[*ncolumns], SL_ADDRSTRLEN, "%s", endpoint);
    return (*ncolumns)++;
}

/* Copies TEXT into OUT (LEN bytes), cut to MAX_CHARS characters with "..."
 * at its end when it is longer. */
static void fit_text(const char *text, int max_chars, char *out, size_t len)
{
    size_t keep = max_chars > 0 ? (size_t)max_chars : 0;

    if (strlen(text) <= keep) {
        snprintf(out, len, "%s", text);
        return;
    }
    keep = keep > 3 ? keep - 3 : 0;
    snprintf(out, len, "%.*s...", (int)keep, text);
}

/* Writes TEXT (already cut to fit) at X, Y with ANCHOR (start, middle, end). */
static void put_text(FILE *file, int x, int y, const char *anchor, const char *attributes,
                     const char *text)
{
    fprintf(file, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s>", x, y, anchor, attributes);
    put_xml(file, text);
    fputs("</text>\n", file);
}

/* One packet's arrow from X1 to X2 at Y: the flags and numbers above it,
 * the preview below it, in the gap next to the sender's lifeline, each cut
 * to that gap's width; each endpoint's new state beside its lifeline, on
 * the outer side. */
static void put_row(FILE *file, const struct ladder_svg_row *row, int y, int x1, int x2)
{
    int room = (COLUMN_GAP - 2 * TEXT_MARGIN) / CHAR_WIDTH;
    int middle = x1 + (x2 > x1 ? COLUMN_GAP : -COLUMN_GAP) / 2;
    int left = x1 < x2 ? x1 : x2, right = x1 < x2 ? x2 : x1;
    char text[sizeof row->label + sizeof row->numbers + 2], fitted[sizeof text];
    char preview[sizeof row->preview];

    fprintf(file, "<text x=\"10\" y=\"%d\">%.6f</text>\n", y + 4, row->time);
    fprintf(file, "<line class=\"arrow\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
            "stroke=\"%s\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>\n",
            x1, y, x2, y, x2 > x1 ? "black" : "navy");
    snprintf(text, sizeof text, "%s %s", row->label, row->numbers);
    fit_text(text, room, fitted, sizeof fitted);
    put_text(file, middle, y - 6, "middle", " class=\"label\"", fitted);
    if (row->preview[0] != '\0') {
        fit_text(row->preview + 1, room, preview, sizeof preview);   /* without its space */
        put_text(file, middle, y + 16, "middle", " class=\"label\" fill=\"dimgray\"",
                 preview);
    }
    const char *left_state = x1 < x2 ? row->from_state : row->to_state;
    const char *right_state = x1 < x2 ? row->to_state : row->from_state;

    if (left_state[0] != '\0')
        put_text(file, left - TEXT_MARGIN, y + 4, "end", " class=\"state\" fill=\"darkgreen\"",
                 left_state);
    if (right_state[0] != '\0')
        put_text(file, right + TEXT_MARGIN, y + 4, "start",
                 " class=\"state\" fill=\"darkgreen\"", right_state);
}

/* The title and, when packets are left out, a legend saying which. */
static void put_header(FILE *file, const struct ladder *ladder, int width, int height,
                       unsigned long off_columns)
{
    unsigned long total = ladder->nrows + ladder->rows_dropped;
    char notice[256] = "";

    if (ladder->rows_dropped > 0 || off_columns > 0)
        snprintf(notice, sizeof notice, "%lu of %lu packets drawn: not drawn, %lu after the "
                 "first %d and %lu between endpoints past the first %d columns", 
                 ladder->nrows - off_columns, total, ladder->rows_dropped, LADDER_MAX_SVG,
                 off_columns, LADDER_SVG_COLUMNS);
    fprintf(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"13\">\n",
            width, height, width, height);
    if (notice[0] != '\0')
        fprintf(file, "<title>sockwatch: %s</title>\n", notice);
    else
        fprintf(file, "<title>sockwatch: %lu packets</title>\n", total);
    fputs("<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"10\" "
          "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\"/></marker></defs>\n"
          "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", file);
    if (notice[0] != '\0')
        put_text(file, 10, 20, "start", " class=\"legend\" fill=\"firebrick\"", notice);
}

int ladder_write_svg(const struct ladder *ladder, FILE *file, unsigned long *not_drawn)
{
    char columns[LADDER_SVG_COLUMNS][SL_ADDRSTRLEN];
    int ncolumns = 0, width, height, y = FIRST_ROW;
    unsigned long off_columns = 0;

    for (unsigned long i = 0; i < ladder->nrows; i++)
        if (column_of(columns, &ncolumns, ladder->rows[i].from) < 0 ||
            column_of(columns, &ncolumns, ladder->rows[i].to) < 0)
            off_columns++;
    width = FIRST_COLUMN + (ncolumns > 1 ? ncolumns - 1 : 1) * COLUMN_GAP + 160;
    height = FIRST_ROW + (int)(ladder->nrows - off_columns) * ROW_HEIGHT;
    put_header(file, ladder, width, height, off_columns);
    for (int c = 0; c < ncolumns; c++) {
        int x = FIRST_COLUMN + c * COLUMN_GAP;

        put_text(file, x, 60, "middle", " font-weight=\"bold\"", columns[c]);
        fprintf(file, "<line class=\"lifeline\" x1=\"%d\" y1=\"70\" x2=\"%d\" y2=\"%d\" "
                "stroke=\"gray\"/>\n", x, x, height - 20);
    }
    for (unsigned long i = 0; i < ladder->nrows; i++) {
        const struct ladder_svg_row *row = &ladder->rows[i];
        int from = column_of(columns, &ncolumns, row->from);
        int to = column_of(columns, &ncolumns, row->to);

        if (from < 0 || to < 0)
            continue;
        put_row(file, row, y, FIRST_COLUMN + from * COLUMN_GAP, FIRST_COLUMN + to * COLUMN_GAP);
        y += ROW_HEIGHT;
    }
    fputs("</svg>\n", file);
    *not_drawn = ladder->rows_dropped + off_columns;
    return fflush(file) == 0 && !ferror(file) ? 0 : -1;
}
