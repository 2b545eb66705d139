/* The stand-in libdpcore: see standin.h. Written for scicodecs' tests; not Dotphoton's code. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "dpcore/dpcore.h"
#include "jetraw/jetraw.h" /* declares dp_status_description, defined here */
#include "standin.h"

#define MAX_IDENTIFIERS 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static int64_t init_calls, embed_calls, load_calls, loglevel = -1;
static char identifiers[MAX_IDENTIFIERS][STANDIN_MAX_IDENTIFIER + 1];
static int identifier_count;
static char last_path[4096];

static _Thread_local struct {
    const uint16_t *buf;
    int64_t pixels;
    char identifier[STANDIN_MAX_IDENTIFIER + 1];
    float error_bound;
} prepared;

static void add_identifier(const char *id) {
    if (identifier_count < MAX_IDENTIFIERS && strlen(id) <= STANDIN_MAX_IDENTIFIER) {
        strcpy(identifiers[identifier_count++], id);
    }
}

static int known(const char *id) {
    for (int i = 0; i < identifier_count; i++) {
        if (strcmp(identifiers[i], id) == 0) {
            return 1;
        }
    }
    return 0;
}

int dpcore_init(void) {
    pthread_mutex_lock(&lock);
    init_calls++;
    if (!initialized) {
        add_identifier("500202_fast_bin1x");
        initialized = 1;
    }
    pthread_mutex_unlock(&lock);
    return 1;
}

void dpcore_set_loglevel(int level) {
    pthread_mutex_lock(&lock);
    loglevel = level;
    pthread_mutex_unlock(&lock);
}

dp_status dpcore_load_parameters(const CHARTYPE *file_path) {
    if (file_path == NULL) {
        return (dp_status)STANDIN_PARAMETER_ERROR;
    }
    pthread_mutex_lock(&lock);
    load_calls++;
    snprintf(last_path, sizeof last_path, "%s", file_path);
    dp_status status = dp_success;
    FILE *f = NULL;
    if (!initialized) {
        status = (dp_status)STANDIN_NOT_INITIALIZED;
    } else if ((f = fopen(file_path, "r")) == NULL) {
        status = (dp_status)STANDIN_FILE_READ_ERROR;
    } else {
        char line[STANDIN_MAX_IDENTIFIER + 2];
        int added = 0;
        while (fgets(line, sizeof line, f) != NULL) {
            line[strcspn(line, "\r\n")] = 0;
            if (line[0] != 0) {
                add_identifier(line);
                added++;
            }
        }
        fclose(f);
        if (added == 0) {
            status = (dp_status)STANDIN_PARAMETER_ERROR;
        }
    }
    pthread_mutex_unlock(&lock);
    return status;
}

dp_status dpcore_embed_meta(uint16_t *imgbuf, int32_t imgsize, const char *identifier,
                            float error_bound) {
    if (imgbuf == NULL || identifier == NULL || imgsize <= 0 || !(error_bound > 0)) {
        return (dp_status)STANDIN_PARAMETER_ERROR;
    }
    pthread_mutex_lock(&lock);
    embed_calls++;
    int ok = initialized, id_known = known(identifier);
    pthread_mutex_unlock(&lock);
    if (!ok) {
        return (dp_status)STANDIN_NOT_INITIALIZED;
    }
    if (!id_known) {
        return (dp_status)STANDIN_UNKNOWN_IDENTIFIER;
    }
    for (int32_t i = 0; i < imgsize; i++) {
        imgbuf[i] ^= 0xA5A5;
    }
    prepared.buf = imgbuf;
    prepared.pixels = imgsize;
    strcpy(prepared.identifier, identifier);
    prepared.error_bound = error_bound;
    return dp_success;
}

int standin_take_prepared(const uint16_t *buf, int64_t pixels, char *identifier, float *error_bound) {
    if (prepared.buf == NULL || prepared.buf != buf || prepared.pixels != pixels) {
        return 0;
    }
    strcpy(identifier, prepared.identifier);
    *error_bound = prepared.error_bound;
    prepared.buf = NULL; /* one encode per embed_meta */
    return 1;
}

/* In libdpcore, not libjetraw: scicodecs binds it in jetraw_h (the spec places it in jetraw.h),
   so the tests also show that a symbol of a library libjetraw links is found through it. */
const char *dp_status_description(dp_status status) {
    switch ((int)status) {
    case dp_success: return "success (stand-in)";
    case STANDIN_PARAMETER_ERROR: return "invalid parameter (stand-in)";
    case STANDIN_FILE_READ_ERROR: return "cannot read the parameters file (stand-in)";
    case STANDIN_UNKNOWN_IDENTIFIER: return "unknown camera identifier (stand-in)";
    case STANDIN_NOT_INITIALIZED: return "dpcore is not initialized (stand-in)";
    case STANDIN_IMAGE_TOO_SMALL: return "image buffer too small (stand-in)";
    case STANDIN_DESTINATION_TOO_SMALL: return "destination buffer too small (stand-in)";
    case STANDIN_CORRUPT_STREAM: return "not a stand-in stream, or a damaged one (stand-in)";
    case STANDIN_NOT_PREPARED: return "image not prepared by dpcore_embed_meta (stand-in)";
    default: return "unknown status (stand-in)";
    }
}

int64_t standin_dpcore_value(const char *name) {
    pthread_mutex_lock(&lock);
    int64_t v = strcmp(name, "init_calls") == 0 ? init_calls
              : strcmp(name, "embed_calls") == 0 ? embed_calls
              : strcmp(name, "load_calls") == 0 ? load_calls
              : strcmp(name, "loglevel") == 0 ? loglevel
              : strcmp(name, "identifiers") == 0 ? identifier_count
              : -1;
    pthread_mutex_unlock(&lock);
    return v;
}

const char *standin_last_parameters_path(void) {
    return last_path;
}
