/* libFuzzer target: every C entry point that takes text, JSON, ids or codes, fed with fuzzed
 * bytes, on one engine with a published event, a customer and an order to aim at. The first
 * byte picks the call; the rest, split at the first 0x1f, gives up to two NUL-terminated
 * strings (the JSON or text, and a second text such as a PIN or a gate). Any crash, trap, leak
 * or ASan report is a bug; every call must answer with a status. `make fuzz` runs it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boxoffice.h"
#include "json_fields.h"

static bo_engine *engine;
static bo_uuid org, event, tier, customer, user, order;
static char code[40], number[16];

static char dir[] = "/tmp/boxoffice-fuzz-api-XXXXXX";

/* libFuzzer ends with exit(): the scratch store goes with it. */
static void remove_dir(void) {
    char command[64];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    char path[300], details[256];
    char *json = NULL;
    bo_options options;
    bo_hold_item item;
    bo_hold_info hold;
    long long now = (long long)time(NULL) * 1000;
    if (!mkdtemp(dir)) abort();
    atexit(remove_dir);
    snprintf(path, sizeof path, "%s/fuzz.boxoffice", dir);
    bo_options_init(&options);
    options.durability = BO_ASYNC;
    if (bo_open(path, &options, &engine, NULL) != BO_OK) abort();
    if (bo_organization_create(engine, "{\"name\":\"Fuzz\",\"slug\":\"fuzz\",\"email\":\"f@f.test\",\"currency\":\"EUR\"}", NULL, &json, NULL)) abort();
    if (!take_id(json, &org)) abort();  /* setup must work */
    snprintf(details, sizeof details, "{\"title\":\"Fuzz\",\"startsAt\":%lld,\"endsAt\":%lld}", now + 86400000LL, now + 90000000LL);
    if (bo_event_create(engine, &org, details, NULL, &json, NULL)) abort();
    if (!take_id(json, &event)) abort();  /* setup must work */
    if (bo_ticket_type_create(engine, &event, "{\"name\":\"GA\",\"priceMinor\":1000,\"currency\":\"EUR\",\"quantity\":100000000}", NULL, &json, NULL))
        abort();
    if (!take_id(json, &tier)) abort();  /* setup must work */
    if (bo_event_publish(engine, &event, NULL, NULL, NULL)) abort();
    if (bo_customer_create(engine, &org, "{\"email\":\"c@f.test\"}", NULL, &json, NULL)) abort();
    if (!take_id(json, &customer)) abort();  /* setup must work */
    if (bo_user_create(engine, &org, "{\"name\":\"U\",\"email\":\"u@f.test\",\"role\":\"manager\"}", "1234", NULL, &json, NULL)) abort();
    if (!take_id(json, &user)) abort();  /* setup must work */
    item.ticket_type_id = tier;
    item.quantity = 2;
    if (bo_hold_create(engine, &event, &item, 1, NULL, 600000, NULL, NULL, &hold, NULL)) abort();
    if (bo_hold_confirm(engine, &hold.hold_id, "p", NULL, NULL, &order, &json, NULL)) abort();
    json_string(json, "number", number, sizeof number);
    json_string(strstr(json, "\"tickets\""), "code", code, sizeof code);
    bo_free(json);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    char *a = malloc(size), *b;
    memcpy(a, data + 1, size - 1);
    a[size - 1] = '\0';
    b = memchr(a, 0x1f, size - 1);
    if (b) *b++ = '\0'; else b = a + size - 1;
    char *json = NULL;
    bo_error *err = NULL;
    bo_uuid id;
    bo_checkin_result scan;
    bo_availability *availability = NULL;
    int32_t ok;
    switch (data[0] % 24) {
    case 0: bo_organization_create(engine, a, NULL, &json, &err); break;
    case 1: bo_organization_update(engine, &org, a, 0, NULL, &json, &err); break;
    case 2: bo_event_create(engine, &org, a, NULL, &json, &err); break;
    case 3: bo_event_update(engine, &event, a, 0, NULL, &json, &err); break;
    case 4: bo_ticket_type_create(engine, &event, a, NULL, &json, &err); break;
    case 5: bo_ticket_type_update(engine, &tier, a, 0, NULL, &json, &err); break;
    case 6: bo_customer_create(engine, &org, a, NULL, &json, &err); break;
    case 7: bo_customer_update(engine, &customer, a, 0, NULL, &json, &err); break;
    case 8: bo_user_create(engine, &org, a, b, NULL, &json, &err); break;
    case 9: bo_user_update(engine, &user, a, 0, NULL, &json, &err); break;
    case 10: if (bo_uuid_parse(a, &id) == BO_OK) bo_event_get(engine, &id, &json, &err); break;
    case 11: bo_organization_get(engine, NULL, a, &json, &err); break;
    case 12: bo_order_get(engine, NULL, a, &json, &err); break;
    case 13: bo_ticket_get(engine, a, &json, &err); break;
    case 14: bo_checkin(engine, a, b, NULL, NULL, &scan, &err); break;
    case 15: bo_ticket_transfer(engine, code, a, b, NULL, &json, &err); break;
    case 16: bo_order_cancel(engine, &order, a, NULL, &json, &err); break;
    case 17: {
        /* Raw bytes as hold items: ids and quantities of any value. */
        size_t count = (size - 1) / sizeof(bo_hold_item);
        bo_hold_item *items = malloc(count * sizeof(bo_hold_item) + 1);
        bo_hold_info hold;
        memcpy(items, data + 1, count * sizeof(bo_hold_item));
        bo_hold_create(engine, &event, items, (ptrdiff_t)count, NULL, 60000, a, NULL, &hold, &err);
        free(items);
        break;
    }
    case 18: if (size - 1 <= 8 && size > 1) bo_user_verify_pin(engine, &user, a, &ok, &err); break;
    case 19: bo_availability_get(engine, &event, &availability, &err); bo_audit_feed(engine, (uint64_t)size, (int32_t)data[0], &json, NULL); break;
    case 20: bo_customer_get_by_email(engine, &org, a, &json, &err); break;
    case 21: /* a cursor, and a limit from the input's length */
        if (data[0] & 0x80) bo_orders_list_by_event(engine, &event, a, (int32_t)size - 1, &json, &err);
        else bo_orders_list_by_customer(engine, &customer, a, (int32_t)size - 1, &json, &err);
        break;
    case 22: { /* a currency code and an amount: a known code writes money, an unknown one NULL */
        int64_t minor = 0;
        memcpy(&minor, data + 1, size - 1 < sizeof minor ? size - 1 : sizeof minor);
        char *text = bo_money_format(minor, a);
        if ((bo_currency_minor_units(a) < 0) != (text == NULL)) abort();
        bo_free(text);
        break;
    }
    case 23: { /* any clock, then a hold and a sweep under it, then the system clock again */
        int64_t now = 0;
        int64_t swept = 0;
        bo_hold_item item;
        bo_hold_info hold;
        memcpy(&now, data + 1, size - 1 < sizeof now ? size - 1 : sizeof now);
        item.ticket_type_id = tier;
        item.quantity = 1;
        if (bo_clock_set(engine, now, &err) == BO_OK) {
            bo_hold_create(engine, &event, &item, 1, NULL, 60000, NULL, NULL, &hold, NULL);
            bo_holds_expire(engine, 0, NULL, &swept, NULL);
        }
        bo_clock_set(engine, 0, NULL);
        break;
    }
    }
    if (err) {
        if (bo_error_code(err) == BO_OK || bo_error_message(err)[0] == '\0') abort();  /* a failure says what */
        if (bo_error_details(err) == NULL || bo_error_details(err)[0] != '{') abort();  /* and its details */
        bo_error_free(err);
    }
    bo_availability_free(availability);
    bo_free(json);
    free(a);
    (void)number;
    return 0;
}
