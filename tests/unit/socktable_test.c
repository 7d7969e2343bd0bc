/*
 * socktable_test.c - the socket-table reader (common/socktable.c) against
 * real sockets this test opens on loopback: a TCP listener (with its owner,
 * this very process), a connection seen from both ends, Recv-Q of unread
 * bytes, TIME_WAIT on the side that closed first (with its time left), UDP
 * unconnected and connected, IPv6; then the parser on fixed text (byte order
 * of addresses and ports, timers, lines it must skip).
 */
#include "tap.h"
#include "socktable.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The entry of the table for PROTO whose local and remote ports are LPORT and
 * RPORT (host order; RPORT 0: any) in STATE (0: any), IPv4 or IPv6 per
 * FAMILY, copied into *found. Reads the table again up to 2 s until it shows
 * (a state a packet on loopback is about to reach). Returns 1 if found. */
static int find(int proto, int family, unsigned lport, unsigned rport, int state,
                struct sl_sock *found)
{
    memset(found, 0, sizeof *found);
    for (int tries = 0; tries < 200; tries++) {
        struct sl_sock *socks = NULL;
        int n = sl_socktable_read(proto, &socks);

        for (int i = 0; i < n; i++) {
            const struct sl_sock *s = &socks[i];
            unsigned lp = ntohs(((const struct sockaddr_in *)&s->local)->sin_port);
            unsigned rp = ntohs(((const struct sockaddr_in *)&s->remote)->sin_port);

            if (s->local.ss_family == family && lp == lport && (rport == 0 || rp == rport) &&
                (state == 0 || s->state == state)) {
                *found = *s;
                free(socks);
                return 1;
            }
        }
        free(socks);
        nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
    }
    return 0;
}

/* This process's command name, as /proc/self/comm has it. */
static const char *own_comm(void)
{
    static char comm[64];
    FILE *file = fopen("/proc/self/comm", "r");

    if (file != NULL && fgets(comm, sizeof comm, file) != NULL)
        comm[strcspn(comm, "\n")] = '\0';
    if (file != NULL)
        fclose(file);
    return comm;
}

static unsigned port_of(int fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;

    if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
        return 0;
    return ntohs(((struct sockaddr_in *)&addr)->sin_port);   /* same offset in sin6 */
}

