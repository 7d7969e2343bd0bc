/*
 * packet.c - decoding a captured packet (see packet.h). Header layouts:
 * Ethernet (IEEE 802.3, 802.1Q tags), Linux cooked capture v1 and v2, BSD
 * loopback; IPv4 (RFC 791), IPv6 (RFC 8200) and its extension headers, TCP
 * (RFC 9293), UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443) errors,
 * which quote the start of the packet they are about.
 *
 * Every read is checked against the captured length first: a packet may be
 * cut by the snap length, or be garbage.
 */
#include "packet.h"
#include "pcap.h"

#include <string.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8

static unsigned get16(const unsigned char *p)
{
    return ((unsigned)p[0] << 8) | p[1];
}

static uint32_t get32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Where the IP header starts after the link-layer header, or -1 (*why). */
static long link_offset(uint32_t linktype, const unsigned char *data, size_t caplen,
                        const char **why)
{
    size_t at;
    unsigned type;

    *why = "cut short in its link-layer header";
    switch (linktype) {
    case LINKTYPE_RAW:
        return 0;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
        return caplen >= 4 ? 4 : -1;          /* the IP version nibble says the rest */
    case LINKTYPE_LINUX_SLL:
        if (caplen < 16)
            return -1;
        type = get16(data + 14);
        at = 16;
        break;
    case LINKTYPE_LINUX_SLL2:
        if (caplen < 20)
            return -1;
        type = get16(data);
        at = 20;
        break;
    case LINKTYPE_ETHERNET:
        if (caplen < 14)
            return -1;
        type = get16(data + 12);
        at = 14;
        for (int tags = 0; tags < 2 && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); tags++) {
            if (caplen < at + 4)
                return -1;
            type = get16(data + at + 2);
            at += 4;
        }
        break;
    default:
        *why = "an unknown link type";
        return -1;
    }
    if (type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6) {
        *why = "not IP (ARP or another protocol)";
        return -1;
    }
    return (long)at;
}

static void set_endpoint(struct sockaddr_storage *addr, int family, const unsigned char *ip,
                         unsigned port)
{
    memset(addr, 0, sizeof *addr);
    if (family == AF_INET) {
        struct sockaddr_in *in4 = (struct sockaddr_in *)addr;

        in4->sin_family = AF_INET;
        memcpy(&in4->sin_addr, ip, 4);
        in4->sin_port = htons((uint16_t)port);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;

        in6->sin6_family = AF_INET6;
        memcpy(&in6->sin6_addr, ip, 16);
        in6->sin6_port = htons((uint16_t)port);
    }
}

/* One IP header found: its family, addresses, transport protocol, and where
 * the transport header starts and how long it is (LEN: from the IP header's
 * length field; AVAIL: what was captured of it). */
struct ip_view {
    int family;
    const unsigned char *src, *dst;
    unsigned protocol;
    const unsigned char *transport;
    size_t len, avail;
};

static int ipv4_view(const unsigned char *p, size_t caplen, struct ip_view *ip, const char **why)
{
    size_t header_len, total;

    if (caplen < 20)
        return -1;
    header_len = (size_t)(p[0] & 0x0f) * 4;
    total = get16(p + 2);
    if (header_len < 20 || header_len > caplen || total < header_len) {
        *why = "a malformed IPv4 header";
        return -1;
    }
    if ((get16(p + 6) & 0x1fff) != 0) {
        *why = "an IPv4 fragment other than the first";
        return -1;
    }
    ip->family = AF_INET;
    ip->src = p + 12;
    ip->dst = p + 16;
    ip->protocol = p[9];
    ip->transport = p + header_len;
    ip->len = total - header_len;
    ip->avail = (caplen < total ? caplen : total) - header_len;
    return 0;
}

static int ipv6_view(const unsigned char *p, size_t caplen, struct ip_view *ip, const char **why)
{
    size_t at = 40, payload;
    unsigned next;

    if (caplen < 40)
        return -1;
    payload = get16(p + 4);
    next = p[6];
    /* Extension headers: hop-by-hop (0), routing (43), fragment (44), destination (60). */
    for (int hops = 0; next == 0 || next == 43 || next == 44 || next == 60; hops++) {
        size_t ext_len;

        if (hops == 8 || caplen < at + 8) {
            *why = hops == 8 ? "too many IPv6 extension headers" : "cut short in its IPv6 headers";
            return -1;
        }
        if (next == 44 && (get16(p + at + 2) & 0xfff8) != 0) {
            *why = "an IPv6 fragment other than the first";
            return -1;
        }
        ext_len = next == 44 ? 8 : ((size_t)p[at + 1] + 1) * 8;
        next = p[at];
        at += ext_len;
    }
    if (at > 40 + payload || at > caplen) {
        *why = "a malformed IPv6 header";
        return -1;
    }
    ip->family = AF_INET6;
    ip->src = p + 8;
    ip->dst = p + 24;
    ip->protocol = next;
    ip->transport = p + at;
    ip->len = 40 + payload - at;
    ip->avail = (caplen < 40 + payload ? caplen : 40 + payload) - at;
    return 0;
}

static int ip_view(const unsigned char *p, size_t caplen, struct ip_view *ip, const char **why)
{
    *why = "cut short in its IP header";
    if (caplen < 1)
        return -1;
    if ((p[0] >> 4) == 4)
        return ipv4_view(p, caplen, ip, why);
    if ((p[0] >> 4) == 6)
        return ipv6_view(p, caplen, ip, why);
    *why = "not IPv4 or IPv6";
    return -1;
}

