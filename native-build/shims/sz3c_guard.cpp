// Public SZ_compress_args / SZ_decompress of libSZ3c.so: upstream's tools/sz3c/src/sz3c.cpp
// behind an exception guard (see guard.hpp). On an exception both return NULL, as they do for
// other failures. free_buf is upstream's, unguarded (it cannot throw).
#include "sz3c.h"
#include "guard.hpp"

SCICODECS_GUARD(unsigned char*, SZ_compress_args, nullptr,
  (int dataType, void* data, size_t* outSize, int errBoundMode, double absErrBound, double relBoundRatio,
   double pwrBoundRatio, size_t r5, size_t r4, size_t r3, size_t r2, size_t r1),
  (dataType, data, outSize, errBoundMode, absErrBound, relBoundRatio, pwrBoundRatio, r5, r4, r3, r2, r1))

SCICODECS_GUARD(void*, SZ_decompress, nullptr,
  (int dataType, unsigned char* bytes, size_t byteLength, size_t r5, size_t r4, size_t r3, size_t r2, size_t r1),
  (dataType, bytes, byteLength, r5, r4, r3, r2, r1))
