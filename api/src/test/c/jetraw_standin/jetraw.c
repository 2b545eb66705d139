/* The stand-in libjetraw: see standin.h. Written for scicodecs' tests; not Dotphoton's code. */
#include <pthread.h>
#include <string.h>

#include "jetraw/jetraw.h"
#include "standin.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t encode_calls, decode_calls;
static int64_t last_width = -1, last_height = -1, last_capacity = -1;
static int64_t last_src_len = -1, last_pixels = -1;

const char *jetraw_version(void) {
    return "23.03.16.4-scicodecs-standin";
}

dp_status jetraw_encode(const uint16_t *pImgBuffer, uint32_t imgWidth, uint32_t imgHeight,
                        char *pDstBuffer, int32_t *pDstLen) {
    pthread_mutex_lock(&lock);
    encode_calls++;
    last_width = imgWidth;
    last_height = imgHeight;
    last_capacity = pDstLen == NULL ? -1 : *pDstLen;
    pthread_mutex_unlock(&lock);
    if (pImgBuffer == NULL || pDstBuffer == NULL || pDstLen == NULL || *pDstLen < 0
        || imgWidth == 0 || imgHeight == 0) {
        return (dp_status)STANDIN_PARAMETER_ERROR;
    }
    int64_t pixels = (int64_t)imgWidth * imgHeight;
    char identifier[STANDIN_MAX_IDENTIFIER + 1];
    float bound;
    if (!standin_take_prepared(pImgBuffer, pixels, identifier, &bound)) {
        return (dp_status)STANDIN_NOT_PREPARED;
    }
    uint16_t idlen = (uint16_t)strlen(identifier);
    int64_t cap = *pDstLen, n = STANDIN_HEADER_BYTES + idlen;
    if (n > cap) {
        return (dp_status)STANDIN_DESTINATION_TOO_SMALL;
    }
    unsigned char *out = (unsigned char *)pDstBuffer;
    memcpy(out, STANDIN_MAGIC, 4);
    memcpy(out + 4, &imgWidth, 4);
    memcpy(out + 8, &imgHeight, 4);
    memcpy(out + 12, &bound, 4);
    memcpy(out + 16, &idlen, 2);
    memcpy(out + STANDIN_HEADER_BYTES, identifier, idlen);
    uint16_t prev = 0;
    for (int64_t i = 0; i < pixels; i++) {
        uint16_t v = pImgBuffer[i] ^ 0xA5A5; /* undo what dpcore_embed_meta did */
        int16_t d = (int16_t)(uint16_t)(v - prev);
        uint32_t z = (uint32_t)(((int32_t)d << 1) ^ ((int32_t)d >> 31)) & 0x1FFFF;
        prev = v;
        do {
            if (n >= cap) {
                return (dp_status)STANDIN_DESTINATION_TOO_SMALL;
            }
            out[n++] = (unsigned char)((z & 0x7F) | (z > 0x7F ? 0x80 : 0));
            z >>= 7;
        } while (z != 0);
    }
    *pDstLen = (int32_t)n;
    return dp_success;
}

dp_status jetraw_decode(const char *pSrcBuffer, int32_t srcLen, uint16_t *pImgBuffer,
                        int32_t imgPixels) {
    pthread_mutex_lock(&lock);
    decode_calls++;
    last_src_len = srcLen;
    last_pixels = imgPixels;
    pthread_mutex_unlock(&lock);
    if (pSrcBuffer == NULL || pImgBuffer == NULL || srcLen < 0 || imgPixels < 0) {
        return (dp_status)STANDIN_PARAMETER_ERROR;
    }
    const unsigned char *in = (const unsigned char *)pSrcBuffer;
    if (srcLen < STANDIN_HEADER_BYTES || memcmp(in, STANDIN_MAGIC, 4) != 0) {
        return (dp_status)STANDIN_CORRUPT_STREAM;
    }
    uint32_t width, height;
    uint16_t idlen;
    memcpy(&width, in + 4, 4);
    memcpy(&height, in + 8, 4);
    memcpy(&idlen, in + 16, 2);
    int64_t n = STANDIN_HEADER_BYTES + (int64_t)idlen;
    if (n > srcLen) {
        return (dp_status)STANDIN_CORRUPT_STREAM;
    }
    int64_t pixels = (int64_t)width * height;
    if (pixels > imgPixels) {
        return (dp_status)STANDIN_IMAGE_TOO_SMALL;
    }
    uint16_t prev = 0;
    for (int64_t i = 0; i < pixels; i++) {
        uint32_t z = 0;
        int shift = 0;
        unsigned char b;
        do {
            if (n >= srcLen || shift > 14) {
                return (dp_status)STANDIN_CORRUPT_STREAM;
            }
            b = in[n++];
            z |= (uint32_t)(b & 0x7F) << shift;
            shift += 7;
        } while (b & 0x80);
        int32_t d = (int32_t)(z >> 1) ^ -(int32_t)(z & 1);
        prev = (uint16_t)(prev + d);
        pImgBuffer[i] = prev;
    }
    return n == srcLen ? dp_success : (dp_status)STANDIN_CORRUPT_STREAM;
}

int64_t standin_jetraw_value(const char *name) {
    pthread_mutex_lock(&lock);
    int64_t v = strcmp(name, "encode_calls") == 0 ? encode_calls
              : strcmp(name, "decode_calls") == 0 ? decode_calls
              : strcmp(name, "width") == 0 ? last_width
              : strcmp(name, "height") == 0 ? last_height
              : strcmp(name, "capacity") == 0 ? last_capacity
              : strcmp(name, "src_len") == 0 ? last_src_len
              : strcmp(name, "pixels") == 0 ? last_pixels
              : -1;
    pthread_mutex_unlock(&lock);
    return v;
}
