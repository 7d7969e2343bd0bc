/*
 * pcapng.c - reading pcapng files (see pcapng.h), block by block.
 *
 * Each block is read as a stream: its 8-byte head, the part of its body
 * this tool uses (into one buffer of PCAP_MAX_RECORD bytes), the rest read
 * and thrown away in small pieces, then its trailing length, checked. So a
 * block claiming 4 GB costs no memory, and a file that ends inside it is
 * "cut short", never a wait.
 */
#include "pcapng.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BYTE_ORDER_MAGIC 0x1a2b3c4du
#define BLOCK_INTERFACE 1u
#define BLOCK_PACKET 2u                   /* obsolete, still read */
#define BLOCK_SIMPLE 3u
#define BLOCK_ENHANCED 6u
#define OPTION_TSRESOL 9u
#define OPTION_TSOFFSET 14u
#define OPTIONS_READ 4096u                /* an interface's options: this much is read */

/* The block being read: its type, where it starts, its body's length. */
struct block {
    uint32_t type;
    unsigned long long start;
    uint32_t body;
};

static const char *block_name(uint32_t type)
{
    switch (type) {
    case PCAPNG_MAGIC: return "section header block";
    case BLOCK_INTERFACE: return "interface description block";
    case BLOCK_PACKET: return "packet block";
    case BLOCK_SIMPLE: return "simple packet block";
    case BLOCK_ENHANCED: return "enhanced packet block";
    default: return "block";
    }
}

/* Reads LEN bytes. Returns 0, or -1 (ERROR says the block is cut short). */
static int read_exactly(struct pcap_reader *reader, const struct block *block, void *buf,
                        size_t len, char *error, size_t error_len)
{
    size_t got = fread(buf, 1, len, reader->file);

    reader->offset += got;
    if (got == len)
        return 0;
    if (ferror(reader->file))
        snprintf(error, error_len, "%s", strerror(errno));
    else
        snprintf(error, error_len, "truncated file: the %s at offset %llu is cut short",
                 block_name(block->type), block->start);
    return -1;
}

/* Reads and forgets LEN bytes, a piece at a time. Returns 0 or -1. */
static int skip_bytes(struct pcap_reader *reader, const struct block *block, uint32_t len,
                      char *error, size_t error_len)
{
    unsigned char scrap[4096];

    while (len > 0) {
        size_t piece = len < sizeof scrap ? len : sizeof scrap;

        if (read_exactly(reader, block, scrap, piece, error, error_len) < 0)
            return -1;
        len -= (uint32_t)piece;
    }
    return 0;
}

/* Reads the trailing total length, after USED bytes of the body were read.
 * Returns 0, or -1 when it is cut short or differs from the leading one. */
static int end_block(struct pcap_reader *reader, const struct block *block, uint32_t used,
                     char *error, size_t error_len)
{
    unsigned char tail[4];

    if (skip_bytes(reader, block, block->body - used, error, error_len) < 0 ||
        read_exactly(reader, block, tail, 4, error, error_len) < 0)
        return -1;
    if (pcap_word(reader, tail) != block->body + 12) {
        snprintf(error, error_len, "the %s at offset %llu: its total length is %lu at "
                 "its start, %lu at its end: a corrupt file", block_name(block->type),
                 block->start, (unsigned long)block->body + 12,
                 (unsigned long)pcap_word(reader, tail));
        return -1;
    }
    return 0;
}

/* Checks a block's total length TOTAL. Returns 0 or -1 (ERROR). */
static int check_length(struct block *block, uint32_t total, char *error, size_t error_len)
{
    if (total < 12 || total % 4 != 0) {
        snprintf(error, error_len, "the %s at offset %llu: total length %lu (%s): a corrupt "
                 "file", block_name(block->type), block->start, (unsigned long)total,
                 total < 12 ? "12 at least" : "not a multiple of 4");
        return -1;
    }
    block->body = total - 12;
    return 0;
}

/* A section header block whose first 24 bytes are HEAD (type, length,
 * byte-order magic, version, section length): a new byte order, no
 * interfaces yet. Returns 0 or -1 (ERROR). */
