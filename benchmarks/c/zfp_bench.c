/*
 * zfp_bench.c: the C reference of the ZFP benchmark (scripts/bench-zfp).
 *
 * Makes the same zfp calls, in the same order, as org.scicodecs.zfp.Zfp does for
 *   Zfp.encode(NdArray, ZfpOptions, MemorySegment out)   and   Zfp.decode(MemorySegment, NdArray out)
 * on a C-contiguous 3-D float32 array, so the Java/C ratio is the cost of the Java layer alone.
 * What the Java API does besides zfp calls (argument checks, reading the header from a padded copy,
 * copying a stream into a padded buffer when it is not already in one) is deliberately not done
 * here: this is what a plain C program would do with the same library.
 *
 * Usage: zfp_bench FIELD NZ NY NX OUTDIR      (FIELD: raw little-endian float32, C order)
 * Then a line protocol on stdin/stdout, shared with the Java and Python drivers
 * (benchmarks/python/run_bench.py drives all three, interleaved):
 *   enc CFG MODE PARAM EXEC THREADS REPS  -> "ok enc CFG SIZE T1 .. Tn"   (ns; MODE accuracy|rate,
 *                                            EXEC serial|omp; first call per CFG writes OUTDIR/CFG.zfp)
 *   dec CFG REPS                         -> "ok dec CFG CHECKSUM T1 .. Tn" (decodes CFG's stream)
 *   quit
 * Errors are reported as "err MESSAGE" and end the program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_protocol.h"
#include "zfp.h"

#define HEADER_FULL 7 /* ZFP_HEADER_FULL */
#define MAX_CFG 32

typedef struct {
  char name[64];
  unsigned char* stream; /* a buffer of zfp_stream_maximum_size bytes */
  size_t size;           /* the stream's length */
} config;

static config configs[MAX_CFG];
static int nconfigs;

static size_t nx, ny, nz;
static void* data;    /* the field, mapped from FIELD */
static void* decoded; /* the decode target, C-contiguous float32 */
static const char* outdir;

static config* find_config(const char* name, int create) {
  for (int i = 0; i < nconfigs; i++)
    if (!strcmp(configs[i].name, name)) return &configs[i];
  if (!create) die("unknown config (encode it first)");
  if (nconfigs == MAX_CFG) die("too many configs");
  config* c = &configs[nconfigs++];
  memset(c, 0, sizeof *c);
  snprintf(c->name, sizeof c->name, "%s", name);
  return c;
}

/* What Zfp.maxEncodedSize does: the capacity the caller gives Zfp.encode (not timed). */
static size_t max_size(int rate_mode, double param) {
  zfp_stream* zfp = zfp_stream_open(NULL);
  zfp_field* field = zfp_field_alloc();
  zfp_field_set_pointer(field, NULL);
  zfp_field_set_type(field, zfp_type_float);
  zfp_field_set_size_3d(field, nx, ny, nz);
  if (rate_mode) zfp_stream_set_rate(zfp, param, zfp_type_float, 3, 0);
  else zfp_stream_set_accuracy(zfp, param);
  size_t max = zfp_stream_maximum_size(zfp, field);
  zfp_field_free(field);
  zfp_stream_close(zfp);
  return max;
}

/* Zfp.encode(data, options, out) with out native, aligned and >= the maximum size: the stream is
 * written straight into out. */
static size_t encode(int rate_mode, double param, int omp, int threads, unsigned char* out) {
  /* Codec(): */
  zfp_stream* zfp = zfp_stream_open(NULL);
  zfp_field* field = zfp_field_alloc();
  if (!zfp || !field) die("zfp_stream_open/zfp_field_alloc failed");
  /* field(): pointer, type, size; contiguous, so no strides */
  zfp_field_set_pointer(field, data);
  zfp_field_set_type(field, zfp_type_float);
  zfp_field_set_size_3d(field, nx, ny, nz);
  /* mode() */
  if (rate_mode) zfp_stream_set_rate(zfp, param, zfp_type_float, 3, 0);
  else zfp_stream_set_accuracy(zfp, param);
  /* execution() */
  if (omp) {
    if (!zfp_stream_set_execution(zfp, zfp_exec_omp)) die("zfp_stream_set_execution failed");
    if (threads > 0 && !zfp_stream_set_omp_threads(zfp, (unsigned)threads))
      die("zfp_stream_set_omp_threads failed");
  }
  /* encode(): the capacity check */
  size_t max = zfp_stream_maximum_size(zfp, field);
  /* compress(): openBits(), header, data */
  bitstream* bits = stream_open(out, max);
  if (!bits) die("stream_open failed");
  zfp_stream_set_bit_stream(zfp, bits);
  zfp_stream_rewind(zfp);
  if (!zfp_write_header(zfp, field, HEADER_FULL)) die("zfp_write_header failed");
  size_t size = zfp_compress(zfp, field);
  if (!size) die("zfp_compress failed");
  /* close() */
  zfp_field_free(field);
  zfp_stream_close(zfp);
  stream_close(bits);
  return size;
}

