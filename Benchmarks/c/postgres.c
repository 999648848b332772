/*
 * postgres.c: PostgreSQL through libpq, doing the workloads as a server-backed ticketing system
 * would: the tables of GRDBSystem.swift (the engine's, with its indexes and an audit row per write),
 * counters updated in place under row locks, one connection per client on loopback, prepared
 * statements.
 *
 *   hold          BEGIN; SELECT the tiers FOR UPDATE in id order (the event must be on sale; prices
 *                 and fees come with them); stock checked here; one statement updates the tier and
 *                 event counters and inserts the hold, its items and the audit row; COMMIT.
 *   confirm       BEGIN; SELECT the hold with its items FOR UPDATE, locking its tiers in id order;
 *                 one statement moves held to sold, inserts the order, its items and tickets, marks
 *                 the hold converted and writes the audit row; COMMIT.
 *   check-in      one statement (so one transaction): the ticket by code goes from valid to used,
 *                 RETURNING its id for the check-in and audit rows.
 *   availability  one SELECT of the event's tiers, capacity - held - sold.
 * Locks are taken tiers first, in id order, then the event row, so no two transactions wait on each
 * other in a cycle: a deadlock or serialization failure is reported (with its SQLSTATE), never retried.
 * Expiry is left to a sweeper job, as a server would run it: the holds carry expires_at and the
 * indexes a sweeper reads, but no operation sweeps (GRDBSystem sweeps lazily, like the engine; no
 * hold expires during a run).
 *
 * Modes: durable is synchronous_commit=on (the commit waits for its WAL fsync; concurrent commits
 * share one), async is synchronous_commit=off; set per connection. The server must run with fsync=on.
 *
 * Ids are uuid, made here as UUIDv7 (time-ordered, so inserts append to the B-trees as an identity
 * column's would): the engine and GRDBSystem store 16-byte ids too, and ids known before the insert
 * let one statement write a hold and its items without a RETURNING round trip.
 *
 * The server and the user come from libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE names
 * the database to connect to first); `scripts/postgres_cluster.sh run CMD` starts a private cluster
 * and sets them. Each run creates its own database, boxoffice_bench_<pid>, and drops it on exit.
 * All parameters and results are text: a few dozen bytes per statement, parsed in microseconds.
 *
 * Usage: bench_postgres --dir DIR --size N --seconds S --clients 1,8,32 [--modes durable,async]
 * (--dir is not used: the data lives in the server's cluster)
 */
#include "bench.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TIERS 10
#define MAX_TICKETS 16                 /* per order here: the workloads buy at most 4 */
#define COPY_CHUNK (1 << 20)           /* COPY data goes to the server in chunks of about this size */
#define HOLD_TTL "10 minutes"          /* the engine's default hold TTL */

typedef struct pg_id { char text[37]; } pg_id;   /* a uuid, in the text form the statements take */

typedef struct hold_item { const char *tier; int64_t quantity; } hold_item;

typedef struct pg_client {
    PGconn *conn;
    bench_rng rng;
    int64_t sink;                      /* keeps the availability sums observable */
} pg_client;

typedef struct pg_bench {
    char dbname[64];
    int connections;                   /* opened per mode: the largest client count */
    pg_id organization, event, tiers[TIERS];
    pg_id sale_event, sale_tier;       /* the running flash sale's */
    char (*codes)[BENCH_CODE_LEN + 1]; /* valid, shuffled; each scanned once */
    size_t code_count;
    atomic_size_t next_code;
    pg_client clients[BENCH_MAX_CLIENTS];
} pg_bench;

/* bench_system's flash_sale and the exit handler take no state of their own. */
static pg_bench *the_bench;

/* ---- the schema and the statements ------------------------------------------------------- */

/* GRDBSystem's tables. Codes and order numbers compare bytewise (COLLATE "C"): they are opaque. */
static const char schema_tables[] =
    "CREATE TABLE organizations(id uuid NOT NULL, slug text NOT NULL, name text NOT NULL, currency text NOT NULL,"
    "  service_fee_bp int NOT NULL, fixed_fee_minor bigint NOT NULL);"
    "CREATE TABLE events(id uuid NOT NULL, organization_id uuid NOT NULL, title text NOT NULL, status text NOT NULL,"
    "  starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, capacity bigint, held bigint NOT NULL DEFAULT 0,"
    "  sold bigint NOT NULL DEFAULT 0, version bigint NOT NULL DEFAULT 1, updated_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE tiers(id uuid NOT NULL, event_id uuid NOT NULL, sort_order int NOT NULL, name text NOT NULL,"
    "  price_minor bigint NOT NULL, currency text NOT NULL, capacity bigint NOT NULL, max_per_order bigint NOT NULL,"
    "  held bigint NOT NULL DEFAULT 0, sold bigint NOT NULL DEFAULT 0, version bigint NOT NULL DEFAULT 1,"
    "  updated_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE holds(id uuid NOT NULL, event_id uuid NOT NULL, status text NOT NULL, ticket_count bigint NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL, order_id uuid);"
    "CREATE TABLE hold_items(hold_id uuid NOT NULL, tier_id uuid NOT NULL, quantity bigint NOT NULL,"
    "  unit_price_minor bigint NOT NULL, fee_minor bigint NOT NULL);"
    "CREATE TABLE orders(id uuid NOT NULL, number text COLLATE \"C\" NOT NULL, hold_id uuid NOT NULL, event_id uuid NOT NULL,"
    "  status text NOT NULL, currency text NOT NULL, subtotal_minor bigint NOT NULL, fees_minor bigint NOT NULL,"
    "  total_minor bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE order_items(id uuid NOT NULL, order_id uuid NOT NULL, tier_id uuid NOT NULL, quantity bigint NOT NULL,"
    "  unit_price_minor bigint NOT NULL, fee_minor bigint NOT NULL);"
    "CREATE TABLE tickets(id uuid NOT NULL, code text COLLATE \"C\" NOT NULL, order_id uuid NOT NULL, tier_id uuid NOT NULL,"
    "  event_id uuid NOT NULL, status text NOT NULL DEFAULT 'valid', version bigint NOT NULL DEFAULT 1,"
    "  updated_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE check_ins(id uuid NOT NULL, ticket_id uuid NOT NULL, gate text NOT NULL, at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE audit(seq bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL,"
    "  action text NOT NULL, entity text NOT NULL, entity_id uuid NOT NULL, detail text NOT NULL);";

