/*
 * pcap.c - reading and writing classic pcap files (see pcap.h); a pcapng
 * file is handed over to pcapng.c.
 */
#include "pcap.h"
#include "pcapng.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC_MICRO 0xa1b2c3d4u
#define MAGIC_NANO  0xa1b23c4du

int pcap_open_reader(struct pcap_reader *reader, FILE *file, char *error, size_t error_len)
{
    unsigned char header[24];
    uint32_t magic;
    size_t got;

    memset(reader, 0, sizeof *reader);
    reader->file = file;
    got = fread(header, 1, sizeof header, file);
    if (got < 4) {
        snprintf(error, error_len, "not a pcap file: %zu bytes only", got);
        return -1;
    }
    memcpy(&magic, header, 4);
    if (magic == PCAPNG_MAGIC)   /* the same bytes in either byte order */
        return pcapng_open(reader, header, got, error, error_len);
    if (magic == MAGIC_MICRO || magic == MAGIC_NANO) {
        reader->swapped = 0;
    } else if (pcap_swap32(magic) == MAGIC_MICRO || pcap_swap32(magic) == MAGIC_NANO) {
        reader->swapped = 1;
        magic = pcap_swap32(magic);
    } else {
        snprintf(error, error_len, "not a pcap or pcapng file (magic number %08lx)",
                 (unsigned long)magic);
        return -1;
    }
    if (got < sizeof header) {
        snprintf(error, error_len, "truncated pcap header: %zu of 24 bytes", got);
        return -1;
    }
    reader->nanoseconds = magic == MAGIC_NANO;
    if (pcap_half(reader, header + 4) != 2) {
        snprintf(error, error_len, "pcap version %u.%u: only 2.x is known",
                 pcap_half(reader, header + 4), pcap_half(reader, header + 6));
        return -1;
    }
    reader->snaplen = pcap_word(reader, header + 16);
    reader->linktype = pcap_word(reader, header + 20) & 0x0fffffffu;   /* upper bits: FCS info */
    reader->data = malloc(PCAP_MAX_RECORD);
    if (reader->data == NULL) {
        snprintf(error, error_len, "%s", strerror(errno));
        return -1;
    }
    return 0;
}

int pcap_next(struct pcap_reader *reader, struct pcap_record *record, char *error,
              size_t error_len)
{
    unsigned char header[16];
    size_t got;
    uint32_t seconds, fraction;

    if (reader->pcapng)
        return pcapng_next(reader, record, error, error_len);
    got = fread(header, 1, sizeof header, reader->file);
    if (got == 0)
        return ferror(reader->file) ? (snprintf(error, error_len, "%s", strerror(errno)), -1) : 0;
    if (got < sizeof header) {
        snprintf(error, error_len, "truncated file: record %lu's header is cut short",
                 reader->records + 1);
        return -1;
    }
    seconds = pcap_word(reader, header);
    fraction = pcap_word(reader, header + 4);
    record->caplen = pcap_word(reader, header + 8);
    record->origlen = pcap_word(reader, header + 12);
    if (record->caplen > PCAP_MAX_RECORD) {
        snprintf(error, error_len, "record %lu claims %lu bytes (more than %u): a corrupt file",
                 reader->records + 1, (unsigned long)record->caplen, PCAP_MAX_RECORD);
        return -1;
    }
    if (fread(reader->data, 1, record->caplen, reader->file) != record->caplen) {
        snprintf(error, error_len, "truncated file: record %lu is cut short",
                 reader->records + 1);
        return -1;
    }
    if (record->origlen < record->caplen)
        record->origlen = record->caplen;   /* some writers leave it 0: trust what is there */
    record->time = (double)seconds + (double)fraction / (reader->nanoseconds ? 1e9 : 1e6);
    record->data = reader->data;
    record->linktype = reader->linktype;
    record->interface = 0;
    reader->records++;
    return 1;
}

void pcap_close_reader(struct pcap_reader *reader)
{
    free(reader->data);
    free(reader->interfaces);
    reader->data = NULL;
    reader->interfaces = NULL;
}

static int put_words(FILE *file, const uint32_t *words, size_t count)
{
    return fwrite(words, sizeof *words, count, file) == count ? 0 : -1;
}

int pcap_write_header(FILE *file, uint32_t linktype)
{
    uint32_t header[6] = { MAGIC_MICRO, 0, 0, 0, PCAP_MAX_RECORD, linktype };
    uint16_t version[2] = { 2, 4 };   /* 2.4: two 16-bit numbers, in our byte order */

    memcpy(&header[1], version, 4);
    return put_words(file, header, 6);
}

int pcap_write_record(FILE *file, double time, const void *data, uint32_t caplen,
                      uint32_t origlen)
{
    uint32_t header[4];
    double whole = (double)(uint32_t)time;

    header[0] = (uint32_t)time;
    header[1] = (uint32_t)((time - whole) * 1e6);
    header[2] = caplen;
    header[3] = origlen;
    if (put_words(file, header, 4) < 0 || fwrite(data, 1, caplen, file) != caplen)
        return -1;
    return 0;
}
