/*
 * packet.h - what the ladder needs from one captured packet: its two
 * endpoints, TCP flags and numbers, UDP, or the ICMP error about a datagram
 * or segment, decoded from the link layer down with every length checked.
 */
#ifndef SOCKLAB_PACKET_H
#define SOCKLAB_PACKET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

enum packet_kind { PKT_TCP = 1, PKT_UDP, PKT_ICMP };

/* TCP flags, as in the header's 13th byte. */
#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_PSH 0x08
#define TCPF_ACK 0x10

struct packet {
    enum packet_kind kind;
    int family;                         /* AF_INET or AF_INET6 */
    struct sockaddr_storage src, dst;   /* for ICMP: the endpoints of the packet it is
                                           about (src = who sent that one) */
    unsigned flags;                     /* TCP */
    uint32_t seq, ack;                  /* TCP, absolute */
    uint32_t payload_len;               /* TCP or UDP data, as the headers say */
    const unsigned char *payload;       /* the captured part of it (preview) */
    size_t payload_caplen;
    int about;                          /* ICMP: PKT_TCP or PKT_UDP, what it is about */
    unsigned icmp_type, icmp_code;
    int icmp6;                          /* ICMP is ICMPv6 */
};

/* Decodes DATA (CAPLEN captured bytes) of link type LINKTYPE (pcap.h's
 * LINKTYPE_*) into *PKT. Returns 0, or -1 when it is not a TCP, UDP or ICMP
 * error packet over IPv4 or IPv6, or is cut short before its headers end; a
 * short reason is then in *WHY. PKT's payload points into DATA. */
int packet_decode(uint32_t linktype, const unsigned char *data, size_t caplen,
                  struct packet *pkt, const char **why);

/* "port unreachable", "host unreachable", ... for an ICMP error of PKT. */
const char *packet_icmp_name(const struct packet *pkt);

#endif