/* GRDBSystem's keys and indexes, built after the bulk load (faster than maintaining them row by
 * row). No foreign keys, as there: each operation reads what it refers to, under lock. */
static const char schema_indexes[] =
    "ALTER TABLE organizations ADD PRIMARY KEY (id), ADD UNIQUE (slug);"
    "ALTER TABLE events ADD PRIMARY KEY (id);"
    "CREATE INDEX events_org_start ON events(organization_id, starts_at);"
    "ALTER TABLE tiers ADD PRIMARY KEY (id);"
    "CREATE INDEX tiers_event ON tiers(event_id, sort_order);"
    "ALTER TABLE holds ADD PRIMARY KEY (id);"
    "CREATE INDEX holds_expiry ON holds(expires_at) WHERE status = 'active';"
    "CREATE INDEX holds_event_expiry ON holds(event_id, expires_at) WHERE status = 'active';"
    "ALTER TABLE hold_items ADD PRIMARY KEY (hold_id, tier_id);"
    "ALTER TABLE orders ADD PRIMARY KEY (id), ADD UNIQUE (number), ADD UNIQUE (hold_id);"
    "CREATE INDEX orders_event ON orders(event_id);"
    "ALTER TABLE order_items ADD PRIMARY KEY (id);"
    "CREATE INDEX order_items_order ON order_items(order_id);"
    "ALTER TABLE tickets ADD PRIMARY KEY (id), ADD UNIQUE (code);"
    "CREATE INDEX tickets_order ON tickets(order_id);"
    "CREATE INDEX tickets_event ON tickets(event_id);"
    "ALTER TABLE check_ins ADD PRIMARY KEY (id);"
    "CREATE INDEX check_ins_ticket ON check_ins(ticket_id);"
    "ALTER TABLE audit ADD PRIMARY KEY (seq);";

/* Prepared on every connection. The data-modifying CTEs make each transaction's writes one round
 * trip; their parts all run, in one snapshot, whatever the final statement returns. */
