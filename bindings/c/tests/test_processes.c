/* fork() and many processes on one file: a child never touches its parent's LMDB state, an
 * inherited handle gives BO_MISUSE, a child opens the file itself, and a prefork server (a parent
 * that opens, reads, then forks workers that open their own engines) sells from every process
 * without overselling. The reader-slot calls are checked too. Runs under valgrind. */
#define _DEFAULT_SOURCE /* mkdtemp under -std=c99 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boxoffice.h"
#include "check.h"
#include "json_fields.h"

#define WORKERS 4
#define SALES 15 /* per process */

static char path[300];
static bo_uuid org_id, event_id, tier_id;

static bo_engine *open_file(void) {
    bo_options options;
    bo_engine *engine = NULL;
    bo_error *err = NULL;
    bo_options_init(&options);
    options.durability = BO_ASYNC;
    CHECK_STATUS(bo_open(path, &options, &engine, &err), BO_OK, err);
    bo_error_free(err);
    return engine;
}

/* An event of 1,000 tickets in one tier, published. */
static void make_event(bo_engine *engine) {
    char details[256];
    char *json = NULL;
    long long now = (long long)time(NULL) * 1000;
    CHECK_STATUS(bo_organization_create(engine, "{\"name\":\"Fork\",\"slug\":\"fork\",\"email\":\"f@fork.test\",\"currency\":\"EUR\"}", NULL,
                                        &json, NULL), BO_OK, NULL);
    CHECK(take_id(json, &org_id));
    snprintf(details, sizeof details, "{\"title\":\"Prefork\",\"startsAt\":%lld,\"endsAt\":%lld}", now + 86400000LL, now + 90000000LL);
    CHECK_STATUS(bo_event_create(engine, &org_id, details, NULL, &json, NULL), BO_OK, NULL);
    CHECK(take_id(json, &event_id));
    CHECK_STATUS(bo_ticket_type_create(engine, &event_id, "{\"name\":\"GA\",\"priceMinor\":1000,\"currency\":\"EUR\",\"quantity\":1000}", NULL,
                                       &json, NULL), BO_OK, NULL);
    CHECK(take_id(json, &tier_id));
    CHECK_STATUS(bo_event_publish(engine, &event_id, NULL, NULL, NULL), BO_OK, NULL);
}

/* A read through the engine: the organization's events. */
static bo_status read_events(bo_engine *engine, bo_error **err) {
    char *json = NULL;
    bo_status status = bo_events_list(engine, &org_id, &json, err);
    bo_free(json);
    return status;
}

/* Sells `count` single tickets (hold, then confirm); returns how many sold. */
static int sell(bo_engine *engine, int count) {
    int sold = 0;
    for (int i = 0; i < count; i++) {
        bo_hold_item item;
        bo_hold_info hold;
        bo_error *err = NULL;
        item.ticket_type_id = tier_id;
        item.quantity = 1;
        bo_status status = bo_hold_create(engine, &event_id, &item, 1, NULL, 600000, NULL, NULL, &hold, &err);
        if (status == BO_OK) status = bo_hold_confirm(engine, &hold.hold_id, NULL, NULL, NULL, NULL, NULL, &err);
        if (status == BO_OK) {
            sold++;
        } else {
            fprintf(stderr, "pid %d: sale failed: %s: %s\n", (int)getpid(), bo_status_name(status), err ? bo_error_message(err) : "");
        }
        bo_error_free(err);
    }
    return sold;
}

static int64_t sold_so_far(bo_engine *engine) {
    bo_availability *a = NULL;
    int64_t sold = -1;
    CHECK_STATUS(bo_availability_get(engine, &event_id, &a, NULL), BO_OK, NULL);
    if (a != NULL && a->tier_count == 1) sold = a->tiers[0].sold;
    bo_availability_free(a);
    return sold;
}

/* Waits for a child and expects it to exit with 0 (it exits 1 when one of its CHECKs failed). */
static void expect_child_ok(pid_t child, const char *what) {
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) fprintf(stderr, "%s: child exited with status %d\n", what, status);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The child closes what it inherited and exits: the parent's next read still works. */
static void test_a_child_closing_its_copy_leaves_the_parent_alone(bo_engine *engine) {
    bo_error *err = NULL;
    CHECK_STATUS(read_events(engine, &err), BO_OK, err);
    pid_t child = fork();
    if (child == 0) {
        bo_close(engine);
        _exit(0);
    }
    expect_child_ok(child, "close in the child");
    CHECK_STATUS(read_events(engine, &err), BO_OK, err); /* MDB_BAD_RSLOT before the fix */
    bo_error_free(err);
    err = NULL;
    CHECK(sell(engine, 1) == 1);
}

/* In the child, the inherited handle is BO_MISUSE with a message that says what to do; the child
 * opens the file itself while the parent keeps it open, and sells. */
