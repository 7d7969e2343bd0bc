/*
 * measure.c - bench/: clock, latency histogram, result line (see measure.h).
 */
#include "measure.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t now_ns(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* The bucket of ns: below 64, itself; above, 32 buckets per power of two. */
static int hist_index(uint64_t ns)
{
    int msb = 63, shift;

    if (ns < 2 * HIST_SUB)
        return (int)ns;
    while (!(ns >> msb))
        msb--;
    shift = msb - 5;                       /* ns >> shift is in 32..63 */
    if (shift > 40)
        return HIST_BUCKETS - 1;
    return 2 * HIST_SUB + (shift - 1) * HIST_SUB + (int)((ns >> shift) - HIST_SUB);
}

/* The middle of bucket index, in nanoseconds. */
static double hist_value(int index)
{
    int shift, sub;

    if (index < 2 * HIST_SUB)
        return index;
    shift = (index - 2 * HIST_SUB) / HIST_SUB + 1;
    sub = (index - 2 * HIST_SUB) % HIST_SUB + HIST_SUB;
    return ((double)sub + 0.5) * (double)(1ull << shift);
}

void hist_add(struct histogram *hist, uint64_t ns)
{
    hist->count[hist_index(ns)]++;
    hist->total++;
}

double hist_percentile(const struct histogram *hist, double q)
{
    uint64_t wanted, seen = 0;

    if (hist->total == 0)
        return 0;
    wanted = (uint64_t)(q * (double)hist->total);
    if (wanted < 1)
        wanted = 1;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += hist->count[i];
        if (seen >= wanted)
            return hist_value(i) / 1000.0;
    }
    return hist_value(HIST_BUCKETS - 1) / 1000.0;
}

void run_init(struct run *run, struct histogram *latency, double warmup, double seconds)
{
    uint64_t now = now_ns();

    memset(latency, 0, sizeof *latency);
    memset(run, 0, sizeof *run);
    run->latency = latency;
    run->warm_end = now + (uint64_t)(warmup * 1e9);
    run->end = run->warm_end + (uint64_t)(seconds * 1e9);
    run->start = now;
    run->measuring = warmup <= 0;
}

void run_count(struct run *run, uint64_t t0, uint64_t t1, uint64_t bytes)
{
    if (!run->measuring) {
        if (t1 < run->warm_end)
            return;
        run->measuring = 1;     /* the first operation after the warm-up starts the clock */
        run->start = t1;
        return;
    }
    run->ops++;
    run->bytes += bytes;
    hist_add(run->latency, t1 - t0);
}

void run_print(const struct run *run, uint64_t stop, const char *workload,
               const char *transport, long conns, long size, long depth)
{
    double seconds = (double)(stop - run->start) / 1e9;

    if (seconds <= 0)
        seconds = 1e-9;
    printf("result workload=%s transport=%s conns=%ld size=%ld depth=%ld seconds=%.3f "
           "ops=%llu ops_per_s=%.0f mib_per_s=%.2f p50_us=%.1f p99_us=%.1f errors=%llu "
           "lost=%llu\n", workload, transport, conns, size, depth, seconds,
           (unsigned long long)run->ops, (double)run->ops / seconds,
           (double)run->bytes / seconds / 1048576.0, hist_percentile(run->latency, 0.50),
           hist_percentile(run->latency, 0.99), (unsigned long long)run->errors,
           (unsigned long long)run->lost);
}

int parse_seconds(const char *text, double min, double max, double *out)
{
    char *end;
    double value;

    errno = 0;
    value = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(value >= min && value <= max))
        return -1;
    *out = value;
    return 0;
}
