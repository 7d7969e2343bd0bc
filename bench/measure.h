/*
 * measure.h - bench/: the clock, the latency histogram and the result line
 * shared by the load generators (loadgen, and the libtirpc client the bench
 * script builds). Not the lesson: only counting and printing.
 */
#ifndef SOCKLAB_BENCH_MEASURE_H
#define SOCKLAB_BENCH_MEASURE_H

#include <stdint.h>

/* Log-linear buckets of nanoseconds: exact below 64 ns, then 32 buckets per
 * power of two (3 % wide), up to 2^45 ns. Constant memory, cheap to add to. */
#define HIST_SUB     32
#define HIST_BUCKETS (2 * HIST_SUB + 40 * HIST_SUB)

struct histogram {
    uint64_t count[HIST_BUCKETS];
    uint64_t total;
};

/* One measured run: its instants (CLOCK_MONOTONIC, nanoseconds), totals and
 * latencies. Operations that end during the warm-up are not counted. */
struct run {
    uint64_t warm_end;     /* before this instant nothing is counted */
    uint64_t end;          /* the loop stops starting operations at this instant */
    uint64_t start;        /* when counting began */
    int measuring;
    uint64_t ops, bytes, errors, lost;
    struct histogram *latency;
};

/* CLOCK_MONOTONIC now, in nanoseconds. */
uint64_t now_ns(void);

/* Adds one sample of ns nanoseconds. */
void hist_add(struct histogram *hist, uint64_t ns);

/* The latency below which a fraction q of the samples fall, in microseconds
 * (0 without samples). */
double hist_percentile(const struct histogram *hist, double q);

/* Starts a run now: warmup seconds not counted, then seconds counted.
 * latency (zeroed here) receives the samples. */
void run_init(struct run *run, struct histogram *latency, double warmup, double seconds);

/* Counts one completed operation that started at t0, ended at t1 and brought
 * back bytes bytes. */
void run_count(struct run *run, uint64_t t0, uint64_t t1, uint64_t bytes);

/* Prints the result line on stdout, the run having stopped at instant stop:
 * result workload=W transport=T conns=N size=N depth=N seconds=S ops=N
 * ops_per_s=N mib_per_s=N p50_us=N p99_us=N errors=N lost=N */
void run_print(const struct run *run, uint64_t stop, const char *workload,
               const char *transport, long conns, long size, long depth);

/* Parses a duration in seconds with a fraction ("0.2") in [min, max].
 * Returns 0, or -1 (*out untouched). */
int parse_seconds(const char *text, double min, double max, double *out);

#endif
