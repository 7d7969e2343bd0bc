/*
 * observe.c - what the kernel sees: labcheck's questions to the socket table
 * (common/socktable.h reads /proc/net/tcp, tcp6, udp, udp6 of the caller's
 * network namespace, and finds who holds a socket in /proc/PID/fd).
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned short port_of(const struct sockaddr_storage *addr)
{
    return sl_addr_port((const struct sockaddr *)addr);
}

static int matches(const struct sl_sock *s, const struct lc_sockq *q)
{
    return (int)s->proto == q->proto &&
           (q->family == 0 || s->local.ss_family == q->family) &&
           port_of(&s->local) == q->local_port &&
           (q->remote_port == 0 || port_of(&s->remote) == q->remote_port) &&
           (q->state == 0 || s->state == q->state);
}

/* Does a process of group pgid hold socket s? */
static int held_by_group(const struct sl_sock *s, pid_t pgid)
{
    char comm[64];
    pid_t owner;

    if (s->inode == 0)
        return 0;
    owner = sl_sock_owner(s->inode, comm, sizeof comm);
    return owner > 0 && getpgid(owner) == pgid;
}

/* "LISTEN 127.0.0.1:60000" or "ESTAB 127.0.0.1:60000 -> 127.0.0.1:41234". */
static void describe(const struct sl_sock *s, char *text, size_t size)
{
    char local[SL_ADDRSTRLEN], remote[SL_ADDRSTRLEN];

    sl_addr_string((const struct sockaddr *)&s->local, local);
    if (port_of(&s->remote) == 0)
        snprintf(text, size, "%s %s", sl_sock_state_name(s), local);
    else
        snprintf(text, size, "%s %s -> %s", sl_sock_state_name(s), local,
                 sl_addr_string((const struct sockaddr *)&s->remote, remote));
}

int lc_find_socket(const struct lc_sockq *q, pid_t owner_pgid, char *text, size_t size,
                   int *state_out, pid_t *owner_out)
{
    struct sl_sock *table;
    int count = sl_socktable_read(q->proto, &table), found = 0;

    if (count < 0)
        return -1;
    for (int i = 0; i < count && !found; i++) {
        if (!matches(&table[i], q))
            continue;
        if (owner_pgid > 0 && !held_by_group(&table[i], owner_pgid))
            continue;
        found = 1;
        if (text != NULL)
            describe(&table[i], text, size);
        if (state_out != NULL)
            *state_out = table[i].state;
        if (owner_out != NULL) {
            char comm[64];

            *owner_out = table[i].inode ? sl_sock_owner(table[i].inode, comm, sizeof comm) : -1;
        }
    }
    free(table);
    return found;
}

int lc_list_sockets(int proto, int listening_only, pid_t pgid, char *text, size_t size)
{
    struct sl_sock *table;
    int count = sl_socktable_read(proto, &table), listed = 0;
    size_t used = 0;

    if (size > 0)
        text[0] = '\0';
    if (count < 0)
        return 0;
    for (int i = 0; i < count; i++) {
        char one[2 * SL_ADDRSTRLEN + 32];

        if (listening_only && proto == SL_TCP && table[i].state != SL_LISTEN)
            continue;
        if (!held_by_group(&table[i], pgid))
            continue;
        describe(&table[i], one, sizeof one);
        if (used + strlen(one) + 3 < size)
            used += (size_t)snprintf(text + used, size - used, "%s%s", listed ? ", " : "", one);
        listed++;
    }
    free(table);
    return listed;
}

/* Can a TCP server bind 127.0.0.1:port now, with SO_REUSEADDR or without?
 * (A connection in TIME-WAIT blocks a server without it, and also one with
 * it when the closed socket did not set it: only trying tells.) */
static int bind_works(unsigned short port, int reuse)
{
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0), works;

    if (fd < 0)
        return 1;                       /* cannot tell: the check will */
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
    works = bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
    close(fd);
    return works;
}

int lc_port_taken(const struct lc_port *port, char *text, size_t size, char *hint,
                  size_t hint_size, long *time_wait_s)
{
    struct sl_sock *table;
    int count = sl_socktable_read(port->proto, &table), taken = 0, reuse_only = 0;
    const char *kind = port->proto == SL_TCP ? "TCP" : "UDP";
    const char *flags = port->proto == SL_TCP ? "-tanp" : "-uanp";
    long left_ms = 0;

    if (count < 0)
        return 0;                       /* no /proc: bind() will tell */
    for (int i = 0; i < count && !taken; i++) {
        const struct sl_sock *s = &table[i];
        char where[2 * SL_ADDRSTRLEN + 32], comm[64];
        pid_t owner;

        if (port_of(&s->local) != port->port)
            continue;
        describe(s, where, sizeof where);
        if (s->state == SL_TIME_WAIT) {
            if (s->timer_ms > left_ms)
                left_ms = s->timer_ms;
            if (bind_works(port->port, 0))
                continue;               /* any server binds */
            if (bind_works(port->port, 1)) {
                reuse_only |= port->student_binds;  /* socklab's servers set SO_REUSEADDR */
                continue;
            }
            snprintf(text, size, "le port %s %u est encore en TIME-WAIT (%s) : aucun serveur "
                     "ne peut s'y lier avant sa fin", kind, port->port, where);
            taken = 2;
        } else if ((owner = sl_sock_owner(s->inode, comm, sizeof comm)) > 0) {
            snprintf(text, size, "le port %s %u est déjà pris (%s), tenu par %s (pid %d)",
                     kind, port->port, where, comm, (int)owner);
        } else {
            snprintf(text, size, "le port %s %u est déjà pris (%s)", kind, port->port, where);
        }
        snprintf(hint, hint_size, "arrêtez ce qui le tient (ou attendez la fin du TIME-WAIT), "
                 "ou lancez labcheck en root : chaque vérification a alors son propre "
                 "réseau ; essayez ss %s 'sport = :%u'", flags, port->port);
        if (taken == 0)
            taken = 1;
    }
    free(table);
    if (time_wait_s != NULL)
        *time_wait_s = (left_ms + 999) / 1000;
    return taken == 0 && reuse_only ? 3 : taken;
}
