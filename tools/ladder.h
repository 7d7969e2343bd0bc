/*
 * ladder.h - drawing packets as a ladder diagram: one line per packet, an
 * arrow from the sender's column to the receiver's, in a terminal (text) or
 * in an SVG picture for a lab report. Beside each TCP endpoint's line, the
 * state the packets put it in (RFC 9293's state machine, driven by the
 * flags seen: SYN-SENT, ESTABLISHED, FIN-WAIT-1, TIME-WAIT...), written
 * where it changes, as textbooks draw it.
 */
#ifndef SOCKLAB_LADDER_H
#define SOCKLAB_LADDER_H

#include "packet.h"

#include <stdio.h>

#define LADDER_MAX_FLOWS 65536u  /* connections followed (relative numbers, states) */
#define LADDER_MAX_SVG 5000      /* packets an SVG picture holds at most */
#define LADDER_SVG_COLUMNS 12    /* endpoints an SVG picture holds at most */

struct ladder_flow;
struct ladder_svg_row;

struct ladder {
    FILE *out;                   /* the text ladder (NULL: none) */
    double first_time;           /* time of the first packet drawn, -1 before */
    unsigned long drawn;
    struct ladder_flow *flows;   /* grown as connections come, LADDER_MAX_FLOWS at most */
    unsigned nflows, flows_room;
    int *slots;                  /* hash table of flows: index, -1 for none */
    unsigned nslots;
    unsigned long unfollowed;    /* packets of connections past LADDER_MAX_FLOWS */
    struct ladder_svg_row *rows; /* for --svg: kept until ladder_write_svg */
    unsigned long nrows, rows_dropped;
};

/* Prepares a ladder printing on OUT (may be NULL when only an SVG is
 * wanted; KEEP_ROWS non-zero to keep rows for it). Returns 0 or -1 (ENOMEM). */
int ladder_init(struct ladder *ladder, FILE *out, int keep_rows);

/* Draws one packet captured at TIME (seconds): prints its line, and keeps it
 * for the SVG. Sequence and acknowledgement numbers become relative to each
 * direction's first (SYN) number, and each TCP endpoint's state follows.
 * Past LADDER_MAX_FLOWS connections (or when memory runs out), the packets
 * of new ones are drawn with absolute numbers and no state, and counted in
 * UNFOLLOWED. */
void ladder_add(struct ladder *ladder, double time, const struct packet *pkt);

/* Writes the packets kept as an SVG picture on FILE; a picture that cannot
 * hold them all (past LADDER_MAX_SVG packets, or between endpoints past
 * LADDER_SVG_COLUMNS) says so in its title and legend, and *NOT_DRAWN
 * gets the number of packets left out. Returns 0, or -1 with errno when
 * writing failed. */
int ladder_write_svg(const struct ladder *ladder, FILE *file, unsigned long *not_drawn);

void ladder_free(struct ladder *ladder);

#endif
