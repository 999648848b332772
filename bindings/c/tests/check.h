/* A minimal test harness: CHECK counts, and the run ends with "N passed, N failed". */
#ifndef BOXOFFICE_CHECK_H
#define BOXOFFICE_CHECK_H
#include <stdio.h>

static int check_passed = 0;
static int check_failed = 0;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) {                                                                     \
            check_passed++;                                                             \
        } else {                                                                        \
            check_failed++;                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
        }                                                                               \
    } while (0)

/* A status, with the message of the error object when it is not the expected one. */
#define CHECK_STATUS(call, expected, err)                                                              \
    do {                                                                                               \
        bo_status got_ = (call);                                                                       \
        if (got_ == (expected)) {                                                                      \
            check_passed++;                                                                            \
        } else {                                                                                       \
            check_failed++;                                                                            \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s: %s\n", __FILE__, __LINE__, #call,    \
                    bo_status_name(got_), bo_status_name(expected), (err) ? bo_error_message(err) : "");  \
        }                                                                                              \
    } while (0)

static int check_summary(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}
#endif