static const struct { const char *name, *sql; } statements[] = {
    /* $1 tier ids, $2 event. LockRows sits above the Sort, so the rows are locked in id order. */
    { "lock_tiers",
      "SELECT t.id, t.capacity - t.held - t.sold, t.price_minor,"
      "  (t.price_minor * o.service_fee_bp + 5000) / 10000 + o.fixed_fee_minor"
      " FROM tiers t JOIN events e ON e.id = t.event_id JOIN organizations o ON o.id = e.organization_id"
      " WHERE t.id = ANY($1::uuid[]) AND e.id = $2::uuid AND e.status = 'published'"
      " ORDER BY t.id FOR UPDATE OF t" },
    /* $1 hold, $2 event, $3..$6 the items' tiers, quantities, unit prices and fees, $7 tickets. */
    { "hold_write",
      "WITH items AS (SELECT * FROM unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::bigint[])"
      "    AS i(tier_id, quantity, unit_price_minor, fee_minor)),"
      " t AS (UPDATE tiers SET held = held + items.quantity, version = version + 1, updated_at = now()"
      "    FROM items WHERE tiers.id = items.tier_id),"
      " e AS (UPDATE events SET held = held + $7::bigint, version = version + 1, updated_at = now() WHERE id = $2::uuid),"
      " h AS (INSERT INTO holds(id, event_id, status, ticket_count, expires_at)"
      "    VALUES ($1::uuid, $2::uuid, 'active', $7::bigint, now() + interval '" HOLD_TTL "')),"
      " i AS (INSERT INTO hold_items SELECT $1::uuid, tier_id, quantity, unit_price_minor, fee_minor FROM items)"
      " INSERT INTO audit(actor, action, entity, entity_id, detail)"
      " VALUES ('system', 'hold.create', 'hold', $1::uuid, 'tickets=' || $7::bigint)" },
    /* $1 hold. Locks the hold, then its tiers in id order (the hold is its client's alone). */
    { "lock_hold",
      "SELECT h.event_id, h.status, h.expires_at > now(), i.tier_id, i.quantity, i.unit_price_minor, i.fee_minor"
      " FROM holds h JOIN hold_items i ON i.hold_id = h.id JOIN tiers t ON t.id = i.tier_id"
      " WHERE h.id = $1::uuid ORDER BY t.id FOR UPDATE OF h, t" },
    /* $1 order, $2 hold, $3 event, $4 number, $5 subtotal, $6 fees, $7 tickets, $8..$12 the items'
     * ids, tiers, quantities, unit prices and fees, $13..$15 the tickets' ids, codes and tiers,
     * $16 the audit detail. */
    { "confirm_write",
      "WITH items AS (SELECT * FROM unnest($8::uuid[], $9::uuid[], $10::bigint[], $11::bigint[], $12::bigint[])"
      "    AS i(id, tier_id, quantity, unit_price_minor, fee_minor)),"
      " t AS (UPDATE tiers SET held = held - items.quantity, sold = sold + items.quantity, version = version + 1,"
      "    updated_at = now() FROM items WHERE tiers.id = items.tier_id),"
      " e AS (UPDATE events SET held = held - $7::bigint, sold = sold + $7::bigint, version = version + 1,"
      "    updated_at = now() WHERE id = $3::uuid),"
      " o AS (INSERT INTO orders(id, number, hold_id, event_id, status, currency, subtotal_minor, fees_minor, total_minor)"
      "    VALUES ($1::uuid, $4::text, $2::uuid, $3::uuid, 'paid', 'EUR', $5::bigint, $6::bigint, $5::bigint + $6::bigint)),"
      " oi AS (INSERT INTO order_items SELECT id, $1::uuid, tier_id, quantity, unit_price_minor, fee_minor FROM items),"
      " tk AS (INSERT INTO tickets(id, code, order_id, tier_id, event_id)"
      "    SELECT id, code, $1::uuid, tier_id, $3::uuid FROM unnest($13::uuid[], $14::text[], $15::uuid[]) AS k(id, code, tier_id)),"
      " h AS (UPDATE holds SET status = 'converted', order_id = $1::uuid WHERE id = $2::uuid)"
      " INSERT INTO audit(actor, action, entity, entity_id, detail)"
      " VALUES ('system', 'order.confirm', 'order', $1::uuid, $16::text)" },
    /* $1 code, $2 check-in id. No row: the code is unknown or the ticket already used. */
    { "checkin",
      "WITH t AS (UPDATE tickets SET status = 'used', version = version + 1, updated_at = now()"
      "    WHERE code = $1::text AND status = 'valid' RETURNING id),"
      " c AS (INSERT INTO check_ins(id, ticket_id, gate) SELECT $2::uuid, id, 'bench' FROM t),"
      " a AS (INSERT INTO audit(actor, action, entity, entity_id, detail)"
      "    SELECT 'system', 'ticket.check_in', 'ticket', id, 'gate=bench' FROM t)"
      " SELECT id FROM t" },
    /* $1 event. */
    { "availability",
      "SELECT t.name, greatest(t.capacity - t.held - t.sold, 0) FROM events e JOIN tiers t ON t.event_id = e.id"
      " WHERE e.id = $1::uuid ORDER BY t.sort_order" },
};

/* ---- libpq plumbing ---------------------------------------------------------------------- */

/* The first line of a failed result's message, with its SQLSTATE. */
static const char *describe(const PGresult *res, char *out, size_t size) {
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE), *message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (!message) message = PQresStatus(PQresultStatus(res));
    snprintf(out, size, "%s%s%s%s", state ? state : "", state ? " " : "", message,
             state && (!strcmp(state, "40001") || !strcmp(state, "40P01")) ? " (not retried: the lock order should rule it out)" : "");
    return out;
}

/* Connects to dbname (NULL: the environment's, PGDATABASE); exits if it cannot. */
static PGconn *connect_db(const char *dbname) {
    const char *keys[] = { "dbname", "application_name", NULL }, *values[] = { dbname, "bench_postgres", NULL };
    PGconn *conn = PQconnectdbParams(keys, values, 0);
    if (PQstatus(conn) != CONNECTION_OK)
        bench_die("cannot connect to PostgreSQL (PGHOST, PGPORT, PGUSER; scripts/postgres_cluster.sh run starts a server): %s",
                  PQerrorMessage(conn));
    return conn;
}

/* Setup: runs SQL (several statements allowed when there are no params) or exits. */
static PGresult *sql(PGconn *conn, const char *text, int count, const char *const *params) {
    PGresult *res = count ? PQexecParams(conn, text, count, NULL, params, NULL, NULL, 0) : PQexec(conn, text);
    ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        char why[512];
        bench_die("%.80s...: %s", text, describe(res, why, sizeof why));
    }
    return res;
}

static void sql_do(PGconn *conn, const char *text) { PQclear(sql(conn, text, 0, NULL)); }

/* Ends the open transaction, if any, without a word: a failure is already recorded. */
static void rollback(pg_client *c) {
    if (PQtransactionStatus(c->conn) != PQTRANS_IDLE) PQclear(PQexec(c->conn, "ROLLBACK"));
}

/* In operations: records the failure for bench_measure() and rolls back what is open. */
static int failure(pg_client *c, const char *what, const PGresult *res) {
    char why[512];
    int rc = bench_error("%s: %s", what, res ? describe(res, why, sizeof why) : PQerrorMessage(c->conn));
    rollback(c);
    return rc;
}

/* Runs a prepared statement; NULL (the failure recorded) unless its status is `expected`. */
static PGresult *run(pg_client *c, const char *statement, int count, const char *const *params, ExecStatusType expected) {
    PGresult *res = PQexecPrepared(c->conn, statement, count, params, NULL, NULL, 0);
    if (PQresultStatus(res) == expected) return res;
    failure(c, statement, res);
    PQclear(res);
    return NULL;
}

