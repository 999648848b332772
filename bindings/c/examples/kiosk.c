/* A door scanner: reads ticket codes from stdin, one per line, and prints ACCEPT or REJECT with
 * the reason. Usage: kiosk PATH GATE [OPERATOR-UUID]
 *
 *   cc kiosk.c $(pkg-config --cflags --libs boxoffice) -o kiosk
 *   printf 'K7Q2...\n' | ./kiosk /var/lib/kiosk.boxoffice north-1
 */
#include <stdio.h>
#include <string.h>

#include "boxoffice.h"

static const char *reason_name(int32_t reason) {
    switch (reason) {
    case BO_CHECKIN_ALREADY_USED: return "already used";
    case BO_CHECKIN_CANCELLED: return "cancelled";
    case BO_CHECKIN_REFUNDED: return "refunded";
    case BO_CHECKIN_UNKNOWN_CODE: return "unknown code";
    case BO_CHECKIN_TRANSFERRED: return "transferred to someone else";
    case BO_CHECKIN_WRONG_EVENT: return "ticket for another event";
    case BO_CHECKIN_EVENT_CANCELLED: return "event cancelled";
    default: return "rejected";
    }
}

int main(int argc, char **argv) {
    bo_engine *engine = NULL;
    bo_error *error = NULL;
    bo_uuid operator_id;
    const bo_uuid *actor = NULL; /* NULL: the kiosk itself (the system) */
    char line[512];

    if (argc < 3) {
        fprintf(stderr, "usage: %s PATH GATE [OPERATOR-UUID]\n", argv[0]);
        return 2;
    }
    if (argc > 3) {
        if (bo_uuid_parse(argv[3], &operator_id) != BO_OK) {
            fprintf(stderr, "kiosk: '%s' is not an operator id\n", argv[3]);
            return 2;
        }
        actor = &operator_id;
    }
    bo_options options;
    bo_options_init(&options);
    options.must_exist = 1; /* a mistyped path is an error, not a new empty store */
    if (bo_open(argv[1], &options, &engine, &error) != BO_OK) {
        fprintf(stderr, "kiosk: %s\n", bo_error_message(error));
        bo_error_free(error);
        return 2;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        bo_checkin_result result;
        bo_status status;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') continue;
        status = bo_checkin(engine, line, argv[2], NULL, actor, &result, &error);
        if (status != BO_OK) {
            printf("ERROR %s: %s\n", bo_status_name(status), bo_error_message(error));
            bo_error_free(error);
            error = NULL;
        } else if (result.accepted) {
            printf("ACCEPT %s\n", line);
        } else if (result.reason == BO_CHECKIN_ALREADY_USED) {
            printf("REJECT %s: already used at %s\n", line, result.first_gate);
        } else {
            printf("REJECT %s: %s\n", line, reason_name(result.reason));
        }
        fflush(stdout);
    }
    bo_close(engine);
    return 0;
}
