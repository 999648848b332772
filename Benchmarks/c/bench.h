/*
 * bench.h: what the C benchmark programs share (floor.c: raw LMDB; cabi.c: libboxoffice;
 * postgres.c: PostgreSQL through libpq).
 *
 * All mirror the Swift harness (Benchmarks/Sources/BoxOfficeBench): the same options, the same
 * measuring loop and percentiles, and one JSON object per figure on stdout, so their lines can be
 * merged with the Swift figures. Diagnostics go to stderr.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* More clients than this is a typo, not a benchmark; drivers size per-client state with it. */
#define BENCH_MAX_CLIENTS 256
/* Valid ticket codes kept for check-in, as in the Swift harness. */
#define BENCH_MAX_CODES 200000
/* Ticket codes: 26 symbols of Crockford's base32. */
#define BENCH_CODE_LEN 26

typedef struct bench_options {
    const char *dir;       /* existing directory for the data files */
    long size;             /* tickets sold before measuring */
    double seconds;        /* per measurement */
    int clients[16];       /* client counts, in the order given */
    int client_count;
    bool durable, async;   /* modes to run */
    const char *workloads; /* comma-separated workloads to run; NULL: all */
} bench_options;

/* Whether the options ask for this workload (--workloads, else every one). */
bool bench_wants(const bench_options *options, const char *workload);

typedef struct bench_result {
    long ops;
    double ops_per_sec, p50_us, p99_us;
} bench_result;

/* An operation run by a client thread. Returns 0 on success, BENCH_DONE to end this client's loop
 * (the call still counts as an op: the flash sale's last attempt), or the result of bench_error(). */
#define BENCH_DONE 1
typedef int (*bench_op)(void *shared, int client);

/* Parses the command line (see the programs' usage); exits with a message on a bad one. */
void bench_parse(int argc, char **argv, bench_options *options);

/* Prints a one-line message to stderr and exits 1. For setup code; client threads use bench_error(). */
_Noreturn void bench_die(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Records a failure from any thread (the first one wins) and returns -1, so an operation can
 * `return bench_error(...)`. bench_measure() then reports it and exits. */
int bench_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);

/* UTC milliseconds (CLOCK_REALTIME), for timestamps stored in records. */
int64_t bench_wall_ms(void);

/* Runs op from `clients` threads for about `seconds` (at least min_ops calls in all, at most
 * max_ops; max_ops <= 0 means no limit), timing each call; seconds < 0 runs each client until its
 * op returns BENCH_DONE. ops_per_sec is calls / wall time to the last join. Exits if an op failed. */
bench_result bench_measure(int clients, double seconds, long min_ops, long max_ops, bench_op op, void *shared);

/* One system's side of the workload matrix. */
typedef struct bench_system {
    const char *name;                          /* "floor", "cabi" or "postgres", in every figure */
    void *shared;                              /* passed to each op */
    void (*open)(void *shared, bool async);    /* opens the prepared file with that durability */
    void (*close)(void *shared);
    bench_op hold3, hold_confirm, checkin, availability;
    /* A flash sale of 1,000 tickets on a fresh file; exits unless exactly 1,000 were sold. */
    bench_result (*flash_sale)(const bench_options *options, bool async, int clients);
} bench_system;

/* Runs the Swift harness's matrix (runWorkloads in main.swift) and prints every figure: per mode,
 * hold3 and hold_confirm at each client count, checkin up to 8 clients, availability when async;
 * then a flash sale per mode and client count. */
void bench_run(const bench_options *options, const bench_system *system);

/* Writes one figure as a JSON line on stdout. */
void bench_print(const char *system, const char *workload, const char *mode, int clients, long size, bench_result result);

/* Formats a path into out (PATH_MAX bytes: BENCH_PATH_MAX); exits if it does not fit. */
#define BENCH_PATH_MAX 4096
void bench_path(char out[BENCH_PATH_MAX], const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Removes a file or directory tree if it exists, so a data file starts fresh. */
void bench_remove(const char *path);

/* A small fast PRNG (xorshift64*), one per thread: rand() would serialise the clients. */
typedef struct bench_rng { uint64_t state; } bench_rng;
void bench_rng_seed(bench_rng *rng, uint64_t seed);
uint64_t bench_rng_next(bench_rng *rng);

/* `length` random symbols of Crockford's base32 and a NUL into `code` (length + 1 bytes): ticket
 * codes (BENCH_CODE_LEN, 130 bits, as the engine's) and order numbers. */
void bench_code(bench_rng *rng, char *code, int length);

/* Fisher-Yates shuffle of `count` fixed-size codes. */
void bench_shuffle_codes(char (*codes)[BENCH_CODE_LEN + 1], size_t count, bench_rng *rng);

#endif /* BENCH_H */
