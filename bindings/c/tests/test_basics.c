/* Version, status names, options, open/close, handles, errors and UUIDs, bad input included. */
#define _DEFAULT_SOURCE /* mkdtemp under -std=c99 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boxoffice.h"
#include "check.h"

static char dir[256];

static void test_version(void) {
    CHECK(bo_version_number() == BOXOFFICE_VERSION_NUMBER);
    CHECK(BOXOFFICE_VERSION_NUMBER == BOXOFFICE_VERSION_MAJOR * 1000000 + BOXOFFICE_VERSION_MINOR * 1000 + BOXOFFICE_VERSION_PATCH);
    CHECK(strcmp(bo_status_name(BO_SOLD_OUT), "BO_SOLD_OUT") == 0);
    CHECK(strcmp(bo_status_name((bo_status)999), "BO_UNKNOWN") == 0);
}

static void test_open_and_close(void) {
    bo_options options;
    bo_engine *engine = NULL;
    bo_error *error = NULL;
    char path[300];

    bo_options_init(&options);
    CHECK(options.version == BO_OPTIONS_VERSION && options.durability == BO_DURABLE && options.file_mode == 0600);
    bo_options_init(NULL); /* accepted */

    /* Bad input: a status and a message, never a crash. */
    CHECK_STATUS(bo_open(NULL, NULL, &engine, &error), BO_INVALID_ARGUMENT, error);
    CHECK(engine == NULL && error != NULL && bo_error_code(error) == BO_INVALID_ARGUMENT);
    CHECK(strstr(bo_error_message(error), "path") != NULL);
    CHECK(bo_last_error_message() != NULL);
    bo_error_free(error);
    bo_error_free(error); /* freeing twice is harmless */
    CHECK(bo_error_code(error) == BO_MISUSE);
    error = NULL;

    CHECK_STATUS(bo_open("\xff\xfe", NULL, &engine, NULL), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_open("/etc/hostname", NULL, &engine, NULL), BO_BAD_PATH, NULL);
    CHECK(strcmp(bo_status_name(BO_NOT_A_STORE), "BO_NOT_A_STORE") == 0 && strcmp(bo_status_name(BO_DISK_FULL), "BO_DISK_FULL") == 0);
    CHECK_STATUS(bo_open(dir, NULL, NULL, NULL), BO_INVALID_ARGUMENT, NULL);
    options.version = 99;
    CHECK_STATUS(bo_open(dir, &options, &engine, &error), BO_INVALID_ARGUMENT, error);
    bo_error_free(error);
    error = NULL;
    bo_options_init(&options);
    options.durability = 7;
    CHECK_STATUS(bo_open(dir, &options, &engine, NULL), BO_INVALID_ARGUMENT, NULL);
    bo_options_init(&options);
    options.max_map_size = 1;
    CHECK_STATUS(bo_open(dir, &options, &engine, NULL), BO_INVALID_ARGUMENT, NULL);

    /* A real open, then misuse of the closed handle. */
    bo_options_init(&options);
    options.durability = BO_ASYNC;
    snprintf(path, sizeof path, "%s/basics.boxoffice", dir);
    CHECK_STATUS(bo_open(path, &options, &engine, &error), BO_OK, error);
    CHECK(engine != NULL && bo_last_error_message() == NULL);
    CHECK_STATUS(bo_sync(engine, &error), BO_OK, error);
    bo_close(engine);
    CHECK_STATUS(bo_sync(engine, &error), BO_MISUSE, error);
    bo_error_free(error);
    bo_close(engine); /* closing twice is harmless */
    bo_close(NULL);
    CHECK_STATUS(bo_sync(NULL, NULL), BO_MISUSE, NULL);
    CHECK_STATUS(bo_sync((bo_engine *)(void *)&options, NULL), BO_MISUSE, NULL); /* not a handle at all */
}

static void test_uuids(void) {
    bo_uuid id;
    char text[37];
    CHECK_STATUS(bo_uuid_parse("0190F3C2-7B1E-7C3A-9D4E-5F6A7B8C9D0E", &id), BO_OK, NULL);
    CHECK(id.bytes[0] == 0x01 && id.bytes[15] == 0x0e);
    CHECK_STATUS(bo_uuid_format(&id, text), BO_OK, NULL);
    CHECK(strcmp(text, "0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e") == 0);
    CHECK_STATUS(bo_uuid_parse("not-a-uuid", &id), BO_INVALID_ARGUMENT, NULL);
    /* Malformed look-alikes are refused, not read with shifted bytes. */
    CHECK_STATUS(bo_uuid_parse(" 190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e", &id), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_parse("0x90f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e", &id), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_parse("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d-e", &id), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_parse("0190f3c2+7b1e-7c3a-9d4e-5f6a7b8c9d0e", &id), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_parse("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e0", &id), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_parse(NULL, &id), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_parse("0190F3C2-7B1E-7C3A-9D4E-5F6A7B8C9D0E", NULL), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_format(NULL, text), BO_INVALID_ARGUMENT, NULL);
    CHECK_STATUS(bo_uuid_format(&id, NULL), BO_INVALID_ARGUMENT, NULL);
}

int main(void) {
    char command[300];
    strcpy(dir, "/tmp/boxoffice-c-XXXXXX");
    if (mkdtemp(dir) == NULL) return 2;
    test_version();
    test_open_and_close();
    test_uuids();
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) return 2;
    return check_summary("test_basics");
}