static int start_section(struct pcap_reader *reader, struct block *block,
                         const unsigned char *head, char *error, size_t error_len)
{
    uint32_t magic;

    memcpy(&magic, head + 8, 4);
    if (magic != BYTE_ORDER_MAGIC && pcap_swap32(magic) != BYTE_ORDER_MAGIC) {
        snprintf(error, error_len, "the section header block at offset %llu: byte-order "
                 "magic %08lx (1a2b3c4d expected): not a pcapng file", block->start,
                 (unsigned long)magic);
        return -1;
    }
    reader->swapped = magic != BYTE_ORDER_MAGIC;
    if (check_length(block, pcap_word(reader, head + 4), error, error_len) < 0)
        return -1;
    if (block->body < 16) {
        snprintf(error, error_len, "the section header block at offset %llu: %lu bytes "
                 "(28 at least): a corrupt file", block->start, (unsigned long)block->body + 12);
        return -1;
    }
    if (pcap_half(reader, head + 12) != 1) {
        snprintf(error, error_len, "the section header block at offset %llu: pcapng version "
                 "%u.%u, only 1.x is known", block->start, pcap_half(reader, head + 12),
                 pcap_half(reader, head + 14));
        return -1;
    }
    reader->ninterfaces = 0;
    reader->sections++;
    return end_block(reader, block, 16, error, error_len);
}

int pcapng_open(struct pcap_reader *reader, const unsigned char *first, size_t got,
                char *error, size_t error_len)
{
    struct block block = { PCAPNG_MAGIC, 0, 0 };

    reader->pcapng = 1;
    reader->offset = got;
    if (got < 24) {
        snprintf(error, error_len, "truncated pcapng file: %zu bytes only", got);
        return -1;
    }
    reader->data = malloc(PCAP_MAX_RECORD);
    if (reader->data == NULL) {
        snprintf(error, error_len, "%s", strerror(errno));
        return -1;
    }
    return start_section(reader, &block, first, error, error_len);
}

/* The 64-bit number at BYTES in the writer's byte order. */
static uint64_t quad(const struct pcap_reader *reader, const unsigned char *bytes)
{
    uint64_t value;

    memcpy(&value, bytes, 8);
    if (reader->swapped)
        value = ((uint64_t)pcap_swap32((uint32_t)value) << 32) |
                pcap_swap32((uint32_t)(value >> 32));
    return value;
}

/* Units per second of an if_tsresol byte: 10^N, or 2^N with the top bit
 * set. 0 when it does not fit in 64 bits. */
static uint64_t resolution_units(unsigned char tsresol)
{
    unsigned exponent = tsresol & 0x7fu;
    uint64_t units = 1;

    if (tsresol & 0x80u)
        return exponent < 64 ? (uint64_t)1 << exponent : 0;
    if (exponent > 19)
        return 0;
    while (exponent-- > 0)
        units *= 10;
    return units;
}

/* Reads the options of an interface (OPTIONS, LEN bytes) into *IFACE: the
 * timestamp resolution and offset. A truncated option ends the list.
 * Returns 0, or -1 for a resolution past 64 bits. */
static int interface_options(const struct pcap_reader *reader, const unsigned char *options,
                             size_t len, struct pcapng_interface *iface)
{
    size_t at = 0;

    while (at + 4 <= len) {
        unsigned code = pcap_half(reader, options + at);
        size_t value_len = pcap_half(reader, options + at + 2);

        if (code == 0 || at + 4 + value_len > len)
            break;
        if (code == OPTION_TSRESOL && value_len == 1) {
            iface->units = resolution_units(options[at + 4]);
            if (iface->units == 0)
                return -1;
        } else if (code == OPTION_TSOFFSET && value_len == 8) {
            iface->offset = (double)(int64_t)quad(reader, options + at + 4);
        }
        at += 4 + ((value_len + 3) & ~(size_t)3);
    }
    return 0;
}

