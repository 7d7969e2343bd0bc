/*
 * sockwatch.c - see the connection: the packets on the wire as a ladder
 * diagram, or the kernel's sockets of a port as a timeline.
 *
 *   sudo ./tools/sockwatch 60000          the ladder of what goes through port 60000
 *                                         on lo (packet socket: root or CAP_NET_RAW)
 *   ./tools/sockwatch -r capture.pcapng   the ladder of a tcpdump/Wireshark capture
 *   ./tools/sockwatch -s 60000            the timeline of port 60000's sockets (no root)
 *
 * The ladder: capture.c (live, Linux's packet socket) or pcap.c and
 * pcapng.c (-r), each
 * packet decoded by packet.c and drawn by ladder.c (text, and SVG with
 * --svg); -w also writes what was drawn as a pcap file that Wireshark opens.
 * The timeline: timeline.c, over common/socktable.c.
 */
#include "capture.h"
#include "common.h"
#include "ladder.h"
#include "packet.h"
#include "pcap.h"
#include "socktable.h"
#include "timeline.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: sockwatch [-i IFACE] [-r FILE] [-w FILE] [--svg FILE] [-c COUNT] " \
              "[-d SECONDS] [-v] [PORT | ADDR:PORT [ADDR:PORT]] | sockwatch -s [-I MS] " \
              "[-d SECONDS] PORT"

struct endpoint {
    int family;                  /* AF_INET, AF_INET6, or 0: any address */
    unsigned char ip[16];
    unsigned short port;
};

struct options {
    const char *iface;           /* -i, default lo */
    const char *read_file;       /* -r */
    const char *write_file;      /* -w */
    const char *svg_file;        /* --svg */
    long count;                  /* -c: stop after COUNT packets drawn; 0: never */
    double duration;             /* -d: stop after SECONDS; 0: never */
    int timeline;                /* -s */
    long interval_ms;            /* -I */
    int nends;                   /* endpoints given: 0, 1 or 2 */
    struct endpoint ends[2];
};

struct counts {
    unsigned long drawn, unmatched, skipped;
};

static void print_help(void)
{
    printf("%s\n"
           "Every lab (labs/tp1-tcp.md): see the connection, as a ladder\n"
           "of its packets or a timeline of its sockets.\n"
           "The ladder (default): each TCP segment, UDP datagram and\n"
           "ICMP error through PORT (or between two endpoints) as an arrow between the two\n"
           "endpoints, with its flags, relative seq/ack numbers, length and the start of\n"
           "its data; beside each TCP endpoint's line, the state the packets put it in\n"
           "(SYN-SENT, ESTABLISHED, FIN-WAIT-1, TIME-WAIT...), where it changes.\n"
           "Capturing needs root or CAP_NET_RAW; reading a file (-r) does not.\n"
           "The timeline (-s, no root): every change of the sockets of PORT in the kernel's\n"
           "table, with its time: LISTEN, ESTAB, FIN-WAIT, TIME-WAIT (and the time left),\n"
           "gone; their program and pid; Recv-Q and Send-Q.\n"
           "  -i IFACE     interface to capture on (default lo)\n"
           "  -r FILE      draw a capture file: pcap (tcpdump -w; micro- or nanoseconds)\n"
           "               or pcapng (tshark, dumpcap, Wireshark; several interfaces)\n"
           "  -w FILE      also write the packets drawn to FILE (always pcap, whatever\n"
           "               its name: Wireshark, tshark and tcpdump read it)\n"
           "  --svg FILE   also draw the ladder as an SVG picture in FILE\n"
           "  -c COUNT     stop after COUNT packets drawn\n"
           "  -d SECONDS   stop after SECONDS (default: at Ctrl-C)\n"
           "  -s           the timeline of the sockets of PORT instead of the ladder\n"
           "  -I MS        timeline: read the table every MS milliseconds (default 5)\n"
           "  -v           say why each packet left out was left out\n"
           "  PORT | ADDR:PORT [ADDR:PORT]   what to show: a port, an endpoint, a pair\n"
           "               (127.0.0.1:60000, [::1]:60000); with -r, optional\n"
           "example: sockwatch -s 60000\n", USAGE);
}

