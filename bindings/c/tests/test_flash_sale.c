/* A flash sale: 32 threads share one engine handle and race for the 1,000 tickets of an event
 * (4 tiers of 250, an event capacity of 1,000), each making hold + confirm attempts of 1 to 4
 * tickets of a random tier. Exactly 1,000 tickets must be sold, none twice, and verify must stay
 * clean. Runs under valgrind (which serializes threads), so the attempts are bounded. */
#define _DEFAULT_SOURCE /* mkdtemp, pthread_barrier under -std=c99 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boxoffice.h"
#include "check.h"
#include "json_fields.h"

#define THREADS 32
#define TIERS 4
#define PER_TIER 250
#define TICKETS (TIERS * PER_TIER)
#define MAX_ATTEMPTS 100 /* per thread (3,200 in all); the sale needs about 650 */

static bo_engine *engine;
static bo_uuid event_id;
static bo_uuid tier_ids[TIERS];
static pthread_barrier_t start;

typedef struct {
    int index;
    unsigned seed;
    int attempts;
    int orders;
    int64_t sold;               /* tickets this thread bought */
    int64_t sold_by_tier[TIERS];
    int sold_out;               /* BO_SOLD_OUT answers */
    int failures;               /* anything else than BO_OK / BO_SOLD_OUT from a hold, BO_OK from a confirm */
    int finished;               /* 1: saw every tier sold out (not stopped by MAX_ATTEMPTS) */
} buyer;

static void report(const buyer *b, const char *what, bo_status status, bo_error *err) {
    fprintf(stderr, "thread %d: %s returned %s: %s\n", b->index, what, bo_status_name(status), err ? bo_error_message(err) : "");
}

/* Buys until every tier answers BO_SOLD_OUT to a single ticket. A larger request that is refused
 * is retried once for one ticket of the same tier, so the last tickets of each tier sell too.
 * Held tickets are confirmed at once, so a tier that is sold out for one ticket stays sold out. */
