/*
 * cabi.c: BoxOffice through its C ABI (libboxoffice, Include/boxoffice.h), running the workloads
 * of the Swift harness (Benchmarks/Sources/BoxOfficeBench/SwiftSystem.swift) with the same data:
 * the gap to the Swift figures is the cost of the C boundary, the gap to floor.c that of the engine.
 * Every call acts as the system (actor NULL) and passes an error object, as a host would.
 *
 * Usage: bench_cabi --dir DIR --size N --seconds S --clients 1,8,32 [--modes durable,async]
 */
#include "bench.h"

#include <boxoffice.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIERS 10
#define HOLD_TTL_MS (10 * 60 * 1000)   /* the Swift engine's default */

typedef struct cabi_client { bench_rng rng; } cabi_client;

typedef struct cabi {
    char path[BENCH_PATH_MAX];           /* the prepared file */
    bo_engine *engine;
    bo_uuid event, tiers[TIERS];
    bo_hold_item hold3[3];               /* one ticket of each of tiers 0, 1, 2 */
    long orders;                         /* sold while preparing, 4 tickets each */
    char (*codes)[BENCH_CODE_LEN + 1];   /* valid, shuffled; each scanned once */
    size_t code_count;
    atomic_size_t next_code;
    cabi_client clients[BENCH_MAX_CLIENTS];
} cabi;

/* ---- errors ------------------------------------------------------------------------------ */

/* In operations: record the failure for bench_measure() to report, and free the error object. */
static int failure(const char *what, bo_status status, bo_error *err) {
    int rc = bench_error("%s: %s: %s", what, bo_status_name(status), bo_error_message(err));
    bo_error_free(err);
    return rc;
}

/* In setup code: `call` passes `&err` as its out_error; any status but BO_OK ends the program. */
#define CHECK(call) do {                                                                          \
        bo_error *err = NULL;                                                                     \
        bo_status rc_ = (call);                                                                   \
        if (rc_ != BO_OK) bench_die("%s: %s: %s", #call, bo_status_name(rc_), bo_error_message(err)); \
    } while (0)

/* ---- JSON: just enough to read the ids and ticket codes the library returns ---------------- */

/* Finds "key":"value" at or after `from`, copies value (no escapes: ids and codes) into out, and
 * returns a pointer past it, or NULL if there is none or it does not fit. */
static const char *json_string(const char *from, const char *key, char *out, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = strstr(from, pattern);
    if (!start) return NULL;
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    if (!end || (size_t)(end - start) >= size) return NULL;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return end + 1;
}

/* The top-level "id" of a record (records nest no other "id" key before theirs), then frees json. */
static bo_uuid take_id(char *json) {
    char text[37];
    bo_uuid id;
    if (!json_string(json, "id", text, sizeof text) || bo_uuid_parse(text, &id) != BO_OK) bench_die("no id in %s", json);
    bo_free(json);
    return id;
}

/* ---- the operations ---------------------------------------------------------------------- */

static int op_hold3(void *shared, int client) {
    (void)client;
    cabi *b = shared;
    bo_error *err = NULL;
    bo_hold_info hold;
    bo_status rc = bo_hold_create(b->engine, &b->event, b->hold3, 3, NULL, HOLD_TTL_MS, NULL, NULL, &hold, &err);
    return rc == BO_OK ? 0 : failure("bo_hold_create", rc, err);
}

static int op_hold_confirm(void *shared, int client) {
    (void)client;
    cabi *b = shared;
    bo_error *err = NULL;
    bo_hold_info hold;
    bo_uuid order;
    bo_status rc = bo_hold_create(b->engine, &b->event, b->hold3, 3, NULL, HOLD_TTL_MS, NULL, NULL, &hold, &err);
    if (rc != BO_OK) return failure("bo_hold_create", rc, err);
    rc = bo_hold_confirm(b->engine, &hold.hold_id, NULL, NULL, NULL, &order, NULL, &err);
    return rc == BO_OK ? 0 : failure("bo_hold_confirm", rc, err);
}

static int op_availability(void *shared, int client) {
    (void)client;
    cabi *b = shared;
    bo_error *err = NULL;
    bo_availability *availability;
    bo_status rc = bo_availability_get(b->engine, &b->event, &availability, &err);
    if (rc != BO_OK) return failure("bo_availability_get", rc, err);
    bo_availability_free(availability);
    return 0;
}

static int op_checkin(void *shared, int client) {
    (void)client;
    cabi *b = shared;
    size_t n = atomic_fetch_add(&b->next_code, 1);
    if (n >= b->code_count) return bench_error("out of valid tickets to scan (%zu)", b->code_count);
    bo_error *err = NULL;
    bo_checkin_result result;
    bo_status rc = bo_checkin(b->engine, b->codes[n], "bench", NULL, NULL, &result, &err);
    if (rc != BO_OK) return failure("bo_checkin", rc, err);
    return result.accepted ? 0 : bench_error("scan rejected: reason %d (%s)", result.reason, b->codes[n]);
}

