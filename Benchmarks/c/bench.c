/*
 * bench.c: options, clocks, the measuring loop, percentiles and JSON output shared by the C
 * benchmarks. The loop and the percentiles are those of Benchmarks/Sources/BoxOfficeBench/Harness.swift,
 * so C and Swift figures compare like for like.
 */
#include "bench.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- failures ---------------------------------------------------------------------------- */

static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;
static char failure_message[512];
static atomic_bool failed;

_Noreturn void bench_die(const char *format, ...) {
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", program_invocation_short_name);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

int bench_error(const char *format, ...) {
    pthread_mutex_lock(&failure_lock);
    if (!atomic_load(&failed)) {
        va_list args;
        va_start(args, format);
        vsnprintf(failure_message, sizeof failure_message, format, args);
        va_end(args);
        atomic_store(&failed, true);
    }
    pthread_mutex_unlock(&failure_lock);
    return -1;
}

/* ---- options ----------------------------------------------------------------------------- */

static void usage(void) {
    bench_die("usage: %s --dir DIR --size N --seconds S --clients 1,8,32 [--modes durable,async] [--workloads hold3,...]",
              program_invocation_short_name);
}

static long parse_long(const char *text, long min, long max) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < min || value > max) bench_die("bad number: %s", text);
    return value;
}

void bench_parse(int argc, char **argv, bench_options *o) {
    *o = (bench_options){ .size = -1, .seconds = -1, .durable = true, .async = true };
    for (int i = 1; i < argc; i += 2) {
        const char *name = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value) usage();
        if (!strcmp(name, "--dir")) {
            o->dir = value;
        } else if (!strcmp(name, "--size")) {
            o->size = parse_long(value, 1, 1000000000);
        } else if (!strcmp(name, "--seconds")) {
            char *end;
            o->seconds = strtod(value, &end);
            if (end == value || *end || !(o->seconds >= 0 && o->seconds < 1e6)) bench_die("bad seconds: %s", value);
        } else if (!strcmp(name, "--clients")) {
            char copy[256];
            snprintf(copy, sizeof copy, "%s", value);
            o->client_count = 0;
            for (char *save, *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
                if (o->client_count == (int)(sizeof o->clients / sizeof o->clients[0])) bench_die("too many client counts");
                o->clients[o->client_count++] = (int)parse_long(item, 1, BENCH_MAX_CLIENTS);
            }
        } else if (!strcmp(name, "--workloads")) {
            o->workloads = value;
        } else if (!strcmp(name, "--modes")) {
            o->durable = strstr(value, "durable") != NULL;
            o->async = strstr(value, "async") != NULL;
            if (!o->durable && !o->async) bench_die("bad modes: %s (durable,async)", value);
        } else {
            usage();
        }
    }
    if (!o->dir || o->size < 0 || o->seconds < 0 || o->client_count == 0) usage();
}

/* ---- clocks and randomness --------------------------------------------------------------- */

uint64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int64_t bench_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void bench_rng_seed(bench_rng *rng, uint64_t seed) {
    rng->state = seed * 0x9E3779B97F4A7C15u + 1;   /* never 0, the one state xorshift cannot leave */
}

uint64_t bench_rng_next(bench_rng *rng) {
    uint64_t x = rng->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng->state = x;
    return x * 0x2545F4914F6CDD1Du;
}

void bench_code(bench_rng *rng, char *code, int length) {
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    uint64_t bits = 0;
    for (int i = 0; i < length; i++) {
        if (i % 12 == 0) bits = bench_rng_next(rng);
        code[i] = alphabet[bits & 31];
        bits >>= 5;
    }
    code[length] = '\0';
}

void bench_shuffle_codes(char (*codes)[BENCH_CODE_LEN + 1], size_t count, bench_rng *rng) {
    for (size_t i = count; i > 1; i--) {
        size_t j = bench_rng_next(rng) % i;
        char tmp[BENCH_CODE_LEN + 1];
        memcpy(tmp, codes[i - 1], sizeof tmp);
        memcpy(codes[i - 1], codes[j], sizeof tmp);
        memcpy(codes[j], tmp, sizeof tmp);
    }
}

/* ---- the measuring loop ------------------------------------------------------------------ */

typedef struct client_run {
    pthread_t thread;
    bench_op op;
    void *shared;
    int client;
    long per_client, limit;
    uint64_t deadline_ns;      /* 0: none, run until the op says BENCH_DONE */
    uint64_t *latencies;       /* ns per call */
    size_t count, capacity;
} client_run;

