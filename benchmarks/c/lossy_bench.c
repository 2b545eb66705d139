/*
 * lossy_bench.c: the C reference of the SPERR and SZ3 benchmark (scripts/bench-lossy).
 *
 * Makes the library calls org.scicodecs.sperr.Sperr and org.scicodecs.sz3.Sz3 make, on a
 * C-contiguous 3-D float32 field, the way a plain C program would: call the compressor, keep the
 * library's buffer, free it (sperr_comp_3d / sperr_decomp_3d and free; SZ_compress_args /
 * SZ_decompress and free_buf). The Java API's own work (argument checks, parsing and checking the
 * stream's header and configuration in Java before the native decoder sees it) is deliberately
 * not done here: the Java/C ratio is the cost of the Java layer, checks included.
 *
 * Usage: lossy_bench FIELD NZ NY NX OUTDIR      (FIELD: raw little-endian float32, C order)
 * Then the line protocol of benchmarks/python/run_bench.py:
 *   enc CFG MODE PARAM EXEC THREADS REPS  -> "ok enc CFG SIZE T1 .. Tn"   (ns)
 *        MODE: sperr-pwe | sperr-psnr | sperr-rate | sz3-abs | sz3-rel
 *        EXEC: serial (SPERR: one chunk, one thread) | omp (SPERR: chunks of half the field per
 *        axis, THREADS OpenMP threads; SZ3's C API has no OpenMP switch)
 *   dec CFG REPS                         -> "ok dec CFG CHECKSUM T1 .. Tn" (decodes CFG's stream)
 *   quit
 * The first encode of a configuration writes OUTDIR/CFG.bin. Errors: "err MESSAGE", then exit.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "SPERR_C_API.h"
#include "bench_protocol.h"
#include "sz3c.h"

#define MAX_CFG 32

/* As in zfp_bench.c: sum of word[i] * (2i + 1) mod 2^64 over the array as 64-bit words. */
typedef struct {
  char name[64];
  int sperr;         /* 1: SPERR, 0: SZ3 */
  int threads;       /* SPERR decode threads */
  unsigned char* stream;
  size_t size;
} config;

static config configs[MAX_CFG];
static int nconfigs;
static size_t nx, ny, nz;
static void* data;
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

/* One encode; returns the library's buffer (to be freed by the caller with the library's free). */
static void* encode(const char* mode, double param, int omp, int threads, size_t* size) {
  if (!strncmp(mode, "sperr-", 6)) {
    int m = !strcmp(mode + 6, "rate") ? 1 : !strcmp(mode + 6, "psnr") ? 2 : !strcmp(mode + 6, "pwe") ? 3 : 0;
    if (!m) die("unknown SPERR mode");
    size_t cx = omp ? (nx + 1) / 2 : nx, cy = omp ? (ny + 1) / 2 : ny, cz = omp ? (nz + 1) / 2 : nz;
    void* dst = NULL;
    int rc = sperr_comp_3d(data, 1, nx, ny, nz, cx, cy, cz, m, param, omp ? (size_t)threads : 1, &dst, size);
    if (rc || !dst) die("sperr_comp_3d failed");
    return dst;
  }
  int m = !strcmp(mode, "sz3-abs") ? ABS : !strcmp(mode, "sz3-rel") ? REL : -1;
  if (m < 0) die("unknown SZ3 mode");
  unsigned char* p = SZ_compress_args(SZ_FLOAT, data, size, m, m == ABS ? param : 0.0, m == REL ? param : 0.0,
                                      0.0, 0, 0, nz, ny, nx);
  if (!p) die("SZ_compress_args failed");
  return p;
}

static void* decode(config* c) {
  if (c->sperr) {
    void* dst = NULL;
    size_t dx, dy, dz;
    int rc = sperr_decomp_3d(c->stream, c->size, 1, (size_t)c->threads, &dx, &dy, &dz, &dst);
    if (rc || !dst || dx != nx || dy != ny || dz != nz) die("sperr_decomp_3d failed");
    return dst;
  }
  void* p = SZ_decompress(SZ_FLOAT, c->stream, c->size, 0, 0, nz, ny, nx);
  if (!p) die("SZ_decompress failed");
  return p;
}

static void release(config* c, void* p) {
  if (c->sperr) free(p);
  else free_buf(p);
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
  data = map_field(argv[1], bytes);

  printf("ready c sperr %d.%d.%d sz3 (sz3c)\n", SPERR_VERSION_MAJOR, SPERR_VERSION_MINOR, SPERR_VERSION_PATCH);
  fflush(stdout);

  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    char cmd[16], name[64], mode[32], exec[16];
    double param;
    int threads, reps;
    if (sscanf(line, "%15s", cmd) != 1) continue;
    if (!strcmp(cmd, "quit")) break;
    if (!strcmp(cmd, "enc")) {
      if (sscanf(line, "%*s %63s %31s %lf %15s %d %d", name, mode, &param, exec, &threads, &reps) != 6)
        die("bad enc line");
      int omp = !strcmp(exec, "omp");
      config* c = find_config(name, 1);
      c->sperr = !strncmp(mode, "sperr-", 6);
      c->threads = omp ? threads : 1;
      uint64_t* t = calloc((size_t)reps, sizeof *t);
      size_t size = 0;
      int first = c->stream == NULL;
      for (int r = 0; r < reps; r++) {
        /* Timed: the call and the free; not timed: keeping the last stream for decoding. */
        uint64_t t0 = now_ns();
        void* p = encode(mode, param, omp, threads, &size);
        uint64_t t1 = now_ns();
        if (r + 1 == reps) {
          free(c->stream);
          c->stream = malloc(size);
          if (!c->stream) die("out of memory");
          memcpy(c->stream, p, size);
          c->size = size;
        }
        uint64_t t2 = now_ns();
        release(c, p);
        t[r] = (t1 - t0) + (now_ns() - t2);
      }
      printf("ok enc %s %zu", name, size);
      for (int r = 0; r < reps; r++) printf(" %" PRIu64, t[r]);
      printf("\n");
      free(t);
      if (first) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.bin", outdir, name);
        FILE* f = fopen(path, "wb");
        if (!f || fwrite(c->stream, 1, size, f) != size || fclose(f)) die("cannot write the stream file");
      }
    } else if (!strcmp(cmd, "dec")) {
      if (sscanf(line, "%*s %63s %d", name, &reps) != 2) die("bad dec line");
      config* c = find_config(name, 0);
      uint64_t* t = calloc((size_t)reps, sizeof *t);
      uint64_t sum = 0;
      for (int r = 0; r < reps; r++) {
        /* Timed: the call and the free; not timed: the checksum of the last decode. */
        uint64_t t0 = now_ns();
        void* p = decode(c);
        uint64_t t1 = now_ns();
        if (r + 1 == reps) sum = checksum(p, bytes);
        uint64_t t2 = now_ns();
        release(c, p);
        t[r] = (t1 - t0) + (now_ns() - t2);
      }
      printf("ok dec %s %016" PRIx64, name, sum);
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