/* BEGIN, COMMIT or ROLLBACK: 0, or the failure recorded. A COMMIT that rolled back fails. */
static int command(pg_client *c, const char *text) {
    PGresult *res = PQexec(c->conn, text);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) rc = failure(c, text, res);
    else if (!strcmp(text, "COMMIT") && strcmp(PQcmdStatus(res), "COMMIT")) rc = failure(c, "COMMIT rolled back", res);
    PQclear(res);
    return rc;
}

/* A client connection committing as the mode says, with every statement prepared. */
static void client_open(pg_client *c, const char *dbname, bool async) {
    c->conn = connect_db(dbname);
    sql_do(c->conn, async ? "SET synchronous_commit = off" : "SET synchronous_commit = on");
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        PGresult *res = PQprepare(c->conn, statements[i].name, statements[i].sql, 0, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            char why[512];
            bench_die("preparing %s: %s", statements[i].name, describe(res, why, sizeof why));
        }
        PQclear(res);
    }
}

static void open_clients(pg_bench *b, int count, bool async) {
    for (int i = 0; i < count; i++) client_open(&b->clients[i], b->dbname, async);
}

static void close_clients(pg_bench *b) {
    for (int i = 0; i < BENCH_MAX_CLIENTS; i++) {
        if (b->clients[i].conn) PQfinish(b->clients[i].conn);
        b->clients[i].conn = NULL;
    }
}

/* ---- ids, codes and parameters ----------------------------------------------------------- */

static atomic_uint_fast64_t id_counter;

/* A UUIDv7 (RFC 9562): 48-bit milliseconds, then a process-wide counter in rand_a and the top of
 * rand_b, then 32 random bits, so that ids made later sort later (floor.c's new_id, with the
 * version and variant bits). */
static pg_id new_id(bench_rng *rng) {
    uint8_t b[16];
    uint64_t ms = (uint64_t)bench_wall_ms(), n = atomic_fetch_add(&id_counter, 1), r = bench_rng_next(rng);
    for (int i = 0; i < 6; i++) b[i] = (uint8_t)(ms >> (40 - 8 * i));
    b[6] = (uint8_t)(0x70 | ((n >> 38) & 0x0f));
    b[7] = (uint8_t)(n >> 30);
    b[8] = (uint8_t)(0x80 | ((n >> 24) & 0x3f));
    b[9] = (uint8_t)(n >> 16);
    b[10] = (uint8_t)(n >> 8);
    b[11] = (uint8_t)n;
    for (int i = 0; i < 4; i++) b[12 + i] = (uint8_t)(r >> (8 * i));
    static const char hex[] = "0123456789abcdef";
    pg_id id;
    char *p = id.text;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 15];
    }
    *p = '\0';
    return id;
}

/* A PostgreSQL array literal, {a,b,c}, of at most MAX_TICKETS ids or numbers. */
typedef struct text_array { char text[MAX_TICKETS * 40 + 2]; size_t length; } text_array;

static void array_add(text_array *a, const char *item) {
    size_t n = strlen(item);
    if (a->length + n + 3 > sizeof a->text) bench_die("array literal too long");   /* MAX_TICKETS prevents it */
    a->text[a->length] = a->length == 0 ? '{' : ',';
    a->length++;
    memcpy(a->text + a->length, item, n);
    a->length += n;
}

static void array_add_int(text_array *a, int64_t value) {
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)value);
    array_add(a, text);
}

static const char *array_end(text_array *a) {
    if (a->length == 0) a->text[a->length++] = '{';
    a->text[a->length] = '}';
    a->text[a->length + 1] = '\0';
    return a->text;
}

static int64_t value_int(const PGresult *res, int row, int column) { return strtoll(PQgetvalue(res, row, column), NULL, 10); }

/* ---- the operations ---------------------------------------------------------------------- */

#define SOLD_OUT 2

/* One transaction: every tier has the stock or nothing changes; held += quantity, the hold and its
 * items and an audit row are stored. SOLD_OUT sets *remaining to what the first short tier has left. */
static int pg_hold(pg_client *c, const pg_id *event, const hold_item *items, int count, pg_id *hold, int64_t *remaining) {
    text_array tiers = {0}, quantities = {0}, prices = {0}, fees = {0};
    int64_t tickets = 0;
    for (int i = 0; i < count; i++) array_add(&tiers, items[i].tier);
    if (command(c, "BEGIN")) return -1;
    const char *lock[] = { array_end(&tiers), event->text };
    PGresult *locked = run(c, "lock_tiers", 2, lock, PGRES_TUPLES_OK);
    if (!locked) return -1;
    if (PQntuples(locked) != count) {
        int found = PQntuples(locked);
        PQclear(locked);
        rollback(c);
        return bench_error("hold: %d of %d tiers found on sale", found, count);
    }
    tiers = (text_array){0};
    for (int r = 0; r < count; r++) {   /* in id order, not the items' */
        const char *tier = PQgetvalue(locked, r, 0);
        int64_t quantity = 0, available = value_int(locked, r, 1);
        for (int i = 0; i < count; i++) if (!strcmp(items[i].tier, tier)) quantity = items[i].quantity;
        if (available < quantity) {
            PQclear(locked);
            *remaining = available > 0 ? available : 0;
            return command(c, "ROLLBACK") ? -1 : SOLD_OUT;
        }
        array_add(&tiers, tier);
        array_add_int(&quantities, quantity);
        array_add(&prices, PQgetvalue(locked, r, 2));
        array_add(&fees, PQgetvalue(locked, r, 3));
        tickets += quantity;
    }
    PQclear(locked);
    *hold = new_id(&c->rng);
    char ticket_count[24];
    snprintf(ticket_count, sizeof ticket_count, "%lld", (long long)tickets);
    const char *write[] = { hold->text, event->text, array_end(&tiers), array_end(&quantities), array_end(&prices),
                            array_end(&fees), ticket_count };
    PGresult *res = run(c, "hold_write", 7, write, PGRES_COMMAND_OK);
    if (!res) return -1;
    PQclear(res);
    return command(c, "COMMIT");
}

