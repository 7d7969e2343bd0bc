/*
 * pcap.h - the classic pcap file format (what tcpdump -w writes, what
 * Wireshark and tshark read), reading and writing, libc only.
 *
 * A file is a 24-byte global header (magic, version 2.4, snap length, link
 * type), then records: a 16-byte header (seconds, micro- or nanoseconds,
 * captured length, original length) and the captured bytes. The magic
 * number tells the byte order of the writer and the time resolution.
 *
 * The reader also opens pcapng files (what tshark, dumpcap and Wireshark
 * write by default), told apart by their first bytes: see pcapng.h.
 *
 * The reader trusts nothing: every length is checked against the record
 * size limit (PCAP_MAX_RECORD), memory is one buffer of that size at most
 * (and, for pcapng, a table of PCAPNG_MAX_INTERFACES interfaces at most),
 * and a damaged file gives an error, never a crash.
 */
#ifndef SOCKLAB_PCAP_H
#define SOCKLAB_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define PCAP_MAX_RECORD 262144u   /* Wireshark's limit for one packet */

/* Link types (www.tcpdump.org/linktypes.html) this tool decodes. */
enum pcap_linktype {
    LINKTYPE_NULL = 0,          /* BSD loopback: 4-byte address family, host order */
    LINKTYPE_ETHERNET = 1,
    LINKTYPE_RAW = 101,         /* an IPv4 or IPv6 header first */
    LINKTYPE_LOOP = 108,        /* like NULL, network byte order */
    LINKTYPE_LINUX_SLL = 113,   /* Linux "cooked" capture (tcpdump -i any) */
    LINKTYPE_LINUX_SLL2 = 276,
};

struct pcapng_interface;

struct pcap_reader {
    FILE *file;
    int swapped;                /* the writer's byte order is not ours (pcapng:
                                   the current section's) */
    int nanoseconds;            /* the magic said nanosecond timestamps */
    uint32_t snaplen;           /* as the header says (0: none said) */
    uint32_t linktype;          /* pcapng: the first interface's (0 before one) */
    unsigned char *data;        /* one record's bytes, PCAP_MAX_RECORD at most */
    unsigned long records;      /* records read so far */
    /* pcapng only (pcapng.c) */
    int pcapng;                 /* the file is pcapng */
    uint64_t offset;            /* bytes read so far: where the next block starts */
    struct pcapng_interface *interfaces;   /* of the current section */
    unsigned ninterfaces, interfaces_room;
    double last_time;           /* a simple packet block has none: this one */
    unsigned long sections, blocks_skipped;
};

struct pcap_record {
    double time;                /* seconds since the epoch */
    const unsigned char *data;  /* captured bytes (valid until the next read) */
    uint32_t caplen, origlen;
    uint32_t linktype;          /* of this record (pcapng: of its interface) */
    unsigned interface;         /* pcapng: its interface's number in its section */
};

/* Reads the global header of FILE (pcap), or its first section header
 * block (pcapng). Returns 0, or -1 with a reason in ERROR (ERROR_LEN
 * bytes): not a pcap or pcapng file, an unknown version, a short file, no
 * memory. */
int pcap_open_reader(struct pcap_reader *reader, FILE *file, char *error, size_t error_len);

/* Reads the next record (pcapng: the next packet block) into *RECORD.
 * Returns 1, 0 at the end of the file, or -1 with a reason in ERROR (a
 * record cut short by the end of the file, a length over PCAP_MAX_RECORD,
 * pcapng: a block whose lengths disagree, naming its offset): the file
 * cannot be read further. */
int pcap_next(struct pcap_reader *reader, struct pcap_record *record, char *error,
              size_t error_len);

/* The 16-bit number and the 32-bit word at BYTES in the writer's byte
 * order (READER->swapped); VALUE's bytes in the other order. Here, inline,
 * so that pcap.c and pcapng.c share them without calling each other. */
static inline uint32_t pcap_swap32(uint32_t value)
{
    return (value >> 24) | ((value >> 8) & 0xff00u) | ((value << 8) & 0xff0000u) | (value << 24);
}

static inline unsigned pcap_half(const struct pcap_reader *reader, const unsigned char *bytes)
{
    uint16_t value;

    memcpy(&value, bytes, 2);
    return reader->swapped ? (unsigned)((value >> 8) | ((value & 0xffu) << 8)) : value;
}

static inline uint32_t pcap_word(const struct pcap_reader *reader, const unsigned char *bytes)
{
    uint32_t value;

    memcpy(&value, bytes, 4);
    return reader->swapped ? pcap_swap32(value) : value;
}

/* Frees what pcap_open_reader allocated (the FILE stays open). */
void pcap_close_reader(struct pcap_reader *reader);

/* Writes a global header (microseconds, our byte order, version 2.4,
 * snap length PCAP_MAX_RECORD, LINKTYPE). Returns 0, or -1 with errno. */
int pcap_write_header(FILE *file, uint32_t linktype);

/* Writes one record. Returns 0, or -1 with errno. */
int pcap_write_record(FILE *file, double time, const void *data, uint32_t caplen,
                      uint32_t origlen);

#endif
