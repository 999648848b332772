/* The torture harness's client of libboxoffice (torture.py runs it).
 *
 *   driver setup PATH               a store with one published event of a million tickets
 *   driver sell PATH MODE COUNT     COUNT sales (hold + confirm), every 7th refunded and every
 *                                   5th scanned, MODE durable, durable_sales, meta_async or
 *                                   async. Prints one
 *                                   line per acknowledged change, flushed before the next call:
 *                                   "order NUMBER", "refund NUMBER", "checkin CODE", and
 *                                   "audit SEQUENCE:ACTION" for the audit feed's entries read
 *                                   after every fourth hold (a consumer keeps its place by them); and
 *                                   "error STATUS message" for a failed call, after which it goes
 *                                   on (an engine must not stay stuck). With COUNT 0 it sells
 *                                   until its stdin says "stop". Exits 0 unless something crashed.
 *   driver check PATH ACKS          opens PATH read-only, runs bo_verify, and checks every line of
 *                                   the file ACKS still holds: orders present and confirmed,
 *                                   refunds refunded, check-ins used. Prints one JSON line:
 *                                   {"clean":..., "acknowledged":N, "lost":N, "problems":"..."};
 *                                   exits 0 when clean and nothing is lost, 1 otherwise, 2 when
 *                                   PATH cannot be opened (the message says why).
 *
 * Each acknowledgement is also written into the shim's journal (boxoffice_shim_mark), when the
 * shim is loaded, so a power cut replayed at any point knows what had been acknowledged. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "boxoffice.h"
#include "json_fields.h"

static void (*mark)(const char *);

/* Prints an acknowledgement, flushed, and marks it in the journal. */
static void acknowledge(const char *kind, const char *what) {
    char line[128];
    snprintf(line, sizeof line, "%s %s", kind, what);
    if (mark) mark(line);
    printf("%s\n", line);
    fflush(stdout);
}

static void report(const char *call, bo_status status, bo_error *err) {
    printf("error %s %s: %s\n", bo_status_name(status), call, err ? bo_error_message(err) : "");
    fflush(stdout);
}

static bo_engine *open_store(const char *path, uint32_t durability, int read_only) {
    bo_options options;
    bo_engine *engine = NULL;
    bo_error *err = NULL;
    bo_options_init(&options);
    options.durability = durability;
    options.read_only = read_only;
    bo_status status = bo_open(path, &options, &engine, &err);
    if (status != BO_OK) {
        fprintf(stderr, "driver: cannot open %s: %s: %s\n", path, bo_status_name(status), err ? bo_error_message(err) : "");
        bo_error_free(err);
        return NULL;
    }
    return engine;
}

static int setup(const char *path) {
    bo_engine *engine = open_store(path, BO_DURABLE, 0);
    char *json = NULL, details[256];
    bo_uuid org, event;
    long long now = (long long)time(NULL) * 1000;
    if (!engine) return 2;
    if (bo_organization_create(engine, "{\"name\":\"Torture\",\"slug\":\"torture\",\"email\":\"t@t.test\",\"currency\":\"EUR\"}", NULL, &json, NULL)
        || !json_uuid(json, "id", &org)) return 3;
    bo_free(json);
    snprintf(details, sizeof details, "{\"title\":\"Torture\",\"startsAt\":%lld,\"endsAt\":%lld}", now + 30 * 86400000LL, now + 31 * 86400000LL);
    if (bo_event_create(engine, &org, details, NULL, &json, NULL) || !json_uuid(json, "id", &event)) return 3;
    bo_free(json);
    if (bo_ticket_type_create(engine, &event, "{\"name\":\"GA\",\"priceMinor\":2500,\"currency\":\"EUR\",\"quantity\":1000000,\"maxPerOrder\":4}",
                              NULL, NULL, NULL)) return 3;
    if (bo_event_publish(engine, &event, NULL, NULL, NULL)) return 3;
    bo_close(engine);
    return 0;
}

