/*
 * cpcodec.h -- C API of libcpcodec (scicodecs' C ABI over the Rust `pco` crate 1.0.3, pcodec).
 *
 * The declarations PcoError, PcoChunkConfig, PCO_TYPE_*, pco_standalone_guarantee_file_size,
 * pco_standalone_simple_compress_into and pco_standalone_simple_decompress_into have the names,
 * types and values of upstream pcodec's C binding (pco_c/include/cpcodec.h, the "caller-allocated
 * API" that imagecodecs calls). pco_version and pco_standalone_file_info are scicodecs extras.
 * Implementation: native-build/pcodec-capi/src/lib.rs.
 *
 * Behaviour beyond upstream (hardening; results for valid arguments are the same):
 *  - No function aborts or unwinds on bad input: a panic inside pco is caught and reported as the
 *    function's error code (0 for pco_standalone_guarantee_file_size). Only a failed memory
 *    allocation inside pco (compression needs memory proportional to n) still aborts.
 *  - Pointers are checked: a NULL pointer is an error, except a data pointer whose length is 0.
 *    On error, *n_written is set to 0 (when n_written is not NULL).
 *  - Typed buffers must be aligned to their element size (nums for compression, dst for
 *    decompression); a misaligned pointer is an error, never undefined behaviour.
 *  - Nothing is written outside [dst, dst + dst_cap) (bytes for compression, elements for
 *    decompression), even when the call fails; a failed call may leave that range partly written.
 *  - Decompression writes straight into dst and allocates no output buffer of its own, so a
 *    hostile stream cannot make it allocate more than the caller's buffer.
 *
 * All functions are thread-safe: they keep no state between calls.
 */
#ifndef SCICODECS_CPCODEC_H
#define SCICODECS_CPCODEC_H

#include <stddef.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* Number type codes (pco's NumberType discriminants). The numbers are native-endian. */
#define PCO_TYPE_U32 1
#define PCO_TYPE_U64 2
#define PCO_TYPE_I32 3
#define PCO_TYPE_I64 4
#define PCO_TYPE_F32 5
#define PCO_TYPE_F64 6
#define PCO_TYPE_U16 7
#define PCO_TYPE_I16 8
#define PCO_TYPE_F16 9  /* IEEE 754 binary16, passed as its 16 bits */
#define PCO_TYPE_U8 10
#define PCO_TYPE_I8 11

typedef enum PcoError {
  PcoSuccess = 0,
  PcoInvalidType = 1,        /* dtype is not one of PCO_TYPE_* */
  PcoCompressionError = 2,   /* invalid argument or config, or dst too small */
  PcoDecompressionError = 3  /* corrupt/truncated stream, dtype mismatch, dst too small, bad argument */
} PcoError;

/*
 * Compression settings. Converted to pco's ChunkConfig::default() with this compression level,
 * paging EqualPagesUpTo(max_page_n) and 8-bit types (U8, I8) enabled.
 */
typedef struct PcoChunkConfig {
  /* Compression level 0-12 (default 8); higher is smaller and slower. Above 12 is an error. */
  unsigned int compression_level;
  /* Maximum number of elements per page; in a standalone file each chunk holds one page, and
     n is split into ceil(n / max_page_n) nearly equal chunks. 0 = library default 2^18 = 262144.
     Values above 2^24 (pco's chunk limit) make inputs with more than 2^24 elements fail. */
  size_t max_page_n;
} PcoChunkConfig;

/*
 * Worst-case size in bytes of a standalone file holding n numbers of dtype, compressed with the
 * default paging (max_page_n 0). Returns 0 for an invalid dtype, or when the size does not fit
 * in size_t. A smaller max_page_n adds per-chunk overhead, so its output may exceed this bound.
 */
size_t pco_standalone_guarantee_file_size(size_t n, unsigned char dtype);

/*
 * Compresses n numbers of dtype at nums (aligned to the element size; may be NULL when n is 0)
 * into a standalone file at dst, of capacity dst_cap bytes. config NULL = defaults (level 8,
 * max_page_n 0). On success *n_written is the number of bytes written.
 * The file records dtype as its uniform number type and n as its size hint (pco's
 * standalone::simple_compress_into).
 * Returns PcoInvalidType for an invalid dtype; PcoCompressionError for a NULL or misaligned
 * pointer, an invalid config, or a dst too small for the result.
 */
PcoError pco_standalone_simple_compress_into(const void *nums,
                                             size_t n,
                                             unsigned char dtype,
                                             const PcoChunkConfig *config,
                                             void *dst,
                                             size_t dst_cap,
                                             size_t *n_written);

/*
 * Decompresses the standalone file compressed[0 .. compressed_len) into dst, which has room for
 * dst_cap elements of dtype and is aligned to the element size (may be NULL when dst_cap is 0).
 * On success *n_written is the number of elements, which is the total count of numbers in the
 * file; bytes after the file's end are ignored.
 * Returns PcoInvalidType for an invalid dtype; PcoDecompressionError when the stream is corrupt
 * or truncated, when dtype differs from the type of the file's chunks (as upstream, a file with
 * no chunks decodes to 0 elements whatever dtype is given), when the file holds more than
 * dst_cap numbers, or for a NULL or misaligned pointer.
 */
PcoError pco_standalone_simple_decompress_into(const void *compressed,
                                               size_t compressed_len,
                                               unsigned char dtype,
                                               void *dst,
                                               size_t dst_cap,
                                               size_t *n_written);

/*
 * scicodecs extra, not in upstream's cpcodec.h.
 * Reads the header of the standalone file compressed[0 .. compressed_len) without decoding data
 * (the header is short: magic "pco!", standalone version, uniform type byte, varint n hint, and
 * pco's format version).
 *  *dtype_out: the file's number type (a PCO_TYPE_* code): its uniform type when the header
 *    records one (files written by standalone::simple_compress_into, i.e. by
 *    pco_standalone_simple_compress_into and imagecodecs), otherwise the type byte of its first
 *    chunk, which then must be within compressed_len; 0 for a file that records neither (an
 *    empty file without uniform type).
 *  *n_hint_out: the element count the writer recorded as a hint. pco's simple compress functions
 *    (and so imagecodecs and this library) record the exact total; 0 means an empty file or no
 *    hint (files of standalone format version < 2, files from pco's low-level FileCompressor
 *    without with_n_hint). Other writers may record anything: the hint is untrusted and bounds
 *    nothing; the true count is what pco_standalone_simple_decompress_into reports.
 * Returns PcoDecompressionError for a NULL pointer or a header that is corrupt or truncated;
 * the outputs are written only on PcoSuccess.
 */
PcoError pco_standalone_file_info(const void *compressed,
                                  size_t compressed_len,
                                  unsigned char *dtype_out,
                                  size_t *n_hint_out);

/*
 * scicodecs extra, not in upstream's cpcodec.h.
 * The version of pco this library is built on, as a static NUL-terminated string "pco 1.0.3".
 */
const char *pco_version(void);

#if defined(__cplusplus)
}
#endif

#endif /* SCICODECS_CPCODEC_H */