/* Parses "PORT", "ADDR:PORT" or "[V6ADDR]:PORT" into *end. Returns 0 or -1. */
static int parse_endpoint(const char *text, struct endpoint *end)
{
    char host[64];
    const char *colon = strrchr(text, ':');
    size_t host_len;

    memset(end, 0, sizeof *end);
    if (colon == NULL)
        return sl_parse_port(text, 0, &end->port);
    host_len = (size_t)(colon - text);
    if (host_len >= 2 && text[0] == '[' && text[host_len - 1] == ']') {
        text++;
        host_len -= 2;
    }
    if (host_len == 0 || host_len >= sizeof host || sl_parse_port(colon + 1, 0, &end->port) < 0)
        return -1;
    memcpy(host, text, host_len);
    host[host_len] = '\0';
    if (inet_pton(AF_INET, host, end->ip) == 1)
        end->family = AF_INET;
    else if (inet_pton(AF_INET6, host, end->ip) == 1)
        end->family = AF_INET6;
    else
        return -1;
    return 0;
}

/* --svg is the one long option: turned into -S for getopt. */
static void long_options_to_short(int argc, char *argv[])
{
    static char svg[] = "-S";

    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--svg") == 0)
            argv[i] = svg;
}

static int parse_number(const char *text, long min, long max, long *out, const char *what)
{
    if (sl_parse_long(text, min, max, out) < 0)
        return sl_usage_error(USAGE, "invalid %s '%s' (expected %ld..%ld)", what, text, min, max);
    return 0;
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    long number;
    int opt, status = 0;

    memset(opts, 0, sizeof *opts);
    opts->iface = "lo";
    opts->interval_ms = 5;
    long_options_to_short(argc, argv);
    opterr = 0;
    while (status == 0 && (opt = getopt(argc, argv, ":i:r:w:S:c:d:sI:v")) != -1) {
        switch (opt) {
        case 'i': opts->iface = optarg; break;
        case 'r': opts->read_file = optarg; break;
        case 'w': opts->write_file = optarg; break;
        case 'S': opts->svg_file = optarg; break;
        case 's': opts->timeline = 1; break;
        case 'v': sl_trace_enable(1); break;
        case 'c': status = parse_number(optarg, 1, 1000000000, &opts->count, "count"); break;
        case 'I': status = parse_number(optarg, 1, 10000, &opts->interval_ms, "interval"); break;
        case 'd':
            status = parse_number(optarg, 1, 86400, &number, "duration");
            opts->duration = (double)number;
            break;
        case ':': return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default: return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (status != 0)
        return status;
    for (; optind < argc; optind++) {
        if (opts->nends == 2)
            return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind]);
        if (parse_endpoint(argv[optind], &opts->ends[opts->nends]) < 0)
            return sl_usage_error(USAGE, "invalid port or endpoint '%s' (expected PORT, "
                                  "127.0.0.1:PORT or [::1]:PORT)", argv[optind]);
        opts->nends++;
    }
    if (opts->nends == 0 && (opts->timeline || opts->read_file == NULL))
        return sl_usage_error(USAGE, "missing PORT: what to watch");
    if (opts->timeline && (opts->nends != 1 || opts->ends[0].family != 0))
        return sl_usage_error(USAGE, "-s follows one PORT, not an endpoint");
    if (opts->read_file && opts->write_file)
        return sl_usage_error(USAGE, "-w writes a live capture: not with -r");
    return 0;
}

static int endpoint_matches(const struct endpoint *end, const struct sockaddr_storage *addr)
{
    if (end->port != 0 && end->port != sl_addr_port((const struct sockaddr *)addr))
        return 0;
    if (end->family == 0)
        return 1;
    if (end->family != addr->ss_family)
        return 0;
    if (end->family == AF_INET)
        return memcmp(end->ip, &((const struct sockaddr_in *)addr)->sin_addr, 4) == 0;
    return memcmp(end->ip, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16) == 0;
}

/* Non-zero if PKT is between the endpoints the user asked for. */
static int wanted(const struct options *opts, const struct packet *pkt)
{
    if (opts->nends == 0)
        return 1;
    if (opts->nends == 1)
        return endpoint_matches(&opts->ends[0], &pkt->src) ||
               endpoint_matches(&opts->ends[0], &pkt->dst);
    return (endpoint_matches(&opts->ends[0], &pkt->src) &&
            endpoint_matches(&opts->ends[1], &pkt->dst)) ||
           (endpoint_matches(&opts->ends[1], &pkt->src) &&
            endpoint_matches(&opts->ends[0], &pkt->dst));
}

/* Decodes, filters and draws one packet; writes it to PCAP_OUT if set.
 * Returns 1 if drawn. */
