/*
 * scicodecs' own declarations of the functions of Dotphoton's libdpcore (Jetraw SDK) that
 * imagecodecs calls, written by the scicodecs authors from the signatures in imagecodecs'
 * documentation of the SDK (shared/spec/imagecodecs-behaviour.md, section 9.1). It is not
 * Dotphoton's dpcore/dpcore.h, which is proprietary and not available to this project; the SDK
 * declares more functions (dpcore_set_logfile, dpcore_prepare_image, ...) that scicodecs does not
 * use. Input to scripts/generate-bindings through jextract-config/dpcore.txt, and the declarations
 * the test stand-in (api/src/test/c/jetraw_standin) is compiled against.
 */
#ifndef SCICODECS_DPCORE_H
#define SCICODECS_DPCORE_H

#include <stdint.h>

#include "dp_status.h"

/* The SDK's path character type: wchar_t on Windows, char (UTF-8) elsewhere. */
#ifdef _WIN32
#include <wchar.h>
#define CHARTYPE wchar_t
#else
#define CHARTYPE char
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the calibration parameter files from the SDK's default locations; returns how many. */
int dpcore_init(void);

/* 0: off, 1: info, 2: debug. */
void dpcore_set_loglevel(int level);

/* Loads one calibration parameter file (camera identifiers and their noise models). */
dp_status dpcore_load_parameters(const CHARTYPE *file_path);

/*
 * Prepares an image of imgsize pixels for jetraw_encode: embeds the camera identifier and the
 * error bound (in noise standard deviations). Modifies the pixels in place.
 */
dp_status dpcore_embed_meta(uint16_t *imgbuf, int32_t imgsize, const char *identifier,
                            float error_bound);

#ifdef __cplusplus
}
#endif

#endif
