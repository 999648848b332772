/*
 * floor.c: the raw-LMDB floor. The ticketing workloads reduced to the gets and puts they cannot
 * do without, straight on liblmdb: no encoding, no indexes, no audit log, no checks beyond stock
 * and ticket status. What BoxOffice does costs at least this; the gap is its overhead.
 *
 * One LMDB environment with a named database per record kind; records are fixed C structs:
 *   events   id -> event_rec      tiers   id -> tier_rec     holds    id -> hold_rec
 *   orders   id -> order_rec      tickets code -> ticket_rec checkins id -> checkin_rec
 *
 * Usage: bench_floor --dir DIR --size N --seconds S --clients 1,8,32 [--modes durable,async]
 */
#include "bench.h"

#include <lmdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIERS 10
#define HOLD_TTL_MS (10 * 60 * 1000)            /* the engine's default hold TTL */
#define MAP_SIZE ((size_t)4 << 30)              /* room for 1M tickets; the file is sparse */
#define PREP_ORDERS_PER_TXN 10000

enum { TICKET_VALID = 0, TICKET_USED = 1 };

typedef struct id16 { uint8_t bytes[16]; } id16;

typedef struct event_rec { int64_t tier_count; id16 tiers[TIERS]; } event_rec;   /* stored with tier_count ids */
typedef struct tier_rec { int64_t capacity, held, sold, price; } tier_rec;
typedef struct hold_item { id16 tier; int64_t quantity; } hold_item;
typedef struct hold_rec { int64_t expires, count; hold_item items[TIERS]; } hold_rec;  /* stored with count items */
typedef struct order_rec { id16 hold; int64_t total, ticket_count; } order_rec;
typedef struct ticket_rec { id16 order, tier; int64_t status; } ticket_rec;
typedef struct checkin_rec { char code[BENCH_CODE_LEN]; int64_t at; } checkin_rec;

/* What an availability read computes, per tier. */
typedef struct tier_availability { int64_t capacity, held, sold, available; } tier_availability;

/* Per client thread: its PRNG, and a read transaction kept between calls (MDB_NOTLS lets it move
 * between threads), renewed and reset around each read as a long-lived reader would. */
typedef struct floor_client {
    bench_rng rng;
    MDB_txn *reader;
    int64_t sink;                  /* keeps the availability sums observable */
} floor_client;

typedef struct floor {
    char path[BENCH_PATH_MAX];           /* the prepared file */
    MDB_env *env;
    MDB_dbi events, tiers, holds, orders, tickets, checkins;
    id16 event, tier_ids[TIERS];
    char (*codes)[BENCH_CODE_LEN + 1];   /* valid, shuffled; each scanned once */
    size_t code_count;
    atomic_size_t next_code;
    floor_client clients[BENCH_MAX_CLIENTS];
} floor;

/* ---- LMDB plumbing ----------------------------------------------------------------------- */

#define CHECK(call) do { int rc_ = (call); if (rc_) bench_die("%s: %s", #call, mdb_strerror(rc_)); } while (0)

/* In operations: abort the transaction and record the failure, for bench_measure to report. */
static int lmdb_failure(MDB_txn *txn, const char *what, int rc) {
    if (txn) mdb_txn_abort(txn);
    return bench_error("%s: %s", what, mdb_strerror(rc));
}
#define TRY(txn, call) do { int rc_ = (call); if (rc_) return lmdb_failure((txn), #call, rc_); } while (0)
/* mdb_txn_commit() frees the transaction even when it fails. */
#define COMMIT(txn) do { int rc_ = mdb_txn_commit(txn); if (rc_) return lmdb_failure(NULL, "mdb_txn_commit", rc_); } while (0)

static MDB_val val(const void *data, size_t size) { return (MDB_val){ .mv_size = size, .mv_data = (void *)data }; }

