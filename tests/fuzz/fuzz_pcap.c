/*
 * fuzz_pcap.c - libFuzzer target for sockwatch's pcap and pcapng readers
 * and packet decoder (tools/pcap.c, tools/pcapng.c, tools/packet.c) and its
 * ladder (tools/ladder.c, with the TCP states).
 *
 * The input is a whole pcap or pcapng file (seeds of both, one written by
 * tshark), read through fmemopen() as sockwatch reads a file: every record it accepts is decoded with the file's link type and
 * with each other link type sockwatch knows, and drawn (text to /dev/null,
 * SVG rows kept, the SVG written). Any crash, overflow, leak, hang (libFuzzer's
 * -timeout) or memory past -rss_limit_mb fails; an error is fine.
 */
#define _DEFAULT_SOURCE   /* fmemopen is POSIX 2008; glibc wants this with -std=c11 */
#include "../../tools/ladder.h"
#include "../../tools/packet.h"
#include "../../tools/pcap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t linktypes[] = { LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW,
                                          LINKTYPE_LOOP, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 };
    struct pcap_reader reader;
    struct pcap_record record;
    struct ladder ladder;
    struct packet pkt;
    const char *why;
    char error[256];
    FILE *file, *sink;
    unsigned long not_drawn;

    if (size == 0)
        return 0;
    file = fmemopen((void *)data, size, "rb");
    sink = fopen("/dev/null", "w");
    if (file == NULL || sink == NULL || ladder_init(&ladder, sink, 1) < 0)
        abort();
    if (pcap_open_reader(&reader, file, error, sizeof error) == 0) {
        while (pcap_next(&reader, &record, error, sizeof error) == 1) {
            if (packet_decode(record.linktype, record.data, record.caplen, &pkt, &why) == 0)
                ladder_add(&ladder, record.time, &pkt);
            for (size_t i = 0; i < sizeof linktypes / sizeof linktypes[0]; i++)
                if (packet_decode(linktypes[i], record.data, record.caplen, &pkt, &why) == 0)
                    ladder_add(&ladder, record.time, &pkt);
        }
    }
    pcap_close_reader(&reader);
    ladder_write_svg(&ladder, sink, &not_drawn);
    ladder_free(&ladder);
    fclose(sink);
    fclose(file);
    return 0;
}
