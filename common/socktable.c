/*
 * socktable.c - the kernel's socket table from /proc/net/{tcp,tcp6,udp,udp6},
 * and the process that holds a socket from /proc/PID/fd.
 *
 * One line of /proc/net/tcp (the kernel's tcp4_seq_show; tcp6 has 32 hex
 * digits per address, udp the same columns):
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *    0: 0100007F:EA60 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 43715 ...
 *
 * An IPv4 address is the 32-bit word as the kernel stores it (network byte
 * order), printed as a number: its bytes in memory are the address's bytes,
 * so it is copied as is. An IPv6 address is four such words. Ports are in
 * host order. st is the TCP state (tcp_states.h); tm->when is in clock ticks
 * (USER_HZ: sysconf(_SC_CLK_TCK)).
 */
#include "socktable.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TABLE_BYTES (256L * 1024 * 1024)   /* a runaway /proc file is refused */

/* Reads the whole of PATH (a /proc file: its size is unknown beforehand) into
 * a malloc'd, NUL-terminated string. Returns it, or NULL with errno set. */
static char *read_whole_file(const char *path)
{
    FILE *file = fopen(path, "r");
    char *text = NULL;
    size_t length = 0, capacity = 0;

    if (file == NULL)
        return NULL;
    for (;;) {
        if (capacity - length < 4096) {
            size_t bigger = capacity ? capacity * 2 : 16384;
            char *grown;

            if (bigger > MAX_TABLE_BYTES) {
                errno = EFBIG;
                break;
            }
            grown = realloc(text, bigger);
            if (grown == NULL)
                break;
            text = grown;
            capacity = bigger;
        }
        size_t got = fread(text + length, 1, capacity - length - 1, file);

        length += got;
        if (got == 0) {
            if (ferror(file))
                break;
            text[length] = '\0';
            fclose(file);
            return text;
        }
    }
    int saved = errno;

    free(text);
    fclose(file);
    errno = saved;
    return NULL;
}

/* Fills *addr from /proc's hex address HEX (8 or 32 digits) and host-order
 * PORT. Returns 0, or -1 if HEX has another length. */
static int parse_address(const char *hex, unsigned port, struct sockaddr_storage *addr)
{
    size_t digits = strlen(hex);
    unsigned char bytes[16];

    if (digits != 8 && digits != 32)
        return -1;
    for (size_t word = 0; word < digits / 8; word++) {
        char chunk[9];
        uint32_t value;

        memcpy(chunk, hex + word * 8, 8);
        chunk[8] = '\0';
        value = (uint32_t)strtoul(chunk, NULL, 16);
        memcpy(bytes + word * 4, &value, 4);   /* the word's bytes as the kernel had them */
    }
    memset(addr, 0, sizeof *addr);
    if (digits == 8) {
        struct sockaddr_in *in4 = (struct sockaddr_in *)addr;

        in4->sin_family = AF_INET;
        memcpy(&in4->sin_addr, bytes, 4);
        in4->sin_port = htons((uint16_t)port);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;

        in6->sin6_family = AF_INET6;
        memcpy(&in6->sin6_addr, bytes, 16);
        in6->sin6_port = htons((uint16_t)port);
    }
    return 0;
}

/* Reads a hex number at *pos followed by one of the bytes of STOP (or the end
 * of the line when STOP holds a space), skipping leading blanks, and moves
 * *pos past it. Returns 0, or -1 if there is no number there. */
static int next_hex(const char **pos, const char *stop, unsigned long *value)
{
    char *end;

    while (**pos == ' ')
        (*pos)++;
    if (!((**pos >= '0' && **pos <= '9') || (**pos >= 'a' && **pos <= 'f') ||
          (**pos >= 'A' && **pos <= 'F')))
        return -1;
    errno = 0;
    *value = strtoul(*pos, &end, 16);
    if (errno != 0 || strchr(stop, *end) == NULL || (*end == '\0' && strchr(stop, ' ') == NULL))
        return -1;
    *pos = *end ? end + 1 : end;
    return 0;
}

/* Reads a decimal number at *pos (after blanks), followed by a blank, the end
 * of the line or, for the slot number, ':'; moves *pos to what follows it.
 * Returns 0 or -1. */
