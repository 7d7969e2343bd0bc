/*
 * timeline.h - the sockets of a port as a timeline: the kernel's socket
 * table (common/socktable.c) read every few milliseconds, each change
 * printed with its time: a socket that appears (its state and owner), a
 * state that changes, TIME-WAIT and the time it has left, Recv-Q and Send-Q
 * that change, a socket that is gone. No privilege needed.
 */
#ifndef SOCKLAB_TIMELINE_H
#define SOCKLAB_TIMELINE_H

#include <stdio.h>

struct timeline_options {
    unsigned short port;     /* sockets with this local or remote port */
    int protos;              /* SL_TCP | SL_UDP */
    long interval_ms;        /* between two readings of the table */
    double duration;         /* seconds; 0: until Ctrl-C */
};

/* Follows the table until Ctrl-C (sl_interrupted) or the duration ends,
 * printing on OUT. Returns 0, or -1 (reported) when the table cannot be read. */
int timeline_run(const struct timeline_options *opts, FILE *out);

#endif
