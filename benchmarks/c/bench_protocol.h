/*
 * bench_protocol.h: what the C drivers of benchmarks/python/run_bench.py share — the error line,
 * the clock, the decoded-array checksum (the same in the Java and Python drivers) and mapping the
 * field file read-only, as the Java side maps it.
 */
#ifndef SCICODECS_BENCH_PROTOCOL_H
#define SCICODECS_BENCH_PROTOCOL_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Reports "err MESSAGE" to the runner and ends the driver. */
static void die(const char* msg) {
  printf("err %s\n", msg);
  fflush(stdout);
  exit(1);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The decoded array's checksum, the same in all three drivers: sum of word[i] * (2i + 1) mod 2^64
 * over the array as little-endian 64-bit words. */
static uint64_t checksum(const void* p, size_t bytes) {
  const uint64_t* w = (const uint64_t*)p;
  uint64_t h = 0;
  for (size_t i = 0; i < bytes / 8; i++) h += w[i] * (2 * (uint64_t)i + 1);
  return h;
}

/* The field file of exactly `bytes` bytes, mapped read-only. */
static void* map_field(const char* path, size_t bytes) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die("cannot open the field file");
  struct stat st;
  if (fstat(fd, &st) || (size_t)st.st_size != bytes) die("the field file has the wrong size");
  void* p = mmap(NULL, bytes, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) die("mmap failed");
  close(fd);
  return p;
}

#endif