/* One transaction: the hold's stock moves from held to sold; the order, its items, one ticket per
 * seat and an audit row are stored; the hold is marked converted. */
static int pg_confirm(pg_client *c, const pg_id *hold) {
    if (command(c, "BEGIN")) return -1;
    const char *lock[] = { hold->text };
    PGresult *rows = run(c, "lock_hold", 1, lock, PGRES_TUPLES_OK);
    if (!rows) return -1;
    int n = PQntuples(rows);
    if (n == 0 || strcmp(PQgetvalue(rows, 0, 1), "active") || strcmp(PQgetvalue(rows, 0, 2), "t")) {
        bench_error("confirm: hold %s is %s", hold->text, n == 0 ? "not found" : strcmp(PQgetvalue(rows, 0, 1), "active")
                    ? PQgetvalue(rows, 0, 1) : "expired");
        PQclear(rows);
        rollback(c);
        return -1;
    }
    pg_id order = new_id(&c->rng);
    text_array item_ids = {0}, tiers = {0}, quantities = {0}, prices = {0}, fees = {0}, ticket_ids = {0}, codes = {0}, ticket_tiers = {0};
    int64_t subtotal = 0, fee_total = 0, tickets = 0;
    for (int r = 0; r < n; r++) {
        const char *tier = PQgetvalue(rows, r, 3);
        int64_t quantity = value_int(rows, r, 4), price = value_int(rows, r, 5), fee = value_int(rows, r, 6);
        if (quantity < 1 || tickets + quantity > MAX_TICKETS) {
            PQclear(rows);
            rollback(c);
            return bench_error("confirm: more than %d tickets in hold %s", MAX_TICKETS, hold->text);
        }
        array_add(&item_ids, new_id(&c->rng).text);
        array_add(&tiers, tier);
        array_add_int(&quantities, quantity);
        array_add(&prices, PQgetvalue(rows, r, 5));
        array_add(&fees, PQgetvalue(rows, r, 6));
        for (int64_t q = 0; q < quantity; q++) {
            char code[BENCH_CODE_LEN + 1];
            bench_code(&c->rng, code, BENCH_CODE_LEN);
            array_add(&ticket_ids, new_id(&c->rng).text);
            array_add(&codes, code);
            array_add(&ticket_tiers, tier);
        }
        subtotal += quantity * price;
        fee_total += quantity * fee;
        tickets += quantity;
    }
    char number[11], subtotal_text[24], fees_text[24], tickets_text[24], detail[64];
    bench_code(&c->rng, number, 10);
    snprintf(subtotal_text, sizeof subtotal_text, "%lld", (long long)subtotal);
    snprintf(fees_text, sizeof fees_text, "%lld", (long long)fee_total);
    snprintf(tickets_text, sizeof tickets_text, "%lld", (long long)tickets);
    snprintf(detail, sizeof detail, "number=%s total=%lld EUR", number, (long long)(subtotal + fee_total));
    const char *write[] = { order.text, hold->text, PQgetvalue(rows, 0, 0), number, subtotal_text, fees_text, tickets_text,
                            array_end(&item_ids), array_end(&tiers), array_end(&quantities), array_end(&prices), array_end(&fees),
                            array_end(&ticket_ids), array_end(&codes), array_end(&ticket_tiers), detail };
    PGresult *res = run(c, "confirm_write", 16, write, PGRES_COMMAND_OK);
    PQclear(rows);
    if (!res) return -1;
    PQclear(res);
    return command(c, "COMMIT");
}

/* A hold of 1 ticket on each of the first 3 tiers, whose stock never runs out. */
static int hold_three(pg_bench *b, int client, pg_id *hold, const char *workload) {
    hold_item items[3];
    for (int i = 0; i < 3; i++) items[i] = (hold_item){ b->tiers[i].text, 1 };
    int64_t remaining;
    int rc = pg_hold(&b->clients[client], &b->event, items, 3, hold, &remaining);
    return rc == SOLD_OUT ? bench_error("%s: sold out", workload) : rc;
}

static int op_hold3(void *shared, int client) {
    pg_id hold;
    return hold_three(shared, client, &hold, "hold3");
}

static int op_hold_confirm(void *shared, int client) {
    pg_bench *b = shared;
    pg_id hold;
    int rc = hold_three(b, client, &hold, "hold_confirm");
    return rc ? rc : pg_confirm(&b->clients[client], &hold);
}

