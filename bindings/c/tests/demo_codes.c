/* Test helper: prints the ticket codes of the first N confirmed orders of a data file, one per
 * line, found through the audit feed. Usage: demo_codes PATH N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boxoffice.h"

int main(int argc, char **argv) {
    bo_engine *engine = NULL;
    bo_options options;
    char *feed = NULL;
    const char *cursor;
    int wanted, orders = 0;
    if (argc != 3) return 2;
    wanted = atoi(argv[2]);
    bo_options_init(&options);
    options.read_only = 1;
    if (bo_open(argv[1], &options, &engine, NULL) != BO_OK) return 2;
    if (bo_audit_feed(engine, 0, 10000, &feed, NULL) != BO_OK) return 2;
    /* Entries look like {"action":"order.confirm",...,"entityId":"UUID",...}. */
    for (cursor = strstr(feed, "\"action\":\"order.confirm\""); cursor != NULL && orders < wanted;
         cursor = strstr(cursor + 1, "\"action\":\"order.confirm\"")) {
        const char *id_at = strstr(cursor, "\"entityId\":\"");
        char id_text[37];
        bo_uuid id;
        char *order = NULL;
        const char *code;
        if (id_at == NULL) break;
        memcpy(id_text, id_at + 12, 36);
        id_text[36] = '\0';
        if (bo_uuid_parse(id_text, &id) != BO_OK || bo_order_get(engine, &id, NULL, &order, NULL) != BO_OK) continue;
        for (code = strstr(order, "\"code\":\""); code != NULL; code = strstr(code + 1, "\"code\":\"")) {
            printf("%.26s\n", code + 8);
        }
        bo_free(order);
        orders++;
    }
    bo_free(feed);
    bo_close(engine);
    return 0;
}