static int handle_packet(const struct options *opts, struct ladder *ladder, struct counts *counts,
                         uint32_t linktype, double time, const unsigned char *data,
                         size_t caplen, size_t origlen, FILE *pcap_out)
{
    struct packet pkt;
    const char *why = "";

    if (packet_decode(linktype, data, caplen, &pkt, &why) < 0) {
        counts->skipped++;
        sl_trace("packet %lu left out: %s", counts->drawn + counts->unmatched + counts->skipped,
                 why);
        return 0;
    }
    if (!wanted(opts, &pkt)) {
        counts->unmatched++;
        return 0;
    }
    ladder_add(ladder, time, &pkt);
    counts->drawn++;
    if (pcap_out != NULL &&
        pcap_write_record(pcap_out, time, data, (uint32_t)caplen, (uint32_t)origlen) < 0)
        sl_error("write %s", opts->write_file);
    return 1;
}

static void print_counts(const struct counts *counts)
{
    printf("(%lu packets drawn, %lu of other ports or endpoints, %lu skipped: not TCP, UDP "
           "or an ICMP error over IP, or damaged)\n",
           counts->drawn, counts->unmatched, counts->skipped);
}

/* Non-zero for a link type packet.c decodes. */
static int known_linktype(uint32_t linktype)
{
    return linktype == LINKTYPE_RAW || linktype == LINKTYPE_ETHERNET ||
           linktype == LINKTYPE_NULL || linktype == LINKTYPE_LOOP ||
           linktype == LINKTYPE_LINUX_SLL || linktype == LINKTYPE_LINUX_SLL2;
}

/* Opens -r's file (pcap or pcapng). Returns it, or NULL (reported). */
static FILE *open_capture(const char *path, struct pcap_reader *reader)
{
    char error[256];
    FILE *file = fopen(path, "rb");

    if (file == NULL) {
        sl_error("open %s", path);
        return NULL;
    }
    if (pcap_open_reader(reader, file, error, sizeof error) < 0) {
        sl_errorx("%s: %s", path, error);
        pcap_close_reader(reader);
        fclose(file);
        return NULL;
    }
    if (reader->snaplen == 0 && !reader->pcapng)
        sl_trace("%s: snap length 0 in the header: each record's own length is used", path);
    return file;
}

/* The ladder of a pcap or pcapng file. Returns the exit status. */
static int ladder_from_file(const struct options *opts, struct ladder *ladder,
                            struct counts *counts)
{
    struct pcap_reader reader;
    struct pcap_record record;
    char error[256];
    FILE *file = open_capture(opts->read_file, &reader);
    int status;