static void floor_open(floor *f, const char *path, unsigned flags) {
    CHECK(mdb_env_create(&f->env));
    CHECK(mdb_env_set_maxdbs(f->env, 8));
    CHECK(mdb_env_set_mapsize(f->env, MAP_SIZE));
    CHECK(mdb_env_set_maxreaders(f->env, BENCH_MAX_CLIENTS + 8));
    CHECK(mdb_env_open(f->env, path, MDB_NOSUBDIR | MDB_NOTLS | flags, 0600));
    MDB_txn *txn;
    CHECK(mdb_txn_begin(f->env, NULL, 0, &txn));
    CHECK(mdb_dbi_open(txn, "events", MDB_CREATE, &f->events));
    CHECK(mdb_dbi_open(txn, "tiers", MDB_CREATE, &f->tiers));
    CHECK(mdb_dbi_open(txn, "holds", MDB_CREATE, &f->holds));
    CHECK(mdb_dbi_open(txn, "orders", MDB_CREATE, &f->orders));
    CHECK(mdb_dbi_open(txn, "tickets", MDB_CREATE, &f->tickets));
    CHECK(mdb_dbi_open(txn, "checkins", MDB_CREATE, &f->checkins));
    CHECK(mdb_txn_commit(txn));
}

static void floor_close(floor *f) {
    for (int c = 0; c < BENCH_MAX_CLIENTS; c++) {
        if (f->clients[c].reader) mdb_txn_abort(f->clients[c].reader);
        f->clients[c].reader = NULL;
    }
    mdb_env_close(f->env);
    f->env = NULL;
}

/* A fresh data file at path (MDB_NOSUBDIR: the file and path-lock). */
static void remove_data_file(const char *path) {
    char lock[BENCH_PATH_MAX];
    bench_path(lock, "%s-lock", path);
    bench_remove(path);
    bench_remove(lock);
}

/* ---- ids and codes ----------------------------------------------------------------------- */

static atomic_uint_fast64_t id_counter;

/* Time-ordered like UUIDv7, so new records append to the B-tree: 48-bit big-endian milliseconds,
 * a 48-bit process-wide counter, 32 random bits. */
static id16 new_id(bench_rng *rng) {
    id16 id;
    uint64_t ms = (uint64_t)bench_wall_ms(), n = atomic_fetch_add(&id_counter, 1), r = bench_rng_next(rng);
    for (int i = 0; i < 6; i++) id.bytes[i] = (uint8_t)(ms >> (40 - 8 * i));
    for (int i = 0; i < 6; i++) id.bytes[6 + i] = (uint8_t)(n >> (40 - 8 * i));
    for (int i = 0; i < 4; i++) id.bytes[12 + i] = (uint8_t)(r >> (8 * i));
    return id;
}

/* ---- the operations ---------------------------------------------------------------------- */

#define SOLD_OUT 2

/* One write transaction: every tier has the stock or nothing changes; held += quantity, and the
 * hold is stored. SOLD_OUT sets *remaining to what the first short tier has left. */
static int floor_hold(floor *f, floor_client *c, const hold_item *items, int count, id16 *out_hold, int64_t *remaining) {
    MDB_txn *txn;
    TRY(NULL, mdb_txn_begin(f->env, NULL, 0, &txn));
    hold_rec hold = { .expires = bench_wall_ms() + HOLD_TTL_MS, .count = count };
    for (int i = 0; i < count; i++) {
        MDB_val key = val(&items[i].tier, sizeof(id16)), data;
        TRY(txn, mdb_get(txn, f->tiers, &key, &data));
        tier_rec tier;
        memcpy(&tier, data.mv_data, sizeof tier);
        int64_t available = tier.capacity - tier.held - tier.sold;
        if (available < items[i].quantity) {
            mdb_txn_abort(txn);
            *remaining = available > 0 ? available : 0;
            return SOLD_OUT;
        }
        tier.held += items[i].quantity;
        data = val(&tier, sizeof tier);
        TRY(txn, mdb_put(txn, f->tiers, &key, &data, 0));
        hold.items[i] = items[i];
    }
    *out_hold = new_id(&c->rng);
    MDB_val key = val(out_hold, sizeof(id16)), data = val(&hold, offsetof(hold_rec, items) + (size_t)count * sizeof(hold_item));
    TRY(txn, mdb_put(txn, f->holds, &key, &data, MDB_NOOVERWRITE));
    COMMIT(txn);
    return 0;
}

/* One write transaction: the hold's stock moves from held to sold, the order and one ticket per
 * seat are stored, the hold is deleted. */