/* The store's one event and tier. */
static int find_event(bo_engine *engine, bo_uuid *event, bo_uuid *tier) {
    char *json = NULL;
    bo_uuid org;
    int ok = bo_organization_get(engine, NULL, "torture", &json, NULL) == BO_OK && json_uuid(json, "id", &org);
    bo_free(json);
    json = NULL;
    ok = ok && bo_events_list(engine, &org, &json, NULL) == BO_OK && json_uuid(json, "id", event);
    bo_free(json);
    json = NULL;
    ok = ok && bo_ticket_types_list(engine, event, &json, NULL) == BO_OK && json_uuid(json, "id", tier);
    bo_free(json);
    return ok;
}

static int wants_stop(void) {
    fd_set set;
    struct timeval now = { 0, 0 };
    char line[16];
    FD_ZERO(&set);
    FD_SET(0, &set);
    return select(1, &set, NULL, NULL, &now) > 0 && (!fgets(line, sizeof line, stdin) || strncmp(line, "stop", 4) == 0);
}

/* The action of the feed entry (a flat JSON object in `json`) whose "sequence" is at `at`. */
static int entry_action(const char *json, const char *at, char *action, size_t size) {
    const char *start = at, *end = strchr(at, '}');
    char object[1024];
    while (start > json && *start != '{') start--;
    if (!end || end - start >= (long)sizeof object) return 0;
    memcpy(object, start, (size_t)(end - start));
    object[end - start] = '\0';
    action[0] = '\0';
    json_string(object, "action", action, size);
    return action[0] != '\0';
}

/* Reads the audit feed after *seen and acknowledges each entry: what a feed consumer has taken
 * in must stay (durable_sales leaves a hold's commit to the next flush; the feed flushes first). */
static void acknowledge_feed(bo_engine *engine, uint64_t *seen) {
    char *json = NULL;
    bo_error *err = NULL;
    bo_status status = bo_audit_feed(engine, *seen, 1000, &json, &err);
    if (status != BO_OK) { report("bo_audit_feed", status, err); bo_error_free(err); return; }
    for (const char *p = strstr(json, "\"sequence\":"); p; p = strstr(p + 1, "\"sequence\":")) {
        char action[48], entry[80];
        uint64_t sequence = strtoull(p + strlen("\"sequence\":"), NULL, 10);
        if (!entry_action(json, p, action, sizeof action)) continue;
        snprintf(entry, sizeof entry, "%llu:%s", (unsigned long long)sequence, action);
        acknowledge("audit", entry);
        if (sequence > *seen) *seen = sequence;
    }
    bo_free(json);
}

static int sell(const char *path, const char *mode, long count) {
    uint32_t durability = !strcmp(mode, "async") ? BO_ASYNC : !strcmp(mode, "meta_async") ? BO_META_ASYNC
                        : !strcmp(mode, "durable_sales") ? BO_DURABLE_SALES : BO_DURABLE;
    bo_engine *engine = open_store(path, durability, 0);
    bo_uuid event, tier;
    if (!engine) return 2;
    if (!find_event(engine, &event, &tier)) {
        fprintf(stderr, "driver: %s holds no torture event (run setup)\n", path);
        return 2;
    }
    uint64_t seen = 0;
    for (long i = 0; count == 0 ? !wants_stop() : i < count; i++) {
        bo_hold_item item = { tier, 1 + i % 3 };
        bo_hold_info hold;
        bo_uuid order;
        bo_error *err = NULL;
        char *json = NULL, number[16], code[40];
        bo_status status = bo_hold_create(engine, &event, &item, 1, NULL, 600000, NULL, NULL, &hold, &err);
        if (status != BO_OK) { report("bo_hold_create", status, err); bo_error_free(err); continue; }
        if (i % 4 == 2) acknowledge_feed(engine, &seen);  /* the hold's own entry among them */
        status = bo_hold_confirm(engine, &hold.hold_id, "pay", NULL, NULL, &order, &json, &err);
        if (status != BO_OK) { report("bo_hold_confirm", status, err); bo_error_free(err); bo_free(json); continue; }
        json_string(json, "number", number, sizeof number);
        json_string(strstr(json, "\"tickets\""), "code", code, sizeof code);
        bo_free(json);
        acknowledge("order", number);
        if (i % 7 == 3) {
            status = bo_order_refund(engine, &order, NULL, NULL, &err);
            if (status == BO_OK) acknowledge("refund", number); else report("bo_order_refund", status, err);
            bo_error_free(err);
            err = NULL;
        } else if (i % 5 == 1) {
            bo_checkin_result scan;
            status = bo_checkin(engine, code, "gate", NULL, NULL, &scan, &err);
            if (status == BO_OK && scan.accepted) acknowledge("checkin", code); else if (status != BO_OK) report("bo_checkin", status, err);
            bo_error_free(err);
        }
    }
    bo_close(engine);
    return 0;
}