/* An interface description block: one more interface in this section. */
static int read_interface(struct pcap_reader *reader, struct block *block, char *error,
                          size_t error_len)
{
    uint32_t used = block->body < 8 + OPTIONS_READ ? block->body : 8 + OPTIONS_READ;
    struct pcapng_interface *iface;

    if (block->body < 8) {
        snprintf(error, error_len, "the interface description block at offset %llu: %lu "
                 "bytes (20 at least): a corrupt file", block->start,
                 (unsigned long)block->body + 12);
        return -1;
    }
    if (reader->ninterfaces == PCAPNG_MAX_INTERFACES) {
        snprintf(error, error_len, "the interface description block at offset %llu: more "
                 "than %u interfaces in one section", block->start, PCAPNG_MAX_INTERFACES);
        return -1;
    }
    if (reader->ninterfaces == reader->interfaces_room) {
        unsigned room = reader->interfaces_room ? reader->interfaces_room * 2 : 8;
        void *grown = realloc(reader->interfaces, room * sizeof *reader->interfaces);

        if (grown == NULL) {
            snprintf(error, error_len, "%s", strerror(errno));
            return -1;
        }
        reader->interfaces = grown;
        reader->interfaces_room = room;
    }
    if (read_exactly(reader, block, reader->data, used, error, error_len) < 0)
        return -1;
    iface = &reader->interfaces[reader->ninterfaces];
    iface->linktype = pcap_half(reader, reader->data);
    iface->snaplen = pcap_word(reader, reader->data + 4);
    iface->units = 1000000;
    iface->offset = 0;
    if (interface_options(reader, reader->data + 8, used - 8, iface) < 0) {
        snprintf(error, error_len, "the interface description block at offset %llu: "
                 "if_tsresol is not a resolution (10^-19 or 2^-63 second at most)",
                 block->start);
        return -1;
    }
    if (reader->ninterfaces++ == 0 && reader->sections == 1)
        reader->linktype = iface->linktype;
    return end_block(reader, block, used, error, error_len);
}

/* Reads CAPLEN bytes of packet (at most what the block holds after FIXED
 * bytes) into the record, then the rest of the block. Returns 1 or -1. */
static int read_packet_bytes(struct pcap_reader *reader, const struct block *block,
                             uint32_t fixed, struct pcap_record *record, char *error,
                             size_t error_len)
{
    if (record->caplen > block->body - fixed || record->caplen > PCAP_MAX_RECORD) {
        snprintf(error, error_len, "the %s at offset %llu: captured length %lu, over %s "
                 "(%lu): a corrupt file", block_name(block->type), block->start,
                 (unsigned long)record->caplen,
                 record->caplen > block->body - fixed ? "the block's" : "the limit",
                 (unsigned long)(record->caplen > block->body - fixed ? block->body - fixed
                                                                      : PCAP_MAX_RECORD));
        return -1;
    }
    if (read_exactly(reader, block, reader->data, record->caplen, error, error_len) < 0 ||
        end_block(reader, block, fixed + record->caplen, error, error_len) < 0)
        return -1;
    if (record->origlen < record->caplen)
        record->origlen = record->caplen;
    record->data = reader->data;
    record->linktype = reader->interfaces[record->interface].linktype;
    reader->records++;
    return 1;
}

/* Checks that interface NUMBER was described. Returns 0 or -1 (ERROR). */
static int check_interface(const struct pcap_reader *reader, const struct block *block,
                           unsigned long number, char *error, size_t error_len)
{
    if (number < reader->ninterfaces)
        return 0;
    snprintf(error, error_len, "the %s at offset %llu: a packet of interface %lu, but %u "
             "interface%s described before it: a corrupt file", block_name(block->type),
             block->start, number, reader->ninterfaces, reader->ninterfaces == 1 ? " is" : "s are");
    return -1;
}

/* An enhanced packet block (or the obsolete packet block, whose interface
 * number is 16 bits): one record with its time. Returns 1 or -1. */
static int read_enhanced(struct pcap_reader *reader, const struct block *block,
                         struct pcap_record *record, char *error, size_t error_len)
{
    unsigned char fixed[20];
    const struct pcapng_interface *iface;
    uint64_t stamp, whole;