static int floor_confirm(floor *f, floor_client *c, const id16 *hold_id) {
    MDB_txn *txn;
    TRY(NULL, mdb_txn_begin(f->env, NULL, 0, &txn));
    MDB_val hold_key = val(hold_id, sizeof(id16)), data;
    TRY(txn, mdb_get(txn, f->holds, &hold_key, &data));
    hold_rec hold;
    memcpy(&hold, data.mv_data, data.mv_size < sizeof hold ? data.mv_size : sizeof hold);
    order_rec order = { .hold = *hold_id };
    for (int i = 0; i < hold.count; i++) {
        MDB_val key = val(&hold.items[i].tier, sizeof(id16));
        TRY(txn, mdb_get(txn, f->tiers, &key, &data));
        tier_rec tier;
        memcpy(&tier, data.mv_data, sizeof tier);
        tier.held -= hold.items[i].quantity;
        tier.sold += hold.items[i].quantity;
        order.total += hold.items[i].quantity * tier.price;
        order.ticket_count += hold.items[i].quantity;
        data = val(&tier, sizeof tier);
        TRY(txn, mdb_put(txn, f->tiers, &key, &data, 0));
    }
    id16 order_id = new_id(&c->rng);
    MDB_val key = val(&order_id, sizeof order_id);
    data = val(&order, sizeof order);
    TRY(txn, mdb_put(txn, f->orders, &key, &data, MDB_NOOVERWRITE));
    for (int i = 0; i < hold.count; i++) {
        ticket_rec ticket = { .order = order_id, .tier = hold.items[i].tier, .status = TICKET_VALID };
        for (int64_t q = 0; q < hold.items[i].quantity; q++) {
            char code[BENCH_CODE_LEN + 1];
            bench_code(&c->rng, code, BENCH_CODE_LEN);
            key = val(code, BENCH_CODE_LEN);
            data = val(&ticket, sizeof ticket);
            TRY(txn, mdb_put(txn, f->tickets, &key, &data, MDB_NOOVERWRITE));
        }
    }
    TRY(txn, mdb_del(txn, f->holds, &hold_key, NULL));
    COMMIT(txn);
    return 0;
}

static int op_hold3(void *shared, int client) {
    floor *f = shared;
    hold_item items[3];
    for (int i = 0; i < 3; i++) items[i] = (hold_item){ f->tier_ids[i], 1 };
    id16 hold;
    int64_t remaining;
    int rc = floor_hold(f, &f->clients[client], items, 3, &hold, &remaining);
    return rc == SOLD_OUT ? bench_error("hold3: sold out") : rc;
}

static int op_hold_confirm(void *shared, int client) {
    floor *f = shared;
    hold_item items[3];
    for (int i = 0; i < 3; i++) items[i] = (hold_item){ f->tier_ids[i], 1 };
    id16 hold;
    int64_t remaining;
    int rc = floor_hold(f, &f->clients[client], items, 3, &hold, &remaining);
    if (rc) return rc == SOLD_OUT ? bench_error("hold_confirm: sold out") : rc;
    return floor_confirm(f, &f->clients[client], &hold);
}

/* A read: the event, then each of its tiers; available = capacity - held - sold. */
static int op_availability(void *shared, int client) {
    floor *f = shared;
    floor_client *c = &f->clients[client];
    int rc = c->reader ? mdb_txn_renew(c->reader) : mdb_txn_begin(f->env, NULL, MDB_RDONLY, &c->reader);
    if (rc) return bench_error("starting a read: %s", mdb_strerror(rc));
    MDB_val key = val(&f->event, sizeof(id16)), data;
    event_rec event;
    tier_availability result[TIERS];
    if ((rc = mdb_get(c->reader, f->events, &key, &data))) goto fail;
    memcpy(&event, data.mv_data, data.mv_size < sizeof event ? data.mv_size : sizeof event);
    for (int i = 0; i < event.tier_count; i++) {
        key = val(&event.tiers[i], sizeof(id16));
        if ((rc = mdb_get(c->reader, f->tiers, &key, &data))) goto fail;
        tier_rec tier;
        memcpy(&tier, data.mv_data, sizeof tier);
        result[i] = (tier_availability){ tier.capacity, tier.held, tier.sold, tier.capacity - tier.held - tier.sold };
    }
    mdb_txn_reset(c->reader);
    for (int i = 0; i < event.tier_count; i++) c->sink += result[i].available;
    return 0;
fail:
    mdb_txn_reset(c->reader);
    return bench_error("availability: %s", mdb_strerror(rc));
}