/* A socket of TYPE bound to FAMILY's loopback, port 0. -1 on failure. */
static int bound_socket(int family, int type)
{
    struct sockaddr_storage addr;
    int fd = socket(family, type, 0);

    memset(&addr, 0, sizeof addr);
    addr.ss_family = (sa_family_t)family;
    if (family == AF_INET)
        ((struct sockaddr_in *)&addr)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else
        ((struct sockaddr_in6 *)&addr)->sin6_addr = in6addr_loopback;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr,
                       family == AF_INET ? sizeof(struct sockaddr_in)
                                         : sizeof(struct sockaddr_in6)) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int connect_to(int family, int type, int to_fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    int fd = socket(family, type, 0);

    if (fd < 0 || getsockname(to_fd, (struct sockaddr *)&addr, &len) < 0 ||
        connect(fd, (struct sockaddr *)&addr, len) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static void test_tcp(void)
{
    struct sl_sock sock;
    char comm[64], text[INET_ADDRSTRLEN];
    int listen_fd = bound_socket(AF_INET, SOCK_STREAM);
    unsigned port, client_port;

    ok(listen_fd >= 0 && listen(listen_fd, 4) == 0, "a TCP listener on 127.0.0.1");
    port = port_of(listen_fd);
    ok(find(SL_TCP, AF_INET, port, 0, SL_LISTEN, &sock) && sock.proto == SL_TCP &&
       sock.inode != 0 && sock.uid == getuid() && sock.timer_ms == -1,
       "the table shows it in LISTEN, with an inode and our uid");
    inet_ntop(AF_INET, &((struct sockaddr_in *)&sock.local)->sin_addr, text, sizeof text);
    ok(strcmp(text, "127.0.0.1") == 0, "its local address reads 127.0.0.1 (got %s)", text);
    ok(sl_sock_owner(sock.inode, comm, sizeof comm) == getpid() &&
       strcmp(comm, own_comm()) == 0, "its owner is this process, %s (got '%s')", own_comm(),
       comm);

    int client_fd = connect_to(AF_INET, SOCK_STREAM, listen_fd);
    ok(client_fd >= 0, "a client connects");
    int found = find(SL_TCP, AF_INET, port, 0, SL_LISTEN, &sock);
    ok(found && sock.rx_queue == 1,
       "LISTEN's Recv-Q counts the connection waiting for accept() (%lu)", sock.rx_queue);
    int conn_fd = accept(listen_fd, NULL, NULL);
    client_port = port_of(client_fd);
    ok(find(SL_TCP, AF_INET, client_port, port, SL_ESTABLISHED, &sock) &&
       find(SL_TCP, AF_INET, port, client_port, SL_ESTABLISHED, &sock),
       "the connection is ESTAB from both ends");
    found = send(client_fd, "Bonjour", 7, 0) == 7 &&
            find(SL_TCP, AF_INET, port, client_port, SL_ESTABLISHED, &sock);
    ok(found && sock.rx_queue == 7,
       "7 bytes unread show as the server side's Recv-Q (%lu)", sock.rx_queue);

    /* The client closes first: it is the one left in TIME_WAIT. The server
     * reads what it was sent first (closing with unread data sends a RST). */
    char buffer[16];
    ok(recv(conn_fd, buffer, sizeof buffer, 0) == 7, "the server reads the 7 bytes");
    close(client_fd);
    ok(find(SL_TCP, AF_INET, port, client_port, SL_CLOSE_WAIT, &sock),
       "after the client's FIN the server side is CLOSE-WAIT");
    close(conn_fd);
    found = find(SL_TCP, AF_INET, client_port, port, SL_TIME_WAIT, &sock);
    ok(found && sock.inode == 0 &&
       sock.timer == 3 && sock.timer_ms > 50000 && sock.timer_ms <= 60000,
       "the client side, which closed first, is TIME-WAIT with about 60 s left (%ld ms)",
       sock.timer_ms);
    ok(sl_sock_owner(0, comm, sizeof comm) == -1 && comm[0] == '\0',
       "a TIME-WAIT socket has no owner");
    close(listen_fd);
}

static void test_udp(void)
{
    struct sl_sock sock;
    char comm[64];
    int server_fd = bound_socket(AF_INET, SOCK_DGRAM);
    unsigned port = port_of(server_fd);

    ok(find(SL_UDP, AF_INET, port, 0, SL_CLOSE, &sock) && sock.proto == SL_UDP &&
       strcmp(sl_sock_state_name(&sock), "UNCONN") == 0,
       "a bound UDP socket is UNCONN");
    ok(sl_sock_owner(sock.inode, comm, sizeof comm) == getpid(), "its owner is this process");
    int client_fd = connect_to(AF_INET, SOCK_DGRAM, server_fd);
    unsigned client_port = port_of(client_fd);
    ok(client_fd >= 0 && find(SL_UDP, AF_INET, client_port, port, SL_ESTABLISHED, &sock) &&
       strcmp(sl_sock_state_name(&sock), "ESTAB") == 0, "a connected UDP socket is ESTAB");
    int found = send(client_fd, "abc", 3, 0) == 3 && find(SL_UDP, AF_INET, port, 0, SL_CLOSE, &sock);
    ok(found && sock.rx_queue > 0, "a datagram not read yet shows in Recv-Q (%lu)", sock.rx_queue);
    ok(!find(SL_TCP, AF_INET, port, 0, 0, &sock) || sock.proto == SL_TCP,
       "SL_TCP alone lists no UDP socket");
    close(client_fd);
    close(server_fd);
}

static void test_ipv6(void)
{
    struct sl_sock sock;
    char text[INET6_ADDRSTRLEN] = "";
    int listen_fd = bound_socket(AF_INET6, SOCK_STREAM);

    if (listen_fd < 0) {
        ok(1, "# SKIP no IPv6 loopback here");
        ok(1, "# SKIP no IPv6 loopback here");
        return;
    }
    listen(listen_fd, 4);
    ok(find(SL_TCP, AF_INET6, port_of(listen_fd), 0, SL_LISTEN, &sock),
       "an IPv6 listener is found in tcp6");
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sock.local)->sin6_addr, text, sizeof text);
    ok(strcmp(text, "::1") == 0, "its local address reads ::1 (got %s)", text);
    close(listen_fd);
}