static int next_dec(const char **pos, unsigned long *value)
{
    char *end;

    while (**pos == ' ')
        (*pos)++;
    if (**pos < '0' || **pos > '9')
        return -1;
    errno = 0;
    *value = strtoul(*pos, &end, 10);
    if (errno != 0 || (*end != ' ' && *end != '\0' && *end != ':'))
        return -1;
    *pos = end;
    return 0;
}

/* Reads "HEXADDR:PORT" at *pos into *addr. Returns 0 or -1. */
static int next_endpoint(const char **pos, struct sockaddr_storage *addr)
{
    char hex[33];
    size_t digits;
    unsigned long port;

    while (**pos == ' ')
        (*pos)++;
    digits = strspn(*pos, "0123456789abcdefABCDEF");
    if (digits >= sizeof hex || (*pos)[digits] != ':')
        return -1;
    memcpy(hex, *pos, digits);
    hex[digits] = '\0';
    *pos += digits + 1;
    if (next_hex(pos, " ", &port) < 0 || port > 65535)
        return -1;
    return parse_address(hex, (unsigned)port, addr);
}

/* Parses one line of the table into *sock. Returns 0, or -1 (a header or a
 * line this parser does not understand). The columns: "sl:" local remote st
 * tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ... */
static int parse_line(const char *line, enum sl_proto proto, long ticks_per_s,
                      struct sl_sock *sock)
{
    const char *pos = line;
    unsigned long slot, state, tx, rx, timer, when, retransmits, uid, timeout, inode;

    memset(sock, 0, sizeof *sock);
    if (next_dec(&pos, &slot) < 0 || *pos != ':')
        return -1;
    pos++;
    if (next_endpoint(&pos, &sock->local) < 0 || next_endpoint(&pos, &sock->remote) < 0 ||
        sock->local.ss_family != sock->remote.ss_family ||
        next_hex(&pos, " ", &state) < 0 || state < SL_ESTABLISHED || state > SL_CLOSING ||
        next_hex(&pos, ":", &tx) < 0 || next_hex(&pos, " ", &rx) < 0 ||
        next_hex(&pos, ":", &timer) < 0 || next_hex(&pos, " ", &when) < 0 ||
        next_hex(&pos, " ", &retransmits) < 0 || next_dec(&pos, &uid) < 0)
        return -1;
    while (*pos == ' ')
        pos++;
    if (*pos == '-')               /* the timeout column may be negative */
        pos++;
    if (next_dec(&pos, &timeout) < 0 || next_dec(&pos, &inode) < 0)
        return -1;
    sock->proto = proto;
    sock->state = (int)state;
    sock->tx_queue = tx;
    sock->rx_queue = rx;
    sock->timer = (int)timer;
    sock->timer_ms = timer == 0 ? -1 : (long)(when * 1000 / (unsigned long)ticks_per_s);
    sock->uid = (uid_t)uid;
    sock->inode = inode;
    return 0;
}

int sl_socktable_parse(const char *text, enum sl_proto proto, struct sl_sock **out,
                       size_t *count)
{
    long ticks_per_s = sysconf(_SC_CLK_TCK);
    size_t capacity = *count;
    int added = 0;

    if (ticks_per_s <= 0)
        ticks_per_s = 100;
    while (*text != '\0') {
        const char *end = strchr(text, '\n');
        size_t length = end ? (size_t)(end - text) : strlen(text);
        char line[512];
        struct sl_sock sock;

        if (length < sizeof line) {
            memcpy(line, text, length);
            line[length] = '\0';
            if (parse_line(line, proto, ticks_per_s, &sock) == 0) {
                if (*count == capacity) {
                    size_t bigger = capacity < 16 ? 16 : capacity * 2;
                    struct sl_sock *grown = realloc(*out, bigger * sizeof **out);

                    if (grown == NULL)
                        return -1;
                    *out = grown;
                    capacity = bigger;
                }
                (*out)[(*count)++] = sock;
                added++;
            }
        }
        text += length;
        if (*text == '\n')
            text++;
    }
    return added;
}