    if (file == NULL)
        return 1;
    record.caplen = 0;
    record.linktype = reader.linktype;
    while ((status = pcap_next(&reader, &record, error, sizeof error)) == 1) {
        handle_packet(opts, ladder, counts, record.linktype, record.time, record.data,
                      record.caplen, record.origlen, NULL);
        if (opts->count > 0 && counts->drawn >= (unsigned long)opts->count)
            break;
    }
    if (status < 0)
        sl_errorx("%s: %s (after %lu records)", opts->read_file, error, reader.records);
    else if (reader.records > 0 && counts->skipped == reader.records &&
             record.caplen > 0 && !known_linktype(record.linktype)) {
        sl_errorx("%s: link type %lu is not one this tool decodes (Ethernet, Linux cooked, "
                  "raw IP, loopback)", opts->read_file, (unsigned long)record.linktype);
        status = -1;
    }
    if (reader.pcapng)
        sl_trace("%s: pcapng, %lu section(s), %lu block(s) of other kinds skipped",
                 opts->read_file, reader.sections, reader.blocks_skipped);
    pcap_close_reader(&reader);
    fclose(file);
    return status < 0 ? 1 : 0;
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Opens -w's file and writes its header. NULL (reported) on failure. */
static FILE *open_pcap_out(const char *path)
{
    FILE *file = fopen(path, "wb");

    if (file == NULL || pcap_write_header(file, LINKTYPE_RAW) < 0) {
        sl_error("write %s", path);
        if (file != NULL)
            fclose(file);
        return NULL;
    }
    return file;
}

/* After Ctrl-C or -d: draws the packets already captured, still queued on
 * the socket (the last ACK of a connection that just closed). */
static void drain(const struct options *opts, struct ladder *ladder, struct counts *counts,
                  int fd, unsigned char *buffer, size_t size, FILE *pcap_out)
{
    size_t origlen = 0;
    ssize_t got;

    while ((opts->count == 0 || counts->drawn < (unsigned long)opts->count) &&
           (got = capture_next(fd, buffer, size, 0, &origlen)) > 0)
        handle_packet(opts, ladder, counts, LINKTYPE_RAW, now_seconds(), buffer, (size_t)got,
                      origlen, pcap_out);
}

/* The ladder of a live capture, until Ctrl-C, -c or -d. Returns the exit status. */
static int ladder_live(const struct options *opts, struct ladder *ladder, struct counts *counts)
{
    static unsigned char buffer[PCAP_MAX_RECORD];
    double start = now_seconds();
    FILE *pcap_out = NULL;
    int fd = capture_open(opts->iface), status = 0;

    if (fd < 0) {
        sl_error("packet socket on %s", opts->iface);
        if (errno == EPERM || errno == EACCES)
            sl_hint("capturing packets needs root or CAP_NET_RAW: sudo ./tools/sockwatch ...; "
                    "without root: sockwatch -s PORT (the sockets), or tcpdump -w FILE then "
                    "sockwatch -r FILE");
        else if (errno == ENOSYS)
            sl_hint("packet sockets are Linux's: capture with tcpdump -w FILE, then "
                    "sockwatch -r FILE");
        else if (errno == ENODEV)
            sl_hint("no interface %s here (see: ip link)", opts->iface);
        return 1;
    }
    if (opts->write_file && (pcap_out = open_pcap_out(opts->write_file)) == NULL) {
        close(fd);
        return 1;
    }
    fprintf(stderr, "sockwatch: capturing on %s (Ctrl-C to stop)\n", opts->iface);
    while (!sl_interrupted()) {
        size_t origlen = 0;
        ssize_t got = capture_next(fd, buffer, sizeof buffer, 100, &origlen);

        if (got < 0 && errno != EINTR) {
            sl_error("recvfrom on %s", opts->iface);
            status = 1;
            break;
        }
        if (got > 0)
            handle_packet(opts, ladder, counts, LINKTYPE_RAW, now_seconds(), buffer,
                          (size_t)got, origlen, pcap_out);
        if ((opts->count > 0 && counts->drawn >= (unsigned long)opts->count) ||
            (opts->duration > 0 && now_seconds() - start >= opts->duration))
            break;
    }
    drain(opts, ladder, counts, fd, buffer, sizeof buffer, pcap_out);
    close(fd);
    if (pcap_out != NULL && fclose(pcap_out) != 0) {
        sl_error("write %s", opts->write_file);
        status = 1;
    }
    return status;
}

/* Writes --svg's picture. Returns 0 or 1 (reported). */
static int write_svg(const struct options *opts, const struct ladder *ladder)
{
    FILE *file = fopen(opts->svg_file, "w");
    unsigned long not_drawn = 0;
    int failed = file == NULL || ladder_write_svg(ladder, file, &not_drawn) < 0;

    if (file != NULL && fclose(file) != 0)
        failed = 1;
    if (failed) {
        sl_error("write %s", opts->svg_file);
        return 1;
    }
    if (ladder->rows_dropped > 0)
        sl_errorx("%s: the first %d packets only (%lu more not drawn)", opts->svg_file,
                  LADDER_MAX_SVG, ladder->rows_dropped);
    if (not_drawn > ladder->rows_dropped) {
        sl_errorx("%s: %lu packets between endpoints past the first %d columns not drawn",
                  opts->svg_file, not_drawn - ladder->rows_dropped, LADDER_SVG_COLUMNS);
        sl_hint("draw one connection: sockwatch -r FILE --svg PICTURE ADDR:PORT ADDR:PORT");
    }
    return 0;
}

static int run_ladder(const struct options *opts)
{
    struct ladder ladder;
    struct counts counts = { 0, 0, 0 };
    int status;

    if (ladder_init(&ladder, stdout, opts->svg_file != NULL) < 0) {
        sl_error("ladder");
        return 1;
    }
    status = opts->read_file ? ladder_from_file(opts, &ladder, &counts)
                             : ladder_live(opts, &ladder, &counts);
    if (status == 0 || counts.drawn > 0)
        print_counts(&counts);
    if (opts->svg_file && (status == 0 || counts.drawn > 0) && write_svg(opts, &ladder) != 0)
        status = 1;
    if (ladder.unfollowed > 0)
        sl_errorx("more than %u connections: %lu packets of the others drawn with absolute "
                  "numbers and no TCP states", LADDER_MAX_FLOWS, ladder.unfollowed);
    ladder_free(&ladder);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        sl_error("write to standard output");
        status = 1;
    }
    return status;
}

int main(int argc, char *argv[])
{
    struct options opts;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    sl_catch_stop_signals();
    if (opts.timeline) {
        struct timeline_options timeline = { opts.ends[0].port, SL_TCP | SL_UDP,
                                             opts.interval_ms, opts.duration };

        fprintf(stderr, "sockwatch: following the sockets of port %u (Ctrl-C to stop)\n",
                (unsigned)opts.ends[0].port);
        status = timeline_run(&timeline, stdout) < 0 ? 1 : 0;
        if (fflush(stdout) != 0 || ferror(stdout))
            status = 1;
        return status;
    }
    return run_ladder(&opts);
}
