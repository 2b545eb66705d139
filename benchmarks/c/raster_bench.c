/*
 * raster_bench.c: the C reference of the raster benchmark (scripts/bench-raster).
 *
 * For a 16-bit raster stack (raw little-endian, C order: frames x rows x cols), times the same
 * library calls the Java API makes, for LERC (lossless, codec version 4), SZIP (libsz, options
 * mask 141, 32 pixels per block, a scanline per row, 4-byte size header), AEC (16-bit samples,
 * block 16, rsi 128, preprocessing) and PCODEC (level 8). Prints one line per codec:
 *   CODEC SIZE ENCODE_NS DECODE_NS OK      (median of REPS; OK = the decoded bytes equal the input)
 * Usage: raster_bench FILE u16|i16 FRAMES ROWS COLS REPS
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "Lerc_c_api.h"
#include "cpcodec.h"
#include "libaec.h"
#include "szlib.h"

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void* a, const void* b) {
  uint64_t x = *(const uint64_t*)a, y = *(const uint64_t*)b;
  return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t* t, int n) {
  qsort(t, n, sizeof *t, cmp_u64);
  return t[n / 2];
}

static void fail(const char* what, long code) {
  fprintf(stderr, "raster_bench: %s failed (%ld)\n", what, code);
  exit(1);
}

int main(int argc, char** argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: raster_bench FILE u16|i16 FRAMES ROWS COLS REPS\n");
    return 2;
  }
  int is_signed = strcmp(argv[2], "i16") == 0;
  size_t frames = strtoul(argv[3], 0, 10), rows = strtoul(argv[4], 0, 10), cols = strtoul(argv[5], 0, 10);
  int reps = atoi(argv[6]);
  size_t n = frames * rows * cols, bytes = n * 2;
  unsigned char* data = malloc(bytes);
  FILE* f = fopen(argv[1], "rb");
  if (!f || fread(data, 1, bytes, f) != bytes) fail("reading the data", 0);
  fclose(f);
  unsigned char* back = malloc(bytes + 64);
  uint64_t* te = malloc(sizeof(uint64_t) * reps);
  uint64_t* td = malloc(sizeof(uint64_t) * reps);

  /* LERC: lossless, version 4, frames as bands, as imagecodecs maps (frames, rows, cols). */
  {
    int type = is_signed ? 2 : 3;
    unsigned int size = 0;
    unsigned int written = 0;
    unsigned char* blob = NULL;
    for (int r = 0; r < reps; r++) {
      uint64_t t0 = now_ns();
      lerc_status s = lerc_computeCompressedSizeForVersion(data, 4, type, 1, cols, rows, frames, 0, NULL, 0.0, &size);
      if (s) fail("lerc_computeCompressedSizeForVersion", s);
      if (!blob) blob = malloc(size + 8);
      s = lerc_encodeForVersion(data, 4, type, 1, cols, rows, frames, 0, NULL, 0.0, blob, size, &written);
      if (s) fail("lerc_encodeForVersion", s);
      te[r] = now_ns() - t0;
      t0 = now_ns();
      unsigned int info[9];
      double range[3];
      s = lerc_getBlobInfo(blob, written, info, range, 9, 3);
      if (s) fail("lerc_getBlobInfo", s);
      s = lerc_decode(blob, written, 0, NULL, 1, cols, rows, frames, type, back);
      if (s) fail("lerc_decode", s);
      td[r] = now_ns() - t0;
    }
    printf("lerc %u %llu %llu %d\n", written, (unsigned long long)median(te, reps),
           (unsigned long long)median(td, reps), memcmp(data, back, bytes) == 0);
    free(blob);
  }

  /* SZIP: the HDF5 filter's parameters, a 4-byte size header. */
  {
    SZ_com_t p = {141, 16, 32, (int)cols};
    size_t cap = bytes * 2 + 1024, len = 0;
    unsigned char* out = malloc(cap);
    for (int r = 0; r < reps; r++) {
      uint64_t t0 = now_ns();
      len = cap - 4;
      int s = SZ_BufftoBuffCompress(out + 4, &len, data, bytes, &p);
      if (s != SZ_OK) fail("SZ_BufftoBuffCompress", s);
      uint32_t h = (uint32_t)bytes;
      memcpy(out, &h, 4);
      te[r] = now_ns() - t0;
      t0 = now_ns();
      size_t dlen = bytes;
      s = SZ_BufftoBuffDecompress(back, &dlen, out + 4, len, &p);
      if (s != SZ_OK) fail("SZ_BufftoBuffDecompress", s);
      td[r] = now_ns() - t0;
    }
    printf("szip %zu %llu %llu %d\n", len + 4, (unsigned long long)median(te, reps),
           (unsigned long long)median(td, reps), memcmp(data, back, bytes) == 0);
    free(out);
  }

  /* AEC: raw CCSDS stream. */
  {
    size_t cap = bytes * 67 / 64 + 256 + 1;
    unsigned char* out = malloc(cap);
    size_t len = 0;
    for (int r = 0; r < reps; r++) {
      struct aec_stream s;
      memset(&s, 0, sizeof s);
      s.next_in = data; s.avail_in = bytes; s.next_out = out; s.avail_out = cap;
      s.bits_per_sample = 16; s.block_size = 16; s.rsi = 128;
      s.flags = AEC_DATA_PREPROCESS | (is_signed ? AEC_DATA_SIGNED : 0);
      uint64_t t0 = now_ns();
      int st = aec_buffer_encode(&s);
      if (st != AEC_OK) fail("aec_buffer_encode", st);
      te[r] = now_ns() - t0;
      len = s.total_out;
      memset(&s, 0, sizeof s);
      s.next_in = out; s.avail_in = len; s.next_out = back; s.avail_out = bytes;
      s.bits_per_sample = 16; s.block_size = 16; s.rsi = 128;
      s.flags = AEC_DATA_PREPROCESS | (is_signed ? AEC_DATA_SIGNED : 0);
      t0 = now_ns();
      st = aec_buffer_decode(&s);
      if (st != AEC_OK) fail("aec_buffer_decode", st);
      td[r] = now_ns() - t0;
    }
    printf("aec %zu %llu %llu %d\n", len, (unsigned long long)median(te, reps),
           (unsigned long long)median(td, reps), memcmp(data, back, bytes) == 0);
    free(out);
  }

  /* PCODEC: level 8, default paging. */
  {
    unsigned char type = is_signed ? PCO_TYPE_I16 : PCO_TYPE_U16;
    size_t cap = pco_standalone_guarantee_file_size(n, type), len = 0, count = 0;
    unsigned char* out = malloc(cap);
    PcoChunkConfig cfg = {8, 0};
    for (int r = 0; r < reps; r++) {
      uint64_t t0 = now_ns();
      PcoError e = pco_standalone_simple_compress_into(data, n, type, &cfg, out, cap, &len);
      if (e != PcoSuccess) fail("pco_standalone_simple_compress_into", e);
      te[r] = now_ns() - t0;
      t0 = now_ns();
      e = pco_standalone_simple_decompress_into(out, len, type, back, n, &count);
      if (e != PcoSuccess) fail("pco_standalone_simple_decompress_into", e);
      td[r] = now_ns() - t0;
    }
    printf("pcodec %zu %llu %llu %d\n", len, (unsigned long long)median(te, reps),
           (unsigned long long)median(td, reps), memcmp(data, back, bytes) == 0);
    free(out);
  }
  return 0;
}
