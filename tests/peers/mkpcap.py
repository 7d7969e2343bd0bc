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
  nano        the good exchange in a nanosecond pcap (magic a1b23c4d)
  manyflows   300 connections, 20 packets each, interleaved (6000 packets)
  manyconns   N SYNs (default 70000), each of its own connection
  simclose    a connection closed by both sides at once (the FINs cross)
  midstream   a capture started in the middle of a connection, then a RST
pcapng (the good exchange, unless said):
  ng          one section, one raw-IP interface, enhanced packet blocks (µs)
  ng-bigendian  the same, written by a big-endian machine
  ng-multi    two sections (little-, then big-endian), two interfaces each
              (raw IP µs, Ethernet ns; Linux cooked 2^-30 s, BSD loopback
              10^-3 s with an if_tsoffset), blocks of other kinds between
              (name resolution, statistics, custom), one obsolete packet block
  ng-simple   simple packet blocks only (no timestamps)
  ng-len13 ng-len8 ng-trailer ng-truncated ng-caplen ng-hugeblock ng-noidb
  ng-tsresol ng-magic ng-version
              hostile: a bad total length, a trailing length that differs, a
              file cut inside a block, a captured length over its block, a
              skipped block claiming 4 GB, a packet of an undescribed
              interface, a resolution past 64 bits, a bad byte-order magic,
              pcapng version 2
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


def block(kind, body, e="<", total=None, trailer=None):
    body += b"\0" * (-len(body) % 4)
    total = 12 + len(body) if total is None else total
    return struct.pack(e + "II", kind, total) + body + struct.pack(e + "I", total if trailer is None else trailer)


def shb(e="<", version=1, magic=0x1A2B3C4D):
    return block(0x0A0D0D0A, struct.pack(e + "IHHq", magic, version, 0, -1), e)


def idb(linktype, e="<", tsresol=None, tsoffset=None):
    options = b""
    if tsresol is not None:
        options += struct.pack(e + "HHB3x", 9, 1, tsresol)
    if tsoffset is not None:
        options += struct.pack(e + "HHq", 14, 8, tsoffset)
    if options:
        options += b"\0" * 4
    return block(1, struct.pack(e + "HHI", linktype, 0, 65535) + options, e)


def epb(iface, stamp, data, e="<", caplen=None, kind=6):
    caplen = len(data) if caplen is None else caplen
    head = struct.pack(e + "HHIIII" if kind == 2 else e + "IIIII", *(
        (iface, 0) if kind == 2 else (iface,)), stamp >> 32, stamp & 0xFFFFFFFF, caplen, len(data))
    return block(kind, head + data, e)


def micros(i):
    return 1700000000 * 10**6 + 1000 * i


def pcapng(kind, packets):
    if kind in ("ng", "ng-bigendian", "ng-truncated"):
        e = ">" if kind == "ng-bigendian" else "<"
        out = shb(e) + idb(101, e) + b"".join(epb(0, micros(i), p, e) for i, p in enumerate(packets))
        if kind == "ng-truncated":
            out = out[:28 + 20 + sum(32 + len(p) + (-len(p) % 4) for p in packets[:5]) + 30]
        return out
    if kind == "ng-multi":
        out = shb("<") + idb(101, "<") + block(4, b"\0" * 4) + idb(1, "<", tsresol=9)
        for i, p in enumerate(packets[:5]):
            out += epb(0, micros(i), p) if i % 2 == 0 else \
                epb(1, micros(i) * 1000, link("ethernet", p))
            out += block(5, struct.pack("<III", i % 2, 0, 0)) + block(0x40000BAD, b"custom")
        out += shb(">") + idb(113, ">", tsresol=0x80 | 30) + idb(0, ">", tsresol=3, tsoffset=1700000000)
        for i, p in enumerate(packets[5:], 5):
            if i % 2:
                out += epb(0, (micros(i) * 2**30 + 500000) // 10**6, link("sll", p), ">",
                           kind=2 if i == 9 else 6)
            else:
                out += epb(1, micros(i) // 1000 - 1700000000 * 1000,
                           struct.pack(">I", 2) + p, ">")
        return out
    if kind == "ng-simple":
        return shb() + idb(101) + b"".join(block(3, struct.pack("<I", len(p)) + p) for p in packets)
    good = shb() + idb(101)
    p = packets[0]
    bad = {
        "ng-len13": good + struct.pack("<II", 6, 13) + b"\0" * 40,
        "ng-len8": good + struct.pack("<II", 6, 8) + b"\0" * 40,
        "ng-trailer": good + block(6, struct.pack("<IIIII", 0, 0, 0, len(p), len(p)) + p, trailer=12),
        "ng-caplen": good + epb(0, 0, p, caplen=2**31),
        "ng-hugeblock": good + struct.pack("<II", 0x00000BAD, 0xFFFFFFF0) + b"\0" * 100,
        "ng-noidb": shb() + epb(0, 0, p),
        "ng-tsresol": shb() + idb(101, tsresol=25) + epb(0, 0, p),
        "ng-magic": shb(magic=0x12345678),
        "ng-version": shb(version=2),
    }
    return bad[kind]


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
    elif kind == "nano":
        out = header(magic=0xA1B23C4D)
        for i, p in enumerate(packets):
            out += struct.pack("<IIII", 1700000000, 1000000 * i, len(p), len(p)) + p
    elif kind == "manyflows":
        flows = [((bytes([10, 0, i // 200, i % 200 + 1]), 40000 + i), SERVER) for i in range(300)]
        out = header()
        for step in range(20):
            for i, (c, srv) in enumerate(flows):
                p = tcp(c, srv, SYN, 7000 * i, 0) if step == 0 else \
                    tcp(c, srv, PSH | ACK, 7000 * i + step, 1, b"x")
                out += record(p, step * 300 + i)
    elif kind == "manyconns":
        out = header() + b"".join(
            record(tcp((bytes([10, 1, i >> 16, (i >> 8) & 255]), 1024 + (i & 255)), SERVER, SYN, i, 0), 0)
            for i in range(count if len(sys.argv) > 3 else 70000))
    elif kind in ("simclose", "midstream"):
        c, s = CLIENT, SERVER
        packets = packets[:3] + [tcp(c, s, FIN | ACK, 1001, 5001), tcp(s, c, FIN | ACK, 5001, 1001),
                                 tcp(c, s, ACK, 1002, 5002), tcp(s, c, ACK, 5002, 1002)]
        if kind == "midstream":
            packets = [tcp(c, s, PSH | ACK, 1001, 5001, b"Bonjour"), tcp(s, c, ACK, 5001, 1008),
                       tcp(c, s, RST | ACK, 1008, 5001)]
        out = header() + b"".join(record(p, i) for i, p in enumerate(packets))
    elif kind.startswith("ng"):
        out = pcapng(kind, packets)
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