    if (block->body < 20) {
        snprintf(error, error_len, "the %s at offset %llu: %lu bytes (32 at least): a corrupt "
                 "file", block_name(block->type), block->start, (unsigned long)block->body + 12);
        return -1;
    }
    if (read_exactly(reader, block, fixed, sizeof fixed, error, error_len) < 0)
        return -1;
    record->interface = block->type == BLOCK_PACKET ? pcap_half(reader, fixed)
                                                    : pcap_word(reader, fixed);
    if (check_interface(reader, block, record->interface, error, error_len) < 0)
        return -1;
    iface = &reader->interfaces[record->interface];
    stamp = ((uint64_t)pcap_word(reader, fixed + 4) << 32) | pcap_word(reader, fixed + 8);
    whole = stamp / iface->units;   /* seconds, then the fraction: no precision lost */
    record->time = (double)whole + (double)(stamp % iface->units) / (double)iface->units +
                   iface->offset;
    reader->last_time = record->time;
    record->caplen = pcap_word(reader, fixed + 12);
    record->origlen = pcap_word(reader, fixed + 16);
    return read_packet_bytes(reader, block, sizeof fixed, record, error, error_len);
}

/* A simple packet block: interface 0, no time (the last packet's is
 * taken), as many bytes as the block and the snap length hold. */
static int read_simple(struct pcap_reader *reader, const struct block *block,
                       struct pcap_record *record, char *error, size_t error_len)
{
    unsigned char fixed[4];
    uint32_t snaplen;

    if (block->body < 4) {
        snprintf(error, error_len, "the simple packet block at offset %llu: %lu bytes (16 at "
                 "least): a corrupt file", block->start, (unsigned long)block->body + 12);
        return -1;
    }
    record->interface = 0;
    if (check_interface(reader, block, 0, error, error_len) < 0 ||
        read_exactly(reader, block, fixed, sizeof fixed, error, error_len) < 0)
        return -1;
    snaplen = reader->interfaces[0].snaplen;
    record->origlen = pcap_word(reader, fixed);
    record->caplen = record->origlen < block->body - 4 ? record->origlen : block->body - 4;
    if (snaplen != 0 && record->caplen > snaplen)
        record->caplen = snaplen;
    record->time = reader->last_time;
    return read_packet_bytes(reader, block, sizeof fixed, record, error, error_len);
}

/* Reads one block whose 8-byte head is HEAD. Returns 1 with a record, 0
 * for a block read or skipped, or -1 (ERROR). */
static int read_block(struct pcap_reader *reader, struct block *block, unsigned char *head,
                      struct pcap_record *record, char *error, size_t error_len)
{
    block->type = pcap_word(reader, head);
    if (block->type == PCAPNG_MAGIC) {   /* a new section: its own byte order */
        if (read_exactly(reader, block, head + 8, 16, error, error_len) < 0)
            return -1;
        return start_section(reader, block, head, error, error_len);
    }
    if (check_length(block, pcap_word(reader, head + 4), error, error_len) < 0)
        return -1;
    switch (block->type) {
    case BLOCK_INTERFACE:
        return read_interface(reader, block, error, error_len);
    case BLOCK_PACKET:
    case BLOCK_ENHANCED:
        return read_enhanced(reader, block, record, error, error_len);
    case BLOCK_SIMPLE:
        return read_simple(reader, block, record, error, error_len);
    default:
        reader->blocks_skipped++;
        return end_block(reader, block, 0, error, error_len);
    }
}

int pcapng_next(struct pcap_reader *reader, struct pcap_record *record, char *error,
                size_t error_len)
{
    for (;;) {
        unsigned char head[24];
        struct block block = { 0, reader->offset, 0 };
        size_t got = fread(head, 1, 8, reader->file);
        int status;

        reader->offset += got;
        if (got == 0 && !ferror(reader->file))
            return 0;
        if (got < 8) {
            if (ferror(reader->file))
                snprintf(error, error_len, "%s", strerror(errno));
            else
                snprintf(error, error_len, "truncated file: the block at offset %llu is cut "
                         "short", block.start);
            return -1;
        }
        status = read_block(reader, &block, head, record, error, error_len);
        if (status != 0)
            return status;
    }
}
