/*
 * The test stand-in for Dotphoton's Jetraw SDK (libdpcore + libjetraw), written for scicodecs'
 * tests: the SDK is proprietary and cannot be installed here. It implements the functions declared
 * in jextract-config/include/ (and is compiled against those declarations, so a signature that
 * drifts from the bindings does not compile) with trivial behaviour that the tests can check:
 *
 *   dpcore_init            registers the identifier "500202_fast_bin1x"; returns 1 (one "file")
 *   dpcore_load_parameters reads a text file of identifiers, one a line; remembers the path
 *   dpcore_embed_meta      XORs every pixel with 0xA5A5 IN PLACE (as the real SDK modifies the
 *                          image it is given) and remembers, per thread, the buffer, identifier
 *                          and error bound for jetraw_encode
 *   jetraw_encode          refuses a buffer that dpcore_embed_meta did not just prepare; writes
 *                          the stream below, never more than *pDstLen bytes
 *   jetraw_decode          refuses an output of fewer pixels than the stream holds
 *
 * Stream: "JRSI", u32 width, u32 height, f32 error bound, u16 identifier length, the identifier's
 * bytes (no NUL), then each pixel (row-major) as the zigzag varint of its difference from the
 * previous one (modulo 2^16). Little-endian. Not a compression format: a checkable record.
 *
 * Status numbers are the stand-in's own (the real SDK's differ between its versions).
 */
#ifndef SCICODECS_JETRAW_STANDIN_H
#define SCICODECS_JETRAW_STANDIN_H

#include <stdint.h>

#include "dpcore/dp_status.h"

enum {
    STANDIN_PARAMETER_ERROR = 11,
    STANDIN_FILE_READ_ERROR = 12,
    STANDIN_UNKNOWN_IDENTIFIER = 13,
    STANDIN_NOT_INITIALIZED = 14,
    STANDIN_IMAGE_TOO_SMALL = 15,
    STANDIN_DESTINATION_TOO_SMALL = 16,
    STANDIN_CORRUPT_STREAM = 17,
    STANDIN_NOT_PREPARED = 18
};

#define STANDIN_MAGIC "JRSI"
#define STANDIN_HEADER_BYTES 18
#define STANDIN_MAX_IDENTIFIER 255

/* libdpcore -> libjetraw: the image dpcore_embed_meta prepared on this thread, if it is buf. */
int standin_take_prepared(const uint16_t *buf, int64_t pixels, char *identifier, float *error_bound);

/* For the tests: counters and the last arguments seen, by name (-1 for an unknown name). */
int64_t standin_dpcore_value(const char *name);
int64_t standin_jetraw_value(const char *name);
const char *standin_last_parameters_path(void);

#endif