/* ---- preparation ------------------------------------------------------------------------- */

static bo_engine *open_engine(const char *path, bo_durability durability, int64_t initial_map_size) {
    bo_options options;
    bo_options_init(&options);
    options.durability = durability;
    if (initial_map_size) options.initial_map_size = initial_map_size;
    bo_engine *engine;
    CHECK(bo_open(path, &options, &engine, &err));
    return engine;
}

/* The Swift harness's organization, event and 10 tiers with stock far beyond any run; published. */
static void create_event(cabi *b) {
    char *json = NULL, details[512];
    CHECK(bo_organization_create(b->engine, "{\"name\":\"Bench\",\"slug\":\"bench\",\"email\":\"b@bench.test\",\"currency\":\"EUR\","
                                 "\"serviceFeeBasisPoints\":250,\"fixedFeeMinor\":50}", NULL, &json, &err));
    bo_uuid org = take_id(json);
    int64_t start = bench_wall_ms() + 30LL * 86400000;
    snprintf(details, sizeof details, "{\"title\":\"Benchmark\",\"startsAt\":%lld,\"endsAt\":%lld}",
             (long long)start, (long long)(start + 3600000));
    CHECK(bo_event_create(b->engine, &org, details, NULL, &json, &err));
    b->event = take_id(json);
    for (int i = 0; i < TIERS; i++) {
        snprintf(details, sizeof details, "{\"name\":\"Tier %d\",\"priceMinor\":%d,\"currency\":\"EUR\","
                 "\"quantity\":1000000000,\"maxPerOrder\":1000000}", i, 1000 + 500 * i);
        CHECK(bo_ticket_type_create(b->engine, &b->event, details, NULL, &json, &err));
        b->tiers[i] = take_id(json);
    }
    CHECK(bo_event_publish(b->engine, &b->event, NULL, NULL, &err));
    for (int i = 0; i < 3; i++) b->hold3[i] = (bo_hold_item){ b->tiers[i], 1 };
}

/* Sells order i: a hold of 4 on tier i % 10, confirmed. The first BENCH_MAX_CODES / 4 orders also
 * return their order detail, whose codes go to slots 4i..4i+3. The C API has no call listing an
 * order's tickets other than that JSON (bo_order_get gives the same), so reading it at confirmation
 * costs what the Swift harness's separate tickets(orderId:) read does. */
static void sell_order(cabi *b, long i) {
    bo_hold_item item = { b->tiers[i % TIERS], 4 };
    bo_hold_info hold;
    CHECK(bo_hold_create(b->engine, &b->event, &item, 1, NULL, HOLD_TTL_MS, NULL, NULL, &hold, &err));
    bool want_codes = 4 * (size_t)i < BENCH_MAX_CODES;
    char *json = NULL;
    CHECK(bo_hold_confirm(b->engine, &hold.hold_id, NULL, NULL, NULL, NULL, want_codes ? &json : NULL, &err));
    if (!want_codes) return;
    const char *at = strstr(json, "\"tickets\":[");
    int found = 0;
    while (at && found < 4 && (at = json_string(at, "code", b->codes[4 * i + found], BENCH_CODE_LEN + 1))) found++;
    if (found != 4) bench_die("order %ld: %d ticket codes in the order detail, not 4", i, found);
    bo_free(json);
}

/* A new file with `size` tickets sold, written without fsync (the mode under test applies to the
 * measured runs, on an engine opened after this one is closed). One thread, unlike the Swift
 * harness's 8: without fsync there is nothing for group commit to share, and on the 2-core VM
 * more sellers were slower (200,000 tickets: 19 s with 1 thread, 34 s with 2, 41 s with 8). */
static void prepare(cabi *b, const char *path, long size) {
    b->engine = open_engine(path, BO_ASYNC, 256 << 20);
    create_event(b);
    b->orders = size / 4 > 1 ? size / 4 : 1;
    b->code_count = 4 * (size_t)b->orders < BENCH_MAX_CODES ? 4 * (size_t)b->orders : BENCH_MAX_CODES;
    b->codes = calloc(b->code_count, sizeof *b->codes);
    if (!b->codes) bench_die("out of memory");
    for (long i = 0; i < b->orders; i++) sell_order(b, i);
    bench_shuffle_codes(b->codes, b->code_count, &b->clients[0].rng);
    /* Flush now, or the first durable commit measured would pay for writing the whole file. */
    CHECK(bo_sync(b->engine, &err));
    bo_close(b->engine);
    b->engine = NULL;
}

/* ---- the flash sale ---------------------------------------------------------------------- */

/* Hold 1 to 4, then confirm. Sold out with nothing left ends the client; with some left, retry.
 * The status carries no count (only the message does), so a sold-out attempt reads what is left. */
