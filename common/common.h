/*
 * common.h - what every socklab program needs that is NOT the lesson.
 *
 * The lesson (socket, bind, listen, accept, connect, send, recv, sendto,
 * recvfrom, close) stays in each program's own file. This library only
 * parses arguments, resolves and prints addresses, reports errors with a
 * hint for students, and prints the -v step trace.
 *
 * Rules: no function here ever exits; failures are returned as -1 with errno
 * kept (or as an error code where said), and main() decides the exit code:
 * 0 success, 1 runtime failure, 2 bad usage.
 */
#ifndef SOCKLAB_COMMON_H
#define SOCKLAB_COMMON_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>

#define EXIT_USAGE 2

/* ---- program setup (report.c) -------------------------------------------- */

/* Records the program name for messages (basename of argv0), makes stdout
 * line-buffered (a pipe or a test sees each line when it is printed) and
 * ignores SIGPIPE (a write to a closed connection returns EPIPE instead of
 * killing the program). Call first in main(). */
void sl_setup(const char *argv0);

/* The program name recorded by sl_setup(), e.g. "tcp_server". */
const char *sl_progname(void);

/* Installs a handler for SIGINT and SIGTERM that only sets a flag, without
 * SA_RESTART: a blocked accept()/recv()/poll() then returns -1 with EINTR, and
 * the program checks sl_interrupted() to close its sockets and exit 0. */
void sl_catch_stop_signals(void);

/* Non-zero once SIGINT or SIGTERM was received (see sl_catch_stop_signals). */
int sl_interrupted(void);

/* ---- error reporting (report.c) ------------------------------------------ */

