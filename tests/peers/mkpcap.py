#!/usr/bin/env python3
"""tests/peers/mkpcap.py - writes pcap files, good and bad, for tests/sockwatch.bats.

usage: mkpcap.py KIND FILE [N]

KIND:
  good        a TCP handshake, data both ways (7 and 22 bytes), the FINs: raw IP
  bigendian   the same, written by a big-endian machine (swapped magic)
  ethernet    the same with Ethernet headers (link type 1)
  sll         the same with Linux cooked headers (link type 113)
  null        the same with BSD loopback headers (link type 0)
  snaplen0    the same with a snap length of 0 in the header
  truncated   the same, the file cut in the middle of the 6th record
  hugelen     a record claiming 2^31 bytes
  linktype    one record of link type 147 (a private one)
  shortheader 10 bytes only
  notpcap     a text file
  pcapng      a pcapng section header
  flood       N copies of the data segment (a packet flood; default 100000)
  garbage     good records whose IP/TCP headers lie about their lengths
"""
import struct
import sys

CLIENT = (bytes([127, 0, 0, 1]), 49240)
SERVER = (bytes([127, 0, 0, 1]), 60000)
FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


def tcp(src, dst, flags, seq, ack, payload=b"", ip_total=None, data_offset=5):
    header = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, data_offset << 4, flags,
                         65535, 0, 0)
    total = 20 + len(header) + len(payload) if ip_total is None else ip_total
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 6, 0, src[0], dst[0])
    return ip + header + payload


def exchange():
    c, s = CLIENT, SERVER
    return [
        tcp(c, s, SYN, 1000, 0),
        tcp(s, c, SYN | ACK, 5000, 1001),
        tcp(c, s, ACK, 1001, 5001),
        tcp(c, s, PSH | ACK, 1001, 5001, b"Bonjour"),
        tcp(s, c, ACK, 5001, 1008),
        tcp(s, c, PSH | ACK, 5001, 1008, b"Welcome to this server"),
        tcp(c, s, ACK, 1008, 5023),
        tcp(s, c, FIN | ACK, 5023, 1008),
        tcp(c, s, FIN | ACK, 1008, 5024),
        tcp(s, c, ACK, 5024, 1009),
    ]


def header(linktype=101, snaplen=65535, endian="<", magic=0xA1B2C3D4):
    return struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)


def record(data, i, endian="<", caplen=None, origlen=None):
    caplen = len(data) if caplen is None else caplen
    origlen = len(data) if origlen is None else origlen
    return struct.pack(endian + "IIII", 1700000000, 1000 * i, caplen, origlen) + data


def link(kind, packet):
    if kind == "ethernet":
        return b"\0" * 12 + b"\x08\x00" + packet
    if kind == "sll":
        return struct.pack("!HHH8sH", 0, 772, 6, b"\0" * 8, 0x0800) + packet
    if kind == "null":
        return struct.pack("<I", 2) + packet
    return packet


LINKTYPES = {"ethernet": 1, "sll": 113, "null": 0}


def main():
    kind, path = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    packets = exchange()
    if kind in ("good", "ethernet", "sll", "null", "snaplen0", "truncated", "bigendian"):
        endian = ">" if kind == "bigendian" else "<"
        out = header(LINKTYPES.get(kind, 101), 0 if kind == "snaplen0" else 65535, endian)
        for i, p in enumerate(packets):
            out += record(link(kind, p), i, endian)
        if kind == "truncated":
            cut = len(header()) + sum(16 + len(p) for p in packets[:5]) + 16 + 10
            out = out[:cut]
    elif kind == "hugelen":
        out = header() + record(packets[0], 0) + struct.pack("<IIII", 1, 0, 2**31, 2**31) + b"x" * 64
    elif kind == "linktype":
        out = header(147) + record(b"\x01\x02\x03\x04" + packets[0], 0)
    elif kind == "shortheader":
        out = header()[:10]
    elif kind == "notpcap":
        out = b"this is not a capture, just text\n"
    elif kind == "pcapng":
        out = struct.pack("<IIIHHq", 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1) + struct.pack("<I", 28)
    elif kind == "flood":
        out = header() + b"".join(record(packets[3], i) for i in range(count))
    elif kind == "garbage":
        c, s = CLIENT, SERVER
        bad = [
            tcp(c, s, SYN, 1, 0, ip_total=10),              # IP total under its header
            tcp(c, s, SYN, 1, 0, data_offset=15),           # TCP header past the packet
            tcp(c, s, SYN, 1, 0, data_offset=2),            # TCP header under 20 bytes
            b"\x45",                                        # one byte of IP
            b"\x60" + b"\0" * 10,                           # IPv6 cut short
            packets[0][:30],                                # TCP cut short
            packets[0],                                     # and one good SYN
        ]
        out = header() + b"".join(record(p, i) for i, p in enumerate(bad))
    else:
        sys.exit("unknown kind " + kind)
    with open(path, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
