/*
 * capture.c - the packet socket (see capture.h). Linux-only: packet(7).
 * _DEFAULT_SOURCE for <netpacket/packet.h> and ETH_P_ALL, here alone.
 */
#define _DEFAULT_SOURCE
#include "capture.h"

#include <errno.h>

#ifdef __linux__
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/if_ether.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int loopback_index;    /* the interface is lo: skip outgoing copies */

int capture_open(const char *iface)
{
    struct sockaddr_ll where;
    unsigned index = if_nametoindex(iface);
    int fd, saved;

    if (index == 0) {
        errno = ENODEV;
        return -1;
    }
    fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
    if (fd < 0)
        return -1;
    memset(&where, 0, sizeof where);
    where.sll_family = AF_PACKET;
    where.sll_protocol = htons(ETH_P_ALL);
    where.sll_ifindex = (int)index;
    if (bind(fd, (struct sockaddr *)&where, sizeof where) < 0) {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    loopback_index = strcmp(iface, "lo") == 0 ? (int)index : 0;
    return fd;
}

ssize_t capture_next(int fd, unsigned char *buf, size_t len, int timeout_ms, size_t *origlen)
{
    struct pollfd ready = { .fd = fd, .events = POLLIN };

    for (;;) {   /* until a packet to keep, or nothing more within the timeout */
        struct sockaddr_ll from;
        socklen_t from_len = sizeof from;
        ssize_t got;
        int status = poll(&ready, 1, timeout_ms);

        if (status <= 0)
            return status;
        got = recvfrom(fd, buf, len, MSG_TRUNC, (struct sockaddr *)&from, &from_len);
        if (got < 0)
            return -1;
        if ((from.sll_pkttype == PACKET_OUTGOING && from.sll_ifindex == loopback_index) ||
            (from.sll_protocol != htons(ETH_P_IP) && from.sll_protocol != htons(ETH_P_IPV6)))
            continue;
        *origlen = (size_t)got;
        return (size_t)got > len ? (ssize_t)len : got;
    }
}

#else /* not Linux: no packet socket */

int capture_open(const char *iface)
{
    (void)iface;
    errno = ENOSYS;
    return -1;
}

ssize_t capture_next(int fd, unsigned char *buf, size_t len, int timeout_ms, size_t *origlen)
{
    (void)fd, (void)buf, (void)len, (void)timeout_ms, (void)origlen;
    errno = ENOSYS;
    return -1;
}

#endif