static int op_availability(void *shared, int client) {
    pg_bench *b = shared;
    pg_client *c = &b->clients[client];
    const char *params[] = { b->event.text };
    PGresult *res = run(c, "availability", 1, params, PGRES_TUPLES_OK);
    if (!res) return -1;
    int n = PQntuples(res);
    for (int r = 0; r < n; r++) c->sink += value_int(res, r, 1);
    PQclear(res);
    return n == TIERS ? 0 : bench_error("availability: %d tiers, not %d", n, TIERS);
}

/* One statement, so one transaction: the ticket must be valid; it becomes used and the scan is recorded. */
static int op_checkin(void *shared, int client) {
    pg_bench *b = shared;
    pg_client *c = &b->clients[client];
    size_t n = atomic_fetch_add(&b->next_code, 1);
    if (n >= b->code_count) return bench_error("out of valid tickets to scan (%zu)", b->code_count);
    pg_id id = new_id(&c->rng);
    const char *params[] = { b->codes[n], id.text };
    PGresult *res = run(c, "checkin", 2, params, PGRES_TUPLES_OK);
    if (!res) return -1;
    int rows = PQntuples(res);
    PQclear(res);
    return rows == 1 ? 0 : bench_error("scan rejected: %s unknown or already used", b->codes[n]);
}

/* ---- preparation ------------------------------------------------------------------------- */

/* COPY … FROM STDIN in text format, its lines gathered into chunks. */
typedef struct copy_stream { PGconn *conn; char *buffer; size_t length; } copy_stream;

static void copy_flush(copy_stream *s) {
    if (s->length && PQputCopyData(s->conn, s->buffer, (int)s->length) != 1) bench_die("COPY: %s", PQerrorMessage(s->conn));
    s->length = 0;
}

static void copy_begin(copy_stream *s, const char *table) {
    char text[256];
    snprintf(text, sizeof text, "COPY %s FROM STDIN WITH (FREEZE)", table);   /* FREEZE: the table is new in this transaction */
    PGresult *res = PQexec(s->conn, text);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        char why[512];
        bench_die("%s: %s", text, describe(res, why, sizeof why));
    }
    PQclear(res);
}

static void copy_line(copy_stream *s, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void copy_line(copy_stream *s, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int n = vsnprintf(s->buffer + s->length, 1024, format, args);   /* the buffer has 1,024 bytes past COPY_CHUNK */
    va_end(args);
    if (n < 0 || n >= 1024) bench_die("COPY line too long");
    s->length += (size_t)n;
    if (s->length >= COPY_CHUNK) copy_flush(s);
}

static void copy_end(copy_stream *s) {
    copy_flush(s);
    if (PQputCopyEnd(s->conn, NULL) != 1) bench_die("COPY: %s", PQerrorMessage(s->conn));
    PGresult *res = PQgetResult(s->conn);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        char why[512];
        bench_die("COPY: %s", describe(res, why, sizeof why));
    }
    PQclear(res);
    while ((res = PQgetResult(s->conn))) PQclear(res);
}

static int64_t tier_price(int t) { return 1000 + 500 * t; }
static int64_t tier_fee(int t) { return (tier_price(t) * 250 + 5000) / 10000 + 50; }   /* the organization's 2.5 % + 50 */

/* A UTC timestamp literal for COPY. */
static void timestamp_text(int64_t ms, char out[40]) {
    time_t seconds = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&seconds, &tm);
    size_t n = strftime(out, 40, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out + n, 40 - n, ".%03d+00", (int)(ms % 1000));
}

/* A fresh database with the organization, a published event whose 10 tiers have stock far beyond
 * any run, and `size` tickets sold as orders of 4 on tier i % 10, each with its converted hold and
 * two audit rows as the hold-and-confirm path writes. Loaded by COPY in one transaction, then
 * indexed, vacuumed, analyzed and checkpointed. Keeps up to BENCH_MAX_CODES codes, shuffled. */