static void *client_main(void *arg) {
    client_run *run = arg;
    for (long i = 0; (i < run->per_client || !run->deadline_ns || bench_now_ns() < run->deadline_ns)
                     && i < run->limit && !atomic_load_explicit(&failed, memory_order_relaxed); i++) {
        uint64_t t0 = bench_now_ns();
        int rc = run->op(run->shared, run->client);
        if (rc < 0) break;
        if (run->count == run->capacity) {
            run->capacity = run->capacity ? run->capacity * 2 : 1024;
            run->latencies = realloc(run->latencies, run->capacity * sizeof *run->latencies);
            if (!run->latencies) { bench_error("out of memory"); break; }
        }
        run->latencies[run->count++] = bench_now_ns() - t0;
        if (rc == BENCH_DONE) break;
    }
    return NULL;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static double percentile_us(const uint64_t *sorted, size_t n, double p) {
    if (n == 0) return 0;
    size_t i = (size_t)((double)n * p);
    return (double)sorted[i < n - 1 ? i : n - 1] / 1000.0;
}

bench_result bench_measure(int clients, double seconds, long min_ops, long max_ops, bench_op op, void *shared) {
    client_run runs[BENCH_MAX_CLIENTS] = {0};
    long per_client = min_ops / clients > 1 ? min_ops / clients : 1;
    long limit = max_ops > 0 ? max_ops / clients : LONG_MAX;
    uint64_t start = bench_now_ns();
    uint64_t deadline = seconds < 0 ? 0 : start + (uint64_t)(seconds * 1e9);
    for (int c = 0; c < clients; c++) {
        runs[c] = (client_run){ .op = op, .shared = shared, .client = c, .per_client = per_client,
                                .limit = limit, .deadline_ns = deadline };
        if (pthread_create(&runs[c].thread, NULL, client_main, &runs[c])) bench_die("pthread_create failed");
    }
    size_t total = 0;
    for (int c = 0; c < clients; c++) {
        pthread_join(runs[c].thread, NULL);
        total += runs[c].count;
    }
    double elapsed = (double)(bench_now_ns() - start) / 1e9;
    if (atomic_load(&failed)) bench_die("benchmark operation failed: %s", failure_message);

    uint64_t *all = malloc((total ? total : 1) * sizeof *all);
    if (!all) bench_die("out of memory");
    size_t n = 0;
    for (int c = 0; c < clients; c++) {
        memcpy(all + n, runs[c].latencies, runs[c].count * sizeof *all);
        n += runs[c].count;
        free(runs[c].latencies);
    }
    qsort(all, n, sizeof *all, compare_u64);
    bench_result result = { (long)n, (double)n / elapsed, percentile_us(all, n, 0.5), percentile_us(all, n, 0.99) };
    free(all);
    return result;
}

/* ---- output ------------------------------------------------------------------------------ */

void bench_print(const char *system, const char *workload, const char *mode, int clients, long size, bench_result r) {
    printf("{\"system\":\"%s\",\"workload\":\"%s\",\"mode\":\"%s\",\"clients\":%d,\"size\":%ld,\"ops\":%ld,"
           "\"ops_per_sec\":%.3f,\"p50_us\":%.3f,\"p99_us\":%.3f}\n",
           system, workload, mode, clients, size, r.ops, r.ops_per_sec, r.p50_us, r.p99_us);
    fflush(stdout);
    fprintf(stderr, "%-6s %-13s %-8s %3d clients %8ld tickets %10.0f ops/s  p50 %9.1f us  p99 %9.1f us\n",
            system, workload, mode, clients, size, r.ops_per_sec, r.p50_us, r.p99_us);
}

/* ---- files ------------------------------------------------------------------------------- */

void bench_path(char out[BENCH_PATH_MAX], const char *format, ...) {
    va_list args;
    va_start(args, format);
    int n = vsnprintf(out, BENCH_PATH_MAX, format, args);
    va_end(args);
    if (n < 0 || n >= BENCH_PATH_MAX) bench_die("path too long: %s...", out);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

void bench_remove(const char *path) {
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
        bench_die("cannot remove %s: %s", path, strerror(errno));
}

bool bench_wants(const bench_options *o, const char *workload) {
    if (!o->workloads) return true;
    size_t n = strlen(workload);
    for (const char *p = o->workloads; (p = strstr(p, workload)) != NULL; p += n) {
        bool starts = p == o->workloads || p[-1] == ',', ends = p[n] == '\0' || p[n] == ',';
        if (starts && ends) return true;
    }
    return false;
}

void bench_run(const bench_options *o, const bench_system *s) {
    /* Each scan takes a ticket never scanned; the cap keeps the runs from running out. */
    long checkin_max = (o->size < BENCH_MAX_CODES ? o->size : BENCH_MAX_CODES) / 6;
    if (checkin_max < 10) checkin_max = 10;
    for (int m = 0; m < 2; m++) {
        bool async = m == 1;
        if (!(async ? o->async : o->durable)) continue;
        const char *mode = async ? "async" : "durable";
        s->open(s->shared, async);
        for (int i = 0; i < o->client_count; i++) {
            int n = o->clients[i];
            if (bench_wants(o, "hold3")) bench_print(s->name, "hold3", mode, n, o->size, bench_measure(n, o->seconds, 20, 0, s->hold3, s->shared));
            if (bench_wants(o, "hold_confirm"))
                bench_print(s->name, "hold_confirm", mode, n, o->size, bench_measure(n, o->seconds, 20, 0, s->hold_confirm, s->shared));
        }
        for (int i = 0; i < o->client_count; i++) {
            int n = o->clients[i];
            if (n <= 8 && bench_wants(o, "checkin")) bench_print(s->name, "checkin", mode, n, o->size, bench_measure(n, o->seconds, 10, checkin_max, s->checkin, s->shared));
        }
        for (int i = 0; async && bench_wants(o, "availability") && i < o->client_count; i++) {
            int n = o->clients[i];
            bench_print(s->name, "availability", mode, n, o->size, bench_measure(n, o->seconds, 100, 0, s->availability, s->shared));
        }
        s->close(s->shared);
    }
    for (int m = 0; m < 2; m++) {
        bool async = m == 1;
        if (!(async ? o->async : o->durable) || !bench_wants(o, "flash_sale")) continue;
        for (int i = 0; i < o->client_count; i++)
            bench_print(s->name, "flash_sale", async ? "async" : "durable", o->clients[i], 1000, s->flash_sale(o, async, o->clients[i]));
    }
}