static int decode_tcp(const struct ip_view *ip, struct packet *pkt, const char **why)
{
    const unsigned char *t = ip->transport;
    size_t header_len;

    if (ip->avail < 20) {
        *why = "cut short in its TCP header";
        return -1;
    }
    header_len = (size_t)(t[12] >> 4) * 4;
    if (header_len < 20 || header_len > ip->len) {
        *why = "a malformed TCP header";
        return -1;
    }
    pkt->kind = PKT_TCP;
    set_endpoint(&pkt->src, ip->family, ip->src, get16(t));
    set_endpoint(&pkt->dst, ip->family, ip->dst, get16(t + 2));
    pkt->seq = get32(t + 4);
    pkt->ack = get32(t + 8);
    pkt->flags = t[13] & 0x1f;
    pkt->payload_len = (uint32_t)(ip->len - header_len);
    pkt->payload = t + header_len;
    pkt->payload_caplen = ip->avail > header_len ? ip->avail - header_len : 0;
    return 0;
}

static int decode_udp(const struct ip_view *ip, struct packet *pkt, const char **why)
{
    const unsigned char *u = ip->transport;
    unsigned length;

    if (ip->avail < 8) {
        *why = "cut short in its UDP header";
        return -1;
    }
    length = get16(u + 4);
    if (length < 8 || length > ip->len) {
        if (!(length == 0 && ip->family == AF_INET6)) {   /* 0: an IPv6 jumbogram */
            *why = "a malformed UDP header";
            return -1;
        }
        length = (unsigned)ip->len;
    }
    pkt->kind = PKT_UDP;
    set_endpoint(&pkt->src, ip->family, ip->src, get16(u));
    set_endpoint(&pkt->dst, ip->family, ip->dst, get16(u + 2));
    pkt->payload_len = length - 8;
    pkt->payload = u + 8;
    pkt->payload_caplen = ip->avail - 8 < pkt->payload_len ? ip->avail - 8 : pkt->payload_len;
    return 0;
}

/* An ICMP or ICMPv6 error: the IP header and first 8 bytes it quotes tell
 * which datagram or segment it is about. */
static int decode_icmp(const struct ip_view *ip, struct packet *pkt, const char **why)
{
    const unsigned char *icmp = ip->transport;
    struct ip_view inner;
    int v6 = ip->family == AF_INET6;

    *why = "an ICMP message that is not an error (ping?)";
    if (ip->avail < 8)
        return -1;
    if (v6 ? !(icmp[0] >= 1 && icmp[0] <= 4) : !(icmp[0] == 3 || icmp[0] == 11 || icmp[0] == 12))
        return -1;
    if (ip_view(icmp + 8, ip->avail - 8, &inner, why) < 0 || inner.avail < 8 ||
        (inner.protocol != IPPROTO_TCP && inner.protocol != IPPROTO_UDP)) {
        *why = "an ICMP error quoting no TCP or UDP header";
        return -1;
    }
    pkt->kind = PKT_ICMP;
    pkt->icmp6 = v6;
    pkt->icmp_type = icmp[0];
    pkt->icmp_code = icmp[1];
    pkt->about = inner.protocol == IPPROTO_TCP ? PKT_TCP : PKT_UDP;
    set_endpoint(&pkt->src, inner.family, inner.src, get16(inner.transport));
    set_endpoint(&pkt->dst, inner.family, inner.dst, get16(inner.transport + 2));
    return 0;
}

int packet_decode(uint32_t linktype, const unsigned char *data, size_t caplen,
                  struct packet *pkt, const char **why)
{
    struct ip_view ip;
    long at = link_offset(linktype, data, caplen, why);

    memset(pkt, 0, sizeof *pkt);
    if (at < 0 || ip_view(data + at, caplen - (size_t)at, &ip, why) < 0)
        return -1;
    pkt->family = ip.family;
    if (ip.protocol == IPPROTO_TCP)
        return decode_tcp(&ip, pkt, why);
    if (ip.protocol == IPPROTO_UDP)
        return decode_udp(&ip, pkt, why);
    if (ip.protocol == (ip.family == AF_INET ? 1u : 58u))
        return decode_icmp(&ip, pkt, why);
    *why = "neither TCP, UDP nor ICMP";
    return -1;
}

const char *packet_icmp_name(const struct packet *pkt)
{
    static const char *const v4_unreach[] = {
        "network unreachable", "host unreachable", "protocol unreachable",
        "port unreachable", "fragmentation needed", "source route failed",
    };
    static const char *const v6_unreach[] = {
        "no route", "administratively prohibited", "beyond scope", "address unreachable",
        "port unreachable",
    };

    if (pkt->icmp6) {
        if (pkt->icmp_type == 1 && pkt->icmp_code < 5)
            return v6_unreach[pkt->icmp_code];
        return pkt->icmp_type == 2 ? "packet too big" : pkt->icmp_type == 3 ? "time exceeded"
                                                                          : "parameter problem";
    }
    if (pkt->icmp_type == 3 && pkt->icmp_code < 6)
        return v4_unreach[pkt->icmp_code];
    if (pkt->icmp_type == 3)
        return pkt->icmp_code == 13 ? "administratively prohibited" : "destination unreachable";
    return pkt->icmp_type == 11 ? "time exceeded" : "parameter problem";
}