static void prepare(pg_bench *b, PGconn *admin, long size) {
    char text[256];
    sql_do(admin, "SET client_min_messages = warning");   /* not a NOTICE that there was none to drop */
    snprintf(text, sizeof text, "DROP DATABASE IF EXISTS %s", b->dbname);
    sql_do(admin, text);
    snprintf(text, sizeof text, "CREATE DATABASE %s", b->dbname);
    sql_do(admin, text);

    PGconn *db = connect_db(b->dbname);
    sql_do(db, "SET synchronous_commit = off");
    sql_do(db, "SET maintenance_work_mem = '256MB'");
    sql_do(db, "BEGIN");
    sql_do(db, schema_tables);

    bench_rng *rng = &b->clients[0].rng;
    long orders = size / 4 > 1 ? size / 4 : 1;
    int64_t now = bench_wall_ms(), sold[TIERS] = {0};
    char created[40], expires[40];
    timestamp_text(now, created);
    timestamp_text(now + 10 * 60 * 1000, expires);
    b->organization = new_id(rng);
    b->event = new_id(rng);
    for (int t = 0; t < TIERS; t++) b->tiers[t] = new_id(rng);
    pg_id *holds = malloc((size_t)orders * sizeof *holds), *order_ids = malloc((size_t)orders * sizeof *order_ids);
    char (*numbers)[11] = malloc((size_t)orders * sizeof *numbers);
    b->codes = malloc(BENCH_MAX_CODES * sizeof *b->codes);
    copy_stream s = { .conn = db, .buffer = malloc(COPY_CHUNK + 1024) };
    if (!holds || !order_ids || !numbers || !b->codes || !s.buffer) bench_die("out of memory");
    for (long i = 0; i < orders; i++) holds[i] = new_id(rng);
    for (long i = 0; i < orders; i++) order_ids[i] = new_id(rng), bench_code(rng, numbers[i], 10);
    const char *event = b->event.text;

    copy_begin(&s, "holds(id, event_id, status, ticket_count, created_at, expires_at, order_id)");
    for (long i = 0; i < orders; i++)
        copy_line(&s, "%s\t%s\tconverted\t4\t%s\t%s\t%s\n", holds[i].text, event, created, expires, order_ids[i].text);
    copy_end(&s);
    copy_begin(&s, "hold_items(hold_id, tier_id, quantity, unit_price_minor, fee_minor)");
    for (long i = 0; i < orders; i++) {
        int t = (int)(i % TIERS);
        copy_line(&s, "%s\t%s\t4\t%lld\t%lld\n", holds[i].text, b->tiers[t].text, (long long)tier_price(t), (long long)tier_fee(t));
    }
    copy_end(&s);
    copy_begin(&s, "orders(id, number, hold_id, event_id, status, currency, subtotal_minor, fees_minor, total_minor, created_at)");
    for (long i = 0; i < orders; i++) {
        int t = (int)(i % TIERS);
        copy_line(&s, "%s\t%s\t%s\t%s\tpaid\tEUR\t%lld\t%lld\t%lld\t%s\n", order_ids[i].text, numbers[i], holds[i].text, event,
                  (long long)(4 * tier_price(t)), (long long)(4 * tier_fee(t)), (long long)(4 * (tier_price(t) + tier_fee(t))), created);
    }
    copy_end(&s);
    copy_begin(&s, "order_items(id, order_id, tier_id, quantity, unit_price_minor, fee_minor)");
    for (long i = 0; i < orders; i++) {
        int t = (int)(i % TIERS);
        copy_line(&s, "%s\t%s\t%s\t4\t%lld\t%lld\n", new_id(rng).text, order_ids[i].text, b->tiers[t].text,
                  (long long)tier_price(t), (long long)tier_fee(t));
    }
    copy_end(&s);
    copy_begin(&s, "tickets(id, code, order_id, tier_id, event_id, status, version, updated_at)");
    for (long i = 0; i < orders; i++) {
        int t = (int)(i % TIERS);
        for (int q = 0; q < 4; q++) {
            char code[BENCH_CODE_LEN + 1];
            bench_code(rng, code, BENCH_CODE_LEN);
            copy_line(&s, "%s\t%s\t%s\t%s\t%s\tvalid\t1\t%s\n", new_id(rng).text, code, order_ids[i].text, b->tiers[t].text, event, created);
            if (b->code_count < BENCH_MAX_CODES) memcpy(b->codes[b->code_count++], code, sizeof code);
        }
        sold[t] += 4;
    }
    copy_end(&s);
    copy_begin(&s, "audit(at, actor, action, entity, entity_id, detail)");
    for (long i = 0; i < orders; i++) {
        int t = (int)(i % TIERS);
        copy_line(&s, "%s\tsystem\thold.create\thold\t%s\ttickets=4\n", created, holds[i].text);
        copy_line(&s, "%s\tsystem\torder.confirm\torder\t%s\tnumber=%s total=%lld EUR\n", created, order_ids[i].text, numbers[i],
                  (long long)(4 * (tier_price(t) + tier_fee(t))));
    }
    copy_end(&s);
    free(s.buffer);
    free(holds);
    free(order_ids);
    free(numbers);

    char total[24];
    snprintf(total, sizeof total, "%ld", 4 * orders);
    PQclear(sql(db, "INSERT INTO organizations VALUES ($1, 'bench', 'Bench', 'EUR', 250, 50)", 1, (const char *[]){ b->organization.text }));
    PQclear(sql(db, "INSERT INTO events(id, organization_id, title, status, starts_at, ends_at, sold)"
                    " VALUES ($1, $2, 'Benchmark', 'published', now() + interval '30 days', now() + interval '30 days 1 hour', $3)",
                3, (const char *[]){ event, b->organization.text, total }));
    for (int t = 0; t < TIERS; t++) {
        char sort[8], name[16], price[24], tier_sold[24];
        snprintf(sort, sizeof sort, "%d", t);
        snprintf(name, sizeof name, "Tier %d", t);
        snprintf(price, sizeof price, "%lld", (long long)tier_price(t));
        snprintf(tier_sold, sizeof tier_sold, "%lld", (long long)sold[t]);
        PQclear(sql(db, "INSERT INTO tiers(id, event_id, sort_order, name, price_minor, currency, capacity, max_per_order, sold)"
                        " VALUES ($1, $2, $3, $4, $5, 'EUR', 1000000000, 1000000, $6)",
                    6, (const char *[]){ b->tiers[t].text, event, sort, name, price, tier_sold }));
    }
    sql_do(db, schema_indexes);
    sql_do(db, "COMMIT");
    sql_do(db, "VACUUM (ANALYZE)");
    /* Or the first durable run measured would pay for writing the vacuum's pages. */
    sql_do(db, "CHECKPOINT");
    PQfinish(db);
    bench_shuffle_codes(b->codes, b->code_count, rng);
}

/* ---- the flash sale ---------------------------------------------------------------------- */