/* One write transaction: the ticket must be valid; it becomes used and the scan is recorded. */
static int op_checkin(void *shared, int client) {
    floor *f = shared;
    size_t n = atomic_fetch_add(&f->next_code, 1);
    if (n >= f->code_count) return bench_error("out of valid tickets to scan (%zu)", f->code_count);
    const char *code = f->codes[n];
    MDB_txn *txn;
    TRY(NULL, mdb_txn_begin(f->env, NULL, 0, &txn));
    MDB_val key = val(code, BENCH_CODE_LEN), data;
    int rc = mdb_get(txn, f->tickets, &key, &data);
    if (rc == MDB_NOTFOUND) { mdb_txn_abort(txn); return bench_error("scan rejected: unknown code %s", code); }
    if (rc) return lmdb_failure(txn, "mdb_get(tickets)", rc);
    ticket_rec ticket;
    memcpy(&ticket, data.mv_data, sizeof ticket);
    if (ticket.status != TICKET_VALID) { mdb_txn_abort(txn); return bench_error("scan rejected: %s already used", code); }
    ticket.status = TICKET_USED;
    data = val(&ticket, sizeof ticket);
    TRY(txn, mdb_put(txn, f->tickets, &key, &data, 0));
    checkin_rec checkin = { .at = bench_wall_ms() };
    memcpy(checkin.code, code, BENCH_CODE_LEN);
    id16 id = new_id(&f->clients[client].rng);
    key = val(&id, sizeof id);
    data = val(&checkin, sizeof checkin);
    TRY(txn, mdb_put(txn, f->checkins, &key, &data, MDB_NOOVERWRITE));
    COMMIT(txn);
    return 0;
}

/* ---- preparation ------------------------------------------------------------------------- */

/* An event whose tiers each have `quantity` tickets at 1000 + 500 i cents. */
static void create_event(floor *f, int tier_count, int64_t quantity) {
    MDB_txn *txn;
    CHECK(mdb_txn_begin(f->env, NULL, 0, &txn));
    event_rec event = { .tier_count = tier_count };
    for (int i = 0; i < tier_count; i++) {
        f->tier_ids[i] = event.tiers[i] = new_id(&f->clients[0].rng);
        tier_rec tier = { .capacity = quantity, .price = 1000 + 500 * i };
        MDB_val key = val(&f->tier_ids[i], sizeof(id16)), data = val(&tier, sizeof tier);
        CHECK(mdb_put(txn, f->tiers, &key, &data, MDB_NOOVERWRITE));
    }
    f->event = new_id(&f->clients[0].rng);
    MDB_val key = val(&f->event, sizeof(id16)), data = val(&event, offsetof(event_rec, tiers) + (size_t)tier_count * sizeof(id16));
    CHECK(mdb_put(txn, f->events, &key, &data, MDB_NOOVERWRITE));
    CHECK(mdb_txn_commit(txn));
}

/* Sells `size` tickets as orders of 4 on tier i % 10, inserted in bulk (a big transaction per
 * PREP_ORDERS_PER_TXN orders, no holds), and keeps up to BENCH_MAX_CODES codes, shuffled. */
static void sell(floor *f, long size) {
    long orders = size / 4 > 1 ? size / 4 : 1;
    int64_t sold[TIERS] = {0};
    bench_rng *rng = &f->clients[0].rng;
    f->codes = malloc(BENCH_MAX_CODES * sizeof *f->codes);
    if (!f->codes) bench_die("out of memory");
    for (long first = 0; first < orders; first += PREP_ORDERS_PER_TXN) {
        MDB_txn *txn;
        CHECK(mdb_txn_begin(f->env, NULL, 0, &txn));
        for (long i = first; i < orders && i < first + PREP_ORDERS_PER_TXN; i++) {
            int t = (int)(i % TIERS);
            order_rec order = { .total = 4 * (1000 + 500 * t), .ticket_count = 4 };
            id16 order_id = new_id(rng);
            MDB_val key = val(&order_id, sizeof order_id), data = val(&order, sizeof order);
            CHECK(mdb_put(txn, f->orders, &key, &data, MDB_NOOVERWRITE));
            ticket_rec ticket = { .order = order_id, .tier = f->tier_ids[t], .status = TICKET_VALID };
            for (int q = 0; q < 4; q++) {
                char code[BENCH_CODE_LEN + 1];
                bench_code(rng, code, BENCH_CODE_LEN);
                key = val(code, BENCH_CODE_LEN);
                data = val(&ticket, sizeof ticket);
                CHECK(mdb_put(txn, f->tickets, &key, &data, MDB_NOOVERWRITE));
                if (f->code_count < BENCH_MAX_CODES) memcpy(f->codes[f->code_count++], code, sizeof code);
            }
            sold[t] += 4;
        }
        CHECK(mdb_txn_commit(txn));
    }
    MDB_txn *txn;
    CHECK(mdb_txn_begin(f->env, NULL, 0, &txn));
    for (int t = 0; t < TIERS; t++) {
        MDB_val key = val(&f->tier_ids[t], sizeof(id16)), data;
        CHECK(mdb_get(txn, f->tiers, &key, &data));
        tier_rec tier;
        memcpy(&tier, data.mv_data, sizeof tier);
        tier.sold += sold[t];
        data = val(&tier, sizeof tier);
        CHECK(mdb_put(txn, f->tiers, &key, &data, 0));
    }
    CHECK(mdb_txn_commit(txn));
    bench_shuffle_codes(f->codes, f->code_count, rng);
}