static void *buy(void *arg) {
    buyer *b = arg;
    int exhausted[TIERS] = {0};
    int left = TIERS;
    int retry_tier = -1;

    pthread_barrier_wait(&start);
    while (left > 0 && b->attempts < MAX_ATTEMPTS) {
        bo_hold_item item;
        bo_hold_info info;
        bo_error *err = NULL;
        bo_status status;
        int tier;

        if (retry_tier >= 0) {
            tier = retry_tier;
            item.quantity = 1;
            retry_tier = -1;
        } else {
            int pick = (int)(rand_r(&b->seed) % (unsigned)left);
            for (tier = 0; tier < TIERS; tier++) {
                if (!exhausted[tier] && pick-- == 0) break;
            }
            item.quantity = 1 + (int64_t)(rand_r(&b->seed) % 4);
        }
        item.ticket_type_id = tier_ids[tier];
        b->attempts++;

        status = bo_hold_create(engine, &event_id, &item, 1, NULL, 600000, NULL, NULL, &info, &err);
        if (status == BO_OK) {
            bo_uuid order_id;
            bo_error *confirm_err = NULL;
            bo_status confirmed = bo_hold_confirm(engine, &info.hold_id, NULL, NULL, NULL, &order_id, NULL, &confirm_err);
            if (confirmed == BO_OK && info.ticket_count == item.quantity) {
                b->orders++;
                b->sold += item.quantity;
                b->sold_by_tier[tier] += item.quantity;
            } else {
                b->failures++;
                report(b, "bo_hold_confirm", confirmed, confirm_err);
            }
            bo_error_free(confirm_err);
        } else if (status == BO_SOLD_OUT) {
            b->sold_out++;
            if (item.quantity > 1) {
                retry_tier = tier;
            } else {
                exhausted[tier] = 1;
                left--;
            }
        } else {
            b->failures++;
            report(b, "bo_hold_create", status, err);
        }
        bo_error_free(err);
    }
    b->finished = left == 0;
    return NULL;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void) {
    char dir[] = "/tmp/boxoffice-flash-XXXXXX";
    char path[300], details[512], command[300];
    bo_options options;
    bo_error *err = NULL;
    bo_uuid org_id;
    char *json = NULL;
    bo_availability *a = NULL;
    pthread_t threads[THREADS];
    buyer buyers[THREADS];
    int64_t sold = 0, sold_by_tier[TIERS] = {0};
    int attempts = 0, orders = 0, sold_out = 0, failures = 0, finished = 0;
    int32_t clean = -1;
    long long now;
    double started;
    int i, t;

    if (mkdtemp(dir) == NULL) return 2;
    bo_options_init(&options);
    options.durability = BO_ASYNC;
    snprintf(path, sizeof path, "%s/flash.boxoffice", dir);
    CHECK_STATUS(bo_open(path, &options, &engine, &err), BO_OK, err);
    bo_error_free(err);
    err = NULL;
    if (engine == NULL) return check_summary("test_flash_sale");

    /* An organization, an event with a capacity of 1,000 and four tiers of 250. */
    CHECK_STATUS(bo_organization_create(engine, "{\"name\":\"Flash\",\"slug\":\"flash\",\"email\":\"sale@flash.test\",\"currency\":\"EUR\"}",
                                        NULL, &json, &err),
                 BO_OK, err);
    CHECK(take_id(json, &org_id));
    now = (long long)time(NULL) * 1000;
    snprintf(details, sizeof details, "{\"title\":\"Flash Sale\",\"startsAt\":%lld,\"endsAt\":%lld,\"capacity\":%d}",
             now + 86400000LL, now + 90000000LL, TICKETS);
    CHECK_STATUS(bo_event_create(engine, &org_id, details, NULL, &json, &err), BO_OK, err);
    CHECK(take_id(json, &event_id));
    for (t = 0; t < TIERS; t++) {
        snprintf(details, sizeof details, "{\"name\":\"Tier %d\",\"priceMinor\":%d,\"currency\":\"EUR\",\"quantity\":%d,\"sortOrder\":%d}",
                 t + 1, 1000 * (t + 1), PER_TIER, t);
        CHECK_STATUS(bo_ticket_type_create(engine, &event_id, details, NULL, &json, &err), BO_OK, err);
        CHECK(take_id(json, &tier_ids[t]));
    }
    CHECK_STATUS(bo_event_publish(engine, &event_id, NULL, NULL, &err), BO_OK, err);
    bo_error_free(err);
    err = NULL;

    /* The sale. */
    started = seconds();
    pthread_barrier_init(&start, NULL, THREADS);
    for (i = 0; i < THREADS; i++) {
        memset(&buyers[i], 0, sizeof buyers[i]);
        buyers[i].index = i;
        buyers[i].seed = 0x9E3779B9u * (unsigned)(i + 1);
        if (pthread_create(&threads[i], NULL, buy, &buyers[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 2;
        }
    }
    for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    for (i = 0; i < THREADS; i++) {
        attempts += buyers[i].attempts;
        orders += buyers[i].orders;
        sold += buyers[i].sold;
        sold_out += buyers[i].sold_out;
        failures += buyers[i].failures;
        finished += buyers[i].finished;
        for (t = 0; t < TIERS; t++) sold_by_tier[t] += buyers[i].sold_by_tier[t];
    }
    printf("flash sale: %d threads (%d stopped at %d attempts), %d attempts, %d orders, %lld tickets, %d sold-out answers, %.1f s\n",
           THREADS, THREADS - finished, MAX_ATTEMPTS, attempts, orders, (long long)sold, sold_out, seconds() - started);

    CHECK(failures == 0);
    /* A thread that saw every tier sold out for one ticket proves nothing is left; under valgrind, whose
     * long time slices let an early thread use all its attempts alone, some stop at MAX_ATTEMPTS. */
    CHECK(finished >= 1);
    CHECK(sold == TICKETS);
    for (t = 0; t < TIERS; t++) CHECK(sold_by_tier[t] == PER_TIER);

    /* What the engine says: exactly 1,000 sold, nothing held, nothing left. */
    CHECK_STATUS(bo_availability_get(engine, &event_id, &a, &err), BO_OK, err);
    bo_error_free(err);
    err = NULL;
    CHECK(a != NULL && a->tier_count == TIERS);
    if (a != NULL) {
        int64_t engine_sold = 0;
        size_t k;
        for (k = 0; k < a->tier_count; k++) {
            const bo_tier_availability *tier = &a->tiers[k];
            engine_sold += tier->sold;
            CHECK(tier->quantity == PER_TIER && tier->sold == PER_TIER && tier->held == 0 && tier->available == 0);
            for (t = 0; t < TIERS; t++) {
                if (memcmp(tier->ticket_type_id.bytes, tier_ids[t].bytes, 16) == 0) CHECK(tier->sold == sold_by_tier[t]);
            }
        }
        CHECK(engine_sold == TICKETS);
        CHECK(a->has_capacity != 0 && a->capacity == TICKETS && a->capacity_remaining == 0);
    }
    bo_availability_free(a);

    /* One more ticket of any tier is refused. */
    for (t = 0; t < TIERS; t++) {
        bo_hold_item item;
        item.ticket_type_id = tier_ids[t];
        item.quantity = 1;
        CHECK_STATUS(bo_hold_create(engine, &event_id, &item, 1, NULL, 60000, NULL, NULL, NULL, &err), BO_SOLD_OUT, err);
        bo_error_free(err);
        err = NULL;
    }

    CHECK_STATUS(bo_verify(engine, &clean, &json, &err), BO_OK, err);
    CHECK(clean == 1);
    if (clean != 1 && json != NULL) fprintf(stderr, "verify: %s\n", json);
    bo_free(json);
    bo_error_free(err);
    CHECK_STATUS(bo_sync(engine, NULL), BO_OK, NULL);
    bo_close(engine);

    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) return 2;
    return check_summary("test_flash_sale");
}