static void test_parser(void)
{
    const char *tcp =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 0100007F:EA60 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 43715 1 0000000000000000 100 0 0 10 0\n"
        "   1: 0100007F:EA60 0100007F:DBF3 06 00000000:00000000 03:00000BB8 00000000     0        0 0 3 0000000000000000\n"
        "garbage that is not a socket\n"
        "   2: 0100007F:FFFFF 0100007F:DBF3 06 00000000:00000000 03:00000BB8 00000000     0        0 0 3 0\n"
        "   3: 0100007F:EA60 0100007F:DBF3 63 00000000:00000000 00:00000000 00000000     0        0 0 3 0";
    const char *tcp6 =
        "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 00000000000000000000000001000000:EA60 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1 0\n";
    struct sl_sock *socks = NULL;
    size_t count = 0;
    char text[INET6_ADDRSTRLEN];
    long ticks = sysconf(_SC_CLK_TCK);

    ok(sl_socktable_parse(tcp, SL_TCP, &socks, &count) == 2 && count == 2,
       "two sockets parsed; the header, garbage, a port over 65535, state 0x63 skipped");
    if (count == 2) {
        const struct sockaddr_in *local = (const struct sockaddr_in *)&socks[0].local;

        inet_ntop(AF_INET, &local->sin_addr, text, sizeof text);
        ok(strcmp(text, "127.0.0.1") == 0 && ntohs(local->sin_port) == 60000 &&
           socks[0].state == SL_LISTEN && socks[0].rx_queue == 3 && socks[0].uid == 1000 &&
           socks[0].inode == 43715 && socks[0].timer_ms == -1,
           "0100007F:EA60 is 127.0.0.1:60000, LISTEN, Recv-Q 3, uid 1000, inode 43715");
        ok(socks[1].state == SL_TIME_WAIT && socks[1].timer == 3 &&
           socks[1].timer_ms == 0xBB8L * 1000 / (ticks > 0 ? ticks : 100) &&
           ntohs(((struct sockaddr_in *)&socks[1].remote)->sin_port) == 56307,
           "TIME_WAIT's timer in clock ticks becomes milliseconds (%ld)", socks[1].timer_ms);
    } else {
        ok(0, "0100007F:EA60 is 127.0.0.1:60000");
        ok(0, "TIME_WAIT's timer");
    }
    ok(sl_socktable_parse(tcp6, SL_TCP, &socks, &count) == 1 && count == 3 &&
       socks[2].local.ss_family == AF_INET6,
       "an IPv6 line is appended after the others");
    if (count == 3) {
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&socks[2].local)->sin6_addr, text,
                  sizeof text);
        ok(strcmp(text, "::1") == 0, "its four words read ::1 (got %s)", text);
    } else {
        ok(0, "its four words read ::1");
    }
    free(socks);
    ok(strcmp(sl_tcp_state_name(SL_TIME_WAIT), "TIME-WAIT") == 0 &&
       strcmp(sl_tcp_state_name(SL_ESTABLISHED), "ESTAB") == 0 &&
       strcmp(sl_tcp_state_name(SL_SYN_RECV), "SYN-RECV") == 0 &&
       strcmp(sl_tcp_state_name(SL_LISTEN), "LISTEN") == 0 &&
       strcmp(sl_tcp_state_name(0), "UNKNOWN") == 0 &&
       strcmp(sl_tcp_state_name(99), "UNKNOWN") == 0,
       "state names as ss prints them; UNKNOWN outside the table");
    ok(sl_socktable_read(0, &socks) == -1 && errno == EINVAL, "no protocol asked: EINVAL");
}

int main(void)
{
    plan(26);
    test_tcp();
    test_udp();
    test_ipv6();
    test_parser();
    return done();
}