int sl_socktable_read(int protos, struct sl_sock **out)
{
    static const struct { const char *path; enum sl_proto proto; } files[] = {
        { "/proc/net/tcp", SL_TCP }, { "/proc/net/tcp6", SL_TCP },
        { "/proc/net/udp", SL_UDP }, { "/proc/net/udp6", SL_UDP },
    };
    struct sl_sock *socks = NULL;
    size_t count = 0;
    int asked = 0, found = 0, missing_errno = ENOENT;

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *text;

        if (!(protos & files[i].proto))
            continue;
        asked++;
        text = read_whole_file(files[i].path);
        if (text == NULL) {
            if (errno == ENOENT) {
                continue;          /* e.g. no tcp6 where IPv6 is disabled */
            }
            missing_errno = errno;
            free(socks);
            errno = missing_errno;
            return -1;
        }
        found++;
        if (sl_socktable_parse(text, files[i].proto, &socks, &count) < 0) {
            free(text);
            free(socks);
            errno = ENOMEM;
            return -1;
        }
        free(text);
    }
    if (asked == 0 || found == 0 || count > INT32_MAX) {
        free(socks);
        errno = asked == 0 ? EINVAL : count > INT32_MAX ? EOVERFLOW : missing_errno;
        return -1;
    }
    *out = socks;
    return (int)count;
}

/* Copies /proc/PID/comm (without its newline) into comm. */
static void read_comm(long pid, char *comm, size_t comm_len)
{
    char path[64];
    FILE *file;

    if (comm_len == 0)
        return;
    comm[0] = '\0';
    snprintf(path, sizeof path, "/proc/%ld/comm", pid);
    file = fopen(path, "r");
    if (file == NULL)
        return;
    if (fgets(comm, (int)(comm_len > 4096 ? 4096 : comm_len), file) == NULL)
        comm[0] = '\0';
    comm[strcspn(comm, "\n")] = '\0';
    fclose(file);
}

/* Non-zero if one of /proc/PID/fd's links is WANTED ("socket:[N]"). */
static int holds_link(long pid, const char *wanted)
{
    char dir_path[64], target[64];
    DIR *fds;
    const struct dirent *entry;
    int found = 0;

    snprintf(dir_path, sizeof dir_path, "/proc/%ld/fd", pid);
    fds = opendir(dir_path);
    if (fds == NULL)
        return 0;                  /* gone, or another user's: not visible */
    while (!found && (entry = readdir(fds)) != NULL) {
        ssize_t length;

        if (entry->d_name[0] == '.')
            continue;
        length = readlinkat(dirfd(fds), entry->d_name, target, sizeof target - 1);
        if (length <= 0)
            continue;
        target[length] = '\0';
        found = strcmp(target, wanted) == 0;
    }
    closedir(fds);
    return found;
}

pid_t sl_sock_owner(unsigned long inode, char *comm, size_t comm_len)
{
    char wanted[48];
    DIR *proc;
    const struct dirent *entry;
    pid_t owner = -1;
    int saved = errno;

    if (comm_len > 0)
        comm[0] = '\0';
    if (inode == 0)
        return -1;
    snprintf(wanted, sizeof wanted, "socket:[%lu]", inode);
    proc = opendir("/proc");
    if (proc == NULL)
        return -1;
    while (owner < 0 && (entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9' ||
            strspn(entry->d_name, "0123456789") != strlen(entry->d_name))
            continue;
        long pid = strtol(entry->d_name, NULL, 10);

        if (holds_link(pid, wanted)) {
            owner = (pid_t)pid;
            read_comm(pid, comm, comm_len);
        }
    }
    closedir(proc);
    errno = saved;
    return owner;
}

const char *sl_tcp_state_name(int state)
{
    static const char *const names[] = {
        [SL_ESTABLISHED] = "ESTAB",     [SL_SYN_SENT] = "SYN-SENT",
        [SL_SYN_RECV] = "SYN-RECV",     [SL_FIN_WAIT1] = "FIN-WAIT-1",
        [SL_FIN_WAIT2] = "FIN-WAIT-2",  [SL_TIME_WAIT] = "TIME-WAIT",
        [SL_CLOSE] = "UNCONN",          [SL_CLOSE_WAIT] = "CLOSE-WAIT",
        [SL_LAST_ACK] = "LAST-ACK",     [SL_LISTEN] = "LISTEN",
        [SL_CLOSING] = "CLOSING",
    };

    if (state < SL_ESTABLISHED || state > SL_CLOSING)
        return "UNKNOWN";
    return names[state];
}

const char *sl_sock_state_name(const struct sl_sock *sock)
{
    if (sock->proto == SL_UDP)
        return sock->state == SL_ESTABLISHED ? "ESTAB" : "UNCONN";
    return sl_tcp_state_name(sock->state);
}