static int op_flash(void *shared, int client) {
    cabi *b = shared;
    bo_error *err = NULL;
    bo_hold_item item = { b->tiers[0], (int64_t)(bench_rng_next(&b->clients[client].rng) % 4) + 1 };
    bo_hold_info hold;
    bo_status rc = bo_hold_create(b->engine, &b->event, &item, 1, NULL, HOLD_TTL_MS, NULL, NULL, &hold, &err);
    if (rc == BO_SOLD_OUT) {
        bo_error_free(err);
        bo_availability *availability;
        rc = bo_availability_get(b->engine, &b->event, &availability, &err);
        if (rc != BO_OK) return failure("bo_availability_get", rc, err);
        int64_t left = availability->tiers[0].available;
        bo_availability_free(availability);
        return left == 0 ? BENCH_DONE : 0;
    }
    if (rc != BO_OK) return failure("bo_hold_create", rc, err);
    rc = bo_hold_confirm(b->engine, &hold.hold_id, NULL, NULL, NULL, NULL, NULL, &err);
    return rc == BO_OK ? 0 : failure("bo_hold_confirm", rc, err);
}

static bench_result flash_sale(const bench_options *o, bool async, int clients) {
    char path[BENCH_PATH_MAX], *json = NULL, details[256];
    bench_path(path, "%s/cabi-flash-%s-%d.boxoffice", o->dir, async ? "async" : "durable", clients);
    bench_remove(path);
    cabi *b = calloc(1, sizeof *b);
    if (!b) bench_die("out of memory");
    for (int c = 0; c < BENCH_MAX_CLIENTS; c++) bench_rng_seed(&b->clients[c].rng, bench_now_ns() + (uint64_t)c);
    b->engine = open_engine(path, async ? BO_ASYNC : BO_DURABLE, 0);
    CHECK(bo_organization_create(b->engine, "{\"name\":\"Flash\",\"slug\":\"flash\",\"email\":\"f@bench.test\",\"currency\":\"EUR\"}",
                                 NULL, &json, &err));
    bo_uuid org = take_id(json);
    int64_t start = bench_wall_ms() + 86400000;
    snprintf(details, sizeof details, "{\"title\":\"Flash\",\"startsAt\":%lld,\"endsAt\":%lld}", (long long)start, (long long)(start + 3600000));
    CHECK(bo_event_create(b->engine, &org, details, NULL, &json, &err));
    b->event = take_id(json);
    CHECK(bo_ticket_type_create(b->engine, &b->event, "{\"name\":\"GA\",\"priceMinor\":5000,\"currency\":\"EUR\",\"quantity\":1000}",
                                NULL, &json, &err));
    b->tiers[0] = take_id(json);
    CHECK(bo_event_publish(b->engine, &b->event, NULL, NULL, &err));

    bench_result r = bench_measure(clients, -1, 0, 0, op_flash, b);

    bo_availability *availability;
    CHECK(bo_availability_get(b->engine, &b->event, &availability, &err));
    int64_t sold = availability->tiers[0].sold;
    bo_availability_free(availability);
    if (sold != 1000) bench_die("flash sale: %lld sold, not 1000", (long long)sold);
    bo_close(b->engine);
    free(b);
    return r;
}

static void open_prepared(void *shared, bool async) {
    cabi *b = shared;
    b->engine = open_engine(b->path, async ? BO_ASYNC : BO_DURABLE, 256 << 20);
}

static void close_prepared(void *shared) {
    cabi *b = shared;
    bo_close(b->engine);
    b->engine = NULL;
}

/* ---- main -------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    bench_options o;
    bench_parse(argc, argv, &o);
    if (bo_version_number() / 1000000 != BOXOFFICE_VERSION_MAJOR || bo_version_number() < BOXOFFICE_VERSION_NUMBER)
        bench_die("libboxoffice %d does not match boxoffice.h %d", bo_version_number(), BOXOFFICE_VERSION_NUMBER);
    cabi *b = calloc(1, sizeof *b);
    if (!b) bench_die("out of memory");
    for (int c = 0; c < BENCH_MAX_CLIENTS; c++) bench_rng_seed(&b->clients[c].rng, bench_now_ns() + (uint64_t)c);

    /* Prepared once; each mode reopens the file with its durability. */
    bench_path(b->path, "%s/cabi-%ld.boxoffice", o.dir, o.size);
    bench_remove(b->path);
    uint64_t t0 = bench_now_ns();
    prepare(b, b->path, o.size);
    fprintf(stderr, "cabi: sold %ld tickets in %.2f s\n", 4 * b->orders, (double)(bench_now_ns() - t0) / 1e9);

    bench_run(&o, &(bench_system){
        .name = "cabi", .shared = b, .open = open_prepared, .close = close_prepared,
        .hold3 = op_hold3, .hold_confirm = op_hold_confirm, .checkin = op_checkin, .availability = op_availability,
        .flash_sale = flash_sale,
    });
    free(b->codes);
    free(b);
    return 0;
}
