/* Every function that changes data, called with every optional out-parameter NULL: it still does
 * its work. Each call is checked twice: the newest audit entry names its action (and gives the
 * id of what it made), and a lookup shows the change. An optional out-parameter says where to
 * put an answer; it must never decide whether the work happens. Runs under valgrind. */
#define _DEFAULT_SOURCE /* mkdtemp under -std=c99 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boxoffice.h"
#include "check.h"
#include "json_fields.h"

static bo_engine *engine;
static uint64_t last_sequence;

/* The newest audit entry must be the only one since the last call, with this action; its entity id
 * goes to *entity (may be NULL). */
static void expect_audit(const char *action, bo_uuid *entity, int line) {
    char *json = NULL, found[64], id[40];
    int count = 0;
    CHECK_STATUS(bo_audit_feed(engine, last_sequence, 100, &json, NULL), BO_OK, NULL);
    for (const char *p = json; p != NULL && (p = strstr(p, "\"sequence\":")) != NULL; p++) count++;
    if (count != 1) {
        check_failed++;
        fprintf(stderr, "%s:%d: %d audit entries for %s, expected 1: %s\n", __FILE__, line, count, action, json ? json : "");
        bo_free(json);
        last_sequence += (uint64_t)count;
        return;
    }
    last_sequence++;
    json_string(json, "action", found, sizeof found);
    json_string(json, "entityId", id, sizeof id);
    if (strcmp(found, action) == 0) {
        check_passed++;
    } else {
        check_failed++;
        fprintf(stderr, "%s:%d: the audit entry is %s, expected %s\n", __FILE__, line, found, action);
    }
    if (entity != NULL) CHECK(bo_uuid_parse(id, entity) == BO_OK);
    bo_free(json);
}
#define EXPECT_AUDIT(action, entity) expect_audit(action, entity, __LINE__)

