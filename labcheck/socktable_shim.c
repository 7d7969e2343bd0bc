/*
 * socktable_shim.c - TEMPORARY: a minimal reader of /proc/net/{tcp,udp}[6]
 * until common/socktable.c (branch sock17) is merged; deleted then.
 */
#include "socktable.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void parse_addr(const char *hex, int v6, struct sockaddr_storage *ss)
{
    unsigned int port = 0;
    memset(ss, 0, sizeof *ss);
    if (!v6) {
        unsigned int ip;
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        sscanf(hex, "%8X:%X", &ip, &port);
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = ip;
        in->sin_port = htons((unsigned short)port);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        unsigned int w[4];
        sscanf(hex, "%8X%8X%8X%8X:%X", &w[0], &w[1], &w[2], &w[3], &port);
        in6->sin6_family = AF_INET6;
        memcpy(&in6->sin6_addr, w, 16);
        in6->sin6_port = htons((unsigned short)port);
    }
}

static int read_file(const char *path, enum sl_proto proto, int v6, struct sl_sock **out, size_t *count)
{
    FILE *f = fopen(path, "r");
    char line[512];
    if (f == NULL)
        return 0;
    if (fgets(line, sizeof line, f) == NULL) { fclose(f); return 0; }
    while (fgets(line, sizeof line, f) != NULL) {
        char local[64], remote[64];
        unsigned int state, uid;
        unsigned long tx, rx, inode;
        struct sl_sock *grown, *s;
        if (sscanf(line, " %*d: %63s %63s %X %lX:%lX %*X:%*X %*X %u %*d %lu", local, remote, &state, &tx, &rx, &uid, &inode) != 7)
            continue;
        grown = realloc(*out, (*count + 1) * sizeof **out);
        if (grown == NULL) { fclose(f); return -1; }
        *out = grown;
        s = &grown[(*count)++];
        memset(s, 0, sizeof *s);
        s->proto = proto;
        parse_addr(local, v6, &s->local);
        parse_addr(remote, v6, &s->remote);
        s->state = (int)state;
        s->tx_queue = tx; s->rx_queue = rx; s->uid = uid; s->inode = inode; s->timer_ms = -1;
    }
    fclose(f);
    return 0;
}

int sl_socktable_read(int protos, struct sl_sock **out)
{
    size_t count = 0;
    *out = NULL;
    if ((protos & SL_TCP) && (read_file("/proc/net/tcp", SL_TCP, 0, out, &count) < 0 || read_file("/proc/net/tcp6", SL_TCP, 1, out, &count) < 0))
        return -1;
    if ((protos & SL_UDP) && (read_file("/proc/net/udp", SL_UDP, 0, out, &count) < 0 || read_file("/proc/net/udp6", SL_UDP, 1, out, &count) < 0))
        return -1;
    return (int)count;
}

pid_t sl_sock_owner(unsigned long inode, char *comm, size_t comm_len)
{
    DIR *proc = opendir("/proc");
    struct dirent *e;
    char want[64];
    snprintf(want, sizeof want, "socket:[%lu]", inode);
    comm[0] = '\0';
    if (proc == NULL || inode == 0) { if (proc) closedir(proc); return -1; }
    while ((e = readdir(proc)) != NULL) {
        char path[300], link[128];
        DIR *fds;
        struct dirent *f;
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "/proc/%s/fd", e->d_name);
        fds = opendir(path);
        if (fds == NULL) continue;
        while ((f = readdir(fds)) != NULL) {
            char fdpath[600];
            ssize_t n;
            snprintf(fdpath, sizeof fdpath, "%s/%s", path, f->d_name);
            n = readlink(fdpath, link, sizeof link - 1);
            if (n <= 0) continue;
            link[n] = '\0';
            if (strcmp(link, want) == 0) {
                pid_t pid = (pid_t)atoi(e->d_name);
                FILE *c;
                snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
                c = fopen(path, "r");
                if (c) { if (fgets(comm, (int)comm_len, c)) comm[strcspn(comm, "\n")] = '\0'; fclose(c); }
                closedir(fds); closedir(proc);
                return pid;
            }
        }
        closedir(fds);
    }
    closedir(proc);
    return -1;
}

const char *sl_tcp_state_name(int state)
{
    static const char *names[] = { "UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING" };
    return state >= 1 && state <= 11 ? names[state] : "UNKNOWN";
}

const char *sl_sock_state_name(const struct sl_sock *sock)
{
    if (sock->proto == SL_UDP)
        return sock->state == SL_ESTABLISHED ? "ESTAB" : "UNCONN";
    return sl_tcp_state_name(sock->state);
}