/* Prints "PROG: MESSAGE: strerror(errno)" on stderr. errno is preserved. */
void sl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "PROG: MESSAGE" on stderr (no strerror). errno is preserved. */
void sl_errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A log hook (the RPC runtime's rpc_server_set_log() takes one): prints
 * "PROG: LINE" on stderr, like sl_errorx. ctx is unused (may be NULL). */
void sl_log_line(void *ctx, const char *line);

/* Prints "PROG: hint: MESSAGE" on stderr: the second line that helps a student. */
void sl_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the hint that explains error number err for address addr (may be
 * NULL), if there is one: ECONNREFUSED (nothing listens: is SERVER running?
 * and why a running one may refuse: the other IP version, or bound to loopback),
 * timeouts and unreachable networks (route, firewall, NAT), EADDRINUSE (in use
 * or TIME_WAIT), EACCES (port below 1024), EADDRNOTAVAIL, and EINVAL for a
 * link-local IPv6 address without its %interface. server names the program
 * that should be listening there (e.g. "tcp_server"), or NULL. */
void sl_hint_for(int err, const struct sockaddr *addr, const char *server);

/* Bad usage: prints "PROG: MESSAGE" then the usage line on stderr and returns
 * EXIT_USAGE (2), so main can write: return sl_usage_error(USAGE, ...). */
int sl_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#ifdef __clang_analyzer__
/* For the static analyzer (make lint), which does not look into report.c:
 * sl_usage_error() always returns EXIT_USAGE, never 0. */
#define sl_usage_error(...) (sl_usage_error(__VA_ARGS__), EXIT_USAGE)
#endif

/* Like sl_hint_for(), for a UDP socket, where the TCP hints would mislead:
 * ECONNREFUSED (only a connected UDP socket hears the ICMP port unreachable:
 * is SERVER running? try: ss -uan 'sport = :PORT'), EADDRINUSE (another UDP
 * socket holds the port: ss -uanp; UDP has no TIME_WAIT), EMSGSIZE (a UDP
 * datagram over IPv4 or IPv6 carries at most 65507 / 65527 bytes). Any other
 * error number gets sl_hint_for()'s hint. errno is preserved. */
void sl_hint_for_udp(int err, const struct sockaddr *addr, const char *server);

/* Prints the hint for a bind() that failed with error number err on addr, a
 * socket of socktype (SOCK_STREAM or SOCK_DGRAM) that set SO_REUSEADDR
 * (reuse_addr non-zero) or not. For EADDRINUSE it reads the kernel's socket
 * table and says what holds the port: a listener and its program, a
 * connection in TIME_WAIT (whose, for how long, whether SO_REUSEADDR helps),
 * a UDP socket (addrinuse.c). When the table shows nothing (unreadable,
 * another network namespace, a race) and for any other error, the hint of
 * sl_hint_for() (TCP) or sl_hint_for_udp() (UDP). errno is preserved. */
void sl_hint_bind(int err, const struct sockaddr *addr, int socktype, int reuse_addr);

/* Says that text (a name or an address, for family AF_INET, AF_INET6 or
 * AF_UNSPEC) did not resolve, with getaddrinfo's status, then the hint that
 * fits: an IPv6 address given to an IPv4 program (or the reverse) names the
 * twin that takes it; an unknown interface after '%' says how to list them;
 * a name says how to look it up (report.c). errno is preserved. */
void sl_resolve_error(const char *text, int family, int status);

/* ---- the -v step trace (report.c) ---------------------------------------- */

/* Turns the step trace on (the -v option). Off by default. */
void sl_trace_enable(int on);

/* Non-zero if the step trace is on. */
int sl_tracing(void);

/* When tracing, prints one line on stderr: "[PROG] MESSAGE". errno is
 * preserved. For notes that are not a call's result ("not from ...:
 * ignored"); a call's own line comes from sl_traced() below, which sees the
 * result it prints. */
void sl_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* sl_traced(CALL, ARGS_FORMAT, ...): makes CALL (a system call written out in
 * full, as a student writes it) and evaluates to its result, unchanged in
 * value and type, with errno as CALL left it. When tracing (-v) it also
 * prints "[PROG] NAME(ARGS) = RESULT" on stderr, where NAME is the function
 * named in CALL's own text (no trace line can name another call), ARGS is
 * printf(ARGS_FORMAT, ...) and RESULT the value CALL returned; a negative
 * result is followed by strerror(errno):
 *
 *     listen_fd = sl_traced(socket(AF_INET, SOCK_STREAM, 0), "AF_INET, SOCK_STREAM");
 *     [tcp_server] socket(AF_INET, SOCK_STREAM) = 3
 *     status = sl_traced(close(conn_fd), "%d", conn_fd);
 *     [tcp_server] close(4) = -1 Input/output error
 *
 * CALL runs first, then the ARGS (so they may show what CALL wrote). The
 * result is checked by the caller as if CALL had been written alone.
 * sl_traced_from(CALL, PEER, ...) adds " from ADDR" after a result >= 0, PEER
 * being the struct sockaddr CALL filled (accept, recvfrom);
 * sl_traced_note(CALL, NOTE, ...) adds " (NOTE)" after a result >= 0. */
#define sl_traced(call, ...) SL_TRACED_(call, NULL, NULL, __VA_ARGS__)
#define sl_traced_from(call, peer, ...) SL_TRACED_(call, peer, NULL, __VA_ARGS__)
#define sl_traced_note(call, note, ...) SL_TRACED_(call, NULL, note, __VA_ARGS__)

/* How sl_traced() works: CALL's value and errno are kept (per thread) before
 * anything else is evaluated, sl_trace_call() prints them and gives them back;
 * _Generic (which evaluates only the branch it selects) casts the value back
 * to CALL's type, int or ssize_t. CALL is evaluated exactly once. */
extern _Thread_local long sl_call_result;
extern _Thread_local int sl_call_errno;
long sl_trace_call(const char *call_text, const void *peer, const char *note,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define SL_TRACE_CALL_(call, peer, note, ...) \
    (sl_call_result = (long)(call), sl_call_errno = errno, \
     sl_trace_call(#call, peer, note, __VA_ARGS__))
#if defined(__clang_analyzer__) || defined(__CPPCHECK__)
/* For the static analyzers (make lint; cppcheck does not parse _Generic):
 * sl_traced(CALL) is CALL. */
#define SL_TRACED_(call, peer, note, ...) (call)
#else
#define SL_TRACED_(call, peer, note, ...) \
    _Generic((call), int: (int)SL_TRACE_CALL_(call, peer, note, __VA_ARGS__), \
             default: SL_TRACE_CALL_(call, peer, note, __VA_ARGS__))
#endif

/* ---- arguments (args.c) -------------------------------------------------- */

/* Non-zero if argv holds "-h" or "--help" before any "--": the program then
 * prints its help on stdout and exits 0 (checked before getopt, which knows no
 * long options). */
int sl_wants_help(int argc, char *argv[]);

/* Parses a whole decimal integer in [min, max] into *out. Returns 0, or -1
 * (not a number, leading spaces or +, trailing characters, out of range);
 * *out is then untouched. */
int sl_parse_long(const char *text, long min, long max, long *out);

/* Parses a port number: 1..65535, or 0..65535 when allow_zero is non-zero
 * (servers accept 0: "let the kernel choose"). Returns 0 or -1. */
int sl_parse_port(const char *text, int allow_zero, unsigned short *port);

/* Joins words[0..count-1] with single spaces into a new string (malloc).
 * Returns NULL with errno set on failure. */
char *sl_join_words(int count, char *words[]);

/* Reads one line from stream into a new string (malloc), without its "\n" or
 * "\r\n". Returns NULL at end of input or on error. *length gets the length. */
char *sl_read_line(FILE *stream, size_t *length);

/* Prints prompt on stdout (flushed, no newline), then reads one line from
 * stdin like sl_read_line(). When stdin is not a terminal the line is echoed
 * after the prompt, so a piped session prints what a typed one shows. At end
 * of input (or on error, e.g. EINTR after Ctrl-C) ends the prompt's line and
 * returns NULL. For the interactive prompts (client@HOST:PORT$ ...). */
char *sl_prompt_line(const char *prompt, size_t *length);

/* ---- addresses (addr.c) -------------------------------------------------- */

/* Longest text sl_addr_string() writes: "[" IPv6 "%" scope "]:" port. */
#define SL_ADDRSTRLEN 96

/* Resolves host (a name or a literal) and port with getaddrinfo() for the
 * given family (AF_INET or AF_INET6) and socket type, and copies the first
 * answer into *addr / *addrlen. passive asks for a local address to bind
 * (used with host NULL: the wildcard). Returns 0, or a getaddrinfo() error
 * code to print with gai_strerror(). */
int sl_resolve(const char *host, unsigned short port, int family, int socktype,
               int passive, struct sockaddr_storage *addr, socklen_t *addrlen);

/* IPV6_V6ONLY for sl_server_socket(): an IPv6 server always says which it
 * wants (the system's default varies); zero is "not said", refused. */
enum sl_v6only { SL_V6ONLY_UNSAID, SL_V6ONLY, SL_DUAL_STACK };

/* What sl_server_socket() makes; zero fields give a reporting TCP server with
 * SO_REUSEADDR (designated initialisers: { .socktype = SOCK_DGRAM, ... }). */
struct sl_server_options {
    int socktype;            /* SOCK_STREAM (the default, 0 too) or SOCK_DGRAM */
    enum sl_v6only v6only;   /* AF_INET6: required; AF_INET: must stay unsaid */
    int no_reuse_addr;       /* non-zero: SO_REUSEADDR left off (a server's -R) */
    int quiet;               /* non-zero: a failure is returned, not reported */
};

/* A server's first steps, for the programs whose lesson comes after them
 * (tcp_server.c and udp_server.c teach them; the chat's poll(), the echo
 * server's non-blocking sockets, the RPC servers): socket() of *local's
 * family and how->socktype, setsockopt(SO_REUSEADDR) unless
 * how->no_reuse_addr, setsockopt(IPV6_V6ONLY) on IPv6, bind(*local), and
 * listen(SOMAXCONN) for SOCK_STREAM, each traced (sl_traced) and checked.
 * Then writes the address really bound (getsockname: port 0 becomes a real
 * port) into *local and, as text, into text (SL_ADDRSTRLEN bytes; may be
 * NULL). Returns the socket, or -1 with errno set: reported ("bind ADDR:
 * strerror" and sl_hint_bind's hint; "setsockopt SO_REUSEADDR: ..."), unless
 * how->quiet. An IPv6 address without how->v6only, or an IPv4 one with it,
 * is EINVAL. */
int sl_server_socket(struct sockaddr_storage *local, socklen_t local_len,
                     const struct sl_server_options *how, char *text);

/* Writes addr as "127.0.0.1:60000" or "[::1]:60000" (with "%if" for a scoped
 * IPv6 address) into text, which holds SL_ADDRSTRLEN bytes, and returns text. */
char *sl_addr_string(const struct sockaddr *addr, char *text);

/* The port of an AF_INET or AF_INET6 address, in host byte order. */
unsigned short sl_addr_port(const struct sockaddr *addr);

/* The local address of a socket (getsockname) as text. Returns text, or NULL
 * with errno set. */
char *sl_local_string(int fd, char *text);

/* "AF_INET", "AF_INET6", "AF_UNIX" or a number: for trace lines. */
const char *sl_family_name(int family);

/* Writes data to stream so that any byte is visible and harmless: printable
 * ASCII and valid UTF-8 as they are; "\n", "\r", "\t", "\0" and "\xNN" for
 * the other control bytes and for every byte that is not valid UTF-8 (0x9b
 * alone, an overlong form, a sequence cut short); "\uNNNN" for the code points
 * a terminal acts on: C1 controls (U+0080..U+009F), bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) and U+2028,
 * U+2029; "\\" for a backslash. A peer's bytes never garble a terminal or a
 * log. */
void sl_put_text(FILE *stream, const char *data, size_t length);

/* What makes text unsafe to show as it is (sl_text_flaw): a control
 * character (C0, DEL, C1, raw or as UTF-8), a bidirectional control or a
 * line/paragraph separator, a byte that is not valid UTF-8. */
enum sl_text_flaw { SL_TEXT_OK, SL_TEXT_CONTROL, SL_TEXT_BIDI, SL_TEXT_NOT_UTF8 };

/* Room for the escaped form of length bytes (sl_escape_text): at most four
 * bytes for one ("\xff"), and the final NUL. */
#define SL_ESCAPED_SIZE(length) (4 * (length) + 1)

/* The escapes of sl_put_text(), into the string out (size bytes, always
 * NUL-terminated when size > 0), except that a backslash stays single: for
 * a table or a CSV that mixes labcheck's own text (a hint may quote
 * printf's "\n") with a peer's bytes. Stops before an escape that would not
 * fit (SL_ESCAPED_SIZE(length) bytes always do). Returns the length written. */
size_t sl_escape_text(char *out, size_t size, const char *data, size_t length);

/* The first flaw of data (length bytes) that sl_put_text() would escape, or
 * SL_TEXT_OK when every character shows as it is. A NUL byte counts as a
 * control. */
enum sl_text_flaw sl_text_flaw(const char *data, size_t length);

/* ---- I/O that finishes its job (io.c), time (fdclock.c) ---------------- */

/* Calls send(fd, data, length, flags | MSG_NOSIGNAL) until every byte is
 * sent, retrying after EINTR (unless sl_interrupted()) and after short sends.
 * Traces each send() call. Returns length, or -1 with errno set (EPIPE,
 * ECONNRESET, ...). For blocking sockets. */
ssize_t sl_send_all(int fd, const void *data, size_t length, int flags);

/* sl_now_ms() and sl_set_nonblocking(): fdclock.h (shared with librpc.a). */
#include "fdclock.h"

#endif
