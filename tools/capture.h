/*
 * capture.h - live capture with a packet socket (Linux's AF_PACKET), the
 * only Linux-only part of sockwatch. Needs root or CAP_NET_RAW. Packets come
 * without their link-layer header, from the IP header on (pcap's LINKTYPE_RAW).
 */
#ifndef SOCKLAB_CAPTURE_H
#define SOCKLAB_CAPTURE_H

#include <stddef.h>
#include <sys/types.h>

/* Opens a packet socket receiving every IPv4 and IPv6 packet of interface
 * IFACE ("lo"). Returns it, or -1 with errno: EPERM without the privilege,
 * ENODEV for an unknown interface, ENOSYS where packet sockets do not exist
 * (not Linux). */
int capture_open(const char *iface);

/* Waits up to TIMEOUT_MS for the next packet and copies at most LEN bytes of
 * it into BUF. Returns the bytes copied (*ORIGLEN: its real length), 0 on
 * timeout, or -1 with errno (EINTR after Ctrl-C). Packets left out are not
 * returned: those that are not IP, and on the loopback interface the copy of
 * each packet seen going out (it is seen again coming in). */
ssize_t capture_next(int fd, unsigned char *buf, size_t len, int timeout_ms, size_t *origlen);

#endif
