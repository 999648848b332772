/* libFuzzer target: a fuzzed data.mdb. The input becomes the data file of a fresh directory,
 * which is opened read-only, verified and read, then opened for writing and written to. No
 * process has the file open, so each open checks every page before LMDB reads one (the first
 * opener does); a damaged file must be refused there or reported by bo_verify, never crashed on,
 * and a file refused or opened read-only must stay unchanged. The corpus (Tests/Fuzz/corpus/file)
 * holds small real stores; libFuzzer's mutations damage them as bit flips, cut pages and pasted
 * pages would. `make fuzz` runs it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boxoffice.h"

static char dir[64], file[128], lock[128];

/* libFuzzer ends with exit(): the scratch directory goes with it. */
static void remove_dir(void) {
    char command[96];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    strcpy(dir, "/tmp/boxoffice-fuzz-file-XXXXXX");
    if (!mkdtemp(dir)) abort();
    atexit(remove_dir);
    snprintf(file, sizeof file, "%s/data.mdb", dir);
    snprintf(lock, sizeof lock, "%s/lock.mdb", dir);
    return 0;
}

static void write_file(const uint8_t *data, size_t size) {
    FILE *f = fopen(file, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
    unlink(lock);
}

static int unchanged(const uint8_t *data, size_t size) {
    FILE *f = fopen(file, "rb");
    uint8_t *now = malloc(size + 1);
    size_t got = f ? fread(now, 1, size + 1, f) : 0;
    int same = f && got == size && memcmp(now, data, size) == 0;
    if (f) fclose(f);
    free(now);
    return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    bo_options options;
    bo_engine *engine = NULL;
    char *json = NULL;
    int32_t clean = 0;

    write_file(data, size);
    bo_options_init(&options);
    options.read_only = 1;
    if (bo_open(dir, &options, &engine, NULL) == BO_OK) {
        /* Its records may break invariants (verify says so); its pages were checked. */
        bo_verify(engine, &clean, &json, NULL);
        bo_free(json);
        json = NULL;
        bo_organization_get(engine, NULL, "torture", &json, NULL);
        bo_free(json);
        bo_close(engine);
    }
    if (!unchanged(data, size)) abort();  /* read-only means unchanged */

    write_file(data, size);
    bo_options_init(&options);
    options.durability = BO_ASYNC;
    bo_status status = bo_open(dir, &options, &engine, NULL);
    if (status == BO_OK) {
        json = NULL;
        bo_organization_create(engine, "{\"name\":\"F\",\"slug\":\"fz\",\"email\":\"f@f.test\",\"currency\":\"EUR\"}", NULL, &json, NULL);
        bo_free(json);
        bo_close(engine);
    } else if ((status == BO_NOT_A_STORE || status == BO_CORRUPT) && !unchanged(data, size)) {
        abort();  /* a refused file is never written */
    }
    return 0;
}