/* Zfp.decode(stream, out): header read, checked against out, then the data, decoded straight from
 * the caller's stream buffer into out. */
static void decode(unsigned char* stream, size_t length, void* out) {
  (void)length;
  /* Codec(): */
  zfp_stream* zfp = zfp_stream_open(NULL);
  zfp_field* field = zfp_field_alloc();
  if (!zfp || !field) die("zfp_stream_open/zfp_field_alloc failed");
  /* readHeader(): the Java API reads it from a 64-byte padded copy; here from the stream itself */
  bitstream* bits = stream_open(stream, length);
  if (!bits) die("stream_open failed");
  zfp_stream_set_bit_stream(zfp, bits);
  zfp_stream_rewind(zfp);
  size_t header_bits = zfp_read_header(zfp, field, HEADER_FULL);
  if (!header_bits) die("zfp_read_header failed");
  /* header(): type, shape and mode, checked against out */
  unsigned minbits, maxbits, maxprec;
  int minexp;
  zfp_stream_params(zfp, &minbits, &maxbits, &maxprec, &minexp);
  (void)zfp_stream_compression_mode(zfp);
  if (field->type != zfp_type_float || field->nx != nx || field->ny != ny || field->nz != nz ||
      field->nw != 0)
    die("the stream's header does not match the array");
  /* decompress(): bound, reopen, read the header again, decode */
  size_t max = zfp_stream_maximum_size(zfp, field);
  if (!max) die("zfp_stream_maximum_size failed");
  stream_close(bits);
  bits = stream_open(stream, length);
  if (!bits) die("stream_open failed");
  zfp_stream_set_bit_stream(zfp, bits);
  zfp_stream_rewind(zfp);
  if (zfp_read_header(zfp, field, HEADER_FULL) != header_bits) die("zfp_read_header failed twice");
  zfp_field_set_pointer(field, out);
  size_t consumed = zfp_decompress(zfp, field);
  if (!consumed) die("zfp_decompress failed");
  /* close() */
  zfp_field_free(field);
  zfp_stream_close(zfp);
  stream_close(bits);
}

static void write_file(const char* name, const void* p, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.zfp", outdir, name);
  FILE* f = fopen(path, "wb");
  if (!f || fwrite(p, 1, n, f) != n || fclose(f)) die("cannot write the stream file");
}

int main(int argc, char** argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s FIELD NZ NY NX OUTDIR\n", argv[0]);
    return 2;
  }
  nz = strtoull(argv[2], NULL, 10);
  ny = strtoull(argv[3], NULL, 10);
  nx = strtoull(argv[4], NULL, 10);
  outdir = argv[5];
  size_t bytes = nx * ny * nz * sizeof(float);

  /* The input: the field file mapped read-only, as the Java side maps it. */
  data = map_field(argv[1], bytes);
  /* The decode target: allocated and touched once, like the Java side's Arena allocation. */
  if (posix_memalign(&decoded, 64, bytes)) die("out of memory");
  memset(decoded, 0, bytes);

  printf("ready c zfp %s\n", ZFP_VERSION_STRING);
  fflush(stdout);

  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    char cmd[16], name[64], mode[16], exec[16];
    double param;
    int threads, reps;
    if (sscanf(line, "%15s", cmd) != 1) continue;
    if (!strcmp(cmd, "quit")) break;
    if (!strcmp(cmd, "enc")) {
      if (sscanf(line, "%*s %63s %15s %lf %15s %d %d", name, mode, &param, exec, &threads, &reps) != 6)
        die("bad enc line");
      int rate_mode = !strcmp(mode, "rate"), omp = !strcmp(exec, "omp");
      config* c = find_config(name, 1);
      int first = c->stream == NULL;
      if (first) {
        size_t max = max_size(rate_mode, param);
        if (posix_memalign((void**)&c->stream, 64, max)) die("out of memory");
        memset(c->stream, 0, max);
      }
      printf("ok enc %s", name);
      uint64_t* t = calloc((size_t)reps, sizeof *t);
      for (int r = 0; r < reps; r++) {
        uint64_t t0 = now_ns();
        c->size = encode(rate_mode, param, omp, threads, c->stream);
        t[r] = now_ns() - t0;
      }
      printf(" %zu", c->size);
      for (int r = 0; r < reps; r++) printf(" %" PRIu64, t[r]);
      printf("\n");
      free(t);
      if (first) write_file(name, c->stream, c->size);
    } else if (!strcmp(cmd, "dec")) {
      if (sscanf(line, "%*s %63s %d", name, &reps) != 2) die("bad dec line");
      config* c = find_config(name, 0);
      uint64_t* t = calloc((size_t)reps, sizeof *t);
      for (int r = 0; r < reps; r++) {
        uint64_t t0 = now_ns();
        decode(c->stream, c->size, decoded);
        t[r] = now_ns() - t0;
      }
      printf("ok dec %s %016" PRIx64, name, checksum(decoded, bytes));
      for (int r = 0; r < reps; r++) printf(" %" PRIu64, t[r]);
      printf("\n");
      free(t);
    } else {
      die("unknown command");
    }
    fflush(stdout);
  }
  return 0;
}
