/* Reading fields out of the library's JSON in C tests and drivers, without a JSON library:
 * enough for the compact, key-sorted objects libboxoffice returns. */
#ifndef BOXOFFICE_JSON_FIELDS_H
#define BOXOFFICE_JSON_FIELDS_H
#include <stdio.h>
#include <string.h>

#include "boxoffice.h"

/* Copies the string value of the first "key":"..." at or after `from` into out (empty if
 * absent); returns the end of the value, or NULL when there is none. */
static inline const char *json_string(const char *from, const char *key, char *out, size_t size) {
    char pattern[64];
    const char *p;
    size_t i = 0;
    out[0] = '\0';
    if (from == NULL) return NULL;
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    p = strstr(from, pattern);
    if (p == NULL) return NULL;
    p += strlen(pattern);
    while (p[i] != '\0' && p[i] != '"' && i + 1 < size) {
        out[i] = p[i];
        i++;
    }
    out[i] = '\0';
    return p + i;
}

/* The first "key":"<uuid>" at or after `from`, parsed; 1 on success. */
static inline int json_uuid(const char *from, const char *key, bo_uuid *out) {
    char text[64];
    if (json_string(from, key, text, sizeof text) == NULL) return 0;
    return bo_uuid_parse(text, out) == BO_OK;
}

/* The "id" of an entity's JSON, then frees the JSON; 1 on success. */
static inline int take_id(char *json, bo_uuid *out) {
    int ok = json_uuid(json, "id", out);
    bo_free(json);
    return ok;
}
#endif