static int check(const char *path, const char *acks) {
    bo_engine *engine = open_store(path, BO_DURABLE, 1);
    FILE *file = fopen(acks, "r");
    char line[256], *json = NULL, first[200] = "";
    int32_t clean = 0;
    long acknowledged = 0, lost = 0;
    if (!engine || !file) return 2;
    bo_error *err = NULL;
    bo_status status = bo_verify(engine, &clean, &json, &err);
    if (status != BO_OK) {
        fprintf(stderr, "driver: verify failed: %s: %s\n", bo_status_name(status), err ? bo_error_message(err) : "");
        return 2;
    }
    if (!clean && json) snprintf(first, sizeof first, "%.180s", json);
    bo_free(json);
    while (fgets(line, sizeof line, file)) {
        char kind[16], what[64], state[32];
        if (sscanf(line, "%15s %63s", kind, what) != 2) continue;
        acknowledged++;
        json = NULL;
        if (!strcmp(kind, "order") || !strcmp(kind, "refund")) {
            status = bo_order_get(engine, NULL, what, &json, NULL);
            json_string(json ? strstr(json, "\"order\":") : NULL, "status", state, sizeof state);
            int ok = status == BO_OK && (!strcmp(kind, "refund") ? !strcmp(state, "refunded") : state[0] != '\0');
            if (!ok) lost++;
        } else if (!strcmp(kind, "audit")) {
            char *colon = strchr(what, ':');
            uint64_t sequence = strtoull(what, NULL, 10);
            int ok = 0;
            if (colon && sequence > 0 && bo_audit_feed(engine, sequence - 1, 1, &json, NULL) == BO_OK) {
                char action[48];
                const char *p = json ? strstr(json, "\"sequence\":") : NULL;
                ok = p && strtoull(p + strlen("\"sequence\":"), NULL, 10) == sequence && entry_action(json, p, action, sizeof action)
                     && !strcmp(action, colon + 1);
            }
            if (!ok) lost++;
        } else if (!strcmp(kind, "checkin")) {
            status = bo_ticket_get(engine, what, &json, NULL);
            json_string(json ? strstr(json, "\"ticket\":") : NULL, "status", state, sizeof state);
            if (status != BO_OK || strcmp(state, "used") != 0) lost++;
        }
        bo_free(json);
    }
    fclose(file);
    bo_close(engine);
    printf("{\"clean\":%s,\"acknowledged\":%ld,\"lost\":%ld,\"problems\":\"", clean ? "true" : "false", acknowledged, lost);
    for (const char *p = first; *p; p++) if (*p != '"' && *p != '\\') putchar(*p);
    printf("\"}\n");
    return clean && lost == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    mark = (void (*)(const char *))dlsym(RTLD_DEFAULT, "boxoffice_shim_mark");
    if (argc == 3 && !strcmp(argv[1], "setup")) return setup(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "sell")) return sell(argv[2], argv[3], atol(argv[4]));
    if (argc == 4 && !strcmp(argv[1], "check")) return check(argv[2], argv[3]);
    fprintf(stderr, "usage: driver setup PATH | sell PATH durable|durable_sales|meta_async|async COUNT | check PATH ACKS\n");
    return 64;
}