/* A lookup's JSON contains `needle`. */
#define EXPECT_JSON(call, needle)                                                 \
    do {                                                                          \
        char *json_ = NULL;                                                       \
        CHECK_STATUS(call, BO_OK, NULL);                                          \
        CHECK(json_ != NULL && strstr(json_, needle) != NULL);                    \
        if (json_ == NULL || strstr(json_, needle) == NULL)                       \
            fprintf(stderr, "  %s lacks %s: %s\n", #call, needle, json_ ? json_ : "(null)"); \
        bo_free(json_);                                                           \
    } while (0)

/* The one tier's counts of an event: its tier availability, or all -1. */
static bo_tier_availability counts(const bo_uuid *event_id) {
    bo_availability *a = NULL;
    bo_tier_availability tier;
    memset(&tier, 0, sizeof tier);
    tier.held = tier.sold = -1;
    CHECK_STATUS(bo_availability_get(engine, event_id, &a, NULL), BO_OK, NULL);
    if (a != NULL && a->tier_count == 1) tier = a->tiers[0];
    bo_availability_free(a);
    return tier;
}

static int64_t sold(const bo_uuid *event_id) { return counts(event_id).sold; }
static int64_t held(const bo_uuid *event_id) { return counts(event_id).held; }

int main(void) {
    char dir[] = "/tmp/boxoffice-null-XXXXXX", path[300], details[400], command[300], code[40], number[20];
    bo_options options;
    bo_uuid org, user, customer, event, tier, hold, order, ticket;
    bo_hold_item item;
    long long now = (long long)time(NULL) * 1000;
    int32_t clean = -1;

    if (mkdtemp(dir) == NULL) return 2;
    snprintf(path, sizeof path, "%s/null.boxoffice", dir);
    bo_options_init(&options);
    options.durability = BO_ASYNC;
    CHECK_STATUS(bo_open(path, &options, &engine, NULL), BO_OK, NULL);
    if (engine == NULL) return check_summary("test_null_outputs");

    /* Organizations, users, customers. */
    CHECK_STATUS(bo_organization_create(engine, "{\"name\":\"Null\",\"slug\":\"null\",\"email\":\"n@null.test\",\"currency\":\"EUR\"}",
                                        NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("organization.create", &org);
    EXPECT_JSON(bo_organization_get(engine, NULL, "null", &json_, NULL), "\"name\":\"Null\"");
    CHECK_STATUS(bo_organization_update(engine, &org, "{\"name\":\"Null Renamed\",\"slug\":\"null\",\"email\":\"n@null.test\",\"currency\":\"EUR\"}",
                                        0, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("organization.update", NULL);
    EXPECT_JSON(bo_organization_get(engine, &org, NULL, &json_, NULL), "Null Renamed");

    CHECK_STATUS(bo_user_create(engine, &org, "{\"name\":\"Door\",\"email\":\"door@null.test\",\"role\":\"operator\"}", "2468", NULL, NULL, NULL),
                 BO_OK, NULL);
    EXPECT_AUDIT("user.create", &user);
    EXPECT_JSON(bo_user_get(engine, &user, &json_, NULL), "\"name\":\"Door\"");
    CHECK_STATUS(bo_user_update(engine, &user, "{\"name\":\"Door Two\",\"email\":\"door@null.test\",\"role\":\"operator\"}", 0, NULL, NULL, NULL),
                 BO_OK, NULL);
    EXPECT_AUDIT("user.update", NULL);
    EXPECT_JSON(bo_user_get(engine, &user, &json_, NULL), "Door Two");
    CHECK_STATUS(bo_user_set_pin(engine, &user, "1357", NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("user.pin", NULL);
    {
        int32_t ok = 0;
        CHECK_STATUS(bo_user_verify_pin(engine, &user, "1357", &ok, NULL), BO_OK, NULL);
        CHECK(ok == 1);
        CHECK_STATUS(bo_user_verify_pin(engine, &user, "1357", NULL, NULL), BO_INVALID_ARGUMENT, NULL); /* the answer is the point */
    }

    CHECK_STATUS(bo_customer_create(engine, &org, "{\"email\":\"ada@null.test\",\"firstName\":\"Ada\"}", NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("customer.create", &customer);
    EXPECT_JSON(bo_customer_get(engine, &customer, &json_, NULL), "\"firstName\":\"Ada\"");
    CHECK_STATUS(bo_customer_update(engine, &customer, "{\"email\":\"ada@null.test\",\"firstName\":\"Augusta\"}", 0, NULL, NULL, NULL),
                 BO_OK, NULL);
    EXPECT_AUDIT("customer.update", NULL);
    EXPECT_JSON(bo_customer_get(engine, &customer, &json_, NULL), "Augusta");

    /* Events and tiers. */
    snprintf(details, sizeof details, "{\"title\":\"Null Night\",\"startsAt\":%lld,\"endsAt\":%lld}", now + 86400000LL, now + 90000000LL);
    CHECK_STATUS(bo_event_create(engine, &org, details, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("event.create", &event);
    snprintf(details, sizeof details, "{\"title\":\"Null Night II\",\"startsAt\":%lld,\"endsAt\":%lld}", now + 86400000LL, now + 90000000LL);
    CHECK_STATUS(bo_event_update(engine, &event, details, 0, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("event.update", NULL);
    EXPECT_JSON(bo_event_get(engine, &event, &json_, NULL), "Null Night II");
    CHECK_STATUS(bo_ticket_type_create(engine, &event, "{\"name\":\"GA\",\"priceMinor\":1000,\"currency\":\"EUR\",\"quantity\":10}", NULL, NULL, NULL),
                 BO_OK, NULL);
    EXPECT_AUDIT("ticket_type.create", &tier);
    CHECK_STATUS(bo_ticket_type_update(engine, &tier, "{\"name\":\"General\",\"priceMinor\":1000,\"currency\":\"EUR\",\"quantity\":10}", 0, NULL,
                                       NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("ticket_type.update", NULL);
    EXPECT_JSON(bo_ticket_types_list(engine, &event, &json_, NULL), "\"name\":\"General\"");
    CHECK_STATUS(bo_event_publish(engine, &event, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("event.publish", NULL);
    EXPECT_JSON(bo_event_get(engine, &event, &json_, NULL), "\"status\":\"published\"");

    /* Holds: create, extend, release, and one left to expire. */
    item.ticket_type_id = tier;
    item.quantity = 2;
    CHECK_STATUS(bo_hold_create(engine, &event, &item, 1, NULL, 60000, NULL, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("hold.create", &hold);
    CHECK(held(&event) == 2);
    CHECK_STATUS(bo_hold_extend(engine, &hold, 120000, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("hold.extend", NULL);
    CHECK_STATUS(bo_hold_release(engine, &hold, NULL, NULL, NULL), BO_OK, NULL); /* did nothing before the fix */
    EXPECT_AUDIT("hold.release", NULL);
    CHECK(held(&event) == 0);
    EXPECT_JSON(bo_hold_get(engine, &hold, &json_, NULL), "\"status\":\"released\"");
    CHECK_STATUS(bo_hold_release(NULL, NULL, NULL, NULL, NULL), BO_MISUSE, NULL);
    CHECK_STATUS(bo_hold_release(engine, NULL, NULL, NULL, NULL), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_holds_expire(engine, 0, NULL, NULL, NULL), BO_OK, NULL); /* nothing expired: no entry */

    /* Orders: confirm, refund a ticket, cancel. */
    item.quantity = 3;
    CHECK_STATUS(bo_hold_create(engine, &event, &item, 1, &customer, 60000, NULL, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("hold.create", &hold);
    CHECK_STATUS(bo_hold_confirm(engine, &hold, "pay-1", NULL, NULL, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("order.confirm", &order);
    CHECK(sold(&event) == 3);
    {
        char *json = NULL;
        CHECK_STATUS(bo_order_get(engine, &order, NULL, &json, NULL), BO_OK, NULL);
        json_string(json, "number", number, sizeof number);
        json_string(json ? strstr(json, "\"tickets\"") : NULL, "code", code, sizeof code);
        {
            const char *t = json ? strstr(json, "\"tickets\"") : NULL;
            char id[40];
            json_string(t, "id", id, sizeof id);
            CHECK(bo_uuid_parse(id, &ticket) == BO_OK);
        }
        bo_free(json);
    }
    CHECK(number[0] != '\0' && code[0] != '\0');
    CHECK_STATUS(bo_checkin(engine, code, "north", NULL, NULL, NULL, NULL), BO_INVALID_ARGUMENT, NULL); /* the answer is the point */
    CHECK_STATUS(bo_ticket_transfer(engine, code, "Grace", "grace@null.test", NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("ticket.transfer", NULL);
    EXPECT_JSON(bo_order_get(engine, NULL, number, &json_, NULL), "grace@null.test");
    CHECK_STATUS(bo_tickets_refund(engine, &order, &ticket, 1, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("order.refund", NULL);
    CHECK(sold(&event) == 2);
    CHECK_STATUS(bo_order_cancel(engine, &order, "no show", NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("order.cancel", NULL);
    CHECK(sold(&event) == 0);
    EXPECT_JSON(bo_order_get(engine, &order, NULL, &json_, NULL), "\"status\":\"cancelled\"");

    item.quantity = 1;
    CHECK_STATUS(bo_hold_create(engine, &event, &item, 1, NULL, 60000, NULL, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("hold.create", &hold);
    CHECK_STATUS(bo_hold_confirm(engine, &hold, NULL, NULL, NULL, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("order.confirm", &order);
    CHECK_STATUS(bo_order_refund(engine, &order, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("order.refund", NULL);
    EXPECT_JSON(bo_order_get(engine, &order, NULL, &json_, NULL), "\"status\":\"refunded\"");

    CHECK_STATUS(bo_event_cancel(engine, &event, NULL, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("event.cancel", NULL);
    EXPECT_JSON(bo_event_get(engine, &event, &json_, NULL), "\"status\":\"cancelled\"");
    CHECK_STATUS(bo_event_delete(engine, &event, NULL, NULL), BO_OK, NULL);
    EXPECT_AUDIT("event.delete", NULL);
    CHECK_STATUS(bo_event_get(engine, &event, NULL, NULL), BO_NOT_FOUND, NULL);

    /* Maintenance with no outputs still runs. */
    snprintf(details, sizeof details, "%s/backup", dir);
    CHECK_STATUS(bo_backup(engine, details, NULL), BO_OK, NULL);
    {
        bo_engine *copy = NULL;
        CHECK_STATUS(bo_open(details, NULL, &copy, NULL), BO_OK, NULL);
        CHECK_STATUS(bo_verify(copy, &clean, NULL, NULL), BO_OK, NULL);
        CHECK(clean == 1);
        bo_close(copy);
    }
    CHECK_STATUS(bo_verify(engine, NULL, NULL, NULL), BO_OK, NULL);
    CHECK_STATUS(bo_sync(engine, NULL), BO_OK, NULL);
    bo_close(engine);
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) return 2;
    return check_summary("test_null_outputs");
}
