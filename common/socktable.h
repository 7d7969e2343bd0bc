/*
 * socktable.h - the kernel's socket table, as ss and netstat read it.
 *
 * Reads /proc/net/tcp, tcp6, udp and udp6 (the network namespace of the
 * caller: /proc/net is /proc/self/net) into an array of struct sl_sock, and
 * finds which process holds a socket (/proc/PID/fd, only what this user may
 * see). libc only. Used by the EADDRINUSE diagnosis (addrinuse.c), labcheck,
 * and the watcher's timeline (tools/sockwatch).
 *
 * Include it only where needed: it is not part of common.h.
 */
#ifndef SOCKLAB_SOCKTABLE_H
#define SOCKLAB_SOCKTABLE_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

enum sl_proto { SL_TCP = 1, SL_UDP = 2 };          /* bit mask for sl_socktable_read */

/* The kernel's TCP states (include/net/tcp_states.h), as /proc/net/tcp numbers them. */
enum sl_tcp_state {
    SL_ESTABLISHED = 1, SL_SYN_SENT, SL_SYN_RECV, SL_FIN_WAIT1, SL_FIN_WAIT2,
    SL_TIME_WAIT, SL_CLOSE, SL_CLOSE_WAIT, SL_LAST_ACK, SL_LISTEN, SL_CLOSING
};

struct sl_sock {
    enum sl_proto proto;
    struct sockaddr_storage local, remote;  /* AF_INET or AF_INET6, ports in network order */
    int state;               /* enum sl_tcp_state; UDP: SL_CLOSE = unconnected (ss: UNCONN),
                                SL_ESTABLISHED = connected */
    unsigned long tx_queue, rx_queue;        /* bytes: Send-Q and Recv-Q as /proc shows them
                                                (LISTEN: rx_queue = connections waiting
                                                in the accept queue) */
    long timer_ms;           /* time left on the socket's timer (TIME_WAIT's), -1 if none */
    uid_t uid;
    unsigned long inode;     /* 0 for TIME_WAIT (no socket object left) */
    int timer;               /* /proc's "tr": 0 none, 1 retransmit, 2 keepalive,
                                3 TIME_WAIT, 4 zero-window probe */
};

/* sl_socktable_read: every socket of the protocols in PROTOS (SL_TCP|SL_UDP), IPv4
 * and IPv6, into a malloc'd array *OUT (the caller frees it). Returns the count, or
 * -1 with errno set (e.g. ENOENT where /proc is missing). A file of the four that
 * is absent (IPv6 disabled: no tcp6) counts as empty, unless all of those asked
 * for are absent. Lines the parser does not understand are skipped. */
int sl_socktable_read(int protos, struct sl_sock **out);

/* sl_socktable_parse: the sockets of one file's text in /proc/net/tcp format
 * (header line first), as PROTO, appended to the array *OUT holding *COUNT
 * entries (realloc'd; *OUT may be NULL with *COUNT 0). Returns the number of
 * entries added, or -1 with errno set (ENOMEM; *OUT and *COUNT stay valid).
 * For tests and for sl_socktable_read. */
int sl_socktable_parse(const char *text, enum sl_proto proto, struct sl_sock **out,
                       size_t *count);

/* sl_sock_owner: the pid of a process holding socket INODE (scanning /proc/PID/fd,
 * only what this user may see) and its command name (/proc/PID/comm) in COMM.
 * Returns the pid, or -1 when no visible process holds it (COMM is then ""). */
pid_t sl_sock_owner(unsigned long inode, char *comm, size_t comm_len);

/* sl_tcp_state_name: "LISTEN", "ESTAB", "TIME-WAIT", ... as ss prints them
 * ("UNKNOWN" for a number that is no state). For UDP, ss prints SL_CLOSE as
 * "UNCONN": see sl_sock_state_name. */
const char *sl_tcp_state_name(int state);

/* sl_sock_state_name: the state of SOCK as ss prints it: sl_tcp_state_name()
 * for TCP; "UNCONN" or "ESTAB" for UDP. */
const char *sl_sock_state_name(const struct sl_sock *sock);

/* sl_addrinuse_diagnose (addrinuse.c): why bind(ADDR) failed with EADDRINUSE on
 * a socket of SOCKTYPE (SOCK_STREAM or SOCK_DGRAM) that set SO_REUSEADDR
 * (REUSE_ADDR non-zero) or not: writes one line (no newline, no program name)
 * into TEXT, naming what holds the port (a listener and its program and pid;
 * a connection in TIME-WAIT, both ends, the time left, whose port it was and
 * whether SO_REUSEADDR here helps; a live connection; a UDP socket), the ss
 * command that shows it and what to do. Returns 0, or -1 when the table
 * cannot be read or shows nothing on that port (TEXT is then untouched).
 * errno is preserved. sl_hint_bind() in common.h prints it. */
int sl_addrinuse_diagnose(const struct sockaddr *addr, int socktype, int reuse_addr,
                          char *text, size_t text_len);

#endif
