// Public sperr_* functions of libSPERR.so: upstream's src/SPERR_C_API.cpp behind an exception guard
// (see guard.hpp). On an exception they return -1 ("other error" in SPERR_C_API.h).
// sperr_parse_header is upstream's, unguarded (it only reads 10 bytes and cannot throw).
#include "SPERR_C_API.h"
#include "guard.hpp"

namespace C_API {

SCICODECS_GUARD(int, sperr_comp_2d, -1,
  (const void* src, int is_float, size_t dimx, size_t dimy, int mode, double quality, int out_inc_header,
   void** dst, size_t* dst_len),
  (src, is_float, dimx, dimy, mode, quality, out_inc_header, dst, dst_len))

SCICODECS_GUARD(int, sperr_decomp_2d, -1,
  (const void* src, size_t src_len, int output_float, size_t dimx, size_t dimy, void** dst),
  (src, src_len, output_float, dimx, dimy, dst))

SCICODECS_GUARD(int, sperr_comp_3d, -1,
  (const void* src, int is_float, size_t dimx, size_t dimy, size_t dimz, size_t chunk_x, size_t chunk_y,
   size_t chunk_z, int mode, double quality, size_t nthreads, void** dst, size_t* dst_len),
  (src, is_float, dimx, dimy, dimz, chunk_x, chunk_y, chunk_z, mode, quality, nthreads, dst, dst_len))

SCICODECS_GUARD(int, sperr_decomp_3d, -1,
  (const void* src, size_t src_len, int output_float, size_t nthreads, size_t* dimx, size_t* dimy,
   size_t* dimz, void** dst),
  (src, src_len, output_float, nthreads, dimx, dimy, dimz, dst))

SCICODECS_GUARD(int, sperr_trunc_3d, -1,
  (const void* src, size_t src_len, unsigned pct, void** dst, size_t* dst_len),
  (src, src_len, pct, dst, dst_len))

}  // namespace C_API