static void test_a_child_opens_the_file_itself(bo_engine *engine) {
    int64_t before = sold_so_far(engine);
    pid_t child = fork();
    if (child == 0) {
        bo_error *err = NULL;
        bo_engine *own;
        bo_hold_item item;
        CHECK_STATUS(read_events(engine, &err), BO_MISUSE, err);
        CHECK(err != NULL && strstr(bo_error_message(err), "fork") != NULL && strstr(bo_error_message(err), "open it again") != NULL);
        bo_error_free(err);
        err = NULL;
        item.ticket_type_id = tier_id;
        item.quantity = 1;
        CHECK_STATUS(bo_hold_create(engine, &event_id, &item, 1, NULL, 60000, NULL, NULL, NULL, &err), BO_MISUSE, err);
        bo_error_free(err);
        bo_close(engine);
        own = open_file();
        CHECK(sell(own, 3) == 3);
        bo_close(own);
        _exit(check_failed == 0 ? 0 : 1);
    }
    expect_child_ok(child, "open in the child");
    CHECK(sold_so_far(engine) == before + 3);
    CHECK(sell(engine, 1) == 1);
}

/* A prefork server: the parent has read, forks workers that each open the file and sell, and
 * keeps selling meanwhile. Every sale counts exactly once. */
static void test_prefork_workers_sell_beside_the_parent(bo_engine *engine) {
    pid_t workers[WORKERS];
    int64_t before = sold_so_far(engine);
    bo_error *err = NULL;
    int32_t clean = 0;
    CHECK_STATUS(read_events(engine, &err), BO_OK, err);
    for (int w = 0; w < WORKERS; w++) {
        workers[w] = fork();
        if (workers[w] == 0) {
            bo_engine *own = open_file();
            int sold = sell(own, SALES);
            CHECK(sold == SALES);
            bo_close(own);
            bo_close(engine); /* the inherited one, last: releases only the child's memory */
            _exit(check_failed == 0 ? 0 : 1);
        }
    }
    CHECK(sell(engine, SALES) == SALES);
    for (int w = 0; w < WORKERS; w++) expect_child_ok(workers[w], "prefork worker");
    CHECK(sold_so_far(engine) == before + (WORKERS + 1) * SALES);
    CHECK_STATUS(bo_verify(engine, &clean, NULL, &err), BO_OK, err);
    CHECK(clean == 1);
    bo_error_free(err);
}

static atomic_int busy_stop;
static bo_engine *busy_engine;

/* A thread that reads and sells without pause until busy_stop. */
static void *busy(void *arg) {
    long sold = 0;
    (void)arg;
    while (!atomic_load(&busy_stop)) {
        bo_availability *a = NULL;
        if (bo_availability_get(busy_engine, &event_id, &a, NULL) == BO_OK) bo_availability_free(a);
        sold += sell(busy_engine, 1);
    }
    return (void *)sold;
}

/* Forks while three threads are inside the library: each fork waits for the calls in flight, so
 * the child holds no lock of a thread it does not have, and opens, reads and sells at once. A
 * child that hangs is killed by its alarm and fails the test. */
static void test_forks_while_threads_are_inside_the_library(bo_engine *engine) {
    pthread_t threads[3];
    atomic_store(&busy_stop, 0);
    busy_engine = engine;
    for (int t = 0; t < 3; t++) pthread_create(&threads[t], NULL, busy, NULL);
    for (int f = 0; f < 6; f++) {
        pid_t child = fork();
        if (child == 0) {
            alarm(120);
            bo_engine *own = open_file();
            bo_availability *a = NULL;
            CHECK_STATUS(bo_availability_get(own, &event_id, &a, NULL), BO_OK, NULL);
            bo_availability_free(a);
            CHECK(sell(own, 1) == 1);
            bo_close(own);
            bo_close(engine);
            _exit(check_failed == 0 ? 0 : 1);
        }
        expect_child_ok(child, "fork while busy");
    }
    atomic_store(&busy_stop, 1);
    for (int t = 0; t < 3; t++) {
        void *sold;
        pthread_join(threads[t], &sold);
        CHECK((long)sold > 0);
    }
}

/* Listing reader slots and clearing stale ones, with and without out-parameters. */
static void test_reader_slots(bo_engine *engine) {
    char *json = NULL;
    int32_t cleared = -1;
    CHECK_STATUS(bo_readers_list(engine, &json, NULL), BO_OK, NULL);
    CHECK(json != NULL && json[0] == '[');
    bo_free(json);
    CHECK_STATUS(bo_readers_list(engine, NULL, NULL), BO_OK, NULL);
    CHECK_STATUS(bo_readers_clear_stale(engine, &cleared, NULL), BO_OK, NULL);
    CHECK(cleared == 0);
    CHECK_STATUS(bo_readers_clear_stale(engine, NULL, NULL), BO_OK, NULL);
    CHECK_STATUS(bo_readers_list(NULL, &json, NULL), BO_MISUSE, NULL);
    CHECK_STATUS(bo_readers_clear_stale(NULL, &cleared, NULL), BO_MISUSE, NULL);
}

int main(void) {
    char dir[] = "/tmp/boxoffice-processes-XXXXXX";
    char command[300];
    bo_engine *engine;
    if (mkdtemp(dir) == NULL) return 2;
    snprintf(path, sizeof path, "%s/processes.boxoffice", dir);
    engine = open_file();
    if (engine == NULL) return check_summary("test_processes");
    make_event(engine);
    test_a_child_closing_its_copy_leaves_the_parent_alone(engine);
    test_a_child_opens_the_file_itself(engine);
    test_prefork_workers_sell_beside_the_parent(engine);
    test_forks_while_threads_are_inside_the_library(engine);
    test_reader_slots(engine);
    bo_close(engine);
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) return 2;
    return check_summary("test_processes");
}
