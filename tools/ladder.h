/*
 * ladder.h - drawing packets as a ladder diagram: one line per packet, an
 * arrow from the sender's column to the receiver's, in a terminal (text) or
 * in an SVG picture for a lab report.
 */
#ifndef SOCKLAB_LADDER_H
#define SOCKLAB_LADDER_H

#include "packet.h"

#include <stdio.h>

#define LADDER_MAX_FLOWS 256     /* connections whose numbers are made relative */
#define LADDER_MAX_SVG 5000      /* packets an SVG picture holds at most */

struct ladder_flow;
struct ladder_svg_row;

struct ladder {
    FILE *out;                   /* the text ladder (NULL: none) */
    double first_time;           /* time of the first packet drawn, -1 before */
    unsigned long drawn;
    struct ladder_flow *flows;   /* LADDER_MAX_FLOWS */
    int nflows;
    struct ladder_svg_row *rows; /* for --svg: kept until ladder_write_svg */
    unsigned long nrows, rows_dropped;
};

/* Prepares a ladder printing on OUT (may be NULL when only an SVG is
 * wanted; KEEP_ROWS non-zero to keep rows for it). Returns 0 or -1 (ENOMEM). */
int ladder_init(struct ladder *ladder, FILE *out, int keep_rows);

/* Draws one packet captured at TIME (seconds): prints its line, and keeps it
 * for the SVG. Sequence and acknowledgement numbers become relative to each
 * direction's first (SYN) number. */
void ladder_add(struct ladder *ladder, double time, const struct packet *pkt);

/* Writes the packets kept as an SVG picture on FILE. Returns 0, or -1 with
 * errno when writing failed. */
int ladder_write_svg(const struct ladder *ladder, FILE *file);

void ladder_free(struct ladder *ladder);

#endif
