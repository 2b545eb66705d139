/*
 * scicodecs' own declarations of the functions of Dotphoton's libjetraw (Jetraw SDK) that
 * imagecodecs calls, written by the scicodecs authors from the signatures in imagecodecs'
 * documentation of the SDK (shared/spec/imagecodecs-behaviour.md, section 9.1). It is not
 * Dotphoton's jetraw/jetraw.h, which is proprietary and not available to this project. Input to
 * scripts/generate-bindings through jextract-config/jetraw.txt, and the declarations the test
 * stand-in (api/src/test/c/jetraw_standin) is compiled against.
 */
#ifndef SCICODECS_JETRAW_H
#define SCICODECS_JETRAW_H

#include <stdint.h>

#include "dpcore/dp_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Compresses an image prepared by dpcore_embed_meta. *pDstLen is the capacity of pDstBuffer in
 * bytes on entry and the number of bytes written on return.
 */
dp_status jetraw_encode(const uint16_t *pImgBuffer, uint32_t imgWidth, uint32_t imgHeight,
                        char *pDstBuffer, int32_t *pDstLen);

/* Decompresses into pImgBuffer, which holds imgPixels pixels (an error if the image is larger). */
dp_status jetraw_decode(const char *pSrcBuffer, int32_t srcLen, uint16_t *pImgBuffer,
                        int32_t imgPixels);

/* The SDK's version, e.g. "23.03.16.4". */
const char *jetraw_version(void);

/* The SDK's text for a status; the numbers of the statuses differ between SDK versions. */
const char *dp_status_description(dp_status status);

#ifdef __cplusplus
}
#endif

#endif
