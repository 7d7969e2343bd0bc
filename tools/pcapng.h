/*
 * pcapng.h - the pcapng file format (PCAP Next Generation, the IETF draft
 * draft-ietf-opsawg-pcapng), read only: what tshark, dumpcap and Wireshark
 * write by default. pcap.c's reader opens it when the file starts with a
 * section header block, and hands every read over to pcapng_next.
 *
 * A file is a list of blocks, each: a type (32 bits), its total length
 * (32 bits, a multiple of 4, at least 12), a body, the total length again.
 *   section header (0x0A0D0D0A): the byte-order magic 0x1A2B3C4D, written
 *        in the writer's order, and version 1.x; a file may hold several
 *        sections, each in its own byte order, each with its own interfaces;
 *   interface description (1): link type, snap length, options, among them
 *        if_tsresol (the timestamp unit: 10^-N or 2^-N second, default
 *        microseconds) and if_tsoffset (seconds to add);
 *   enhanced packet (6): interface number, 64-bit timestamp, captured and
 *        original lengths, the bytes padded to 4, options;
 *   simple packet (3): interface 0, no timestamp, original length, bytes.
 * Every other block (statistics, name resolution, custom...) is skipped by
 * its length.
 */
#ifndef SOCKLAB_PCAPNG_H
#define SOCKLAB_PCAPNG_H

#include "pcap.h"

#define PCAPNG_MAGIC 0x0a0d0d0au          /* a section header block's type */
#define PCAPNG_MAX_INTERFACES 4096u       /* per section */

struct pcapng_interface {
    uint32_t linktype, snaplen;
    uint64_t units;                       /* timestamp units per second */
    double offset;                        /* if_tsoffset, seconds */
};

/* Carries on pcap_open_reader once FIRST (GOT bytes, 24 at least when the
 * file is longer) showed a section header block: reads the rest of it.
 * Returns 0, or -1 with a reason in ERROR. */
int pcapng_open(struct pcap_reader *reader, const unsigned char *first, size_t got,
                char *error, size_t error_len);

/* pcap_next for a pcapng file: the next enhanced or simple packet block,
 * other blocks read (section, interfaces) or skipped on the way. */
int pcapng_next(struct pcap_reader *reader, struct pcap_record *record, char *error,
                size_t error_len);

#endif