/* ---- the flash sale ---------------------------------------------------------------------- */

/* Hold 1 to 4, then confirm. Sold out with nothing left ends the client; with some left, retry. */
static int op_flash(void *shared, int client) {
    floor *f = shared;
    floor_client *c = &f->clients[client];
    hold_item item = { f->tier_ids[0], (int64_t)(bench_rng_next(&c->rng) % 4) + 1 };
    id16 hold;
    int64_t remaining;
    int rc = floor_hold(f, c, &item, 1, &hold, &remaining);
    if (rc == SOLD_OUT) return remaining == 0 ? BENCH_DONE : 0;
    if (rc) return rc;
    return floor_confirm(f, c, &hold);
}

static bench_result flash_sale(const bench_options *o, bool async, int clients) {
    char path[BENCH_PATH_MAX];
    bench_path(path, "%s/floor-flash-%s-%d.mdb", o->dir, async ? "async" : "durable", clients);
    remove_data_file(path);
    floor *f = calloc(1, sizeof *f);
    if (!f) bench_die("out of memory");
    for (int c = 0; c < BENCH_MAX_CLIENTS; c++) bench_rng_seed(&f->clients[c].rng, bench_now_ns() + (uint64_t)c);
    floor_open(f, path, async ? MDB_NOSYNC : 0);
    create_event(f, 1, 1000);
    bench_result r = bench_measure(clients, -1, 0, 0, op_flash, f);
    MDB_txn *txn;
    CHECK(mdb_txn_begin(f->env, NULL, MDB_RDONLY, &txn));
    MDB_val key = val(&f->tier_ids[0], sizeof(id16)), data;
    CHECK(mdb_get(txn, f->tiers, &key, &data));
    tier_rec tier;
    memcpy(&tier, data.mv_data, sizeof tier);
    mdb_txn_abort(txn);
    if (tier.sold != 1000 || tier.held != 0)
        bench_die("flash sale: %lld sold and %lld held, not 1000 and 0", (long long)tier.sold, (long long)tier.held);
    floor_close(f);
    free(f);
    return r;
}

static void open_prepared(void *shared, bool async) {
    floor *f = shared;
    floor_open(f, f->path, async ? MDB_NOSYNC : 0);
}

static void close_prepared(void *shared) { floor_close(shared); }

/* ---- main -------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    bench_options o;
    bench_parse(argc, argv, &o);
    floor *f = calloc(1, sizeof *f);
    if (!f) bench_die("out of memory");
    for (int c = 0; c < BENCH_MAX_CLIENTS; c++) bench_rng_seed(&f->clients[c].rng, bench_now_ns() + (uint64_t)c);

    /* Prepared once without fsync; each mode reopens the file with its own flags. */
    bench_path(f->path, "%s/floor-%ld.mdb", o.dir, o.size);
    remove_data_file(f->path);
    uint64_t t0 = bench_now_ns();
    floor_open(f, f->path, MDB_NOSYNC);
    create_event(f, TIERS, 1000000000);
    sell(f, o.size);
    CHECK(mdb_env_sync(f->env, 1));   /* or the first durable commit measured would write the whole file */
    floor_close(f);
    fprintf(stderr, "floor: sold %ld tickets in %.2f s\n", o.size / 4 > 1 ? o.size / 4 * 4 : 4, (double)(bench_now_ns() - t0) / 1e9);

    bench_run(&o, &(bench_system){
        .name = "floor", .shared = f, .open = open_prepared, .close = close_prepared,
        .hold3 = op_hold3, .hold_confirm = op_hold_confirm, .checkin = op_checkin, .availability = op_availability,
        .flash_sale = flash_sale,
    });
    free(f->codes);
    free(f);
    return 0;
}