/* Hold 1 to 4, then confirm. Sold out with nothing left ends the client; with some left, retry. */
static int op_flash(void *shared, int client) {
    pg_bench *b = shared;
    pg_client *c = &b->clients[client];
    hold_item item = { b->sale_tier.text, (int64_t)(bench_rng_next(&c->rng) % 4) + 1 };
    pg_id hold;
    int64_t remaining;
    int rc = pg_hold(c, &b->sale_event, &item, 1, &hold, &remaining);
    if (rc == SOLD_OUT) return remaining == 0 ? BENCH_DONE : 0;
    if (rc) return rc;
    return pg_confirm(c, &hold);
}

/* A new event of the prepared database with one tier of 1,000 tickets, as GRDBSystem's. */
static bench_result flash_sale(const bench_options *o, bool async, int clients) {
    (void)o;
    pg_bench *b = the_bench;
    PGconn *db = connect_db(b->dbname);
    b->sale_event = new_id(&b->clients[0].rng);
    b->sale_tier = new_id(&b->clients[0].rng);
    PQclear(sql(db, "INSERT INTO events(id, organization_id, title, status, starts_at, ends_at)"
                    " VALUES ($1, $2, 'Flash', 'published', now() + interval '1 day', now() + interval '1 day 1 hour')",
                2, (const char *[]){ b->sale_event.text, b->organization.text }));
    PQclear(sql(db, "INSERT INTO tiers(id, event_id, sort_order, name, price_minor, currency, capacity, max_per_order)"
                    " VALUES ($1, $2, 0, 'GA', 5000, 'EUR', 1000, 10)",
                2, (const char *[]){ b->sale_tier.text, b->sale_event.text }));
    open_clients(b, clients, async);
    bench_result r = bench_measure(clients, -1, 0, 0, op_flash, b);
    close_clients(b);
    PGresult *res = sql(db, "SELECT held, sold FROM tiers WHERE id = $1", 1, (const char *[]){ b->sale_tier.text });
    int64_t held = value_int(res, 0, 0), sold = value_int(res, 0, 1);
    PQclear(res);
    PQfinish(db);
    if (sold != 1000 || held != 0) bench_die("flash sale: %lld sold and %lld held, not 1000 and 0", (long long)sold, (long long)held);
    return r;
}

static void open_prepared(void *shared, bool async) {
    pg_bench *b = shared;
    open_clients(b, b->connections, async);
}

static void close_prepared(void *shared) { close_clients(shared); }

/* ---- main -------------------------------------------------------------------------------- */

/* On every exit, also bench_die's: the run's database goes, with any connection still on it. */
static void drop_database(void) {
    if (!the_bench || !the_bench->dbname[0]) return;
    close_clients(the_bench);
    PGconn *admin = PQconnectdb("");
    char text[128];
    snprintf(text, sizeof text, "DROP DATABASE IF EXISTS %s WITH (FORCE)", the_bench->dbname);
    PGresult *res = PQstatus(admin) == CONNECTION_OK ? PQexec(admin, text) : NULL;
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        fprintf(stderr, "bench_postgres: could not drop database %s: %s", the_bench->dbname, PQerrorMessage(admin));
    PQclear(res);
    PQfinish(admin);
}

/* A server setting, as SHOW gives it. */
static void show(PGconn *conn, const char *name, char *out, size_t size) {
    char text[64];
    snprintf(text, sizeof text, "SHOW %s", name);
    PGresult *res = sql(conn, text, 0, NULL);
    snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
}

int main(int argc, char **argv) {
    bench_options o;
    bench_parse(argc, argv, &o);
    pg_bench *b = calloc(1, sizeof *b);
    if (!b) bench_die("out of memory");
    for (int c = 0; c < BENCH_MAX_CLIENTS; c++) bench_rng_seed(&b->clients[c].rng, bench_now_ns() + (uint64_t)c);
    for (int i = 0; i < o.client_count; i++) if (o.clients[i] > b->connections) b->connections = o.clients[i];

    PGconn *admin = connect_db(NULL);
    char version[64], fsync[16], max_connections[16];
    show(admin, "server_version", version, sizeof version);
    show(admin, "fsync", fsync, sizeof fsync);
    show(admin, "max_connections", max_connections, sizeof max_connections);
    if (o.durable && strcmp(fsync, "on")) bench_die("the server runs with fsync=%s: durable figures would not be durable", fsync);
    if (atoi(max_connections) < b->connections + 2)
        bench_die("the server allows %s connections; %d clients need %d", max_connections, b->connections, b->connections + 2);

    snprintf(b->dbname, sizeof b->dbname, "boxoffice_bench_%ld", (long)getpid());
    the_bench = b;
    atexit(drop_database);
    uint64_t t0 = bench_now_ns();
    prepare(b, admin, o.size);
    PQfinish(admin);
    fprintf(stderr, "postgres: sold %ld tickets in %.2f s (PostgreSQL %s)\n", o.size / 4 > 1 ? o.size / 4 * 4 : 4,
            (double)(bench_now_ns() - t0) / 1e9, version);

    bench_run(&o, &(bench_system){
        .name = "postgres", .shared = b, .open = open_prepared, .close = close_prepared,
        .hold3 = op_hold3, .hold_confirm = op_hold_confirm, .checkin = op_checkin, .availability = op_availability,
        .flash_sale = flash_sale,
    });
    return 0;   /* drop_database frees the server side; the process's memory goes with it */
}
