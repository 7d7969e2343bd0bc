/*
 * fdclock.h - two helpers that need nothing but libc: a clock for deadlines
 * and O_NONBLOCK. Shared by common/ and the RPC library: common/fdclock.o is
 * in both libcommon.a and librpc.a (one source, one object), so librpc.a
 * still links alone (labs/tp3's programs link no libcommon.a).
 */
#ifndef SOCKLAB_FDCLOCK_H
#define SOCKLAB_FDCLOCK_H

/* Milliseconds on a clock that never jumps (CLOCK_MONOTONIC): for deadlines
 * and durations, never for the time of day. */
long long sl_now_ms(void);

/* Makes fd non-blocking (fcntl O_NONBLOCK added to its flags): recv(), send()
 * and accept() then return EAGAIN instead of waiting. Returns 0, or -1 with
 * errno set. */
int sl_set_nonblocking(int fd);

#endif
